"""Long lists on the pages, a page at a time (issue 22 item 4): the first items, how many
there are in all, and links to the other pages, which show the following items in order.
The page sizes are made small here so that the bundled sources have lists over a page;
the cards and their levels are read by hand in the sources (cited by line or table row)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from nqs.config import Settings
from nqs.server.app import create_app
from nqs.server.pages import page, view_levels

# Annex 25 of order № 222 (data/sources/corpus/ict-ru, «Сопровождение и ремонт HardWare»,
# sector S): cards 2, 4 and 6 at ОРК level 4 («Квалификационный уровень по ОРК: 4», rows 59,
# 115 and 171 of its table; cards 1, 3 and 5 at level 3, rows 20, 89 and 141).
S4 = "/id/framework/sqf/S/level/4"
ANNEX_25 = "/id/standard/order-222-2022-12-05-annex-25"
# Seed 000: its three cards name the occupation 2633-1-001 (lines 61-63, 374-376, 513-515).
OCCUPATION = "/id/occupation/2633-1-001"
CARDS_000 = [f"/id/standard/R90012023/card/{n}" for n in (1, 2, 3)]
CARD_LINK = re.compile(r'<th scope="row"><a href="([^"]+/card/\d+)"')


def _client(settings: Settings) -> Iterator[FlaskClient]:
    # no answers kept: each test sets its own page sizes for the same addresses
    app = create_app(settings.override(answer_cache_mb=0), {"TESTING": True})
    # not as a context manager: two clients of this module are open at once
    yield app.test_client()
    app.extensions["nqs.evaluator"].stop()


@pytest.fixture(scope="module")
def full(full_settings: Settings) -> Iterator[FlaskClient]:
    yield from _client(full_settings)


@pytest.fixture(scope="module")
def seeds(seed_settings: Settings) -> Iterator[FlaskClient]:
    yield from _client(seed_settings)


def _html(client: FlaskClient, url: str) -> str:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _pager(html: str) -> str:
    found = re.search(r'<nav class="pager".*?</nav>', html, re.S)
    assert found, "no pager"
    return found.group(0)


def test_level_cards_a_page_at_a_time(full: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view_levels, "LEVEL_CARDS", 2)
    first = _html(full, S4)
    # the count in all, the sector's count in all, the first two cards in order
    assert "Cards at this level (3)" in first
    assert re.search(r'href="/id/framework/sqf/S"[^>]*>.*?</a> <span class="count">3</span>', first)
    assert CARD_LINK.findall(first) == [f"{ANNEX_25}/card/2", f"{ANNEX_25}/card/4"]
    nav = _pager(first)
    assert "1–2 of 3" in nav
    assert f'rel="next" href="{S4}?page=2"' in nav
    assert "Previous" not in nav
    # the next page: the card that follows, and the way back to the first page
    second = _html(full, S4 + "?page=2")
    assert CARD_LINK.findall(second) == [f"{ANNEX_25}/card/6"]
    nav = _pager(second)
    assert "3–3 of 3" in nav
    assert f'rel="prev" href="{S4}"' in nav
    assert "Next" not in nav
    # a page past the last is the last; a page that is no number the first
    assert CARD_LINK.findall(_html(full, S4 + "?page=9")) == [f"{ANNEX_25}/card/6"]
    assert CARD_LINK.findall(_html(full, S4 + "?page=x"))[0] == f"{ANNEX_25}/card/2"


def test_level_cards_on_one_page_without_pager(full: FlaskClient) -> None:
    html = _html(full, S4)
    assert CARD_LINK.findall(html) == [f"{ANNEX_25}/card/{n}" for n in (2, 4, 6)]
    assert 'class="pager"' not in html


def test_occupation_cards_a_page_at_a_time(
    full: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(view_levels, "CONCEPT_LIST", 2)
    first = _html(full, OCCUPATION + "?lang=en")
    assert CARD_LINK.findall(first) == CARDS_000[:2]
    nav = _pager(first)
    assert "1–2 of 3" in nav
    # the list's own parameter, the others kept
    assert f'rel="next" href="{OCCUPATION}?lang=en&amp;cards=2"' in nav
    second = _html(full, OCCUPATION + "?lang=en&cards=2")
    assert CARD_LINK.findall(second) == CARDS_000[2:]
    assert "3–3 of 3" in _pager(second)


def test_other_documents_named_first_with_the_count(
    seeds: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Law «Білім туралы» № 319-III is cited by seeds 003 (lines 14-15), 002 (lines
    72-75) and 001 (lines 19-21): with one other document listed, the page names seed 002
    (its document next by IRI) and says there are two others in all."""
    monkeypatch.setattr(page, "ELSEWHERE_LIMIT", 1)
    html = _html(seeds, "/id/act/2007-07-27/319-III")
    assert "lines 14–15" in html
    elsewhere = re.search(r'<ul class="provenance-elsewhere">(.*?)</ul>', html, re.S)
    assert elsewhere
    items = re.findall(r'href="/id/(source/\w+)".*? · (lines \d+–\d+)', elsewhere.group(1))
    assert items == [("source/3ae93e68f07ff53c", "lines 72–75")]
    assert "Named in 2 other documents in all: the first 1 are listed here" in html


def test_level_page_offers_the_comparison_of_all_its_sectors(
    full: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NQF level 6 has cards of sectors J (the ICT corpus) and R (seed 000, card 1, line
    55): a page of one card shows one sector, and still the comparison of both."""
    monkeypatch.setattr(view_levels, "LEVEL_CARDS", 1)
    html = _html(full, "/id/framework/nqf/level/6")
    assert len(CARD_LINK.findall(html)) == 1
    assert 'href="/compare?level=6"' in html
