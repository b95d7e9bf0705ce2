#!/usr/bin/env bash
# Prepares a fresh machine: system packages (Java for HermiT; for the tests, Chromium for the
# browser tests and Virtuoso 7 for the store-parity tests), a virtual environment in .venv and
# the project installed into it. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
if [ "${NQS_SETUP_BROWSER:-0}" = "1" ] && [ ! -x /usr/bin/chromium ]; then
    need_apt+=(chromium fonts-dejavu-core)
fi
if [ "${NQS_SETUP_VIRTUOSO:-0}" = "1" ] && ! command -v virtuoso-t >/dev/null 2>&1; then
    need_apt+=(virtuoso-opensource)  # tests/server/test_store_parity.py runs a real Virtuoso 7
fi
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
    echo "setup: installing ${need_apt[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
    .venv/bin/pip install -q --disable-pip-version-check -e ".[test]"
    rm -f .venv/.installed-*
    touch "$stamp"
fi
