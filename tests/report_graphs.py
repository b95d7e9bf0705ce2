"""Validation results as SHACL report graphs, for tests that compare reports as graphs."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.util import from_n3

from nqs.validation.engine import Result


def report_graph(results: list[Result], messages: bool = True) -> Graph:
    """One sh:result per result: severity, constraint component, focus node, shape, value
    (terms as pySHACL gave them), path (a complex path as text) and, with ``messages``,
    the messages in their languages."""
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    for r in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, SH.resultSeverity, SH[r.severity]))
        graph.add((node, SH.sourceConstraintComponent, SH[r.component]))
        for prop, text in ((SH.focusNode, r.focus), (SH.sourceShape, r.shape), (SH.value, r.value)):
            if text:
                graph.add((node, prop, from_n3(text)))  # type: ignore[arg-type]
        if r.path.startswith("<"):
            graph.add((node, SH.resultPath, URIRef(r.path.strip("<>"))))
        elif r.path:
            graph.add((node, SH.resultPath, Literal(r.path)))
        if messages:
            for lang, message in r.messages:
                graph.add((node, SH.resultMessage, Literal(message, lang=lang or None)))
    return graph
