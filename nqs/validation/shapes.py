"""The SHACL shapes that validate the registry, and what they target.

``shapes/document-*.ttl`` hold the in-document shapes, validated per document graph;
``shapes/registry.ttl`` the cross-document shapes, validated once over the whole graph.
(``shapes/courses.ttl`` checks course records, not the registry: see ``nqs.records``.)
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

NQSH = Namespace("https://w3id.org/kz-nqs/shapes#")
"""The namespace of the shapes (not of the ontology: shapes are not vocabulary terms)."""

DOCUMENT = "document"
REGISTRY = "registry"
SCOPES = (DOCUMENT, REGISTRY)


def shapes_dir() -> Path:
    return Path(str(resources.files("nqs.shapes")))


def shape_files(scope: str) -> list[Path]:
    """The Turtle files of one scope: ``document`` (in-document) or ``registry``."""
    if scope == DOCUMENT:
        return sorted(shapes_dir().glob("document-*.ttl"))
    if scope == REGISTRY:
        return [shapes_dir() / "registry.ttl"]
    raise ValueError(f"unknown scope of shapes: {scope!r}")


@cache
def shapes_text(scope: str) -> str:
    """The shapes of one scope as one N-Triples text (parsed once per process)."""
    graph = Graph()
    for path in shape_files(scope):
        graph.parse(path, format="turtle")
    return graph.serialize(format="nt")


def shapes_graph(*scopes: str) -> Graph:
    """A fresh graph with the shapes of the given scopes (all scopes when none is given).

    pySHACL looks up the shapes graph once per shape and focus node; the ``SimpleMemory``
    store (no named-graph bookkeeping) makes those lookups faster."""
    graph = Graph(store="SimpleMemory")
    for scope in scopes or SCOPES:
        graph.parse(data=shapes_text(scope), format="nt")
    return graph


def targeted_classes(shapes: Graph, ontology: Graph) -> set[URIRef]:
    """The classes whose instances the shapes target (``sh:targetClass``), with their
    subclasses in the ontology. (The SPARQL targets select instances of such classes.)"""
    classes = {c for c in shapes.objects(None, SH.targetClass) if isinstance(c, URIRef)}
    closed = set(classes)
    frontier = list(classes)
    while frontier:
        cls = frontier.pop()
        for sub in ontology.subjects(RDFS.subClassOf, cls):
            if isinstance(sub, URIRef) and sub not in closed:
                closed.add(sub)
                frontier.append(sub)
    return closed


def shape_names(shapes: Graph) -> set[URIRef]:
    """Every named shape (node or property shape) of a shapes graph."""
    named = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    return {s for s in named if isinstance(s, URIRef)}
