"""One registry reads every SPARQL text of the project (issue 19, item 3): the library, the
link rules, the export queries, the queries of the pages, of the search index, of the
derivations, of the validation, of the graph store, of the storage seam, of the loaders and
of the query page are ``.rq`` files with a header, loaded by
:func:`nqs.queries.load_queries`."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from nqs.derive.links import load_rules
from nqs.queries import load_library, package_queries
from nqs.server.pages.fetch import MAX_ROWS, query
from nqs.sparql_bind import bind, splice
from nqs.sparql_syntax import parse
from nqs.store.builds import store_query
from nqs.validation.engine import INFERRED_GRAPH

SETS = {
    "library": lambda: load_library(),
    "link": lambda: {q.name: q for q in load_rules()},
    "export": lambda: package_queries("nqs.export", "export"),
    "page": lambda: package_queries("nqs.server.pages", "page"),
    "search": lambda: package_queries("nqs", "search", "search_queries"),
    "derive": lambda: package_queries("nqs.derive", "derive"),
    "validation": lambda: package_queries("nqs.validation", "validation"),
    "gsp": lambda: package_queries("nqs.server", "gsp", "gsp_queries"),
    "store": lambda: package_queries("nqs.store", "store"),
    "loader": lambda: package_queries("nqs.loaders", "loader"),
    "ui": lambda: package_queries("nqs.server", "ui", "ui_queries"),
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
    assert text.endswith("?s ?p ?o } LIMIT 7\n")  # unordered: the page orders them
    assert f"FILTER (?p NOT IN (<{iri}>))" in text


def test_the_whole_graph_leaves_out_the_inferred_graph() -> None:
    text = package_queries("nqs.validation", "validation")["whole-graph"].text
    assert f'"/{INFERRED_GRAPH}"' in text


def test_the_graph_store_binds_its_queries_and_splices_its_updates() -> None:
    """The store's graph.rq (the graph store reads it too) binds its graph as a VALUES row;
    drop-graph.rq names <$graph> three times (read in the file: the pattern, the filter, the
    DROP), add-to-graph.rq has two blocks of data."""
    gsp = package_queries("nqs.server", "gsp", "gsp_queries")
    g = "https://example.org/g"
    text = bind(store_query("graph"), {"graph": g})
    assert f"WHERE {{ VALUES (?graph) {{ (<{g}>) }}  GRAPH ?graph" in text
    dropped = splice(gsp["drop-graph"].text, {"graph": g})
    assert dropped.count(f"<{g}>") == 3
    assert dropped.rstrip().endswith(f"DROP SILENT GRAPH <{g}>")
    triple = ox.Triple(ox.NamedNode(g), ox.NamedNode(g), ox.Literal("x"))
    added = splice(gsp["add-to-graph"].text, {"graph": g}, [triple])
    assert added.count(f'<{g}> <{g}> "x" .') == 2
    assert parse(added).operations == ("insert_data",)
