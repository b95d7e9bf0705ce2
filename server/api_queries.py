"""The query library as a web API: ``/api/queries`` lists it, ``/api/queries/NAME?param=…``
runs one query, ``/api/openapi.json`` describes both (OpenAPI 3.1).

A query runs through the app's evaluator (its child process and time limit, the embedded
store or the remote endpoint), which answers in SPARQL JSON; the rows are then read back,
passed through the query's post-step if it has one, and written in the format asked for by
``?format=`` or ``Accept``: a plain JSON document (default), CSV, TSV, or the SPARQL results
formats.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, current_app, request, url_for
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from nqs import __version__
from nqs.config import Settings
from nqs.queries import Column, LibraryQuery, Parameter, load_library
from nqs.query import ParameterError, Table, bindings, finish, native, table_from_json, with_values
from nqs.server.conditional import remember, remembered
from nqs.server.errors import plain_error
from nqs.server.evaluator import Job, QueryTimeout
from nqs.server.negotiation import choose
from nqs.server.storage import build_info, get_evaluator
from nqs.sparql_results import to_csv, to_json, to_tsv, to_xml
from nqs.store import StoreError
from nqs.store.backends import BackendError, Dataset, QueryError, TooManyResults

bp = Blueprint("api_queries", __name__)

SPARQL_JSON = "application/sparql-results+json"
Writer = Callable[[LibraryQuery, dict[str, str], Table], bytes]


def _plain_json(spec: LibraryQuery, given: dict[str, str], table: Table) -> bytes:
    doc = {
        "query": spec.name,
        "title": spec.title,
        "parameters": _bound(spec, given),
        "columns": table.columns,
        "count": len(table.rows),
        "rows": [
            {c: native(t) for c, t in zip(table.columns, row, strict=True)} for row in table.rows
        ],
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _sparql(write: Callable[[list[str], Any], bytes]) -> Writer:
    return lambda spec, given, table: write(table.columns, table.rows)


# Media types offered, the first being the default; SPARQL CSV is the plain values.
WRITERS: dict[str, Writer] = {
    "application/json": _plain_json,
    "text/csv": _sparql(to_csv),
    "text/tab-separated-values": _sparql(to_tsv),
    SPARQL_JSON: _sparql(to_json),
    "application/sparql-results+xml": _sparql(to_xml),
}
FORMATS = {
    "json": "application/json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "srj": SPARQL_JSON,
    "xml": "application/sparql-results+xml",
}
RESERVED = ("format",)


def settings() -> Settings:
    return current_app.config["NQS_SETTINGS"]  # type: ignore[no-any-return]


def _bound(spec: LibraryQuery, given: dict[str, str]) -> dict[str, str]:
    """The values the parameters had: the given ones over the defaults."""
    out = {p.name: p.default for p in spec.parameters if p.default is not None}
    return out | given


def _library() -> dict[str, LibraryQuery]:
    return load_library()


# -- listing ---------------------------------------------------------------------------


def _parameter_info(p: Parameter) -> dict[str, Any]:
    info: dict[str, Any] = {"name": p.name, "type": p.type, "description": p.description}
    info["default"] = p.default
    if p.choices:
        info["choices"] = list(p.choices)
    return info


def _describe(spec: LibraryQuery) -> dict[str, Any]:
    return {
        "name": spec.name,
        "titles": spec.titles,
        "description": spec.description,
        "parameters": [_parameter_info(p) for p in spec.parameters],
        "columns": [
            {"name": c.name, "type": c.type, "description": c.description}
            for c in spec.column_specs
        ],
        "postStep": spec.post,
        "url": url_for("api_queries.run_query", name=spec.name),
        "sparql": spec.text,
    }


@bp.get("/api/queries")
def list_queries() -> Response:
    """Every library query with its titles, parameters and columns."""
    body = {"queries": [_describe(spec) for spec in _library().values()]}
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")


# -- running ---------------------------------------------------------------------------------


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _given(spec: LibraryQuery) -> dict[str, str]:
    given: dict[str, str] = {}
    for key in request.args:
        if key in RESERVED:
            continue
        values = request.args.getlist(key)
        if len(values) > 1:
            raise ApiError(400, f"parameter '{key}' is given more than once")
        given[key] = values[0]
    return given


def _media() -> str:
    fmt = request.args.get("format")
    if fmt:
        if fmt not in FORMATS:
            raise ApiError(400, f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
        return FORMATS[fmt]
    accept = parse_accept_header(request.headers.get("Accept"), MIMEAccept)
    chosen = choose(accept, WRITERS)
    if chosen is None:
        raise ApiError(406, "no acceptable format; offered: " + ", ".join(WRITERS))
    return chosen[0]


def _etag(spec: LibraryQuery, given: dict[str, str], media: str) -> str | None:
    if settings().update_token:
        return None
    try:
        build = build_info().build_id
    except StoreError:
        return None
    key = repr((spec.name, spec.text, sorted(given.items()), media, build))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _evaluate(text: str) -> Table:
    dataset = Dataset(base_iri=request.base_url)
    job = Job(text, dataset, settings().max_rows, accept=((SPARQL_JSON, 1.0),))
    answer = get_evaluator().run(job)
    assert answer is not None
    try:
        return table_from_json(answer[1])
    except ValueError as exc:
        raise ApiError(500, "the library query did not return a table") from exc


@bp.get("/api/queries/<name>")
def run_query(name: str) -> Response:
    """One library query run with the request's parameter values."""
    try:
        spec = _library().get(name)
        if spec is None:
            raise ApiError(404, f"no library query named '{name}'; see /api/queries")
        given = _given(spec)
        media = _media()
        values = bindings(given, spec)
        etag = _etag(spec, given, media)
        if etag and request.if_none_match.contains(etag):
            return Response(status=304, headers={"ETag": f'"{etag}"'})
        kept = remembered(etag) if etag else None
        if kept is not None:
            return kept
        table = finish(_evaluate(with_values(spec.text, values)), spec, given)
    except ApiError as exc:
        return plain_error(exc.status, str(exc))
    except ParameterError as exc:
        return plain_error(400, str(exc))
    except QueryError as exc:
        return plain_error(500, f"the library query failed: {exc}")
    except TooManyResults as exc:
        return plain_error(400, f"the result has more than {exc.args[0]} rows")
    except QueryTimeout as exc:
        return plain_error(503, str(exc))
    except BackendError as exc:
        return plain_error(503, str(exc))
    response = Response(WRITERS[media](spec, given, table), mimetype=media)
    if media == "text/csv":
        response.headers["Content-Disposition"] = f'inline; filename="{spec.name}.csv"'
    if etag:
        response.set_etag(etag)
        response.headers["Cache-Control"] = "public, max-age=60"
    response.headers["Vary"] = "Accept, Accept-Encoding"
    if etag:
        remember(etag, response)
    return response


# -- OpenAPI ---------------------------------------------------------------------------------

_PARAMETER_SCHEMAS: dict[str, dict[str, Any]] = {
    "xsd:string": {"type": "string"},
    "xsd:integer": {"type": "integer"},
    "xsd:decimal": {"type": "number"},
    "xsd:boolean": {"type": "boolean"},
    "xsd:date": {"type": "string", "format": "date"},
    "xsd:gYear": {"type": "string", "pattern": "^[0-9]{4}$"},
    "iri": {"type": "string", "format": "iri"},
}
_COLUMN_TYPES = {"xsd:integer": "integer", "xsd:decimal": "number", "xsd:boolean": "boolean"}


def _default(p: Parameter) -> Any:
    if p.default is None:
        return None
    if p.type == "xsd:integer":
        return int(p.default)
    if p.type == "xsd:decimal":
        return float(p.default)
    if p.type == "xsd:boolean":
        return p.default == "true"
    return p.default


def _parameter_schema(p: Parameter) -> dict[str, Any]:
    schema = dict(_PARAMETER_SCHEMAS[p.type])
    if p.choices:
        schema["enum"] = list(p.choices)
    if p.default is not None:
        schema["default"] = _default(p)
    return {
        "name": p.name,
        "in": "query",
        "required": False,
        "description": p.description or p.name,
        "schema": schema,
    }


def _column_schema(c: Column) -> dict[str, Any]:
    kind = _COLUMN_TYPES.get(c.type, "string")
    schema: dict[str, Any] = {"type": [kind, "null"], "description": c.description or c.name}
    if c.type == "iri":
        schema["format"] = "iri"
    elif c.type == "xsd:date":
        schema["format"] = "date"
    return schema


def _operation(spec: LibraryQuery) -> dict[str, Any]:
    row = {
        "type": "object",
        "properties": {c.name: _column_schema(c) for c in spec.column_specs},
        "required": spec.columns,
    }
    document = {
        "type": "object",
        "properties": {
            "query": {"const": spec.name},
            "title": {"type": "string"},
            "parameters": {"type": "object", "additionalProperties": {"type": "string"}},
            "columns": {"type": "array", "items": {"type": "string"}, "const": spec.columns},
            "count": {"type": "integer"},
            "rows": {"type": "array", "items": row},
        },
        "required": ["query", "parameters", "columns", "count", "rows"],
    }
    text = {"schema": {"type": "string"}}
    errors = {"text/plain": text}
    description = spec.description
    if spec.post:
        description += f"\n\nPost-step: {spec.post} (applied by this API to the query's rows)."
    return {
        "operationId": "query_" + spec.name.replace("-", "_"),
        "summary": spec.title,
        "description": description,
        "tags": ["library"],
        "parameters": [
            *(_parameter_schema(p) for p in spec.parameters),
            {"$ref": "#/components/parameters/format"},
        ],
        "responses": {
            "200": {
                "description": "the rows (columns: " + ", ".join(spec.columns) + ")",
                "content": {
                    "application/json": {"schema": document},
                    "text/csv": text,
                    "text/tab-separated-values": text,
                    SPARQL_JSON: {"schema": {"$ref": "#/components/schemas/SparqlResults"}},
                    "application/sparql-results+xml": text,
                },
            },
            "304": {"description": "not modified since the given ETag"},
            "400": {
                "description": "a parameter is unknown or its value does not fit its type",
                "content": errors,
            },
            "406": {"description": "no acceptable format", "content": errors},
            "503": {
                "description": "the query ran past the time limit, or the store is unavailable",
                "content": errors,
            },
        },
    }


def openapi(library: dict[str, LibraryQuery]) -> dict[str, Any]:
    """The OpenAPI 3.1 description of the query API."""
    paths: dict[str, Any] = {
        "/api/queries": {
            "get": {
                "operationId": "list_queries",
                "summary": "The query library",
                "description": "Every library query with its titles, parameters and columns.",
                "tags": ["library"],
                "responses": {
                    "200": {
                        "description": "the library",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Library"}}
                        },
                    }
                },
            }
        }
    }
    for spec in library.values():
        paths[f"/api/queries/{spec.name}"] = {"get": _operation(spec)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kz-nqs research query library",
            "version": __version__,
            "description": "Ready-made research queries over the knowledge graph of "
            "Kazakhstan's National Qualification System. Each query takes typed parameters "
            "(bound as values, never pasted into the query) and returns a table.",
        },
        "paths": paths,
        "components": {
            "parameters": {
                "format": {
                    "name": "format",
                    "in": "query",
                    "required": False,
                    "description": "The answer's format (instead of the Accept header).",
                    "schema": {"type": "string", "enum": list(FORMATS), "default": "json"},
                }
            },
            "schemas": {
                "Library": {
                    "type": "object",
                    "properties": {
                        "queries": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/QueryDescription"},
                        }
                    },
                    "required": ["queries"],
                },
                "QueryDescription": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "titles": {"type": "object", "additionalProperties": {"type": "string"}},
                        "description": {"type": "string"},
                        "parameters": {"type": "array", "items": {"type": "object"}},
                        "columns": {"type": "array", "items": {"type": "object"}},
                        "postStep": {"type": ["string", "null"]},
                        "url": {"type": "string"},
                        "sparql": {"type": "string"},
                    },
                    "required": ["name", "titles", "parameters", "columns", "url"],
                },
                "SparqlResults": {
                    "type": "object",
                    "description": "SPARQL 1.1 Query Results JSON Format",
                    "properties": {
                        "head": {"type": "object"},
                        "results": {"type": "object"},
                    },
                    "required": ["head", "results"],
                },
            },
        },
    }


@bp.get("/api/openapi.json")
def openapi_document() -> Response:
    body = json.dumps(openapi(_library()), ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json")
