"""Benchmark: loading every bundled source document (read → parse → map to RDF).

Reports seconds per document and in total (``load``: read, parse and map; ``read``: the
project's reader alone, rows of a DOCX or PDF or blocks of a text), and, as a baseline
measured in the same run,
the time a reading library alone takes to open each file and extract its text
(python-docx paragraphs and cells, a plain read for .txt): the ratio says how much the
project's own parsing and mapping add on top of that floor. For a PDF the baseline is
pdfplumber's page text (pdfplumber is a test dependency): the library the PDF reader used
before it read pdfium's characters (:mod:`nqs.loaders.read.pdf_page`), so there the ratio is the
whole load against what pdfplumber alone needed to read the text.

The runs are made in rounds: each round loads every document once (ours, our reader, the
baseline), so that the runs of one document are spread over the whole benchmark, and a burst
of noise on the shared machine (another process, the hypervisor taking the core) falls on one
run of several documents rather than on every run of one; before rounds, one load of each
document warms what a first load pays for (imports, caches). Times are the best (``--stat
median``: the median) of ``--repeat`` runs, in CPU seconds of
this process by default: the work is single-threaded, so on an idle machine CPU and wall
time agree, and on the shared two-core machine CPU time varies far less with what else runs
(``--clock wall`` for wall time). Every run, ours and the baseline's, starts on a collected
heap and runs with the cyclic garbage collector paused, as ``load_document`` runs:
otherwise a run pays for collecting what the runs before it left, and the figures depend on
their order.

    .venv/bin/python bench/load_corpus.py [--repeat N] [--only SUFFIX] [--clock cpu|wall]
        [--stat best|median] [FOLDER ...]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pdfplumber

from nqs.config import bundled_sources
from nqs.loaders.documents import (
    LoadedDocument,
    collection_paused,
    discover,
    load_document,
)
from nqs.loaders.iris import Minter
from nqs.loaders.read import read
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


def project_read(path: Path) -> object:
    """The project's reader alone (no parsing into the document model, no RDF)."""
    return read(path)


def timed(fn: Callable[[], object], clock: Callable[[], float]) -> float:
    """One run of ``fn`` on a collected heap with the cyclic garbage collector paused (as
    :func:`load_document` runs), for ours and the baseline alike."""
    gc.collect()
    with collection_paused():
        start = clock()
        fn()
        return clock() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[bundled_sources()])
    parser.add_argument("--repeat", type=int, default=3, help="runs per document (best kept)")
    parser.add_argument("--only", metavar="SUFFIX", help="only files with this suffix (.pdf)")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    parser.add_argument(
        "--stat", choices=("best", "median"), default="best", help="which run's time to give"
    )
    args = parser.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    pick: Callable[[list[float]], float] = min if args.stat == "best" else statistics.median
    minter = Minter(DEFAULT_BASE_IRI)
    paths, triples = [], []
    for path in discover(args.folders):
        if args.only and path.suffix.lower() != args.only.lower():
            continue
        result = load_document(path, minter)
        if isinstance(result, LoadedDocument):
            paths.append(path)
            triples.append(len(result.triples))
    runs: list[list[list[float]]] = [[[], [], []] for _ in paths]
    for _ in range(args.repeat):
        for path, times in zip(paths, runs, strict=True):
            times[0].append(timed(lambda p=path: load_document(p, minter), clock))  # type: ignore[misc]
            times[1].append(timed(lambda p=path: project_read(p), clock))  # type: ignore[misc]
            times[2].append(timed(lambda p=path: baseline_read(p), clock))  # type: ignore[misc]
    rows = [
        (path.name, pick(ours), pick(reader), pick(base), n)
        for path, (ours, reader, base), n in zip(paths, runs, triples, strict=True)
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{args.clock} seconds, {args.stat} of {args.repeat}")
    print(f"{'document':{width}}  load s  read s  baseline s   ratio  triples")
    for name, ours, reader, base, count in rows:
        # a plain read of a text file takes microseconds: no ratio worth printing
        ratio = f"{ours / base:6.2f}" if base >= 0.001 else f"{'—':>6}"
        print(f"{name:{width}}  {ours:6.3f}  {reader:6.3f}  {base:10.3f}  {ratio}  {count:7}")
    total = sum(r[1] for r in rows)
    total_base = sum(r[3] for r in rows)
    per_doc = [r[1] for r in rows]
    print(
        f"\n{len(rows)} documents: total {total:.2f} s (baseline {total_base:.2f} s, "
        f"ratio {total / total_base:.2f}); per document mean {statistics.mean(per_doc):.3f} s, "
        f"median {statistics.median(per_doc):.3f} s, max {max(per_doc):.3f} s"
    )


if __name__ == "__main__":
    main()
