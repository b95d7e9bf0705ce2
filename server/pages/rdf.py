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

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from nqs.export.jsonld import Compactor
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


def compact_json_ld(triples: Iterable[ox.Triple], context_url: str) -> bytes:
    """``triples`` (sorted by subject) as a JSON-LD document compacted with the project's
    context, which it names by ``context_url``: one node object per subject, literals with
    their exact lexical form, so that it expands to exactly these triples."""
    nodes = list(Compactor(context()).nodes(triples))
    document = {"@context": context_url, "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, indent=1).encode() + b"\n"
