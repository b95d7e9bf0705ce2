"""The registry shapes' SPARQL constraints run once over the whole graph
(``nqs.validation.engine.WholeGraphConstraint``) give the results pySHACL gives running them
once per focus node with $this pre-bound: the same focus nodes, values, severities and
messages, on the shape cases of ``tests/shapes/`` (which break every constraint: see
``test_every_constraint_reports_in_a_case``), one by one and all in one graph."""

from __future__ import annotations

from functools import cache

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from nqs.validation.engine import (
    Result,
    check_registry,
    memory_store,
    ontology_ntriples,
    run_shapes,
    whole_graph_constraints,
    without_constraints,
)
from nqs.validation.shapes import REGISTRY, shapes_graph
from tests.conftest import TESTS

CASES = TESTS / "shapes"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "data.ttl").is_file())


@cache
def _data(name: str) -> bytes:
    graph = Graph()
    graph.parse(CASES / name / "data.ttl")
    return graph.serialize(format="nt", encoding="utf-8")


def _pyshacl(parts: list[bytes]) -> list[Result]:
    """Plain pySHACL with every registry shape (how check_registry ran before issue 22)."""
    return run_shapes(memory_store(parts), shapes_graph(REGISTRY), REGISTRY)


@cache
def _fast(name: str) -> frozenset[Result]:
    return frozenset(check_registry(memory_store([ontology_ntriples(), _data(name)])))


@pytest.mark.parametrize("name", NAMES)
def test_case_as_pyshacl(name: str) -> None:
    assert _fast(name) == set(_pyshacl([ontology_ntriples(), _data(name)]))


def test_every_case_in_one_graph_as_pyshacl() -> None:
    parts = [ontology_ntriples(), *(_data(n) for n in NAMES)]
    fast = check_registry(memory_store(parts))
    assert fast == _pyshacl(parts)
    assert len(fast) > len(NAMES)  # the cases do break the shapes in one graph too


def test_every_sparql_constraint_runs_over_the_whole_graph() -> None:
    shapes = shapes_graph(REGISTRY)
    fast = whole_graph_constraints(shapes)
    stated = {c for c in shapes.objects(None, SH.sparql) if isinstance(c, URIRef)}
    assert {c.helper.node for c in fast} == stated
    rest = without_constraints(shapes, fast)
    assert not any(rest.objects(None, SH.sparql))
    # the node shapes with only SPARQL constraints are left out; the others stay
    assert not any(rest.triples((URIRef(str(fast[0].shape.node)), None, None)))
    assert any(rest.subjects(SH.path, None))


def test_every_constraint_reports_in_a_case() -> None:
    """Each whole-graph constraint has results in some case (so the comparisons above
    compare results of each), with a message in kk, ru and en."""
    reported: set[str] = set()
    for name in NAMES:
        for result in _fast(name):
            if result.component == "SPARQLConstraintComponent":
                assert {lang for lang, _ in result.messages} == {"kk", "ru", "en"}
                reported.add(result.message("en"))
    shapes = shapes_graph(REGISTRY)
    for constraint in whole_graph_constraints(shapes):
        english = [str(m) for m in constraint.helper.messages if m.language == "en"]
        prefix = english[0].split("{")[0]
        assert any(text.startswith(prefix) for text in reported), constraint.helper.node


@pytest.mark.parametrize(
    ("select", "covered"),
    [
        ("SELECT DISTINCT $this ?value WHERE { $this a ?value }", True),
        ("SELECT $this (MAX(?n) AS ?value) WHERE { $this ?p ?n } GROUP BY $this", True),
        ("SELECT ?value WHERE { $this a ?value }", False),  # $this not selected
        ("SELECT $this ?failure WHERE { $this a ?c BIND (true AS ?failure) }", False),
        ("SELECT $this ?path WHERE { $this ?path ?o }", False),
        ("SELECT * WHERE { $this a ?value }", False),
        ("SELECT $this WHERE { $this $PATH ?value }", False),
        ("SELECT $this WHERE { $this a ?c MINUS { $this a ?d } }", False),  # pySHACL refuses
        ("SELECT $this ?value WHERE { { SELECT $this ?value WHERE { $this a ?value } } }", False),
    ],
)
def test_which_constraints_run_over_the_whole_graph(select: str, covered: bool) -> None:
    shapes = Graph()
    shapes.parse(
        format="turtle",
        data=f'''
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <urn:ex:> .
        ex:Shape a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql ex:Check .
        ex:Check a sh:SPARQLConstraint ; sh:message "m"@en ; sh:select """{select}""" .
        ''',
    )
    assert bool(whole_graph_constraints(shapes)) == covered
