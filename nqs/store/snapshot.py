"""A separate SPARQL server's build copied into a local store, for what reads a whole dataset rather
than asks queries (``nqs export --endpoint``: dumps, per-graph statistics, pushes).

The build's graphs are the endpoint's named graphs under the instance base IRI and the
ontology's graph (not the endpoint's own system graphs, nor ``endpoint_graph``, the merge
loaded as a named graph); each is read with one ``CONSTRUCT`` and checked against its
``COUNT``, so that an endpoint that cuts long answers is an error, not a smaller release.
The merge (the default graph) is made again from them, as the build made it, and the build's
description is read from its graph."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from nqs.namespaces import ONTOLOGY_IRI
from nqs.store.backends import Dataset, RemoteBackend
from nqs.store.builds import BuildInfo, StoreError, merge_named_graphs
from nqs.store.description import DESCRIPTION_QUERY, info_from_record

GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }"
ALL = sys.maxsize


def build_graphs(backend: RemoteBackend, base_iri: str) -> dict[str, int]:
    """The build's named graphs on the endpoint, with their sizes."""
    outcome = backend.query(GRAPHS, Dataset(), ALL)
    found: dict[str, int] = {}
    for graph, size in outcome.rows:
        if not isinstance(graph, ox.NamedNode) or not isinstance(size, ox.Literal):
            continue
        if graph.value == backend.default_graph:
            continue
        if graph.value.startswith(base_iri) or graph.value == ONTOLOGY_IRI:
            found[graph.value] = int(size.value)
    return found


def snapshot(backend: RemoteBackend, base_iri: str, folder: Path) -> tuple[ox.Store, BuildInfo]:
    """The endpoint's build copied into a store in ``folder`` (its named graphs and their
    merge; on disk, so that it is dumped in the embedded store's order) and the build's
    description; :class:`StoreError` when it holds none, or an answer came short."""
    graphs = build_graphs(backend, base_iri)
    if not graphs:
        raise StoreError(
            f"{backend.endpoint} holds no graph of a build under {base_iri} "
            "(load a build's N-Quads dump there)"
        )
    db = ox.Store(str(folder))
    for graph, size in sorted(graphs.items()):
        name = ox.NamedNode(graph)
        outcome = backend.query(CONSTRUCT % graph, Dataset(named_graphs=(graph,)), ALL)
        db.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in outcome.triples)
        got = sum(1 for _ in db.quads_for_pattern(None, None, None, name))
        if got != size:
            raise StoreError(
                f"{backend.endpoint} gave {got} of the {size} triples of <{graph}>: "
                "does it cut long answers (Virtuoso: ResultSetMaxRows)?"
            )
    merge_named_graphs(db)
    rows = _records(db)
    if not rows:
        raise StoreError(f"{backend.endpoint} holds no build description (graph/build)")
    return db, info_from_record(rows[0])


def _records(db: ox.Store) -> list[str]:
    """The build records of the copy's description, newest first."""
    result = db.query(DESCRIPTION_QUERY)
    assert isinstance(result, ox.QuerySolutions)
    return [row["record"].value for row in result if row["record"] is not None]
