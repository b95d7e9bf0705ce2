"""Issue 18 on the older Russian template: the structure of what the text says, each part at
its place. Expected values were read by hand in the documents (row numbers of the DOCX as
:func:`nqs.loaders.read.docx.read_docx` counts them, pages of the PDF), not taken from the
parser's output.
"""

from __future__ import annotations

import re
from functools import cache

from rdflib import URIRef
from rdflib.term import Node

from nqs.loaders.documents import load_document
from nqs.loaders.iris import Minter
from nqs.loaders.model import ActRef
from nqs.loaders.read import read
from nqs.loaders.source import source_info
from nqs.loaders.standard.model import StandardDocument
from nqs.loaders.standard.parse_older import (
    comma_members,
    label_key,
    parse_standard_ru,
    split_competencies,
)
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, RDF, RDFS
from tests.standard_fixtures import CORPUS

KIND2_25 = "Kind2 25_Сопровождение и ремонт HardWare.docx"
DEFAULT_1 = "Default 1_ Администрирование баз данных.docx"
KIND2_15 = "Kind2 15_ Разработка IoT систем.docx"
KIND2_36 = "Kind2 36 Тестирование Web и мультимедийных приложений.docx"
PDF_55 = "PdfDefault 55_ ПС Разработчики ПО и спец по тестированию, WEB и МП.pdf"


@cache
def parsed(name: str) -> StandardDocument:
    path = CORPUS / name
    return parse_standard_ru(read(path)[1], source_info(path))


# -- personal competencies --------------------------------------------------------------------
def test_comma_list_one_competency_per_item() -> None:
    """Kind2 25, row 108 (card 3, «Техник по ремонту периферийных устройств», heading at
    row 86): «Ответственность, Исполнительность, Логическое мышление, Гибкость мышления,
    Ориентация на результат, Организованность, Креативность.»"""
    card = parsed(KIND2_25).cards[2]
    assert card.name.lower() == "техник по ремонту периферийных устройств"
    assert card.personal_competencies == [
        "Ответственность",
        "Исполнительность",
        "Логическое мышление",
        "Гибкость мышления",
        "Ориентация на результат",
        "Организованность",
        "Креативность.",
    ]


def test_comma_list_over_lines_in_lower_case() -> None:
    """Default 1, row 29 (card 1): the list written over two lines, members after the first
    in lower case: «Организованность, инициативность, / внимательность, ответственность,
    дисциплинированность, исполнительность, ориентация на результат, работа в команде.»"""
    assert parsed(DEFAULT_1).cards[0].personal_competencies == [
        "Организованность",
        "инициативность",
        "внимательность",
        "ответственность",
        "дисциплинированность",
        "исполнительность",
        "ориентация на результат",
        "работа в команде.",
    ]


def test_two_comma_lines() -> None:
    """Kind2 36, row 122 (card 3): two lines, three members each: «Организованность,
    Внимательность, Дисциплинированность» / «Исполнительность, Высокая обучаемость, Работа
    в команде»."""
    assert parsed(KIND2_36).cards[2].personal_competencies == [
        "Организованность",
        "Внимательность",
        "Дисциплинированность",
        "Исполнительность",
        "Высокая обучаемость",
        "Работа в команде",
    ]


def test_adjectives_sharing_a_noun_are_one_competency() -> None:
    """Kind2 15, row 43 (card 1): sentences, one of them «Логическое, аналитическое,
    математическое мышление.» — three adjectives of one noun, one competency."""
    assert parsed(KIND2_15).cards[0].personal_competencies == [
        "Ответственность.",
        "Исполнительность.",
        "Логическое, аналитическое, математическое мышление.",
        "Ориентированность на результат.",
        "Организованность.",
        "Креативность.",
        "Самостоятельность в решении проблем.",
        "Аккуратность.",
    ]


def test_commas_inside_one_competency() -> None:
    """Commas in brackets, and a member that goes on with a verb or a conjunction, split
    nothing; the members joined by ", " give the line back."""
    assert comma_members("Знание языков (английский, казахский), Ответственность") == [
        "Знание языков (английский, казахский)",
        "Ответственность",
    ]
    assert split_competencies("Умение анализировать, обобщать и делать выводы") == [
        "Умение анализировать, обобщать и делать выводы"
    ]
    assert comma_members("Внимательность, а также аккуратность, Креативность") == [
        "Внимательность, а также аккуратность",
        "Креативность",
    ]
    # a member of more than eight words: prose, not a list
    prose = "Умение работать в команде и находить общий язык с коллегами разных отделов, такт"
    assert comma_members(prose) == [prose]


def test_competencies_keep_every_word_in_order() -> None:
    """In every DOCX of the corpus the competencies of its cards, joined, are the text of its
    competency cells: nothing dropped or reordered by the split (commas and white space
    aside). (A PDF repeats a cell on a new page, so its cells are not one copy of the text.)"""

    def letters(text: str) -> str:
        return re.sub(r"[\s,]", "", text)

    for path in sorted(CORPUS.glob("*.docx")):
        rows = read(path)[1]
        cells = [
            "".join(r.cells[1:])
            for r in rows
            if len(r.cells) > 1
            and "личностным компетенциям" in label_key(r.cells[0])
            # Kind2 22 writes an education link under the label (read as one, warned)
            and not label_key(r.cells[1]).startswith("уровень образования")
        ]
        got = [c for card in parsed(path.name).cards for c in card.personal_competencies]
        assert letters("".join(got)) == letters("".join(cells)), path.name


# -- a value broken by a page -----------------------------------------------------------------
def test_handbook_name_across_a_page_break() -> None:
    """PDF 55, card 10 («Разработчик мобильных приложений», its first card): the handbook
    cell ends page 27 with «КС должностей руководителей, специалистов и других служащих
    (Утвержден приказом» beside «185 Техник-программист», and page 28 goes on with
    «Министра ТСЗН РК от 21 мая 2012 года № 201-ө-м)» only: one name, one link."""
    card = parsed(PDF_55).cards[9]
    assert card.name == "Разработчик мобильных приложений"
    assert card.handbook == (
        "КС должностей руководителей, специалистов и других служащих (Утвержден приказом "
        "Министра ТСЗН РК от 21 мая 2012 года № 201-ө-м)"
    )
    assert [(h.code, h.title) for h in card.handbook_links] == [("185", "Техник-программист")]


def test_reader_joins_a_bracket_broken_by_a_page() -> None:
    """The PDF reader gives that row once, on pages 27-28, its third cell once."""
    rows = read(CORPUS / PDF_55)[1]
    found = [r for r in rows if any("201-ө-м" in c for c in r.cells) and r.loc.end == 28]
    assert len(found) == 1
    row = found[0]
    assert (row.loc.unit, row.loc.start, row.loc.end) == ("page", 27, 28)
    assert row.cells[0] == "Связь с ЕТКС или КС"
    assert row.cells[1].startswith("КС должностей")
    assert row.cells[2] == "185 Техник-программист"


def test_handbook_code_and_title_separated_by_a_dash() -> None:
    """PDF 55, card 4, page 11: «185 – Техник-программист»: the dash separates the code from
    the title and is no part of it."""
    links = parsed(PDF_55).cards[3].handbook_links
    assert [(h.code, h.title) for h in links] == [("185", "Техник-программист")]


# -- approval history -------------------------------------------------------------------------
def test_approval_after_the_contact_persons_is_the_order_it_names() -> None:
    """Kind2 25, row 209 («Разработано:»): after the developer and the contact persons, «…
    Утверждено приказом Заместителя Председателя Правления Национальной палаты
    предпринимателей Республики Казахстан «Атамекен» от 24.12.2019г. №259»."""
    tech = parsed(KIND2_25).technical
    assert tech.developers == [
        "Товарищество с ограниченной ответственностью «Компания системных исследований «Фактор»"
    ]
    (approval,) = tech.approvals
    assert approval.body == (
        "Заместителя Председателя Правления Национальной палаты предпринимателей Республики "
        "Казахстан «Атамекен»"
    )
    assert (approval.date, approval.number) == ("2019-12-24", "259")
    assert approval.loc is not None and (approval.loc.start, approval.loc.end) == (209, 209)
    assert approval.act == ActRef(
        "Национальная палата предпринимателей Республики Казахстан «Атамекен»", "259", "2019-12-24"
    )


def test_approval_written_otherwise() -> None:
    """Default 1, row 78: «Утверждено приказом … «Атамекен» / № 171 от 17 июля 2017 года»;
    Kind2 4, row 349: «Утвержден приказом … «Атамекен» / от 24.12.2019г. № 259» after the
    contact persons."""
    (first,) = parsed(DEFAULT_1).technical.approvals
    assert (first.date, first.number, first.act and first.act.number) == (
        "2017-07-17",
        "171",
        "171",
    )
    (second,) = parsed(
        "Kind2 4_ Обеспечение безопасности информационной инфраструктуры и ИТ.docx"
    ).technical.approvals
    assert (second.date, second.number) == ("2019-12-24", "259")
    assert second.body.startswith("Заместителя Председателя Правления")


def test_versions_each_at_its_rows() -> None:
    """Kind2 25: row 211 «Версия 1, 2019 год»; row 214 «Версия 2, 2022 год», row 215
    «Не позднее 31.12.2025» (its planned revision); the standard's own facts are version
    2's."""
    tech = parsed(KIND2_25).technical
    got = [
        (
            v.text,
            v.number,
            v.year,
            v.revision_date,
            v.loc.start,
            v.revision_loc and v.revision_loc.start,
        )
        for v in tech.versions
    ]
    assert got == [
        ("Версия 1, 2019 год", "1", 2019, None, 211, None),
        ("Версия 2, 2022 год", "2", 2022, "2025-12-31", 214, 215),
    ]
    assert (tech.version, tech.year, tech.revision_date) == ("2", 2022, "2025-12-31")


def test_graph_of_the_approval_history() -> None:
    """The graph of Kind2 25: the approval at row 209 names the act № 259 of 24.12.2019
    (at the same row); the versions are at rows 211 and 214-215, not at the title's row 6."""
    path = CORPUS / KIND2_25
    graph = load_document(path, Minter(DEFAULT_BASE_IRI)).graph
    (std,) = graph.subjects(RDF.type, NQS.ProfessionalStandard)
    (approval,) = graph.objects(std, NQS.hasApproval)
    act = URIRef(f"{DEFAULT_BASE_IRI}act/2019-12-24/259")
    assert graph.value(approval, NQS.approvingAct) == act
    assert (act, RDF.type, NQS.LegalAct) in graph
    assert str(graph.value(act, NQS.actNumber)) == "259"
    assert str(graph.value(act, NQS.actDate)) == "2019-12-24"
    assert str(graph.value(act, NQS.issuer)).startswith("Национальная палата предпринимателей")

    def place(node: Node) -> tuple[str, int, int]:
        return (
            str(graph.value(node, NQS.sourceUnit)),
            int(str(graph.value(node, NQS.sourceStart))),
            int(str(graph.value(node, NQS.sourceEnd))),
        )

    assert place(approval) == place(act) == ("row", 209, 209)
    versions = sorted(graph.objects(std, NQS.hasVersion), key=str)
    assert [place(v) for v in versions] == [("row", 211, 211), ("row", 214, 215)]
    assert [str(graph.value(v, RDFS.label)) for v in versions] == [
        "Версия 1, 2019 год",
        "Версия 2, 2022 год",
    ]
    assert str(graph.value(versions[1], NQS.plannedRevision)) == "2025-12-31"
    assert place(std) == ("row", 6, 6)


def test_two_competencies_without_a_separator_are_reported() -> None:
    """Kind2 19, row 180 (card 6): «Организованность, Инициативность, Внимательность,
    Ответственность, Дисциплинированность, Исполнительность, Аналитическое мышление Высокая
    обучаемость» — no comma before «Высокая»: kept as written, and a warning at row 180."""
    doc = parsed("Kind2 19_ Разработки по облачным технологиям.docx")
    assert doc.cards[5].personal_competencies[-2:] == [
        "Исполнительность",
        "Аналитическое мышление Высокая обучаемость",
    ]
    warned = [w for w in doc.warnings if "without a separator" in w.message]
    assert [(w.loc.unit, w.loc.start) for w in warned if w.loc] == [("row", 180)]
