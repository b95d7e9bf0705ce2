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
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from nqs.queries import LibraryQuery, load_library
from nqs.query import run_library
from nqs.store import current_build

TARGET_S = 1.0
"""Issue 22: every library query answers in p50 ≤ 1 s at 1,000 standards."""


@dataclass
class Runs:
    """The timed runs of a query: wall and CPU seconds of each, and its rows."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rows: int = 0

    def add(self, db: ox.Store, spec: LibraryQuery) -> float:
        """One more run; its wall seconds."""
        wall, cpu = time.perf_counter(), time.process_time()
        self.rows = len(run_library(db, spec).rows)
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)
        return self.wall[-1]


def measure(db: ox.Store, spec: LibraryQuery, repeat: int, limit: float) -> Runs:
    """The timed runs (after one warm-up, which counts alone when it took over ``limit``).

    The CPU seconds are the process's (the query runs in it, on one thread): on this shared
    machine they are the comparable figure, the wall time grows with the load."""
    runs = Runs()
    if runs.add(db, spec) > limit:
        return runs
    runs = Runs()
    for _ in range(repeat):
        runs.add(db, spec)
    return runs


def compare(
    db: ox.Store, old: LibraryQuery, new: LibraryQuery, repeat: int, limit: float
) -> tuple[Runs, Runs]:
    """The runs of an older and the current version of a query, interleaved (one of each in
    turn, after a warm-up of each), so that both meet the same load."""
    olds, news = Runs(), Runs()
    if max(olds.add(db, old), news.add(db, new)) <= limit:
        olds, news = Runs(), Runs()
        for _ in range(repeat):
            olds.add(db, old)
            news.add(db, new)
    return olds, news


def main_compare(db: ox.Store, before: Path, names: list[str], args: argparse.Namespace) -> int:
    """Before and after, query by query (``--before DIR``): p50 wall and CPU seconds."""
    old, new = load_library(before), load_library()
    head = f"{'before s':>9} {'after s':>9} {'ratio':>6} {'cpu before':>10} {'cpu after':>9}"
    print(f"{'query':40} {head}")
    for name in names or sorted(new):
        if name not in old:
            continue
        a, b = compare(db, old[name], new[name], args.repeat, args.limit)
        wa, wb = statistics.median(a.wall), statistics.median(b.wall)
        ca, cb = statistics.median(a.cpu), statistics.median(b.cpu)
        print(f"{name:40} {wa:9.3f} {wb:9.3f} {wa / wb if wb else 0:6.1f} {ca:10.3f} {cb:9.3f}")
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
    print(f"{'query':40} {'rows':>7} {'p50 s':>8} {'max s':>8} {'cpu p50':>8} {'runs':>4}")
    p50s: dict[str, float] = {}
    for name in names:
        runs = measure(db, library[name], args.repeat, args.limit)
        p50s[name] = statistics.median(runs.wall)
        cpu = statistics.median(runs.cpu)
        flag = "" if p50s[name] <= TARGET_S else "  > 1 s"
        print(
            f"{name:40} {runs.rows:7d} {p50s[name]:8.3f} {max(runs.wall):8.3f} {cpu:8.3f} "
            f"{len(runs.wall):4d}{flag}"
        )
        sys.stdout.flush()
    slow = [n for n, t in p50s.items() if t > TARGET_S]
    print(f"total p50 {sum(p50s.values()):.2f} s; slowest {max(p50s.values()):.3f} s")
    print(f"over {TARGET_S:g} s: {', '.join(slow) or 'none'}")
    if args.json:
        args.json.write_text(json.dumps(p50s, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0 if not slow else 1


if __name__ == "__main__":
    sys.exit(main())
