"""Cross-document links derived at build time (``nqs/derive/links.py``), hand-checked on the seeds;
the sector of a standard stated without OKED, on a "Default" DOCX of the corpus."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from nqs.config import Settings
from nqs.derive.links import LINKS_GRAPH, job_names, load_rules, rule_name
from nqs.loaders.documents import LoadedDocument, load_document
from nqs.loaders.iris import Minter
from nqs.loaders.standard.map import SECTOR_GROUPS
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, NQS_PREFIX_LINE, PROV, RDF, RDFS, SKOS
from nqs.store import ReadOnlyStore
from tests.conftest import CORPUS

BASE = DEFAULT_BASE_IRI
ISCO = "http://data.europa.eu/esco/isco/C"
NACE = "http://data.europa.eu/ux2/nace2/"
LINKS = ox.NamedNode(BASE + LINKS_GRAPH)
STANDARD_591 = BASE + "standard/order-591-2023-11-20-annex-1"


@pytest.fixture(scope="module")
def db(seed_settings: Settings) -> ox.Store:
    return ReadOnlyStore(seed_settings.store).db


def n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def derived(db: ox.Store, s: str, p: object, o: str) -> bool:
    """The triple is in the links graph."""
    return ox.Quad(n(s), n(p), n(o), LINKS) in db


def objects(db: ox.Store, s: str, p: object, graph: ox.NamedNode | None = LINKS) -> set[str]:
    quads = db.quads_for_pattern(n(s), n(p), None, graph)
    return {q.object.value for q in quads if not isinstance(q.object, ox.Triple)}


def test_rules_parse_and_have_a_description() -> None:
    rules = load_rules()
    assert [rule_name(r) for r in rules] == [
        "occupation-concepts",
        "occupation-hierarchy",
        "isco-unit-group",
        "oked-nace",
        "nqf-pathway",
    ]
    for rule in rules:
        assert rule.description and "CONSTRUCT" in rule.text
        ox.Store().query(rule.text)


def test_other_title_codes_become_occupation_concepts(db: ox.Store) -> None:
    # Seed 000, card 1, other titles: «Бас өнертанушы» 1432-0-003 (the card itself is
    # 2633-1-001); the seeds declare 1432-0-003 nowhere else.
    occupation = BASE + "occupation/1432-0-003"
    types = objects(db, occupation, RDF.type, None)
    assert {str(NQS.Occupation), str(SKOS.Concept)} <= types
    assert objects(db, occupation, SKOS.notation) == {"1432-0-003"}
    assert objects(db, occupation, SKOS.inScheme) == {BASE + "scheme/nkz"}
    assert objects(db, occupation, RDFS.label) == {"Бас өнертанушы"}
    assert derived(db, occupation, SKOS.broader, BASE + "occupation/1432-0")
    assert derived(db, BASE + "occupation/1432-0", SKOS.broader, BASE + "occupation/1432")
    # Every occupation a title names is now a typed concept with notation and scheme.
    missing = db.query(
        NQS_PREFIX_LINE
        + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        ASK { ?namer nqs:namesOccupation ?o .
          FILTER NOT EXISTS { ?o a nqs:Occupation, skos:Concept ; skos:notation ?c ;
                              skos:inScheme ?s } }"""
    )
    assert isinstance(missing, ox.QueryBoolean)
    assert not bool(missing)


def test_nkz_to_isco(db: ox.Store) -> None:
    assert derived(db, BASE + "occupation/2633-1-001", SKOS.broadMatch, ISCO + "2633")
    assert derived(db, BASE + "occupation/2633-1", SKOS.broadMatch, ISCO + "2633")
    assert derived(db, BASE + "occupation/2633", SKOS.exactMatch, ISCO + "2633")
    assert objects(db, BASE + "occupation/2633", SKOS.broadMatch) == set()
    assert derived(db, BASE + "occupation/1432-0-003", SKOS.broadMatch, ISCO + "1432")


def test_oked_to_nace(db: ox.Store) -> None:
    assert derived(db, BASE + "oked/R", SKOS.exactMatch, NACE + "R")
    assert derived(db, BASE + "oked/90", SKOS.exactMatch, NACE + "90")
    assert derived(db, BASE + "oked/90.0", SKOS.exactMatch, NACE + "900")
    assert derived(db, BASE + "oked/90.01", SKOS.exactMatch, NACE + "9001")
    assert derived(db, BASE + "oked/90.01.2", SKOS.broadMatch, NACE + "9001")
    assert objects(db, BASE + "oked/90.01.2", SKOS.exactMatch) == set()


def test_card_to_nqf_pathway(db: ox.Store) -> None:
    for card, level in ((1, 6), (2, 7), (3, 8)):
        iri = f"{BASE}standard/R90012023/card/{card}"
        pathway = f"{BASE}framework/nqf/level/{level}/pathway"
        assert objects(db, iri, NQS.educationPathway) == {pathway}


def test_positions_to_cards_of_the_same_job(db: ox.Store) -> None:
    # Order 616 shows cards of order 591's standard: 3 «…, профессордың ассистенті, …»,
    # 4 «…, қауымдастырылған профессор (доцент), …», 5 «…(доцент), профессор, …».
    docent = BASE + "position/order-61-2008/1/6"
    professor = BASE + "position/order-61-2008/1/5"
    assert objects(db, docent, NQS.describedByCard) == {
        f"{STANDARD_591}/card/4",
        f"{STANDARD_591}/card/5",
    }
    assert objects(db, professor, NQS.describedByCard) == {f"{STANDARD_591}/card/5"}
    # No partial matches: «Ассистент» ≠ «профессордың ассистенті», «Оқытушы» ≠ «Білім
    # саласындағы оқытушы»; and nothing else in the seeds.
    quads = list(db.quads_for_pattern(None, n(NQS.describedByCard), None, None))
    rows = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    assert len(rows) == 3
    assert all(q.graph_name == LINKS for q in rows)
    merge = {q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph)}
    assert merge == {q.triple for q in rows}  # and each in the merge


def test_job_names() -> None:
    assert job_names("Білім саласындағы оқытушы, қауымдастырылған профессор (доцент), ЖЖОКБҰ") >= {
        "білім саласындағы оқытушы",
        "қауымдастырылған профессор",
        "доцент",
        "жжокбұ",
    }
    assert job_names("Доцент") == {"доцент"}
    assert "жоо" not in job_names("Оқытушы, ЖОО")


def test_link_sets_name_their_rule(db: ox.Store) -> None:
    for name in ("isco-unit-group", "oked-nace", "nqf-pathway", "position-same-job"):
        link_set = f"{BASE}{LINKS_GRAPH}/set/{name}"
        rule = f"{BASE}link-rule/{name}"
        assert derived(db, link_set, RDF.type, str(NQS.LinkSet))
        assert derived(db, link_set, PROV.wasGeneratedBy, rule)
        assert derived(db, rule, RDF.type, str(NQS.LinkRule))
        assert objects(db, rule, SKOS.definition)
    query = objects(db, f"{BASE}link-rule/isco-unit-group", NQS.ruleQuery)
    assert len(query) == 1
    assert "CONSTRUCT" in query.pop()


def test_no_asserted_triple_is_repeated_in_the_links_graph(db: ox.Store) -> None:
    repeated = db.query(
        f"""ASK {{ GRAPH <{LINKS.value}> {{ ?s ?p ?o }}
                 GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{LINKS.value}>) }}"""
    )
    assert isinstance(repeated, ox.QueryBoolean)
    assert not bool(repeated)


# -- the sector of a standard stated without OKED ------------------------------------------
@pytest.fixture(scope="module")
def default_docx() -> Graph:
    loaded = load_document(
        CORPUS / "Default 1_ Администрирование баз данных.docx", Minter(DEFAULT_BASE_IRI)
    )
    assert isinstance(loaded, LoadedDocument)
    return loaded.graph


def test_sector_from_main_group(default_docx: Graph) -> None:
    # «Основная группа: Информационно-коммуникационные технологии», no OKED → section J.
    framework = URIRef(BASE + "framework/sqf/J")
    levels = set(default_docx.objects(None, NQS.qualificationLevel))
    assert levels
    assert all(str(lvl).startswith(f"{framework}/level/") for lvl in levels)
    assert (URIRef(BASE + "framework/sqf/unspecified"), None, None) not in default_docx
    assert (framework, NQS.sectorActivity, URIRef(BASE + "oked/J")) in default_docx
    labels = {lit.language: str(lit) for lit in default_docx.objects(framework, RDFS.label)}  # type: ignore[attr-defined]
    assert labels == {
        "en": "Sectoral qualification framework: Information and communication (OKED section J)",
        "ru": "Отраслевая рамка квалификаций: Информация и связь (секция ОКЭД J)",
        "kk": "Салалық біліктілік шеңбері: Ақпарат және байланыс (ЭҚЖЖ J секциясы)",
    }
    assert (URIRef(BASE + "oked/J"), SKOS.notation, Literal("J")) in default_docx


def test_sector_framework_of_a_stated_section(db: ox.Store) -> None:
    labels = objects(db, BASE + "framework/sqf/R", RDFS.label, None)
    assert (
        "Sectoral qualification framework: Arts, entertainment and recreation "
        "(OKED section R)" in labels
    )
    assert objects(db, BASE + "framework/sqf/R", NQS.sectorActivity, None) == {BASE + "oked/R"}


def test_sector_group_names_are_lower_case() -> None:
    assert all(name == name.lower() for name in SECTOR_GROUPS)
