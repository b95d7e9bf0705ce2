"""Format names in requests (``format``, ``output``, ``results``), as common clients send
them: mapped per kind of answer, and passed over for ``Accept`` when unknown or unfit."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from nqs.config import Settings
from nqs.namespaces import NQS, PREFIXES
from nqs.server.app import create_app
from nqs.server.negotiation import GRAPH_NAMES, RESULT_NAMES

CARD1 = "https://w3id.org/kz-nqs/id/standard/R90012023/card/1"
SELECT = f"SELECT ?card WHERE {{ ?card a <{NQS.ProfessionCard}> }}"
ASK = f"ASK {{ <{CARD1}> a <{NQS.ProfessionCard}> }}"
CONSTRUCT = f"CONSTRUCT {{ ?c a <{NQS.ProfessionCard}> }} WHERE {{ ?c a <{NQS.ProfessionCard}> }}"
DESCRIBE = f"DESCRIBE <{CARD1}>"
RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


@pytest.fixture()
def client(ballet_settings: Settings) -> Iterator[FlaskClient]:
    app = create_app(ballet_settings, {"TESTING": True})
    with app.test_client() as c:
        yield c
    _stop(app)


def _stop(app: Flask) -> None:
    evaluator = app.extensions.get("nqs.evaluator")
    if evaluator is not None:
        evaluator.stop()


def _cards(r: object) -> int:
    data = r.get_data()  # type: ignore[attr-defined]
    media = r.mimetype  # type: ignore[attr-defined]
    if media == "application/sparql-results+json":
        return len(json.loads(data)["results"]["bindings"])
    if media == "application/sparql-results+xml":
        return int(data.count(b"<result>"))
    return len(data.decode().split()) - 1


# Names that only clients of one kind of answer know, and what they mean for the other kind.
SAMPLES = [
    # (name, SELECT/ASK answer, CONSTRUCT/DESCRIBE answer)
    ("json", "application/sparql-results+json", "application/ld+json"),
    ("xml", "application/sparql-results+xml", "application/rdf+xml"),
    ("csv", "text/csv", None),
    ("tsv", "text/tab-separated-values", None),
    ("turtle", None, "text/turtle"),
    ("n3", None, "text/turtle"),
    ("rdf", None, "application/rdf+xml"),
    ("rdf+xml", None, "application/rdf+xml"),
    ("json-ld", None, "application/ld+json"),
    ("application/sparql-results+json", "application/sparql-results+json", None),
    ("application/rdf+xml", None, "application/rdf+xml"),
    ("text/tab-separated-values", "text/tab-separated-values", None),
]


@pytest.mark.parametrize(("name", "results", "graph"), SAMPLES)
def test_names_per_query_form(
    client: FlaskClient, name: str, results: str | None, graph: str | None
) -> None:
    """A name answers the forms it fits; for the others the Accept header decides (here
    one that gives the form's other format)."""
    accept_results = "application/sparql-results+xml;q=0.5, text/turtle;q=0.4"
    for query in (SELECT, ASK):
        r = client.get("/sparql", query_string={"query": query, "format": name})
        assert r.status_code == 200
        assert r.mimetype == (results or "application/sparql-results+json")
        r = client.get(
            "/sparql",
            query_string={"query": query, "format": name},
            headers={"Accept": accept_results},
        )
        assert r.mimetype == (results or "application/sparql-results+xml")
    for query in (CONSTRUCT, DESCRIBE):
        r = client.get(
            "/sparql",
            query_string={"query": query, "format": name},
            headers={"Accept": "application/n-triples"},
        )
        assert r.status_code == 200
        assert r.mimetype == (graph or "application/n-triples")
    r = client.get("/sparql", query_string={"query": SELECT, "format": name})
    if results:
        assert _cards(r) == 3


@pytest.mark.parametrize("name", sorted(RESULT_NAMES))
def test_every_results_name(client: FlaskClient, name: str) -> None:
    r = client.get("/sparql", query_string={"query": SELECT, "format": name})
    assert r.status_code == 200 and r.mimetype == RESULT_NAMES[name]
    assert _cards(r) == 3


@pytest.mark.parametrize("name", sorted(GRAPH_NAMES))
def test_every_graph_name(client: FlaskClient, name: str) -> None:
    r = client.get("/sparql", query_string={"query": CONSTRUCT, "format": name.upper()})
    assert r.status_code == 200 and r.mimetype == GRAPH_NAMES[name]
    parsed = list(ox.parse(r.get_data(), format=RDF_FORMATS[r.mimetype]))
    assert len(parsed) == 3


def test_output_and_results_parameters(client: FlaskClient) -> None:
    """Fuseki's ``output`` and Rasqal's ``results`` name a format as ``format`` does; the
    first usable name wins; a second value may be a list of media types."""
    q = {"query": CONSTRUCT}
    assert client.get("/sparql", query_string={**q, "output": "ttl"}).mimetype == "text/turtle"
    assert client.get("/sparql", query_string={**q, "results": "nt"}).mimetype == (
        "application/n-triples"
    )
    both = client.get("/sparql", query_string={**q, "format": "csv", "output": "xml"})
    assert both.mimetype == "application/rdf+xml"
    listed = client.get(
        "/sparql",
        query_string=[
            ("query", CONSTRUCT),
            ("format", "json-ld"),
            ("format", "application/ld+json,application/x-json+ld"),
        ],
    )
    assert listed.mimetype == "application/ld+json"
    empty_second = client.get(
        "/sparql", query_string=[("query", SELECT), ("format", "json-ld"), ("format", "")]
    )
    assert empty_second.mimetype == "application/sparql-results+json"


def test_names_in_a_posted_form_and_a_direct_post(client: FlaskClient) -> None:
    r = client.post("/sparql", data={"query": CONSTRUCT, "format": "rdf+xml"})
    assert r.status_code == 200 and r.mimetype == "application/rdf+xml"
    r = client.post(
        "/sparql?output=json",
        data=CONSTRUCT.encode(),
        content_type="application/sparql-query",
        headers={"Accept": "*/*"},
    )
    assert r.status_code == 200 and r.mimetype == "application/ld+json"


def test_unknown_name_leaves_it_to_accept(client: FlaskClient) -> None:
    """An unknown name, or one unfit for the form, does not override a valid Accept; 406
    only when Accept gives nothing usable either."""
    r = client.get(
        "/sparql",
        query_string={"query": CONSTRUCT, "format": "yaml"},
        headers={"Accept": "text/turtle"},
    )
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    r = client.get(
        "/sparql",
        query_string={"query": CONSTRUCT, "format": "csv"},
        headers={"Accept": "application/rdf+xml"},
    )
    assert r.status_code == 200 and r.mimetype == "application/rdf+xml"
    r = client.get(
        "/sparql",
        query_string={"query": SELECT, "format": "turtle"},
        headers={"Accept": "text/csv"},
    )
    assert r.status_code == 200 and r.mimetype == "text/csv"
    r = client.get(
        "/sparql",
        query_string={"query": CONSTRUCT, "format": "csv"},
        headers={"Accept": "text/csv"},
    )
    assert r.status_code == 406
    r = client.get(
        "/sparql", query_string={"query": SELECT, "format": "yaml"}, headers={"Accept": "image/png"}
    )
    assert r.status_code == 406


# ---- /id/ ------------------------------------------------------------------------------

RESOURCE = "/id/standard/R90012023/card/1"


@pytest.mark.parametrize(
    ("name", "media"),
    [
        ("turtle", "text/turtle"),
        ("ttl", "text/turtle"),
        ("n3", "text/turtle"),
        ("nt", "application/n-triples"),
        ("rdf", "application/rdf+xml"),
        ("xml", "application/rdf+xml"),
        ("rdf+xml", "application/rdf+xml"),
        ("rdfxml", "application/rdf+xml"),
        ("json-ld", "application/ld+json"),
        ("jsonld", "application/ld+json"),
        ("json", "application/ld+json"),
        ("application/ld+json", "application/ld+json"),
        ("html", "text/html"),
    ],
)
def test_resource_names(client: FlaskClient, name: str, media: str) -> None:
    for param in ("format", "output", "results"):
        r = client.get(RESOURCE, query_string={param: name}, headers={"Accept": "text/html"})
        assert r.status_code == 200 and r.mimetype == media
        assert "Accept" in r.headers["Vary"]


def test_resource_unknown_name_leaves_it_to_accept(client: FlaskClient) -> None:
    r = client.get(RESOURCE, query_string={"format": "pdf"}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    # N-Quads is a graph format the endpoint knows, but a resource is not offered in it
    r = client.get(
        RESOURCE, query_string={"format": "nquads"}, headers={"Accept": "application/rdf+xml"}
    )
    assert r.status_code == 200 and r.mimetype == "application/rdf+xml"
    r = client.get(RESOURCE, query_string={"format": "pdf"}, headers={"Accept": "application/pdf"})
    assert r.status_code == 406 and "text/turtle" in r.get_data(as_text=True)


def test_resource_turtle_and_rdfxml_use_the_prefixes(client: FlaskClient) -> None:
    text = client.get(RESOURCE, headers={"Accept": "text/turtle"}).get_data(as_text=True)
    for prefix in ("nqs", "rdfs", "prov", "dcterms"):
        assert f"@prefix {prefix}: <{PREFIXES[prefix]}> ." in text
    assert f"<{CARD1}> a " in text  # the resource itself first
    assert "rdfs:label" in text and f"<{NQS}ProfessionCard>" not in text
    xml = client.get(RESOURCE, headers={"Accept": "application/rdf+xml"}).get_data(as_text=True)
    assert f'xmlns:nqs="{PREFIXES["nqs"]}"' in xml and "<rdfs:label" in xml


def test_json_ld_names_its_context(ballet_settings: Settings) -> None:
    """The context is named under the public URL when one is configured, else relative to
    the server; never from the Host header (a Host the server does not answer to is refused;
    behind a configured public URL it is replaced)."""
    app = create_app(ballet_settings, {"TESTING": True})
    with app.test_client() as c:
        r = c.get(RESOURCE, headers={"Accept": "application/ld+json"})
        assert json.loads(r.data)["@context"] == "/context.jsonld"
        r = c.get(RESOURCE, headers={"Accept": "application/ld+json", "Host": "evil.example"})
        assert r.status_code == 400 and b"evil.example" in r.data
    _stop(app)
    public = Settings(store=ballet_settings.store, public_url="https://nqs.example.org/kz/")
    app = create_app(public, {"TESTING": True})
    with app.test_client() as c:
        r = c.get(RESOURCE, headers={"Accept": "application/ld+json", "Host": "evil.example"})
        assert json.loads(r.data)["@context"] == "https://nqs.example.org/kz/context.jsonld"
        assert c.get("/kz/context.jsonld").status_code == 200
    _stop(app)


def test_ontology_takes_the_graph_names(client: FlaskClient) -> None:
    r = client.get("/ontology", query_string={"format": "xml"})
    assert r.status_code == 200 and r.mimetype == "application/rdf+xml"
