"""The SPARQL 1.1 Protocol at ``/sparql``: queries by GET, form POST and direct POST;
updates by form or direct POST when enabled with a token; the service description on a
GET without a query."""

from __future__ import annotations

import hashlib
import hmac

from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from nqs.config import Settings
from nqs.server.conditional import build_time
from nqs.server.description import service_description
from nqs.server.errors import plain_error
from nqs.server.evaluator import Job, QueryTimeout
from nqs.server.negotiation import FORMAT_PARAMETERS, format_values
from nqs.server.render import NotAcceptable
from nqs.server.storage import build_info, get_evaluator
from nqs.sparql_syntax import Limits, Request, SparqlSyntaxError, SparqlTooComplex, parse
from nqs.store import StoreError
from nqs.store.backends import BackendError, Dataset, QueryError, TooManyResults

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
# What a GET without a query may name and still get the service description: a format, and
# the page's interface and label languages (the links of the description's page).
DESCRIPTION_PARAMETERS = frozenset({*FORMAT_PARAMETERS, "lang", "labels"})


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def settings() -> Settings:
    return current_app.config["NQS_SETTINGS"]  # type: ignore[no-any-return]


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"more than one '{name}' parameter")
    return values[0] if values else None


def _utf8_body() -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"unsupported charset {charset}: send UTF-8")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, "the request body is not valid UTF-8") from exc


def _parse_request() -> tuple[str, str, dict[str, list[str]]]:
    """The operation ("query" or "update"), its text, and the dataset parameters."""
    args = request.args
    if request.method == "GET":
        if "update" in args:
            raise ProtocolError(400, "an update must be sent with POST")
        text = _single(args.getlist("query"), "query")
        params = {k: args.getlist(k) for k in args}
        return "query", text or "", params
    mimetype = request.mimetype
    if mimetype == FORM:
        _utf8_body()
        form = request.form
        params = {k: form.getlist(k) for k in form} | {k: args.getlist(k) for k in args}
        if "query" in form and "update" in form:
            raise ProtocolError(400, "both 'query' and 'update' given")
        if "update" in form:
            return "update", _single(form.getlist("update"), "update") or "", params
        return "query", _single(form.getlist("query"), "query") or "", params
    if mimetype in (QUERY, UPDATE):
        text = _utf8_body()
        params = {k: args.getlist(k) for k in args}
        return ("query" if mimetype == QUERY else "update"), text, params
    given = mimetype or "no content type"
    raise ProtocolError(
        415, f"unsupported content type ({given}): send {FORM}, {QUERY} or {UPDATE}"
    )


def _accept() -> MIMEAccept:
    return parse_accept_header(request.headers.get("Accept"), MIMEAccept)


def _parsed(text: str) -> Request:
    """The request parsed once (relative IRIs against this endpoint's address, as the
    evaluation resolves them); a syntax error or a request too complex to run is a 400."""
    given = settings()
    limits = Limits(given.query_max_chars, given.query_max_depth, given.query_max_chain)
    try:
        return parse(text, request.base_url, limits)
    except SparqlSyntaxError as exc:
        raise ProtocolError(400, str(exc)) from exc
    except SparqlTooComplex as exc:
        raise ProtocolError(400, f"the request is too complex to evaluate: {exc}") from exc


def _check_services(parsed: Request) -> None:
    """Every SERVICE endpoint, as the engine would call it, is on the allow-list (a
    variable endpoint never is)."""
    allowed = settings().service_allow
    for service in parsed.services:
        iri = service.iri
        ok = iri is not None and any(
            iri == a or (a.endswith("/") and iri.startswith(a)) for a in allowed
        )
        if not ok:
            raise ProtocolError(403, f"SERVICE {service} is not allowed on this endpoint")


def _authorized() -> bool:
    token = settings().update_token
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def _etag(text: str, params: dict[str, list[str]]) -> str | None:
    """An entity tag for a query answer: the build (the store's, or the one the remote
    endpoint's data describes) and everything that shapes the answer; None without one."""
    try:
        build = build_info().build_id
    except StoreError:
        return None
    key = repr((text, sorted(params.items()), request.headers.get("Accept"), build))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _query(text: str, params: dict[str, list[str]], parsed: Request) -> Response:
    _check_services(parsed)
    dataset = Dataset(
        tuple(params.get("default-graph-uri", [])),
        tuple(params.get("named-graph-uri", [])),
        request.base_url,
    )
    # the build tells when the data changed: this store's, or the endpoint's described build
    cacheable = request.method == "GET" and not settings().update_token
    etag = _etag(text, params) if cacheable else None
    built = build_time() if cacheable else None
    if etag and request.if_none_match.contains(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"'})
    since = request.if_modified_since
    if built and since and not request.if_none_match and built <= since:
        return Response(status=304)
    job = Job(
        text,
        dataset,
        settings().max_rows,
        accept=tuple(_accept()),
        formats=format_values(params),
    )
    answer = get_evaluator().run(job)
    assert answer is not None
    response = Response(answer[1], mimetype=answer[0])
    if etag:
        response.set_etag(etag)
        response.last_modified = built
        response.headers["Cache-Control"] = "public, max-age=60"
    return response


def _with_using(text: str, params: dict[str, list[str]], parsed: Request) -> str:
    """The update with the protocol's using-graph-uri / using-named-graph-uri applied as
    USING clauses before each WHERE (a conflict with USING or WITH in the text is an error)."""
    using = [f"USING <{g}>" for g in params.get("using-graph-uri", [])]
    using += [f"USING NAMED <{g}>" for g in params.get("using-named-graph-uri", [])]
    if not using:
        return text
    for bad, present in (("USING", parsed.has_using), ("WITH", parsed.has_with)):
        if present:
            raise ProtocolError(400, f"the update has {bad} and the request gives using-graph-uri")
    for iri in (*params.get("using-graph-uri", []), *params.get("using-named-graph-uri", [])):
        if any(c in iri for c in '<>" {}|\\^`'):
            raise ProtocolError(400, f"not an IRI: {iri}")
    clause = " ".join(using) + " "
    out, last = [], 0
    for at in parsed.using_offsets:
        out += [text[last:at], clause]
        last = at
    return "".join(out) + text[last:]


def _update(text: str, params: dict[str, list[str]]) -> Response:
    if not settings().update_token:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if not _authorized():
        raise ProtocolError(403, "SPARQL Update needs a valid 'Authorization: Bearer' token")
    parsed = _parsed(text)
    if parsed.form:
        raise ProtocolError(400, f"a {parsed.form} query was sent as an update")
    if parsed.has_load:
        raise ProtocolError(403, "LOAD is disabled on this endpoint")
    _check_services(parsed)
    job = Job(_with_using(text, params, parsed), Dataset(base_iri=request.base_url), 0, update=True)
    get_evaluator().run(job)
    return Response(status=204)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    try:
        operation, text, params = _parse_request()
        if operation == "query" and not text:
            if request.method == "GET" and set(request.args) <= DESCRIPTION_PARAMETERS:
                return service_description()
            raise ProtocolError(400, "missing 'query' parameter")
        if operation == "update":
            response = _update(text, params)
        else:
            parsed = _parsed(text)
            if parsed.operations:
                raise ProtocolError(400, "an update was sent as a query")
            if parsed.form is None:
                raise ProtocolError(400, "no query: SELECT, CONSTRUCT, ASK or DESCRIBE expected")
            response = _query(text, params, parsed)
    except ProtocolError as exc:
        return plain_error(exc.status, str(exc))
    except QueryError as exc:
        return plain_error(400, str(exc))
    except NotAcceptable as exc:
        return plain_error(406, str(exc))
    except TooManyResults as exc:
        return plain_error(
            400, f"the result has more than {exc.args[0]} rows: page it with LIMIT and OFFSET"
        )
    except QueryTimeout as exc:
        return plain_error(503, str(exc))
    except BackendError as exc:
        return plain_error(503, str(exc))
    response.headers["Vary"] = "Accept, Accept-Encoding"
    return response
