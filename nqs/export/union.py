"""The union of all graphs as one stream of distinct triples, for the formats without
named graphs (N-Triples, Turtle, RDF/XML).

Quads are read graph by graph, so nothing is held in memory but the triples that occur in
more than one graph (found by one query): such a triple is written only with the first
graph that has it."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from nqs.export.release import GraphName

_SHARED_NAMED = """
SELECT DISTINCT ?s ?p ?o WHERE {
  GRAPH ?g { ?s ?p ?o } GRAPH ?h { ?s ?p ?o } FILTER(?g != ?h)
}"""
_SHARED_DEFAULT = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o GRAPH ?g { ?s ?p ?o } }"


def shared_triples(db: ox.Store) -> set[ox.Triple]:
    """Triples that occur in more than one graph."""
    shared: set[ox.Triple] = set()
    for query in (_SHARED_NAMED, _SHARED_DEFAULT):
        rows = db.query(query)
        assert isinstance(rows, ox.QuerySolutions)
        for row in rows:
            s, p, o = row["s"], row["p"], row["o"]
            assert isinstance(s, ox.NamedNode | ox.BlankNode)
            assert isinstance(p, ox.NamedNode)
            assert o is not None
            shared.add(ox.Triple(s, p, o))
    return shared


def union_triples(
    db: ox.Store, graphs: list[GraphName], shared: set[ox.Triple] | None = None
) -> Iterator[ox.Triple]:
    """Every distinct triple of the given graphs, graph by graph (``shared``: the result of
    :func:`shared_triples`, if already known)."""
    shared = shared_triples(db) if shared is None else shared
    written: set[ox.Triple] = set()
    for graph in graphs:
        for quad in db.quads_for_pattern(None, None, None, graph):
            triple = quad.triple
            if triple in shared:
                if triple in written:
                    continue
                written.add(triple)
            yield triple
