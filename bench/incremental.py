"""Benchmark: one document changed, added or removed in a built registry, built again
incrementally (issue 22 item 3).

FOLDER holds ``sources/`` and ``store`` as ``bench/registry.py`` leaves them (or any sources
built once with ``nqs build --sources FOLDER/sources --store FOLDER/store``: the build cache
``FOLDER/store.cache`` is then filled). One change is made, then the build is run as
``nqs build --allow-invalid`` with the cache, and its wall time and phases are printed:

* ``edit``: seed 000's line 104 (card 1's main purpose, «… практикалық іс-шаралар.») gets
  « мен семинарлар» before its full stop, or loses it if it has it (so that each run changes);
* ``remove``: one Word file of the sources is moved to ``FOLDER/aside/``;
* ``add``: the files in ``FOLDER/aside/`` are moved back.

    .venv/bin/python bench/incremental.py /root/registry/250 edit
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

SEED = "000_ed35bb0e5147c5b7.txt"
LINE = 104
PLAIN = "орындарындағы практикалық іс-шаралар."
EDITED = "орындарындағы практикалық іс-шаралар мен семинарлар."


def edit(sources: Path) -> str:
    """Toggle the edit of seed 000's line 104; what was done."""
    (path,) = sources.rglob(SEED)
    lines = path.read_text(encoding="utf-8").split("\n")
    before = lines[LINE - 1]
    lines[LINE - 1] = EDITED if before == PLAIN else PLAIN
    if before not in (PLAIN, EDITED):
        raise SystemExit(f"{path}: line {LINE} is not the expected text: {before!r}")
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"edited {path.name} line {LINE}"


def remove(sources: Path, aside: Path) -> str:
    path = sorted(sources.rglob("*.docx"))[-1]
    aside.mkdir(exist_ok=True)
    path.rename(aside / path.name)
    (aside / (path.name + ".from")).write_text(str(path.parent), encoding="utf-8")
    return f"removed {path.name}"


def add(aside: Path) -> str:
    moved = []
    for path in sorted(aside.glob("*.docx")):
        home = Path((aside / (path.name + ".from")).read_text(encoding="utf-8"))
        path.rename(home / path.name)
        (aside / (path.name + ".from")).unlink()
        moved.append(path.name)
    if not moved:
        raise SystemExit(f"nothing to add in {aside}: run 'remove' first")
    return "added " + ", ".join(moved)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a built registry: sources/ and store")
    parser.add_argument("change", choices=["edit", "remove", "add"])
    args = parser.parse_args(argv)
    from nqs.build import build
    from nqs.config import load_settings
    from nqs.progress import PlainPhases

    sources, aside = args.folder / "sources", args.folder / "aside"
    done = {"edit": lambda: edit(sources), "remove": lambda: remove(sources, aside)}.get(
        args.change, lambda: add(aside)
    )()
    print(done)
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    settings = load_settings().override(sources=(sources,), store=args.folder / "store")
    start = time.perf_counter()
    report = build(settings, PlainPhases(sys.stdout), allow_invalid=True)  # a line a phase
    wall = time.perf_counter() - start
    print(
        f"documents {len(report.loaded)}: {report.read} read, {report.reused} reused;"
        f" triples {report.triples:,}; wall {wall:.1f} s"
    )
    patched, note = getattr(report, "patched", ""), getattr(report, "note", "")  # older code
    how = f"patched a copy of {patched}" if patched else f"made whole: {note or 'no patching'}"
    print(f"store {how}")
    for warning in report.cache_warnings:
        print(f"  cache: {warning}")
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
