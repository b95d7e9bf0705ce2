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
    check_whole,
    memory_store,
    ontology_ntriples,
    run_shapes,
    whole_graph_constraints,
    without_constraints,
)
from nqs.validation.shapes import REGISTRY, shapes_graph
from tests.validation.test_shapes_cases import CASES, NAMES


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
        # read from the parse, not the words: SELECT or a brace in a comment or a string
        ("SELECT $this ?value # not a SELECT {\nWHERE { $this a ?value }", True),
        ("SELECT $this ?value WHERE { $this ?p ?value FILTER (?value = 'SELECT $PATH') }", True),
        ("SELECT $this WHERE { $this a ?c } # ?failure $currentShape", True),
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


SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
ex:Checks a sh:NodeShape ; sh:targetClass ex:Thing ; sh:severity sh:Warning ;
    sh:sparql ex:Big , ex:Counted .
ex:Big a sh:SPARQLConstraint ;
    sh:message "{$this} has {?value} over {?limit}"@en , "{?value} > {?limit}"@ru ;
    sh:select \"\"\"SELECT $this ?value ?limit WHERE {
        $this <urn:ex:size> ?value . BIND (10 AS ?limit) FILTER (?value > ?limit) }\"\"\" .
ex:Counted a sh:SPARQLConstraint ;
    sh:message "{$this} has {?n} parts, {?missing} not"@en ;
    sh:select \"\"\"SELECT $this (COUNT(?part) AS ?n) WHERE {
        $this <urn:ex:part> ?part . FILTER NOT EXISTS { ?part <urn:ex:size> ?s } }
        GROUP BY $this\"\"\" .
ex:Sized a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:size ; sh:maxCount 1 .
"""

DATA = """
@prefix ex: <urn:ex:> .
ex:Part rdfs:subClassOf ex:Thing .
ex:a a ex:Thing ; ex:size 12 , 3 ; ex:part ex:b , ex:c .
ex:b a ex:Part ; ex:size 11 .
ex:c ex:size 1 .
ex:d ex:size 40 ; ex:part ex:e .
_:x a ex:Thing ; ex:size 50 ; ex:part ex:e .
"""


def test_results_as_pyshacl_on_a_graph_of_its_own() -> None:
    """A subclass's instance (ex:b), a node that is no focus node (ex:d), a blank node
    (queried pre-bound), an aggregate, a message with a variable never bound (?missing), two
    languages, a shape's severity, and a property shape left to pySHACL."""
    shapes = Graph()
    shapes.parse(data=SHAPES, format="turtle")
    data = Graph()
    prefix = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    data.parse(data=prefix + DATA, format="turtle")
    store = memory_store([data.serialize(format="nt", encoding="utf-8")])
    fast = check_whole(store, shapes, "test")
    assert fast == run_shapes(store, shapes, "test")
    by_focus = {(r.focus, r.component) for r in fast}
    assert ("<urn:ex:d>", "SPARQLConstraintComponent") not in by_focus
    assert ("_:b", "SPARQLConstraintComponent") in by_focus
    assert ("<urn:ex:b>", "SPARQLConstraintComponent") in by_focus
    assert ("<urn:ex:a>", "MaxCountConstraintComponent") in by_focus
    big = [r for r in fast if r.focus == "<urn:ex:a>" and r.value.startswith('"12"')]
    assert [r.messages for r in big] == [(("en", "urn:ex:a has 12 over 10"), ("ru", "12 > 10"))]
    assert {r.severity for r in fast if r.component == "SPARQLConstraintComponent"} == {"Warning"}


def test_values_block_opens_the_where_clause_after_a_brace_in_a_comment() -> None:
    """The focus nodes' VALUES block goes after the brace that opens the WHERE clause (from
    the parse), not after a brace of a comment in the projection."""
    shapes = Graph()
    shapes.parse(
        format="turtle",
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <urn:ex:> .
        ex:Shape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql ex:Check .
        ex:Check a sh:SPARQLConstraint ; sh:message "{$this}: {?value}"@en ;
            sh:select \"\"\"SELECT $this ?value # the size { over 10
            WHERE { $this <urn:ex:size> ?value FILTER (?value > 10) }\"\"\" .
        """,
    )
    data = Graph()
    prefix = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    data.parse(data=prefix + DATA, format="turtle")
    store = memory_store([data.serialize(format="nt", encoding="utf-8")])
    assert len(whole_graph_constraints(shapes)) == 1
    fast = check_whole(store, shapes, "test")
    assert fast == run_shapes(store, shapes, "test")
    assert {(r.focus, r.value) for r in fast} == {
        ("<urn:ex:a>", '"12"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("<urn:ex:b>", '"11"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("_:b", '"50"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    }
