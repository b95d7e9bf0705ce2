"""The ontology declares the vocabulary, parses, and HermiT finds it consistent."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from nqs.build import ontology_paths
from nqs.loaders.documents import LoadedDocument, load_document
from nqs.loaders.iris import Minter
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, OWL, RDF, RDFS
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
    # supersededBy and validFrom/validUntil apply to any versioned entity: no domain; and
    # supersededBy links two versions of the same kind of thing: no range either.
    if name != "supersededBy":
        assert (term, RDFS.range, None) in ontology
    if name != "supersededBy" and not name.startswith("valid"):
        assert (term, RDFS.domain, None) in ontology


@pytest.fixture(scope="module")
def ballet_graph() -> Graph:
    loaded = load_document(BALLET, Minter(DEFAULT_BASE_IRI))
    assert isinstance(loaded, LoadedDocument)
    return loaded.graph


def test_every_term_the_loader_uses_is_declared(ontology: Graph, ballet_graph: Graph) -> None:
    used = {p for p in ballet_graph.predicates() if str(p).startswith(str(NQS))}
    used |= {o for o in ballet_graph.objects(None, RDF.type) if str(o).startswith(str(NQS))}
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert used - declared == set()


def _hermit_consistent(graph: Graph, tmp_path: Path) -> None:
    """Load into owlready2 as RDF/XML and run HermiT; raises when inconsistent.

    xsd:date and xsd:gYear are outside the OWL 2 datatype map, so HermiT is told to treat
    them as opaque (``--ignoreUnsupportedDatatypes``)."""
    owlready2 = pytest.importorskip("owlready2")
    if shutil.which("java") is None:
        pytest.fail("Java is required for HermiT: run scripts/setup.sh")
    path = tmp_path / "graph.owl"
    graph.serialize(path, format="xml")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
        )


@pytest.mark.slow
def test_hermit_finds_ontology_and_seed_graph_consistent(
    ontology: Graph, ballet_graph: Graph, tmp_path: Path
) -> None:
    _hermit_consistent(ontology + ballet_graph, tmp_path)


@pytest.mark.slow
def test_hermit_finds_an_ability_that_is_knowledge_inconsistent(
    ontology: Graph, tmp_path: Path
) -> None:
    owlready2 = pytest.importorskip("owlready2")
    broken = Graph()
    item = URIRef(DEFAULT_BASE_IRI + "broken/item")
    broken.add((item, RDF.type, NQS.Ability))
    broken.add((item, RDF.type, NQS.Knowledge))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit_consistent(ontology + broken, tmp_path)
