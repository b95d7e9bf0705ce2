"""Profile ``elm``: profession cards as ELM qualifications. The document validates with
pySHACL against the LOQ shapes and their MDR variant with exactly the violations listed,
with their reasons, in tests/data/elm/unmet-constraints.json, and no other."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from nqs.config import Settings
from nqs.export.elm import elm_context
from nqs.export.elm_validate import load_jsonld, validate_graph
from nqs.export.run import Options, export
from tests.conftest import ROOT, TESTS
from tests.export.test_export_common import canonical, rdflib_quads, release_of

UNMET = TESTS / "data" / "elm" / "unmet-constraints.json"
SHARED = ROOT.parent / "shared" / "external" / "elm"
ELM = Namespace("http://data.europa.eu/snb/model/elm/")
DC = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ROV = Namespace("http://www.w3.org/ns/regorg#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
ID = "https://w3id.org/kz-nqs/id/"
BALLET = ID + "standard/R90012023/card/"


@pytest.fixture(scope="module")
def document(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("elm")
    export(release_of(seed_settings), out, Options(("elm",)))
    return out / "elm" / "kz-nqs-qualifications.jsonld"


@pytest.fixture(scope="module")
def graph(document: Path) -> Graph:
    return load_jsonld(document)


def focus_nodes(graph: Graph, entry: dict[str, Any]) -> list[str]:
    applies = entry["applies_to"]
    if isinstance(applies, list):
        return applies
    qualifications = [str(s) for s in graph.subjects(RDF.type, ELM.Qualification)]
    if applies == "every qualification":
        return qualifications
    if applies == "every qualification with an NQF level":
        return [q for q in qualifications if (URIRef(q), ELM.NQFLevel, None) in graph]
    assert applies == "every entitlement"
    return [str(s) for s in graph.subjects(RDF.type, ELM.LearningEntitlementSpecification)]


def check_unmet(graph: Graph) -> None:
    """pySHACL reports exactly the listed violations."""
    expected: Counter[tuple[str, str, str, str]] = Counter()
    for entry in json.loads(UNMET.read_text("utf-8"))["constraints"]:
        assert entry["reason"]
        for focus in focus_nodes(graph, entry):
            key = (focus, entry["focus_class"], entry["path"], entry["component"])
            expected[key] += len(entry["shapes"])
    report = validate_graph(graph)
    got = Counter((v.focus, v.focus_class, v.path, v.component) for v in report.violations)
    assert got == expected
    assert got  # the list is not empty: each entry is really hit


def test_only_the_listed_constraints_are_unmet(graph: Graph) -> None:
    check_unmet(graph)


def test_shipped_shapes_are_the_shared_ones() -> None:
    from nqs.export.elm import elm_folder

    for name in ("LOQ-constraints.ttl", "LOQ-constraints-mdr.ttl", "edc-ap-context.jsonld"):
        if (SHARED / name).is_file():
            assert (elm_folder() / name).read_bytes() == (SHARED / name).read_bytes()


def test_document_uses_the_elm_context(document: Path, graph: Graph) -> None:
    data = json.loads(document.read_text("utf-8"))
    assert data["@context"] == elm_context()["@context"]
    with_pyoxigraph = canonical(ox.parse(path=document, format=ox.RdfFormat.JSON_LD))
    assert with_pyoxigraph == rdflib_quads(document, "json-ld")
    assert len(graph) == len(with_pyoxigraph)


def test_ballet_card_one(graph: Graph) -> None:
    q = URIRef(BALLET + "1")
    assert (q, RDF.type, ELM.Qualification) in graph
    assert set(graph.objects(q, DC.title)) == {Literal("Балеттанушы", lang="kk")}
    # SQF level 6 → NQF level 6, which the NQF aligns with EQF level 6 (seed 002)
    assert set(graph.objects(q, ELM.EQFLevel)) == {URIRef("http://data.europa.eu/snb/eqf/6")}
    assert set(graph.objects(q, ELM.NQFLevel)) == {URIRef(ID + "framework/nqf/level/6")}
    note = next(graph.objects(next(graph.objects(q, ELM.additionalNote)), ELM.noteLiteral))
    assert "closeMatch" in str(note) and "EQF level 6" in str(note)
    # the mandatory functions of card 1: 19 - 5 abilities and 14 - 2 knowledge items
    outcomes = list(graph.objects(q, ELM.learningOutcome))
    types = Counter(str(graph.value(o, DC.type)).rsplit("/", 1)[-1] for o in outcomes)
    assert types == {"skill": 14, "knowledge": 12}
    assert not [o for o in outcomes if "/additional-function/" in str(o)]
    identifier = next(graph.objects(q, ADMS.identifier))
    assert graph.value(identifier, SKOS.notation) == Literal("2633-1-001")
    entitlement = next(graph.objects(q, ELM.entitlesTo))
    occupation = URIRef(ID + "occupation/2633-1-001")
    assert graph.value(entitlement, ELM.limitNationalOccupation) == occupation
    assert graph.value(occupation, SKOS.inScheme) == URIRef(ID + "scheme/nkz")
    publisher = graph.value(q, DC.publisher)
    # seed 000, line 709: the state body named in the technical data
    assert graph.value(publisher, ROV.legalName) == Literal(
        "Қазакстан Республикасының Мәдениет және ақпарат министрлігі", lang="kk"
    )


def test_ballet_card_two_outcomes(graph: Graph) -> None:
    """Card 2 has one mandatory function and no additional one: 4 abilities, 2 knowledge."""
    outcomes = list(graph.objects(URIRef(BALLET + "2"), ELM.learningOutcome))
    assert len(outcomes) == 6


@pytest.mark.slow
def test_full_corpus_meets_all_but_the_listed_constraints(
    full_settings: Settings, tmp_path: Path
) -> None:
    export(release_of(full_settings), tmp_path, Options(("elm",)))
    graph = load_jsonld(tmp_path / "elm" / "kz-nqs-qualifications.jsonld")
    assert len(set(graph.subjects(RDF.type, ELM.Qualification))) > 200
    check_unmet(graph)
