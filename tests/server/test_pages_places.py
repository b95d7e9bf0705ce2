"""The page of each kind of resource that had no place before issue 18 shows where it was
read: for a text, the lines with the text around them (the place marked); for Word and PDF,
the paragraph/row or page, the text recorded there and what else was read there; for a
resource several documents name, each document with its own place. Lines, rows and pages
read by hand in the sources."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from nqs.config import Settings
from nqs.server.app import create_app

STANDARD = "standard/R90012023"
CARD1 = STANDARD + "/card/1"
# seed 000 (source/ded0e4e25f842354): the kinds read from it that had no place
SEED_000 = [
    (f"{CARD1}/competency/1", "350", "Ұқыптылық"),
    (f"{CARD1}/related/1", "363", "6 Балетмейстер қоюшы"),
    (f"{CARD1}/other-title/1", "100", "1432-0-003 - Бас өнертанушы"),
    (
        f"{STANDARD}/approval/1",
        "720",
        "14. Кәсіптік біліктілік жөніндегі салалық кеңес: 10.01.2024 г.",
    ),
    ("framework/sqf/R/level/6", "65", "СБШ бойынша біліктілік"),
    ("occupation/2633-1-001", "63", "Қызмет атауының коды: 2633-1-001"),
    ("occupation/2633", "63", "Қызмет атауының коды: 2633-1-001"),
    ("oked/90.01", "48", "90.01 Әртістік қызмет"),
    ("framework/sqf/R", "45", "R Өнер, ойын-сауық және демалыс"),
    ("act/2024-04-17/150", "2", "Қазақстан Республикасы"),
]
# seeds 002-004: concepts of the loaders' own tables, the amended act, diff segments
SEED_ACTS = [
    # seed 002, lines 414-415: level 3's route, general secondary education (ISCED 3)
    ("isced-2011/3", "414", "Негізгі орта білімнен кем емес жалпы орта білімі болған кезде"),
    # seed 003, lines 88-90: position 1/1's requirements name the doctor of sciences degree
    (
        "academic-degree/doctor-of-sciences",
        "88",
        "Біліктілікке қойылатын талаптар: жоғары білімі, ғылым докторы ғылыми",
    ),
    # seed 004, lines 1-8: the heading naming order № 591
    ("act/2023-11-20/591", "2", '"Жоғары және (немесе) жоғары оқу орнынан кейінгі білім беру'),
    # seed 004, lines 26-103: amendment 1's change, from the old wording (line 26) on
    ("act/2023-12-06/616/amendment/1/change/1/diff/kk/1", "26", "1. студенттік орталықтандырылған"),
]
MARKED = re.compile(
    r'<span class="source-line is-marked"><span class="source-line__no"[^>]*>(\d+)</span>'
    r"(.*?)</span>"
)


def _page(client: FlaskClient, path: str) -> str:
    response = client.get("/id/" + path, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _first_marked(html: str) -> tuple[str, str]:
    """The first line of the place that is not blank: its number and text."""
    excerpt = re.search(r'<pre class="source-lines">(.*?)</pre>', html, re.S)
    assert excerpt, "no excerpt of the source text"
    found = [(n, t) for n, t in MARKED.findall(excerpt.group(1)) if t.strip()]
    assert found, "no line marked"
    return found[0]


@pytest.mark.parametrize(("iri", "line", "words"), SEED_000 + SEED_ACTS, ids=lambda v: str(v)[:40])
def test_text_place_shown_with_the_lines_around_it(
    client: FlaskClient, iri: str, line: str, words: str
) -> None:
    number, text = _first_marked(_page(client, iri))
    assert number == line
    assert text.strip().startswith(words.replace('"', "&#34;")) or text.strip().startswith(words)


def test_an_act_several_documents_cite_has_a_place_in_each(client: FlaskClient) -> None:
    """The Law «Білім туралы» of 27 July 2007 № 319-III: seed 003 lines 14-15 (shown, its
    document first by IRI), seed 002 lines 72-75 and seed 001 lines 19-21 (listed)."""
    html = _page(client, "act/2007-07-27/319-III")
    number, text = _first_marked(html)
    assert (number, text.strip()) == (
        "14",
        "&#34;Білім туралы&#34; Қазақстан Республикасының 2007 жылғы 27 шілдедегі",
    )
    assert "lines 14–15" in html
    elsewhere = re.search(r'<ul class="provenance-elsewhere">(.*?)</ul>', html, re.S)
    assert elsewhere
    items = re.findall(r'href="/id/(source/\w+)".*? · (lines \d+–\d+)', elsewhere.group(1))
    assert items == [
        ("source/3ae93e68f07ff53c", "lines 72–75"),
        ("source/3d750fbd1c2c5d89", "lines 19–21"),
    ]


# -- Word and PDF: the place and what was read there ------------------------------------------

KIND2_25 = "standard/order-222-2022-12-05-annex-25/card/1"
PDF_55 = (
    "standard/razrabotchiki-programmnogo-obespecheniia-i-spetsialisty-po-testirovaniiu"
    "-web-i-multimediinykh-prilozhenii/card/1"
)


@pytest.fixture(scope="module")
def full(full_settings: Settings) -> Iterator[FlaskClient]:
    app = create_app(full_settings, {"TESTING": True})
    with app.test_client() as client:
        yield client
    evaluator = app.extensions.get("nqs.evaluator")
    if evaluator is not None:
        evaluator.stop()


@pytest.mark.parametrize(
    ("iri", "place", "sibling"),
    [
        # Kind2 25 row 52: the personal competencies «Ответственность. Исполнительность. …»
        (f"{KIND2_25}/competency/1", "paragraph/row 52", f"{KIND2_25}/competency/2"),
        # row 54: «142. Инженер - электроник / 185. Техник-программист»
        (f"{KIND2_25}/handbook-link/1", "paragraph/row 54", f"{KIND2_25}/handbook-link/2"),
        # row 55: education «общее среднее / ТиПО», its specialties and qualifications
        (
            f"{KIND2_25}/education-link/1/specialty/1",
            "paragraph/row 55",
            f"{KIND2_25}/education-link/1",
        ),
        (
            f"{KIND2_25}/education-link/1/qualification/1",
            "paragraph/row 55",
            f"{KIND2_25}/education-link/1/specialty/2",
        ),
        # PdfDefault 55 page 4: card 1's competencies and related occupations
        (f"{PDF_55}/related/1", "page 4", f"{PDF_55}/competency/1"),
    ],
    ids=lambda v: str(v)[-40:],
)
def test_word_and_pdf_place_shown_with_what_was_read_there(
    full: FlaskClient, iri: str, place: str, sibling: str
) -> None:
    html = _page(full, iri)
    assert f"<dd>{place}</dd>" in html
    assert f'href="/id/{sibling}"' in html


@pytest.mark.parametrize(
    ("iri", "number", "words"),
    [
        # Kind2 25 row 52 (its cells joined by " | "): the personal competencies
        (f"{KIND2_25}/competency/1", "52", "Ответственность."),
        # row 54: the handbook's «142. Инженер - электроник»
        (f"{KIND2_25}/handbook-link/1", "54", "142. Инженер - электроник"),
        # row 55: the education, «общее среднее»
        (f"{KIND2_25}/education-link/1/specialty/1", "55", "общее среднее"),
        # PdfDefault 55 page 4: card 1's related occupations, on the page's rows
        (f"{PDF_55}/related/1", "4", "Связь с другими профессиями в рамках ОРК"),
    ],
    ids=lambda v: str(v)[-40:],
)
def test_word_and_pdf_place_shown_with_the_text_there(
    full: FlaskClient, iri: str, number: str, words: str
) -> None:
    """The text the build recorded at the place (``source-text.json``), the place marked."""
    html = _page(full, iri)
    excerpt = re.search(r'<pre class="source-lines">(.*?)</pre>', html, re.S)
    assert excerpt, "no excerpt of the source text"
    marked = MARKED.findall(excerpt.group(1))
    # rows numbered by their first paragraph, row or page (a PDF row may start a page before)
    assert marked and number in {n for n, _ in marked}
    assert any(words in text for _, text in marked), marked[:3]
