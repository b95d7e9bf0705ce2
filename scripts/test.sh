#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up (virtual environment, packages, Java for
# HermiT), then run pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
