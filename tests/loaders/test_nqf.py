"""The NQF loader against seed 002, checked by hand against the text.

Read off the seed: the act header is lines 8-16 (repeal note 17-19), operative paragraph 1
(the amended 2012 order) lines 21-29, general provisions paragraphs 1-9 (lines 72-177), the
glossary lines 95-135 (14 items), Annex 1 rows under the numbers on lines 196, 215, 236,
257, 291, 314, 345, 373, Annex 2 rows from line 410. The expected descriptors are in
``fixtures/nqf/descriptors.json``, typed from the text.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from nqs.loaders.framework.map import map_nqf
from nqs.loaders.framework.model import NqfDocument
from nqs.loaders.framework.parse import looks_like_nqf, parse_nqf, resolve_cells, unspace
from nqs.loaders.iris import Minter
from nqs.loaders.model import ActRef, SourceError
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, NQS_PREFIX_LINE, PROV, RDF, RDFS, SKOS, XSD
from nqs.ontology import ontology_paths
from tests.conftest import BALLET, SEEDS, TESTS

NQF = SEEDS / "002_cbc5d0d511fbfc57.txt"
FIXTURES = TESTS / "fixtures" / "nqf"
MINTER = Minter(DEFAULT_BASE_IRI)
EXPECTED_DESCRIPTORS: dict[str, dict[str, str]] = {
    k: v
    for k, v in json.loads((FIXTURES / "descriptors.json").read_text("utf-8")).items()
    if not k.startswith("_")
}
# Education levels each pathway names (read from Annex 2).
PATHWAY_LEVELS = {
    1: {"primary", "basic-secondary", "vocational-training"},
    2: {"basic-secondary", "general-secondary", "vocational-training"},
    3: {"vocational-training", "general-secondary", "basic-secondary", "technical-vocational"},
    4: {"basic-secondary", "technical-vocational", "post-secondary", "additional-professional"},
    5: {"technical-vocational", "post-secondary", "higher", "additional-professional"},
    6: {"higher", "bachelor", "residency"},
    7: {"postgraduate", "master", "bachelor", "additional-professional"},
    8: {"postgraduate", "master", "doctoral", "additional-professional"},
}
GLOSSARY_TERMS = [
    "біліктілік",
    "біліктілік деңгейі",
    "білім",
    "дағды",
    "еңбек қызметінің түрі",
    "кәсіби қызмет саласы",
    "еңбек функциясы",
    "кәсіби міндет",
    "кәсіби стандарт",
    "кәсіп",
    "құзыреттілік",
    "ҰБШ",
    "салалық біліктілік шеңберлері",
    "функционалдық карта",
]
# Lines that belong to no element: the annex header, section headings and the two annexes'
# headings (the operative part, lines 20-47, is the order's points and signatories).
BOILERPLATE = [*range(48, 67), 70, 137]
BOILERPLATE += [178, 179, 181, 183, 184, 186, 187, 189, 190, 192, 194]
BOILERPLATE += [400, 401, 403, 405, 406, 408]


@pytest.fixture(scope="module")
def doc() -> NqfDocument:
    return parse_nqf(read_text(NQF), source_info(NQF))


@pytest.fixture(scope="module")
def graph(doc: NqfDocument) -> Graph:
    return map_nqf(doc, MINTER).graph()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for path in ontology_paths():
        g.parse(path)
    return g


def level_iri(n: int) -> URIRef:
    return MINTER.nqf_level(n)


# -- text repair --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "repaired"),
    [
        ("ж ү к т е л с і н .", "жүктелсін."),
        ("2 0 1 4  ж ы л ғ ы  1 0  қ а ң т а р д а ғ ы", "2014 жылғы 10 қаңтардағы"),
        (
            "еңбек  қызмет і  түр ін ің  құрамдас  бөліг і ;",
            "еңбек қызметі түрінің құрамдас бөлігі;",
        ),
        ("а с ы р у  б о й ы н ш а  ", "асыру бойынша"),
        ("1 2 3 4", "1 2 3 4"),
        (
            "Қазақстан Республикасының           Қазақстан Республикасының",
            "Қазақстан Республикасының Қазақстан Республикасының",
        ),
        ("бірлескен  (бұйрығына", "бірлескен (бұйрығына"),
    ],
)
def test_unspace(raw: str, repaired: str) -> None:
    assert unspace(raw) == repaired


# -- the parse ----------------------------------------------------------------------------
def test_recognised() -> None:
    assert looks_like_nqf(read_text(NQF))
    assert not looks_like_nqf(read_text(BALLET))


def test_acts(doc: NqfDocument) -> None:
    act = doc.act
    assert [(p.number, p.date) for p in act.parts] == [
        ("665-ө-м", "2013-12-18"),
        ("6", "2014-01-10"),
    ]
    assert act.parts[0].issuer.endswith("Еңбек және халықты әлеуметтік қорғау министрі")
    assert act.parts[1].issuer.endswith("Білім және ғылым министрі")
    assert (act.registration_number, act.registration_date) == ("9141", "2014-02-12")
    assert doc.in_force is False
    assert doc.repealed_by is not None
    assert [(p.number, p.date) for p in doc.repealed_by.parts] == [
        ("851", "2015-11-09"),
        ("656", "2015-11-25"),
    ]
    assert doc.amends is not None
    assert [(p.number, p.date) for p in doc.amends.parts] == [
        ("444", "2012-09-28"),
        ("373-ө-м", "2012-09-24"),
    ]
    assert doc.amends.parts[1].issuer.endswith("министрі міндетін атқарушы")
    assert doc.amends.registration_number == "8022"
    assert doc.amends.title == "Ұлттық біліктілік шеңберін бекіту туралы"
    assert [(law.title, law.date, law.number) for law in doc.laws] == [
        ("Білім туралы", "2007-07-27", "319-III")
    ]


def test_annex_header_year_discrepancy_is_reported(doc: NqfDocument) -> None:
    """Lines 60 and 64 date the 2012 order 2013: reported, not loaded."""
    messages = [str(w) for w in doc.warnings]
    assert any("№ 444 of 2012-09-28 dated 2013-09-28" in m for m in messages)
    assert any("№ 373-ө-м of 2012-09-24 dated 2013-09-24" in m for m in messages)
    assert len(messages) == 2


def test_provisions(doc: NqfDocument) -> None:
    assert [p.number for p in doc.provisions] == list(range(1, 10))
    assert doc.eqf_statement is not None
    assert (doc.eqf_statement.start, doc.eqf_statement.end) == (72, 75)
    assert doc.provisions[6].text.endswith("жүйелі арттыру пайдаланылды.")
    assert doc.provisions[4].text == "5. Осы ҰБШ-да қолданылатын негізгі терминдер мен ұғымдар:"


def test_glossary(doc: NqfDocument) -> None:
    assert [t.term for t in doc.glossary] == GLOSSARY_TERMS
    by_term = {t.term: t for t in doc.glossary}
    assert by_term["біліктілік"].definition == (
        "қызметкердің нақты жұмыс түрін орындауға кәсіби дайындық дәрежесі"
    )
    assert by_term["дағды"].definition == (
        "қызметті жүзеге асыру және міндеттерді шешу мақсатында білімді пайдалану және "
        "құзыреттілік таныту қабілеті (логикалық, шығармашылық және практикалық ойлауды "
        "пайдалану)"
    )
    assert by_term["кәсіп"].definition == (  # split by a page break (lines 121-126)
        "арнайы дайындық нәтижесінде игерілетін және білімі туралы тиісті құжаттармен "
        "расталатын белгілі бір білімді, білікті және тәжірибелік дағдыларды талап ететін "
        "адамның еңбек қызметіндегі кәсіптерінің негізгі түрі"
    )
    assert by_term["еңбек функциясы"].definition.endswith(
        "қамтамасыз ететін еңбек қызметі түрінің құрамдас бөлігі"
    )
    assert by_term["функционалдық карта"].definition.endswith("құрылымдық сипаттамасы")
    assert (by_term["кәсіп"].loc.start, by_term["кәсіп"].loc.end) == (121, 126)


def test_levels(doc: NqfDocument) -> None:
    assert [lv.number for lv in doc.levels] == list(range(1, 9))
    assert [lv.loc.start for lv in doc.levels] == [196, 215, 236, 257, 291, 314, 345, 373]


@pytest.mark.parametrize("level", range(1, 9))
@pytest.mark.parametrize("kind", ["competence", "skills", "knowledge"])
def test_descriptor(doc: NqfDocument, level: int, kind: str) -> None:
    got = doc.levels[level - 1].descriptors[kind]  # type: ignore[index]
    assert got.text == EXPECTED_DESCRIPTORS[str(level)][kind]


def test_split_cell_location(doc: NqfDocument) -> None:
    skills5 = doc.levels[4].descriptors["skills"]
    assert (skills5.loc.start, skills5.loc.end) == (286, 306)


def test_pathways(doc: NqfDocument) -> None:
    for level in doc.levels:
        assert level.pathway is not None
        assert set(level.pathway.education_levels) == PATHWAY_LEVELS[level.number]
    four = doc.levels[3].pathway
    assert four is not None
    assert [(r.loc.start, r.loc.end) for r in four.routes] == [(427, 428), (429, 430)]
    assert four.routes[0].text == (
        "Негізгі орта білімнің негізінде техникалық және кәсіби білім болған кезде және "
        "практикалық тәжірибенің үш жылдан кем емес болуы"
    )
    assert (four.routes[0].min_experience_years, four.routes[0].experience_required) == (3, True)
    assert four.routes[1].experience_required is False
    six = doc.levels[5].pathway
    assert six is not None
    assert six.text == "Жоғары білім. Бакалавриат, резидентура, практикалық тәжірибе."
    assert [len(lv.pathway.routes) for lv in doc.levels if lv.pathway] == [1, 1, 2, 2, 2, 1, 2, 3]


# The routes of Annex 2, read by hand (lines 410-448): level, its routes' lines, the words a
# route begins with, whether it names practical experience (True), says it is not required
# (False) or does not mention it (None). Level 5 (lines 432-433) is vocational education with
# practical experience "or" higher education without it; level 7 (438-439) the master's
# programme or a bachelor's with additional education; level 8 (443-448) a postgraduate
# programme, a completed master's with recognition, or a PhD.
ROUTES: dict[int, list[tuple[tuple[int, int], str, bool | None]]] = {
    1: [((410, 411), "Бастауыштан кем емес", None)],
    2: [((414, 415), "Негізгі орта білімнен", True)],
    3: [((419, 420), "Практикалық тәжірибе және/немесе", True), ((421, 422), "Жалпы орта", False)],
    4: [((427, 428), "Негізгі орта білімнің", True), ((429, 430), "Жоғары дәрежелі", False)],
    5: [((432, 432), "Техникалық және кәсіби", True), ((432, 433), "немесе жоғары білім", False)],
    6: [((435, 435), "Жоғары білім. Бакалавриат", True)],
    7: [
        ((438, 439), "Жоғары оқу орнынан кейінгі білім. Магистратура", True),
        ((439, 439), "Бакалавриат және қосымша", True),
    ],
    8: [
        ((443, 445), "Жоғары оқу орнынан кейінгі білім (тиісті", True),
        ((445, 447), "Магистрді немесе маманды", True),
        ((447, 448), "PhD докторантурасы", True),
    ],
}


def test_every_route_its_own(doc: NqfDocument) -> None:
    """Each route of a pathway is its own, with its lines and its requirements; the routes
    together are the cell's text, word for word."""
    for level in doc.levels:
        assert level.pathway is not None
        got = [
            ((r.loc.start, r.loc.end), r.text[: len(want[1])], r.experience_required)
            for r, want in zip(level.pathway.routes, ROUTES[level.number], strict=False)
        ]
        assert got == ROUTES[level.number]
        assert " ".join(r.text for r in level.pathway.routes) == level.pathway.text
    five = doc.levels[4].pathway
    assert five is not None
    assert five.routes[0].text == (
        "Техникалық және кәсіби білім (немесе ортадан кейінгі білім) практикалық тәжірибе"
    )
    assert five.routes[0].education_levels == ("technical-vocational", "post-secondary")
    assert five.routes[1].text == (
        "немесе жоғары білім, қосымша кәсіби білім беретін бағдарламалар, практикалық "
        "тәжірибенің болуы талап етілмейді."
    )
    assert five.routes[1].education_levels == ("higher", "additional-professional")
    eight = doc.levels[7].pathway
    assert eight is not None
    assert eight.routes[2].text == (
        "PhD докторантурасы, PhD докторының ғылыми дәрежесі, ғылым кандидаты, ғылым докторы, "
        "практикалық тәжірибе."
    )
    assert eight.routes[2].education_levels == ("doctoral",)


def test_unassigned_is_boilerplate(doc: NqfDocument) -> None:
    assert [b.loc.start for b in doc.unassigned] == sorted(BOILERPLATE)


# -- cells and bad input ------------------------------------------------------------------
def test_resolve_cells_moves_a_split_cell() -> None:
    g = [[(1, "Аа")], [(2, "Бб")], [(3, "Вв")], [(4, "Гг басы")]]
    rows = [(1, 0, g), (2, 5, [[(6, "Дд")], [(7, "жалғасы")], [(8, "Ее")]])]
    cells = dict(resolve_cells(rows))
    assert [[t for _, t in c] for c in cells[2]] == [["Дд"], ["Гг басы", "жалғасы"], ["Ее"]]


def test_not_the_template() -> None:
    with pytest.raises(SourceError, match="not an NQF order"):
        parse_nqf(read_text(BALLET), source_info(BALLET))


def test_missing_level_names_the_place(tmp_path: Path) -> None:
    lines = NQF.read_text("utf-8").split("\n")
    assert lines[344] == "7"  # line 345
    del lines[344]
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(lines), "utf-8")
    with pytest.raises(SourceError) as err:
        parse_nqf(read_text(broken), source_info(broken))
    assert "Annex 1" in str(err.value) and err.value.loc is not None


def test_missing_pathway_row(tmp_path: Path) -> None:
    lines = NQF.read_text("utf-8").split("\n")
    assert lines[434].startswith("6 Жоғары")  # line 435
    lines[434] = "Жоғары білім. Бакалавриат, резидентура, практикалық тәжірибе."
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(lines), "utf-8")
    # without the number 6, the rows 7 and 8 are not recognised either (numbers in sequence)
    with pytest.raises(SourceError, match="Annex 2: 5 levels instead of 8"):
        parse_nqf(read_text(broken), source_info(broken))


# -- the graph ----------------------------------------------------------------------------
def test_graph_round_trips(graph: Graph) -> None:
    again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert len(again) == len(graph)


def test_every_nqs_term_is_declared(graph: Graph, ontology: Graph) -> None:
    used = {p for p in graph.predicates() if str(p).startswith(str(NQS))}
    used |= {o for o in graph.objects() if isinstance(o, URIRef) and str(o).startswith(str(NQS))}
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert used - declared == set()


def test_every_extracted_entity_has_provenance(graph: Graph, doc: NqfDocument) -> None:
    source = MINTER.source(doc.source.sha256)
    typed = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if str(o).startswith(str(NQS)) and o != NQS.SourceDocument
    }
    assert len(typed) > 100
    for s in typed:
        assert (s, PROV.wasDerivedFrom, source) in graph, s
        assert (s, NQS.sourceUnit, Literal("line")) in graph, s
        assert (s, NQS.sourceStart, None) in graph, s
        langs = {getattr(o, "language", None) for o in graph.objects(s, RDFS.label)}
        assert "kk" in langs, s
    subjects = {s for s in graph.subjects() if str(s).startswith(DEFAULT_BASE_IRI)}
    untyped = {s for s in subjects if (s, RDF.type, None) not in graph}
    assert untyped == set()


def test_framework_and_levels(graph: Graph) -> None:
    fw = MINTER.iri("framework", "nqf")
    act = MINTER.act(ActRef(issuer="", number="665-ө-м", date="2013-12-18"))
    assert (fw, RDF.type, NQS.QualificationFramework) in graph
    assert (fw, NQS.approvedBy, act) in graph
    levels = set(graph.subjects(NQS.inFramework, fw))
    assert levels == {level_iri(n) for n in range(1, 9)}
    for n in range(1, 9):
        lv = level_iri(n)
        assert (lv, NQS.levelNumber, Literal(n)) in graph
        assert (lv, SKOS.notation, Literal(str(n))) in graph
        assert (lv, SKOS.closeMatch, URIRef(f"http://data.europa.eu/snb/eqf/{n}")) in graph
        assert len(set(graph.objects(lv, NQS.hasDescriptor))) == 3


def test_acts_in_graph(graph: Graph) -> None:
    act = MINTER.act(ActRef(issuer="", number="665-ө-м", date="2013-12-18"))
    old = MINTER.act(ActRef(issuer="", number="444", date="2012-09-28"))
    repeal = MINTER.act(ActRef(issuer="", number="851", date="2015-11-09"))
    law = MINTER.act(ActRef(issuer="x", number="319-III", date="2007-07-27"))
    assert set(graph.objects(act, NQS.actNumber)) == {Literal("665-ө-м"), Literal("6")}
    assert set(graph.objects(act, NQS.actDate)) == {
        Literal("2013-12-18", datatype=XSD.date),
        Literal("2014-01-10", datatype=XSD.date),
    }
    assert len(set(graph.objects(act, NQS.issuer))) == 2
    assert (act, NQS.registrationNumber, Literal("9141")) in graph
    assert (act, NQS.registrationDate, Literal("2014-02-12", datatype=XSD.date)) in graph
    assert (act, NQS.inForce, Literal(False)) in graph
    assert (act, NQS.amends, old) in graph
    assert (act, NQS.repealedBy, repeal) in graph
    assert (old, NQS.registrationNumber, Literal("8022")) in graph
    assert set(graph.objects(repeal, NQS.actNumber)) == {Literal("851"), Literal("656")}
    assert (law, RDF.type, NQS.LegalAct) in graph
    assert (MINTER.iri("framework", "nqf"), NQS.cites, law) in graph
    assert len(set(graph.subjects(RDF.type, NQS.LegalAct))) == 4


def test_glossary_in_graph(graph: Graph) -> None:
    terms = set(graph.subjects(RDF.type, NQS.GlossaryTerm))
    assert len(terms) == 14
    skill = MINTER.iri("framework", "nqf", "term", 4)
    assert (skill, SKOS.prefLabel, Literal("дағды", lang="kk")) in graph
    assert (skill, NQS.definesClass, NQS.Skill) in graph
    defined = set(graph.objects(None, NQS.definesClass))
    assert {NQS.Knowledge, NQS.LaborFunction, NQS.Occupation, NQS.QualificationLevel} <= defined
    assert {NQS.ProfessionalStandard, NQS.QualificationFramework} <= defined


def test_pathway_links_in_graph(graph: Graph) -> None:
    for n, keys in PATHWAY_LEVELS.items():
        pathway = URIRef(f"{level_iri(n)}/pathway")
        assert (level_iri(n), NQS.hasPathway, pathway) in graph
        got = set(graph.objects(pathway, NQS.refersToEducationLevel))
        assert got == {MINTER.iri("education-level", k) for k in keys}
    bachelor = MINTER.iri("education-level", "bachelor")
    assert (bachelor, SKOS.closeMatch, MINTER.iri("isced-2011", 6)) in graph
    route = URIRef(f"{level_iri(4)}/pathway/route/1")
    assert (route, NQS.minPracticeYears, Literal(3)) in graph


SPARQL_PREFIXES = (
    NQS_PREFIX_LINE + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
)


@pytest.fixture(scope="module")
def store(graph: Graph) -> pyoxigraph.Store:
    st = pyoxigraph.Store()
    st.load(graph.serialize(format="nt").encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    return st


def test_sparql_knowledge_of_level_6(store: pyoxigraph.Store) -> None:
    query = SPARQL_PREFIXES + (
        "SELECT ?text WHERE { ?level nqs:levelNumber 6 ; nqs:knowledgeDescriptor ?d . "
        "?d rdfs:label ?text }"
    )
    rows = list(store.query(query))  # type: ignore[arg-type]
    assert [r["text"].value for r in rows] == [EXPECTED_DESCRIPTORS["6"]["knowledge"]]


def test_sparql_alignment_provenance(store: pyoxigraph.Store) -> None:
    query = SPARQL_PREFIXES + (
        "SELECT ?n ?start WHERE { ?a a nqs:Alignment ; nqs:alignmentSubject ?level ; "
        "nqs:alignmentRelation skos:closeMatch ; nqs:alignmentObject ?eqf ; "
        "prov:wasDerivedFrom ?src ; nqs:sourceStart ?start . ?level nqs:levelNumber ?n . "
        "?level skos:closeMatch ?eqf } ORDER BY ?n"
    )
    rows = list(store.query(query))  # type: ignore[arg-type]
    assert [(int(r["n"].value), int(r["start"].value)) for r in rows] == [
        (n, 72) for n in range(1, 9)
    ]


def test_document_is_a_dataclass(doc: NqfDocument) -> None:
    assert dataclasses.is_dataclass(doc)
    assert doc.source.name == NQF.name


@pytest.mark.slow
def test_hermit_finds_ontology_and_nqf_graph_consistent(
    ontology: Graph, graph: Graph, tmp_path: Path
) -> None:
    from nqs.derive.reasoning import hermit_consistency

    data = (ontology + graph).serialize(format="nt", encoding="utf-8")
    result = hermit_consistency(data)
    assert result.consistent, result.output[-2000:]
