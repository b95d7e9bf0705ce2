"""One registry reads every SPARQL text of the project (issue 19, item 3): the library, the
link rules, the export queries, the queries of the pages, of the derivations and of the
validation are ``.rq`` files with a header, loaded by :func:`nqs.queries.load_queries`."""

from __future__ import annotations

import pytest

from nqs.derive.links import load_rules
from nqs.queries import load_library, package_queries
from nqs.server.pages.fetch import MAX_ROWS, query
from nqs.sparql_syntax import parse
from nqs.validation.engine import INFERRED_GRAPH

SETS = {
    "library": lambda: load_library(),
    "link": lambda: {q.name: q for q in load_rules()},
    "export": lambda: package_queries("nqs.export", "export"),
    "page": lambda: package_queries("nqs.server.pages", "page"),
    "derive": lambda: package_queries("nqs.derive", "derive"),
    "validation": lambda: package_queries("nqs.validation", "validation"),
}


@pytest.mark.parametrize("kind", sorted(SETS))
def test_every_query_has_a_title_a_description_and_its_kind(kind: str) -> None:
    queries = SETS[kind]()
    assert queries
    for name, q in queries.items():
        assert q.kind == kind, name
        assert q.titles.get("en") and q.descriptions.get("en"), name
        parse(q.text)


def test_every_page_select_states_a_limit() -> None:
    """fetch.py's rule: each page query states a LIMIT of at most MAX_ROWS."""
    for name, q in package_queries("nqs.server.pages", "page").items():
        request = parse(q.text)
        if request.form == "SELECT":
            assert request.limit is not None and request.limit <= MAX_ROWS, name


def test_a_page_query_is_bound_where_its_pattern_starts() -> None:
    """description.rq is a CONSTRUCT over a subquery: the value goes into the subquery."""
    iri = "https://w3id.org/kz-nqs/id/x"
    text = query("description", {"x": iri})
    assert f"WHERE {{ VALUES (?x) {{ (<{iri}>) }} \n    {{ ?x ?p ?o }}" in text
    parse(text)
    text = query("links-in", {"o": iri}, exclude={"p": [iri]}, limit=7)
    assert text.endswith("ORDER BY ?p ?s LIMIT 7\n")
    assert f"FILTER (?p NOT IN (<{iri}>))" in text


def test_the_whole_graph_leaves_out_the_inferred_graph() -> None:
    text = package_queries("nqs.validation", "validation")["whole-graph"].text
    assert f'"/{INFERRED_GRAPH}"' in text
