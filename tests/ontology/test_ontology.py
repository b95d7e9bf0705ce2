"""The ontology declares the public core of the vocabulary and every term the Kazakh
standard loader uses (HermiT: test_ontology_hermit.py)."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef

from nqs.loaders.documents import LoadedDocument, load_document
from nqs.loaders.iris import Minter
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, OWL, RDF, RDFS
from nqs.ontology import ontology_paths
from tests.conftest import BALLET, ROOT

VOCABULARY = ROOT.parent / "shared" / "design" / "VOCABULARY.md"
CORE_CLASSES = [
    "LegalAct",
    "SourceDocument",
    "QualificationFramework",
    "QualificationLevel",
    "ProfessionalStandard",
    "ProfessionCard",
    "Occupation",
    "EconomicActivity",
    "LaborFunction",
    "Skill",
    "Ability",
    "Knowledge",
    "PersonalCompetency",
    "Position",
    "Amendment",
    "Course",
]
CORE_PROPERTIES = [
    "code",
    "hasCard",
    "occupation",
    "qualificationLevel",
    "levelNumber",
    "inFramework",
    "correspondsTo",
    "economicActivity",
    "hasLaborFunction",
    "mandatory",
    "hasSkill",
    "hasAbility",
    "hasKnowledge",
    "ordinal",
    "hasPersonalCompetency",
    "approvedBy",
    "amends",
    "repealedBy",
    "inForce",
    "minExperienceYears",
    "requiresExperienceIn",
    "validFrom",
    "validUntil",
    "supersededBy",
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in ontology_paths():
        graph.parse(path)
    return graph


def test_core_list_matches_design_document() -> None:
    if not VOCABULARY.is_file():
        pytest.skip("../shared/design/VOCABULARY.md is not beside the project")
    text = VOCABULARY.read_text(encoding="utf-8")
    terms = set(re.findall(r"`nqs:(\w+)`", text))
    assert terms == set(CORE_CLASSES) | set(CORE_PROPERTIES)


@pytest.mark.parametrize("name", CORE_CLASSES)
def test_core_class_declared(ontology: Graph, name: str) -> None:
    term = NQS[name]
    assert (term, RDF.type, OWL.Class) in ontology
    langs = {o.language for o in ontology.objects(term, RDFS.label)}  # type: ignore[attr-defined]
    assert {"kk", "ru", "en"} <= langs


@pytest.mark.parametrize("name", CORE_PROPERTIES)
def test_core_property_declared(ontology: Graph, name: str) -> None:
    term = NQS[name]
    kinds = set(ontology.objects(term, RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}
    langs = {o.language for o in ontology.objects(term, RDFS.label)}  # type: ignore[attr-defined]
    assert {"kk", "ru", "en"} <= langs
    # supersededBy and validFrom/validUntil apply to any versioned entity, ordinal to any
    # element of a list: no domain; supersededBy links two versions of the same kind of
    # thing: no range either.
    if name != "supersededBy":
        assert (term, RDFS.range, None) in ontology
    if name not in {"supersededBy", "ordinal"} and not name.startswith("valid"):
        assert (term, RDFS.domain, None) in ontology


@pytest.fixture(scope="module")
def ballet_graph() -> Graph:
    loaded = load_document(BALLET, Minter(DEFAULT_BASE_IRI))
    assert isinstance(loaded, LoadedDocument)
    graph: Graph = loaded.graph
    return graph


def test_every_term_the_loader_uses_is_declared(ontology: Graph, ballet_graph: Graph) -> None:
    used = {p for p in ballet_graph.predicates() if str(p).startswith(str(NQS))}
    used |= {o for o in ballet_graph.objects(None, RDF.type) if str(o).startswith(str(NQS))}
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert used - declared == set()
