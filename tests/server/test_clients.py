"""Clients as they are: SPARQLWrapper and rdflib's SPARQLStore against a real ``nqs serve``
over seed 000 (one standard, three cards), with their own defaults, for every query form,
every return format SPARQLWrapper offers, and every way they send a query; and rdflib
reading the resource descriptions under ``/id/`` (Turtle, RDF/XML, JSON-LD through the
published context)."""

from __future__ import annotations

import json
import re
import typing
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.dom.minidom import Document

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper import (
    RDF as RDF_FORMAT,
)

from nqs.config import Settings
from nqs.namespaces import NQS, PREFIXES
from tests.servers import BIN, free_port, running

pytestmark = [
    pytest.mark.slow,
    # rdflib's JSON-LD parser and SPARQLWrapper's convert() make rdflib ConjunctiveGraphs
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

ID = "https://w3id.org/kz-nqs/id/"
CARDS = {URIRef(f"{ID}standard/R90012023/card/{n}") for n in (1, 2, 3)}
CARD1 = URIRef(f"{ID}standard/R90012023/card/1")
# seed 000, line 63: "Кәсіптің атауы: Балеттанушы"
CARD1_LABEL = (CARD1, RDFS.label, Literal("Балеттанушы", lang="kk"))
CARD_TRIPLES = {(card, RDF.type, NQS.ProfessionCard) for card in CARDS}

QUERIES = {
    "SELECT": f"PREFIX nqs: <{NQS}>\nSELECT ?card WHERE {{ ?card a nqs:ProfessionCard }}",
    "ASK": f"PREFIX nqs: <{NQS}>\nASK {{ <{CARD1}> a nqs:ProfessionCard }}",
    "CONSTRUCT": (
        f"PREFIX nqs: <{NQS}>\n"
        "CONSTRUCT { ?card a nqs:ProfessionCard } WHERE { ?card a nqs:ProfessionCard }"
    ),
    "DESCRIBE": f"DESCRIBE <{CARD1}>",
}
FORMATS = (JSON, XML, CSV, TSV, TURTLE, N3, RDF_FORMAT, RDFXML, JSONLD)
# What the server answers SPARQLWrapper with, by query form and return format. A format
# that does not fit the form (Turtle for a SELECT, CSV for a CONSTRUCT) is passed over and
# the Accept header decides: SPARQLWrapper then sends */*, which gets the form's default.
RESULTS_MEDIA = {
    JSON: "application/sparql-results+json",
    XML: "application/sparql-results+xml",
    CSV: "text/csv",
    TSV: "text/tab-separated-values",
}
GRAPH_MEDIA = {
    TURTLE: "text/turtle",
    N3: "text/turtle",
    XML: "application/rdf+xml",
    RDF_FORMAT: "application/rdf+xml",
    RDFXML: "application/rdf+xml",
    JSONLD: "application/ld+json",
    JSON: "application/ld+json",
}
StoreMethod = typing.Literal["GET", "POST", "POST_FORM"]  # rdflib's SPARQLStore's
METHODS = {
    "GET": (GET, URLENCODED),
    "POST form": (POST, URLENCODED),
    "POST direct": (POST, POSTDIRECTLY),
}


def expected_media(form: str, fmt: str) -> str:
    if form in ("SELECT", "ASK"):
        return RESULTS_MEDIA.get(fmt, "application/sparql-results+json")
    return GRAPH_MEDIA.get(fmt, "text/turtle")


@pytest.fixture(scope="module")
def server(ballet_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server over seed 000 (one worker), its base URL."""
    port = free_port()
    args = [
        str(BIN / "nqs"),
        "serve",
        "--store",
        str(ballet_settings.store),
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("clients") / "serve.log"
    with running(args, base + "/health", log):
        yield base


def _graph(data: bytes | str, fmt: str) -> Graph:
    g = Graph()
    g.parse(data=data, format=fmt)
    return g


def _triples(value: Any) -> set[tuple[Any, Any, Any]]:
    return {(s, p, o) for s, p, o in value}


def answer(form: str, media: str, value: Any) -> Any:
    """What ``convert()`` gave, as plain data: the cards (SELECT), the boolean (ASK) or the
    triples (CONSTRUCT, DESCRIBE)."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        if media == "text/turtle":
            assert isinstance(value, bytes)  # SPARQLWrapper gives Turtle and N3 as bytes
            return _triples(_graph(value, "turtle"))
        assert isinstance(value, Graph)  # RDF/XML and JSON-LD parsed by SPARQLWrapper
        return _triples(value)
    if media == "application/sparql-results+json":
        assert isinstance(value, dict)
        if form == "ASK":
            return value["boolean"]
        return {URIRef(b["card"]["value"]) for b in value["results"]["bindings"]}
    if media == "application/sparql-results+xml":
        assert isinstance(value, Document)
        if form == "ASK":
            return value.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]
        uris = value.getElementsByTagName("uri")
        return {URIRef(u.firstChild.data) for u in uris}  # type: ignore[union-attr]
    assert isinstance(value, bytes)
    lines = value.decode().split()
    if form == "ASK":
        return lines == ["true"]
    if media == "text/csv":
        assert lines[0] == "card"
        return {URIRef(line) for line in lines[1:]}
    assert lines[0] == "?card"
    return {URIRef(line.strip("<>")) for line in lines[1:]}


def expected(form: str) -> Any:
    if form == "SELECT":
        return CARDS
    if form == "ASK":
        return True
    if form == "CONSTRUCT":
        return CARD_TRIPLES
    return None  # DESCRIBE: checked by what the description holds


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("form", list(QUERIES))
def test_sparqlwrapper(server: str, form: str, fmt: str, method: str) -> None:
    """Every query form, return format and request method: SPARQLWrapper's own request
    (format=, output=, results= with its names, its Accept header) is answered, and
    ``convert()`` gives the answer."""
    client = SPARQLWrapper(server + "/sparql")
    http_method, request_method = METHODS[method]
    client.setMethod(http_method)
    client.setRequestMethod(request_method)
    client.setQuery(QUERIES[form])
    client.setReturnFormat(fmt)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = client.query()
        media = result.info()["content-type"].split(";")[0]
        value = result.convert()
    assert media == expected_media(form, fmt)
    fits = fmt in (RESULTS_MEDIA if form in ("SELECT", "ASK") else GRAPH_MEDIA)
    if fits:  # no "format requested was X, but Y has been returned"
        assert not [w for w in caught if "has been returned" in str(w.message)], caught
    got = answer(form, media, value)
    if form == "DESCRIBE":
        assert CARD1_LABEL in got and (CARD1, RDF.type, NQS.ProfessionCard) in got
        assert {s for s, _, _ in got} == {CARD1}
    else:
        assert got == expected(form)


def test_sparqlwrapper_defaults(server: str) -> None:
    """SPARQLWrapper as it comes (XML, GET): a CONSTRUCT is answered in RDF/XML (it sends
    format=xml, output=xml, results=xml), a SELECT in SPARQL XML."""
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(QUERIES["CONSTRUCT"])
    result = client.query()
    assert result.info()["content-type"].startswith("application/rdf+xml")
    assert _triples(result.convert()) == CARD_TRIPLES
    client.setQuery(QUERIES["SELECT"])
    assert answer("SELECT", "application/sparql-results+xml", client.queryAndConvert()) == CARDS


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore(server: str, method: StoreMethod) -> None:
    """rdflib's SPARQLStore with its defaults (Accept for XML results and RDF/XML) answers
    SELECT, ASK, CONSTRUCT and DESCRIBE through ``Graph.query``."""
    store = SPARQLStore(server + "/sparql", method=method)
    graph = Graph(store=store)
    rows = graph.query(QUERIES["SELECT"])
    assert {row[0] for row in rows} == CARDS  # type: ignore[index]
    assert graph.query(QUERIES["ASK"]).askAnswer is True
    constructed = graph.query(QUERIES["CONSTRUCT"]).graph
    assert constructed is not None and _triples(constructed) == CARD_TRIPLES
    described = graph.query(QUERIES["DESCRIBE"]).graph
    assert described is not None and CARD1_LABEL in _triples(described)
    # triple patterns go through the store as SELECT queries too
    assert set(graph.subjects(RDF.type, NQS.ProfessionCard)) == CARDS


def _get(url: str, accept: str) -> tuple[str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get_content_type(), response.read()


def test_rdflib_reads_resources(server: str) -> None:
    """rdflib parses a resource's description from its address in every RDF format the
    server offers; all are the same graph, Turtle and RDF/XML use the project's prefixes,
    and JSON-LD is compacted with the context published at /context.jsonld (named by URL
    and fetched by rdflib itself)."""
    url = f"{server}/id/standard/R90012023/card/1"
    graphs = {}
    for media, fmt in (
        ("text/turtle", "turtle"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ):
        got, body = _get(url, media)
        assert got == media
        graphs[media] = _graph(body, fmt) if fmt != "json-ld" else None
        if media == "text/turtle":
            text = body.decode()
            for prefix in ("nqs", "rdfs", "prov"):
                assert f"@prefix {prefix}: <{PREFIXES[prefix]}> ." in text
            assert re.search(f"<{CARD1}> a [^;]*nqs:ProfessionCard", text)
        if media == "application/rdf+xml":
            assert f'xmlns:nqs="{PREFIXES["nqs"]}"' in body.decode()
        if media == "application/ld+json":
            document = json.loads(body)
            assert document["@context"] == "/context.jsonld"
            card = document["@graph"][0]
            assert card["@id"] == str(CARD1) and "nqs:ProfessionCard" in card["@type"]
            assert {"@value": "Балеттанушы", "@language": "kk"} in card["rdfs:label"]
            # rdflib resolves the context against the document's address and fetches it
            fetched = Graph()
            fetched.parse(url + "?format=jsonld", format="json-ld")
            graphs[media] = fetched
    turtle = graphs["text/turtle"]
    assert turtle is not None and CARD1_LABEL in turtle
    for media, graph in graphs.items():
        assert graph is not None and isomorphic(graph, turtle), media


def test_sparqlwrapper_resource_formats(server: str) -> None:
    """SPARQLWrapper-style format names on /id/ (format=rdf+xml, output=json-ld) choose
    the description's format; an unknown name leaves it to Accept."""
    url = f"{server}/id/standard/R90012023/card/1"
    media, _ = _get(url + "?format=rdf%2Bxml&format=application/rdf%2Bxml", "*/*")
    assert media == "application/rdf+xml"
    media, _ = _get(url + "?output=json-ld", "*/*")
    assert media == "application/ld+json"
    media, _ = _get(url + "?format=docx", "text/turtle")
    assert media == "text/turtle"


def test_context_document(server: str, tmp_path: Path) -> None:
    """The context at /context.jsonld maps every project prefix, and a description
    compacted with it expands, with the context given to rdflib, to the Turtle answer."""
    media, body = _get(server + "/context.jsonld", "*/*")
    assert media == "application/ld+json"
    context = json.loads(body)["@context"]
    assert context == PREFIXES
    url = f"{server}/id/standard/R90012023/card/1"
    _, turtle = _get(url, "text/turtle")
    _, compacted = _get(url, "application/ld+json")
    document = json.loads(compacted)
    document["@context"] = context  # nothing fetched: the context given
    expanded = Graph()
    expanded.parse(data=json.dumps(document), format="json-ld")
    assert len(expanded) > 10
    assert isomorphic(expanded, _graph(turtle, "turtle"))
    (tmp_path / "context.jsonld").write_bytes(body)
    document["@context"] = (tmp_path / "context.jsonld").as_uri()
    from_file = Graph()
    from_file.parse(data=json.dumps(document), format="json-ld")
    assert isomorphic(from_file, expanded)
