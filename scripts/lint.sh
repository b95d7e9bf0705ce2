#!/usr/bin/env bash
# ruff and mypy over the whole tree. The top-level folders are installed as subpackages of
# `nqs` (see pyproject.toml), so mypy checks a copy of them in that layout (in a private
# temporary folder, so that several runs may overlap) and its messages are mapped back to
# the files of the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
.venv/bin/ruff check .
.venv/bin/ruff format --check .
work=$(mktemp -d "${TMPDIR:-/tmp}/nqs-typecheck.XXXXXX")
trap 'rm -rf "$work"' EXIT
tree=$work/nqs
mkdir -p "$tree"
(cd nqs && find . -name '*.py' -not -path '*/__pycache__/*' | xargs -r cp --parents -t "$tree")
for pkg in loaders ontology shapes server queries data; do
    mkdir -p "$tree/$pkg"
    (cd "$pkg" && find . -name '*.py' -not -path '*/__pycache__/*' | xargs -r cp --parents -t "$tree/$pkg")
done
(find tests bench -name '*.py' -not -path '*/__pycache__/*' | xargs -r cp --parents -t "$work")
status=0
(cd "$work" && "$root/.venv/bin/mypy" --config-file "$root/pyproject.toml" nqs tests bench) \
    | sed -e 's#^nqs/\(loaders\|ontology\|shapes\|server\|queries\|data\)/#\1/#' || status=$?
exit $status
