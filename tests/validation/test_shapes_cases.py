"""The shapes, case by case: ``tests/shapes/<case>/data.ttl`` validated against every shape
must give ``tests/shapes/<case>/expected.ttl`` (compared as graphs: focus node, path, shape,
severity, constraint component and value of every result). A case ``*-ok`` conforms (its
expected report is empty); every shape has a conforming case in which it has focus nodes,
and a case in which it reports. Each case is validated both ways: plain pySHACL over the
case with the ontology, and split (the case as one document, then the registry shapes)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SH

from nqs.namespaces import NQS_PREFIX_LINE
from nqs.validation.engine import (
    DocumentData,
    check_documents,
    check_registry,
    memory_store,
    ontology_ntriples,
    plain_validate,
)
from nqs.validation.shapes import NQSH, shape_names, shapes_graph
from tests.conftest import TESTS
from tests.report_graphs import report_graph

CASES = TESTS / "shapes"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "data.ttl").is_file())
HELPERS = {NQSH.MandatoryFunction, NQSH.MandatoryFunctionFlag, NQSH.NumberedLevel,
           NQSH.NumberedLevelNumber}  # fmt: skip


def _data(name: str) -> bytes:
    graph = Graph()
    graph.parse(CASES / name / "data.ttl")
    return graph.serialize(format="nt", encoding="utf-8")


def expected_graph(name: str) -> Graph:
    graph = Graph()
    path = CASES / name / "expected.ttl"
    if path.is_file():
        graph.parse(path)
    if not any(graph.subjects(RDF.type, SH.ValidationReport)):
        graph.add((BNode(), RDF.type, SH.ValidationReport))
    graph.remove((None, SH.conforms, None))
    return graph


def _differences(actual: Graph, expected: Graph) -> str:
    def rows(g: Graph) -> set[str]:
        out = set()
        for node in g.objects(None, SH.result):
            out.add(
                " ".join(
                    sorted(f"{p.n3(g.namespace_manager)}={o}" for p, o in g.predicate_objects(node))
                )
            )
        return out

    a, e = rows(actual), rows(expected)
    return (
        "\nunexpected:\n  "
        + "\n  ".join(sorted(a - e))
        + "\nmissing:\n  "
        + "\n  ".join(sorted(e - a))
    )


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str) -> None:
    data = _data(name)
    whole = memory_store([ontology_ntriples(), data])
    plain = plain_validate(whole)
    actual = report_graph(plain, messages=False)
    expected = expected_graph(name)
    assert isomorphic(actual, expected), _differences(actual, expected)
    if name.endswith("-ok"):
        assert plain == []
    document = DocumentData(f"urn:case:{name}", "data.ttl", name, data)
    split = check_documents([document], workers=1) + check_registry(whole)
    assert set(split) == set(plain)


def _targets(shapes: Graph, shape: URIRef, data: ox.Store, ontology: Graph) -> bool:
    """Whether the shape has a focus node in the data (its targets, with subclasses)."""
    rdf_type = ox.NamedNode(str(RDF.type))
    for cls in shapes.objects(shape, SH.targetClass):
        classes = {cls} | set(ontology.transitive_subjects(RDFS.subClassOf, cls))
        for c in classes:
            if next(iter(data.quads_for_pattern(None, rdf_type, ox.NamedNode(str(c)))), None):
                return True
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        if next(iter(data.quads_for_pattern(None, ox.NamedNode(str(prop)), None)), None):
            return True
    for target in shapes.objects(shape, SH.target):
        select = str(shapes.value(target, SH.select))
        prefixes = NQS_PREFIX_LINE + "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
        rows = data.query(prefixes + select)
        assert isinstance(rows, ox.QuerySolutions)
        if list(rows):
            return True
    return False


def test_every_shape_has_a_conforming_and_a_failing_case() -> None:
    shapes = shapes_graph()
    ontology = Graph()
    ontology.parse(data=ontology_ntriples(), format="nt")
    reporting = {
        s
        for s in shape_names(shapes)
        if (s, RDF.type, SH.PropertyShape) in shapes or (s, SH.sparql, None) in shapes
    } - HELPERS
    failing: set[URIRef] = set()
    conforming: set[URIRef] = set()
    for name in NAMES:
        failing |= {
            s for s in expected_graph(name).objects(None, SH.sourceShape) if isinstance(s, URIRef)
        }
        if name.endswith("-ok"):
            data = memory_store([_data(name)])
            conforming |= {s for s in reporting if _targets(shapes, s, data, ontology)}
    assert reporting - failing == set(), "shapes without a failing case"
    assert reporting - conforming == set(), "shapes without a conforming case"
    # every SPARQL constraint of a node shape reports in some case
    constraints = {c for c in shapes.objects(None, SH.sparql) if isinstance(c, URIRef)}
    messages = set()
    for name in NAMES:
        data = memory_store([ontology_ntriples(), _data(name)])
        messages |= {
            r.message("en")
            for r in plain_validate(data)
            if r.component == "SPARQLConstraintComponent"
        }
    for constraint in constraints:
        english = next(
            str(m)
            for m in shapes.objects(constraint, SH.message)
            if isinstance(m, Literal) and m.language == "en"
        )
        pattern = english.split("{")[0]
        assert any(m.startswith(pattern) for m in messages), constraint
