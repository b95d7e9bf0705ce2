"""Course rules (seed 001): facts read by hand, the mapping, the records shapes and command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from nqs.loaders.courses.map import map_course_rules
from nqs.loaders.courses.model import CourseRulesDocument
from nqs.loaders.courses.parse import looks_like_course_rules, parse_course_rules
from nqs.loaders.courses.records import (
    Finding,
    check_records,
    load_and_check,
    map_course_records,
    read_course_records,
    rules_graph,
)
from nqs.loaders.iris import Minter
from nqs.loaders.model import ActRef
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, PROV, RDF, RDFS, XSD
from nqs.ontology import ontology_paths
from nqs.records import load_records_command
from tests.conftest import ROOT, SEEDS

RULES = SEEDS / "001_04ad280e7aaf98fd.txt"
SAMPLE = ROOT / "data" / "records" / "course-records-sample.csv"
MINTER = Minter(DEFAULT_BASE_IRI)
HEADER = (
    "record_type,id,name,course_id,programme,hours,format,grouping,start_date,end_date,"
    "trainer_ids,qualifications,experience_years,participant_id,issued_on,used_on\n"
)

# Read by hand from the seed (line numbers of the text file).
HAND_COURSE_KINDS = [("Авторлық курс", 72, 229, 231), ("Реестрге енгізілген курс", 80, 233, 235)]
HAND_FORMATS = {"full-time": "күндізгі", "online": "қашықтықтан (онлайн)", "blended": "аралас"}
HAND_TRAINER_ITEMS = [
    (167, "ғылым кандидаты, ғылым докторы ғылым дәрежелері"),
    (169, "философия докторы (PhD) немесе профиль бойынша докторлық дәрежесі"),
    (173, "магистр академиялық дәрежесі"),
    (175, "«педагог-зерттеуші», «педагог-мастер» біліктілік санаты"),
    (177, "мәдениет және өнер ұйымдарында кәсіби еңбек өтілі 3 жылдан кем емес"),
]
HAND_ACTS = [
    ("Қазақстан Республикасы", "319-III", "2007-07-27"),
    ("Қазақстан Республикасы", "410-V", "2015-11-18"),
    ("Қазақстан Республикасы", "414-V", "2015-11-23"),
    ("Қазақстан Республикасының Білім және ғылым министрі", "95", "2016-01-28"),
    ("Қазақстан Республикасының Білім және ғылым министрі", "175", "2020-05-04"),
    ("Қазақстан Республикасының Білім және ғылым министрі", "570", "2012-12-27"),
]
HAND_DOCUMENTS = 4  # 4.1 items 1)-4): application, diploma, identity card, name-change paper
HAND_POINTS_PER_SECTION = [6, 2, 14, 3, 8, 7, 9, 7, 2]  # 1.1-1.6, 2.1-2.2, ..., 9.1-9.2
HAND_POINTS = sum(HAND_POINTS_PER_SECTION)

# The mistakes put in the sample (docs/course-records.md): (line, record, check).
EXPECTED_FINDINGS = [
    (7, "T-06", "TrainerQualificationShape"),  # bachelor, 2 years of experience
    (10, "K-03", "GroupSizeShape"),  # group course with 3 participants
    (11, "K-04", "CourseHoursShape"),  # register course recorded with 72 hours
    (12, "K-05", "CourseHoursShape"),  # 36 hours: no course kind
    (13, "K-06", "CourseFormatShape"),  # format "очно"
    (34, "P-20", "ParticipantShape"),  # enrolled in K-99, not recorded
    (36, "C-2021-002", "CertificateValidityShape"),  # presented 3 years 3 months after
    (38, "C-2021-004", "CertificateValidityShape"),  # one day after the third anniversary
]


@pytest.fixture(scope="module")
def doc() -> CourseRulesDocument:
    return parse_course_rules(read_text(RULES), source_info(RULES))


@pytest.fixture(scope="module")
def rules() -> Graph:
    return rules_graph(RULES, MINTER)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in ontology_paths():
        graph.parse(path)
    return graph


# -- the rules, read by hand ----------------------------------------------------------------


def test_recognised_and_read_without_warnings(doc: CourseRulesDocument) -> None:
    assert looks_like_course_rules(read_text(RULES))
    assert not looks_like_course_rules(read_text(SEEDS / "000_ed35bb0e5147c5b7.txt"))
    assert doc.warnings == []
    assert doc.unassigned == []
    assert [len(s.points) for s in doc.sections] == HAND_POINTS_PER_SECTION
    assert [s.number for s in doc.sections] == list(range(1, 10))


def test_provider_and_title(doc: CourseRulesDocument) -> None:
    assert doc.provider.name == "Құрманғазы атындағы Қазақ ұлттық консерваториясы"
    assert doc.provider.parent_body == "Қазақстан Республикасы Мәдениет және ақпарат министрлігі"
    assert doc.title == "ПЕДАГОГТАРДЫҢ БІЛІКТІЛІГІН АРТТЫРУ КУРСТАРЫН ҰЙЫМДАСТЫРУ ЕРЕЖЕСІ"


def test_course_kinds_and_hours(doc: CourseRulesDocument) -> None:
    got = [(k.name, k.hours, k.loc.start, k.loc.end) for k in doc.course_kinds]
    assert got == HAND_COURSE_KINDS


def test_formats_groups_and_trainers(doc: CourseRulesDocument) -> None:
    assert {f.code: f.text for f in doc.formats} == HAND_FORMATS
    group = next(g for g in doc.groupings if g.code == "group")
    assert (group.min_participants, group.min_applications) == (4, 4)
    assert {g.code for g in doc.groupings} == {"individual", "group"}
    got = [(q.loc.start, q.text) for q in doc.trainer_qualifications]
    assert got == HAND_TRAINER_ITEMS
    assert doc.trainer_qualifications[4].experience_years == 3
    assert len(doc.required_documents) == HAND_DOCUMENTS


def test_certificate_support_monitoring_assessment(doc: CourseRulesDocument) -> None:
    assert doc.certificate is not None and doc.certificate.validity is not None
    assert doc.certificate.validity.years == 3  # 5.5 "үш жыл бойы"
    assert [f.code for f in doc.certificate.fields] == [
        "topic",
        "completion-date",
        "hours",
        "issue-date",
    ]
    assert doc.support is not None and doc.support.years == 1  # 6.3 "бір жыл ішінде"
    assert doc.monitoring is not None and doc.monitoring.years == 3  # 7.9 "үш жылда бір рет"
    assert doc.assessment is not None
    assert doc.assessment.stages == ["ағымдағы бағалау", "қорытынды бағалау"]
    assert doc.assessment.max_retakes_per_year == 1  # 5.7 "жылына бір реттен артық емес"


def test_point_keeps_exact_wording(doc: CourseRulesDocument) -> None:
    point = doc.point("3.14")
    assert point is not None
    assert point.text == "Реестрге енгізілген курстың ұзақтығы 80 академиялық сағатты құрайды."
    p33 = doc.point("3.3")
    assert p33 is not None and len(p33.items) == 2
    assert p33.text.endswith("біліктілікті арттыру мақсаттарына қарай белгілейді.")
    p82 = doc.point("8.2")
    assert p82 is not None and "ПЕДАГОГТАРДЫҢ" not in p82.text  # page header skipped


def test_acts(doc: CourseRulesDocument) -> None:
    refs = [c.act for c in doc.basis if c.act is not None]
    assert [(a.issuer, a.number, a.date) for a in refs] == HAND_ACTS
    assert doc.basis[0].amended_as_of == "2025-01-11"
    assert doc.basis[6].kind == "charter" and doc.basis[6].act is None


# -- the graph ------------------------------------------------------------------------------


def test_law_iri_is_shared_with_other_loaders(rules: Graph) -> None:
    law = MINTER.act(ActRef("Қазақстан Республикасы", "319-III", "2007-07-27"))
    assert (law, RDF.type, NQS.LegalAct) in rules
    assert (None, NQS.basedOn, law) in rules
    assert str(law) == DEFAULT_BASE_IRI + "act/2007-07-27/319-III"
    assert len(set(rules.objects(None, NQS.basedOn))) == 7


def test_course_kinds_in_graph(rules: Graph) -> None:
    hours = {
        (str(rules.value(c, NQS.recordCode)), rules.value(c, NQS.academicHours))
        for c in rules.subjects(RDF.type, NQS.Course)
    }
    assert hours == {("author", Literal(72)), ("register", Literal(80))}
    cert = next(rules.subjects(RDF.type, NQS.CertificateRule))
    assert rules.value(cert, NQS.validityYears) == Literal(3, datatype=XSD.integer)


def test_every_entity_has_label_location_and_source(rules: Graph) -> None:
    source = MINTER.source(source_info(RULES).sha256)
    typed = set(rules.subjects(RDF.type, None)) - {source}
    for node in typed:
        assert (node, PROV.wasDerivedFrom, source) in rules, node
        labels = list(rules.objects(node, RDFS.label))
        assert labels and all(getattr(x, "language", None) == "kk" for x in labels), node
        cited_act = (node, RDF.type, NQS.LegalAct) in rules
        if not cited_act or (node, RDF.type, NQS.CourseRules) in rules:
            assert (node, NQS.sourceStart, None) in rules, node


def test_every_nqs_term_is_declared(rules: Graph, ontology: Graph) -> None:
    records = read_course_records(SAMPLE)
    graph = rules + map_course_records(records, MINTER)
    used = {p for p in graph.predicates() if str(p).startswith(str(NQS))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(NQS))}
    shapes_text = (ROOT / "shapes" / "courses.ttl").read_text(encoding="utf-8")
    used |= {NQS[t] for t in _nqs_terms(shapes_text)} - {NQS.CoursesShapes}
    used = {t for t in used if not str(t).endswith("Shape")}
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert used - declared == set()
    for term in used:
        langs = {getattr(o, "language", None) for o in ontology.objects(term, RDFS.label)}
        assert {"kk", "ru", "en"} <= langs, term


def _nqs_terms(text: str) -> set[str]:
    return set(re.findall(r"nqs:([A-Za-z]\w*)", text))


# -- the sample records ---------------------------------------------------------------------


def test_sample_produces_exactly_the_expected_findings() -> None:
    records = read_course_records(SAMPLE)
    assert len(records.records) >= 30
    _, findings = load_and_check(SAMPLE, RULES, MINTER)
    assert [(f.line, f.record, f.check) for f in findings] == EXPECTED_FINDINGS
    for f in findings:
        assert set(f.messages) == {"kk", "ru", "en"}, f


def test_load_records_command(tmp_path: Path) -> None:
    out = tmp_path / "records.ttl"
    runner = CliRunner()
    r = runner.invoke(load_records_command, [str(SAMPLE), "--lang", "ru", "--output", str(out)])
    assert r.exit_code == 1, r.output
    assert "8 finding(s)" in r.output
    assert "Формат «очно» не предусмотрен Правилами" in r.output
    assert len(Graph().parse(out)) > 0
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "trainer,T-1,Ким,,,,,,,,,master,,,,\n", encoding="utf-8")
    r = runner.invoke(load_records_command, [str(good)])
    assert r.exit_code == 0, r.output
    assert "0 finding(s)" in r.output


# -- each shape, one conforming and one non-conforming case ---------------------------------


def _findings(rules: Graph, rows: str, tmp: Path) -> list[Finding]:
    path = tmp / "records.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    records = read_course_records(path)
    graph = map_course_records(records, MINTER)
    return records.problems + check_records(graph, rules)


def _course(key: str, hours: str, fmt: str = "online", grouping: str = "individual") -> str:
    return f"course,{key},Курс,,,{hours},{fmt},{grouping},2024-01-10,2024-01-20,,,,,,\n"


def _participants(course: str, n: int) -> str:
    return "".join(f"participant,P-{course}-{i},Тыңдаушы,{course},,,,,,,,,,,,\n" for i in range(n))


@pytest.mark.parametrize(
    ("rows", "checks"),
    [
        (_course("K1", "72") + _participants("K1", 1), []),
        (_course("K1", "80") + _participants("K1", 1), []),
        (_course("K1", "40") + _participants("K1", 1), ["CourseHoursShape"]),
        (
            "course,K1,Курс,,author,80,online,individual,2024-01-10,2024-01-20,,,,,,\n"
            + _participants("K1", 1),
            ["CourseHoursShape"],
        ),
        (_course("K1", "72", fmt="blended") + _participants("K1", 1), []),
        (_course("K1", "72", fmt="evening") + _participants("K1", 1), ["CourseFormatShape"]),
        (_course("K1", "72", grouping="group") + _participants("K1", 4), []),
        (_course("K1", "72", grouping="group") + _participants("K1", 3), ["GroupSizeShape"]),
        ("trainer,T1,Ким,,,,,,,,,phd,,,,\n", []),
        ("trainer,T1,Ким,,,,,,,,,,3,,,\n", []),
        ("trainer,T1,Ким,,,,,,,,,bachelor,2,,,\n", ["TrainerQualificationShape"]),
        ("participant,P1,Ким,K9,,,,,,,,,,,,\n", ["ParticipantShape"]),
        (_course("K1", "72") + "certificate,C1,,K1,,,,,,,,,,,,2027-01-20\n", []),
        (
            _course("K1", "72") + "certificate,C1,,K1,,,,,,,,,,,,2027-01-21\n",
            ["CertificateValidityShape"],
        ),
        (
            _course("K1", "72") + "certificate,C1,,K1,,,,,,,,,,,,2028-01-01\n",
            ["CertificateValidityShape"],
        ),
        ("course,K1,Курс,,,,online,individual,,,,,,,,\n", ["CourseRecordShape"] * 2),
    ],
)
def test_shape_cases(rules: Graph, rows: str, checks: list[str], tmp_path: Path) -> None:
    assert sorted(f.check for f in _findings(rules, rows, tmp_path)) == sorted(checks)


def test_shapes_judge_nothing_without_rules(tmp_path: Path) -> None:
    rows = _course("K1", "40", fmt="evening") + "trainer,T1,Ким,,,,,,,,,bachelor,,,,\n"
    assert [f.check for f in _findings(Graph(), rows, tmp_path)] == []


def test_unreadable_values_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "course,K1,Курс,,author,seventy,online,individual,2024-01-10,31.02.2024,,,,,,\n"
        + "lesson,L1,,,,,,,,,,,,,,\n",
        encoding="utf-8",
    )
    records = read_course_records(path)
    map_course_records(records, MINTER)
    assert sorted((p.line, p.check) for p in records.problems) == [
        (2, "csv"),
        (2, "csv"),
        (3, "csv"),
    ]


def test_rules_graph_maps_through_the_public_mapper(doc: CourseRulesDocument) -> None:
    graph = map_course_rules(doc, MINTER).graph()
    points = set(graph.subjects(RDF.type, NQS.RulePoint))
    assert len(points) == HAND_POINTS


@pytest.mark.slow
def test_hermit_finds_rules_and_records_consistent(
    ontology: Graph, rules: Graph, tmp_path: Path
) -> None:
    from nqs.derive.reasoning import hermit_consistency

    records = map_course_records(read_course_records(SAMPLE), MINTER)
    data = (ontology + rules + records).serialize(format="nt", encoding="utf-8")
    result = hermit_consistency(data)
    assert result.consistent, result.output[-2000:]
