"""What a user meets first on the pages (issue 21, item 2): the autocomplete names each
resource once with its kind, the A–Z index in the page language's alphabet, the favicon, and
the SPARQL endpoint's service description as a page for a browser. Expected names are read
by hand from the sources and cited by line or page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef

from nqs.config import Settings
from nqs.server.app import create_app
from nqs.server.pages.browse import KAZAKH, RUSSIAN, collation_key, letter_key
from tests.conftest import ROOT

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SD = "http://www.w3.org/ns/sparql-service-description#"
STATIC = ROOT / "server" / "static"
# PdfDefault 55, pages 4 and 11: "Квалификация: … 130411 2 Тестировщик" in the education of
# cards 1 and 4 (and of cards 5, 7 and 8); page 33: card «Специалист по тестированию
# приложений», "Другие возможные названия профессии: Тестировщик, Тестировщик приложений".
PS55 = (
    "/id/standard/razrabotchiki-programmnogo-obespecheniia-i-spetsialisty-po-testirovaniiu"
    "-web-i-multimediinykh-prilozhenii"
)


def _letters(html: str) -> tuple[list[str], list[str]]:
    """The letters of the index and the one shown."""
    nav = html[html.index('class="letters"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r">([^<]+)</a>", nav), re.findall(r'aria-current="page">([^<]+)<', nav)


def _index(client: FlaskClient, **args: str) -> str:
    r = client.get("/browse/index", query_string=args, headers={"Accept": "text/html"})
    assert r.status_code == 200
    return r.get_data(as_text=True)


# ---- the A–Z index ------------------------------------------------------------------------


def test_letter_order_per_language() -> None:
    assert len(KAZAKH) == 42 and len(RUSSIAN) == 33
    kk = sorted("ӘSҒБАҚ1", key=lambda x: letter_key(x, "kk"))
    assert kk == ["А", "Ә", "Б", "Ғ", "Қ", "S", "1"]
    ru = sorted("ӘSҒБАЯ1", key=lambda x: letter_key(x, "ru"))
    assert ru == ["А", "Б", "Я", "Ә", "Ғ", "S", "1"]
    en = sorted("ӘSҒБАQ1", key=lambda x: letter_key(x, "en"))
    assert en == ["Q", "S", "А", "Ә", "Б", "Ғ", "1"]
    # Ғ follows Г in Kazakh: Аға before Ассистент; in Russian order Ғ comes after Я
    assert collation_key("Аға оқытушы", "kk") < collation_key("Ассистент", "kk")
    assert collation_key("Ассистент", "ru") < collation_key("Аға оқытушы", "ru")


def test_index_opens_on_the_page_language(client: FlaskClient) -> None:
    # seed 003, lines 245 and 294: the positions «Аға оқытушы» and «Ассистент» (under А)
    letters, shown = _letters(_index(client, lang="kk"))
    assert shown == ["А"]
    assert letters[:3] == ["А", "Ә", "Б"]
    cyrillic = [x for x in letters if x in KAZAKH]
    assert cyrillic == sorted(cyrillic, key=KAZAKH.index)
    assert letters.index("Ғ") < letters.index("Д")  # Ғ in its Kazakh place, not at the end
    html = _index(client, lang="kk")
    assert html.index(">Аға оқытушы<") < html.index(">Ассистент<")
    letters, shown = _letters(_index(client, lang="ru"))
    assert shown == ["А"]
    russian = [x for x in letters if x in RUSSIAN]
    assert letters[: len(russian)] == russian  # Russian letters first, then Ә, Ғ …
    assert letters.index("Ғ") > letters.index("Ш")
    # English: Latin letters first (the NQF levels' English labels, "NQF level 1" …)
    letters, shown = _letters(_index(client, lang="en"))
    assert shown == ["N"]
    assert letters[0] == "N" and letters.index("N") < letters.index("А")
    assert 'href="/id/framework/nqf/level/1"' in _index(client, lang="en")


def test_index_letter_asked_for(client: FlaskClient) -> None:
    # seed 000: the standard «Балеттанушы» under Б
    html = _index(client, letter="Б", lang="kk")
    assert _letters(html)[1] == ["Б"]
    assert 'href="/id/standard/R90012023"' in html


# ---- favicon ------------------------------------------------------------------------------


def test_favicon(client: FlaskClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200
    assert r.mimetype == "image/vnd.microsoft.icon"
    body = r.get_data()
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO with one image …
    assert body[22:] == (STATIC / "favicon.png").read_bytes()  # … the site's PNG icon
    assert r.cache_control.max_age and r.cache_control.max_age > 0


# ---- the SPARQL endpoint's description ------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "SPARQL endpoint"),
        ("ru", "SPARQL-точка доступа"),
        ("kk", "SPARQL қол жеткізу нүктесі"),
    ],
)
def test_service_description_page_for_a_browser(client: FlaskClient, lang: str, title: str) -> None:
    r = client.get("/sparql", query_string={"lang": lang}, headers={"Accept": BROWSER})
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "Accept" in r.headers["Vary"]
    html = r.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{title}</h1>" in html
    assert "<code>http://localhost/sparql</code>" in html
    assert "sd:SPARQL11Query" in html and "sd:UnionDefaultGraph" in html
    assert 'href="/sparql?format=turtle"' in html
    assert '<a href="/sparql" aria-current="page">' in html  # the menu's entry marked
    # the page's own language switch (the base template's) stays
    for code in ("kk", "ru", "en"):
        assert f'href="/sparql?lang={code}"' in html


@pytest.mark.parametrize(
    "accept",
    [None, "*/*", "text/turtle", "application/sparql-results+json", "text/turtle, text/html;q=0.5"],
)
def test_service_description_for_clients_stays_rdf(client: FlaskClient, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    r = client.get("/sparql", headers=headers)
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    g = Graph().parse(data=r.get_data(as_text=True), format="turtle")
    assert len(list(g.subjects(URIRef(SD + "endpoint"), URIRef("http://localhost/sparql")))) == 1


def test_service_description_named_format(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"format": "rdfxml"}, headers={"Accept": BROWSER})
    assert r.status_code == 200 and r.mimetype == "application/rdf+xml"
    # a GET without a query but with other parameters is still an error
    assert client.get("/sparql", query_string={"default-graph-uri": "x:g"}).status_code == 400


# ---- autocomplete over the whole corpus ----------------------------------------------------


@pytest.fixture(scope="module")
def full_client(full_settings: Settings) -> Iterator[FlaskClient]:
    app = create_app(full_settings, {"TESTING": True})
    with app.test_client() as c:
        yield c
    app.extensions["nqs.evaluator"].stop()


def _suggest(client: FlaskClient, q: str, lang: str = "en") -> list[dict[str, str]]:
    r = client.get("/search/suggest", query_string={"q": q, "lang": lang})
    assert r.status_code == 200
    results: list[dict[str, str]] = r.get_json()["results"]
    return results


def test_suggest_names_each_resource_once_with_its_kind(full_client: FlaskClient) -> None:
    found = _suggest(full_client, "тест")
    testers = [s for s in found if s["label"] == "Тестировщик"]
    # the qualification 130411 2 «Тестировщик», named in five cards: one suggestion
    assert len(testers) == 1
    assert testers[0]["kind"] == "Education qualification"
    assert testers[0]["context"].endswith("and 4 more with this name and code")
    assert testers[0]["href"].startswith(PS55 + "/card/")
    # an alternative title is not a resource of its own: its card is found by it
    assert not any("/other-title/" in s["href"] for s in found)
    assert all(s["kind"] != "Other resources" for s in found)
    # no two suggestions look the same: cards of one name at several levels, and what is
    # in them, name the level (Kind2 36 «Тестирование Web и мультимедийных приложений», row
    # 15: "Web-мастер | 5-7-й уровни ОРК"; each of its three cards has a labor function
    # «Тестирование web-ресурса»)
    looks = [(s["label"], s["kind"], s["context"] or s["matched"]) for s in found]
    assert len(set(looks)) == len(looks), looks
    web = [s["context"] for s in found if s["label"] == "Тестирование web-ресурса"]
    assert sorted(web) == [f"Web-мастер · level {n}" for n in (5, 6, 7)]
    ru = _suggest(full_client, "тестировщик", lang="ru")
    assert [s["kind"] for s in ru if s["label"] == "Тестировщик"] == ["Квалификация (образование)"]
    cards = {s["href"] for s in ru if s["matched"] == "Тестировщик"}
    assert {f"{PS55}/card/{n}" for n in (13, 14, 15)} <= cards
