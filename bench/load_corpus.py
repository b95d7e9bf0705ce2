"""Benchmark: loading every bundled source document (read → parse → map to RDF).

Reports seconds per document and in total, and, as a baseline measured in the same run,
the time the reading libraries alone take to open each file and extract its text
(python-docx paragraphs and cells, pdfplumber page text, a plain read for .txt): the ratio
says how much the project's own parsing and mapping add on top of that floor.

    .venv/bin/python bench/load_corpus.py [--repeat N] [FOLDER ...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pdfplumber

from nqs.config import bundled_sources
from nqs.loaders.documents import LoadedDocument, discover, load_document
from nqs.loaders.iris import Minter
from nqs.namespaces import DEFAULT_BASE_IRI


def baseline_read(path: Path) -> int:
    """Text extraction by the reading library alone; returns characters read."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        d = docx.Document(str(path))
        n = sum(len(p.text) for p in d.paragraphs)
        for table in d.tables:
            for row in table.rows:
                n += sum(len(c.text) for c in row.cells)
        return n
    if suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            return sum(len(page.extract_text() or "") for page in pdf.pages)
    return len(path.read_text(encoding="utf-8"))


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[bundled_sources()])
    parser.add_argument("--repeat", type=int, default=3, help="runs per document (best kept)")
    args = parser.parse_args()
    minter = Minter(DEFAULT_BASE_IRI)
    rows = []
    for path in discover(args.folders):
        result = load_document(path, minter)
        if not isinstance(result, LoadedDocument):
            continue
        ours = best_of(args.repeat, lambda p=path: load_document(p, minter))  # type: ignore[misc]
        base = best_of(args.repeat, lambda p=path: baseline_read(p))  # type: ignore[misc]
        rows.append((path.name, ours, base, len(result.graph)))
    width = max(len(r[0]) for r in rows)
    print(f"{'document':{width}}  load s  baseline s  ratio  triples")
    for name, ours, base, triples in rows:
        print(f"{name:{width}}  {ours:6.3f}  {base:10.3f}  {ours / base:5.1f}  {triples:7}")
    total = sum(r[1] for r in rows)
    total_base = sum(r[2] for r in rows)
    per_doc = [r[1] for r in rows]
    print(
        f"\n{len(rows)} documents: total {total:.2f} s (baseline {total_base:.2f} s, "
        f"ratio {total / total_base:.2f}); per document mean {statistics.mean(per_doc):.3f} s, "
        f"median {statistics.median(per_doc):.3f} s, max {max(per_doc):.3f} s"
    )


if __name__ == "__main__":
    main()
