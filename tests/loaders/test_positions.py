"""Typical qualification characteristics of positions (seed 003): parser and mapper, checked
against expectations written by reading the seed (tests/fixtures/positions/expected.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from nqs.loaders.iris import Minter
from nqs.loaders.model import ActRef, Block, Location, SourceError, SourceInfo
from nqs.loaders.positions.map import map_positions
from nqs.loaders.positions.model import Position, PositionsDocument
from nqs.loaders.positions.parse import looks_like_positions, parse_positions
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, NQS_PREFIX_LINE, PROV, RDF, RDFS, XSD
from nqs.ontology import ontology_paths
from tests.conftest import BALLET, ROOT, SEEDS, TESTS

SEED = SEEDS / "003_443e69a912bd565d.txt"
EXPECTED: dict[str, Any] = json.loads(
    (TESTS / "fixtures" / "positions" / "expected.json").read_text("utf-8")
)
MINT = Minter(DEFAULT_BASE_IRI)
ISSUER = "Қазақстан Республикасы Білім және ғылым министрі"
ORDER = MINT.act(ActRef(ISSUER, "61", "2008-02-12"))
POS = DEFAULT_BASE_IRI + "position/order-61-2008/"


@pytest.fixture(scope="module")
def doc() -> PositionsDocument:
    return parse_positions(read_text(SEED), source_info(SEED))


@pytest.fixture(scope="module")
def graph(doc: PositionsDocument) -> Graph:
    return map_positions(doc, MINT).graph()


def find(doc: PositionsDocument, key: str) -> Position:
    """A position by ``section/number`` or ``section/number/sub``."""
    parts = [int(p) for p in key.split("/")]
    pos = doc.sections[parts[0] - 1].positions[parts[1] - 1]
    return pos.subpositions[parts[2] - 1] if len(parts) == 3 else pos


# -- recognising and parsing -------------------------------------------------------------
def test_recognises_the_positions_seed_only() -> None:
    assert looks_like_positions(read_text(SEED))
    assert not looks_like_positions(read_text(BALLET))


@pytest.mark.parametrize("number", ["1", "2", "3"])
def test_position_names_per_section(doc: PositionsDocument, number: str) -> None:
    section = doc.sections[int(number) - 1]
    assert section.number == int(number)
    assert [p.name for p in section.positions] == EXPECTED["sections"][number]


def test_section_titles(doc: PositionsDocument) -> None:
    assert [len(s.positions) for s in doc.sections] == [10, 13, 28]
    assert all(s.title.endswith("Үлгі Біліктілік сипаттамалары") for s in doc.sections)
    assert doc.sections[0].title.startswith("Жоғары және жоғары білімнен кейінгі")


@pytest.mark.parametrize("case", EXPECTED["counts"], ids=lambda c: c["position"])
def test_duty_and_knowledge_counts(doc: PositionsDocument, case: dict[str, Any]) -> None:
    pos = find(doc, case["position"])
    assert len(pos.duties) == case["duties"]
    assert len(pos.knowledge) == case["knowledge"]
    assert [d.ordinal for d in pos.duties] == list(range(1, case["duties"] + 1))
    assert (pos.loc.start, pos.loc.end) == tuple(case["lines"])


def test_duty_wording_kept(doc: PositionsDocument) -> None:
    professor = find(doc, "1/5")
    assert professor.duties[0].text == EXPECTED["professor_first_duty"]
    assert professor.duties_label == "Қызметтік міндеттері"
    assert find(doc, "2/1").duties_label == "Лауазымдық міндеттері"
    assert professor.duties_text is not None
    assert professor.duties_text.startswith(professor.duties[0].text)


def test_knowledge_items_read_from_shuffled_words(doc: PositionsDocument) -> None:
    rector = find(doc, "1/1")
    assert [k.text for k in rector.knowledge] == EXPECTED["rector_knowledge"]
    # the prorector's list has its words out of order but names the same items
    assert [k.text for k in find(doc, "1/2").knowledge] == EXPECTED["rector_knowledge"]
    assert not [w for w in doc.warnings if "knowledge" in w.message]


@pytest.mark.parametrize("case", EXPECTED["subpositions"], ids=lambda c: c["name"])
def test_subpositions(doc: PositionsDocument, case: dict[str, Any]) -> None:
    sub = find(doc, f"{case['parent']}/{case['sub']}")
    assert sub.name == case["name"]
    assert (len(sub.duties), len(sub.knowledge)) == (case["duties"], case["knowledge"])


@pytest.mark.parametrize("case", EXPECTED["requirements"], ids=lambda c: c["position"])
def test_structured_requirements(doc: PositionsDocument, case: dict[str, Any]) -> None:
    pos = find(doc, case["position"])
    req = pos.requirements[0]
    assert [list(e.levels) for e in req.education] == case["education"]
    if "specialties" in case:
        assert [e.specialty for e in req.education] == case["specialties"]
    assert [d.code for d in req.degrees] == case["degrees"]
    if "science" in case:
        assert {d.science for d in req.degrees} == {case["science"]}
    assert req.academic_title == case["academic_title"]
    got = [
        [e.years, e.kind, [e.prior.position_name, e.prior.years] if e.prior else None]
        for e in req.experience
    ]
    assert got == case["experience"]
    assert pos.min_experience_years == case["min_years"]


def test_requirement_text_kept(doc: PositionsDocument) -> None:
    professor = find(doc, "1/5").requirements[0]
    assert professor.text == (
        "жоғары білімі, ғылым докторы ғылыми дәрежесі және ғылыми-педагогикалық қызметтегі "
        "еңбек өтілі 5 жылдан кем болмауы, оның ішінде доцент қызметінде кем дегенде бір жыл "
        "болуы."
    )
    assert (professor.loc.start, professor.loc.end) == (221, 223)


def test_header_order_and_acts(doc: PositionsDocument) -> None:
    order = doc.order
    assert order.act == ActRef(ISSUER, "61", "2008-02-12")
    assert (order.registration_number, order.registration_date) == ("5168", "2008-03-17")
    assert order.repealed_by == ActRef(ISSUER, "338", "2009-07-13")
    assert not doc.in_force
    titled = [a.title for a in doc.acts if a.ref is None]
    assert sorted(titled) == sorted(EXPECTED["titled_acts"])


def test_unassigned_and_warnings(doc: PositionsDocument) -> None:
    assert [b.text for b in doc.unassigned] == []  # the signature (line 27) is a signatory
    assert [str(w) for w in doc.warnings] == [
        "lines 1364-1391: Дене тәрбиесі - спорт ұйымдарының нұсқаушысы: 2 requirements paragraphs"
    ]
    assert len(find(doc, "3/21").requirements) == 2


# -- bad input -----------------------------------------------------------------------------
def blocks(text: str) -> list[Block]:
    return [Block(line, Location("line", n, n)) for n, line in enumerate(text.split("\n"), start=1)]


SOURCE = SourceInfo(Path("bad.txt"), "text/plain", "0" * 64)
HEADER = (
    "Үлгі біліктілік сипаттамаларын бекіту туралы\n\n"
    "Қазақстан Республикасы Білім және ғылым министрінің 2008 жылғы 12 ақпандағы N 61 Бұйрығы.\n"
    "1. Бөлім Үлгі Біліктілік сипаттамалары\n"
    "Профессор\n\n"
    "      Қызметтік міндеттері: Сабақ өткізеді.\n"
)


def test_position_without_requirements_is_an_error() -> None:
    """Before another position, an error; as the last position (a text cut short), read
    with a located warning, and reported by nqsh:PositionRequirements
    (tests/validation/test_validate_truncated.py)."""
    knows = "      Білуге міндетті: Конституциясын.\n"
    after = "Доцент\n\n      Қызметтік міндеттері: Дәріс оқиды.\n"
    after += "      Біліктілікке қойылатын талаптар: жоғары білім.\n"
    with pytest.raises(SourceError, match=r"bad.txt \(line 7\): position without qualif"):
        parse_positions(blocks(HEADER + knows + after), SOURCE)
    doc = parse_positions(blocks(HEADER + knows), SOURCE)
    cut = "line 7: the text ends before the position's qualification requirements"
    assert cut in [str(w) for w in doc.warnings]
    (position,) = [p for s in doc.sections for p in s.positions]
    assert position.requirements == []


def test_missing_order_is_an_error() -> None:
    text = HEADER.replace("N 61 Бұйрығы", "нөмірсіз")
    text += "      Біліктілікке қойылатын талаптар: жоғары білімі.\n"
    with pytest.raises(SourceError, match="no approving order"):
        parse_positions(blocks(text), SOURCE)


def test_minimal_document_parses() -> None:
    text = HEADER + "      Біліктілікке қойылатын талаптар: жоғары білімі.\n"
    doc = parse_positions(blocks(text), SOURCE)
    assert [p.name for p in doc.positions()] == ["Профессор"]
    assert doc.sections[0].title == "Бөлім Үлгі Біліктілік сипаттамалары"


# -- the graph -----------------------------------------------------------------------------
def test_order_in_graph(graph: Graph) -> None:
    assert (ORDER, RDF.type, NQS.LegalAct) in graph
    assert (ORDER, NQS.actNumber, Literal("61")) in graph
    assert (ORDER, NQS.actDate, Literal("2008-02-12", datatype=XSD.date)) in graph
    assert (ORDER, NQS.issuer, Literal(ISSUER, lang="kk")) in graph
    assert (ORDER, NQS.registrationNumber, Literal("5168")) in graph
    assert (ORDER, NQS.registrationDate, Literal("2008-03-17", datatype=XSD.date)) in graph
    repeal = MINT.act(ActRef(ISSUER, "338", "2009-07-13"))
    assert (ORDER, NQS.repealedBy, repeal) in graph
    assert (repeal, NQS.actDate, Literal("2009-07-13", datatype=XSD.date)) in graph
    assert (ORDER, NQS.inForce, Literal(False)) in graph
    law = MINT.act(ActRef("Қазақстан Республикасы", "319-III", "2007-07-27"))
    assert (ORDER, NQS.implementsAct, law) in graph


def test_one_legal_act_per_act(graph: Graph) -> None:
    acts = set(graph.subjects(RDF.type, NQS.LegalAct))
    titled = {MINT.titled_act(t) for t in EXPECTED["titled_acts"]}
    numbered = {
        ORDER,
        MINT.act(ActRef(ISSUER, "338", "2009-07-13")),
        MINT.act(ActRef(ISSUER, "128", "2009-03-20")),
        MINT.act(ActRef("Қазақстан Республикасы", "319-III", "2007-07-27")),
    }
    assert acts == titled | numbered
    # every "must know" item naming the law on education points at the one 2007 law
    law = MINT.act(ActRef("Қазақстан Республикасы", "319-III", "2007-07-27"))
    rector_items = list(graph.objects(URIRef(POS + "1/1"), NQS.mustKnow))
    assert law in {a for k in rector_items for a in graph.objects(k, NQS.refersToAct)}


def test_positions_in_graph(graph: Graph) -> None:
    positions = set(graph.subjects(RDF.type, NQS.Position))
    assert len(positions) == 51 + 3
    for s, n in [(1, 10), (2, 13), (3, 28)]:
        section = URIRef(f"{POS}section/{s}")
        assert len(set(graph.subjects(NQS.inSection, section))) == n + (1 if s == 2 else 0) + (
            2 if s == 3 else 0
        )
    professor = URIRef(POS + "1/5")
    assert (professor, RDFS.label, Literal("Профессор", lang="kk")) in graph
    assert (professor, NQS.approvedBy, ORDER) in graph
    assert (professor, NQS.minExperienceYears, Literal(5)) in graph
    sub = URIRef(POS + "2/8/sub/1")
    assert (sub, NQS.subPositionOf, URIRef(POS + "2/8")) in graph
    duty = URIRef(POS + "1/5/duty/1")
    assert (duty, NQS.ordinal, Literal(1)) in graph
    assert (duty, RDFS.label, Literal(EXPECTED["professor_first_duty"], lang="kk")) in graph


def test_provenance_of_every_extracted_entity(graph: Graph, doc: PositionsDocument) -> None:
    source = MINT.source(doc.source.sha256)
    concepts = {NQS.EducationLevel, NQS.AcademicDegree, NQS.SourceDocument}
    typed = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if str(o).startswith(str(NQS)) and o not in concepts
    }
    # 830: the laws a list names together are one knowledge item (161 items, were 251)
    assert len(typed) > 800
    for s in typed:
        assert (s, PROV.wasDerivedFrom, source) in graph, s
        assert (s, NQS.sourceUnit, Literal("line")) in graph, s
        labels = list(graph.objects(s, RDFS.label))
        assert labels and all(getattr(x, "language", None) == "kk" for x in labels), s


LADDER = (
    "\n"
    + NQS_PREFIX_LINE
    + """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?professor ?name WHERE { ?professor nqs:requiresExperienceIn+ ?p . ?p rdfs:label ?name }
"""
)


def store(graph: Graph) -> pyoxigraph.Store:
    s = pyoxigraph.Store()
    s.load(graph.serialize(format="nt").encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    return s


def test_career_ladder_by_property_path(graph: Graph) -> None:
    s = store(graph)
    professor = pyoxigraph.NamedNode(POS + "1/5")
    rows = s.query(LADDER, substitutions={pyoxigraph.Variable("professor"): professor})
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    names = {row["name"].value for row in rows}
    # the text links professor → associate professor → senior teacher → teacher; it says
    # nothing that links the teacher to the assistant
    assert names == {"Доцент", "Аға оқытушы", "Оқытушы"}
    chain = s.query(
        NQS_PREFIX_LINE
        + """SELECT ?p ?t WHERE { ?p nqs:requiresExperienceIn ?d . ?d nqs:requiresExperienceIn ?s .
              ?s nqs:requiresExperienceIn ?t }""",
        substitutions={pyoxigraph.Variable("p"): professor},
    )
    assert isinstance(chain, pyoxigraph.QuerySolutions)
    assert [row["t"] for row in chain] == [pyoxigraph.NamedNode(POS + "1/8")]


def test_prior_position_on_experience(graph: Graph) -> None:
    exp = URIRef(POS + "1/5/requirement/1/experience/1")
    assert (exp, NQS.priorPosition, URIRef(POS + "1/6")) in graph
    assert (exp, NQS.priorPositionYears, Literal(1)) in graph
    assert (exp, NQS.requiredYears, Literal(5)) in graph
    assert (exp, NQS.experienceKind, Literal("ғылыми-педагогикалық қызметтегі", lang="kk")) in graph
    req = URIRef(POS + "1/7/requirement/1")
    degrees = set(graph.objects(req, NQS.acceptedDegree))
    assert degrees == {
        MINT.iri("academic-degree", "candidate-of-sciences"),
        MINT.iri("academic-degree", "phd"),
    }


@pytest.mark.parametrize("n", [1, 2])
def test_amendment_records(graph: Graph, doc: PositionsDocument, n: int) -> None:
    case = EXPECTED["amendments"][n - 1]
    amendment = doc.amendments[n - 1]
    assert (amendment.loc.start, amendment.loc.end) == tuple(case["lines"])
    iri = URIRef(f"{ORDER}/amendment/{n}")
    act = MINT.act(ActRef(ISSUER, *case["act"]))
    assert (iri, RDF.type, NQS.Amendment) in graph
    assert (iri, NQS.amendingAct, act) in graph
    assert (iri, NQS.amendedAct, ORDER) in graph
    assert (act, NQS.amends, ORDER) in graph
    assert (iri, NQS.amendmentDate, Literal(case["act"][1], datatype=XSD.date)) in graph
    assert (iri, NQS.appliesThroughout, Literal(case["throughout"])) in graph
    part = set(graph.objects(iri, NQS.amendedPart))
    assert part == ({URIRef(POS + case["position"])} if case["position"] else set())
    old = {str(o) for o in graph.objects(iri, NQS.oldText)}
    assert old == set(case["old"])
    assert amendment.old_phrases == case["old"]
    new = [str(o) for o in graph.objects(iri, NQS.newText)]
    assert new == ([case["new"]] if case["new"] else [])
    assert "қолданысқа енгізіледі" in str(graph.value(iri, NQS.entryIntoForceText))


def test_every_nqs_term_is_declared(graph: Graph) -> None:
    ontology = Graph()
    for path in ontology_paths():
        ontology.parse(path)
    used = {p for p in graph.predicates() if str(p).startswith(str(NQS))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(NQS))}
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert used - declared == set()
    mine = Graph().parse(ROOT / "ontology" / "positions.ttl")
    for term in {s for s in mine.subjects(RDF.type, None) if isinstance(s, URIRef)}:
        langs = {getattr(o, "language", None) for o in mine.objects(term, RDFS.label)}
        assert {"kk", "ru", "en"} <= langs, term
        assert (
            (term, RDFS.domain, None) in mine
            or (term, RDFS.subClassOf, None) in mine
            or (
                term,
                RDF.type,
                URIRef("http://www.w3.org/2002/07/owl#Class"),
            )
            in mine
        )
