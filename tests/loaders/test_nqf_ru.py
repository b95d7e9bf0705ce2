"""The NQF order in Russian: seed 002 translated by hand (tests/fixtures/forms/002_ru.txt), read
by the same parser as the Kazakh text, mapped to the same IRIs, and checked against the Kazakh
version by the registry shape nqsh:FrameworkLanguageVersions.

The translation keeps the Kazakh text's layout line for line, so the two documents give the
same places too. Counted by hand in the Russian file: the title on lines 2-6, "Утратил силу"
on line 8, the act, its registration and repeal on lines 9-16 and the note ("Сноска.") on
17-19, "ПРИКАЗЫВАЕМ" on line 20, operative paragraph 1 (the amended 2012 order) on 21-29;
the general provisions are paragraphs "1." to "9." on lines 72, 76, 84, 86, 94, 139, 142,
146 and 167 under the headings "1. Общие положения" (70) and "2. Структура …" (137); the
glossary of paragraph 5 has the items "1)" to "14)" on lines 95, 97, 100, 103, 106, 108, 111,
115, 118, 121, 127, 129, 131 and 133; Annex 1 ("Приложение 1", line 178) has the level
numbers 1-8 alone on lines 196, 215, 236, 257, 291, 314, 345 and 373, each followed by three
cells (the skills cell of level 5 begins on lines 286-287, before the number 5); Annex 2
("Приложение 2", line 400) has one row per level from line 410, whose paragraphs (a line
that begins with a capital letter, one a sentence; a sentence that only names the kind of
education leads the next; «… практический опыт или высшее …» turns to the next) are 1, 1, 2,
2, 2, 1, 2 and 3 routes (level 5, lines 432-433: «…, практический опыт» and «или высшее
образование, …»; level 7, lines 438-439; level 8, lines 443-448). The acts it names are the
order itself (№ 665-ө-м / № 6), the order it amends (№ 444 / № 373-ө-м), the order
that repealed it (№ 851 / № 656) and the Law «Об образовании» of 27 July 2007.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from nqs.build import build
from nqs.config import Settings
from nqs.loaders.documents import LOADERS, SourceStream, load_document
from nqs.loaders.framework.map import map_nqf
from nqs.loaders.framework.model import NqfDocument
from nqs.loaders.framework.parse import looks_like_nqf, parse_nqf, unspace
from nqs.loaders.iris import Minter
from nqs.loaders.read import read
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.namespaces import NQS, PROV, RDF, RDFS, SKOS
from nqs.validation.report import Finding, Report, report_graph
from nqs.validation.run import ValidationFailed
from tests.conftest import BALLET, SEEDS, TESTS
from tests.loaders import test_nqf as kk

RU_NQF = TESTS / "fixtures" / "forms" / "002_ru.txt"
RU_BALLET = TESTS / "fixtures" / "forms" / "000_ru.txt"
NQF = kk.NQF
BASE = "https://example.org/kz/"
FW = URIRef(BASE + "framework/nqf")

# Counted by hand in the Russian file (see the module's docstring).
HAND_COUNTS = {
    "provisions": 9,
    "glossary terms": 14,
    "levels": 8,
    "descriptors": 8 * 3,
    "pathways": 8,
    "routes": 1 + 1 + 2 + 2 + 2 + 1 + 2 + 3,
    "acts": 4,
}
ROUTES_PER_LEVEL = [1, 1, 2, 2, 2, 1, 2, 3]
PROVISION_LINES = [72, 76, 84, 86, 94, 139, 142, 146, 167]
GLOSSARY_LINES = [95, 97, 100, 103, 106, 108, 111, 115, 118, 121, 127, 129, 131, 133]
LEVEL_LINES = [196, 215, 236, 257, 291, 314, 345, 373]
# Lines that belong to no element: the annex header, the section headings and the two
# annexes' headings and column headings (the operative part, lines 20-47, is read).
BOILERPLATE = [*range(48, 67), 70, 137]
BOILERPLATE += [178, 179, 181, 183, 184, 186, 187, 189, 190, 192, 194]
BOILERPLATE += [400, 401, 403, 405, 406, 408]
GLOSSARY_TERMS = [
    "квалификация",
    "уровень квалификации",
    "знание",
    "навык",
    "вид трудовой деятельности",
    "область профессиональной деятельности",
    "трудовая функция",
    "профессиональная задача",
    "профессиональный стандарт",
    "профессия",
    "компетентность",
    "НРК",
    "отраслевые рамки квалификаций",
    "функциональная карта",
]
# The Kazakh file's counts, as tests/loaders/test_nqf.py states them in its assertions
# (test_provisions, test_levels, test_pathways, test_acts_in_graph).
KK_PROVISIONS = list(range(1, 10))
KK_LEVEL_LINES = [196, 215, 236, 257, 291, 314, 345, 373]
KK_ROUTES_PER_LEVEL = [1, 1, 2, 2, 2, 1, 2, 3]
KK_ACTS = 4


def parse(path: Path) -> NqfDocument:
    return parse_nqf(read_text(path), source_info(path))


@pytest.fixture(scope="module")
def doc() -> NqfDocument:
    return parse(RU_NQF)


@pytest.fixture(scope="module")
def kk_doc() -> NqfDocument:
    return parse(NQF)


@pytest.fixture(scope="module")
def graphs(doc: NqfDocument, kk_doc: NqfDocument) -> tuple[Graph, Graph]:
    minter = Minter(BASE)
    return map_nqf(kk_doc, minter).graph(), map_nqf(doc, minter).graph()


def counts(d: NqfDocument) -> dict[str, int]:
    acts = {a.parts[0].number for a in (d.act, d.amends, d.repealed_by) if a is not None}
    return {
        "provisions": len(d.provisions),
        "glossary terms": len(d.glossary),
        "levels": len(d.levels),
        "descriptors": sum(len(lv.descriptors) for lv in d.levels),
        "pathways": sum(lv.pathway is not None for lv in d.levels),
        "routes": sum(len(lv.pathway.routes) for lv in d.levels if lv.pathway),
        "acts": len(acts) + len(d.laws),
    }


# -- the counts -----------------------------------------------------------------------------
def test_hand_counts_are_the_kazakh_ones() -> None:
    assert HAND_COUNTS["provisions"] == len(KK_PROVISIONS)
    assert HAND_COUNTS["glossary terms"] == len(kk.GLOSSARY_TERMS)
    assert HAND_COUNTS["levels"] == len(kk.EXPECTED_DESCRIPTORS) == len(kk.PATHWAY_LEVELS)
    assert HAND_COUNTS["descriptors"] == sum(len(d) for d in kk.EXPECTED_DESCRIPTORS.values())
    assert HAND_COUNTS["pathways"] == len(kk.PATHWAY_LEVELS)
    assert HAND_COUNTS["routes"] == sum(KK_ROUTES_PER_LEVEL)
    assert HAND_COUNTS["acts"] == KK_ACTS
    assert ROUTES_PER_LEVEL == KK_ROUTES_PER_LEVEL
    assert LEVEL_LINES == KK_LEVEL_LINES
    assert sorted(BOILERPLATE) == sorted(kk.BOILERPLATE)


def test_counts(doc: NqfDocument, kk_doc: NqfDocument) -> None:
    assert counts(doc) == HAND_COUNTS
    assert counts(kk_doc) == HAND_COUNTS
    assert [p.loc.start for p in doc.provisions] == PROVISION_LINES
    assert [p.number for p in doc.provisions] == KK_PROVISIONS
    assert [t.loc.start for t in doc.glossary] == GLOSSARY_LINES
    assert [lv.loc.start for lv in doc.levels] == LEVEL_LINES
    assert [len(lv.pathway.routes) for lv in doc.levels if lv.pathway] == ROUTES_PER_LEVEL
    assert [b.loc.start for b in doc.unassigned] == sorted(BOILERPLATE)


def _structure(d: NqfDocument) -> list[object]:
    """Everything read but the texts: numbers, dates, flags, keys and places."""
    out: list[object] = [d.in_force, d.loc, d.framework_loc, d.eqf_statement]
    for act in (d.act, d.amends, d.repealed_by):
        assert act is not None
        parts = [(p.number, p.date) for p in act.parts]
        out.append((parts, act.loc, act.registration_number, act.registration_date))
        out.append((act.title is None, act.publication is None))
    out += [(law.date, law.number, law.loc) for law in d.laws]
    out += [(p.number, p.loc) for p in d.provisions]
    out += [(t.number, t.loc) for t in d.glossary]
    for level in d.levels:
        assert level.pathway is not None
        out.append((level.number, level.loc, level.pathway.loc))
        out += [(kind, x.loc) for kind, x in level.descriptors.items()]
        # a route's lines are compared apart (test_route_lines): a sentence of the
        # translation may end on another of the cell's lines than the Kazakh one
        out += [
            (r.number, r.education_levels, r.experience_required, r.min_experience_years)
            for r in level.pathway.routes
        ]
    out.append([w.loc for w in d.warnings])
    return out


def test_same_structure_as_kazakh(doc: NqfDocument, kk_doc: NqfDocument) -> None:
    assert _structure(doc) == _structure(kk_doc)


def test_route_lines(doc: NqfDocument, kk_doc: NqfDocument) -> None:
    """The routes' lines are the Kazakh ones but level 8's: its sentences end on lines 444
    («… и/или практический опыт). Освоенная программа») and 446 («… уровне. Докторантура
    PhD, …») of the translation, on lines 445 and 447 of the Kazakh text."""

    def lines(d: NqfDocument) -> list[list[tuple[int, int]]]:
        return [
            [(r.loc.start, r.loc.end) for r in (lv.pathway.routes if lv.pathway else ())]
            for lv in d.levels
        ]

    ru, kk = lines(doc), lines(kk_doc)
    assert ru[:7] == kk[:7]
    assert ru[4] == [(432, 432), (432, 433)]
    assert ru[6] == [(438, 439), (439, 439)]
    assert ru[7] == [(443, 444), (444, 446), (446, 448)]
    assert kk[7] == [(443, 445), (445, 447), (447, 448)]


# -- recognised and read ----------------------------------------------------------------------
def test_recognised_as_the_nqf_only() -> None:
    assert looks_like_nqf(read_text(RU_NQF))
    assert looks_like_nqf(read_text(NQF))
    for other in [BALLET, RU_BALLET, *sorted(SEEDS.glob("00[134]_*.txt"))]:
        assert not looks_like_nqf(read_text(other)), other.name
    _, rows = read(RU_NQF)
    stream = SourceStream(rows)
    kinds = [loader.kind for loader in LOADERS if loader.accepts(stream)]
    assert kinds == ["qualification-framework"]


def test_language_detected(doc: NqfDocument, kk_doc: NqfDocument) -> None:
    assert (doc.language, kk_doc.language) == ("ru", "kk")
    assert doc.framework_title == "Национальная рамка квалификаций"


def test_title_and_acts(doc: NqfDocument) -> None:
    assert doc.title == (
        "О внесении изменения в совместный приказ Министра образования и науки Республики "
        "Казахстан от 28 сентября 2012 года № 444 и исполняющего обязанности Министра труда и "
        "социальной защиты населения Республики Казахстан от 24 сентября 2012 года № 373-ө-м "
        '"Об утверждении Национальной рамки квалификаций"'
    )
    act = doc.act
    assert [(p.issuer, p.number, p.date) for p in act.parts] == [
        (
            "Министр труда и социальной защиты населения Республики Казахстан",
            "665-ө-м",
            "2013-12-18",
        ),
        ("Министр образования и науки Республики Казахстан", "6", "2014-01-10"),
    ]
    assert (act.registration_number, act.registration_date) == ("9141", "2014-02-12")
    assert doc.in_force is False
    assert doc.repealed_by is not None
    assert [(p.issuer, p.number, p.date) for p in doc.repealed_by.parts] == [
        (
            "Министр здравоохранения и социального развития Республики Казахстан",
            "851",
            "2015-11-09",
        ),
        ("Министр образования и науки Республики Казахстан", "656", "2015-11-25"),
    ]
    amends = doc.amends
    assert amends is not None
    assert [(p.number, p.date) for p in amends.parts] == [
        ("444", "2012-09-28"),
        ("373-ө-м", "2012-09-24"),
    ]
    assert amends.parts[1].issuer == (
        "Исполняющий обязанности Министра труда и социальной защиты населения Республики Казахстан"
    )
    assert amends.title == "Об утверждении Национальной рамки квалификаций"
    assert amends.registration_number == "8022"
    assert amends.publication == "в газете «Егемен Қазақстан» от 24 ноября 2012 года № 771-775"
    assert [(law.title, law.date, law.number) for law in doc.laws] == [
        ("Об образовании", "2007-07-27", "319-III")
    ]


def test_annex_header_discrepancy_is_reported(doc: NqfDocument, kk_doc: NqfDocument) -> None:
    """The Russian annex header dates the 2012 order 2013 too (lines 48-66)."""
    assert [str(w) for w in doc.warnings] == [str(w) for w in kk_doc.warnings]
    assert len(doc.warnings) == 2


def test_provisions(doc: NqfDocument) -> None:
    assert doc.provisions[0].text == (
        "1. Национальная рамка квалификаций Республики Казахстан (далее – НРК) состоит из "
        "восьми уровней квалификации, что соответствует Европейской рамке квалификаций и "
        "уровням образования, определенным Законом Республики Казахстан от 27 июля 2007 года "
        "«Об образовании»."
    )
    assert doc.provisions[4].text == (
        "5. В настоящей НРК применяются следующие основные термины и понятия:"
    )
    # the last line letter-spaced: "к в а л и ф и к а ц и и ) ."
    assert doc.provisions[6].text.endswith("(от первого до восьмого уровня квалификации).")
    assert (doc.provisions[8].loc.start, doc.provisions[8].loc.end) == (167, 177)


def test_glossary(doc: NqfDocument) -> None:
    assert [t.term for t in doc.glossary] == GLOSSARY_TERMS
    by_term = {t.term: t for t in doc.glossary}
    assert by_term["навык"].definition == (
        "способность использовать знания и проявлять компетентность для осуществления "
        "деятельности и решения задач (с применением логического, творческого и практического "
        "мышления)"
    )
    # split by a page break (lines 121-126)
    assert by_term["профессия"].definition == (
        "основной род трудовой деятельности человека, требующий определенных знаний, умений и "
        "практических навыков, приобретаемых в результате специальной подготовки и "
        "подтверждаемых соответствующими документами об образовании"
    )
    assert (by_term["профессия"].loc.start, by_term["профессия"].loc.end) == (121, 126)
    # its last line split by justified spacing: "необходимой  для  их  выполнени я ;"
    assert by_term["трудовая функция"].definition.endswith(
        "обеспечивающая наличие компетентности, необходимой для их выполнения"
    )


def test_descriptors(doc: NqfDocument) -> None:
    one = doc.levels[0].descriptors
    assert one["competence"].text == (
        "Исполнительская деятельность по реализации норм под руководством специалиста "
        "(наставника) более высокого уровня квалификации"
    )
    assert one["skills"].text == (
        "Выслушивает, понимает и выполняет простые практические задания, наблюдает за работой "
        "наставника, выполняет для наставника вспомогательную работу"
    )
    assert one["knowledge"].text == (
        "Базовые знания о предмете труда, процессе его преобразования и соответствующей "
        "совокупности исполнительских действий"
    )
    # a comma that begins a line closes the line before (lines 239-240)
    assert doc.levels[2].descriptors["competence"].text == (
        "Исполнительская деятельность по реализации норм под руководством, предполагающая "
        "самостоятельное планирование, ответственность за выполнение поставленных задач"
    )
    # a letter-spaced line inside a cell (line 264)
    assert "подчиненным работникам, организацию норм и их реализацию," in (
        doc.levels[3].descriptors["competence"].text
    )
    # the cell a page break split: its first lines before the number 5 (lines 286-287)
    skills5 = doc.levels[4].descriptors["skills"]
    assert skills5.text.startswith(
        "Самостоятельно анализирует ситуацию, принимает решения и создает условия для их "
        "реализации, контролирует деятельность"
    )
    assert (skills5.loc.start, skills5.loc.end) == (286, 306)
    assert doc.levels[7].descriptors["knowledge"].text == (
        "Знания о методологии построения кооперативной системы деятельности и взаимодействия, "
        "моделирования и управления макросоциальными и макроэкономическими системами"
    )


def test_pathways(doc: NqfDocument) -> None:
    for level in doc.levels:
        assert level.pathway is not None
        assert set(level.pathway.education_levels) == kk.PATHWAY_LEVELS[level.number]
    four = doc.levels[3].pathway
    assert four is not None
    assert [(r.loc.start, r.loc.end) for r in four.routes] == [(427, 428), (429, 430)]
    assert four.routes[0].text == (
        "Техническое и профессиональное образование на базе основного среднего образования и "
        "наличие практического опыта не менее трех лет"
    )
    assert (four.routes[0].min_experience_years, four.routes[0].experience_required) == (3, True)
    assert four.routes[1].experience_required is False
    # "дополнительная профессиональная подготовка" is additional training, not vocational
    assert "vocational-training" not in four.routes[1].education_levels
    assert "additional-professional" in four.routes[1].education_levels
    six = doc.levels[5].pathway
    assert six is not None
    assert six.text == "Высшее образование. Бакалавриат, резидентура, практический опыт."


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [
        ("необходимой  для  их  выполнени я ;", "необходимой для их выполнения;"),
        ("к  с о д е р ж а н и ю ,  к а ч е с т в у", "к содержанию, качеству"),
        (
            "о т  1 8  д е к а б р я  2 0 1 3  г о д а  №  6 6 5  ө - м",
            "от 18 декабря 2013 года № 665 ө-м",
        ),
        ("П р и л о ж е н и е  2", "Приложение 2"),
        ("н е  м е н е е  т р е х  л е т", "не менее трех лет"),
    ],
)
def test_unspace_russian(raw: str, repaired: str) -> None:
    assert unspace(raw) == repaired


# -- one graph for both languages -------------------------------------------------------------
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
    assert len(typed(ru_graph)) > 100
    for cls, number in [
        (NQS.QualificationLevel, 8),
        (NQS.LevelDescriptor, 24),
        (NQS.LevelPathway, 8),
        (NQS.PathwayRoute, 14),
        (NQS.Provision, 9),
        (NQS.GlossaryTerm, 14),
        (NQS.LegalAct, 4),
    ]:
        ru = set(ru_graph.subjects(RDF.type, cls))
        assert ru == set(kk_graph.subjects(RDF.type, cls)), cls
        assert len(ru) == number, cls
    # glossary terms by their item number, in either language
    term = URIRef(f"{FW}/term/4")
    assert (term, SKOS.prefLabel, Literal("дағды", lang="kk")) in kk_graph
    assert (term, SKOS.prefLabel, Literal("навык", lang="ru")) in ru_graph
    assert (term, NQS.definesClass, NQS.Skill) in ru_graph
    assert set(ru_graph.subject_objects(NQS.definesClass)) == set(
        kk_graph.subject_objects(NQS.definesClass)
    )


def _languages(g: Graph, node: Node) -> set[str | None]:
    return {o.language for o in g.objects(node, RDFS.label) if isinstance(o, Literal)}


def test_each_element_labelled_in_its_language(graphs: tuple[Graph, Graph]) -> None:
    kk_graph, ru_graph = graphs
    # ISCED 2011 levels are reference data, in English only, read from no document
    read = {s for s in typed(ru_graph) if "isced-2011" not in str(s)}
    assert len(read) > 100
    for node in read:
        assert "ru" in _languages(ru_graph, node) and "kk" not in _languages(ru_graph, node)
        assert "kk" in _languages(kk_graph, node) and "ru" not in _languages(kk_graph, node)
    texts = {o.language for o in ru_graph.objects() if isinstance(o, Literal) and o.language}
    assert texts == {"ru", "en"}
    assert source_of(kk_graph) != source_of(ru_graph)
    extracted = {s for s, o in ru_graph.subject_objects(RDF.type) if str(o).startswith(str(NQS))}
    extracted.discard(source_of(ru_graph))
    assert all((s, PROV.wasDerivedFrom, source_of(ru_graph)) in ru_graph for s in extracted)


# Level 8's pathway cell (lines 443-448), whose sentences (routes) end on other lines in the
# translation: the places that fall in it (its routes, and the education levels first named
# there) are compared by test_route_lines and test_same_structure_as_kazakh.
LEVEL_8_CELL = range(443, 449)


def _structure_of(g: Graph) -> set[tuple[Node, Node, Node]]:
    """The triples with every language-tagged text replaced by its language, and the source
    document by one name (and without its own description); the lines that fall in
    :data:`LEVEL_8_CELL` aside."""
    source = source_of(g)
    out = set()
    for s, p, o in g:
        if s == source:
            continue
        if p in (NQS.sourceStart, NQS.sourceEnd) and int(str(o)) in LEVEL_8_CELL:
            continue
        if isinstance(o, Literal) and o.language in ("kk", "ru"):
            o = Literal("text", lang="xx")
        if o == source:
            o = URIRef("urn:source")
        out.add((s, p, o))
    return out


def test_same_graph_but_the_texts(graphs: tuple[Graph, Graph]) -> None:
    """Every triple of one graph is in the other, the texts and the source document aside."""
    kk_graph, ru_graph = graphs
    assert _structure_of(kk_graph) == _structure_of(ru_graph)


def test_sample_labels(graphs: tuple[Graph, Graph]) -> None:
    kk_graph, ru_graph = graphs
    level = URIRef(f"{FW}/level/6")
    assert (level, SKOS.prefLabel, Literal("6-й уровень НРК", lang="ru")) in ru_graph
    assert (level, SKOS.prefLabel, Literal("ҰБШ 6-деңгейі", lang="kk")) in kk_graph
    knowledge = URIRef(f"{level}/descriptor/knowledge")
    assert (
        knowledge,
        RDFS.label,
        Literal(kk.EXPECTED_DESCRIPTORS["6"]["knowledge"], lang="kk"),
    ) in kk_graph
    assert (
        knowledge,
        RDFS.label,
        Literal(
            "Знания методологии совместного анализа, проектирования и принятия решений в сложных "
            "социальных и профессиональных ситуациях, о способах коммуникации и согласования "
            "позиций, оформления и презентации аналитической и проектной документации",
            lang="ru",
        ),
    ) in ru_graph
    route = URIRef(f"{FW}/level/4/pathway/route/1")
    assert (route, NQS.minPracticeYears, Literal(3)) in ru_graph
    law = URIRef(BASE + "act/2007-07-27/319-III")
    assert (law, RDFS.label, Literal("Закон Республики Казахстан «Об образовании»", lang="ru")) in (
        ru_graph
    )
    assert (FW, SKOS.prefLabel, Literal("Национальная рамка квалификаций", lang="ru")) in ru_graph
    higher = URIRef(BASE + "education-level/higher")
    assert (higher, SKOS.prefLabel, Literal("Высшее образование", lang="ru")) in ru_graph


def test_loaded_as_a_framework() -> None:
    loaded = load_document(RU_NQF, Minter(BASE))
    assert loaded.kind == "qualification-framework"
    assert isinstance(loaded.document, NqfDocument)
    assert loaded.document.language == "ru"
    # the same lines read as from the Kazakh text (the rest is boilerplate, ~11% in both)
    other = load_document(NQF, Minter(BASE)).coverage
    assert (loaded.coverage.lines, loaded.coverage.unassigned) == (other.lines, other.unassigned)
    assert abs(loaded.coverage.share - other.share) < 0.01


# -- the two versions validated together ------------------------------------------------------
def _build(folder: Path, store: Path) -> Report:
    return build(Settings(store=store, sources=(folder,))).validation


def _framework_findings(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.result.shape.endswith("#FrameworkLanguageVersions>")]


def test_versions_validate_clean(tmp_path: Path) -> None:
    """The Kazakh seed and its translation build (and so validate) together."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(NQF, folder)
    shutil.copy(RU_NQF, folder)
    report = _build(folder, tmp_path / "store")
    assert report.blocking == []
    assert _framework_findings(report) == []


def test_missing_route_names_both_versions(tmp_path: Path) -> None:
    """The Russian text without route 2 of level 4's pathway (lines 429-430). A missing
    descriptor cannot be built (Annex 1 needs three cells a row); the shape case
    tests/shapes/nqf-versions-bad has one."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(NQF, folder)
    lines = RU_NQF.read_text(encoding="utf-8").split("\n")
    assert lines[428].startswith("Техническое и профессиональное образование повышенного")
    assert lines[429] == "послесреднее образование), наличие практического опыта не требуется."
    broken = folder / "002_ru_missing_route.txt"
    broken.write_text("\n".join(lines[:428] + lines[430:]), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        _build(folder, tmp_path / "store")
    (finding,) = _framework_findings(failed.value.report)
    assert finding.blocking
    assert finding.value == "framework/nqf/level/4/pathway/route/2"
    assert finding.result.focus == "<https://w3id.org/kz-nqs/id/framework/nqf>"
    assert [name for name, _, _ in finding.documents] == [NQF.name, broken.name]
    assert finding.result.message("en") == (
        f"level/4/pathway/route/2 ({NQF.name}, lines 429-430) is not in the ru version of the "
        f"qualification framework ({broken.name}): its Kazakh and Russian versions differ in "
        "structure."
    )
    for lang in ("kk", "ru"):
        message = finding.result.message(lang)
        assert NQF.name in message and broken.name in message and "429-430" in message
    graph = report_graph(failed.value.report)
    documents = set(graph.objects(None, NQS.inDocument))
    assert {URIRef(iri) for _, _, iri in finding.documents} <= documents
