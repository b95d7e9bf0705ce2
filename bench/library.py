"""Benchmark: every research library query with its default parameters on a built store.

Each query runs through :func:`nqs.query.run_library` (parameters bound, post-step applied),
as ``nqs query`` and the server's evaluator run it, on the store opened read-only in this
process; the first run of each query is a warm-up, then ``--repeat`` timed runs give the p50
(median) and the slowest. A parameter without a default stays unbound (the query's "all"). A
query whose warm-up takes over ``--limit`` seconds is not run again.

    .venv/bin/python bench/library.py [--store var/store] [--repeat 5] [--only NAME …]
    .venv/bin/python bench/library.py --json times.json   # the p50s, for a before/after table
    .venv/bin/python bench/library.py --queries old/      # another version of the library
    .venv/bin/python bench/library.py --before old/       # old and current, runs interleaved
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from nqs.queries import LibraryQuery, load_library
from nqs.query import run_library
from nqs.store import current_build

TARGET_S = 1.0
"""Issue 22: every library query answers in p50 ≤ 1 s at 1,000 standards."""


def timed(db: ox.Store, spec: LibraryQuery) -> tuple[float, int]:
    """Seconds one run of the query takes, and its rows."""
    started = time.perf_counter()
    table = run_library(db, spec)
    return time.perf_counter() - started, len(table.rows)


def measure(db: ox.Store, spec: LibraryQuery, repeat: int, limit: float) -> tuple[list[float], int]:
    """The timed runs (after one warm-up) and the row count."""
    first, rows = timed(db, spec)
    if first > limit:
        return [first], rows
    return [timed(db, spec)[0] for _ in range(repeat)], rows


def compare(
    db: ox.Store, old: LibraryQuery, new: LibraryQuery, repeat: int, limit: float
) -> tuple[float, float]:
    """The p50 of an older and the current version of a query, their runs interleaved (one
    of each in turn, after a warm-up of each), so that both meet the same load."""
    first_old, first_new = timed(db, old)[0], timed(db, new)[0]
    olds, news = [first_old], [first_new]
    if max(first_old, first_new) <= limit:
        olds, news = [], []
        for _ in range(repeat):
            olds.append(timed(db, old)[0])
            news.append(timed(db, new)[0])
    return statistics.median(olds), statistics.median(news)


def main_compare(db: ox.Store, before: Path, names: list[str], args: argparse.Namespace) -> int:
    """Before and after, query by query (``--before DIR``)."""
    old, new = load_library(before), load_library()
    print(f"{'query':40} {'before s':>9} {'after s':>9} {'ratio':>6}")
    for name in names or sorted(new):
        if name not in old:
            continue
        a, b = compare(db, old[name], new[name], args.repeat, args.limit)
        print(f"{name:40} {a:9.3f} {b:9.3f} {a / b if b else 0:6.1f}")
        sys.stdout.flush()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=Path("var/store"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=float, default=10.0, help="run a slower query once")
    parser.add_argument("--only", nargs="*", default=[], help="these queries only")
    parser.add_argument("--json", type=Path, help="write {query: p50 seconds} here")
    parser.add_argument("--queries", type=Path, help="a folder of .rq files to time instead")
    parser.add_argument("--before", type=Path, help="compare with the .rq files of this folder")
    args = parser.parse_args()
    db = ox.Store.read_only(str(current_build(args.store)))
    if args.before:
        return main_compare(db, args.before, args.only, args)
    library = load_library(args.queries)
    names = args.only or sorted(library)
    print(f"{'query':40} {'rows':>7} {'p50 s':>8} {'max s':>8} {'runs':>4}")
    p50s: dict[str, float] = {}
    for name in names:
        times, rows = measure(db, library[name], args.repeat, args.limit)
        p50s[name] = statistics.median(times)
        flag = "" if p50s[name] <= TARGET_S else "  > 1 s"
        print(f"{name:40} {rows:7d} {p50s[name]:8.3f} {max(times):8.3f} {len(times):4d}{flag}")
        sys.stdout.flush()
    slow = [n for n, t in p50s.items() if t > TARGET_S]
    print(f"total p50 {sum(p50s.values()):.2f} s; slowest {max(p50s.values()):.3f} s")
    print(f"over {TARGET_S:g} s: {', '.join(slow) or 'none'}")
    if args.json:
        args.json.write_text(json.dumps(p50s, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0 if not slow else 1


if __name__ == "__main__":
    sys.exit(main())
