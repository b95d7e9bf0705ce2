"""VoID statistics of a release: triples per graph, and the classes and properties used in
the union of all graphs (each distinct triple counted once)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox

from nqs.export.release import GraphName, Release
from nqs.export.union import shared_triples

_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
_SUBJECTS = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"


@dataclass
class Statistics:
    """What the VoID description states about a release."""

    triples: int = 0
    """Distinct triples of the union of all graphs."""
    quads: int = 0
    subjects: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    """Triples per graph, by graph IRI (``""`` for the default graph)."""
    classes: dict[str, int] = field(default_factory=dict)
    """Instances per class."""
    properties: dict[str, int] = field(default_factory=dict)
    """Distinct triples per property."""


def _rows(db: ox.Store, query: str, union: bool) -> list[ox.QuerySolution]:
    result = db.query(query, use_default_graph_as_union=union)
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
    for row in _rows(db, _PER_GRAPH, union=False):
        g = row["g"]
        assert isinstance(g, ox.NamedNode | ox.BlankNode)
        stats.graphs[g.value] = _count(row["n"])
    stats.graphs = dict(sorted(stats.graphs.items()))
    default = _count(_rows(db, _DEFAULT, union=False)[0]["n"])
    if default:
        stats.graphs[""] = default
    properties: Counter[str] = Counter()
    for row in _rows(db, _PROPERTIES, union=True):
        p = row["p"]
        assert isinstance(p, ox.NamedNode)
        properties[p.value] = _count(row["n"])
    repeats = 0
    for triple in shared_triples(db):
        s, p, o = triple
        extra = sum(1 for _ in db.quads_for_pattern(s, p, o, None)) - 1
        properties[triple.predicate.value] -= extra
        repeats += extra
    stats.properties = dict(sorted(properties.items()))
    stats.triples = stats.quads - repeats
    for row in _rows(db, _CLASSES, union=True):
        c = row["c"]
        if isinstance(c, ox.NamedNode):
            stats.classes[c.value] = _count(row["n"])
    stats.classes = dict(sorted(stats.classes.items()))
    stats.subjects = _count(_rows(db, _SUBJECTS, union=True)[0]["n"])
    return stats
