"""The SPARQL 1.1 Service Description of the endpoint (returned by GET /sparql)."""

from __future__ import annotations

from flask import Response, current_app, request
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from nqs.namespaces import RDF, RDFS
from nqs.server.errors import plain_error
from nqs.server.negotiation import RESULT_FORMATS, choose

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
GRAPH_SERIALIZATIONS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
}
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
    """The description in the RDF format the client accepts (Turtle by default)."""
    accept = parse_accept_header(request.headers.get("Accept"), MIMEAccept)
    choice = choose(accept, GRAPH_SERIALIZATIONS)
    if choice is None:
        if choose(accept, RESULT_FORMATS) is not None:
            choice = ("text/turtle", "turtle")
        else:
            return plain_error(
                406, "the service description is offered as " + ", ".join(GRAPH_SERIALIZATIONS)
            )
    media, fmt = choice
    update = bool(current_app.config["NQS_SETTINGS"].update_token)
    graph = description_graph(request.base_url, update)
    return Response(graph.serialize(format=fmt), mimetype=media)
