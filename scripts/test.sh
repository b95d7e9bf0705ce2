#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up (virtual environment, packages, Java for
# HermiT, Debian's Chromium for the browser tests and Virtuoso 7 for the store-parity tests),
# then lint (ruff and mypy --strict, scripts/lint.sh), then run pytest. Extra arguments go to
# pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
NQS_SETUP_BROWSER=1 NQS_SETUP_VIRTUOSO=1 bash scripts/setup.sh
bash scripts/lint.sh
exec .venv/bin/python -m pytest "$@"
