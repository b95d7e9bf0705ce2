"""Validation of the ELM export with pySHACL against the LOQ shapes and their
controlled-vocabulary (MDR) constraints, and a summary of what failed by constraint."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from nqs.export.elm import elm_folder

SHAPE_FILES = ("LOQ-constraints.ttl", "LOQ-constraints-mdr.ttl")
PREFIXES = {
    "http://data.europa.eu/snb/model/elm/": "elm:",
    "http://purl.org/dc/terms/": "dc:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/ns/shacl#": "sh:",
    "http://www.w3.org/ns/adms#": "adms:",
}


def short(iri: object) -> str:
    text = str(iri)
    for namespace, prefix in PREFIXES.items():
        if text.startswith(namespace):
            return prefix + text[len(namespace) :]
    return text


def shapes() -> Graph:
    graph = Graph()
    for name in SHAPE_FILES:
        graph.parse(elm_folder() / name, format="turtle")
    return graph


@dataclass(frozen=True)
class Violation:
    """One failed constraint on one node: the node's class, the path, the component."""

    focus: str
    focus_class: str
    path: str
    component: str

    @property
    def key(self) -> str:
        return f"{self.focus_class} {self.path} {self.component}"


@dataclass
class Report:
    conforms: bool
    graph: Graph
    violations: list[Violation]

    def summary(self) -> dict[str, int]:
        """Violations per ``class path component``."""
        return dict(sorted(Counter(v.key for v in self.violations).items()))


def validate_graph(data: Graph) -> Report:
    conforms, results, _ = validate(
        data, shacl_graph=shapes(), inference="none", allow_warnings=True, advanced=True
    )
    assert isinstance(results, Graph)
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if results.value(result, SH.resultSeverity) != SH.Violation:
            continue
        if (None, SH.detail, result) in results:
            continue  # the detail of a result reported on its own (sh:node)
        focus = results.value(result, SH.focusNode)
        classes = sorted(short(c) for c in data.objects(focus, RDF.type))
        path = results.value(result, SH.resultPath)
        component = results.value(result, SH.sourceConstraintComponent)
        violations.append(
            Violation(
                str(focus),
                ",".join(classes),
                short(path) if isinstance(path, URIRef) else "",
                short(component),
            )
        )
    return Report(bool(conforms), results, violations)


def load_jsonld(path: Path) -> Graph:
    """A JSON-LD file as an rdflib graph (read by pyoxigraph, handed over as N-Triples)."""
    quads = ox.parse(path=path, format=ox.RdfFormat.JSON_LD)
    triples = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    data = Graph()
    data.parse(data=triples or b"", format="nt")
    return data


def validate_file(path: Path) -> Report:
    return validate_graph(load_jsonld(path))
