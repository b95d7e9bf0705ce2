"""The search index of a patched build, timed on a built store opened read-only (issue 22
item 3): the index made whole (:func:`nqs.search_index.make`, what a full build does), then
that file patched (:func:`nqs.search_index.patch`, what a patched build does, the copy of
the previous file included) for the named subjects of one document's graph, taken as
changed: a stand-in for one edited document. Nothing is written in the store; the files go
into OUT. The patched file is compared with the whole one (every row, the A–Z names, a few
searches): the store is the same, so they must be equal.

    .venv/bin/python bench/search_patch.py STORE OUT GRAPH [--own] [--reuse]

``--own``: only the subjects under ``/standard/`` taken as changed (the document's own
resources; the shared ones it restates, levels, occupations, acts, compared as they are);
without it every subject is, the levels' cards and their elements then touched too.
``--reuse``: OUT's whole index of an earlier run kept, not made again."""

from __future__ import annotations

import argparse
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from nqs import search_index as si

T = TypeVar("T")
QUERIES = ("балет", "web", "разраб", "ба", "маман", "программного обеспечения")


def timed(label: str, run: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    out = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:24s} {wall:6.2f} s wall, {cpu:6.2f} s CPU, load {os.getloadavg()[0]:.2f}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("graph", help="the IRI of a document's graph")
    parser.add_argument("--own", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    db = ox.Store.read_only(str(args.store))
    (args.out / "whole").mkdir(parents=True, exist_ok=True)
    whole = args.out / "whole" / si.SEARCH_INDEX
    if not (args.reuse and whole.is_file()):
        timed("made whole", lambda: si.make(db, args.out / "whole"))
    quads = db.quads_for_pattern(None, None, None, ox.NamedNode(args.graph))
    subjects = {q.subject for q in quads if isinstance(q.subject, ox.NamedNode)}
    changed = {s for s in subjects if "/standard/" in s.value} if args.own else subjects

    class Before(si.Lookup):
        """The store as it was: the changed subjects without triples."""

        def read(self, s: si.Term) -> frozenset[tuple[str, si.Term]]:
            return frozenset() if s in changed else super().read(s)

    patched = args.out / "patched.sqlite"

    def patch() -> bool:
        shutil.copyfile(whole, patched)
        return si.patch(patched, Before(db), si.Lookup(db), subjects)

    assert timed("patched", patch)
    touched = si.touched(Before(db), si.Lookup(db), subjects)[1]
    print(f"{len(subjects)} subjects, {len(changed)} taken as changed, {len(touched)} touched")
    a, b = si.IndexFile(whole), si.IndexFile(patched)
    kinds = list(dict.fromkeys(kind for _, kind in si.KINDS))
    same = a.rows() == b.rows() and a.az() == b.az()
    for query in QUERIES:
        same = same and a.search(si.fold(query), None, kinds, 25) == b.search(
            si.fold(query), None, kinds, 25
        )
    print("the patched file equals the whole one:", same)


if __name__ == "__main__":
    main()
