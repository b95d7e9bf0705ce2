"""JSON-LD written as a stream, compacted with the project's published context.

The document is ``{"@context": …, "@graph": [ <default-graph nodes>, {"@id": G, "@graph":
[…]}, … ]}``: one node object per subject and graph, IRIs as compact IRIs where a prefix of
the context applies, literals with their exact lexical form (``@value`` with ``@type`` or
``@language``; plain strings for ``xsd:string``), so that the document expands to exactly
the quads it was written from. The context is written inline (nothing to fetch) and is the
file shipped with the package (:func:`context`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib import resources
from itertools import groupby
from typing import IO, Any

import pyoxigraph as ox

from nqs.export.release import GraphName

CONTEXT_FILE = "kz-nqs-context.jsonld"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def context_text() -> str:
    """The published context document (``kz-nqs-context.jsonld``)."""
    return resources.files("nqs.export").joinpath(CONTEXT_FILE).read_text(encoding="utf-8")


def context() -> dict[str, str]:
    data: dict[str, dict[str, str]] = json.loads(context_text())
    return data["@context"]


class Compactor:
    """IRIs to compact IRIs by the longest matching prefix of a context, and statements to
    JSON-LD node objects: for the export's stream and the server's descriptions
    (:mod:`nqs.server.pages.rdf`)."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def iri(self, value: str) -> str:
        for prefix, namespace in self.prefixes:
            if value.startswith(namespace):
                local = value[len(namespace) :]
                # "p://…" would be read as an absolute IRI, not as a compact one
                if local and not local.startswith("//"):
                    return f"{prefix}:{local}"
        return value

    def node(self, term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
        if isinstance(term, ox.BlankNode):
            return "_:" + term.value
        if isinstance(term, ox.Triple):
            raise ValueError("RDF-star triples have no JSON-LD 1.1 form")
        return self.iri(term.value)

    def value(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Any:
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            if term.language:
                return {"@value": term.value, "@language": term.language}
            if datatype == XSD_STRING:
                return term.value
            return {"@value": term.value, "@type": self.iri(datatype)}
        return {"@id": self.node(term)}

    def nodes(self, statements: Iterable[ox.Quad | ox.Triple]) -> Iterator[dict[str, Any]]:
        """One node object per run of quads or triples with the same subject (ValueError for
        an RDF-star triple)."""
        for subject, group in groupby(statements, key=lambda q: q.subject):
            node: dict[str, Any] = {"@id": self.node(subject)}
            for quad in group:
                if quad.predicate.value == RDF_TYPE and isinstance(quad.object, ox.NamedNode):
                    node.setdefault("@type", []).append(self.iri(quad.object.value))
                else:
                    key = self.iri(quad.predicate.value)
                    node.setdefault(key, []).append(self.value(quad.object))
            yield node


def write_dataset(db: ox.Store, graphs: list[GraphName], out: IO[bytes]) -> None:
    """The given graphs of the store as one JSON-LD document."""
    ctx = context()
    compact = Compactor(ctx)

    def put(text: str) -> None:
        out.write(text.encode("utf-8"))

    put('{"@context": ' + json.dumps(ctx, ensure_ascii=False) + ',\n"@graph": [')
    first = True
    for graph in graphs:
        quads = db.quads_for_pattern(None, None, None, graph)
        named = not isinstance(graph, ox.DefaultGraph)
        if named:
            assert isinstance(graph, ox.NamedNode | ox.BlankNode)
            put(("" if first else ",") + '\n{"@id": ' + json.dumps(compact.node(graph)))
            put(', "@graph": [')
            first = True
        for node in compact.nodes(quads):
            put(("" if first else ",") + "\n" + json.dumps(node, ensure_ascii=False))
            first = False
        if named:
            put("]}")
            first = False
    put("\n]}\n")
