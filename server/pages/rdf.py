"""The RDF description of a resource and the choice between it and the HTML page.

The description is the resource's own triples, the triples that link to it, and its
provenance (the source document's triples). Browsers get HTML; RDF clients get Turtle,
JSON-LD, RDF/XML or N-Triples by ``Accept``, or by a format name (``?format=``, ``output=``
or ``results=``; a name that is unknown or not offered here leaves the choice to
``Accept``).

Turtle and RDF/XML are written with the project's prefixes (:data:`nqs.namespaces.PREFIXES`,
the table the query page uses too); JSON-LD is compacted with the context document built
from the same table and published at ``/context.jsonld``, which each answer names by URL."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from nqs.namespaces import PREFIXES
from nqs.server.negotiation import GRAPH_NAMES, choose, named
from nqs.server.pages.fetch import construct, query

HTML = "text/html"
TURTLE = "text/turtle"
JSON_LD = "application/ld+json"
RDF_XML = "application/rdf+xml"
N_TRIPLES = "application/n-triples"
CONTEXT_PATH = "/context.jsonld"
# What a resource is offered as, best first when the client accepts anything.
OFFERS: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    TURTLE: "turtle",
    JSON_LD: "jsonld",
    RDF_XML: "rdfxml",
    N_TRIPLES: "nt",
}
# Format names (``?format=`` and the like) → the media type answered with: the graph
# format names the endpoint knows, where a resource is offered in that format, and html.
FORMATS: dict[str, str] = {
    "html": HTML,
    "text/html": HTML,
    "xhtml": HTML,
    "application/xhtml+xml": HTML,
    **{name: media for name, media in GRAPH_NAMES.items() if media in OFFERS},
}
# The download links each page shows (name, media type, label).
DOWNLOADS = (
    ("turtle", TURTLE, "Turtle"),
    ("jsonld", JSON_LD, "JSON-LD"),
    ("rdfxml", RDF_XML, "RDF/XML"),
    ("nt", N_TRIPLES, "N-Triples"),
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def negotiate(format_values: Sequence[str], accept_header: str | None) -> str | None:
    """The media type to answer with: the first format name offered here, else the best
    offer for ``Accept``; None when nothing acceptable is offered."""
    media = named(format_values, FORMATS)
    if media is not None:
        return media
    accept = parse_accept_header(accept_header, MIMEAccept)
    found = choose(accept, OFFERS)
    if found is None:
        return None
    return HTML if OFFERS[found[0]] == "html" else found[0]


def description_query(iri: str) -> str:
    """A CONSTRUCT of the resource's triples, the links to it and its provenance."""
    return query("description", {"x": iri})


def description(iri: str, media_type: str, context_url: str) -> bytes:
    """The description of ``iri`` in ``media_type``, its triples grouped by subject (the
    resource first, each subject's types first); a JSON-LD answer names ``context_url`` as
    its context."""
    data = construct(description_query(iri), N_TRIPLES)
    triples = sorted(
        (q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)),
        key=lambda t: (
            t.subject != ox.NamedNode(iri),
            str(t.subject),
            t.predicate.value != RDF_TYPE,
            str(t.predicate),
            str(t.object),
        ),
    )
    if media_type == JSON_LD:
        return compact_json_ld(triples, context_url)
    rdf_format = {TURTLE: ox.RdfFormat.TURTLE, RDF_XML: ox.RdfFormat.RDF_XML}.get(media_type)
    if rdf_format is None:
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return ox.serialize(triples, format=rdf_format, prefixes=PREFIXES) or b""


# -- JSON-LD --------------------------------------------------------------------------------
def context() -> dict[str, str]:
    """The JSON-LD context: one term per project prefix."""
    return dict(PREFIXES)


@cache
def context_document() -> tuple[bytes, str]:
    """The published context document and its entity tag."""
    body = json.dumps({"@context": context()}, indent=2).encode() + b"\n"
    return body, hashlib.sha256(body).hexdigest()[:32]


class _Compactor:
    """IRIs as compact IRIs (``prefix:local``) by the longest namespace that applies."""

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
            if term.language:
                return {"@value": term.value, "@language": term.language}
            if term.datatype.value == XSD_STRING:
                return term.value
            return {"@value": term.value, "@type": self.iri(term.datatype.value)}
        return {"@id": self.node(term)}


def compact_json_ld(triples: Iterable[ox.Triple], context_url: str) -> bytes:
    """``triples`` (sorted by subject) as a JSON-LD document compacted with the project's
    context, which it names by ``context_url``: one node object per subject, literals with
    their exact lexical form, so that it expands to exactly these triples."""
    compact = _Compactor(context())
    nodes: list[dict[str, Any]] = []
    last: ox.NamedNode | ox.BlankNode | ox.Triple | None = None
    for t in triples:
        if t.subject != last:
            nodes.append({"@id": compact.node(t.subject)})
            last = t.subject
        node = nodes[-1]
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact.iri(t.object.value))
        else:
            node.setdefault(compact.iri(t.predicate.value), []).append(compact.value(t.object))
    document = {"@context": context_url, "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, indent=1).encode() + b"\n"
