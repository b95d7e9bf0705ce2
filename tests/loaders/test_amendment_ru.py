"""Order № 616 in Russian: seed 004 translated by hand (tests/fixtures/forms/004_ru.txt), read
by the same parser as the Kazakh text, mapped to the same IRIs, its texts tagged ``ru``.

The translation keeps the Kazakh text's layout line for line, so the two documents give the
same places too. Counted by hand in the Russian file: the title on lines 2-5 ("О внесении
изменений в приказ … от 20 ноября 2023 года № 591 "…"") and the act line on 7-8 ("Приказ
и.о. Министра … от 6 декабря 2023 года № 616"), "ПРИКАЗЫВАЮ:" on line 9, point 1 on 10-16;
three cards ("в карточке профессии 3:" on line 17, "4:" on 244, "5:" on 383) and four
"строку … изложить в следующей редакции:" instructions: card 3 function 1 (old text
between the quote marks of lines 19 and 86, new 88-153), card 3 function 3 (155-198,
203-243), card 4 function 1 (246-314, 316-382) and card 5 function 1 (385-453, 455-520).
Each quoted row has 2 skills ("Навык 1", "Навык 2") but card 3's function 3 (1 skill); each
skill has 2 or 3 abilities after "Умения:" and 2 or 3 knowledge items after "Знания:". What
differs between old and new: ability 1 and ability 3 of skill 1 in functions 1 (cards 3, 4
and 5) and ability 1 of skill 1 in card 3's function 3: 7 elements. Paragraph 16 (lines
521-527) is given a new wording with 4 developer organisations and 4 contact persons;
point 4 (line 545) puts the order into force on the day it is signed. Left to no element:
"ПРИКАЗЫВАЮ:" (9), points 2-3 (528-541) and the signature (546-548, 550).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from nqs.build import build
from nqs.config import Settings
from nqs.loaders.amendment.map import map_amendment
from nqs.loaders.amendment.model import AmendmentDocument
from nqs.loaders.amendment.parse import looks_like_amendment, parse_amendment
from nqs.loaders.documents import parse_document
from nqs.loaders.iris import Minter
from nqs.loaders.model import Location
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.namespaces import NQS, RDF, RDFS
from tests.conftest import SEEDS, TESTS

RU = TESTS / "fixtures" / "forms" / "004_ru.txt"
KK = SEEDS / "004_f549413c4f15f9eb.txt"
BASE = "https://example.org/kz/"
STD = BASE + "standard/order-591-2023-11-20-annex-1"
ACT = BASE + "act/2023-12-06/616"

# Counted by hand in the Russian file (see the module's docstring).
HAND_COUNTS = {
    "cards": 3,
    "row changes": 4,
    "skills": 2 + 1 + 2 + 2,
    "abilities": 5 + 3 + 5 + 5,  # in each new row
    "knowledge items": 5 + 3 + 5 + 5,
    "changed elements": 7,
    "paragraphs": 1,
    "developers": 4,
    "contacts": 4,
}
ROW_LINES = [(19, 86, 88, 153), (155, 198, 203, 243), (246, 314, 316, 382), (385, 453, 455, 520)]
CARD_LINES = [17, 17, 244, 383]
ROWS = [(3, 1), (3, 3), (4, 1), (5, 1)]  # (card, function)
UNASSIGNED: list[int] = []  # the formula, points 2-4 and the signature are the operative part
# The resources of the graph but the diff segments, by hand: the two acts, the standard, 3
# cards, 4 functions and 7 skills (none changed), the items of the 4 rows (abilities 5 + 3 +
# 5 + 5, knowledge 5 + 3 + 5 + 5) and a new version of each of the 7 changed abilities,
# paragraph 16 and its new version, 4 + 1 amendments and 7 + 1 text changes; the operative
# part: points 1-4 and the two sub-points of point 2 (lines 531, 537), one signatory.
TYPED = {
    NQS.LegalAct: 2,
    NQS.ProfessionalStandard: 1,
    NQS.ProfessionCard: 3,
    NQS.LaborFunction: 4,
    NQS.Skill: 7,
    NQS.Ability: 18 + 7,
    NQS.Knowledge: 18,
    NQS.StandardParagraph: 2,
    NQS.Amendment: 5,
    NQS.TextChange: 8,
    NQS.OperativePoint: 4 + 2,
    NQS.Signatory: 1,
}


def counts(d: AmendmentDocument) -> dict[str, int]:
    return {
        "cards": len({c.card for c in d.changes}),
        "row changes": len(d.changes),
        "skills": sum(len(c.new.skills) for c in d.changes),
        "abilities": sum(len(s.abilities) for c in d.changes for s in c.new.skills),
        "knowledge items": sum(len(s.knowledge) for c in d.changes for s in c.new.skills),
        "changed elements": sum(len(c.edits) for c in d.changes),
        "paragraphs": len(d.paragraphs),
        "developers": sum(len(p.developers) for p in d.paragraphs),
        "contacts": sum(p.contacts_dropped for p in d.paragraphs),
    }


@pytest.fixture(scope="module")
def doc() -> AmendmentDocument:
    return parse_amendment(read_text(RU), source_info(RU))


@pytest.fixture(scope="module")
def kk_doc() -> AmendmentDocument:
    return parse_amendment(read_text(KK), source_info(KK))


@pytest.fixture(scope="module")
def graphs(doc: AmendmentDocument, kk_doc: AmendmentDocument) -> tuple[Graph, Graph]:
    minter = Minter(BASE)
    return map_amendment(kk_doc, minter).graph(), map_amendment(doc, minter).graph()


# -- reading ---------------------------------------------------------------------------------
def test_recognised_as_an_amending_order() -> None:
    assert looks_like_amendment(read_text(RU))
    parsed = parse_document(RU)
    assert parsed.loader.kind == "amending-order"
    assert isinstance(parsed.document, AmendmentDocument)
    assert parsed.document.language == "ru"


def test_counts_are_the_kazakh_ones(doc: AmendmentDocument, kk_doc: AmendmentDocument) -> None:
    assert (doc.language, kk_doc.language) == ("ru", "kk")
    assert counts(doc) == HAND_COUNTS
    assert counts(kk_doc) == HAND_COUNTS


def test_acts_and_places(doc: AmendmentDocument, kk_doc: AmendmentDocument) -> None:
    assert (doc.amending.number, doc.amending.date) == ("616", "2023-12-06")
    assert (doc.amended.number, doc.amended.date) == ("591", "2023-11-20")
    assert doc.amended.issuer == "Министр науки и высшего образования Республики Казахстан"
    assert (doc.effective, doc.effective_rule) == ("2023-12-06", "signing")
    assert doc.effective_loc == Location("line", 545, 545)
    rows = [(c.old_loc.start, c.old_loc.end, c.new_loc.start, c.new_loc.end) for c in doc.changes]
    assert rows == ROW_LINES
    assert [c.card_loc.start for c in doc.changes] == CARD_LINES
    assert [(c.card, c.function) for c in doc.changes] == ROWS
    assert [b.loc.start for b in doc.unassigned] == UNASSIGNED
    (para,) = doc.paragraphs
    assert (para.paragraph, para.loc) == (16, Location("line", 521, 527))
    # everything but the texts is what the Kazakh text gives
    for a, b in zip(doc.changes, kk_doc.changes, strict=True):
        assert (a.card, a.function, a.loc, a.old_loc, a.new_loc) == (
            b.card,
            b.function,
            b.loc,
            b.old_loc,
            b.new_loc,
        )
        assert [(e.kind, e.function, e.skill, e.ordinal) for e in a.edits] == [
            (e.kind, e.function, e.skill, e.ordinal) for e in b.edits
        ]
        assert [e.old_loc for e in a.edits] == [e.old_loc for e in b.edits]
        assert [e.new_loc for e in a.edits] == [e.new_loc for e in b.edits]
    assert [w.message for w in doc.warnings] == [w.message for w in kk_doc.warnings]


def test_russian_texts(doc: AmendmentDocument) -> None:
    assert doc.standard_title == (
        "Профессиональный стандарт для педагогов (профессорско-преподавательского состава)"
        " организаций высшего и (или) послевузовского образования"
    )
    first, second, third, fourth = doc.changes
    assert first.card_name == "Преподаватель в области образования, ассистент профессора, ОВПО"
    assert fourth.card_name == (  # the unbalanced quote of the heading dropped
        "Преподаватель в области образования, ассоциированный профессор (доцент), профессор, ОВПО"
    )
    assert first.old.title == first.new.title == "Обучение"
    assert second.new.title == "Осуществление научно-методической работы"
    assert first.old.skills[0].title == (
        "Обеспечение требуемого уровня академических компетенций обучающихся"
    )
    assert second.new.skills[0].title == "Научно-методическое обеспечение макропроцессов ОВПО"
    edit = first.edits[0]
    assert (edit.kind, edit.skill, edit.ordinal) == ("ability", 1, 1)
    assert edit.old == (
        "планирование, организация и проведение учебных занятий в магистратуре и докторантуре"
        " с учетом принципов студентоцентрированного обучения и оценивания;"
    )
    assert edit.new == (
        "планирование, организация и проведение учебных занятий с учетом принципов"
        " студентоцентрированного обучения и оценивания;"
    )
    # letter-spaced words undone
    assert second.new.skills[0].abilities[0].text == (
        "обеспечение интеграции знаний в предметной области и психолого-педагогических знаний"
        " при проведении учебных занятий;"
    )
    # the function cell on the line of a knowledge item (line 490)
    assert fourth.new.skills[0].knowledge[2].text == (
        "современные парадигмы высшего и послевузовского образования."
    )
    assert fourth.new.skills[0].knowledge[2].loc == Location("line", 490, 492)
    assert third.new.skills[0].knowledge[2].text == "теория и методика андрагогики."
    (para,) = doc.paragraphs
    assert para.heading == "Организации (предприятия), участвующие в разработке"
    assert para.developers == [
        "Карагандинский университет Казпотребсоюза",
        "Astana IT University",
        "Казахский национальный педагогический университет имени Абая",
        "Казахский национальный женский педагогический университет",
    ]


# -- the graph -------------------------------------------------------------------------------
def typed(g: Graph) -> set[Node]:
    """The subjects with a type, but the source document."""
    return {s for s, o in g.subject_objects(RDF.type) if o != NQS.SourceDocument}


def test_same_typed_iris(graphs: tuple[Graph, Graph]) -> None:
    """Every element, version, amendment and change has the same IRI; only the word diff,
    made of one language's words, is numbered per language."""
    kk_graph, ru_graph = graphs
    diff = {"kk": "/diff/kk/", "ru": "/diff/ru/"}
    kk_typed = {s for s in typed(kk_graph) if diff["kk"] not in str(s)}
    ru_typed = {s for s in typed(ru_graph) if diff["ru"] not in str(s)}
    assert ru_typed == kk_typed
    assert len(ru_typed) == sum(TYPED.values())
    for lang, g in (("kk", kk_graph), ("ru", ru_graph)):
        segments = set(g.subjects(RDF.type, NQS.DiffSegment))
        assert segments and all(diff[lang] in str(s) for s in segments), lang
        assert typed(g) - segments == kk_typed
    for cls, n in TYPED.items():
        ru = set(ru_graph.subjects(RDF.type, cls))
        assert len(ru) == n and ru == set(kk_graph.subjects(RDF.type, cls)), cls
    versions = {s for s in typed(ru_graph) if "/v/2023-12-06" in str(s)}
    assert len(versions) == 7 + 1  # the abilities and paragraph 16


def test_texts_are_tagged_ru(graphs: tuple[Graph, Graph]) -> None:
    _, g = graphs
    tagged = [o for o in g.objects() if isinstance(o, Literal) and o.language]
    assert tagged and {o.language for o in tagged} == {"ru"}
    std = URIRef(STD)
    assert (std, RDFS.label, None) in g
    assert g.value(std, RDFS.label) == Literal(
        "Профессиональный стандарт для педагогов (профессорско-преподавательского состава)"
        " организаций высшего и (или) послевузовского образования",
        lang="ru",
    )
    ability = URIRef(f"{STD}/card/3/function/1/skill/1/ability/1/v/2023-12-06")
    assert g.value(ability, RDFS.label) == Literal(
        "планирование, организация и проведение учебных занятий с учетом принципов"
        " студентоцентрированного обучения и оценивания;",
        lang="ru",
    )
    amendment = URIRef(f"{ACT}/amendment/1")
    assert g.value(amendment, RDFS.label) == Literal(
        "Изменение 1: карточка профессии 3, трудовая функция 1", lang="ru"
    )
    new_text = str(g.value(amendment, NQS.newText))
    assert new_text.startswith("Трудовая функция 1: Обучение\nНавык 1: Обеспечение")
    assert "\nУмения:\n1. " in new_text and "\nЗнания:\n1. " in new_text
    para = URIRef(f"{STD}/paragraph/16")
    assert g.value(para, RDFS.label) == Literal("пункт 16", lang="ru")


# -- the two versions in one graph -----------------------------------------------------------
def test_versions_build_together(tmp_path: Path) -> None:
    """The Kazakh seed and its translation build (and so validate) together into one store."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(KK, folder)
    shutil.copy(RU, folder)
    report = build(Settings(store=tmp_path / "store", sources=(folder,))).validation
    assert report.blocking == []
