"""Benchmark: a registry's reasoning by ``run_rules`` and per document, side by side (issue 22).

Reads the documents a build kept in its cache (``<store>.cache/documents``: each document's
N-Triples and closure part, as ``bench/registry.py`` leaves them), makes the store as the
build has it when it reasons (the documents and the ontology bulk-loaded, linked) on disk
twice, reasons one with :func:`nqs.derive.reasoning.run_rules` and the other from the closure
parts (:func:`nqs.derive.per_document.completion`), prints the wall and CPU seconds of each
(closure parts made in the workers are not counted: they were made while reading), and
checks that the inferred graphs, the merges (but for the ontology's blank nodes) and the
violations are the same.

    .venv/bin/python bench/per_document.py /root/d250/store.cache /tmp/per-document
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from nqs.config import Settings
from nqs.derive.links import apply_links
from nqs.derive.per_document import DocumentPart, closure_of, completion
from nqs.derive.reasoning import INFERRED_GRAPH, Materialisation, materialise
from nqs.namespaces import ONTOLOGY_IRI
from nqs.ontology import ontology_ntriples
from nqs.store import MERGE, load_graphs


def documents(cache: Path) -> list[tuple[str, bytes, bytes]]:
    """Each kept document's graph name, N-Triples and closure part (empty if none)."""
    out = []
    for entry in sorted((cache / "documents").glob("*.json")):
        graph = json.loads(entry.read_text(encoding="utf-8"))["graph"]
        closure = entry.with_suffix(".inferred")
        kept = closure.read_bytes() if closure.is_file() else b""
        out.append((graph, entry.with_suffix(".nt").read_bytes(), kept))
    return out


def store(folder: Path, docs: list[tuple[str, bytes, bytes]], base: str) -> ox.Store:
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    db = ox.Store(str(folder))
    load_graphs(db, [(ONTOLOGY_IRI, ontology_ntriples()), *((g, nt) for g, nt, _ in docs)])
    apply_links(db, base)
    return db


def timed(label: str, run: Callable[[], Materialisation]) -> Materialisation:
    wall, cpu = time.perf_counter(), time.process_time()
    report = run()
    counts = report.per_rule if len(report.per_rule) < 6 else ""  # the completion's
    print(
        f"{label}: {time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU,"
        f" {report.triples} inferred, {report.passes} passes {counts}",
        flush=True,
    )
    return report


def triples(db: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> set[ox.Triple]:
    return {q.triple for q in db.quads_for_pattern(None, None, None, graph)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cache", type=Path, help="a store's build cache (<store>.cache)")
    parser.add_argument("work", type=Path, help="a folder for the two stores (emptied)")
    args = parser.parse_args(argv)
    base = Settings().base_iri
    docs = documents(args.cache)
    print(f"{len(docs)} documents, {sum(1 for d in docs if d[2])} with a closure part", flush=True)
    graph = ox.NamedNode(base + INFERRED_GRAPH)
    anew = store(args.work / "run_rules", docs, base)
    reference = timed("run_rules", lambda: materialise(anew, base))
    wall, cpu = time.perf_counter(), time.process_time()
    parts = [DocumentPart(g, nt, closure_of(c, nt)) for g, nt, c in docs]
    made = sum(1 for p in parts if p.closure.made)
    print(
        f"closure parts read ({made} made now): {time.perf_counter() - wall:.1f} s wall,"
        f" {time.process_time() - cpu:.1f} s CPU",
        flush=True,
    )
    db = store(args.work / "per_document", docs, base)
    report = timed("per document", lambda: materialise(db, base, completion(parts)))
    same = (
        triples(db, graph) == triples(anew, graph),
        {t for t in triples(db, MERGE) if not _blank(t)}
        == {t for t in triples(anew, MERGE) if not _blank(t)},
        report.violations == reference.violations,
    )
    print(f"same inferred graph, merge, violations: {same}", flush=True)
    sys.exit(0 if all(same) else 1)


def _blank(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


if __name__ == "__main__":
    main()
