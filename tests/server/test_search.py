"""Search and autocomplete over the seed store: Kazakh and Russian, case-insensitive, Kazakh
letters typed without their marks, results grouped by kind. Expected names are read from
the seed documents."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from nqs.server.pages.search import fold

STANDARD = "/id/standard/R90012023"


def test_fold_drops_kazakh_marks_and_case() -> None:
    assert fold("ӘҒҚҢӨҰҮҺІ") == fold("агкноуухи") == "агкноуухи"
    assert fold("Һ") == "х" and fold("і") == "и"
    assert fold("Ғылыми-зерттеу  жұмысы.") == "гылыми зерттеу жумысы"
    assert fold("Ёлка") == "елка"


def _groups(html: str) -> dict[str, list[str]]:
    """Result links by group heading id (the kind)."""
    out: dict[str, list[str]] = {}
    for kind, body in re.findall(
        r'<section class="panel section search-group" '
        r'aria-labelledby="group-(\w+)">(.*?)</section>',
        html,
        re.S,
    ):
        out[kind] = re.findall(r'<a href="([^"]+)"', body)
    return out


@pytest.mark.parametrize(
    "typed",
    [
        "Ғылыми-зерттеу жұмысы",  # as written (seed 000, line 125)
        "гылыми-зерттеу жумысы",  # without the marks
        "ГЫЛЫМИ ЗЕРТТЕУ ЖУМЫСЫ",  # upper case, no hyphen
        "жумысы гылыми",  # words in another order
    ],
)
def test_kazakh_without_marks(client: FlaskClient, typed: str) -> None:
    html = client.get("/search", query_string={"q": typed}).get_data(as_text=True)
    groups = _groups(html)
    # seed 000, lines 124-125: labor function 1 of card 1 is "Ғылыми-зерттеу жұмысы"
    assert groups["function"][0] == f"{STANDARD}/card/1/function/1"
    # and the knowledge item "1. Ғылыми-зерттеу жұмысын жүргізу әдістемелерін." (line 161)
    assert f"{STANDARD}/card/1/function/1/skill/2/knowledge/1" in groups["knowledge"]


def test_results_grouped_by_kind(client: FlaskClient) -> None:
    html = client.get("/search", query_string={"q": "балеттанушы"}).get_data(as_text=True)
    groups = _groups(html)
    assert list(groups)[:3] == ["standard", "card", "occupation"]
    assert groups["standard"] == [STANDARD]
    assert set(groups["card"]) == {f"{STANDARD}/card/{n}" for n in (1, 2, 3)}
    assert groups["occupation"] == ["/id/occupation/2633-1-001"]


def test_other_titles_and_codes(client: FlaskClient) -> None:
    # seed 000, line 96: card 1's other title "1432-0-003 - Бас өнертанушы"
    html = client.get("/search", query_string={"q": "бас онертанушы"}).get_data(as_text=True)
    groups = _groups(html)
    assert f"{STANDARD}/card/1" in groups["card"]
    assert "Бас өнертанушы" in html
    # codes: the standard's code and the occupation's NKZ code
    assert _groups(client.get("/search?q=r90012023").get_data(as_text=True))["standard"] == [
        STANDARD
    ]
    found = _groups(client.get("/search?q=2633-1-001").get_data(as_text=True))
    assert found["occupation"] == ["/id/occupation/2633-1-001"]


def test_russian_and_kind_filter(client: FlaskClient) -> None:
    # the NQF glossary and frameworks carry Russian labels; sectoral framework R (seed 000)
    html = client.get("/search", query_string={"q": "отраслевая рамка", "kind": "framework"})
    groups = _groups(html.get_data(as_text=True))
    assert list(groups) == ["framework"]
    assert "/id/framework/sqf/R" in groups["framework"]


def test_nothing_found_and_empty_query(client: FlaskClient) -> None:
    html = client.get("/search", query_string={"q": "жжжжжжж"}).get_data(as_text=True)
    assert _groups(html) == {}
    assert "0 results" in html
    assert client.get("/search").status_code == 200


def test_suggest(client: FlaskClient) -> None:
    data = client.get("/search/suggest", query_string={"q": "онертан"}).get_json()
    assert data["query"] == "онертан"
    results = data["results"]
    assert 0 < len(results) <= 10
    assert all({"label", "lang", "kind", "href"} <= set(r) for r in results)
    assert any(
        "өнертан" in r["label"].lower() or "өнертан" in r["matched"].lower() for r in results
    )
    # too short a query suggests nothing
    assert client.get("/search/suggest?q=a").get_json()["results"] == []
