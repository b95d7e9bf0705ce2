"""Content negotiation: which serialization answers a request's ``Accept`` header."""

from __future__ import annotations

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
# Short names accepted in a ``format`` request parameter.
FORMAT_ALIASES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "nquads": "application/n-quads",
    "trig": "application/trig",
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
