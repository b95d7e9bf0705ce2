"""The export queries (``nqs/export/queries/*.rq``, each with a title and description header,
read by the registry of :mod:`nqs.queries`), run over the store's default graph, the merge of
the build's named graphs (each triple once; ``blank-quads.rq`` also asks the named graphs);
rows come back sorted, so every export is reproducible."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from nqs.queries import package_queries
from nqs.query import run

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def query_text(name: str) -> str:
    """The text of the export query ``name``, read through the registry."""
    return package_queries("nqs.export", "export")[name].text


def select(
    db: ox.Store, name: str, params: Mapping[ox.Variable, ox.NamedNode | ox.Literal] | None = None
) -> list[dict[str, Term]]:
    """The rows of a SELECT query as dictionaries of the bound variables."""
    result = run(db, query_text(name), dict(params or {}))
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    rows = [{n: term for n in names if (term := row[n]) is not None} for row in result]
    # sorted here rather than by ORDER BY, which can make pyoxigraph pick a slow join order
    return sorted(rows, key=lambda r: [str(r.get(n, "")) for n in names])


def value(term: Term | None) -> str:
    """The IRI or lexical form of a term ('' for none)."""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return ""
