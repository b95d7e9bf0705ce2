"""The current template in Russian: seed 000 translated by hand (tests/fixtures/forms/000_ru.txt)
read by the same parser as the Kazakh text, mapped to the same IRIs, and checked against the
Kazakh version by the registry shape nqsh:LanguageVersions.

The translation keeps the Kazakh text's layout line for line (the same blank lines, the same
numbered items on the same lines), so the two documents give the same places too. Counts were
read off the Russian file: its cards start at lines 61, 374 and 513; under each "Умения:" /
"Знания:" the items are numbered "1.", "2.", … or, unnumbered, are one item — card 1:
functions 1-4 and additional function 1 with two skills each, abilities 2+2, 3+1, 2+1, 2+1,
2+3, knowledge 1+2, 2+1, 1+1, 2+2, 1+1; card 2: one function, two skills, abilities 3+1,
knowledge 1+1; card 3: function 1 and additional function 1, two skills each, abilities
2+2, 2+2, knowledge 2+2, 1+2.
"""

from __future__ import annotations

import shutil
from dataclasses import astuple
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from nqs.build import build
from nqs.config import Settings
from nqs.loaders.documents import load_document
from nqs.loaders.iris import Minter
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.loaders.standard.map import map_standard
from nqs.loaders.standard.model import StandardDocument
from nqs.loaders.standard.parse_current import (
    looks_like_current_standard,
    parse_standard_current,
    ru_issuer,
)
from nqs.loaders.standard.summary import card_counts
from nqs.loaders.text import ru_month
from nqs.namespaces import NQS, PROV, RDF, RDFS
from nqs.validation.report import Finding, Report, report_graph
from nqs.validation.run import ValidationFailed
from tests.conftest import BALLET, SEEDS, TESTS
from tests.loaders import test_standard_kk as kk

RU_BALLET = TESTS / "fixtures" / "forms" / "000_ru.txt"
BASE = "https://example.org/kz/"
STD = URIRef(BASE + "standard/R90012023")

# card → (mandatory functions, additional functions, skills, abilities, knowledge)
HAND_COUNTS = {
    1: (
        4,
        1,
        2 * 5,
        (2 + 2) + (3 + 1) + (2 + 1) + (2 + 1) + (2 + 3),
        (1 + 2) + (2 + 1) + (1 + 1) + (2 + 2) + (1 + 1),
    ),
    2: (1, 0, 2, 3 + 1, 1 + 1),
    3: (1, 1, 4, 2 + 2 + 2 + 2, 2 + 2 + 1 + 2),
}  # fmt: skip
# card → (other titles, personal competencies, related occupations)
CARD_LISTS = {1: (1, 5, 6), 2: (3, 10, 6), 3: (4, 9, 6)}
# Lines that belong to no element: the four chapter headings ("Глава 1. …" … "Глава 4. …").
BOILERPLATE_LINES = [12, 39, 59, 706]
# Classes of the elements a standard's text states (labelled in the language of the text).
ELEMENTS = [
    NQS.ProfessionalStandard,
    NQS.ProfessionCard,
    NQS.LaborFunction,
    NQS.Skill,
    NQS.Ability,
    NQS.Knowledge,
    NQS.PersonalCompetency,
    NQS.AlternativeTitle,
    NQS.RelatedOccupation,
    NQS.Approval,
    NQS.StandardGlossary,
    NQS.GlossaryTerm,
    NQS.Abbreviation,
    NQS.LegalAct,
]


def parse(path: Path) -> StandardDocument:
    return parse_standard_current(read_text(path), source_info(path))


@pytest.fixture(scope="module")
def doc() -> StandardDocument:
    return parse(RU_BALLET)


@pytest.fixture(scope="module")
def kk_doc() -> StandardDocument:
    return parse(BALLET)


@pytest.fixture(scope="module")
def graphs(doc: StandardDocument, kk_doc: StandardDocument) -> tuple[Graph, Graph]:
    minter = Minter(BASE)
    return map_standard(kk_doc, minter).graph(), map_standard(doc, minter).graph()


def test_hand_counts_are_the_kazakh_ones() -> None:
    assert HAND_COUNTS == kk.HAND_COUNTS
    assert CARD_LISTS == kk.CARD_LISTS


def test_recognised_in_both_languages() -> None:
    assert looks_like_current_standard(read_text(RU_BALLET))
    assert looks_like_current_standard(read_text(BALLET))
    for seed in sorted(SEEDS.glob("00[1-4]_*.txt")):
        assert not looks_like_current_standard(read_text(seed)), seed.name


def test_language_detected(doc: StandardDocument, kk_doc: StandardDocument) -> None:
    assert (doc.language, kk_doc.language) == ("ru", "kk")


def test_passport(doc: StandardDocument) -> None:
    assert doc.title == "Балетовед"
    assert doc.code == "R90012023"
    assert [a.code for a in doc.economic_activities] == ["R", "90", "90.0", "90.01", "90.01.2"]
    assert doc.economic_activities[-1].label == "Концертная деятельность"
    assert doc.description == (
        "Искусствоведческая деятельность; действия, способствующие исследованию истории и "
        "теории хореографического искусства. Критическая деятельность в области "
        "хореографического искусства."
    )
    assert [(e.title, e.level.low if e.level else None) for e in doc.card_list] == [
        ("Балетовед", 6),
        ("Балетовед", 7),
        ("Балетовед", 8),
    ]


def test_approving_act(doc: StandardDocument, kk_doc: StandardDocument) -> None:
    act = doc.approved_by
    assert act is not None and kk_doc.approved_by is not None
    assert (act.number, act.date, act.annex) == ("150", "2024-04-17", "7")
    assert act.issuer == "Министр культуры и информации Республики Казахстан"
    other = kk_doc.approved_by
    assert (other.number, other.date, other.annex) == (act.number, act.date, act.annex)


@pytest.mark.parametrize("ordinal", sorted(HAND_COUNTS))
def test_card_counts(doc: StandardDocument, ordinal: int) -> None:
    card = doc.cards[ordinal - 1]
    got = astuple(card_counts(card))
    assert got == HAND_COUNTS[ordinal]
    lists = (len(card.other_titles), len(card.personal_competencies), len(card.related))
    assert lists == CARD_LISTS[ordinal]


def test_same_structure_as_kazakh(doc: StandardDocument, kk_doc: StandardDocument) -> None:
    """Per card, function and skill: the same numbers, kinds and counts of items."""

    def shape(d: StandardDocument) -> list[object]:
        return [
            (
                c.ordinal,
                c.group_code,
                c.occupation_code,
                c.level,
                [c.code for c in c.other_titles],
                [(r.level, r.code) for r in c.related],
                [
                    (
                        f.ordinal,
                        f.mandatory,
                        [(s.ordinal, len(s.abilities), len(s.knowledge)) for s in f.skills],
                    )
                    for f in c.functions
                ],
            )
            for c in d.cards
        ]

    assert shape(doc) == shape(kk_doc)
    assert len(doc.provisions.glossary) == len(kk_doc.provisions.glossary)


def test_cards(doc: StandardDocument) -> None:
    assert len(doc.cards) == 3
    for card, level in zip(doc.cards, (6, 7, 8), strict=True):
        assert card.name == "Балетовед"
        assert card.group_code == "2633-1"
        assert card.occupation_code == "2633-1-001"
        assert card.level is not None and card.level.levels == [level]
        assert card.specialty == "Искусство"
        assert card.qualification == "-"
        assert card.nonformal_link == "Не обязательно"
    assert doc.cards[0].education_level == (
        "высшее образование (бакалавриат, степень специалиста, ординатура)"
    )
    assert doc.cards[1].education_level == "послевузовское образование (магистратура, резидентура)"
    assert doc.cards[2].other_titles[1].code == "2314-0-011"
    assert doc.cards[2].other_titles[1].title == (
        "Преподаватель, доцент, профессор театрального искусства, ВУЗ"
    )
    assert doc.cards[2].purpose == "Осуществление научной и педагогической деятельности"


def test_exact_texts_in_order(doc: StandardDocument) -> None:
    card = doc.cards[0]
    fn1 = card.functions[0]
    assert fn1.skills[0].title == (
        "Организация и осуществление самостоятельной научно-исследовательской работы"
    )
    fn2 = card.functions[1]
    assert (fn2.ordinal, fn2.title) == (2, "Критическая работа")
    skill = fn2.skills[0]
    assert skill.title == "Организация и осуществление критической работы"
    assert [a.text for a in skill.abilities] == [
        "Владеть навыками осуществления и организации самостоятельной аналитической деятельности.",
        "Владеть навыками критического анализа в области хореографического искусства в виде "
        "написания и публикации статей в научных и периодических изданиях, на интернет-сайтах.",
        "Владеть навыками систематизации стилей и направлений хореографического искусства "
        "прошлого и современности.",
    ]
    assert [k.text for k in skill.knowledge][1] == (
        "Знание жанров художественной критики (обзор, творческий портрет, проблемная статья "
        "и т. д.)."
    )
    # an unnumbered list is one item
    assert [k.text for k in fn2.skills[1].knowledge] == [
        "Знание видов и форм публичных выступлений"
    ]
    # a compound split at its hyphen across lines keeps the hyphen
    assert "арт-фестивалей" in card.functions[3].skills[0].abilities[1].text
    additional = card.functions[4]
    assert not additional.mandatory
    assert additional.title == (
        "Организационно-управленческая работа, связь с прессой и творческими союзами"
    )
    assert doc.cards[2].functions[0].skills[0].recognition == "Рекомендуется"
    assert doc.cards[0].functions[0].skills[0].recognition == "-"


def test_locations_are_the_kazakh_ones(doc: StandardDocument) -> None:
    first = doc.cards[0].functions[0].skills[0].abilities[0]
    assert (first.loc.unit, first.loc.start, first.loc.end) == ("line", 134, 136)
    last_knowledge = doc.cards[2].functions[1].skills[1].knowledge[-1]
    assert (last_knowledge.loc.start, last_knowledge.loc.end) == (675, 676)


def test_provisions(doc: StandardDocument) -> None:
    pr = doc.provisions
    assert pr.scope is not None
    assert pr.scope.startswith('профессиональный стандарт "Балетовед" (далее – ')
    assert pr.scope.endswith("и применяется в сфере культуры.")
    assert (pr.scope_loc.start, pr.scope_loc.end) == (14, 18)  # type: ignore[union-attr]
    assert [(a.key, a.title) for a in pr.cited_acts] == [
        ("kasiptik-biliktilik-turaly", "О профессиональных квалификациях")
    ]
    assert [(e.kind, e.term) for e in pr.glossary] == [
        ("term", "знание"),
        ("term", "навык"),
        ("term", "специальность"),
        ("abbreviation", "НРК"),
        ("abbreviation", "ОРК"),
        ("abbreviation", "ОКЭД"),
        ("abbreviation", "ЕТКС"),
        ("abbreviation", "КС"),
        ("abbreviation", "МСКО"),
    ]
    assert pr.glossary[0].definition == (
        "изученная и усвоенная информация, необходимая для выполнения действий в рамках "
        "профессиональной задачи"
    )
    assert pr.glossary[5].definition == "общий классификатор видов экономической деятельности"


def test_footer_and_technical_data(doc: StandardDocument) -> None:
    card = doc.cards[0]
    assert card.personal_competencies[0] == "Аккуратность"
    assert card.related[3].title == (
        "Руководитель творческого коллектива / отдела маркетинга и связей с общественностью в "
        "области искусства / структурного подразделения организации культуры"
    )
    tech = doc.technical
    assert tech.state_body == "Министерство культуры и информации Республики Казахстан"
    assert tech.developers == ["Казахская национальная академия искусств имени Темирбека Жургенова"]
    assert [a.body for a in tech.approvals] == [
        "Отраслевой совет по профессиональным квалификациям",
        "Национальный орган по профессиональным квалификациям",
        "Национальная палата предпринимателей Республики Казахстан «Атамекен»",
    ]
    assert [a.date for a in tech.approvals] == ["2024-01-10", "2023-11-02", "2024-02-15"]
    assert (tech.version, tech.year, tech.revision_date) == ("1", 2024, "2027-11-03")


def test_nothing_but_boilerplate_unassigned(doc: StandardDocument) -> None:
    assert [b.loc.start for b in doc.unassigned] == BOILERPLATE_LINES
    assert doc.warnings == []


# -- one graph for both languages -----------------------------------------------------------


def typed(g: Graph) -> set[Node]:
    """The subjects with a type, but the source document."""
    return {s for s, o in g.subject_objects(RDF.type) if o != NQS.SourceDocument}


def source_of(g: Graph) -> URIRef:
    (source,) = set(g.subjects(RDF.type, NQS.SourceDocument))
    assert isinstance(source, URIRef)
    return source


def test_same_typed_iris(graphs: tuple[Graph, Graph]) -> None:
    kk_graph, ru_graph = graphs
    assert typed(kk_graph) == typed(ru_graph)
    assert len(typed(ru_graph)) > 150
    for cls in ELEMENTS:
        assert set(kk_graph.subjects(RDF.type, cls)) == set(ru_graph.subjects(RDF.type, cls))
    assert len(set(ru_graph.subjects(RDF.type, NQS.Ability))) == 31
    assert len(set(ru_graph.subjects(RDF.type, NQS.Knowledge))) == 23
    # the law cited under its Kazakh and its Russian title is one resource
    law = URIRef(BASE + "act/kasiptik-biliktilik-turaly")
    assert (STD, NQS.cites, law) in kk_graph and (STD, NQS.cites, law) in ru_graph
    assert (law, RDFS.label, Literal("О профессиональных квалификациях", lang="ru")) in ru_graph


def _languages(g: Graph, node: Node) -> set[str | None]:
    return {o.language for o in g.objects(node, RDFS.label) if isinstance(o, Literal)}


def test_each_element_labelled_in_its_language(graphs: tuple[Graph, Graph]) -> None:
    kk_graph, ru_graph = graphs
    elements = {s for cls in ELEMENTS for s in kk_graph.subjects(RDF.type, cls)}
    assert len(elements) > 140
    for node in elements:
        assert _languages(kk_graph, node) == {"kk"}, node
        assert _languages(ru_graph, node) == {"ru"}, node
    assert source_of(kk_graph) != source_of(ru_graph)
    cards = set(ru_graph.subjects(RDF.type, NQS.ProfessionCard))
    assert all((c, PROV.wasDerivedFrom, source_of(ru_graph)) in ru_graph for c in cards)


def _structure(g: Graph) -> set[tuple[Node, Node, Node]]:
    """The triples with every language-tagged text replaced by its language, and the source
    document by one name (and without its own description)."""
    source = source_of(g)
    out = set()
    for s, p, o in g:
        if s == source:
            continue
        if isinstance(o, Literal) and o.language:
            o = Literal("text", lang="xx")
        if o == source:
            o = URIRef("urn:source")
        out.add((s, p, o))
    return out


def test_same_graph_but_the_texts(graphs: tuple[Graph, Graph]) -> None:
    """Every triple of one graph is in the other, the texts and the source document aside:
    same IRIs, types, links, ordinals, codes, levels, dates and places."""
    kk_graph, ru_graph = graphs
    assert _structure(kk_graph) == _structure(ru_graph)


def test_sample_labels(graphs: tuple[Graph, Graph]) -> None:
    kk_graph, ru_graph = graphs
    ability = URIRef(f"{STD}/card/1/function/2/skill/1/ability/1")
    assert (
        ability,
        RDFS.label,
        Literal(
            "Өзіндік талдау әрекеттерін жүзеге асыру және ұйымдастыру дағдыларын меңгеру.",
            lang="kk",
        ),
    ) in kk_graph
    assert (
        ability,
        RDFS.label,
        Literal(
            "Владеть навыками осуществления и организации самостоятельной аналитической "
            "деятельности.",
            lang="ru",
        ),
    ) in ru_graph
    assert (STD, RDFS.label, Literal("Балетовед", lang="ru")) in ru_graph
    occupation = URIRef(BASE + "occupation/2633-1-001")
    assert (occupation, RDFS.label, Literal("Балетовед", lang="ru")) in ru_graph


def test_loaded_as_a_standard() -> None:
    loaded = load_document(RU_BALLET, Minter(BASE))
    assert loaded.kind == "professional-standard"
    assert isinstance(loaded.document, StandardDocument)
    assert loaded.document.language == "ru"


@pytest.mark.parametrize(
    ("word", "month"),
    [("января", 1), ("апреля", 4), ("апрель", 4), ("мая", 5), ("май", 5), ("марта", 3)],
)
def test_ru_month(word: str, month: int) -> None:
    assert ru_month(word) == month


def test_ru_issuer() -> None:
    assert ru_issuer("Министра труда и социальной защиты населения Республики Казахстан") == (
        "Министр труда и социальной защиты населения Республики Казахстан"
    )


# -- the two versions validated together ----------------------------------------------------


def _build(folder: Path, store: Path) -> Report:
    return build(Settings(store=store, sources=(folder,))).validation


def test_versions_validate_clean(tmp_path: Path) -> None:
    """The Kazakh seed and its translation build (and so validate) together; the one violation
    of the seed, a skill title given twice, is an acknowledged defect in both languages."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(BALLET, folder)
    shutil.copy(RU_BALLET, folder)
    report = _build(folder, tmp_path / "store")
    assert report.blocking == []
    assert _language_findings(report) == []
    known = [f for f in report.findings if f.known is not None]
    assert {f.result.shape.rsplit("#")[-1] for f in known} == {"FunctionLists>"}
    assert len(known) == 2


def _language_findings(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.result.shape.endswith("#LanguageVersions>")]


def test_missing_ability_names_both_versions(tmp_path: Path) -> None:
    """The Russian text without ability 2 of card 1, function 1, skill 1 (lines 137-138)."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(BALLET, folder)
    lines = RU_BALLET.read_text(encoding="utf-8").split("\n")
    assert lines[136:138] == ["2. Владеть навыками работы с архивными", "документами."]
    broken = folder / "000_ru_missing_ability.txt"
    broken.write_text("\n".join(lines[:136] + lines[138:]), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        _build(folder, tmp_path / "store")
    (finding,) = _language_findings(failed.value.report)
    assert finding.blocking
    ability = "standard/R90012023/card/1/function/1/skill/1/ability/2"
    assert finding.value == ability
    assert finding.result.focus == "<https://w3id.org/kz-nqs/id/standard/R90012023>"
    assert [name for name, _, _ in finding.documents] == [BALLET.name, broken.name]
    assert finding.result.message("en") == (
        f"card/1/function/1/skill/1/ability/2 ({BALLET.name}, lines 137-138) is not in the ru "
        f"version of the standard ({broken.name}): its Kazakh and Russian versions differ in "
        "structure."
    )
    for lang in ("kk", "ru"):
        message = finding.result.message(lang)
        assert BALLET.name in message and broken.name in message and "137-138" in message
    # the SHACL report names both source documents
    graph = report_graph(failed.value.report)
    documents = {o for o in graph.objects(None, NQS.inDocument)}
    assert {URIRef(iri) for _, _, iri in finding.documents} <= documents
    assert len(finding.documents) == 2
