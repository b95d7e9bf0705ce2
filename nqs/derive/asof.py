"""The graph as it stood on a date: what ``nqs query --as-of DATE`` queries.

A view leaves out
- every entity not valid on the date: ``nqs:validUntil`` on or before it, or
  ``nqs:validFrom`` after it (with every triple that mentions the entity);
- every source document's graph whose approving act was not yet adopted on the date (its
  latest ``nqs:actDate`` is after it) or had been repealed by then (the latest date of the
  repealing act is on or before it), and every triple elsewhere (the cross-document links)
  that mentions an entity typed only in such graphs;

and its inferred graph holds the ontology's entailments of what is left, derived again
over the view (:func:`nqs.derive.reasoning.materialise`), so that no entailment of a left-out
document or element stays in it.

The same conditions written in plain SPARQL are in ``docs/versions.md``.
"""

from __future__ import annotations

import pyoxigraph as ox

from nqs.derive.reasoning import INFERRED_GRAPH, materialise
from nqs.queries import package_queries
from nqs.query import with_values
from nqs.store import merge_named_graphs

_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _select(db: ox.Store, query: str, day: ox.Literal) -> set[ox.NamedNode | ox.BlankNode]:
    """The first column of the query ``query`` (``nqs/derive/queries/``) on ``day``."""
    text = package_queries("nqs.derive", "derive")[query].text
    result = db.query(with_values(text, {ox.Variable("day"): day}))
    assert isinstance(result, ox.QuerySolutions)
    return {row[0] for row in result if isinstance(row[0], ox.NamedNode | ox.BlankNode)}


Node = ox.NamedNode | ox.BlankNode


def _only_in(db: ox.Store, graphs: set[Node]) -> set[Node]:
    """The entities that have a type in one of ``graphs`` and in no other named graph."""
    inside: set[Node] = set()
    outside: set[Node] = set()
    for q in db.quads_for_pattern(None, _TYPE, None):
        if isinstance(q.graph_name, ox.DefaultGraph):
            continue  # the merge
        if isinstance(q.subject, ox.NamedNode | ox.BlankNode):
            (inside if q.graph_name in graphs else outside).add(q.subject)
    return inside - outside


def as_of_view(db: ox.Store, date: str) -> ox.Store:
    """An in-memory store with the quads of ``db``'s named graphs that hold on ``date`` (ISO
    8601), their merge as its default graph, and the entailments of those."""
    day = ox.Literal(date, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    # the store's inferred graph, named after the instance base it was built with
    inferred: set[Node] = {g for g in db.named_graphs() if g.value.endswith("/" + INFERRED_GRAPH)}
    graphs = _select(db, "out-of-force", day)
    orphaned = _only_in(db, graphs | inferred) - _only_in(db, inferred)  # their types left out
    left_out = _select(db, "expired", day) | orphaned
    graphs |= inferred
    view = ox.Store()
    view.extend(
        q
        for q in db
        if not isinstance(q.graph_name, ox.DefaultGraph)
        and q.graph_name not in graphs
        and q.subject not in left_out
        and q.object not in left_out
    )
    merge_named_graphs(view)
    for graph in inferred:
        materialise(view, str(graph.value).removesuffix(INFERRED_GRAPH))
    return view
