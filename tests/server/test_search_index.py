"""The search index made at build time (nqs.search_index): the build writes it beside the
graph, and a search of the file gives the same hits as the index made in memory (the pages'
fallback for a build without the file), on the whole bundled build: Kazakh with and without
its marks, Russian, codes, prefixes, one kind and all kinds, words of one and two letters.
Expected names are read from seed 000 (data/sources/seeds/000_ed35bb0e5147c5b7.txt)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask

from nqs.config import Settings
from nqs.search_index import (
    SEARCH_INDEX,
    Index,
    IndexFile,
    az_entries,
    collect,
    fold,
    store_select,
)
from nqs.server.pages import routes
from nqs.server.pages import search as search_page
from nqs.server.pages.vocab import SEARCH_KINDS
from nqs.store import current_build
from tests.conftest import running_app

ID = "https://w3id.org/kz-nqs/id/"
STANDARD = ID + "standard/R90012023"
QUERIES = (
    "Ғылыми-зерттеу жұмысы",  # seed 000, line 125: card 1's labor function 1
    "гылыми зерттеу жумысы",  # the same without the marks
    "ҒЫЛЫМИ",
    "жұмысы ғылыми",
    "балеттанушы",  # seed 000, line 10: the standard's title
    "бас онертанушы",  # seed 000, line 100: card 1's other title "1432-0-003 - Бас өнертанушы"
    "онертан",
    "R90012023",  # seed 000's code
    "2633-1-001",  # an occupation's NKZ code
    "1432",
    "отраслевая рамка",
    "тестирование",
    "программного обеспечения",
    "разраб",
    "бағдарлама",
    "web",
    "ба",
    "a",
    "6",
    "жжжжжжж",
)


def search_rows(store: Path) -> list[tuple[Any, ...]]:
    """Every row of the search index of the store's current build (a patched build's are a
    full build's: tests/building/test_patched_build.py)."""
    found = IndexFile.of_build(current_build(store))
    assert found is not None
    return found.rows()


@pytest.fixture(scope="module")
def indexes(full_settings: Settings) -> tuple[IndexFile, Index]:
    """The full build's file and the same names made in memory from its store."""
    build = current_build(full_settings.store)
    found = IndexFile.of_build(build)
    assert found is not None
    return found, collect(store_select(ox.Store.read_only(str(build))))


def test_the_build_writes_the_index(seed_settings: Settings) -> None:
    build = current_build(seed_settings.store)
    assert (build / SEARCH_INDEX).is_file()
    found = IndexFile.of_build(build)
    assert found is not None
    # seed 000, lines 124-125: "Еңбек функциясы 1:" / "Ғылыми-зерттеу жұмысы"
    hits = found.search(fold("гылыми-зерттеу жумысы"), ("function",), SEARCH_KINDS, 500).hits
    assert (hits[0].iri, hits[0].text) == (f"{STANDARD}/card/1/function/1", "Ғылыми-зерттеу жұмысы")
    # seed 000, line 100: card 1's other title "1432-0-003 - Бас өнертанушы" (its name after
    # the code), found as a title of the card, not as a resource of its own
    hits = found.search(fold("Бас өнертанушы"), None, SEARCH_KINDS, 500).hits
    card = next(h for h in hits if h.iri == f"{STANDARD}/card/1")
    assert (card.kind, card.matched) == ("card", "Бас өнертанушы")


def test_a_search_gives_as_many_hits_as_the_pages_show() -> None:
    """A search keeps the first hits of each kind (and counts all): as many as the search
    page shows of one kind, of each kind, and the suggestions of all."""
    assert routes.RESULTS_ONE_KIND <= search_page.FIRST
    assert routes.RESULTS_PER_KIND <= search_page.FIRST_OF_EACH
    assert routes.SUGGESTIONS <= search_page.FIRST_OF_EACH


def test_a_build_without_the_file_is_not_read(tmp_path: Path) -> None:
    assert IndexFile.of_build(tmp_path) is None
    (tmp_path / SEARCH_INDEX).write_bytes(b"not an index")
    assert IndexFile.of_build(tmp_path) is None


@pytest.mark.slow
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("kinds", [None, ("knowledge",), ("card", "occupation")])
@pytest.mark.parametrize("first", [25, 500])
def test_the_file_gives_the_hits_of_the_index_in_memory(
    indexes: tuple[IndexFile, Index], query: str, kinds: tuple[str, ...] | None, first: int
) -> None:
    found, memory = indexes
    from_file = found.search(fold(query), kinds, SEARCH_KINDS, first)
    in_memory = memory.search(fold(query), kinds, SEARCH_KINDS, first)
    assert from_file == in_memory


@pytest.mark.slow
def test_the_file_finds_things(indexes: tuple[IndexFile, Index]) -> None:
    """Not only equal: the queries above find what the sources say."""
    found, _ = indexes
    hits = found.search(fold("балеттанушы"), None, SEARCH_KINDS, 500)
    assert [h.iri for h in hits.hits if h.kind == "standard"] == [STANDARD]
    assert hits.counts["card"] == 3  # seed 000, lines 55-57: Балеттанушы at levels 6, 7, 8
    assert sum(len(found.search(fold(q), None, SEARCH_KINDS, 25).hits) for q in QUERIES) > 500
    rows = found.rows()  # every name of each resource, in the order of the pass over the graph
    entries = sorted(indexes[1].entries, key=lambda e: e.iri)  # stable: each one's in order
    assert [(r[0], r[2]) for r in rows] == [(e.iri, e.text) for e in entries]


@pytest.mark.slow
def test_the_file_gives_the_names_of_the_a_to_z_index(
    indexes: tuple[IndexFile, Index], full_settings: Settings
) -> None:
    found, _ = indexes
    db = ox.Store.read_only(str(current_build(full_settings.store)))
    az = found.az()
    assert az == az_entries(store_select(db))
    # seed 000, line 10: the standard «Балеттанушы», filed under its label
    assert az[STANDARD][0] == "standard"
    assert any(text == "Балеттанушы" for _, _, text in az[STANDARD][1])


@pytest.fixture()
def full_app(full_settings: Settings) -> Iterator[Flask]:
    with running_app(full_settings) as app:
        yield app


@pytest.mark.slow
def test_the_pages_read_the_file_else_the_index_in_memory(
    full_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = ("гылыми", "бас онертанушы", "R90012023", "разраб", "ба")
    with full_app.test_request_context():
        assert isinstance(search_page.index(), IndexFile)
        from_file = [search_page.search(q) for q in queries]
        monkeypatch.setattr(IndexFile, "of_build", lambda build: None)
        assert isinstance(search_page.index(), Index)
        in_memory = [search_page.search(q) for q in queries]
    for a, b in zip(from_file, in_memory, strict=True):
        assert (list(a), len(a), a.counts) == (list(b), len(b), b.counts)
        assert [(k, list(g), len(g)) for k, g in search_page.grouped(a)] == [
            (k, list(g), len(g)) for k, g in search_page.grouped(b)
        ]


def test_the_build_s_index_loads_no_server_module() -> None:
    """The build writes the index (nqs.search_index) without the server: the terms and the
    queries it shares with the pages live in nqs.nodes and nqs/search_queries."""
    code = "import json, sys\nimport nqs.search_index\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert [m for m in json.loads(out) if m.startswith("nqs.server")] == []
