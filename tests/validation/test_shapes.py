"""The shapes themselves: they pass meta-SHACL, every shape is named, described and speaks
Kazakh, Russian and English, and they use only declared ontology terms."""

from __future__ import annotations

import re

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from nqs.namespaces import NQS
from nqs.ontology import ontology_paths
from nqs.validation.shapes import (
    DOCUMENT,
    NQSH,
    REGISTRY,
    shape_files,
    shape_names,
    shapes_graph,
    shapes_text,
)
from tests.conftest import ROOT


def _shapes() -> Graph:
    graph = Graph()
    graph.parse(data=shapes_text(DOCUMENT), format="nt")
    graph.parse(data=shapes_text(REGISTRY), format="nt")
    return graph


def _ontology() -> Graph:
    graph = Graph()
    for path in ontology_paths():
        graph.parse(path)
    return graph


def test_shape_files() -> None:
    assert [p.name for p in shape_files(DOCUMENT)] == [
        "document-acts.ttl",
        "document-completeness.ttl",
        "document-standards.ttl",
    ]
    assert [p.name for p in shape_files(REGISTRY)] == ["registry.ttl"]
    with pytest.raises(ValueError):
        shape_files("everything")


@pytest.mark.parametrize("name", ["document-acts", "document-standards", "registry", "courses"])
def test_shapes_pass_meta_shacl(name: str) -> None:
    shapes = Graph()
    shapes.parse(ROOT / "shapes" / f"{name}.ttl")
    if name == "document-acts":  # its SPARQL constraints use the prefixes declared there
        shapes.parse(ROOT / "shapes" / "document-standards.ttl")
    conforms, _, text = pyshacl.validate(
        Graph(), shacl_graph=shapes, meta_shacl=True, advanced=True, inference="none"
    )
    assert conforms, text


def test_meta_shacl_rejects_a_broken_shape() -> None:
    broken = Graph()
    broken.parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:Shape> a sh:PropertyShape ; sh:path <urn:x:p> ; sh:minCount "one" .
        """,
        format="turtle",
    )
    with pytest.raises(pyshacl.errors.ReportableRuntimeError):
        pyshacl.validate(Graph(), shacl_graph=broken, meta_shacl=True)


def _constraints(shapes: Graph) -> list[URIRef]:
    """Every node that reports results: property shapes with a target or under a node shape,
    and SPARQL constraints."""
    named = shape_names(shapes)
    sparql = {c for c in shapes.objects(None, SH.sparql) if isinstance(c, URIRef)}
    helpers = {  # used inside other shapes (qualified value shape, sh:node), not reporting
        NQSH.MandatoryFunction,
        NQSH.MandatoryFunctionFlag,
        NQSH.NumberedLevel,
        NQSH.NumberedLevelNumber,
    }
    out = [s for s in named if (s, RDF.type, SH.PropertyShape) in shapes] + sorted(sparql)
    return sorted(set(out) - helpers)


def test_every_shape_is_named_and_labelled() -> None:
    shapes = _shapes()
    anonymous = [s for s in shapes.subjects(SH.path, None) if not isinstance(s, URIRef)] + [
        c for c in shapes.objects(None, SH.sparql) if not isinstance(c, URIRef)
    ]
    assert not anonymous
    for shape in shape_names(shapes):
        labels = {str(o) for o in shapes.objects(shape, RDFS.label) if isinstance(o, Literal)}
        assert labels, shape
        assert str(shape).startswith(str(NQSH)), shape


def test_every_message_in_kazakh_russian_english() -> None:
    shapes = _shapes()
    for node in _constraints(shapes):
        langs = sorted(
            m.language or "" for m in shapes.objects(node, SH.message) if isinstance(m, Literal)
        )
        assert langs == ["en", "kk", "ru"], (node, langs)
        if (node, RDF.type, SH.SPARQLConstraint) in shapes:
            # every {?var} of a message is a variable the query selects
            select = str(shapes.value(node, SH.select))
            projected = set(re.findall(r"[?$](\w+)", select.split("WHERE")[0]))
            for message in shapes.objects(node, SH.message):
                used = set(re.findall(r"\{[?$](\w+)\}", str(message)))
                assert used <= projected, (node, used - projected)


def test_severities_are_of_shapes() -> None:
    """pySHACL takes the severity of a result from its shape, not from a SPARQL constraint."""
    shapes = _shapes()
    for node in shapes.subjects(SH.severity, None):
        assert (node, RDF.type, SH.SPARQLConstraint) not in shapes, node
    severities = set(shapes.objects(None, SH.severity))
    assert severities == {SH.Warning, SH.Info}


def test_every_ontology_term_the_shapes_use_is_declared() -> None:
    ontology = _ontology()
    shapes_text_all = "".join(
        p.read_text(encoding="utf-8") for p in [*shape_files(DOCUMENT), *shape_files(REGISTRY)]
    )
    used = {NQS[t] for t in re.findall(r"\bnqs:([A-Za-z]\w*)", shapes_text_all)}
    declared = set(ontology.subjects(RDF.type, None))
    assert used - declared == set()


def test_validation_terms_declared_in_three_languages() -> None:
    ontology = Graph()
    ontology.parse(ROOT / "ontology" / "validation.ttl")
    for term in (NQS.inDocument, NQS.knownDefectReason):
        for prop in (RDFS.label, URIRef("http://www.w3.org/2004/02/skos/core#definition")):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            assert langs == {"kk", "ru", "en"}, (term, prop)


def test_shapes_graph_is_cached_text() -> None:
    assert len(shapes_graph(DOCUMENT)) + len(shapes_graph(REGISTRY)) == len(shapes_graph())
