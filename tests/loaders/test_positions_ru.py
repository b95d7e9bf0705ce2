"""The Russian version of the positions order (``tests/fixtures/forms/003_ru.txt``, a hand
translation of seed 003, line for line) gives the Kazakh elements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from nqs.loaders.documents import parse_document
from nqs.loaders.iris import Minter
from nqs.loaders.positions.map import map_positions
from nqs.loaders.positions.model import Position, PositionsDocument
from nqs.loaders.positions.parse import looks_like_positions, parse_positions
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, NQS_PREFIX_LINE, RDF, RDFS
from tests.conftest import SEEDS, TESTS

RU = TESTS / "fixtures" / "forms" / "003_ru.txt"
KK = SEEDS / "003_443e69a912bd565d.txt"
MINT = Minter(DEFAULT_BASE_IRI)
POS = DEFAULT_BASE_IRI + "position/order-61-2008/"
EXPECTED: dict[str, Any] = json.loads(
    (TESTS / "fixtures" / "positions" / "expected.json").read_text("utf-8")
)
# Positions translated per section (the Kazakh tests count 10, 13 and 28).
SECTIONS = [10, 13, 28]
# Hand counts of 003_ru.txt, section 1: (duties, must-know items, first line, last line).
COUNTS = [
    (15, 4, 46, 90),
    (11, 4, 92, 130),
    (13, 3, 132, 165),
    (9, 4, 167, 198),
    (5, 4, 200, 223),
    (4, 4, 225, 243),
    (9, 4, 245, 272),
    (5, 4, 274, 292),
    (4, 3, 294, 308),
    (12, 3, 310, 349),
]


def parse(path: Path) -> PositionsDocument:
    return parse_positions(read_text(path), source_info(path))


@pytest.fixture(scope="module")
def ru() -> PositionsDocument:
    return parse(RU)


@pytest.fixture(scope="module")
def kk() -> PositionsDocument:
    return parse(KK)


def test_recognised_as_positions_in_russian(ru: PositionsDocument) -> None:
    assert looks_like_positions(read_text(RU))
    assert ru.language == "ru"
    assert parse_document(RU).loader.kind == "qualification-characteristics"


def test_hand_counts_equal_the_kazakh_ones(ru: PositionsDocument, kk: PositionsDocument) -> None:
    assert [len(s.positions) for s in ru.sections] == SECTIONS
    for counts, r, k in zip(
        COUNTS, ru.sections[0].positions, kk.sections[0].positions, strict=False
    ):
        got = (len(r.duties), len(r.knowledge), r.loc.start, r.loc.end)
        assert got == counts == (len(k.duties), len(k.knowledge), k.loc.start, k.loc.end)
        assert [x.acts for x in r.knowledge] == [x.acts for x in k.knowledge]
        assert r.min_experience_years == k.min_experience_years
        assert r.prior_positions == k.prior_positions
        for a, b in zip(r.requirements, k.requirements, strict=True):
            assert [e.levels for e in a.education] == [e.levels for e in b.education]
            assert [d.code for d in a.degrees] == [d.code for d in b.degrees]
            assert a.academic_title == b.academic_title
            assert [e.years for e in a.experience] == [e.years for e in b.experience]
    # the same one warning as the Kazakh text: the instructor has two requirements paragraphs
    assert [str(w) for w in ru.warnings] == [
        "lines 1364-1391: Инструктор физкультурно-спортивных организаций: 2 requirements paragraphs"
    ]
    assert len(find(ru, "3/21").requirements) == len(find(kk, "3/21").requirements) == 2
    assert [b.text for b in ru.unassigned] == []  # the signature (line 27) is a signatory


def find(doc: PositionsDocument, key: str) -> Position:
    """A position by ``section/number`` or ``section/number/sub``."""
    parts = [int(p) for p in key.split("/")]
    pos = doc.sections[parts[0] - 1].positions[parts[1] - 1]
    return pos.subpositions[parts[2] - 1] if len(parts) == 3 else pos


def translated(key: str) -> bool:
    """Whether the position ``section/number[/...]`` is in the translated part."""
    section, number = (int(p) for p in key.split("/")[:2])
    return section <= len(SECTIONS) and number <= SECTIONS[section - 1]


def translated_iri(iri: URIRef) -> bool:
    """Whether a position IRI (or one of its parts) names a translated position."""
    path = str(iri)[len(POS) :]
    if path.startswith("section/"):
        return int(path.split("/")[1]) <= len(SECTIONS)
    return translated(path)


def structure(pos: Position) -> tuple[Any, ...]:
    """What the Russian and the Kazakh position must share: counts, places, acts named,
    the structured requirements and the positions whose experience they ask for."""
    return (
        pos.section,
        pos.number,
        pos.sub,
        len(pos.duties),
        [d.ordinal for d in pos.duties],
        [k.acts for k in pos.knowledge],
        (pos.loc.start, pos.loc.end),
        [
            (
                [e.levels for e in r.education],
                [d.code for d in r.degrees],
                r.academic_title,
                [e.years for e in r.experience],
                [e.prior.years if e.prior else None for e in r.experience],
            )
            for r in pos.requirements
        ],
        pos.prior_positions,
        pos.min_experience_years,
        len(pos.subpositions),
    )


def test_every_position_has_the_kazakh_structure(
    ru: PositionsDocument, kk: PositionsDocument
) -> None:
    for r_section, k_section in zip(ru.sections, kk.sections, strict=False):
        assert r_section.number == k_section.number
        assert (r_section.loc.start, r_section.loc.end) == (k_section.loc.start, k_section.loc.end)
        done = SECTIONS[r_section.number - 1]
        for r, k in zip(r_section.positions, k_section.positions[:done], strict=True):
            for a, b in zip([r, *r.subpositions], [k, *k.subpositions], strict=True):
                assert structure(a) == structure(b), a.name


@pytest.mark.parametrize(
    "case",
    [c for c in EXPECTED["counts"] if translated(c["position"])],
    ids=lambda c: c["position"],
)
def test_counts_of_the_kazakh_tests(ru: PositionsDocument, case: dict[str, Any]) -> None:
    pos = find(ru, case["position"])
    assert (len(pos.duties), len(pos.knowledge)) == (case["duties"], case["knowledge"])
    assert (pos.loc.start, pos.loc.end) == tuple(case["lines"])


@pytest.mark.parametrize(
    "case",
    [c for c in EXPECTED["subpositions"] if translated(c["parent"])],
    ids=lambda c: f"{c['parent']}/{c['sub']}",
)
def test_subpositions_of_the_kazakh_tests(ru: PositionsDocument, case: dict[str, Any]) -> None:
    sub = find(ru, f"{case['parent']}/{case['sub']}")
    assert (len(sub.duties), len(sub.knowledge)) == (case["duties"], case["knowledge"])


@pytest.mark.parametrize(
    "case",
    [c for c in EXPECTED["requirements"] if translated(c["position"])],
    ids=lambda c: c["position"],
)
def test_requirements_of_the_kazakh_tests(ru: PositionsDocument, case: dict[str, Any]) -> None:
    pos = find(ru, case["position"])
    req = pos.requirements[0]
    assert [list(e.levels) for e in req.education] == case["education"]
    assert [d.code for d in req.degrees] == case["degrees"]
    assert req.academic_title == case["academic_title"]
    assert [e.years for e in req.experience] == [e[0] for e in case["experience"]]
    assert pos.min_experience_years == case["min_years"]


def test_russian_texts_of_section_2(ru: PositionsDocument) -> None:
    section = ru.sections[1]
    assert section.title == (
        "Типовые квалификационные характеристики должностей педагогических работников систем "
        "технического и профессионального, послесреднего образования"
    )
    director = section.positions[0]
    assert director.name == (
        "Директор организации технического и профессионального, послесреднего образования "
        "(профессионального лицея, колледжа, училища)"
    )
    assert director.duties_label == "Должностные обязанности"
    assert director.requirements[0].text == (
        "высшее образование, стаж работы на руководящих должностях в организациях образования "
        "или организациях соответствующего профиля учебного заведения не менее 5 лет."
    )
    teacher = section.positions[7]
    [nvp] = teacher.subpositions
    assert nvp.name == "преподавателя-организатора начальной военной подготовки (НВП)"
    assert nvp.duties[0].text == "Организует военно-патриотическое воспитание обучающихся."
    assert [k.text for k in nvp.knowledge] == [
        'Закон Республики Казахстан "О воинской обязанности и воинской службе"'
    ]
    assert [p.name for p in section.positions[8:10]] == [
        "Педагог-психолог",
        "Старший мастер организации технического и профессионального, послесреднего образования",
    ]
    assert section.positions[8].requirements[0].text == (
        'высшее образование по специальности "Психология" или высшее медицинское, '
        "педагогическое образование с дополнительной подготовкой по специальности "
        '"Практическая психология" на специальном факультете.'
    )


def test_header(ru: PositionsDocument, kk: PositionsDocument) -> None:
    o, k = ru.order, kk.order
    assert (o.act.number, o.act.date) == (k.act.number, k.act.date)
    assert (o.registration_number, o.registration_date) == ("5168", "2008-03-17")
    assert o.repealed_by is not None and k.repealed_by is not None
    assert (o.repealed_by.number, o.repealed_by.date) == ("338", "2009-07-13")
    assert o.cites == k.cites == ("law-education",)
    assert not ru.in_force


def test_russian_texts(ru: PositionsDocument) -> None:
    section = ru.sections[0]
    assert section.title == (
        "Типовые квалификационные характеристики должностей научно-педагогических работников "
        "организаций высшего и послевузовского образования"
    )
    professor = section.positions[4]
    assert professor.name == "Профессор"
    assert professor.duties_label == "Служебные обязанности"
    assert professor.duties[0].text == (
        "Проводит лекционные занятия, курсовые и дипломные проекты."
    )
    assert [k.text for k in section.positions[0].knowledge] == [
        "Конституцию Республики Казахстан",
        'Законы Республики Казахстан "Об образовании", "О науке", "О борьбе с коррупцией"',
        "основы педагогики и психологии",
        "государственные общеобязательные стандарты образования",
    ]
    assert professor.requirements[0].text == (
        "высшее образование, ученая степень доктора наук и стаж научно-педагогической работы "
        "не менее 5 лет, в том числе в должности доцента не менее одного года."
    )


def subjects(doc: PositionsDocument) -> tuple[Graph, set[URIRef]]:
    g = map_positions(doc, MINT).graph()
    typed = {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}
    return g, typed


def test_same_typed_subjects_as_kazakh(ru: PositionsDocument, kk: PositionsDocument) -> None:
    g, typed = subjects(ru)
    _, kk_typed = subjects(kk)
    part = {s for s in kk_typed if not str(s).startswith(POS) or translated_iri(s)}
    expected = {s for s in part if "/amendment/" not in str(s)}
    mine = {s for s in typed if "/amendment/" not in str(s) and "/source/" not in str(s)}
    assert mine <= kk_typed
    assert {s for s in expected if str(s).startswith(POS)} == {
        s for s in mine if str(s).startswith(POS)
    }
    professor = URIRef(POS + "1/5")
    assert (professor, RDFS.label, Literal("Профессор", lang="ru")) in g
    assert (
        URIRef(POS + "1/5/requirement/1/experience/1"),
        NQS.priorPosition,
        URIRef(POS + "1/6"),
    ) in g
    labels = [o for s in mine if str(s).startswith(POS) for o in g.objects(s, RDFS.label)]
    assert labels and all(getattr(x, "language", None) in ("ru", "en") for x in labels)


def test_amendment_notes(ru: PositionsDocument, kk: PositionsDocument) -> None:
    """The «Примечание» notes give the Kazakh amendments: the same act, place and scope."""
    assert len(ru.amendments) == len([n for n in (767, 1099) if n <= ru.loc.end])
    for r, k in zip(ru.amendments, kk.amendments, strict=False):
        assert (r.act.number, r.act.date) == (k.act.number, k.act.date)
        assert (r.loc.start, r.loc.end) == (k.loc.start, k.loc.end)
        assert (r.throughout, r.position) == (k.throughout, k.position)
        assert len(r.old_phrases) == len(k.old_phrases)
        assert (r.new_phrase is None) == (k.new_phrase is None)
        assert r.entry_into_force and "вводится в действие" in r.entry_into_force
    first = ru.amendments[0]
    assert first.act.issuer == "Министр образования и науки Республики Казахстан"
    assert first.old_phrases[0] == "специальное среднее образование"
    assert first.new_phrase == (
        "техническое и профессиональное (специальное среднее, профессиональное среднее) образование"
    )
    g = map_positions(ru, MINT).graph()
    order = URIRef(DEFAULT_BASE_IRI + "act/2008-02-12/61")
    iri = URIRef(f"{order}/amendment/1")
    assert (iri, NQS.appliesThroughout, Literal(True)) in g
    assert (iri, NQS.amendingAct, URIRef(DEFAULT_BASE_IRI + "act/2009-03-20/128")) in g


def test_russian_texts_of_section_3(ru: PositionsDocument) -> None:
    section = ru.sections[2]
    assert section.title == (
        "Типовые квалификационные характеристики должностей педагогических работников систем "
        "дошкольного воспитания и обучения, общего среднего и дополнительного образования"
    )
    assert section.positions[0].name == "Директор института повышения квалификации"
    assert section.positions[0].requirements[0].degrees[0].science == "педагогических"
    teachers = section.positions[10]
    assert teachers.name == "Преподаватели всех специальностей"
    assert [s.name for s in teachers.subpositions] == [
        "преподавателя начальной военной подготовки (НВП)",
        "учителей начальных классов",
    ]
    assert teachers.subpositions[0].duties[0].text == (
        "Воспитывает у обучающихся школы любовь к Родине."
    )
    assert teachers.subpositions[1].requirements[0].text.startswith("высшее педагогическое или")
    assert section.positions[19].name == "Старший воспитатель, воспитатель организации образования"


def test_whole_text_in_graph(ru: PositionsDocument) -> None:
    """All 51 positions and 3 sub-positions, in their sections, and the career ladder."""
    g = map_positions(ru, MINT).graph()
    positions = set(g.subjects(RDF.type, NQS.Position))
    assert len(positions) == 51 + 3
    for s, n in [(1, 10), (2, 13 + 1), (3, 28 + 2)]:
        assert len(set(g.subjects(NQS.inSection, URIRef(f"{POS}section/{s}")))) == n
    assert (URIRef(POS + "3/11/sub/2"), NQS.subPositionOf, URIRef(POS + "3/11")) in g
    store = pyoxigraph.Store()
    store.load(g.serialize(format="nt").encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    rows = store.query(
        NQS_PREFIX_LINE + "SELECT ?professor ?p WHERE { ?professor nqs:requiresExperienceIn+ ?p }",
        substitutions={pyoxigraph.Variable("professor"): pyoxigraph.NamedNode(POS + "1/5")},
    )
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    assert {row["p"].value for row in rows} == {POS + "1/6", POS + "1/7", POS + "1/8"}
