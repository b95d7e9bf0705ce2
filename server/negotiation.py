"""Content negotiation: which serialization answers a request — a format named in the
request (``format``, ``output`` or ``results``, as clients send them), else its ``Accept``
header.

A format name means something only for a kind of answer: ``xml`` is SPARQL XML results for
SELECT and ASK but RDF/XML for CONSTRUCT and DESCRIBE; ``json`` is SPARQL JSON results or
JSON-LD. A name that is unknown, or that names no format of this kind of answer, is passed
over and the ``Accept`` header decides (406 only when that gives nothing either)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
# The request parameters clients name a format in (Virtuoso and SPARQLWrapper ``format``,
# Fuseki and SPARQLWrapper ``output``, SPARQLWrapper and Rasqal ``results``).
FORMAT_PARAMETERS = ("format", "output", "results")

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
N_TRIPLES = "application/n-triples"
RDF_XML = "application/rdf+xml"
JSON_LD = "application/ld+json"
N_QUADS = "application/n-quads"
TRIG = "application/trig"

# Format names for SELECT and ASK answers → the media type answered with. Short names of
# SPARQLWrapper (json, xml, csv, tsv), Fuseki (json, xml, sparql, csv, tsv), rdflib's result
# parsers (json, xml, csv, tsv) and the W3C format names (srj, srx), and media types.
RESULT_NAMES: dict[str, str] = {
    "json": JSON_RESULTS,
    "srj": JSON_RESULTS,
    "sparql-results+json": JSON_RESULTS,
    "application/sparql-results+json": JSON_RESULTS,
    "application/json": JSON_RESULTS,
    "text/javascript": JSON_RESULTS,
    "application/javascript": JSON_RESULTS,
    "xml": XML_RESULTS,
    "srx": XML_RESULTS,
    "sparql": XML_RESULTS,
    "sparql-results+xml": XML_RESULTS,
    "application/sparql-results+xml": XML_RESULTS,
    "application/xml": XML_RESULTS,
    "text/xml": XML_RESULTS,
    "csv": CSV,
    "text/csv": CSV,
    "tsv": TSV,
    "text/tab-separated-values": TSV,
}
# Format names for CONSTRUCT and DESCRIBE answers (and resource descriptions) → the media
# type answered with. SPARQLWrapper (turtle, n3, xml, rdf, rdf+xml, json-ld, json), Fuseki
# (ttl, turtle, text, nt, xml, json-ld, json, n-quads, trig), rdflib's serializer names
# (turtle, ttl, n3, nt, nt11, ntriples, xml, pretty-xml, json-ld, nquads, trig), this
# server's own download names (rdfxml, jsonld), and media types. N3 is answered with Turtle
# (a Turtle document is N3).
GRAPH_NAMES: dict[str, str] = {
    "turtle": TURTLE,
    "ttl": TURTLE,
    "text": TURTLE,
    "n3": TURTLE,
    "text/turtle": TURTLE,
    "application/turtle": TURTLE,
    "application/x-turtle": TURTLE,
    "text/n3": TURTLE,
    "text/rdf+n3": TURTLE,
    "application/n3": TURTLE,
    "nt": N_TRIPLES,
    "nt11": N_TRIPLES,
    "ntriples": N_TRIPLES,
    "n-triples": N_TRIPLES,
    "application/n-triples": N_TRIPLES,
    "text/plain": N_TRIPLES,
    "xml": RDF_XML,
    "rdf": RDF_XML,
    "rdfxml": RDF_XML,
    "rdf+xml": RDF_XML,
    "rdf/xml": RDF_XML,
    "pretty-xml": RDF_XML,
    "application/rdf+xml": RDF_XML,
    "application/xml": RDF_XML,
    "text/xml": RDF_XML,
    "json-ld": JSON_LD,
    "jsonld": JSON_LD,
    "json": JSON_LD,
    "ld+json": JSON_LD,
    "application/ld+json": JSON_LD,
    "application/x-json+ld": JSON_LD,
    "application/json": JSON_LD,
    "nquads": N_QUADS,
    "n-quads": N_QUADS,
    "nq": N_QUADS,
    "application/n-quads": N_QUADS,
    "trig": TRIG,
    "application/trig": TRIG,
}


T = TypeVar("T")


def choose(accept: MIMEAccept, offers: dict[str, T]) -> tuple[str, T] | None:
    """The best offer for ``accept`` (the first offer when the client accepts anything);
    None when nothing offered is acceptable."""
    if not accept:
        first = next(iter(offers))
        return first, offers[first]
    # media-type parameters (``text/turtle; charset=utf-8``) do not change the format
    accept = MIMEAccept([(value.split(";")[0].strip(), q) for value, q in accept])
    best = accept.best_match(list(offers))
    if best is None:
        return None
    return best, offers[best]


def format_values(params: Mapping[str, list[str]]) -> tuple[str, ...]:
    """The format names a request gives, in the order of :data:`FORMAT_PARAMETERS`."""
    return tuple(v for name in FORMAT_PARAMETERS for v in params.get(name, ()))


def named(values: Iterable[str], names: Mapping[str, str]) -> str | None:
    """The media type of the first of ``values`` that ``names`` knows; None when none is.

    A value may be a list (``rdf+xml`` followed by ``application/rdf+xml`` in a second
    value, or ``application/ld+json,application/x-json+ld``) and carry media-type
    parameters; names are compared without case."""
    for value in values:
        for item in value.split(","):
            name = item.split(";")[0].strip().lower()
            if name in names:
                return names[name]
    return None


def with_named(accept: MIMEAccept, values: Iterable[str], names: Mapping[str, str]) -> MIMEAccept:
    """``accept``, overridden by the first usable format name among ``values``."""
    media = named(values, names)
    return MIMEAccept([(media, 1)]) if media else accept
