"""The RDF description of a resource and the choice between it and the HTML page.

The description is the resource's own triples, the triples that link to it, and its
provenance (the source document's triples). Browsers get HTML; RDF clients get Turtle,
JSON-LD, RDF/XML or N-Triples by ``Accept``, or by ``?format=``."""

from __future__ import annotations

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from nqs.server.ld_fetch import construct
from nqs.server.ld_terms import V, values_block
from nqs.server.negotiation import choose

HTML = "text/html"
# What a resource is offered as, best first when the client accepts anything.
OFFERS: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-triples": "nt",
}
# ``?format=`` names, and the download links each page shows (name, media type, label).
FORMATS: dict[str, str] = {
    "html": "text/html",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
}
DOWNLOADS = (
    ("turtle", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("rdfxml", "application/rdf+xml", "RDF/XML"),
    ("nt", "application/n-triples", "N-Triples"),
)


class UnknownFormat(ValueError):
    """A ``format`` parameter naming no offered format."""


def negotiate(format_param: str | None, accept_header: str | None) -> str | None:
    """The media type to answer with; None when nothing acceptable is offered."""
    if format_param:
        media = FORMATS.get(format_param.lower())
        if media is None:
            raise UnknownFormat(format_param)
        return media
    accept = parse_accept_header(accept_header, MIMEAccept)
    found = choose(accept, OFFERS)
    if found is None:
        return None
    media = found[0]
    return HTML if OFFERS[media] == "html" else media


def description_query(iri: str) -> str:
    """A CONSTRUCT of the resource's triples, the links to it and its provenance."""
    return (
        "CONSTRUCT { ?x ?p ?o . ?s ?q ?x . ?doc ?dp ?do } WHERE { "
        "SELECT DISTINCT ?x ?p ?o ?s ?q ?doc ?dp ?do WHERE { "
        f"{values_block('x', [iri])} {{ ?x ?p ?o }} UNION {{ ?s ?q ?x }} "
        f"UNION {{ ?x <{V.DERIVED_FROM}> ?doc . ?doc ?dp ?do }} }} }}"
    )


def description(iri: str, media_type: str) -> bytes:
    return construct(description_query(iri), media_type)
