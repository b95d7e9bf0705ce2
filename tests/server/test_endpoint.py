"""The endpoint is safe by default, keeps its limits, and serves from a remote store too."""

from __future__ import annotations

import gzip
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from nqs.config import Settings
from nqs.namespaces import NQS
from nqs.server.app import create_app
from nqs.store import current_build
from tests.servers import BIN, free_port, running

COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{NQS.Knowledge}> }}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LEVELS = (
    f"PREFIX nqs: <{NQS}> SELECT ?card ?level WHERE {{ "
    "?card a nqs:ProfessionCard ; nqs:qualificationLevel/nqs:levelNumber ?level } ORDER BY ?card"
)


def test_service_to_other_hosts_is_refused(client: FlaskClient) -> None:
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", query_string={"query": q})
    assert r.status_code == 403 and b"not allowed" in r.data
    # a SERVICE keyword inside a string is not a SERVICE call
    q = 'SELECT ?x WHERE { BIND("SERVICE <http://x/>" AS ?x) }'
    assert client.get("/sparql", query_string={"query": q}).status_code == 200


def test_service_allow_list(seed_settings: Settings) -> None:
    app = create_app(Settings(store=seed_settings.store, service_allow=("http://127.0.0.1:1/",)))
    q = "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    r = app.test_client().get("/sparql", query_string={"query": q})
    assert r.status_code != 403  # allowed: the (unreachable) service is tried
    app.extensions["nqs.evaluator"].stop()


def test_updates_and_load_are_refused(client: FlaskClient) -> None:
    for body, ctype in (
        (b"update=LOAD+%3Chttp%3A%2F%2Fexample.org%2F%3E", "application/x-www-form-urlencoded"),
        (b"CLEAR ALL", "application/sparql-update"),
        (b"INSERT DATA { <a:s> <a:p> <a:o> }", "application/sparql-update"),
    ):
        r = client.post("/sparql", data=body, content_type=ctype)
        assert r.status_code == 403
    r = client.put("/rdf-graph-store?default", data=b"", content_type="text/turtle")
    assert r.status_code == 403
    assert client.get("/sparql", query_string={"query": COUNT}).status_code == 200


def test_load_refused_even_with_token(seed_settings: Settings, tmp_path: Path) -> None:
    app = create_app(Settings(store=seed_settings.store, update_token="t0k"))
    r = app.test_client().post(
        "/sparql",
        data=b"LOAD <http://example.org/data.ttl>",
        content_type="application/sparql-update",
        headers={"Authorization": "Bearer t0k"},
    )
    assert r.status_code == 403 and b"LOAD" in r.data
    r = app.test_client().post(
        "/sparql",
        data=b"CLEAR ALL",
        content_type="application/sparql-update",
        headers={"Authorization": "Bearer wrong"},
    )
    assert r.status_code == 403


def test_row_cap_is_an_error_not_a_silent_truncation(seed_settings: Settings) -> None:
    app = create_app(Settings(store=seed_settings.store, max_rows=10))
    client = app.test_client()
    r = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"})
    assert r.status_code == 400 and b"more than 10 rows" in r.data
    r = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o } LIMIT 10"})
    assert r.status_code == 200 and len(r.json["results"]["bindings"]) == 10  # type: ignore[index]
    app.extensions["nqs.evaluator"].stop()


def test_body_size_limit(client: FlaskClient) -> None:
    big = b"ASK {} #" + b"x" * (3 * 1024 * 1024)
    r = client.post("/sparql", data=big, content_type="application/sparql-query")
    assert r.status_code == 413


def test_gzip_etag_and_headers(client: FlaskClient) -> None:
    q = "SELECT * { ?s ?p ?o } LIMIT 200"
    r = client.get("/sparql", query_string={"query": q}, headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(r.data))["results"]["bindings"]
    etag = r.headers["ETag"]
    again = client.get("/sparql", query_string={"query": q}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    since = r.headers["Last-Modified"]
    later = client.get("/sparql", query_string={"query": q}, headers={"If-Modified-Since": since})
    assert later.status_code == 304
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "Access-Control-Allow-Origin" not in r.headers  # CORS is off by default


def test_cors_when_configured(seed_settings: Settings) -> None:
    app = create_app(Settings(store=seed_settings.store, cors_origins=("https://partner.example",)))
    client = app.test_client()
    ok = client.get("/health", headers={"Origin": "https://partner.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://partner.example"
    assert "Access-Control-Allow-Credentials" not in ok.headers
    other = client.get("/health", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


@pytest.mark.slow
def test_runaway_query_is_stopped_while_others_are_served(
    seed_settings: Settings, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {"NQS_QUERY_TIMEOUT": "2", "NQS_WORKERS": "2", "PATH": str(BIN)}
    args = [str(BIN / "nqs"), "serve", "--store", str(seed_settings.store), "--port", str(port)]

    def get(query: str) -> tuple[int, bytes, float]:
        """Status, body and the time the answer came (monotonic clock)."""
        url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                return resp.status, resp.read(), time.monotonic()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), time.monotonic()

    with running(args, base + "/health", tmp_path / "serve.log", env=env):
        result: dict[str, tuple[int, bytes, float]] = {}
        started = time.monotonic()
        runaway = threading.Thread(target=lambda: result.setdefault("r", get(RUNAWAY)))
        runaway.start()
        time.sleep(0.3)
        quick = [get(COUNT) for _ in range(5)]  # served meanwhile, not after the runaway
        runaway.join(30)
        status, body, ended = result["r"]
        assert status == 503 and b"time limit" in body
        assert 1.5 < ended - started < 10
        assert all(s == 200 for s, _, _ in quick)
        assert all(t < ended for _, _, t in quick)
        assert all(get(COUNT)[0] == 200 for _ in range(4))  # both workers serve again


@pytest.mark.slow
def test_app_in_front_of_a_real_oxigraph_server(seed_settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    build = current_build(seed_settings.store)
    args = [
        str(BIN / "oxigraph"),
        "serve-read-only",
        "--location",
        str(build),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    with running(args, f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", tmp_path / "ox.log"):
        remote = create_app(
            Settings(store=seed_settings.store, endpoint=f"http://127.0.0.1:{port}/query")
        )
        embedded = create_app(Settings(store=seed_settings.store))
        try:
            for query in (COUNT, LEVELS, "ASK { ?s ?p ?o }"):
                a = remote.test_client().get("/sparql", query_string={"query": query})
                b = embedded.test_client().get("/sparql", query_string={"query": query})
                assert a.status_code == b.status_code == 200
                assert a.json == b.json
            q = f"CONSTRUCT {{ ?c ?p ?o }} WHERE {{ ?c a <{NQS.ProfessionCard}> ; ?p ?o }}"
            a = remote.test_client().get(
                "/sparql", query_string={"query": q}, headers={"Accept": "application/n-triples"}
            )
            b = embedded.test_client().get(
                "/sparql", query_string={"query": q}, headers={"Accept": "application/n-triples"}
            )
            assert sorted(a.data.splitlines()) == sorted(b.data.splitlines())
            bad = remote.test_client().get("/sparql", query_string={"query": "SELECT nonsense"})
            assert bad.status_code == 400
            refused = remote.test_client().get(
                "/sparql", query_string={"query": "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"}
            )
            assert refused.status_code == 403
        finally:
            for app in (remote, embedded):
                app.extensions["nqs.evaluator"].stop()
