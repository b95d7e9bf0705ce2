"""Time the steps of a patched build that remake the graphs made after reasoning (the text
keys, the summary: ``nqs.patching.reason_in_place``), the old way and the new, on a built
store opened read-only (and a checkpoint of it, hard links, for the steps that write).

The changed triples stand in for one edited document: those of a source's document graph
that no other named graph holds (what removing it takes out of the merge), and the derived
triples of their subjects.

    .venv/bin/python bench/made_after.py STORE SOURCE_FILE [CHECKPOINT_FOLDER]
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from nqs import patching
from nqs.config import Settings
from nqs.derive import reasoning, summary
from nqs.derive.textkeys import KEYS_GRAPH, text_keys

T = TypeVar("T")


def timed(label: str, f: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    out = f()
    print(
        f"{label}: {time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU"
    )
    return out


def changed_triples(db: ox.Store, base: str, source: Path) -> set[ox.Triple]:
    """The triples of the source's graph no other graph holds, and their subjects' derived."""
    graph = ox.NamedNode(base + "source/" + hashlib.sha256(source.read_bytes()).hexdigest()[:16])
    inferred = ox.NamedNode(base + "graph/inferred")

    def alone(q: ox.Quad) -> bool:
        return not any(
            o.graph_name not in (graph, inferred) and not isinstance(o.graph_name, ox.DefaultGraph)
            for o in db.quads_for_pattern(q.subject, q.predicate, q.object, None)
        )

    every = list(db.quads_for_pattern(None, None, None, graph))
    changed = {ox.Triple(q.subject, q.predicate, q.object) for q in every if alone(q)}
    subjects = {t.subject for t in changed if isinstance(t.subject, ox.NamedNode)}
    for s in subjects:
        changed |= {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in db.quads_for_pattern(s, None, None, inferred)
        }
    print(f"{graph.value}: {len(every)} triples, {len(changed)} changed, {len(subjects)} subjects")
    return changed


def main(store: str, source: str, checkpoint: str | None) -> None:
    base = Settings().base_iri
    db = ox.Store.read_only(store)
    print("load", os.getloadavg())
    changed = changed_triples(db, base, Path(source))
    subjects = {t.subject for t in changed if isinstance(t.subject, ox.NamedNode)}
    keys, made = ox.NamedNode(base + KEYS_GRAPH), ox.NamedNode(base + summary.SUMMARY_GRAPH)
    print("-- old")
    timed(
        "text keys and summary read whole",
        lambda: (patching.graph_triples(db, keys), patching.graph_triples(db, made)),
    )
    bulk = timed("summary made whole", lambda: summary.summary_triples(db, base))
    print("-- new")
    held = timed(
        "text keys of the changed subjects read", lambda: patching._of_subjects(db, keys, subjects)
    )
    new = timed("text keys of the changed subjects made", lambda: text_keys(db, base, subjects))
    remade = timed(
        "summary nodes made again", lambda: summary.patch_nodes(db, base, changed | (held ^ new))
    )
    if remade is None:
        print("    made whole")
    else:
        stale, fresh = remade
        same = {t for t in bulk if t.subject in stale} == fresh
        print(f"    {len(stale)} nodes, {len(fresh)} triples, equal to the bulk's: {same}")
    if checkpoint:
        target = Path(checkpoint)
        shutil.rmtree(target, ignore_errors=True)
        db.backup(str(target))
        del db
        w = ox.Store(str(target))
        readable = patching._readable(reasoning.compile_ontology(reasoning.ontology_graph(w)))
        print("-- new, on a checkpoint")
        for g in (keys, made):
            timed(
                f"{g.value} readable triples out of the merge",
                partial(patching._in_merge, w, patching._OUT, g, readable),
            )
        for g in (keys, made):
            timed(
                f"{g.value} put back",
                partial(patching._in_merge, w, patching._BACK, g, readable),
            )
        print("-- old, on the checkpoint")
        old = timed("summary read whole", lambda: patching.graph_triples(w, made))
        timed("summary dropped", lambda: patching.drop_graph(w, made))
        timed("summary added back whole", lambda: patching.add_graph(w, made, old))
        del w
        shutil.rmtree(target)
    print("load", os.getloadavg())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
