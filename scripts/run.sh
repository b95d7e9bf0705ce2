#!/usr/bin/env bash
# The main job on a fresh machine: set up, build the graph from the bundled sources into the
# embedded store, and serve it on 127.0.0.1 (port 8000 unless NQS_PORT says otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/nqs build
exec .venv/bin/nqs serve "$@"
