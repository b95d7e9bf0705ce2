"""The SPARQL endpoint through the Flask test client."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

from nqs.namespaces import NQS

Q = (
    f"PREFIX nqs: <{NQS}> "
    "SELECT ?level WHERE { ?c a nqs:ProfessionCard ; "
    "nqs:qualificationLevel/nqs:levelNumber ?level } "
    "ORDER BY ?level"
)


def levels(body: bytes) -> list[str]:
    data = json.loads(body)
    return [b["level"]["value"] for b in data["results"]["bindings"]]


def test_get(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": Q})
    assert r.status_code == 200
    assert r.mimetype == "application/sparql-results+json"
    assert levels(r.data) == ["6", "7", "8"]


def test_post_form(client: FlaskClient) -> None:
    r = client.post("/sparql", data={"query": Q})
    assert r.status_code == 200 and levels(r.data) == ["6", "7", "8"]


def test_post_direct(client: FlaskClient) -> None:
    r = client.post("/sparql", data=Q.encode(), content_type="application/sparql-query")
    assert r.status_code == 200 and levels(r.data) == ["6", "7", "8"]


def test_csv_by_accept(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": Q}, headers={"Accept": "text/csv"})
    assert r.mimetype == "text/csv"
    assert r.data.decode().split() == ["level", "6", "7", "8"]


def test_construct_as_turtle(client: FlaskClient) -> None:
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    r = client.get("/sparql", query_string={"query": q}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"


def test_errors(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": "SELEC nothing"})
    assert r.status_code == 400 and r.mimetype == "text/plain"
    assert "Traceback" not in r.data.decode()
    assert client.get("/sparql", query_string={"default-graph-uri": "http://x/"}).status_code == 400
    r = client.post("/sparql", data=b"x", content_type="text/plain")
    assert r.status_code == 415
    r = client.get("/sparql", query_string={"query": Q}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    r = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert r.status_code == 403
    assert client.delete("/sparql").status_code == 405


def test_health(client: FlaskClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200 and r.json is not None and r.json["status"] == "ok"
    assert r.json["documents"] == 5 and r.json["left_out_count"] == 0 and r.json["left_out"] == []
