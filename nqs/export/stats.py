"""VoID statistics of a release: triples per named graph, and the classes and properties of
the merge of all graphs (the store's default graph, each triple once). The queries are the
store's (``nqs/store/queries/graph-sizes.rq``, ``merge-size.rq``) and the export's
(``queries/property-counts.rq``, ``class-counts.rq``, ``subject-count.rq``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from nqs.export.release import GraphName, Release
from nqs.export.sparql import query_text
from nqs.store import merge_size
from nqs.store.builds import store_query


@dataclass
class Statistics:
    """What the VoID description states about a release."""

    triples: int = 0
    """Triples of the merge of all graphs (the default graph): each distinct triple once."""
    quads: int = 0
    """Quads as stored: those of the named graphs and those of the merge."""
    subjects: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    """Triples per named graph, by graph IRI."""
    classes: dict[str, int] = field(default_factory=dict)
    """Instances per class."""
    properties: dict[str, int] = field(default_factory=dict)
    """Triples per property (of the merge)."""


def _rows(db: ox.Store, query: str) -> list[ox.QuerySolution]:
    result = db.query(query)
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def _count(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> int:
    assert isinstance(term, ox.Literal)
    return int(term.value)


def graph_key(graph: GraphName) -> str:
    return "" if isinstance(graph, ox.DefaultGraph) else graph.value


def statistics(release: Release) -> Statistics:
    db = release.db
    stats = Statistics(quads=len(db))
    for row in _rows(db, store_query("graph-sizes")):
        g = row["g"]
        assert isinstance(g, ox.NamedNode | ox.BlankNode)
        stats.graphs[g.value] = _count(row["n"])
    stats.graphs = dict(sorted(stats.graphs.items()))
    stats.triples = merge_size(db)
    for row in _rows(db, query_text("property-counts")):
        p = row["p"]
        assert isinstance(p, ox.NamedNode)
        stats.properties[p.value] = _count(row["n"])
    stats.properties = dict(sorted(stats.properties.items()))
    for row in _rows(db, query_text("class-counts")):
        c = row["c"]
        if isinstance(c, ox.NamedNode):
            stats.classes[c.value] = _count(row["n"])
    stats.classes = dict(sorted(stats.classes.items()))
    stats.subjects = _count(_rows(db, query_text("subject-count"))[0]["n"])
    return stats
