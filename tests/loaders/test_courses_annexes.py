"""The annexes of the course rules in the graph, part by part, in their exact wording.

Read by hand in seed 001 (``data/sources/seeds/001_04ad280e7aaf98fd.txt``) and in its
Russian translation (``tests/fixtures/forms/001_ru.txt``, laid out line for line the same):

* annex 1, the application form (line 532): the addressee and the form's title
  (lines 534-546), twelve fields (lines 550-574; "Жұмыс орны …" and "Тұрғылықты мекен-жай"
  go on over a second blank line, 556 and 570) and the request (lines 578-590);
* annex 2, the post-course support forms (line 613): sub-form 2.1's heading (615-617),
  four fields (619-625), the guidance (627-629), the planned activities (631-641: ten,
  then «және т.б.»), sub-form 2.2's heading (647), four fields (651-657), the table's
  headings and row numbers (662-684), the signature field and the e-mail (688);
* the two sheets: their tables' headings (691-693, 696-708).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from nqs.loaders.courses.map import map_course_rules
from nqs.loaders.courses.model import Annex, CourseRulesDocument
from nqs.loaders.courses.parse import parse_course_rules
from nqs.loaders.documents import load_document
from nqs.loaders.iris import Minter
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, RDF, RDFS
from nqs.validation.engine import Result, check_registry, memory_store, ontology_ntriples
from tests.conftest import ROOT

KK_RULES = ROOT / "data" / "sources" / "seeds" / "001_04ad280e7aaf98fd.txt"
RU_RULES = ROOT / "tests" / "fixtures" / "forms" / "001_ru.txt"

# Annex 1 of the Kazakh text: (kind, wording, first line, last line).
KK_ANNEX_1 = [
    (
        "paragraph",
        "Құрманғазы атындағы Қазақ ұлттық консерваториясының ректорына "
        "____________________________ Біліктілігін арттыруға ӨТІНІМ",
        534,
        546,
    ),
    ("field", "А.Ә.Т.", 550, 550),
    ("field", "ЖСН", 552, 552),
    ("field", "Жұмыс орны (мекеме атауы), мекен-жайы", 554, 556),
    ("field", "Жұмыс телефоны", 558, 558),
    ("field", "Білімі", 560, 560),
    ("field", "Лауазымы, ғылыми дәрежесі", 562, 562),
    ("field", "Мамандығы", 564, 564),
    ("field", "Оқытылатын пәндер", 566, 566),
    ("field", "Тұрғылықты мекен-жай", 568, 570),
    ("field", "эл.пошта", 572, 572),
    ("field", "Сот. телефон", 574, 574),
    (
        "paragraph",
        "Құрманғазы атындағы ҚҰК " + "_" * 65 + " мамандығы бойынша БА курсының тыңдаушысы "
        "ретінде қабылдауыңызды сұраймын: «Авторлық курс» бағдарламасы 2025 ж. "
        "«___»_____________ «___»____________ дейін Төлеуге кепілдік беремін.",
        578,
        590,
    ),
]
# Lines 631-641: the ten planned activities, with the lines each is written on.
KK_ACTIVITIES = [
    ("ашық сабақ (тақырыбын көрсетумен)", 631, 633),
    ("шеберлік сағаты", 633, 633),
    ("дөңгелек үстел", 633, 633),
    ("біліктілікті арттыру курсы тақырыбы бойынша семинар өткізу", 633, 635),
    ("БА курсы тақырыбы бойынша вебинар өткізу", 635, 637),
    ("біліктілікті арттыру курстары бойынша әдістемелік баяндама жазу", 637, 637),
    ("концерттер", 639, 639),
    ("тәжірибе алмасу", 639, 639),
    ("өз музыкалық шығармаларын жасау", 639, 639),
    ("рефлексивті есеп", 639, 641),
]
KK_PLAN = (
    "Жоспарланған іс-шаралардың мысалдық мазмұны: ашық сабақ (тақырыбын көрсетумен), "
    "шеберлік сағаты, дөңгелек үстел, біліктілікті арттыру курсы тақырыбы бойынша семинар "
    "өткізу, БА курсы тақырыбы бойынша вебинар өткізу, біліктілікті арттыру курстары бойынша "
    "әдістемелік баяндама жазу, концерттер, тәжірибе алмасу, өз музыкалық шығармаларын жасау, "
    "рефлексивті есеп және т.б."
)
# Annex 2 of the Kazakh text, the parts other than the planned activities (part 7).
KK_ANNEX_2 = [
    (
        "paragraph",
        "2.1 Педагогтың посткурстық сүйемелдеу (ПКС) жөнінде жеке жоспары мен есеп беру "
        "бойынша кеңестер",
        615,
        617,
    ),
    ("field", "Курс тақырыбы", 619, 619),
    ("field", "Курстан өткен күні", 621, 621),
    ("field", "Курс оқытушысының А.Ә.Т.", 623, 623),
    ("field", "Тыңдаушының А.Ә.Т.", 625, 625),
    (
        "paragraph",
        "ПКС жеке жоспарын құру кезінде курс аяқталғаннан кейін жыл бойы өткізілетін "
        "іс-шаралар мен олардың өткізілу мерзімі көрсетіледі.",
        627,
        629,
    ),
    ("paragraph", KK_PLAN, 631, 641),
    ("paragraph", "2.2 Посткурстық қызмет бойынша Есеп беру формасы", 647, 647),
    ("field", "Курс тақырыбы", 651, 651),
    ("field", "Курстан өткен күні", 653, 653),
    ("field", "Курс оқытушысының А.Ә.Т.", 655, 655),
    ("field", "Тыңдаушының А.Ә.Т.", 657, 657),
    (
        "paragraph",
        "№ Іс-шара Өткізілген күні Қысқаша сипаттама Растайтын деректер (фото, сілтеме және "
        "т б) 1 2 3 4 5",
        662,
        684,
    ),
    ("field", "Қолы", 688, 688),
    ("paragraph", "Почта: conservatory.pk@mail", 688, 688),
]
KK_SHEETS = [
    [("paragraph", "Тіркеу нөмірі Тіркеу күні Түзетулер Қолы 1 2 3 4", 691, 693)],
    [
        (
            "paragraph",
            "№ п/п Құжатпен танысқан тұлғаның А.Ә.Т. Лауазымы Қолы Күні 1 2 3 4 5",
            696,
            708,
        )
    ],
]
# The Russian translation, lines 550-574 and 631-641.
RU_FIELDS_1 = [
    "Ф.И.О.",
    "ИИН",
    "Место работы (наименование учреждения), адрес",
    "Рабочий телефон",
    "Образование",
    "Должность, ученая степень",
    "Специальность",
    "Преподаваемые дисциплины",
    "Адрес проживания",
    "эл.почта",
    "Моб. телефон",
]
RU_ACTIVITIES = [
    "открытый урок (с указанием темы)",
    "мастер-класс",
    "круглый стол",
    "проведение семинара по теме курса повышения квалификации",
    "проведение вебинара по теме курса ПК",
    "написание методического доклада по курсам повышения квалификации",
    "концерты",
    "обмен опытом",
    "создание собственных музыкальных произведений",
    "рефлексивный отчет",
]


def _parse(path: object) -> CourseRulesDocument:
    return parse_course_rules(read_text(path), source_info(path))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def kk() -> CourseRulesDocument:
    return _parse(KK_RULES)


@pytest.fixture(scope="module")
def ru() -> CourseRulesDocument:
    return _parse(RU_RULES)


def _parts(annex: Annex) -> list[tuple[str, str, int, int]]:
    return [(p.kind, p.text, p.loc.start, p.loc.end) for p in annex.parts]


def test_annex_1_form(kk: CourseRulesDocument) -> None:
    annex = kk.annexes[0]
    assert (annex.number, annex.loc.start) == (1, 532)
    assert _parts(annex) == KK_ANNEX_1


def test_annex_2_forms_and_planned_activities(kk: CourseRulesDocument) -> None:
    annex = kk.annexes[1]
    assert (annex.number, annex.loc.start) == (2, 613)
    assert _parts(annex) == KK_ANNEX_2
    plan = annex.parts[6]
    assert [(i.text, i.loc.start, i.loc.end) for i in plan.items] == KK_ACTIVITIES
    assert [i.ordinal for i in plan.items] == list(range(1, 11))
    assert all(not p.items for p in annex.parts if p is not plan)


def test_sheets(kk: CourseRulesDocument) -> None:
    assert [_parts(a) for a in kk.annexes[2:]] == KK_SHEETS


def test_russian_annexes(ru: CourseRulesDocument, kk: CourseRulesDocument) -> None:
    fields = [p.text for p in ru.annexes[0].parts if p.kind == "field"]
    assert fields == RU_FIELDS_1
    plan = ru.annexes[1].parts[6]
    assert plan.text.endswith("рефлексивный отчет и т.д.")
    assert [i.text for i in plan.items] == RU_ACTIVITIES
    # the translation keeps the lines: the same kinds of parts at the same places (the
    # items wrap otherwise: «проведение вебинара по теме курса ПК» is on line 635 alone)
    for a, b in zip(ru.annexes, kk.annexes, strict=True):
        assert [(p.kind, p.loc) for p in a.parts] == [(p.kind, p.loc) for p in b.parts]
    assert [i.loc.start for i in plan.items] == [631, 633, 633, 633, 635, 637, 639, 639, 639, 639]


def test_annex_parts_in_the_graph(kk: CourseRulesDocument) -> None:
    """Every part and item is a typed resource with its wording, order and lines."""
    g = map_course_rules(kk, Minter(DEFAULT_BASE_IRI)).graph()
    annex = next(
        a for a in g.subjects(RDF.type, NQS.Annex) if g.value(a, NQS.itemNumber) == Literal(1)
    )
    parts = sorted(g.objects(annex, NQS.hasAnnexPart), key=lambda p: _number(g, p, NQS.itemNumber))
    got = [
        (
            "field" if (p, RDF.type, NQS.FormField) in g else "paragraph",
            str(g.value(p, RDFS.label)),
            _number(g, p, NQS.sourceStart),
            _number(g, p, NQS.sourceEnd),
        )
        for p in parts
    ]
    assert got == KK_ANNEX_1
    assert all(_literal(g, p, RDFS.label).language == "kk" for p in parts)
    plan = URIRef(f"{annex}".replace("/annex/1", "/annex/2") + "/part/7")
    assert (plan, RDF.type, NQS.AnnexParagraph) in g
    assert str(g.value(plan, RDFS.label)) == KK_PLAN
    items = sorted(g.objects(plan, NQS.hasListItem), key=lambda i: _number(g, i, NQS.itemNumber))
    assert [(str(g.value(i, RDFS.label)), _number(g, i, NQS.sourceStart)) for i in items] == [
        (text, start) for text, start, _ in KK_ACTIVITIES
    ]
    assert all((i, RDF.type, NQS.AnnexListItem) in g for i in items)


def _literal(g: Graph, s: Node, p: URIRef) -> Literal:
    value = g.value(s, p)
    assert isinstance(value, Literal), (s, p)
    return value


def _number(g: Graph, s: Node, p: URIRef) -> int:
    return int(_literal(g, s, p).toPython())


def _graph_of(doc: CourseRulesDocument) -> Graph:
    return map_course_rules(doc, Minter(DEFAULT_BASE_IRI)).graph()


def test_same_iris_in_both_languages(kk: CourseRulesDocument, ru: CourseRulesDocument) -> None:
    def parts(g: Graph) -> set[Node]:
        return set(g.subjects(NQS.itemNumber, None)) - set(g.subjects(RDF.type, NQS.ActCitation))

    assert parts(_graph_of(kk)) == parts(_graph_of(ru))


def test_language_versions_compare_the_annexes(tmp_path: Path) -> None:
    """The Kazakh and Russian rules state the same annex parts and items (no result of
    nqsh:CourseRulesLanguageVersions); a Russian text whose list of planned activities stops
    at «рефлексивный отчет» dropped (line 639 ends «… произведений, рефлексивный», line 641
    «отчет и т.д.») lacks item 10, reported with the Kazakh file and lines 639-641."""
    lines = RU_RULES.read_text(encoding="utf-8").split("\n")
    assert lines[638].endswith("музыкальных произведений, рефлексивный ")  # line 639
    assert lines[640].startswith("отчет и т.д.")  # line 641
    lines[638] = "концерты, обмен опытом, создание собственных музыкальных произведений и т.д."
    lines[640] = ""
    broken = tmp_path / "001_ru_broken.txt"
    broken.write_text("\n".join(lines), encoding="utf-8")

    def results(ru_path: Path) -> list[Result]:
        parts = [ontology_ntriples()]
        for path in (KK_RULES, ru_path):
            parts.append(load_document(path, Minter(DEFAULT_BASE_IRI)).triples.ntriples())
        shape = "#CourseRulesLanguageVersions>"
        return [r for r in check_registry(memory_store(parts)) if r.shape.endswith(shape)]

    assert results(RU_RULES) == []
    (found,) = results(broken)
    assert found.value.endswith("/annex/2/part/7/item/10>")
    assert found.message("en").startswith(
        f"annex/2/part/7/item/10 ({KK_RULES.name}, lines 639-641) is not in the ru version"
    )
