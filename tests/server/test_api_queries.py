"""The query library as a web API: listing, running with parameters in JSON, CSV and the SPARQL
formats, errors, caching, the evaluator's time limit, the remote-store mode, and the OpenAPI
description."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from nqs.config import Settings
from nqs.queries import load_library
from nqs.query import native, run_library
from nqs.server.app import create_app
from nqs.store import current_build
from tests.servers import BIN, free_port, running

LIBRARY = load_library()
POSITIONS = "https://w3id.org/kz-nqs/id/position/order-61-2008/1/"


def _stop(app: Flask) -> None:
    evaluator = app.extensions.get("nqs.evaluator")
    if evaluator is not None:
        evaluator.stop()


@pytest.fixture(scope="module")
def full_app(full_settings: Settings) -> Iterator[Flask]:
    app = create_app(full_settings, {"TESTING": True})
    yield app
    _stop(app)


@pytest.fixture()
def api(full_app: Flask) -> Iterator[FlaskClient]:
    with full_app.test_client() as c:
        yield c


def test_list(api: FlaskClient) -> None:
    r = api.get("/api/queries")
    assert r.status_code == 200 and r.mimetype == "application/json"
    queries = {q["name"]: q for q in r.json["queries"]}  # type: ignore[index]
    assert list(queries) == list(LIBRARY)
    ladder = queries["career-ladder"]
    assert ladder["url"] == "/api/queries/career-ladder"
    assert set(ladder["titles"]) == {"en", "kk", "ru"}
    assert ladder["parameters"] == [
        {
            "name": "position",
            "type": "iri",
            "description": LIBRARY["career-ladder"].parameters[0].description,
            "default": None,
        }
    ]
    assert [c["name"] for c in ladder["columns"]] == LIBRARY["career-ladder"].columns
    assert queries["near-duplicate-items"]["postStep"] == "near-duplicates"
    kind = queries["recurring-items"]["parameters"][0]
    assert kind["choices"] == ["knowledge", "ability"] and kind["default"] == "knowledge"


def test_run_json_is_the_library_result(api: FlaskClient, full_settings: Settings) -> None:
    db = ox.Store.read_only(str(full_settings.store))
    for name, given in (
        ("level-sector-matrix", {}),
        ("level-demands-by-sector", {"level": "6"}),
        ("near-duplicate-items", {"threshold": "0.8"}),
        ("career-ladder", {"position": POSITIONS + "6"}),
    ):
        r = api.get(f"/api/queries/{name}", query_string=given)
        assert r.status_code == 200 and r.mimetype == "application/json", name
        doc: dict[str, Any] = r.json  # type: ignore[assignment]
        table = run_library(db, LIBRARY[name], given)
        assert doc["query"] == name and doc["columns"] == LIBRARY[name].columns
        assert doc["count"] == len(table.rows)
        expected = [{c: native(t) for c, t in zip(table.columns, row, strict=True)}
                    for row in table.rows]  # fmt: skip
        assert doc["rows"] == expected, name
        defaults = {p.name: p.default for p in LIBRARY[name].parameters if p.default}
        assert doc["parameters"] == defaults | given


def test_career_ladder_as_csv(api: FlaskClient) -> None:
    """Seed 003: Профессор → Доцент → Аға оқытушы → Оқытушы (lines 221-272)."""
    for r in (
        api.get(
            "/api/queries/career-ladder",
            query_string={"position": POSITIONS + "5", "format": "csv"},
        ),
        api.get(
            "/api/queries/career-ladder",
            query_string={"position": POSITIONS + "5"},
            headers={"Accept": "text/csv"},
        ),
    ):
        assert r.status_code == 200 and r.mimetype == "text/csv"
        table = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
        assert table[0] == LIBRARY["career-ladder"].columns
        assert [(row[2], row[4], row[5], row[6]) for row in table[1:]] == [
            ("1", "Доцент", "5", "1"),
            ("2", "Аға оқытушы", "5", "1"),
            ("3", "Оқытушы", "3", "1"),
        ]


def test_sparql_formats(api: FlaskClient) -> None:
    url = "/api/queries/cards-per-level"
    r = api.get(url, headers={"Accept": "application/sparql-results+json"})
    assert r.mimetype == "application/sparql-results+json"
    assert r.json["head"]["vars"] == ["level", "cards", "occupations"]  # type: ignore[index]
    r = api.get(url, query_string={"format": "xml"})
    assert r.mimetype == "application/sparql-results+xml" and b"<sparql" in r.data
    r = api.get(url, query_string={"format": "tsv"})
    assert r.mimetype == "text/tab-separated-values"
    assert r.get_data(as_text=True).startswith("?level\t?cards\t?occupations\n")


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/queries/nothing-like-this", 404, "no library query named 'nothing-like-this'"),
        ("/api/queries/level-demands-by-sector?level=five", 400, "'level' must be an integer"),
        ("/api/queries/level-demands-by-sector?levle=5", 400, "unknown parameter(s): levle"),
        ("/api/queries/level-demands-by-sector?level=5&level=6", 400, "more than once"),
        ("/api/queries/recurring-items?kind=skills", 400, "must be one of knowledge, ability"),
        ("/api/queries/acts-in-force?date=06.12.2023", 400, "a date (YYYY-MM-DD)"),
        ("/api/queries/career-ladder?position=not%20an%20iri", 400, "an absolute IRI"),
        ("/api/queries/near-duplicate-items?threshold=2", 400, "'threshold' must be > 0"),
        ("/api/queries/cards-per-level?format=yaml", 400, "unknown format 'yaml'"),
    ],
)
def test_errors(api: FlaskClient, url: str, status: int, message: str) -> None:
    r = api.get(url)
    assert r.status_code == status and r.mimetype == "text/plain"
    assert message in r.get_data(as_text=True)


def test_not_acceptable(api: FlaskClient) -> None:
    r = api.get("/api/queries/cards-per-level", headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_etag_revalidation(api: FlaskClient) -> None:
    r = api.get("/api/queries/cards-per-level")
    etag = r.headers["ETag"]
    again = api.get("/api/queries/cards-per-level", headers={"If-None-Match": etag})
    assert again.status_code == 304
    other = api.get("/api/queries/cards-per-level?format=csv", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_time_limit_applies(full_settings: Settings) -> None:
    """Library queries run in the evaluator's child process, under its time limit."""
    app = create_app(full_settings.override(query_timeout=0.001), {"TESTING": True})
    try:
        r = app.test_client().get("/api/queries/competencies-by-sector")
        assert r.status_code == 503
        assert "time limit" in r.get_data(as_text=True)
    finally:
        _stop(app)


@pytest.mark.slow
def test_remote_store_mode(full_settings: Settings, tmp_path: Any) -> None:
    port = free_port()
    args = [
        str(BIN / "oxigraph"), "serve-read-only", "--location",
        str(current_build(full_settings.store)), "--bind", f"127.0.0.1:{port}",
    ]  # fmt: skip
    with running(args, f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", tmp_path / "ox.log"):
        remote = create_app(full_settings.override(endpoint=f"http://127.0.0.1:{port}/query"))
        embedded = create_app(full_settings)
        try:
            for name in ("level-sector-matrix", "career-ladder", "near-duplicate-items"):
                a = remote.test_client().get(f"/api/queries/{name}")
                b = embedded.test_client().get(f"/api/queries/{name}")
                assert a.status_code == b.status_code == 200, name
                assert a.json == b.json, name
        finally:
            _stop(remote)
            _stop(embedded)


# -- OpenAPI -------------------------------------------------------------------------------------


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi(api: FlaskClient) -> None:
    r = api.get("/api/openapi.json")
    assert r.status_code == 200
    doc: dict[str, Any] = r.json  # type: ignore[assignment]
    assert doc["openapi"].startswith("3.1") and doc["info"]["title"] and doc["info"]["version"]
    assert set(doc["paths"]) == {"/api/queries"} | {f"/api/queries/{n}" for n in LIBRARY}
    ids = [op["operationId"] for path in doc["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    for ref in _refs(doc):  # every reference resolves
        node: Any = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
    for name, spec in LIBRARY.items():
        op = doc["paths"][f"/api/queries/{name}"]["get"]
        declared = [p for p in op["parameters"] if "$ref" not in p]
        assert [p["name"] for p in declared] == [p.name for p in spec.parameters]
        for p, param in zip(declared, spec.parameters, strict=True):
            assert p["in"] == "query" and p["required"] is False and p["description"]
            if param.choices:
                assert p["schema"]["enum"] == list(param.choices)
        content = op["responses"]["200"]["content"]
        assert {"application/json", "text/csv"} <= set(content)
        row = content["application/json"]["schema"]["properties"]["rows"]["items"]
        assert list(row["properties"]) == spec.columns


@pytest.mark.parametrize(
    "name", ["level-sector-matrix", "sector-profile", "revision-due", "nqf-level"]
)
def test_answers_fit_the_openapi_column_types(api: FlaskClient, name: str) -> None:
    doc: dict[str, Any] = api.get("/api/openapi.json").json  # type: ignore[assignment]
    schema = doc["paths"][f"/api/queries/{name}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["properties"]["rows"]["items"]["properties"]
    python: dict[str, type | tuple[type, ...]] = {
        "integer": int,
        "number": (int, float),
        "string": str,
        "boolean": bool,
    }
    rows = api.get(f"/api/queries/{name}").json["rows"]  # type: ignore[index]
    assert rows
    for row in rows:
        for column, value in row.items():
            kinds = [k for k in schema[column]["type"] if k != "null"]
            assert value is None or isinstance(value, python[kinds[0]]), (column, value)
    json.dumps(doc)  # plain JSON throughout
