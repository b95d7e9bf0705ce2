"""The SPARQL 1.1 Protocol at ``/sparql``: query by GET, by form POST, by direct POST."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from nqs.server.negotiation import FORMAT_ALIASES, GRAPH_FORMATS, RESULT_FORMATS, choose
from nqs.server.storage import get_store

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


def plain_error(status: int, message: str) -> Response:
    """A short plain-text error for a client; never a stack trace."""
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain")


def _request_query() -> tuple[str | None, list[str], list[str]] | Response:
    """The query text, default-graph-uri and named-graph-uri of this request."""
    args = request.args
    if request.method == "GET":
        return args.get("query"), args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
    mimetype = request.mimetype
    if mimetype == FORM:
        form = request.form
        if "update" in form:
            return plain_error(403, "this endpoint is read-only: SPARQL Update is not accepted")
        return form.get("query"), form.getlist("default-graph-uri"), form.getlist("named-graph-uri")
    if mimetype == DIRECT:
        text = request.get_data(as_text=True)
        return text, args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
    if mimetype == "application/sparql-update":
        return plain_error(403, "this endpoint is read-only: SPARQL Update is not accepted")
    return plain_error(
        415, f"unsupported content type {mimetype or '(none)'}: send {FORM} or {DIRECT}"
    )


def _accept() -> MIMEAccept:
    fmt = request.args.get("format")
    if fmt:
        return MIMEAccept([(FORMAT_ALIASES.get(fmt, fmt), 1)])
    return parse_accept_header(request.headers.get("Accept"), MIMEAccept)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    parsed = _request_query()
    if isinstance(parsed, Response):
        return parsed
    text, default_graphs, named_graphs = parsed
    if not text:
        return plain_error(400, "missing 'query' parameter")
    store = get_store()
    kwargs: dict[str, object] = {}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = store.db.query(text, **kwargs)  # type: ignore[arg-type]
    except SyntaxError as exc:
        return plain_error(400, f"query syntax error: {exc}")
    except ValueError as exc:
        return plain_error(400, f"bad request: {exc}")
    accept = _accept()
    if isinstance(result, ox.QueryTriples):
        graph_choice = choose(accept, GRAPH_FORMATS)
        if graph_choice is None:
            return plain_error(
                406, "no acceptable RDF format; offered: " + ", ".join(GRAPH_FORMATS)
            )
        media, rdf_format = graph_choice
        body = result.serialize(format=rdf_format)
    else:
        result_choice = choose(accept, RESULT_FORMATS)
        if result_choice is None:
            return plain_error(
                406, "no acceptable results format; offered: " + ", ".join(RESULT_FORMATS)
            )
        media, results_format = result_choice
        body = result.serialize(format=results_format)
    current_app.logger.debug("answered a query as %s", media)
    return Response(body, mimetype=media, headers={"Vary": "Accept"})
