"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/rdf-graph-store``: GET and HEAD for
harvesters; PUT, POST and DELETE only with the update token.

Graphs are identified indirectly (``?graph=IRI``, ``?default`` for the default graph the
endpoint queries, the merge of all named graphs) or directly: the URL
``/rdf-graph-store/<path>`` itself, without its query, is the IRI of the graph it names. A
POST to the graph store itself creates a new graph, directly identified, and answers 201
with its IRI in ``Location``.

A write to a named graph keeps the merge: what it adds is added to the default graph too,
and what it removes is removed from the default graph unless another named graph holds it.
A write to the default graph (``?default``) changes the default graph only.

Its SPARQL texts are the ``.rq`` files of ``gsp_queries/`` (:mod:`nqs.queries`): the queries
bound by :func:`nqs.sparql_bind.bind`, the updates (whose ``DROP`` and ``INSERT DATA`` take no
variables) by :func:`nqs.sparql_bind.splice`."""

from __future__ import annotations

import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from nqs.queries import package_queries
from nqs.server.errors import plain_error
from nqs.server.evaluator import Job, QueryTimeout
from nqs.server.render import NotAcceptable
from nqs.server.sparql import _authorized, settings
from nqs.server.storage import get_evaluator
from nqs.sparql_bind import bind, splice
from nqs.store.backends import BackendError, Dataset, QueryError, TooManyResults
from nqs.store.builds import store_query

bp = Blueprint("gsp", __name__)


def _text(name: str) -> str:
    """The text of the query or update ``name`` of ``gsp_queries/``."""
    return package_queries("nqs.server", "gsp", "gsp_queries")[name].text


def _direct(rest: str) -> str:
    """The IRI of a directly identified graph: the request URL without its query."""
    return f"{request.root_url}rdf-graph-store/{rest}"


def _target() -> str | Response | None:
    """The graph IRI, None for the default graph, or an error response."""
    has_default = "default" in request.args
    graph = request.args.get("graph")
    if has_default == (graph is not None):
        return plain_error(400, "give exactly one of ?graph=IRI or ?default")
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError:
            return plain_error(400, f"not an IRI: {graph}")
    return graph


def _missing(graph: str) -> Response | None:
    """The answer when ``graph`` cannot be asked about (503) or holds no triple (404)."""
    exists = _exists(graph)
    if isinstance(exists, Response):
        return exists
    return None if exists else plain_error(404, f"no graph {graph}")


def _exists(graph: str) -> bool | Response:
    text = bind(_text("graph-exists"), {"graph": ox.NamedNode(graph)})
    job = Job(text, Dataset(), 1, accept=(("text/csv", 1.0),))
    try:
        answer = get_evaluator().run(job)
    except (QueryError, BackendError, QueryTimeout) as exc:
        return plain_error(503, str(exc))
    return answer is not None and answer[1].strip() == b"true"


@bp.route("/rdf-graph-store", methods=["GET", "HEAD"])
def read() -> Response:
    target = _target()
    if isinstance(target, Response):
        return target
    return _read(target)


@bp.route("/rdf-graph-store/<path:rest>", methods=["GET", "HEAD"])
def read_direct(rest: str) -> Response:
    return _read(_direct(rest))


def _read(target: str | None) -> Response:
    accept = parse_accept_header(request.headers.get("Accept"), MIMEAccept)
    if target is not None:
        missing = _missing(target)
        if missing is not None:
            return missing
        text = bind(store_query("graph"), {"graph": ox.NamedNode(target)})  # the store's own
    else:
        text = _text("default-graph")
    try:
        answer = get_evaluator().run(
            Job(text, Dataset(), settings().max_rows, accept=tuple(accept))
        )
    except NotAcceptable as exc:
        return plain_error(406, str(exc))
    except TooManyResults as exc:
        return plain_error(400, f"the graph has more than {exc.args[0]} triples: use /sparql")
    except (QueryError, BackendError, QueryTimeout) as exc:
        return plain_error(503, str(exc))
    assert answer is not None
    return Response(answer[1], mimetype=answer[0], headers={"Vary": "Accept"})


def _refused() -> Response | None:
    if not settings().update_token:
        return plain_error(403, "the graph store is read-only")
    if not _authorized():
        return plain_error(403, "writing needs a valid 'Authorization: Bearer' token")
    return None


@bp.route("/rdf-graph-store", methods=["PUT", "POST", "DELETE"])
def write() -> Response:
    refused = _refused()
    if refused is not None:
        return refused
    if request.method == "POST" and not request.args:
        # POST to the graph store itself: a new graph, named under the store
        created = _direct(f"graph/{uuid.uuid4().hex}")
        response = _write(created)
        if response.status_code == 201:
            response.headers["Location"] = created
        return response
    target = _target()
    if isinstance(target, Response):
        return target
    return _write(target)


@bp.route("/rdf-graph-store/<path:rest>", methods=["PUT", "POST", "DELETE"])
def write_direct(rest: str) -> Response:
    refused = _refused()
    return refused if refused is not None else _write(_direct(rest))


def _drop(target: str | None) -> str:
    """The update that drops ``target`` (None: the default graph), keeping the merge: what
    it removes from the default graph is what no other named graph holds."""
    if target is None:
        return _text("drop-default")
    return splice(_text("drop-graph"), {"graph": ox.NamedNode(target)})


def _add(target: str | None, triples: list[ox.Triple]) -> str:
    """The update that adds ``triples`` to ``target`` and to the merge (None: to the
    default graph only)."""
    if target is None:
        return splice(_text("add-to-default"), data=triples)
    return splice(_text("add-to-graph"), {"graph": ox.NamedNode(target)}, triples)


def _write(target: str | None) -> Response:
    if request.method == "DELETE":
        missing = None if target is None else _missing(target)
        if missing is not None:
            return missing
        return _update(_drop(target), 204)
    if request.mimetype == "multipart/form-data":
        parts = [(f.mimetype, f.read()) for f in request.files.values()]
    else:
        parts = [(request.mimetype, request.get_data())]
    triples: list[ox.Triple] = []
    for media, body in parts:
        rdf_format = ox.RdfFormat.from_media_type(media or "")
        if rdf_format is None:
            return plain_error(415, f"unsupported RDF media type {media or '(none)'}")
        try:
            triples += [q.triple for q in ox.parse(body, format=rdf_format)]
        except SyntaxError as exc:
            return plain_error(400, f"the body is not valid {rdf_format.name}: {exc}")
    existed = True if target is None else _exists(target)
    if isinstance(existed, Response):
        return existed
    insert = _add(target, triples)
    text = f"{_drop(target)} ;\n{insert}" if request.method == "PUT" else insert
    return _update(text, 204 if existed else 201)


def _update(text: str, status: int) -> Response:
    try:
        get_evaluator().run(Job(text, Dataset(), 0, update=True))
    except QueryError as exc:
        return plain_error(400, str(exc))
    except (BackendError, QueryTimeout) as exc:
        return plain_error(503, str(exc))
    return Response(status=status)
