#!/usr/bin/env bash
# ruff and mypy over the whole tree. The top-level folders are installed as subpackages of
# `nqs` (see pyproject.toml), so mypy checks a copy of them in that layout (build/typecheck)
# and its messages are mapped back to the files of the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
tree=build/typecheck/nqs
rm -rf build/typecheck && mkdir -p "$tree"
cp nqs/*.py "$tree/"
for pkg in loaders ontology shapes server queries data; do
    mkdir -p "$tree/$pkg" && cp "$pkg"/*.py "$tree/$pkg/"
done
cp -r tests build/typecheck/tests
status=0
(cd build/typecheck && ../../.venv/bin/mypy --config-file ../../pyproject.toml nqs tests) \
    | sed -e 's#^nqs/\(loaders\|ontology\|shapes\|server\|queries\|data\)/#\1/#' || status=$?
exit $status
