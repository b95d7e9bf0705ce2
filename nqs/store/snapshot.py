"""A separate SPARQL server's build copied into a local store, for what reads a whole dataset rather
than asks queries (``nqs export --endpoint``: dumps, per-graph statistics, pushes;
``nqs validate --endpoint``: the shapes over the document graphs and the whole graph).

The build's graphs are the endpoint's named graphs under the instance base IRI and the
ontology's graph (not the endpoint's own system graphs, nor ``endpoint_graph``, the merge
loaded as a named graph); each is read with one ``CONSTRUCT`` (``queries/graph.rq``, the
graph bound by :func:`nqs.sparql_bind.bind`) and checked against its ``COUNT``
(``queries/graph-sizes.rq``), so that an endpoint that cuts long answers is an error, not a
smaller release.
The merge (the default graph) is made again from them, as the build made it, and the build's
description is read from its graph."""

from __future__ import annotations

import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from nqs.namespaces import ONTOLOGY_IRI
from nqs.sparql_bind import bind
from nqs.store.backends import Dataset, RemoteBackend, open_backend
from nqs.store.builds import BuildInfo, StoreError, merge_named_graphs, store_query
from nqs.store.description import DESCRIPTION_QUERY, info_from_record

if TYPE_CHECKING:
    from nqs.config import Settings

ALL = sys.maxsize


def build_graphs(backend: RemoteBackend, base_iri: str) -> dict[str, int]:
    """The build's named graphs on the endpoint, with their sizes."""
    outcome = backend.query(store_query("graph-sizes"), Dataset(), ALL)
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
        text = bind(store_query("graph"), {"graph": graph})
        outcome = backend.query(text, Dataset(named_graphs=(graph,)), ALL)
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


def endpoint_snapshot(settings: Settings, scratch: ExitStack) -> tuple[ox.Store, BuildInfo]:
    """:func:`snapshot` of the build the settings' endpoint (``endpoint``, its merge in
    ``endpoint_graph`` when set) holds, in a temporary folder removed when ``scratch``
    closes."""
    backend = open_backend(settings)
    assert isinstance(backend, RemoteBackend)
    folder = scratch.enter_context(tempfile.TemporaryDirectory(prefix="nqs-snapshot-"))
    return snapshot(backend, settings.base_iri, Path(folder))


def _records(db: ox.Store) -> list[str]:
    """The build records of the copy's description, newest first."""
    result = db.query(DESCRIPTION_QUERY)
    assert isinstance(result, ox.QuerySolutions)
    return [row["record"].value for row in result if row["record"] is not None]
