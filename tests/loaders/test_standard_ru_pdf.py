"""The parser of the older Russian template on the three PDF standards of the ICT corpus.

Expected counts in ``fixtures/standards/pdf_*.json`` were counted from the PDFs' own text
(poppler's ``pdftotext -layout``) and checked by eye on page renders (see ``how_counted``),
not taken from the parser's output. Each PDF is read and parsed once per module.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from nqs.loaders.model import Location, Row, SourceInfo
from nqs.loaders.read.pdf import read_pdf
from nqs.loaders.source import source_info
from nqs.loaders.standard.model import StandardDocument
from nqs.loaders.standard.parse_older import parse_standard_ru
from tests.standard_fixtures import CORPUS, check_hand_counts, check_samples, fixture

PDF_FILES = sorted(CORPUS.glob("*.pdf"))
HAND_COUNTED = ["pdf_55", "pdf_56", "pdf_58"]


@cache
def parsed(name: str) -> StandardDocument:
    path = CORPUS / name
    return parse_standard_ru(read_pdf(path), source_info(path))


# -- hand-counted documents -------------------------------------------------------------------
def test_all_pdfs_hand_counted() -> None:
    assert sorted(fixture(key)["file"] for key in HAND_COUNTED) == [p.name for p in PDF_FILES]


@pytest.mark.parametrize("key", HAND_COUNTED)
def test_pdf_hand_counts(key: str) -> None:
    expected = fixture(key)
    doc = parsed(expected["file"])
    check_hand_counts(doc, expected)
    skills = [s for c in doc.cards for f in c.functions for s in f.skills]
    assert all(s.is_task and not s.implicit for s in skills)


@pytest.mark.parametrize("key", HAND_COUNTED)
def test_pdf_sample_texts(key: str) -> None:
    expected = fixture(key)
    items = check_samples(parsed(expected["file"]), expected)
    assert all(i.loc.unit == "page" for i in items)


# -- whole PDF corpus -------------------------------------------------------------------------
def test_pdf_cards_complete() -> None:
    """Every card has a function, every function a task, every task abilities and knowledge;
    the exceptions are defects of the documents, listed with the reason."""
    exceptions = {
        (e["file"], e["card"], e["function"])
        for e in fixture("exceptions_ru")["functions_without_skills"]
    }
    assert len(PDF_FILES) == 3
    seen: set[tuple[str, int, int]] = set()
    for path in PDF_FILES:
        doc = parsed(path.name)
        assert doc.language == "ru" and doc.title and doc.cards, path.name
        for card in doc.cards:
            assert card.name and card.level is not None, (path.name, card.ordinal)
            assert card.functions, (path.name, card.ordinal)
            for fn in card.functions:
                where = (path.name, card.ordinal, fn.ordinal)
                if where in exceptions:
                    assert not fn.skills, where
                    seen.add(where)
                    continue
                assert fn.skills, where
                for skill in fn.skills:
                    assert skill.abilities and skill.knowledge, (*where, skill.ordinal)
    assert seen == {e for e in exceptions if e[0].endswith(".pdf")}


def test_pdf_unassigned_is_reviewed_boilerplate() -> None:
    expected = fixture("unassigned_ru_pdf")["documents"]
    got = {p.name: [b.text[:80] for b in parsed(p.name).unassigned] for p in PDF_FILES}
    assert got == expected


# -- rows broken by a page --------------------------------------------------------------------
def test_competencies_label_broken_by_a_page() -> None:
    """PdfDefault 58, pages 14-15: "Требования к личностным" / "компетенциям"."""
    doc = parsed(PDF_FILES[2].name)
    card = doc.cards[3]
    assert card.personal_competencies == [
        "Организованность",
        "Инициативность",
        "Внимательность",
        "Ответственность",
        "Дисциплинированность",
        "Исполнительность",
        "Гибкость мышления",
        "Ориентация на результат",
        "Высокая обучаемость",
        "Умение работать в команде",
    ]
    assert [len(s.knowledge) for s in card.functions[3].skills] == [4, 2, 2]


def test_related_label_broken_by_a_page() -> None:
    """PdfDefault 58, pages 26-27: "Связь с другими профессиями в рамках" / "ОРК"."""
    card = parsed(PDF_FILES[2].name).cards[6]
    assert [(r.level.low if r.level else None, r.title) for r in card.related] == [
        (6, "Менеджер проектов ИТ"),
        (5, "Бизнес-аналитик в области ИТ"),
    ]


def test_function_title_rest_repeated_on_the_new_page() -> None:
    """PdfDefault 58, pages 4-5: "Трудовая функция 1" ends page 4 and the rest of the title
    is repeated in every row of page 5; it is read once (no heading/list mismatch)."""
    doc = parsed(PDF_FILES[2].name)
    assert not [w for w in doc.warnings if "card 2: function 1" in w.message]
    assert doc.cards[1].functions[0].title == (
        "Выявление потребности заказчика, понять проблему, которую он хочет решить"
    )
    for path in PDF_FILES:
        for warning in parsed(path.name).warnings:
            _, _, headed = warning.message.partition("' but headed '")
            assert not headed or headed.count(headed[:20]) == 1, warning


def _info() -> SourceInfo:
    return SourceInfo(Path("t.pdf"), "application/pdf", "0" * 64)


def _page(n: int) -> Location:
    return Location("page", n, n)


def test_label_continuation_only_after_a_page_break() -> None:
    head = [
        Row(("Приложение № 1 к приказу",), _page(1)),
        Row(("Профессиональный стандарт «Т»",), _page(1)),
        Row(("КАРТОЧКА ПРОФЕССИИ «А»",), _page(1)),
        Row(("Профессия:", "А"), _page(1)),
        Row(("Квалификационный уровень по ОРК:", "5"), _page(1)),
        Row(("Связь с другими профессиями в рамках", "5", "Б"), _page(1)),
    ]
    broken = parse_standard_ru([*head, Row(("ОРК", "5", "Б"), _page(2))], _info())
    assert [r.title for r in broken.cards[0].related] == ["Б"]
    assert not broken.unassigned
    more = parse_standard_ru([*head, Row(("ОРК", "6", "В"), _page(2))], _info())
    assert [r.title for r in more.cards[0].related] == ["Б", "В"]
    same_page = parse_standard_ru([*head, Row(("ОРК", "6", "В"), _page(1))], _info())
    assert [r.title for r in same_page.cards[0].related] == ["Б"]
    assert [b.text for b in same_page.unassigned] == ["ОРК | 6 | В"]


def _row(n: int) -> Location:
    return Location("row", n, n)


def test_rows_broken_by_a_page_go_on_where_no_page_is_known() -> None:
    """The web page of PdfDefault 58 (fixtures/forms/corpus/pdf_58.html) gives what its PDF
    broke by a page in two rows and no page: the label «Требования к личностным» /
    «компетенциям» (rows 204-205 there; the second cell begins in lower case, as no label
    does) and card 6's education row (rows 350-351: the level and degree cells repeated,
    the specialties going on with «5В070300 Информационные системы» and no label)."""
    head = [
        Row(("Профессиональный стандарт «Т»",), _row(1), in_table=False),
        Row(("КАРТОЧКА ПРОФЕССИИ «А»",), _row(2)),
        Row(("Профессия:", "А"), _row(3)),
        Row(("Квалификационный уровень по ОРК:", "6"), _row(4)),
    ]
    level, degree = "Уровень образования:\nВысшее (5В по МСКО)", "Академическая степень:\nБакалавр"
    label = "Связь с системой образования и квалификации"
    rows = [
        *head,
        Row(("Требования к личностным", "Организованность\nИнициативность"), _row(5)),
        Row(("компетенциям", "Внимательность"), _row(6)),
        Row((label, level, "Специальность:\n5В070400 Вычислительная техника", degree), _row(7)),
        Row((label, level, "5В070300 Информационные системы", degree), _row(8)),
    ]
    card = parse_standard_ru(rows, _info()).cards[0]
    assert card.personal_competencies == ["Организованность", "Инициативность", "Внимательность"]
    assert len(card.education_links) == 1
    assert [s.code for s in card.education_links[0].specialties] == ["5В070400", "5В070300"]
    # a row with a level of its own is a link of its own
    other = Row(
        (label, "Уровень образования:\nПослевузовское", "Специальность:\n6М070400 В", degree),
        _row(8),
    )
    card = parse_standard_ru([*rows[:-1], other], _info()).cards[0]
    assert len(card.education_links) == 2
