"""The server imports nothing of the build or the loaders (issue 19).

Serving a built store needs neither the readers of the acts nor the validator nor the
reasoner: importing the app in a fresh process must not load them (they are slow to import
and widen what a request can reach)."""

from __future__ import annotations

import json
import subprocess
import sys

# top-level modules (and first-party packages) the app must not load
BUILD_ONLY = ("pyshacl", "docx", "pypdfium2", "pdfplumber", "owlready2", "nqs.loaders", "nqs.build")


def test_app_loads_no_build_module() -> None:
    code = (
        "import json, sys\n"
        "from nqs.server.app import create_app\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    loaded = json.loads(out)
    found = [m for m in loaded if any(m == b or m.startswith(b + ".") for b in BUILD_ONLY)]
    assert found == []
    assert "nqs.server.app" in loaded
