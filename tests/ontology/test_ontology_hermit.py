"""HermiT (through owlready2) on the ontology and the built graph: consistent as built, and
inconsistent when the graph breaks an axiom."""

from __future__ import annotations

import shutil
import time

import pyoxigraph as ox
import pytest

from nqs.config import Settings
from nqs.derive.reasoning import graph_ntriples, hermit_consistency
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, ONTOLOGY_IRI, RDF, sparql_prefixes
from nqs.store import ReadOnlyStore

pytest.importorskip("owlready2")
if shutil.which("java") is None:
    pytest.fail("Java is required for HermiT: run scripts/setup.sh", pytrace=False)

CARD = DEFAULT_BASE_IRI + "standard/R90012023/card/1"
ABILITY = CARD + "/function/1/skill/1/ability/1"


@pytest.fixture(scope="module")
def seed(seed_settings: Settings) -> ox.Store:
    return ReadOnlyStore(seed_settings.store).db


def broken(seed: ox.Store, *extra: ox.Triple) -> bytes:
    copy = ox.Store()
    copy.extend(seed)
    copy.extend(ox.Quad(t.subject, t.predicate, t.object) for t in extra)
    return graph_ntriples(copy)


def test_no_class_of_the_ontology_is_unsatisfiable(seed: ox.Store) -> None:
    onto = seed.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_IRI))
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in onto)
    result = hermit_consistency(
        ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", classify=True
    )
    assert result.consistent
    assert result.unsatisfiable == ()


def test_the_seed_graph_is_consistent(seed: ox.Store) -> None:
    assert hermit_consistency(graph_ntriples(seed)).consistent


@pytest.mark.slow
def test_the_whole_built_corpus_is_consistent(full_settings: Settings) -> None:
    """The ontology, every document graph, the links and the inferred triples (about 160 000
    triples): about 25 s, most of it HermiT's (see BENCHMARKS.md, Reasoning)."""
    started = time.perf_counter()
    data = graph_ntriples(ReadOnlyStore(full_settings.store).db)
    result = hermit_consistency(data)
    assert result.consistent, result.output[-2000:]
    lines = data.count(b"\n")
    print(
        f"HermiT on {lines} triples: export+load "
        f"{result.load_seconds:.1f} s, reasoning {result.reason_seconds:.1f} s, total "
        f"{time.perf_counter() - started:.1f} s"
    )


def test_a_card_with_two_occupations_is_inconsistent(seed: ox.Store) -> None:
    result = seed.query(
        sparql_prefixes() + f"SELECT ?mine ?other WHERE {{ <{CARD}> nqs:occupation ?mine . "
        "?other a nqs:Occupation FILTER(?other != ?mine) } ORDER BY ?other LIMIT 1"
    )
    assert isinstance(result, ox.QuerySolutions)
    (row,) = list(result)
    second = ox.Triple(ox.NamedNode(CARD), ox.NamedNode(str(NQS.occupation)), row["other"])
    # Each occupation has exactly one code, and the two codes differ: one card, two codes.
    assert not hermit_consistency(broken(seed, second)).consistent


def test_an_ability_that_is_also_knowledge_is_inconsistent(seed: ox.Store) -> None:
    also = ox.Triple(
        ox.NamedNode(ABILITY), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(NQS.Knowledge))
    )
    typed = ox.NamedNode(ABILITY), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(NQS.Ability))
    assert any(seed.quads_for_pattern(*typed, None))  # the ability is there, as an ability
    assert not hermit_consistency(broken(seed, also)).consistent


def test_a_function_in_two_cards_is_inconsistent(seed: ox.Store) -> None:
    function = ox.NamedNode(CARD + "/function/1")
    other = ox.NamedNode(DEFAULT_BASE_IRI + "standard/R90012023/card/2")
    steal = ox.Triple(other, ox.NamedNode(str(NQS.hasLaborFunction)), function)
    assert not hermit_consistency(broken(seed, steal)).consistent
