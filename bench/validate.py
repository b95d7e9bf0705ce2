"""Benchmark: SHACL validation of the registry, split against plain pySHACL.

*Split* is how ``nqs build`` and ``nqs validate`` validate (:mod:`nqs.validation.engine`):
the in-document shapes per document graph in parallel processes, the cross-document shapes
once over the whole graph. The baselines are plain pySHACL, one call with every shape over
the whole graph: over an rdflib graph (pySHACL's usual data graph; SPARQL constraints run in
rdflib) and over an in-memory Oxigraph store (SPARQL constraints run in Oxigraph). Each run
checks that the reports are equal.

Two registries: the store built from the bundled sources (the corpus), and one ``--copies``
times larger generated from it: every document graph copied with its IRIs re-minted under
``…/id/copy<k>/`` (standards, cards, positions, acts, source documents …), the shared
classifier nodes (NKZ occupations, OKED concepts, frameworks and levels, levels of education,
concept schemes) kept, and the links graph copied the same way. The rdflib baseline on the
large registry is skipped unless ``--rdflib-large`` is given (it takes hours).

    .venv/bin/python bench/validate.py [--store STORE] [--copies 21] [--work DIR]
        [--workers N] [--rdflib-large]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph

from nqs.build import build
from nqs.config import Settings, bundled_sources
from nqs.derive.links import LINKS_GRAPH
from nqs.namespaces import DEFAULT_BASE_IRI, ONTOLOGY_IRI
from nqs.validation.engine import (
    Result,
    check_documents,
    check_registry,
    ontology_ntriples,
    plain_validate,
    union_store,
)
from nqs.validation.run import documents_of_store

T = TypeVar("T")
SHARED = ("occupation/", "oked/", "framework/", "education-level/", "academic-degree/",
          "isced-2011/", "scheme/", "graph/", "link-rule/")  # fmt: skip


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def split_validation(db: ox.Store, workers: int | None) -> tuple[list[Result], ox.Store]:
    """As ``nqs validate`` does: the document graphs in parallel, then the registry shapes."""
    documents = documents_of_store(db)
    whole = union_store(db)
    return check_documents(documents, workers) + check_registry(whole), whole


def remint(data: bytes, copy: int, base: str) -> bytes:
    """N-Triples with every instance IRI but the shared nodes' moved under ``copy<k>/``."""
    shared = "|".join(re.escape(s) for s in SHARED)
    pattern = re.compile(rb"<" + re.escape(base.encode()) + rb"(?!(?:" + shared.encode() + rb"))")
    return pattern.sub(b"<" + f"{base}copy{copy}/".encode(), data)


def large_registry(corpus: ox.Store, path: Path, copies: int, base: str) -> ox.Store:
    """A store with ``copies`` re-minted copies of every document graph and of the links
    graph (so each copy is linked as the corpus is; the shared nodes' links coincide), and
    the ontology."""
    db = ox.Store(str(path))
    db.bulk_load(
        input=ontology_ntriples(),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ox.NamedNode(ONTOLOGY_IRI),
    )
    links_graph = ox.NamedNode(base + LINKS_GRAPH)
    links = corpus.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=links_graph) or b""
    documents = documents_of_store(corpus)
    for k in range(copies):
        for document in documents:
            graph = remint(f"<{document.graph}>".encode(), k, base).decode()[1:-1]
            db.bulk_load(
                input=remint(document.ntriples, k, base),
                format=ox.RdfFormat.N_TRIPLES,
                to_graph=ox.NamedNode(graph),
            )
        db.bulk_load(
            input=remint(links, k, base), format=ox.RdfFormat.N_TRIPLES, to_graph=links_graph
        )
    db.flush()
    return db


def measure(name: str, db: ox.Store, workers: int | None, rdflib_baseline: bool) -> None:
    """Split validation against plain pySHACL; each time includes reading the store (the
    documents' graphs, the whole graph as one set of triples, the rdflib graph)."""
    quads = len(db)
    t_split, (ours, whole) = timed(lambda: split_validation(db, workers))
    t_union, _ = timed(lambda: union_store(db))
    t_ox, plain_ox = timed(lambda: plain_validate(whole))
    assert set(ours) == set(plain_ox), f"{name}: split and plain pySHACL differ"
    print(f"\n{name}: {quads} quads, {len(whole)} distinct triples, {len(ours)} results")
    print(f"  split: documents in parallel + registry shapes   {t_split:8.1f} s")
    total_ox = t_union + t_ox
    print(
        f"  plain pySHACL over Oxigraph (read {t_union:.1f} s)      {total_ox:8.1f} s"
        f"   ratio {total_ox / t_split:5.1f}"
    )
    if rdflib_baseline:

        def rdflib_graph() -> Graph:
            graph = Graph()
            data = union_store(db).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            assert data is not None
            graph.parse(data=data, format="nt")
            return graph

        t_read, graph = timed(rdflib_graph)
        t_rdflib, plain_rdflib = timed(lambda: plain_validate(graph))
        assert set(ours) == set(plain_rdflib), f"{name}: split and rdflib pySHACL differ"
        total = t_read + t_rdflib
        print(
            f"  plain pySHACL over rdflib (read {t_read:.1f} s)        {total:8.1f} s"
            f"   ratio {total / t_split:5.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="A store built from the bundled sources.")
    parser.add_argument("--copies", type=int, default=21)
    parser.add_argument("--work", type=Path, help="Folder for the stores (default: a temp dir).")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--rdflib-large", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        store = args.store
        if store is None:
            store = work / "corpus"
            if not store.exists():
                build(Settings(store=store, sources=(bundled_sources(),)))
        corpus = ox.Store.read_only(str(store.resolve()))
        measure("corpus", corpus, args.workers, True)
        large_path = work / f"large-{args.copies}"
        t_gen, large = timed(
            lambda: large_registry(corpus, large_path, args.copies, DEFAULT_BASE_IRI)
        )
        print(f"\n(generated the {args.copies}x registry in {t_gen:.1f} s)")
        measure(f"{args.copies}x registry", large, args.workers, args.rdflib_large)


if __name__ == "__main__":
    main()
