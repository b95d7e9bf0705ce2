"""The DOCX reader and the parser of the older Russian template against the ICT corpus.

Expected counts in ``fixtures/standards/*.json`` were counted by hand from the documents
(see ``how_counted`` in each fixture), not taken from the parser's output.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import docx
import pytest

from nqs.loaders.model import SourceError
from nqs.loaders.read.docx import read_docx
from nqs.loaders.source import source_info
from nqs.loaders.standard.model import LevelSpec, StandardDocument
from nqs.loaders.standard.parse_older import clean, join, parse_standard_ru
from tests.standard_fixtures import CORPUS, check_hand_counts, check_samples, fixture

DOCX_FILES = sorted(CORPUS.glob("*.docx"))
HAND_COUNTED = ["default_1", "default_7", "kind2_22", "kind2_46"]


@cache
def parsed(name: str) -> StandardDocument:
    path = CORPUS / name
    return parse_standard_ru(read_docx(path), source_info(path))


# -- reader -----------------------------------------------------------------------------------
def test_reader_locations_unique_and_increasing() -> None:
    rows = read_docx(DOCX_FILES[0])
    starts = [r.loc.start for r in rows]
    assert starts == sorted(set(starts))
    assert {r.loc.unit for r in rows if r.in_table} == {"row"}
    assert all(r.loc.unit == "paragraph" for r in rows if not r.in_table)


def test_reader_merged_cells_once(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Заголовок")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "A"
    table.cell(0, 2).text = "B"
    table.cell(1, 0).text = "C"
    path = tmp_path / "t.docx"
    document.save(str(path))
    rows = read_docx(path)
    assert [r.cells for r in rows] == [("Заголовок",), ("A", "B"), ("C", "", "")]
    assert [(r.loc.unit, r.loc.start) for r in rows] == [
        ("paragraph", 1),
        ("row", 3),
        ("row", 4),
    ]


# -- text rules -------------------------------------------------------------------------------
def test_text_rules() -> None:
    assert clean("Мониторинг\tи\tуправление") == "Мониторинг и управление"
    assert clean("Состав аппаратно- программного комплекса") == (
        "Состав аппаратно-программного комплекса"
    )
    assert clean("видео- и других форматах") == "видео- и других форматах"
    assert clean("веб - мастер") == "веб - мастер"
    assert join(["организациями в современных бизнес-", "условиях."]) == (
        "организациями в современных бизнес-условиях."
    )


# -- hand-counted documents -------------------------------------------------------------------
@pytest.mark.parametrize("key", HAND_COUNTED)
def test_hand_counts(key: str) -> None:
    expected = fixture(key)
    doc = parsed(expected["file"])
    check_hand_counts(doc, expected)
    is_task = expected["template"] == "kind2"
    assert all(s.is_task == is_task for c in doc.cards for f in c.functions for s in f.skills)
    if "card_names" in expected:
        assert [c.name for c in doc.cards] == expected["card_names"]


@pytest.mark.parametrize("key", HAND_COUNTED)
def test_sample_texts(key: str) -> None:
    expected = fixture(key)
    check_samples(parsed(expected["file"]), expected)


def test_default_template_passport_and_card() -> None:
    doc = parsed("Default 1_ Администрирование баз данных.docx")
    assert doc.title == "Администрирование баз данных"
    assert doc.code is None
    assert doc.approved_by is not None
    assert (doc.approved_by.number, doc.approved_by.date, doc.approved_by.annex) == (
        "222",
        "2022-12-05",
        "1",
    )
    assert doc.group_names[0] == "Информационно-коммуникационные технологии"
    assert [e.level for e in doc.card_list] == [LevelSpec(4), LevelSpec(5), LevelSpec(6)]
    card = doc.cards[0]
    assert (card.occupation_code, card.occupation_title) == (
        "2139",
        "IT-специалисты, не вошедшие в другие группы",
    )
    assert card.level == LevelSpec(4)
    assert card.level_note == "Техническое и профессиональное образование, без практического опыта"
    skill = card.functions[2].skills[0]
    assert skill.implicit and not skill.is_task and skill.title == card.functions[2].title
    assert card.functions[2].title == "Мониторинг и управление резервным копированием БД"
    related = doc.cards[2].related
    assert [(r.code, r.title) for r in related] == [
        ("2131", "Системный архитектор"),
        ("213", "Руководитель команды"),
    ]
    tech = doc.technical
    assert tech.developers == ["АО «Национальный инфокоммуникационный Холдинг «Зерде»"]
    assert [(a.date, a.number) for a in tech.approvals] == [("2017-07-17", "171")]
    assert (tech.version, tech.year, tech.revision_date) == ("2", 2022, "2025")


def test_kind2_template_passport_and_card() -> None:
    doc = parsed("Kind2 22_ Тестирование программного обеспечения.docx")
    assert doc.approved_by is not None
    assert doc.approved_by.issuer == (
        "Национальная палата предпринимателей Республики Казахстан «Атамекен»"
    )
    assert doc.approved_by.annex == "22"
    codes = [a.code for a in doc.economic_activities]
    assert codes == ["J", "62", "62.0", "62.01", "62.01.1"]
    assert doc.card_list[0].level == LevelSpec(5, 6)
    card = doc.cards[0]
    assert (card.occupation_code, card.group_code) == ("2512-1-001", "2511-1")
    assert any("2511-1" in w.message for w in doc.warnings)
    assert card.personal_competencies[:2] == ["Логическое мышление.", "Гибкость мышления."]
    assert card.related[0].level == LevelSpec(6, 7)
    assert card.handbook == "КС"
    assert card.handbook_links[0].code == "140"
    link = card.education_links[0]
    assert link.isced == "5"
    assert link.specialties[0].code == "1304000"
    assert link.qualifications[0].code == "1304043"
    assert link.qualifications[0].title == "Техник-программист"
    task = card.functions[0].skills[1]
    assert task.is_task and task.title.startswith("Определение архитектуры ПО")
    assert doc.technical.revision_date == "2025-12-30"


def test_draft_has_no_approving_act() -> None:
    doc = parsed("Kind2 46 Управление и проектирование.docx")
    assert doc.approved_by is None


# -- whole corpus ------------------------------------------------------------------------------
def test_whole_corpus() -> None:
    exceptions = {
        (e["file"], e["card"], e["function"])
        for e in fixture("exceptions_ru")["functions_without_skills"]
    }
    assert len(DOCX_FILES) == 25
    for path in DOCX_FILES:
        doc = parsed(path.name)
        assert doc.language == "ru" and doc.title and doc.cards, path.name
        for card in doc.cards:
            assert card.name and card.level is not None, (path.name, card.ordinal)
            assert card.functions, (path.name, card.ordinal)
            for fn in card.functions:
                if (path.name, card.ordinal, fn.ordinal) in exceptions:
                    assert not fn.skills
                    continue
                assert fn.skills, (path.name, card.ordinal, fn.ordinal)
                for skill in fn.skills:
                    where = (path.name, card.ordinal, fn.ordinal, skill.ordinal)
                    assert skill.abilities and skill.knowledge, where


def test_unassigned_is_reviewed_boilerplate() -> None:
    expected = fixture("unassigned_ru")["documents"]
    got = {p.name: [b.text[:80] for b in parsed(p.name).unassigned] for p in DOCX_FILES}
    assert got == expected


# -- errors -----------------------------------------------------------------------------------
def test_not_a_standard_raises(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Протокол собрания")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Повестка"
    table.cell(0, 1).text = "Разное"
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    with pytest.raises(SourceError) as info:
        parse_standard_ru(read_docx(path), source_info(path))
    assert "minutes.docx" in str(info.value)


def test_unreadable_docx_raises(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(SourceError, match=r"broken\.docx"):
        read_docx(path)
