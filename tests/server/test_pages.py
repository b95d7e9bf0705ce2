"""The linked-data pages over the seed store: dereferenceable IRIs with content negotiation,
the page of each kind of resource, versions, provenance, browsing, languages, comparison and
the public URL. Expected texts are read by hand from the seed documents
(``data/sources/seeds``) and cited by line."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from nqs.config import Settings
from nqs.namespaces import NQS, PROV, RDFS
from nqs.server.app import create_app
from nqs.server.pages.i18n import LANGUAGES, messages
from nqs.server.pages.rdf import context

ID = "https://w3id.org/kz-nqs/id/"
STANDARD = "standard/R90012023"
CARD1 = STANDARD + "/card/1"
SKILL = CARD1 + "/function/1/skill/1"
# seed 004, lines 26-31 (old wording) and 99-103 (new wording, order № 616)
CHANGED = "standard/order-591-2023-11-20-annex-1/card/3/function/1/skill/1/ability/1"
RDF_TYPES = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
}


class _Text(HTMLParser):
    """The text of a page, each element's text on its own, and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v for k, v in attrs if k == "href" and v]

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.parts.append(" ".join(data.split()))


def _parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def _page(client: FlaskClient, path: str, **args: str) -> str:
    r = client.get(path, query_string=args, headers={"Accept": "text/html"})
    assert r.status_code == 200, (path, r.status_code)
    assert r.mimetype == "text/html"
    return r.get_data(as_text=True)


def _in_order(text: str, *items: str) -> None:
    """Each item occurs in ``text`` after the one before it."""
    at = 0
    for item in items:
        found = text.find(item, at)
        assert found >= 0, f"{item!r} not found after position {at}"
        at = found + len(item)


def _graph(body: bytes, fmt: ox.RdfFormat) -> set[ox.Triple]:
    if fmt == ox.RdfFormat.JSON_LD:  # the context it names by URL, given
        document = json.loads(body)
        document["@context"] = context()
        body = json.dumps(document).encode()
    return {q.triple for q in ox.parse(body, format=fmt)}


# ---- dereferencing and content negotiation --------------------------------------------


def test_browser_gets_html_with_links_to_every_format(client: FlaskClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = client.get("/id/" + STANDARD, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "Accept" in r.headers["Vary"]
    html = r.get_data(as_text=True)
    for name, (_, media) in RDF_TYPES.items():
        assert f'href="/id/{STANDARD}?format={name}" type="{media}"' in html
        assert f'<link rel="alternate" type="{media}" href="/id/{STANDARD}?format={name}"' in html
    assert 'rel="alternate"; type="text/turtle"' in r.headers["Link"]
    assert ID + STANDARD in html


@pytest.mark.parametrize("name", list(RDF_TYPES))
def test_rdf_clients_get_the_description(client: FlaskClient, name: str) -> None:
    fmt, media = RDF_TYPES[name]
    by_accept = client.get("/id/" + CARD1, headers={"Accept": media})
    by_param = client.get("/id/" + CARD1, query_string={"format": name})
    for r in (by_accept, by_param):
        assert r.status_code == 200 and r.mimetype == media
        assert "Accept" in r.headers["Vary"]
    triples = _graph(by_accept.data, fmt)
    assert triples == _graph(by_param.data, fmt)
    card, standard = ox.NamedNode(ID + CARD1), ox.NamedNode(ID + STANDARD)
    # its own triples (seed 000, line 63: "Кәсіптің атауы: Балеттанушы")
    assert (
        ox.Triple(card, ox.NamedNode(str(RDFS.label)), ox.Literal("Балеттанушы", language="kk"))
        in triples
    )
    # the links to it
    assert ox.Triple(standard, ox.NamedNode(str(NQS.hasCard)), card) in triples
    # its provenance: the source document's own description
    derived = ox.NamedNode(str(PROV.wasDerivedFrom))
    doc = next(t.object for t in triples if t.subject == card and t.predicate == derived)
    assert isinstance(doc, ox.NamedNode)
    file_name = ox.Literal("000_ed35bb0e5147c5b7.txt")
    assert ox.Triple(doc, ox.NamedNode(str(NQS.fileName)), file_name) in triples


def test_description_equals_an_independent_query(
    client: FlaskClient, seed_settings: Settings
) -> None:
    """The Turtle answer holds exactly the resource's triples, those pointing at it and its
    source document's triples (compared with the store read directly)."""
    from nqs.store import current_build

    db = ox.Store.read_only(str(current_build(seed_settings.store)))
    iri = ox.NamedNode(ID + SKILL)
    expected: set[ox.Triple] = set()
    for q in db.quads_for_pattern(iri, None, None):
        expected.add(q.triple)
        if q.predicate.value == str(PROV.wasDerivedFrom):
            expected |= {d.triple for d in db.quads_for_pattern(q.object, None, None)}  # type: ignore[arg-type]
    expected |= {q.triple for q in db.quads_for_pattern(None, None, iri)}
    del db
    r = client.get("/id/" + SKILL, headers={"Accept": "text/turtle"})
    assert _graph(r.data, ox.RdfFormat.TURTLE) == expected


def test_unknown_resources_and_formats(client: FlaskClient) -> None:
    r = client.get("/id/standard/NO-SUCH", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.mimetype == "text/html"
    r = client.get("/id/standard/NO-SUCH", headers={"Accept": "text/turtle"})
    assert r.status_code == 404 and r.mimetype == "text/plain"
    r = client.get("/id/" + STANDARD, headers={"Accept": "application/pdf"})
    assert r.status_code == 406 and "text/turtle" in r.get_data(as_text=True)
    # an unknown format name leaves the choice to Accept
    r = client.get("/id/" + STANDARD, query_string={"format": "pdf"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    r = client.get(
        "/id/" + STANDARD, query_string={"format": "pdf"}, headers={"Accept": "application/pdf"}
    )
    assert r.status_code == 406
    assert client.get("/id/").status_code == 302


def test_iri_with_non_ascii_segment(client: FlaskClient) -> None:
    """The joint order № 665-ө-м / № 6 (seed 002, line 8) is minted with a percent-encoded
    segment; the decoded path reaches it."""
    html = _page(client, "/id/act/2013-12-18/665-ө-м")
    assert "665-%D3%A9-%D0%BC" in html
    assert "Not in force" in html


# ---- pages of each kind ------------------------------------------------------------------


def test_standard_page(client: FlaskClient) -> None:
    html = _page(client, "/id/" + STANDARD)
    text = " ".join(_parse(html).parts)
    # passport: code and approving act (seed 000, lines 2-10)
    assert "R90012023" in text
    assert "№ 150, 17.04.2024" in text
    # the economic activity path down to subclass 90.01.2 "Концерт қызметі"
    _in_order(text, "Economic activity (OKED)", "90.01", "Концерт қызметі")
    # cards by level: the three cards at levels 6, 7, 8 (seed 000, lines 55-57)
    _in_order(text, "Level 6", "Балеттанушы", "Level 7", "Балеттанушы", "Level 8")
    for n in (1, 2, 3):
        assert f'href="/id/{STANDARD}/card/{n}"' in html


def test_card_page_in_document_order(client: FlaskClient) -> None:
    html = _page(client, "/id/" + CARD1)
    text = " ".join(_parse(html).parts)
    # occupation and level (seed 000, lines 61-67)
    assert "2633-1-001" in text and "SQF R level 6" in text and "NQF level 6" in text
    # the NQF level 6 descriptors come with the card
    assert "What the NQF level asks" in text
    # mandatory functions, then the additional one (seed 000, lines 107-120)
    _in_order(
        text,
        "Ғылыми-зерттеу жұмысы",
        "Сыни жұмысы",
        "Редакциялық және баспа жұмысы",
        "Ұйымдастырушылық және шығармашылық жұмысы",
        "additional",
        "Ұйымдастыру-басқару жұмысы, баспасөз және шығармашылық одақтармен байланысы",
    )
    # function 1, skill 1 and 2 with their abilities and knowledge (lines 122-160)
    _in_order(
        text,
        "Өзіндік ғылыми-зерттеу жұмыстарын ұйымдастыру және жүзеге асыруы",
        "Хореографиялық өнердің тарихы мен теориясы саласында өз бетінше",
        "Мұрақор құжаттарымен жұмыс істеу дағдыларын меңгеру.",
        "Отандық және әлемдік хореографиялық өнердің тарихын.",
        "Зерттеу тобының құрамында ғылыми-зерттеу процесін ұйымдастыру және жүзеге асыруы",
        "Зерттеу тобының құрамында жұмыс істеу дағдыларын меңгеру.",
        "Ғылыми-зерттеу жұмысын жүргізу әдістемелерін.",
    )
    # other titles (line 96: "1432-0-003 - Бас өнертанушы") and the main purpose (line 98)
    assert "Бас өнертанушы" in text and "1432-0-003" in text
    assert "Кәсиби өнертану, сыни, ғылыми-зерттеу" in text
    # breadcrumb to the standard
    assert re.search(r'<nav class="crumbs".*?href="/id/standard/R90012023"', html, re.S)


def test_skill_page_walks_up_and_down(client: FlaskClient) -> None:
    html = _page(client, "/id/" + SKILL)
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', html, re.S)
    assert crumbs
    hrefs = _parse(crumbs.group(0)).hrefs
    assert hrefs == [f"/id/{STANDARD}", f"/id/{CARD1}", f"/id/{CARD1}/function/1"]
    assert f'href="/id/{SKILL}/ability/1"' in html
    assert f'href="/id/{SKILL}/knowledge/1"' in html


def test_level_page(client: FlaskClient) -> None:
    html = _page(client, "/id/framework/nqf/level/6")
    text = " ".join(_parse(html).parts)
    # seed 002: level 6 pathway "Жоғары білім. Бакалавриат, резидентура, практикалық тәжірибе."
    assert "Жоғары білім. Бакалавриат, резидентура, практикалық тәжірибе." in text
    for descriptor in ("knowledge descriptor", "skills descriptor", "competence descriptor"):
        assert descriptor in text
    # the sectoral level R 6 and its card (seed 000, card 1 at level 6)
    assert 'href="/id/framework/sqf/R/level/6"' in html
    assert f'href="/id/{CARD1}"' in html
    assert f'href="/id/{STANDARD}/card/2"' not in html


def test_occupation_page(client: FlaskClient) -> None:
    html = _page(client, "/id/occupation/2633-1-001")
    # the three cards of seed 000 share the occupation 2633-1-001 (lines 61-62 and later)
    for n in (1, 2, 3):
        assert f'href="/id/{STANDARD}/card/{n}"' in html
    # its ISCO unit group, and its place in the NKZ tree
    assert 'href="http://data.europa.eu/esco/isco/C2633"' in html
    assert 'href="/id/occupation/2633-1"' in html


def test_legal_act_pages(client: FlaskClient) -> None:
    # order № 616 (seed 004) amends order № 591
    html = _page(client, "/id/act/2023-12-06/616")
    assert 'href="/id/act/2023-11-20/591"' in html
    assert "What it amends" in html
    # order № 591 approves the standard and is amended by № 616
    html = _page(client, "/id/act/2023-11-20/591")
    text = " ".join(_parse(html).parts)
    assert 'href="/id/standard/order-591-2023-11-20-annex-1"' in html
    assert "Amended by" in text and 'href="/id/act/2023-12-06/616"' in html
    # order № 61 (seed 003) was repealed by order № 338 of 13.07.2009
    html = _page(client, "/id/act/2008-02-12/61")
    text = " ".join(_parse(html).parts)
    assert "Not in force" in text
    assert 'href="/id/act/2009-07-13/338"' in html
    assert 'href="/id/position/order-61-2008/1/1"' in html


def test_position_page_with_career_ladder(client: FlaskClient) -> None:
    """Seed 003, lines 200-292: a professor needs a year as associate professor (доцент), an
    associate professor a year as senior lecturer (аға оқытушы), a senior lecturer a year as
    lecturer (оқытушы)."""
    html = _page(client, "/id/position/order-61-2008/1/6")
    ladder = re.search(r'<ol class="ladder">(.*?)</ol>', html, re.S)
    assert ladder
    assert _parse(ladder.group(1)).parts == ["Оқытушы", "Аға оқытушы", "Доцент", "Профессор"]
    assert 'aria-current="step"' in ladder.group(1)
    text = " ".join(_parse(html).parts)
    assert "Duties" in text and "Qualification requirements" in text


def test_versions_show_dates_act_and_word_diff(client: FlaskClient) -> None:
    html = _page(client, "/id/" + CHANGED)
    text = " ".join(_parse(html).parts)
    assert "valid until 2023-12-06" in text
    assert 'href="/id/act/2023-12-06/616"' in html
    # seed 004: "ескере отырып магистратура мен докторантурада оқу сабақтарын" became
    # "ескере отырып, оқу сабақтарын"
    deleted = re.findall(r"<del>(.*?)</del>", html)
    inserted = re.findall(r"<ins>(.*?)</ins>", html)
    assert any("магистратура мен докторантурада" in d for d in deleted)
    assert any("отырып," in i for i in inserted)
    # the newer version says where it came from
    html = _page(client, "/id/" + CHANGED + "/v/2023-12-06")
    assert "valid from 2023-12-06" in html
    # and the card shows the current wording, with the change
    html = _page(client, "/id/standard/order-591-2023-11-20-annex-1/card/3")
    assert "ескере отырып, оқу сабақтарын" in html
    assert "Show the change" in html


def test_provenance_shows_the_source_lines(client: FlaskClient) -> None:
    html = _page(client, "/id/" + SKILL)
    excerpt = re.search(r'<pre class="source-lines">(.*?)</pre>', html, re.S)
    assert excerpt
    marked = re.findall(
        r'<span class="source-line is-marked">'
        r'<span class="source-line__no"[^>]*>(\d+)</span>(.*?)</span>',
        excerpt.group(1),
    )
    # the skill's place is lines 127-145 of seed 000; line 127 reads "Дағды 1:"
    assert marked[0] == ("127", "Дағды 1:")
    assert "lines 127–145" in html
    assert 'href="/id/source/ded0e4e25f842354#L127"' in html


def test_source_document_page(client: FlaskClient) -> None:
    html = _page(client, "/id/source/ded0e4e25f842354")
    assert '<span class="source-line" id="L63">' in html
    assert "Кәсіптің атауы: Балеттанушы" in html
    assert f'href="/id/{STANDARD}"' in html


def test_generic_page_lists_facts_and_inverse_links(client: FlaskClient) -> None:
    html = _page(client, "/id/" + CARD1 + "/related/1")
    text = " ".join(_parse(html).parts)
    assert "Балетмейстер қоюшы" in text
    assert 'href="/id/framework/sqf/R/level/6"' in html
    assert "Linked from" in text and f'href="/id/{CARD1}"' in html


# ---- navigation ------------------------------------------------------------------------


def test_levels_overview(client: FlaskClient) -> None:
    html = _page(client, "/browse")
    for n in range(1, 9):
        assert f'href="/id/framework/nqf/level/{n}"' in html
    for n in (6, 7, 8):
        assert f'href="/id/framework/sqf/R/level/{n}"' in html


def test_classifier_trees(client: FlaskClient) -> None:
    html = _page(client, "/browse/oked")
    # R → 90 → 90.0 → 90.01 → 90.01.2, with the standard under its subclass
    _in_order(
        html, "/id/oked/R", "/id/oked/90", "/id/oked/90.01", "/id/oked/90.01.2", f"/id/{STANDARD}"
    )
    html = _page(client, "/browse/nkz")
    _in_order(html, "/id/occupation/2633", "/id/occupation/2633-1", "/id/occupation/2633-1-001")


def test_alphabetical_index(client: FlaskClient) -> None:
    html = _page(client, "/browse/index", letter="Б")
    assert f'href="/id/{STANDARD}"' in html
    assert 'aria-current="page">Б<' in html
    html = _page(client, "/browse/index", letter="Ж")
    assert 'href="/id/standard/order-591-2023-11-20-annex-1"' in html


# ---- languages -------------------------------------------------------------------------


def test_message_files_have_the_same_keys() -> None:
    keys = {lang: set(messages(lang)) for lang in LANGUAGES}
    assert keys["kk"] == keys["en"] == keys["ru"]
    for lang in LANGUAGES:
        assert all(v.strip() for v in messages(lang).values()), lang


def test_interface_language_by_parameter_and_cookie(client: FlaskClient) -> None:
    r = client.get("/id/" + CARD1, query_string={"lang": "kk"})
    html = r.get_data(as_text=True)
    assert '<html lang="kk">' in html
    assert messages("kk")["card.functions"] in html
    assert "nqs_lang=kk" in r.headers["Set-Cookie"]
    # the cookie keeps it
    html = client.get("/id/" + CARD1).get_data(as_text=True)
    assert '<html lang="kk">' in html
    html = client.get("/", query_string={"lang": "ru"}).get_data(as_text=True)
    assert messages("ru")["nav.home"] in html and '<html lang="ru">' in html


def test_accept_language_picks_the_interface(app: Flask) -> None:
    with app.test_client() as c:
        html = c.get("/browse", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_data(
            as_text=True
        )
    assert '<html lang="ru">' in html


def test_label_language_is_separate_with_fallback(app: Flask) -> None:
    """NQF level 6 has labels in Kazakh and English (seed 002 and the loader); the
    Balettanushy card only in Kazakh (seed 000)."""
    with app.test_client() as c:
        en = c.get("/id/framework/nqf/level/6", query_string={"lang": "ru", "labels": "en"})
        html = en.get_data(as_text=True)
        assert '<h1 lang="en">NQF level 6</h1>' in html
        assert messages("ru")["level.about"] in html
        html = c.get("/id/framework/nqf/level/6", query_string={"labels": "kk"}).get_data(
            as_text=True
        )
        assert '<h1 lang="kk">Ұлттық біліктілік шеңберінің 6-деңгейі</h1>' in html
        # no English label: the Kazakh one is shown, marked as Kazakh
        html = c.get("/id/" + CARD1, query_string={"labels": "en"}).get_data(as_text=True)
        assert '<h1 lang="kk">Балеттанушы</h1>' in html


# ---- comparison ------------------------------------------------------------------------


def test_comparison_page_and_chart(client: FlaskClient) -> None:
    html = _page(client, "/compare", level="6")
    # the seed store has one sector with cards: R (seed 000), with one card per level 6-8
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert f'href="/id/{CARD1}"' in html
    table = re.search(r'<details class="chart-table">.*?</details>', html, re.S)
    assert table
    # card 1: 5 functions (4 mandatory + 1 additional, seed 000 lines 107-120)
    cells = _parse(table.group(0)).parts
    assert "1 / 5 / 10" in cells
    svg = client.get("/compare/chart.svg")
    assert svg.mimetype == "image/svg+xml"
    assert svg.get_data(as_text=True).startswith('<svg xmlns="http://www.w3.org/2000/svg"')


# ---- behind a reverse proxy --------------------------------------------------------------


@pytest.fixture()
def proxied(seed_settings: Settings) -> Iterator[FlaskClient]:
    settings = seed_settings.override(public_url="https://nqs.example.org/kz/")
    app = create_app(settings, {"TESTING": True})
    with app.test_client() as c:
        yield c
    evaluator = app.extensions.get("nqs.evaluator")
    if evaluator is not None:
        evaluator.stop()


def test_public_url(proxied: FlaskClient) -> None:
    # the proxy strips the prefix, or forwards it: both reach the page
    for path in ("/id/" + CARD1, "/kz/id/" + CARD1):
        html = _page(proxied, path)
        assert f'href="/kz/id/{STANDARD}"' in html
        assert 'href="/kz/static/nqs.css' in html
        assert f'href="/kz/id/{CARD1}?format=turtle"' in html
    r = proxied.get("/id/")
    assert r.headers["Location"] == "https://nqs.example.org/kz/browse"
    r = proxied.get("/id/" + CARD1, headers={"Accept": "text/turtle"})
    assert (
        f'<https://nqs.example.org/kz/id/{CARD1}?format=nt>; rel="alternate"' in r.headers["Link"]
    )


# ---- security ----------------------------------------------------------------------------

PAGES = [
    "/id/" + STANDARD,
    "/id/" + CARD1,
    "/id/" + CHANGED,
    "/browse",
    "/browse/oked",
    "/browse/index",
    "/search?q=балет",
    "/compare",
    "/build",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_code(client: FlaskClient, path: str) -> None:
    r = client.get(path)
    csp = dict(d.strip().split(" ", 1) for d in r.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    html = r.get_data(as_text=True)
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)
    scripts = re.findall(r"<script[^>]*>", html)
    assert len(scripts) == 1
    assert re.fullmatch(r'<script src="/static/pages\.js\?v=[^"]+" defer>', scripts[0])
    # every heading level follows the one before it
    levels = [int(h) for h in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_suggest_is_json(client: FlaskClient) -> None:
    r = client.get("/search/suggest", query_string={"q": "балет"})
    assert r.mimetype == "application/json"
    data = json.loads(r.data)
    assert any(hit["href"] == f"/id/{STANDARD}" for hit in data["results"])
