"""The pages on the whole corpus: cards of different sectors side by side, the chart's counts
checked against the store read directly (in Python, not by the pages' queries), a level
across sectors, and a Russian card of the older template."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from nqs.config import Settings
from nqs.namespaces import NQS, RDF
from nqs.server.app import create_app
from nqs.store import current_build

pytestmark = pytest.mark.slow

ID = "https://w3id.org/kz-nqs/id/"


@pytest.fixture(scope="module")
def full(full_settings: Settings) -> Iterator[FlaskClient]:
    app = create_app(full_settings, {"TESTING": True})
    with app.test_client() as client:
        yield client
    app.extensions["nqs.evaluator"].stop()


def _objects(db: ox.Store, s: ox.NamedNode, p: str) -> set[ox.NamedNode]:
    return {q.object for q in db.quads_for_pattern(s, ox.NamedNode(p), None)}  # type: ignore[misc]


def _expected_counts(settings: Settings) -> dict[tuple[str, int], tuple[int, int, int]]:
    """(sector code, level) → (cards, current functions, current skills), walking the
    quads in Python."""
    db = ox.Store.read_only(str(current_build(settings.store)))
    until = NQS.validUntil
    old = {q.subject for q in db.quads_for_pattern(None, ox.NamedNode(str(until)), None)}
    tally: dict[tuple[str, int], tuple[set[object], set[object], set[object]]] = {}
    card_type = ox.NamedNode(str(NQS.ProfessionCard))
    cards = {q.subject for q in db.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), card_type)}
    for card in cards:
        for level in _objects(db, card, str(NQS.qualificationLevel)):  # type: ignore[arg-type]
            numbers = {int(n.value) for n in _objects(db, level, str(NQS.levelNumber))}
            for fw in _objects(db, level, str(NQS.inFramework)):
                for n in numbers:
                    key = (fw.value.rsplit("/", 1)[-1], n)
                    found = tally.setdefault(key, (set(), set(), set()))
                    found[0].add(card)
                    for f in _objects(db, card, str(NQS.hasLaborFunction)) - old:  # type: ignore[arg-type]
                        found[1].add(f)
                        found[2].update(_objects(db, f, str(NQS.hasSkill)) - old)
    return {k: (len(a), len(b), len(c)) for k, (a, b, c) in tally.items()}


def test_chart_counts_match_the_store(full: FlaskClient, full_settings: Settings) -> None:
    expected = _expected_counts(full_settings)
    assert {code for code, _ in expected} >= {"J", "R"}
    html = full.get("/compare", query_string={"level": "6"}).get_data(as_text=True)
    table = re.search(r'<details class="chart-table">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert table
    shown: dict[tuple[str, int], tuple[int, int, int]] = {}
    for code, cells in re.findall(
        r'<span class="code">(\w+)</span>.*?</th>(.*?)</tr>', table.group(1), re.S
    ):
        for n, cell in enumerate(re.findall(r"<td>(.*?)</td>", cells), start=1):
            if cell.strip():
                a, b, c = (int(x) for x in cell.split(" / "))
                shown[(code, n)] = (a, b, c)
    assert shown == expected


def test_sectors_side_by_side(full: FlaskClient) -> None:
    html = full.get("/compare", query_string={"level": "6", "sector": ["J", "R"]}).get_data(
        as_text=True
    )
    columns = re.findall(
        r'<section class="panel compare-column" aria-labelledby="col-(\w+)">', html
    )
    assert columns == ["J", "R"]
    # R at level 6: the ballet scholar of seed 000; J: cards of the ICT corpus
    assert 'href="/id/standard/R90012023/card/1"' in html
    assert "The first 10 of" in html


def test_nqf_level_lists_cards_of_every_sector(full: FlaskClient) -> None:
    html = full.get("/id/framework/nqf/level/6").get_data(as_text=True)
    for sector in ("J", "R"):
        assert f'href="/id/framework/sqf/{sector}/level/6"' in html
    assert 'href="/id/standard/R90012023/card/1"' in html
    assert 'href="/id/standard/order-222-2022-12-05-annex-7/card/' in html


def test_russian_card_with_tasks(full: FlaskClient) -> None:
    """Annex 7 of order № 222 ("Разработка программного обеспечения"), card 1:
    "Проектировщик программного обеспечения" at level 4, function 1 "Разработка и отладка
    программного кода ПО" (the DOCX in data/sources/corpus)."""
    html = full.get("/id/standard/order-222-2022-12-05-annex-7/card/1").get_data(as_text=True)
    assert '<h1 lang="ru">Проектировщик программного обеспечения</h1>' in html
    assert "Разработка и отладка программного кода ПО" in html
    assert 'href="/id/framework/sqf/J/level/4"' in html
    # a DOCX place: the rows, and what else was read from them
    assert "paragraphs/rows 15–28" in html
    assert "Also read from this place of the document" in html
