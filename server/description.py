"""The SPARQL 1.1 Service Description of the endpoint (returned by GET /sparql without a
query): as RDF for SPARQL clients, as a page for a browser."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Response, current_app, make_response, render_template, request
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from nqs.namespaces import RDF, RDFS
from nqs.server.errors import plain_error
from nqs.server.negotiation import (
    GRAPH_NAMES,
    RESULT_FORMATS,
    choose,
    format_values,
    named,
    with_named,
)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
GRAPH_SERIALIZATIONS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
}
HTML_TYPES = ("text/html", "application/xhtml+xml")
# The description as a download from its page: (format name, label).
DOWNLOADS = (
    ("turtle", "Turtle"),
    ("rdfxml", "RDF/XML"),
    ("nt", "N-Triples"),
    ("jsonld", "JSON-LD"),
    ("trig", "TriG"),
)
RESULT_FORMAT_IRIS = [
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
    "N-Quads",
    "TriG",
]


def description_graph(endpoint: str, update: bool) -> Graph:
    g = Graph()
    g.bind("sd", SD)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if update:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.feature, SD.BasicFederatedQuery))
    for name in RESULT_FORMAT_IRIS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    comment = "the merge of all named graphs: each triple once (GRAPH ?g for provenance)"
    g.add((default, RDFS.comment, Literal(comment, lang="en")))
    return g


def service_description() -> Response:
    """The description in the RDF format the request names (``format``, ``output`` or
    ``results``) or the client accepts (Turtle by default); a page of it for a browser (a
    client that prefers HTML to every RDF and result format)."""
    accept = parse_accept_header(request.headers.get("Accept"), MIMEAccept)
    names = {name: media for name, media in GRAPH_NAMES.items() if media in GRAPH_SERIALIZATIONS}
    values = format_values(request.args.to_dict(flat=False))
    update = bool(current_app.config["NQS_SETTINGS"].update_token)
    graph = description_graph(request.base_url, update)
    if named(values, names) is None and prefers_html(accept):
        response = make_response(render_template("service.html", **page_data(graph)))
    else:
        choice = choose(with_named(accept, values, names), GRAPH_SERIALIZATIONS)
        if choice is None:
            if choose(accept, RESULT_FORMATS) is None:
                return plain_error(
                    406,
                    "the service description is offered as " + ", ".join(GRAPH_SERIALIZATIONS),
                )
            choice = ("text/turtle", "turtle")
        media, fmt = choice
        response = Response(graph.serialize(format=fmt), mimetype=media)
    response.headers["Vary"] = "Accept"
    return response


def prefers_html(accept: MIMEAccept) -> bool:
    """Whether the client names HTML (as a browser does) at least as high as any RDF or
    result format: ``*/*`` alone (curl, most SPARQL clients) is not a browser."""

    def best(types: Iterable[str]) -> float:
        wanted = set(types)
        return max((q for value, q in accept if value.split(";")[0].strip() in wanted), default=0)

    html = best(HTML_TYPES)
    return html > 0 and html >= best((*GRAPH_SERIALIZATIONS, *RESULT_FORMATS))


def page_data(graph: Graph) -> dict[str, Any]:
    """What the page of the description shows, read from the description graph."""
    service = next(graph.subjects(RDF.type, SD.Service))
    dataset = graph.value(service, SD.defaultDataset)
    default = graph.value(dataset, SD.defaultGraph) if dataset is not None else None
    return {
        "endpoint": str(graph.value(service, SD.endpoint)),
        "query_languages": sorted(_local(o) for o in graph.objects(service, SD.supportedLanguage)),
        "features": sorted(_local(o) for o in graph.objects(service, SD.feature)),
        "result_formats": [
            (name, str(FORMATS[name]))
            for name in RESULT_FORMAT_IRIS
            if (service, SD.resultFormat, FORMATS[name]) in graph
        ],
        "default_graph": default is not None,
        "downloads": DOWNLOADS,
    }


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
