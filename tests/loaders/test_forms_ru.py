"""The Russian versions of the seeds (standard, course rules, NQF order, positions order,
amending order) in every form, and the two languages across forms.

``fixtures/forms/000_ru.{docx,pdf,html}`` are ``000_ru.txt`` (seed 000 translated by hand,
line for line) laid out by ``scripts/make_forms.py`` as seed 000's forms are: the cards as
two-column tables, the Russian labels (``Код группы:``, ``Навык 1:``, ``Умения:``, …) in the
left column. ``fixtures/forms/002_ru.{docx,pdf,html}`` are ``002_ru.txt`` (seed 002, the NQF
order, translated by hand line for line) laid out as seed 002's forms are: the order's
paragraphs, the signatures side by side, the annex header's two stamps, Annex 1 (levels and
their three descriptors) and Annex 2 (levels and their pathways) as tables, under the Russian
headings the parser reads. Each must give what its text gives, as each form of a seed gives
what the seed gives (``test_forms_seeds``): the same graph once provenance is set aside, the
same warnings (none for the standard; for the NQF the annex header's two misdated orders),
places in the form's own units, the same text left unassigned and share read, and the hand
counts (``test_standard_ru_current``; ``test_nqf_ru``: 9 provisions, 14 glossary terms, 8
levels with 24 descriptors, 8 pathways with 14 routes, 4 legal acts). So do the Russian
course rules (``001_ru``: 9 sections of 58 points with 53 list items, 2 annexes and 2 sheets)
and the Russian amending order (``004_ru``: 4 rows of 3 cards, 7 skills, 18 abilities, 18
knowledge items, 7 changed elements, paragraph 16 with 4 developers), laid out as seeds 001
and 004 are; the order's forms give its warnings but the one about the text's own layout
(the start of a skill title printed again after a page break).

Across languages and forms: a Kazakh form and a Russian form of the standard, built
together, validate clean under nqsh:LanguageVersions (the Kazakh PDF with the Russian Word
file, the Kazakh web page with the Russian PDF), and the Russian Word file with one ability
taken out of a card's cell gives the violation naming both files and where the Kazakh form
states the ability. So do the NQF order's forms under nqsh:FrameworkLanguageVersions (a
Kazakh form with a Russian form of another format), and the Russian Word file with one route
of a pathway taken out of its cell gives the violation naming both files.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from dataclasses import astuple
from pathlib import Path

import docx
import pytest
from rdflib import Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.term import Node

from nqs.build import build
from nqs.config import Settings
from nqs.loaders.amendment.model import AmendmentDocument
from nqs.loaders.courses.model import CourseRulesDocument
from nqs.loaders.documents import LoadedDocument
from nqs.loaders.framework.model import NqfDocument
from nqs.loaders.standard.model import StandardDocument
from nqs.loaders.standard.parse_current import KK, RU
from nqs.loaders.standard.summary import card_counts
from nqs.namespaces import DCTERMS, NQS, PROV
from nqs.validation.defects import DEFECTS_FILE, KnownDefect, read_defects
from nqs.validation.report import Finding, Report
from nqs.validation.run import ValidationFailed
from tests.conftest import BALLET, SOURCES
from tests.loaders.test_forms_seeds import (
    BASE,
    FORMATS,
    FORMS,
    UNITS,
    loaded,
    make_forms,
    parsed,
    without_provenance,
)
from tests.loaders.test_nqf_ru import GLOSSARY_TERMS, ROUTES_PER_LEVEL
from tests.loaders.test_nqf_ru import HAND_COUNTS as NQF_HAND_COUNTS
from tests.loaders.test_nqf_ru import counts as nqf_counts
from tests.loaders.test_standard_ru_current import CARD_LISTS, HAND_COUNTS

RU_TEXT = FORMS / "000_ru.txt"
KK_STEM = "000_ed35bb0e5147c5b7"
# The Russian texts laid out as forms, and the kind of act each is read as.
RU_KINDS = {
    "000_ru": "professional-standard",
    "001_ru": "course-rules",
    "002_ru": "qualification-framework",
    "003_ru": "qualification-characteristics",
    "004_ru": "amending-order",
}
RU_CASES = [(stem, fmt) for stem in RU_KINDS for fmt in FORMATS]
GRAPH_CASES = [pytest.param(stem, fmt) for stem, fmt in RU_CASES]
# The warnings each text gives (the NQF's annex header dates the orders it names 2013 for
# 2012; a position of the positions order has two requirements paragraphs; the amending
# order's card 5 heading has an unbalanced quotation mark, line 383, and the start of a
# skill title printed again after a page break, line 51), as its forms do but those below.
WARNINGS = {"000_ru": 0, "001_ru": 0, "002_ru": 2, "003_ru": 1, "004_ru": 2}
# Warnings about the layout of the extracted text itself, which no form repeats: like seed
# 004, the Russian text prints the start of a skill title cut by a page break again (lines
# 23 and 51, «Обеспечение требуемого уровня»); the forms print the title once.
TEXT_LAYOUT_WARNINGS = {"004_ru": ["card 3, old text: repeated start of a skill title dropped"]}
# The texts that leave some text to no element (the course rules leave none).
UNASSIGNED = {"000_ru": True, "001_ru": False, "002_ru": True, "003_ru": False, "004_ru": False}
NQF_KK_STEM = "002_cbc5d0d511fbfc57"
FRAMEWORK = URIRef(BASE + "framework/nqf")
# the route taken out of the Russian Word file: level 4's second route
ROUTE = "level/4/pathway/route/2"
ROUTE_TEXT = (
    "Техническое и профессиональное образование повышенного уровня (дополнительная "
    "профессиональная подготовка или послесреднее образование), наличие практического опыта "
    "не требуется."
)
STANDARD = URIRef(BASE + "standard/R90012023")
# the ability taken out of the Russian Word file: card 1, function 1, skill 1, ability 2
ABILITY = "card/1/function/1/skill/1/ability/2"
ABILITY_TEXT = "2. Владеть навыками работы с архивными документами."
# How the LanguageVersions message names a place in each unit, in each language.
PLACES = {
    "row": {"kk": "кестенің {}-жолдары", "ru": "строки таблицы {}", "en": "rows {}"},
    "page": {"kk": "{}-беттер", "ru": "страницы {}", "en": "pages {}"},
}


def ru_form(fmt: str) -> Path:
    return FORMS / f"000_ru.{fmt}"


def kk_form(fmt: str) -> Path:
    return FORMS / f"{KK_STEM}.{fmt}"


def text(stem: str = "000_ru") -> LoadedDocument:
    return loaded(FORMS / f"{stem}.txt")


def ids(case: tuple[str, str]) -> str:
    return f"{case[0][:3]}-{case[1]}"


# -- each Russian form gives what the Russian text gives --------------------------------------


@pytest.mark.parametrize(("stem", "fmt"), GRAPH_CASES, ids=lambda x: x[:3])
def test_same_graph(stem: str, fmt: str) -> None:
    original, other = text(stem), loaded(FORMS / f"{stem}.{fmt}")
    assert other.format == fmt
    assert other.kind == original.kind == RU_KINDS[stem]
    a = to_isomorphic(without_provenance(original.graph))
    b = to_isomorphic(without_provenance(other.graph))
    if a != b:
        _, only_text, only_form = graph_diff(a, b)
        shown = sorted(only_text)[:5], sorted(only_form)[:5]
        pytest.fail(
            f"{len(only_text)} triples only from the text, {len(only_form)} only from "
            f"the {fmt}: {shown}"
        )


@pytest.mark.parametrize("case", RU_CASES, ids=ids)
def test_same_warnings(case: tuple[str, str]) -> None:
    """The same warnings (none for the standard and the course rules; the NQF's annex
    header dates the orders it names 2013 for 2012, in the Russian text as in the Kazakh
    one; the positions order has one position with two requirements paragraphs; the
    amending order's card heading has an unbalanced quotation mark), but those about the
    text's own layout."""
    stem, fmt = case
    expected = Counter(w.message for w in text(stem).warnings)
    assert sum(expected.values()) == WARNINGS[stem]
    expected.subtract(TEXT_LAYOUT_WARNINGS.get(stem, []))
    got = Counter(w.message for w in loaded(FORMS / f"{stem}.{fmt}").warnings)
    assert got == +expected


@pytest.mark.parametrize(("stem", "fmt"), GRAPH_CASES, ids=lambda x: x[:3])
def test_places_are_the_forms(stem: str, fmt: str) -> None:
    """Every element placed in the text is placed in the form, in the form's units and
    within it; so is every warning that has a place."""
    path = FORMS / f"{stem}.{fmt}"
    doc = loaded(path)
    last = max(r.loc.end for r in parsed(path).stream.rows)
    g = doc.graph
    placed: dict[Node, tuple[str, int, int]] = {}
    for s, unit in g.subject_objects(NQS.sourceUnit):
        start, end = g.value(s, NQS.sourceStart), g.value(s, NQS.sourceEnd)
        placed[s] = (str(unit), int(str(start)), int(str(end)))
    assert set(placed) == set(text(stem).graph.subjects(NQS.sourceUnit))
    for s, place in placed.items():
        assert place[0] in UNITS[fmt], (s, place)
        assert 1 <= place[1] <= place[2] <= last, (s, place)
    for w in doc.warnings:
        assert w.loc is None or w.loc.unit in UNITS[fmt], w


@pytest.mark.parametrize("case", RU_CASES, ids=ids)
def test_same_text_unassigned(case: tuple[str, str]) -> None:
    """The same text left to no element (the standard's chapter headings; the NQF order's
    annex header, section headings and the annexes' headings; none of the positions order,
    the amending order and the course rules: their operative parts are read), and the same
    share read."""
    stem, fmt = case

    def unassigned(doc: LoadedDocument) -> str:
        return "".join(c for b in doc.document.unassigned for c in b.text if not c.isspace())

    original, other = text(stem), loaded(FORMS / f"{stem}.{fmt}")
    assert unassigned(other) == unassigned(original)
    assert (unassigned(original) != "") == UNASSIGNED[stem]
    assert other.coverage.unassigned_characters == original.coverage.unassigned_characters
    assert abs(other.coverage.share - original.coverage.share) < 0.001


@pytest.mark.parametrize("fmt", FORMATS)
def test_hand_counts(fmt: str) -> None:
    """The counts read by hand off the Russian text (3 cards; card 1: 4+1 functions, 10
    skills, 19 abilities, 14 knowledge items; card 2: 1+0, 2, 4, 2; card 3: 1+1, 4, 8, 7)
    hold in every form."""
    doc = parsed(ru_form(fmt)).document
    assert isinstance(doc, StandardDocument)
    assert (doc.language, doc.title) == ("ru", "Балетовед")
    assert len(doc.cards) == 3
    for ordinal, counts in HAND_COUNTS.items():
        card = doc.cards[ordinal - 1]
        got = astuple(card_counts(card))
        assert got == counts, ordinal
        lists = (len(card.other_titles), len(card.personal_competencies), len(card.related))
        assert lists == CARD_LISTS[ordinal], ordinal
    assert HAND_COUNTS == {1: (4, 1, 10, 19, 14), 2: (1, 0, 2, 4, 2), 3: (1, 1, 4, 8, 7)}


@pytest.mark.parametrize("fmt", FORMATS)
def test_nqf_hand_counts(fmt: str) -> None:
    """The counts read by hand off the Russian NQF text (``test_nqf_ru``) hold in every form:
    9 provisions, 14 glossary terms, 8 levels with 3 descriptors each, a pathway per level
    with 1, 1, 2, 2, 2, 1, 2 and 3 routes, 4 legal acts (the order, the order it amends, the
    order that repealed it, the law it cites)."""
    doc = parsed(FORMS / f"002_ru.{fmt}").document
    assert isinstance(doc, NqfDocument)
    assert (doc.language, doc.framework_title) == ("ru", "Национальная рамка квалификаций")
    assert nqf_counts(doc) == NQF_HAND_COUNTS
    assert [p.number for p in doc.provisions] == list(range(1, 10))
    assert [t.term for t in doc.glossary] == GLOSSARY_TERMS
    assert [lv.number for lv in doc.levels] == list(range(1, 9))
    assert [len(lv.pathway.routes) for lv in doc.levels if lv.pathway] == ROUTES_PER_LEVEL
    assert NQF_HAND_COUNTS == {
        "provisions": 9,
        "glossary terms": 14,
        "levels": 8,
        "descriptors": 24,
        "pathways": 8,
        "routes": 14,
        "acts": 4,
    }


# The course rules in Russian, counted by hand in ``001_ru.txt``: nine sections, headed on
# lines 1, 80, 128, 236, 296, 351, 408, 468 and 521 ("1. ОБЩИЕ ПОЛОЖЕНИЯ" to "9.
# ЗАКЛЮЧИТЕЛЬНЫЕ ПОЛОЖЕНИЯ"), of points 1.1-1.6 (lines 3-73), 2.1-2.2 (84, 98), 3.1-3.14
# (132-233), 4.1-4.3 (240-286), 5.1-5.8 (302-343), 6.1-6.7 (353-401), 7.1-7.9 (414-462),
# 8.1-8.7 (470-513) and 9.1-9.2 (523, 527).
COURSE_POINTS = {1: 6, 2: 2, 3: 14, 4: 3, 5: 8, 6: 7, 7: 9, 8: 7, 9: 2}
# The list items of the points: bullets "•" in 1.2 (lines 19-53), 5.7 (331-339), 6.2 (359,
# 363), 6.5 (381-389), 7.4 (432-436) and 7.6 (448, 450); Word's Symbol bullet (U+F0B7) in
# 2.1 (86-96), 2.2 (100-118), 3.3 (144, 146), 3.4 (154-158), 3.5 (167-177), 3.7 (189-193)
# and 3.10 (211, 213); "1)" to "8)" in 4.1 (244-276): 53 items.
COURSE_ITEMS = {
    "1.2": 7,
    "2.1": 4,
    "2.2": 5,
    "3.3": 2,
    "3.4": 3,
    "3.5": 5,
    "3.7": 3,
    "3.10": 2,
    "4.1": 8,
    "5.7": 4,
    "6.2": 2,
    "6.5": 3,
    "7.4": 3,
    "7.6": 2,
}
# The annexes (lines 532 and 613) and the two sheets (689, 694).
COURSE_ANNEXES = [
    (1, "Форма заявления"),
    (2, "Форма отчета по посткурсовому сопровождению"),
    (None, "ЛИСТ РЕГИСТРАЦИИ ИЗМЕНЕНИЙ"),
    (None, "ЛИСТ ОЗНАКОМЛЕНИЯ"),
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_course_rules_hand_counts(fmt: str) -> None:
    """The counts read by hand off the Russian course rules hold in every form: 9 sections
    of 6, 2, 14, 3, 8, 7, 9, 7 and 2 points, 53 list items in 14 points, 2 annexes and 2
    sheets; the structured values of the kinds of course (72 and 80 academic hours, 3.13 and
    3.14), 3 formats, 2 study modes and 5 trainer qualifications (3.4, 3.3, 3.5)."""
    doc = parsed(FORMS / f"001_ru.{fmt}").document
    assert isinstance(doc, CourseRulesDocument)
    assert (doc.language, doc.title) == (
        "ru",
        "ПРАВИЛА ОРГАНИЗАЦИИ КУРСОВ ПОВЫШЕНИЯ КВАЛИФИКАЦИИ ПЕДАГОГОВ",
    )
    assert {s.number: len(s.points) for s in doc.sections} == COURSE_POINTS
    numbers = [f"{s}.{k}" for s, n in COURSE_POINTS.items() for k in range(1, n + 1)]
    assert [p.number for p in doc.points] == numbers
    assert {p.number: len(p.items) for p in doc.points if p.items} == COURSE_ITEMS
    assert sum(COURSE_ITEMS.values()) == 53
    assert [(a.number, a.title) for a in doc.annexes] == COURSE_ANNEXES
    assert [(k.name, k.hours) for k in doc.course_kinds] == [
        ("Авторский курс", 72),
        ("Курс, включенный в реестр", 80),
    ]
    assert (len(doc.formats), len(doc.study_modes)) == (3, 2)
    assert len(doc.trainer_qualifications) == 5


# Order № 616 in Russian, counted by hand in ``004_ru.txt``: four quoted rows, each
# "строку: «…» изложить в следующей редакции: «…»", of card 3 (line 17) function 1 (new
# text lines 88-153), card 3 function 3 (203-243), card 4 (244) function 1 (316-382) and
# card 5 (383) function 1 (455-520); the new rows' skills ("Навык 1", "Навык 2": lines 93 and
# 128; 210; 318 and 356; 459 and 494), their abilities after "Умения:" (3 + 2; 3; 3 + 2;
# 3 + 2) and knowledge items after "Знания:" (3 + 2; 3; 3 + 2; 3 + 2). What differs from the
# old rows: abilities 1 and 3 of skill 1 in the three functions 1 (old lines 26-41, new
# 99-113, ...) and ability 1 of skill 1 in card 3's function 3: 7 elements. Paragraph 16
# (lines 521-527) is given a new wording naming 4 organisations, each with a contact person.
AMENDMENT_ROWS = [(3, 1, 2, 5, 5), (3, 3, 1, 3, 3), (4, 1, 2, 5, 5), (5, 1, 2, 5, 5)]
AMENDMENT_DEVELOPERS = 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_amendment_hand_counts(fmt: str) -> None:
    """The counts read by hand off the Russian amending order hold in every form: the order
    № 616 of 6 December 2023 amends № 591 of 20 November 2023; 4 rows of 3 cards (card,
    function, skills, abilities, knowledge items of the new row), 7 elements changed, one
    paragraph (16) with 4 developers and 4 contacts."""
    doc = parsed(FORMS / f"004_ru.{fmt}").document
    assert isinstance(doc, AmendmentDocument)
    assert doc.language == "ru"
    assert (doc.amending.number, doc.amending.date) == ("616", "2023-12-06")
    assert (doc.amended.number, doc.amended.date) == ("591", "2023-11-20")
    rows = [
        (
            c.card,
            c.new.ordinal,
            len(c.new.skills),
            sum(len(k.abilities) for k in c.new.skills),
            sum(len(k.knowledge) for k in c.new.skills),
        )
        for c in doc.changes
    ]
    assert rows == AMENDMENT_ROWS
    assert sum(len(c.edits) for c in doc.changes) == 7
    (paragraph,) = doc.paragraphs
    assert paragraph.paragraph == 16
    assert len(paragraph.developers) == paragraph.contacts_dropped == AMENDMENT_DEVELOPERS


def _left_column(path: Path) -> list[list[str]]:
    """The labels of each card of a Word form: the left column of its tables."""
    document = docx.Document(str(path))
    return [[row.cells[0].text for row in table.rows] for table in document.tables]


def test_russian_labels_in_the_cards() -> None:
    """The Russian cards have the Russian labels where the Kazakh ones have the Kazakh
    labels, row for row."""
    ru, kk = _left_column(ru_form("docx")), _left_column(kk_form("docx"))
    assert [len(rows) for rows in ru] == [len(rows) for rows in kk]
    assert len(ru) == 3 and len(ru[0]) > 40
    pairs = {(r, k) for a, b in zip(ru, kk, strict=True) for r, k in zip(a, b, strict=True)}
    # each Kazakh label of the template has the Russian label of the same key beside it
    kazakh = dict(KK.card_labels + KK.footer_labels)
    russian = dict(RU.card_labels + RU.footer_labels)
    rows = [key for key in kazakh if any(k == kazakh[key] for _, k in pairs)]
    assert len(rows) == 16
    for key in rows:
        assert {r for r, k in pairs if k == kazakh[key]} == {russian[key]}, key
    headings = [
        ("Трудовая функция 1:", "Еңбек функциясы 1:"),
        ("Дополнительная трудовая функция 1:", "Қосымша еңбек функциясы 1:"),
        ("Навык 1:", "Дағды 1:"),
        ("Умения:", "Машықтар:"),
        ("Знания:", "Білімдер:"),
        ("Возможность признания навыка:", "Дағдыны тану мүмкіндігі:"),
    ]
    assert set(headings) <= pairs
    assert {r for r, k in pairs if k in dict(headings).values()} <= set(dict(headings))


def test_forms_are_made_by_the_script() -> None:
    """The Russian forms are what ``scripts/make_forms.py`` makes, byte for byte."""
    pytest.importorskip("reportlab")
    script = make_forms()
    if not all((script.FONTS / f).exists() for f in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")):
        pytest.skip("fonts-dejavu-core is not installed")
    built = script.build(list(RU_KINDS), FORMATS)
    assert sorted(p.name for p in built) == [f"{s}.{f}" for s in RU_KINDS for f in sorted(FORMATS)]
    stale = [p.name for p, data in built.items() if p.read_bytes() != data]
    assert not stale


# -- the two languages across forms ------------------------------------------------------------


def _build(tmp_path: Path, kazakh: Path, russian: Path) -> Report:
    """Build a Kazakh and a Russian form together; the seed's acknowledged defect (a skill
    title given twice, in both languages) acknowledged for the Kazakh form as for the seed,
    by a list in the sources."""
    folder = tmp_path / "sources"
    folder.mkdir()
    for f in (kazakh, russian):
        shutil.copy(f, folder)
    (seed_defect,) = [d for d in _bundled_defects() if d.document == BALLET.name]
    sha = hashlib.sha256(kazakh.read_bytes()).hexdigest()
    (folder / DEFECTS_FILE).write_text(
        f"""[[defect]]
document = "{kazakh.name}"
sha256 = "{sha}"
focus = "{seed_defect.focus}"
shape = "{seed_defect.shape}"
reason = "As in {BALLET.name}, of which this is a form: {seed_defect.reason}"
""",
        encoding="utf-8",
    )
    return build(Settings(store=tmp_path / "store", sources=(folder,))).validation


def _bundled_defects() -> list[KnownDefect]:
    return read_defects(SOURCES / DEFECTS_FILE)


def _language_findings(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.result.shape.endswith("#LanguageVersions>")]


@pytest.mark.parametrize(("kk_fmt", "ru_fmt"), [("pdf", "docx"), ("html", "pdf")])
def test_forms_in_two_languages_validate_clean(tmp_path: Path, kk_fmt: str, ru_fmt: str) -> None:
    """A Kazakh form and a Russian form state one standard, in two languages (so the shape
    has it as a focus), and agree in structure; the only violations are the seed's
    acknowledged defect (a skill title given twice), in both languages."""
    for path, lang in ((kk_form(kk_fmt), "kk"), (ru_form(ru_fmt), "ru")):
        g = loaded(path).graph
        (source,) = g.objects(STANDARD, PROV.wasDerivedFrom)
        assert g.value(source, DCTERMS.language) == Literal(lang), path.name
    report = _build(tmp_path, kk_form(kk_fmt), ru_form(ru_fmt))
    assert report.blocking == []
    assert _language_findings(report) == []
    known = [f for f in report.findings if f.known is not None]
    assert {f.result.shape.rsplit("#")[-1] for f in known} == {"FunctionLists>"}
    assert len(known) == 2  # the title in each language
    for finding in known:
        names = [name for name, _, _ in finding.documents]
        assert names == sorted([kk_form(kk_fmt).name, ru_form(ru_fmt).name])
    assert {f.known.document for f in known if f.known} == {kk_form(kk_fmt).name}


def _without_ability(folder: Path) -> Path:
    """The Russian Word file with ability 2 of card 1, function 1, skill 1 taken out of its
    cell (the other abilities of the cell kept), saved in ``folder``."""
    document = docx.Document(str(ru_form("docx")))
    table = document.tables[0]  # card 1
    cell = next(
        row.cells[1]
        for row in table.rows
        if row.cells[0].text == "Умения:" and row.cells[1].paragraphs[0].text.startswith("1. ")
    )
    texts = [p.text for p in cell.paragraphs]
    assert texts[1] == ABILITY_TEXT, texts
    paragraph = cell.paragraphs[1]._element
    paragraph.getparent().remove(paragraph)
    broken = folder / "000_ru_missing_ability.docx"
    document.save(str(broken))
    return broken


def _row_of_ability(path: Path) -> tuple[str, int, int]:
    """Where a form states the ability (unit, start, end)."""
    g = loaded(path).graph
    node = URIRef(f"{STANDARD}/{ABILITY}")
    unit, start, end = (g.value(node, p) for p in (NQS.sourceUnit, NQS.sourceStart, NQS.sourceEnd))
    return str(unit), int(str(start)), int(str(end))


@pytest.mark.parametrize("kk_fmt", ["docx", "pdf"])
def test_missing_ability_names_both_forms(tmp_path: Path, kk_fmt: str) -> None:
    """The Russian Word file without one ability, built with a Kazakh form: the violation
    names the ability, both files and where the Kazakh form states it (a row of the Kazakh
    Word file, the row the cell is in in both languages; a page of the Kazakh PDF)."""
    broken_folder = tmp_path / "broken"
    broken_folder.mkdir()
    broken = _without_ability(broken_folder)
    kazakh = kk_form(kk_fmt)
    with pytest.raises(ValidationFailed) as failed:
        _build(tmp_path, kazakh, broken)
    (finding,) = _language_findings(failed.value.report)
    assert finding.blocking
    assert finding.value == f"standard/R90012023/{ABILITY}"
    assert finding.result.focus == f"<{STANDARD}>"
    assert [name for name, _, _ in finding.documents] == sorted([kazakh.name, broken.name])
    unit, start, end = _row_of_ability(kazakh)
    assert unit == {"docx": "row", "pdf": "page"}[kk_fmt]
    if kk_fmt == "docx":
        # the Kazakh and the Russian Word files have the cell in the same row
        assert (unit, start, end) == _row_of_ability(ru_form("docx"))
    span = str(start) if start == end else f"{start}-{end}"
    place = PLACES[unit]
    assert finding.result.message("en") == (
        f"{ABILITY} ({kazakh.name}, {place['en'].format(span)}) is not in the ru version of "
        f"the standard ({broken.name}): its Kazakh and Russian versions differ in structure."
    )
    for lang in ("kk", "ru"):
        message = finding.result.message(lang)
        assert f"{ABILITY} ({kazakh.name}, {place[lang].format(span)})" in message
        assert f"({broken.name})" in message


# -- the NQF order in two languages across forms ------------------------------------------------


def nqf_form(stem: str, fmt: str) -> Path:
    return FORMS / f"{stem}.{fmt}"


def _build_nqf(tmp_path: Path, kazakh: Path, russian: Path) -> Report:
    folder = tmp_path / "sources"
    folder.mkdir()
    for f in (kazakh, russian):
        shutil.copy(f, folder)
    return build(Settings(store=tmp_path / "store", sources=(folder,))).validation


def _framework_findings(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.result.shape.endswith("#FrameworkLanguageVersions>")]


@pytest.mark.parametrize(("kk_fmt", "ru_fmt"), [("pdf", "docx"), ("html", "pdf"), ("docx", "html")])
def test_nqf_forms_in_two_languages_validate_clean(
    tmp_path: Path, kk_fmt: str, ru_fmt: str
) -> None:
    """A Kazakh form and a Russian form of the NQF order state one framework approved by one
    act, in two languages (so nqsh:FrameworkLanguageVersions has it as a focus), and agree
    in levels, descriptors, pathways, routes, provisions and glossary terms: no finding of
    the shape, nothing blocking."""
    kazakh, russian = nqf_form(NQF_KK_STEM, kk_fmt), nqf_form("002_ru", ru_fmt)
    acts = []
    for path, lang in ((kazakh, "kk"), (russian, "ru")):
        g = loaded(path).graph
        (source,) = g.objects(FRAMEWORK, PROV.wasDerivedFrom)
        assert g.value(source, DCTERMS.language) == Literal(lang), path.name
        approving = set(g.objects(FRAMEWORK, NQS.approvedBy))
        assert approving and all((a, PROV.wasDerivedFrom, source) in g for a in approving)
        acts.append(approving)
    assert acts[0] == acts[1]
    report = _build_nqf(tmp_path, kazakh, russian)
    assert report.blocking == []
    assert _framework_findings(report) == []


def _without_route(folder: Path) -> Path:
    """The Russian Word file with level 4's second route taken out of its pathway cell (the
    first route kept), saved in ``folder``."""
    document = docx.Document(str(nqf_form("002_ru", "docx")))
    annex2 = document.tables[-1]
    cell = next(row.cells[1] for row in annex2.rows if row.cells[0].text == "4")
    texts = [p.text for p in cell.paragraphs]
    assert len(texts) == 2 and texts[1] == ROUTE_TEXT, texts
    paragraph = cell.paragraphs[1]._element
    paragraph.getparent().remove(paragraph)
    broken = folder / "002_ru_missing_route.docx"
    document.save(str(broken))
    return broken


def test_nqf_missing_route_names_both_forms(tmp_path: Path) -> None:
    """The Russian Word file without one route, built with the Kazakh PDF: the violation
    names the route, both files and the Kazakh PDF's page that states it."""
    broken_folder = tmp_path / "broken"
    broken_folder.mkdir()
    broken = _without_route(broken_folder)
    kazakh = nqf_form(NQF_KK_STEM, "pdf")
    with pytest.raises(ValidationFailed) as failed:
        _build_nqf(tmp_path, kazakh, broken)
    (finding,) = _framework_findings(failed.value.report)
    assert finding.blocking
    assert finding.value == f"framework/nqf/{ROUTE}"
    assert finding.result.focus == f"<{FRAMEWORK}>"
    assert [name for name, _, _ in finding.documents] == sorted([kazakh.name, broken.name])
    g = loaded(kazakh).graph
    node = URIRef(f"{FRAMEWORK}/{ROUTE}")
    assert g.value(node, NQS.sourceUnit) == Literal("page")
    start, end = (int(str(g.value(node, p))) for p in (NQS.sourceStart, NQS.sourceEnd))
    span = str(start) if start == end else f"{start}-{end}"
    for lang in ("kk", "ru", "en"):
        message = finding.result.message(lang)
        assert f"{ROUTE} ({kazakh.name}, " in message and span in message
        assert f"({broken.name})" in message
