"""Validating document graphs in parallel and the cross-document shapes over the whole graph
gives the report of plain pySHACL over the whole graph with every shape."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from nqs.build_cache import cache_dir
from nqs.config import Settings
from nqs.namespaces import NQS
from nqs.patching import asserted_folder
from nqs.store import ReadOnlyStore
from nqs.validation.engine import (
    DocumentData,
    Result,
    check_document,
    check_documents,
    check_registry,
    memory_store,
    ontology_ntriples,
    plain_validate,
    union_store,
    units,
)
from nqs.validation.run import check_asserted, documents_of_store
from tests.report_graphs import report_graph


def split(db: ox.Store) -> tuple[list[Result], ox.Store]:
    whole = union_store(db)
    return check_documents(documents_of_store(db)) + check_registry(whole), whole


@pytest.mark.slow
def test_split_equals_plain_pyshacl_on_the_corpus(full_settings: Settings) -> None:
    """Every bundled source: documents in parallel + registry shapes over the whole graph,
    against one pySHACL call with every shape over the whole graph."""
    db = ReadOnlyStore(full_settings.store).db
    ours, whole = split(db)
    plain = plain_validate(whole)
    assert len(plain) > 100
    assert set(ours) == set(plain)
    assert {r.key() for r in ours} == {r.key() for r in plain}
    assert isomorphic(report_graph(ours), report_graph(plain))


def test_split_equals_plain_rdflib_pyshacl_on_the_seeds(seed_settings: Settings) -> None:
    """The seeds, against pySHACL in its most common use: an rdflib graph of every triple."""
    db = ReadOnlyStore(seed_settings.store).db
    ours, whole = split(db)
    graph = Graph()
    data = whole.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert data is not None
    graph.parse(data=data, format="nt")
    plain = plain_validate(graph)
    assert plain, "the seeds have warnings, infos and a known defect"
    assert set(ours) == set(plain)
    assert isomorphic(report_graph(ours), report_graph(plain))


STANDARD = f"""
@prefix nqs: <{NQS}> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix id: <https://w3id.org/kz-nqs/id/> .
id:source\\/a a nqs:SourceDocument .
id:standard\\/s a nqs:ProfessionalStandard ; rdfs:label "Стандарт"@kk ;
    nqs:hasCard id:standard\\/s\\/card\\/1 ; prov:wasDerivedFrom id:source\\/a .
id:standard\\/s\\/card\\/1 a nqs:ProfessionCard ; rdfs:label "Карточка"@kk ; nqs:ordinal 1 ;
    prov:wasDerivedFrom id:source\\/a .
"""
AMENDMENT = f"""
@prefix nqs: <{NQS}> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix id: <https://w3id.org/kz-nqs/id/> .
id:source\\/b a nqs:SourceDocument .
id:act\\/b\\/amendment\\/1 a nqs:Amendment ; nqs:amendedCard id:standard\\/s\\/card\\/1 ;
    prov:wasDerivedFrom id:source\\/b .
id:standard\\/s\\/card\\/1 a nqs:ProfessionCard ; rdfs:label "Карточка"@kk ; nqs:ordinal 2 ;
    prov:wasDerivedFrom id:source\\/b .
"""


def _document(name: str, turtle: str) -> DocumentData:
    graph = Graph()
    graph.parse(data="@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + turtle)
    data = graph.serialize(format="nt", encoding="utf-8")
    return DocumentData(f"https://w3id.org/kz-nqs/id/source/{name}", name, name, data)


def test_documents_that_describe_the_same_node_are_validated_together() -> None:
    """The amendment numbers the standard's card 2, the standard numbers it 1: only the two
    documents together show that the card has two numbers (sh:maxCount 1)."""
    a, b = _document("a", STANDARD), _document("b", AMENDMENT)
    checks = [check_document(a), check_document(b)]
    assert not any(r.shape.endswith("#CardOrdinal>") for c in checks for r in c.results)
    assert units(checks) == [[a.graph, b.graph]]
    ours = check_documents([a, b], workers=2)
    assert [r.value for r in ours if r.shape.endswith("#CardOrdinal>")] == [""]
    whole = memory_store([ontology_ntriples(), a.ntriples, b.ntriples])
    plain = plain_validate(whole)
    ours_all = ours + check_registry(whole)
    assert set(ours_all) == set(plain)


def test_documents_apart_are_units_of_their_own() -> None:
    a = _document("a", STANDARD)
    c = _document("c", STANDARD.replace("/s", "/t").replace("source\\/a", "source\\/c"))
    assert units([check_document(a), check_document(c)]) == [[a.graph], [c.graph]]


@pytest.mark.parametrize("built", ["seed_settings", "full_settings"])
def test_registry_shapes_on_the_kept_asserted_store(
    built: str, request: pytest.FixtureRequest
) -> None:
    """The build checks the registry shapes on the asserted store it keeps on disk (its
    default graph: ontology, documents, links), read-only, not on an in-memory copy: the
    results are those over the built store's whole graph."""
    settings: Settings = request.getfixturevalue(built)
    kept = list(asserted_folder(cache_dir(settings.store)).iterdir())
    assert len(kept) == 1
    on_disk = check_asserted(kept[0])
    assert on_disk == check_registry(union_store(ReadOnlyStore(settings.store).db))
    assert on_disk
