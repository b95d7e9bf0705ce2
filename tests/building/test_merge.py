"""The store's default graph is the merge of its named graphs: every triple once.

Queries read it as it is; a triple that several documents state (a sectoral level, its
number, a classifier code, a cited act) must not come back once per document. Checked on
the whole corpus: the default graph has no repeated triple and holds exactly the triples of
the named graphs, README's example counts what it says, and every library query gives the
same rows when each of its SELECTs is made SELECT DISTINCT (unless its header declares that
repeated rows mean something)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from nqs.config import Settings
from nqs.namespaces import NQS, RDF
from nqs.queries import LibraryQuery, load_library
from nqs.query import run_library
from nqs.server.app import create_app
from nqs.store import (
    BuildInfo,
    ReadOnlyStore,
    StoreError,
    current_build,
    merge_named_graphs,
    new_build,
)
from tests.conftest import ROOT

LIBRARY = load_library()
_SELECT = re.compile(r"\bSELECT\s+(?!DISTINCT\b|REDUCED\b)", re.IGNORECASE)


@pytest.fixture(scope="module")
def db(full_settings: Settings) -> Iterator[ox.Store]:
    yield ReadOnlyStore(full_settings.store).db


def count(db: ox.Store, query: str) -> int:
    result = db.query(query)
    assert isinstance(result, ox.QuerySolutions)
    term = next(iter(result))[0]
    assert isinstance(term, ox.Literal)
    return int(term.value)


def named_triples(db: ox.Store) -> set[ox.Triple]:
    return {q.triple for q in db if not isinstance(q.graph_name, ox.DefaultGraph)}


def test_every_triple_once(db: ox.Store, full_settings: Settings) -> None:
    total = count(db, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    distinct = count(db, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")
    assert total == distinct
    merge = {q.triple for q in db.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert merge == named_triples(db)  # exactly the named graphs' triples
    info = BuildInfo.read(current_build(full_settings.store))
    assert info.merged
    assert info.triples == total
    assert (
        info.quads
        == len(db)
        == total
        + sum(
            count(db, f"SELECT (COUNT(*) AS ?n) {{ GRAPH {g} {{ ?s ?p ?o }} }}")
            for g in db.named_graphs()
        )
    )


def test_graph_ranges_over_the_named_graphs_only(db: ox.Store) -> None:
    graphs = count(db, "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
    assert graphs == len(list(db.named_graphs()))


def readme_query() -> str:
    """The example query of README.md (sent with curl to /sparql)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"--data-urlencode 'query=(.*?)'", text, re.DOTALL)
    assert found, "README's example query"
    return found.group(1)


def test_readme_example_counts_each_card_once(db: ox.Store) -> None:
    result = db.query(readme_query())
    assert isinstance(result, ox.QuerySolutions)
    cards = {}
    for row in result:
        level, n = row["level"], row["cards"]
        assert isinstance(level, ox.Literal) and isinstance(n, ox.Literal)
        cards[int(level.value)] = int(n.value)
    # counted independently: distinct card IRIs, read graph by graph from the named graphs
    named = list(db.named_graphs())
    Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

    def values(p: object, o: ox.NamedNode | None = None) -> dict[Term, set[Term]]:
        out: dict[Term, set[Term]] = {}
        for g in named:
            for q in db.quads_for_pattern(None, ox.NamedNode(str(p)), o, g):
                out.setdefault(q.subject, set()).add(q.object)
        return out

    typed = values(RDF.type, ox.NamedNode(str(NQS.ProfessionCard)))
    levels = values(NQS.qualificationLevel)
    numbers = values(NQS.levelNumber)
    expected: Counter[int] = Counter()
    for card in typed:
        found = {
            int(n.value)
            for level in levels.get(card, set())
            for n in numbers.get(level, set())
            if isinstance(n, ox.Literal)
        }
        expected.update(found)
    assert cards == dict(expected)
    assert cards[5] == 55  # was 1,221 over the union of the graphs (25 graphs state level 5)


def distinct(query: LibraryQuery) -> LibraryQuery:
    """The query with every SELECT (the outer one and the subqueries) made SELECT DISTINCT;
    the header (comment lines) is left as it is."""
    lines = [
        line if line.lstrip().startswith("#") else _SELECT.sub("SELECT DISTINCT ", line)
        for line in query.text.splitlines()
    ]
    text = "\n".join(lines)
    assert text != query.text or "SELECT DISTINCT" in query.text.upper()
    copy = LibraryQuery(**{**query.__dict__, "text": text})
    return copy


def rows(db: ox.Store, query: LibraryQuery) -> Counter[tuple[str, ...]]:
    table = run_library(db, query)
    return Counter(tuple("" if t is None else str(t) for t in row) for row in table.rows)


@pytest.mark.parametrize("name", sorted(n for n, q in LIBRARY.items() if q.duplicates is None))
def test_library_query_rows_are_distinct_things(db: ox.Store, name: str) -> None:
    query = LIBRARY[name]
    assert rows(db, query) == rows(db, distinct(query))


def test_the_distinct_rewrite() -> None:
    query = LibraryQuery(
        "x", "# description: select some\nSELECT ?a { { SELECT DISTINCT ?a {} } { select ?b {} } }"
    )
    assert distinct(query).text == (
        "# description: select some\n"
        "SELECT DISTINCT ?a { { SELECT DISTINCT ?a {} } { SELECT DISTINCT ?b {} } }"
    )


def test_graph_store_writes_keep_the_merge(tmp_path: Path) -> None:
    """A Graph Store write to a named graph changes the merge with it: what it adds is in
    the default graph, what it removes leaves it unless another named graph holds it."""
    ex = "http://example.org/"
    g1, g2 = ox.NamedNode(ex + "g1"), ox.NamedNode(ex + "g2")
    store = tmp_path / "store"
    with new_build(store) as (work, built):
        for s, o, g in (("a", "b", g1), ("c", "d", g1), ("c", "d", g2)):
            built.add(
                ox.Quad(ox.NamedNode(ex + s), ox.NamedNode(ex + "p"), ox.NamedNode(ex + o), g)
            )
        merge_named_graphs(built)
        BuildInfo(work.name.removesuffix(".partial"), "", "test", 2, [], merged=True).write(work)
    del built  # the store's lock, for the server's process
    app = create_app(Settings(store=store, update_token="token"), {"TESTING": True})
    client = app.test_client()
    auth = {"Authorization": "Bearer token", "Content-Type": "application/n-triples"}

    def merge() -> set[str]:
        r = client.get(
            "/sparql",
            query_string={"query": "SELECT ?s ?o { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert r.status_code == 200, r.get_data(as_text=True)
        return {
            b["s"]["value"].removeprefix(ex) + b["o"]["value"].removeprefix(ex)
            for b in r.json["results"]["bindings"]  # type: ignore[index]
        }

    try:
        assert merge() == {"ab", "cd"}
        body = f"<{ex}e> <{ex}p> <{ex}f> ."
        r = client.put(f"/rdf-graph-store?graph={ex}g3", data=body, headers=auth)
        assert r.status_code == 201
        assert merge() == {"ab", "cd", "ef"}
        assert client.delete(f"/rdf-graph-store?graph={ex}g1", headers=auth).status_code == 204
        assert merge() == {"cd", "ef"}  # c p d is still stated in g2
        body = f"<{ex}x> <{ex}p> <{ex}y> ."
        assert (
            client.put(f"/rdf-graph-store?graph={ex}g2", data=body, headers=auth).status_code == 204
        )
        assert merge() == {"ef", "xy"}
        r = client.post(f"/rdf-graph-store?graph={ex}g2", data=body, headers=auth)
        assert r.status_code == 204
        assert merge() == {"ef", "xy"}
    finally:
        evaluator = app.extensions.get("nqs.evaluator")
        if evaluator is not None:
            evaluator.stop()


def test_a_store_built_without_the_merge_is_refused(tmp_path: Path) -> None:
    """A build made before the default graph held the merge would answer every query with
    nothing: it is refused until it is built again."""
    store = tmp_path / "store"
    with new_build(store) as (work, _db):
        BuildInfo(work.name.removesuffix(".partial"), "", "old", 0, []).write(work)
    with pytest.raises(StoreError, match="nqs build"):
        _ = ReadOnlyStore(store).db
