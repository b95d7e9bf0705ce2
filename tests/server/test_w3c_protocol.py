"""The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description tests, run
from their manifests against the app.

Query tests run against a read-only app. Update and Graph Store write tests run twice:
against an app with updates enabled by a token (the requests carry it) where they must
pass, and against the default read-only app where every write must be refused with 403.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from nqs.config import Settings
from nqs.server.app import create_app
from nqs.store import BuildInfo, merge_named_graphs, new_build
from tests.conftest import TESTS
from tests.w3c_manifest import Case, Request, load_manifest

W3C = TESTS / "data" / "w3c"
PROTOCOL = load_manifest(W3C / "w3c-sparql11-protocol" / "manifest.ttl")
GSP = load_manifest(W3C / "w3c-graph-store-protocol" / "manifest.ttl")
TOKEN = "test-token-123"
UNSUPPORTED: dict[str, str] = {}


def make_store(tmp_path: Path, case: Case) -> Path:
    """A store in the layout 'nqs build' makes, holding the case's graph data."""
    store = tmp_path / "store"
    with new_build(store) as (work, db):
        for path, graph in case.graph_data:
            db.bulk_load(
                path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph)
            )
        merge_named_graphs(db)
        build_id = work.name.removesuffix(".partial")
        BuildInfo(build_id, "", "test", len(db), [], merged=True).write(work)
    return store


@pytest.fixture()
def clients(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[dict[str, FlaskClient]]:
    case: Case = request.param
    store = make_store(tmp_path, case)
    apps = {
        "writable": create_app(Settings(store=store, update_token=TOKEN, query_timeout=20)),
        "read-only": create_app(Settings(store=store, query_timeout=20)),
    }
    yield {name: app.test_client() for name, app in apps.items()}
    for app in apps.values():
        evaluator = app.extensions.get("nqs.evaluator")
        if evaluator is not None:
            evaluator.stop()


def is_write(req: Request) -> bool:
    ctype = req.headers.get("content-type", "")
    body = req.body or ""
    return (
        req.method in ("PUT", "DELETE")
        or (req.method == "POST" and "gsp" in req.path)
        or ctype.startswith("application/sparql-update")
        or (ctype.startswith("application/x-www-form-urlencoded") and body.startswith("update="))
    )


def send(client: FlaskClient, req: Request, path: str, token: bool) -> tuple[int, str, bytes, str]:
    headers = {k: v for k, v in req.headers.items() if k != "content-type"}
    if token:
        headers["Authorization"] = f"Bearer {TOKEN}"
    kwargs: dict[str, object] = {"headers": headers}
    if req.body is not None:
        kwargs["data"] = req.body.encode("utf-8")
        kwargs["content_type"] = req.headers.get("content-type", "")
    r = client.open(path, method=req.method, **kwargs)  # type: ignore[arg-type]
    return (
        r.status_code,
        r.headers.get("Content-Type", ""),
        r.get_data(),
        r.headers.get("Location", ""),
    )


def local_path(path: str) -> str:
    if path.startswith("/sparql"):
        return "/sparql" + path.removeprefix("/sparql").removeprefix("/")
    return "/rdf-graph-store" + path.removeprefix("/gsp")


def check_body(req: Request, ctype: str, body: bytes) -> None:
    exp = req.expected
    if exp.boolean is not None:
        assert b"true" if exp.boolean else b"false" in body
        assert (b"true" in body) == exp.boolean
    if exp.format == "tabular":
        assert ctype.startswith(("application/sparql-results", "text/csv", "text/tab-separated"))
    if exp.format == "RDF":
        assert ctype.startswith(("text/turtle", "application/rdf+xml", "application/n-triples"))
    if exp.body is not None and exp.content_type:
        expected = Graph().parse(data=exp.body, format="turtle")
        got = Graph().parse(data=body.decode("utf-8"), format="turtle")
        assert isomorphic(expected, got)


def run_case(clients: dict[str, FlaskClient], case: Case) -> None:
    for name in UNSUPPORTED:
        if name in case.requires:
            pytest.xfail(UNSUPPORTED[name])
    writes = any(is_write(r) for r in case.requests)
    if writes and all(not r.expected.accepts(400) for r in case.requests):
        # refused without a token on the default (read-only) app
        for req in case.requests:
            if is_write(req):
                status, *_ = send(clients["read-only"], req, local_path(req.path), token=False)
                assert status in (400, 403), req.path
    client = clients["writable"] if writes else clients["read-only"]
    location = ""
    for req in case.requests:
        path = local_path(req.path.replace("$LOCATION$", urllib.parse.quote(location, safe="")))
        status, ctype, body, loc = send(client, req, path, token=writes)
        assert req.expected.accepts(status), f"{req.method} {path}: {status} {body[:200]!r}"
        if req.expected.location:
            location = loc
        if 200 <= status < 300 and req.method != "HEAD":
            check_body(req, ctype, body)


@pytest.mark.parametrize(
    "clients", PROTOCOL, ids=[c.iri.rsplit("#")[-1] for c in PROTOCOL], indirect=True
)
def test_protocol(clients: dict[str, FlaskClient], request: pytest.FixtureRequest) -> None:
    run_case(clients, request.node.callspec.params["clients"])


@pytest.mark.parametrize("clients", GSP, ids=[c.iri.rsplit("#")[-1] for c in GSP], indirect=True)
def test_graph_store_protocol(
    clients: dict[str, FlaskClient], request: pytest.FixtureRequest
) -> None:
    run_case(clients, request.node.callspec.params["clients"])


def test_service_description(client: FlaskClient) -> None:
    """The three tests of the Service Description manifest."""
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"  # returns-rdf
    g = Graph().parse(data=r.get_data(as_text=True), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = [str(o) for o in g.objects(None, URIRef(sd + "endpoint"))]
    assert endpoints == ["http://localhost/sparql"]  # has-endpoint-triple
    services = list(
        g.subjects(
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(sd + "Service")
        )
    )
    assert len(services) == 1  # conforms-to-schema: one sd:Service with its languages
    langs = set(g.objects(services[0], URIRef(sd + "supportedLanguage")))
    assert URIRef(sd + "SPARQL11Query") in langs
