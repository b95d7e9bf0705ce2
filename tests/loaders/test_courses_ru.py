"""The course rules in Russian: seed 001 translated by hand (tests/fixtures/forms/001_ru.txt),
read by the same parser as the Kazakh text, mapped to the same IRIs.

The translation keeps the Kazakh text's layout line for line, so the two documents give the
same places too. Counted by hand in the Russian file: the sections "1. ОБЩИЕ ПОЛОЖЕНИЯ" to
"9. ЗАКЛЮЧИТЕЛЬНЫЕ ПОЛОЖЕНИЯ" hold 6, 2, 14, 3, 8, 7, 9, 7 and 2 points (1.1-1.6, 2.1-2.2,
3.1-3.14, 4.1-4.3, 5.1-5.8, 6.1-6.7, 7.1-7.9, 8.1-8.7, 9.1-9.2); the points have 53 list
items: 7 acts in 1.2, 4 and 5 bullets in 2.1 and 2.2, 2 in 3.3, 3 in 3.4, 5 in 3.5, 3 in
3.7, 2 in 3.10, the items "1)" to "8)" of 4.1, 4 bullets in 5.7, 2 in 6.2, 3 in 6.5, 3 in
7.4 and 2 in 7.6. The page header ("Страница 9 из 13", lines 488-493) falls inside point 8.2's
section; "Приложение 1" begins on line 532, "Приложение 2" on 613, the two sheets ("ЛИСТ
РЕГИСТРАЦИИ ИЗМЕНЕНИЙ", "ЛИСТ ОЗНАКОМЛЕНИЯ") on 689 and 694. The structured values: the
"Авторский курс" of 72 academic hours (3.13, lines 229-231) and the course included in the
register of 80 (3.14, lines 233-235); three formats and two study modes; the group course of
4 and more with at least 4 applications; five trainer qualifications (3.5, lines 167, 169,
173, 175, 177; 3 years of experience); four documents (4.1 items 1-4); the assessment's two
stages with one retake a year; the certificate's four fields, valid for three years;
support for one year; monitoring at least once in three years; six acts by number and date
and the charter by its title.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from nqs.loaders.courses.map import map_course_rules
from nqs.loaders.courses.model import CourseRulesDocument
from nqs.loaders.courses.parse import looks_like_course_rules, parse_course_rules
from nqs.loaders.documents import parse_document
from nqs.loaders.iris import Minter
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.namespaces import DCTERMS, DEFAULT_BASE_IRI, NQS, PROV, RDF, RDFS
from tests.conftest import ROOT
from tests.loaders.test_courses import (
    HAND_DOCUMENTS,
    HAND_POINTS,
    HAND_POINTS_PER_SECTION,
    RULES,
)

RU_RULES = ROOT / "tests" / "fixtures" / "forms" / "001_ru.txt"
MINTER = Minter(DEFAULT_BASE_IRI)

# Counted by hand in the Russian file (line numbers of the text file).
HAND_SECTIONS = 9
HAND_ITEMS_PER_POINT = {
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
HAND_ITEMS = 53
HAND_COURSE_KINDS = [("Авторский курс", 72, 229, 231), ("Курс, включенный в реестр", 80, 233, 235)]
HAND_FORMATS = {"full-time": "очный", "online": "дистанционный (онлайн)", "blended": "смешанный"}
HAND_STUDY_MODES = ["without-break", "partial-break"]
HAND_TRAINER_ITEMS = [
    (167, "ученые степени кандидата наук, доктора наук"),
    (169, "степень доктора философии (PhD) или доктора по профилю"),
    (173, "академическая степень магистра"),
    (175, "квалификационная категория «педагог-исследователь», «педагог-мастер»"),
    (177, "стаж профессиональной работы в организациях культуры и искусства не менее 3 лет"),
]
MINISTER = "Министр образования и науки Республики Казахстан"
HAND_ACTS = [
    ("Республика Казахстан", "319-III", "2007-07-27"),
    ("Республика Казахстан", "410-V", "2015-11-18"),
    ("Республика Казахстан", "414-V", "2015-11-23"),
    (MINISTER, "95", "2016-01-28"),
    (MINISTER, "175", "2020-05-04"),
    (MINISTER, "570", "2012-12-27"),
]
HAND_ANNEXES = [
    (1, "Форма заявления", 532),
    (2, "Форма отчета по посткурсовому сопровождению", 613),
    (None, "ЛИСТ РЕГИСТРАЦИИ ИЗМЕНЕНИЙ", 689),
    (None, "ЛИСТ ОЗНАКОМЛЕНИЯ", 694),
]


@pytest.fixture(scope="module")
def ru() -> CourseRulesDocument:
    return parse_course_rules(read_text(RU_RULES), source_info(RU_RULES))


@pytest.fixture(scope="module")
def kk() -> CourseRulesDocument:
    return parse_course_rules(read_text(RULES), source_info(RULES))


def _graph(doc: CourseRulesDocument) -> Graph:
    return map_course_rules(doc, MINTER).graph()


# -- the Russian text, read by hand ---------------------------------------------------------


def test_recognised_as_course_rules_in_russian(ru: CourseRulesDocument) -> None:
    assert looks_like_course_rules(read_text(RU_RULES))
    assert parse_document(RU_RULES).loader.kind == "course-rules"
    assert ru.language == "ru"
    assert ru.warnings == []
    assert ru.unassigned == []
    assert ru.title == "ПРАВИЛА ОРГАНИЗАЦИИ КУРСОВ ПОВЫШЕНИЯ КВАЛИФИКАЦИИ ПЕДАГОГОВ"


def test_hand_counts_equal_the_kazakh_ones(
    ru: CourseRulesDocument, kk: CourseRulesDocument
) -> None:
    for doc in (ru, kk):
        assert len(doc.sections) == HAND_SECTIONS
        assert [len(s.points) for s in doc.sections] == HAND_POINTS_PER_SECTION
        assert len(doc.points) == HAND_POINTS
        items = {p.number: len(p.items) for p in doc.points if p.items}
        assert items == HAND_ITEMS_PER_POINT
        assert sum(items.values()) == HAND_ITEMS
        assert len(doc.basis) == 7 and len(doc.course_kinds) == 2
        assert (len(doc.formats), len(doc.study_modes), len(doc.groupings)) == (3, 2, 2)
        assert len(doc.trainer_qualifications) == 5
        assert len(doc.required_documents) == HAND_DOCUMENTS
        assert doc.certificate is not None and len(doc.certificate.fields) == 4
        assert len(doc.annexes) == 4
    # the same places: the translation keeps the layout line for line
    assert [p.loc for p in ru.points] == [p.loc for p in kk.points]
    assert [s.loc for s in ru.sections] == [s.loc for s in kk.sections]


def test_structured_values(ru: CourseRulesDocument, kk: CourseRulesDocument) -> None:
    got = [(k.name, k.hours, k.loc.start, k.loc.end) for k in ru.course_kinds]
    assert got == HAND_COURSE_KINDS
    assert [k.code for k in ru.course_kinds] == ["author", "register"]
    assert [k.groupings for k in ru.course_kinds] == [k.groupings for k in kk.course_kinds]
    assert {f.code: f.text for f in ru.formats} == HAND_FORMATS
    assert [m.code for m in ru.study_modes] == HAND_STUDY_MODES
    assert [m.code for m in kk.study_modes] == HAND_STUDY_MODES
    group = next(g for g in ru.groupings if g.code == "group")
    assert (group.min_participants, group.min_applications) == (4, 4)
    assert [(q.loc.start, q.text) for q in ru.trainer_qualifications] == HAND_TRAINER_ITEMS
    assert [q.codes for q in ru.trainer_qualifications] == [
        q.codes for q in kk.trainer_qualifications
    ]
    assert ru.trainer_qualifications[4].experience_years == 3
    assert ru.certificate is not None and ru.certificate.validity is not None
    assert ru.certificate.validity.years == 3  # 5.5 "в течение трех лет"
    assert [f.code for f in ru.certificate.fields] == [
        "topic",
        "completion-date",
        "hours",
        "issue-date",
    ]
    assert ru.support is not None and ru.support.years == 1  # 6.3 "в течение одного года"
    assert ru.monitoring is not None and ru.monitoring.years == 3  # 7.9 "… раза в три года"
    assert ru.assessment is not None
    assert ru.assessment.stages == ["текущее оценивание", "итоговое оценивание"]
    assert ru.assessment.max_retakes_per_year == 1  # 5.7 "не более одного раза в год"
    assert [(a.number, a.title, a.loc.start) for a in ru.annexes] == HAND_ANNEXES


def test_provider_and_acts(ru: CourseRulesDocument, kk: CourseRulesDocument) -> None:
    assert ru.provider.name == "Казахская национальная консерватория имени Курмангазы"
    assert ru.provider.parent_body == "Министерство культуры и информации Республики Казахстан"
    assert ru.provider.legal_form == "республиканское государственное учреждение"
    assert ru.provider.key == kk.provider.name
    refs = [c.act for c in ru.basis if c.act is not None]
    assert [(a.issuer, a.number, a.date) for a in refs] == HAND_ACTS
    assert [c.kind for c in ru.basis] == [c.kind for c in kk.basis]
    assert [c.amended_as_of for c in ru.basis] == [c.amended_as_of for c in kk.basis]
    assert ru.basis[0].title == "Об образовании"
    assert ru.basis[2].title == "Трудовой кодекс"
    charter = ru.basis[6]
    assert charter.title == "Устав РГУ «Казахская национальная консерватория имени Курмангазы»"
    assert charter.act is None and charter.key == kk.basis[6].title


def test_exact_russian_wording(ru: CourseRulesDocument) -> None:
    texts = {p.number: p.text for p in ru.points}
    assert texts["3.14"] == (
        "Продолжительность курса, включенного в реестр, составляет 80 академических часов."
    )
    assert texts["3.13"] == (
        "Продолжительность индивидуального и группового курса по плану, по программе "
        "«Авторский курс» составляет 72 академических часа."
    )
    assert texts["5.3"] == (
        "В сертификате указываются тема курсов повышения квалификации, дата прохождения "
        "и количество часов."
    )
    assert texts["7.9"] == (
        "Эффективность образовательных программ анализируется не ежегодно, а не реже "
        "одного раза в три года."
    )
    assert texts["3.3"].endswith(
        "в зависимости от выбранной слушателем программы и целей повышения квалификации."
    )
    assert "ПРАВИЛА" not in texts["8.2"]  # page header skipped
    p41 = ru.point("4.1")
    assert p41 is not None
    assert p41.items[2].text == "Удостоверение личности (с двух сторон)"


# -- the graph ------------------------------------------------------------------------------


def test_same_typed_subjects_in_both_languages(
    ru: CourseRulesDocument, kk: CourseRulesDocument
) -> None:
    ru_graph, kk_graph = _graph(ru), _graph(kk)
    sources = {MINTER.source(ru.source.sha256), MINTER.source(kk.source.sha256)}

    def typed(g: Graph) -> set[tuple[object, object]]:
        return {(s, o) for s, o in g.subject_objects(RDF.type) if s not in sources}

    assert typed(ru_graph) == typed(kk_graph)
    assert len(typed(ru_graph)) > 150
    for cls, n in [
        (NQS.RuleSection, HAND_SECTIONS),
        (NQS.RulePoint, HAND_POINTS),
        (NQS.RuleItem, HAND_ITEMS),
        (NQS.Course, 2),
        (NQS.ActCitation, 7),
    ]:
        assert len(set(ru_graph.subjects(RDF.type, cls))) == n, cls
    charter = MINTER.titled_act(kk.basis[6].title or "")
    assert (charter, RDF.type, NQS.LegalAct) in ru_graph
    law = URIRef(DEFAULT_BASE_IRI + "act/2007-07-27/319-III")
    assert (None, NQS.basedOn, law) in ru_graph


def test_texts_are_tagged_russian(ru: CourseRulesDocument) -> None:
    graph = _graph(ru)
    source = MINTER.source(ru.source.sha256)
    assert graph.value(source, DCTERMS.language) == Literal("ru")
    for node in set(graph.subjects(RDF.type, None)) - {source}:
        assert (node, PROV.wasDerivedFrom, source) in graph, node
        labels = list(graph.objects(node, RDFS.label))
        assert labels and all(getattr(x, "language", None) == "ru" for x in labels), node
    rules = next(graph.subjects(RDF.type, NQS.CourseRules))
    hours = {graph.value(c, NQS.academicHours) for c in graph.subjects(RDF.type, NQS.Course)}
    assert hours == {Literal(72), Literal(80)}
    assert graph.value(rules, NQS.hasSection) is not None
