"""Benchmark: materialising the ontology's entailments over a built store.

Compares the project's rules (:mod:`nqs.derive.reasoning`: SPARQL CONSTRUCT rules compiled from the
ontology's axioms, run in pyoxigraph to a fixpoint) with owlrl's OWL 2 RL closure (with its
owl:hasSelf extension) of the same asserted graphs and ontology, and checks that both keep
the same entailments. Then times HermiT's consistency check of the whole store (ontology,
asserted, links and inferred graphs) loaded through owlready2.

    .venv/bin/nqs build --store /tmp/bench/store
    .venv/bin/python bench/reasoning.py --store /tmp/bench/store [--repeat N] [--no-owlrl]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from nqs.derive.reasoning import (
    INFERRED_GRAPH,
    graph_ntriples,
    hermit_consistency,
    materialise,
    ontology_graph,
    owlrl_entailments,
)
from nqs.namespaces import DEFAULT_BASE_IRI, ONTOLOGY_IRI
from nqs.store import ReadOnlyStore
from nqs.terms import to_rdflib

INFERRED = DEFAULT_BASE_IRI + INFERRED_GRAPH


def asserted(db: ox.Store) -> list[ox.Quad]:
    return [q for q in db if str(q.graph_name) != f"<{INFERRED}>"]


def ours(quads: list[ox.Quad], repeat: int) -> tuple[float, set[object], int]:
    """Best-of-``repeat`` seconds, the kept entailments and the number of passes."""
    times: list[float] = []
    kept: set[object] = set()
    passes = 0
    for _ in range(repeat):
        db = ox.Store()
        db.extend(quads)
        start = time.perf_counter()
        report = materialise(db, DEFAULT_BASE_IRI)
        times.append(time.perf_counter() - start)
        assert report.violations == [], report.violations[:5]
        passes = report.passes
        kept = {
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
            for q in db.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED))
        }
    return min(times), kept, passes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a store built by nqs build")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-owlrl", action="store_true", help="skip the owlrl baseline")
    args = parser.parse_args()

    db = ReadOnlyStore(args.store).db
    quads = asserted(db)
    data_triples = sum(1 for q in quads if str(q.graph_name) != f"<{ONTOLOGY_IRI}>")
    print(f"store: {len(quads)} asserted quads ({data_triples} outside the ontology graph)")

    seconds, kept, passes = ours(quads, args.repeat)
    print(
        f"rules (pyoxigraph): {seconds:.2f} s best of {args.repeat}, {passes} passes, "
        f"{len(kept)} entailments kept"
    )

    if not args.no_owlrl:
        data = Graph()
        for q in quads:
            if str(q.graph_name) != f"<{ONTOLOGY_IRI}>":
                data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        onto = ontology_graph(db)
        start = time.perf_counter()
        reference = owlrl_entailments(data, onto)
        baseline = time.perf_counter() - start
        same = (
            "equal"
            if reference == kept
            else (
                f"DIFFERENT: {len(reference - kept)} only owlrl, {len(kept - reference)} only rules"
            )
        )
        print(
            f"owlrl OWL 2 RL closure: {baseline:.1f} s, {len(reference)} entailments kept; "
            f"ratio {baseline / seconds:.0f}x; kept sets {same}"
        )

    hermit = [hermit_consistency(graph_ntriples(db)) for _ in range(max(1, args.repeat // 3))]
    verdict = "consistent" if all(h.consistent for h in hermit) else "INCONSISTENT"
    load = statistics.median(h.load_seconds for h in hermit)
    reason = statistics.median(h.reason_seconds for h in hermit)
    print(
        f"HermiT (owlready2 load + consistency): {verdict}; owlready2 load and save "
        f"{load:.1f} s, HermiT {reason:.1f} s, total {load + reason:.1f} s"
    )


if __name__ == "__main__":
    main()
