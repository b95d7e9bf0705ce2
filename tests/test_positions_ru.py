"""The Russian version of the positions order (``tests/fixtures/forms/003_ru.txt``, a hand
translation of the header and section 1 of seed 003) gives the Kazakh elements."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from nqs.loaders.documents import parse_document
from nqs.loaders.iris import Minter
from nqs.loaders.positions.map import map_positions
from nqs.loaders.positions.model import PositionsDocument
from nqs.loaders.positions.parse import looks_like_positions, parse_positions
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, RDF, RDFS
from tests.conftest import SEEDS

RU = Path(__file__).parent / "fixtures" / "forms" / "003_ru.txt"
KK = SEEDS / "003_443e69a912bd565d.txt"
MINT = Minter(DEFAULT_BASE_IRI)
POS = DEFAULT_BASE_IRI + "position/order-61-2008/"
# Hand counts of 003_ru.txt, section 1: (duties, must-know items, first line, last line).
COUNTS = [
    (15, 6, 46, 90),
    (11, 6, 92, 130),
    (13, 5, 132, 165),
    (9, 6, 167, 198),
    (5, 6, 200, 223),
    (4, 6, 225, 243),
    (9, 6, 245, 272),
    (5, 6, 274, 292),
    (4, 5, 294, 308),
    (12, 5, 310, 349),
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
    assert len(ru.sections) == 1
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
    assert len(ru.sections[0].positions) == len(COUNTS)
    assert not ru.warnings
    assert [b.text for b in ru.unassigned] == ["Министр Ж. Туймебаев"]


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
        'Закон "Об образовании"',
        'Закон "О науке"',
        'Закон "О борьбе с коррупцией"',
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
    section_1 = {s for s in kk_typed if not str(s).startswith(POS) or str(s).startswith(POS + "1/")}
    section_1 |= {URIRef(POS + "section/1")}
    expected = {s for s in section_1 if "/amendment/" not in str(s)}
    mine = {s for s in typed if "/amendment/" not in str(s) and "/source/" not in str(s)}
    # the acts cited only by sections 2 and 3 are not in the Russian part
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
