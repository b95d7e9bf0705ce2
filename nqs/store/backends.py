"""Where queries are evaluated: the embedded pyoxigraph store, or a separate SPARQL 1.1
server reached with the same protocol. Both give an :class:`Outcome` of plain terms, so
limits and serialization are the same whichever store answers, for every caller (the server,
``nqs query``, ``nqs export``). Reading is the default; a backend that also takes updates is
a type of its own (:class:`WritableBackend`: :class:`WritableEmbeddedBackend`,
:class:`WritableRemoteBackend`), chosen by name."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable
from urllib.parse import urlencode

import pyoxigraph as ox

from nqs.config import Settings
from nqs.sparql_results import Term, term_from_json
from nqs.sparql_syntax import SparqlSyntaxError, SparqlTooComplex, parse
from nqs.store.builds import store_query as _store_query
from nqs.store.current import ReadOnlyStore, WritableStore

T = TypeVar("T")


class QueryError(Exception):
    """A query the backend refused or could not evaluate (the client's fault: 400)."""


class BackendError(Exception):
    """The backend itself failed (503)."""


class TooManyResults(Exception):
    """The result is larger than the row cap."""


@dataclass(frozen=True)
class Dataset:
    """The protocol's ``default-graph-uri`` and ``named-graph-uri`` values."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    """The IRI relative IRIs of the request resolve against (the endpoint's)."""


@dataclass
class Outcome:
    """A query's result as plain terms."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool = False
    raw: ox.QuerySolutions | ox.QueryTriples | None = None
    """The live result of a query known to stay within the row cap (its top-level LIMIT),
    serialized natively by pyoxigraph; never leaves the evaluating process."""


class Backend(Protocol):
    """A store that answers queries."""

    def query(self, text: str, dataset: Dataset, max_rows: int) -> Outcome: ...


@runtime_checkable
class WritableBackend(Backend, Protocol):
    """A store that answers queries and takes SPARQL updates."""

    def update(self, text: str, base_iri: str | None = None) -> None: ...


def capped(items: Iterable[T], max_rows: int) -> list[T]:
    """All items, or :class:`TooManyResults` as soon as there are more than ``max_rows``."""
    out: list[T] = []
    for item in items:
        if len(out) == max_rows:
            raise TooManyResults(max_rows)
        out.append(item)
    return out


def _row_bound(text: str) -> int | None:
    """The most rows or triples the query's answer can have, when its top-level LIMIT says
    (see :attr:`nqs.sparql_syntax.Request.row_bound`); None when unknown."""
    try:
        return parse(text).row_bound
    except (SparqlSyntaxError, SparqlTooComplex):
        return None


def _form(text: str) -> str | None:
    try:
        return parse(text).form
    except (SparqlSyntaxError, SparqlTooComplex):
        return None


class DatabaseBackend:
    """An open pyoxigraph database, read: an in-memory view such as the as-of view
    (:func:`nqs.derive.asof.as_of_view`), or, as :class:`EmbeddedBackend`, the store's current
    build."""

    def __init__(self, db: ox.Store) -> None:
        self._db = db

    @property
    def db(self) -> ox.Store:
        return self._db

    def query(self, text: str, dataset: Dataset, max_rows: int) -> Outcome:
        # Without default-graph-uri, the store's default graph: the merge of its named
        # graphs, each triple once.
        kwargs: dict[str, Any] = {"base_iri": dataset.base_iri}
        if dataset.default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
        if dataset.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
        try:
            result = self.db.query(text, **kwargs)
            if isinstance(result, ox.QueryBoolean):
                return Outcome("ask", boolean=bool(result))
            bound = _row_bound(text)
            bounded = bound is not None and bound <= max_rows
            if isinstance(result, ox.QueryTriples):
                if bounded:
                    return Outcome("graph", raw=result)
                return Outcome("graph", triples=capped(result, max_rows))
            if bounded:
                return Outcome("select", raw=result)
            variables = [v.value for v in result.variables]
            rows = capped(([s[v] for v in variables] for s in result), max_rows)
        except SyntaxError as exc:
            raise QueryError(f"query syntax error: {exc}") from exc
        except (ValueError, RuntimeError) as exc:
            raise QueryError(str(exc)) from exc
        except OSError as exc:
            raise QueryError(f"evaluation failed: {exc}") from exc
        return Outcome("select", variables=variables, rows=rows)


class EmbeddedBackend(DatabaseBackend):
    """The current build of the on-disk store, read-only (reopened when a build swaps in)."""

    def __init__(self, store: Path) -> None:
        self.store = self._open(store)

    @staticmethod
    def _open(store: Path) -> ReadOnlyStore:
        return ReadOnlyStore(store)

    @property
    def db(self) -> ox.Store:
        return self.store.db


class WritableEmbeddedBackend(EmbeddedBackend):
    """The current build of the on-disk store, opened for writing: one process at a time."""

    @staticmethod
    def _open(store: Path) -> ReadOnlyStore:
        return WritableStore(store)

    def update(self, text: str, base_iri: str | None = None) -> None:
        try:
            self.store.db.update(text, base_iri=base_iri)
        except SyntaxError as exc:
            raise QueryError(f"update syntax error: {exc}") from exc
        except (ValueError, RuntimeError, OSError) as exc:
            raise QueryError(str(exc)) from exc


GRAPH_ACCEPT = (
    "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8, text/plain;q=0.5"
)
RESULTS_ACCEPT = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
HTTP_GRACE = 5.0
"""Seconds the server waits for an endpoint with a time limit of its own past that limit."""


class BackendTimeout(Exception):
    """The query ran past the time limit (what stopped it is the message)."""


@dataclass(frozen=True)
class Dialect:
    """What an endpoint needs beyond the SPARQL 1.1 Protocol."""

    name: str
    form_post: bool
    """Queries as a form-encoded POST (Virtuoso 7 never answers a direct POST)."""
    timeout_ms: str | None
    """The parameter that takes the time limit in milliseconds, if any."""


DIALECTS = {
    "generic": Dialect("generic", form_post=False, timeout_ms=None),
    "virtuoso": Dialect("virtuoso", form_post=True, timeout_ms="timeout"),
}


def canonical(term: Term) -> Term:
    """A boolean in its canonical lexical form (Virtuoso writes ``1``/``0``)."""
    if (
        isinstance(term, ox.Literal)
        and term.datatype.value == XSD_BOOLEAN
        and term.value in ("1", "0")
    ):
        return ox.Literal("true" if term.value == "1" else "false", datatype=term.datatype)
    return term


class RemoteBackend:
    """A SPARQL 1.1 endpoint, asked in its dialect (:data:`DIALECTS`; ``auto``: told by the
    ``Server`` header of its answer to ``ASK {}``): SELECT and ASK answers are read as SPARQL
    JSON, graphs in N-Triples, Turtle or RDF/XML, whichever the endpoint gives, and turned
    into terms. A request that names no dataset is sent with ``default-graph-uri`` =
    ``default_graph`` when one is set. The time limit goes to an endpoint that takes one
    (Virtuoso: ``timeout`` in ms; its partial answer at the limit is a timeout); from
    another, the answer is awaited for the time limit only."""

    def __init__(
        self,
        endpoint: str,
        timeout: float,
        default_graph: str | None = None,
        kind: str = "auto",
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.default_graph = default_graph
        self.kind = kind
        self._dialect: Dialect | None = DIALECTS.get(kind)
        if self._dialect is None and kind != "auto":
            raise ValueError(f"unknown endpoint kind {kind!r}")

    @property
    def dialect(self) -> Dialect:
        if self._dialect is None:
            self._dialect = self._detect()
        return self._dialect

    def _detect(self) -> Dialect:
        """The dialect told by the ``Server`` header of the endpoint's answer to ``ASK {}``
        (``probe.rq``)."""
        url = (
            self.endpoint
            + ("&" if "?" in self.endpoint else "?")
            + urlencode({"query": _store_query("probe").strip()})
        )
        request = urllib.request.Request(url, headers={"Accept": RESULTS_ACCEPT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                server = response.headers.get("Server", "")
        except urllib.error.HTTPError as exc:
            server = exc.headers.get("Server", "") if exc.headers else ""
        except OSError as exc:
            raise BackendError(f"the store is unreachable: {exc}") from exc
        return DIALECTS["virtuoso" if server.lower().startswith("virtuoso") else "generic"]

    def _post(
        self, url: str, body: bytes, content_type: str, accept: str, timeout: float
    ) -> tuple[str, bytes, Message]:
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": content_type, "Accept": accept},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.headers.get_content_type(), response.read(), response.headers
        except urllib.error.HTTPError as exc:
            message = exc.read().decode("utf-8", "replace").strip()[:500]
            if 400 <= exc.code < 500:
                raise QueryError(message or f"the store answered {exc.code}") from exc
            raise BackendError(f"the store answered {exc.code}: {message[:200]}") from exc
        except TimeoutError as exc:
            raise self._timeout() from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise self._timeout() from exc
            raise BackendError(f"the store is unreachable: {exc.reason}") from exc
        except OSError as exc:
            raise BackendError(f"the store is unreachable: {exc}") from exc

    def _timeout(self) -> BackendTimeout:
        if self.dialect.timeout_ms:
            return BackendTimeout("the endpoint did not answer within it")
        return BackendTimeout(
            "the endpoint takes no time limit, so the server stopped waiting for the answer "
            "(the query may still be running there)"
        )

    def _send(
        self, url: str, field: str, text: str, params: list[tuple[str, str]], kind: str, accept: str
    ) -> tuple[str, bytes, Message]:
        dialect = self.dialect
        wait = self.timeout + HTTP_GRACE if dialect.timeout_ms else self.timeout
        if dialect.form_post:
            body = urlencode([(field, text), *params]).encode("utf-8")
            return self._post(url, body, FORM, accept, wait)
        target = url + ("?" + urlencode(params) if params else "")
        return self._post(target, text.encode("utf-8"), kind, accept, wait)

    def query(self, text: str, dataset: Dataset, max_rows: int) -> Outcome:
        params = [("default-graph-uri", g) for g in dataset.default_graphs]
        params += [("named-graph-uri", g) for g in dataset.named_graphs]
        if not params and self.default_graph:
            params = [("default-graph-uri", self.default_graph)]
        if self.dialect.timeout_ms:
            params.append((self.dialect.timeout_ms, str(max(1, int(self.timeout * 1000)))))
        graph = _form(text) in ("CONSTRUCT", "DESCRIBE")
        accept = GRAPH_ACCEPT if graph else RESULTS_ACCEPT
        media, body, headers = self._send(
            self.endpoint, "query", text, params, "application/sparql-query", accept
        )
        if headers.get("X-SQL-State", "").strip() == "S1TAT":  # Virtuoso's partial answer
            raise BackendTimeout("the endpoint stopped the query at the limit")
        if graph:
            try:
                fmt = ox.RdfFormat.from_media_type(media)
            except ValueError:
                fmt = None
            if fmt is None or fmt.supports_datasets:
                raise BackendError(f"the store answered a graph query with {media}")
            try:
                triples = [
                    t if isinstance(t, ox.Triple) else t.triple for t in ox.parse(body, format=fmt)
                ]
            except SyntaxError as exc:
                raise BackendError(f"the store's {media} answer cannot be read: {exc}") from exc
            return Outcome("graph", triples=capped(triples, max_rows))
        data = json.loads(body)
        if "boolean" in data:
            return Outcome("ask", boolean=bool(data["boolean"]))
        variables = list(data["head"].get("vars", []))
        bindings = capped(data["results"]["bindings"], max_rows)
        rows = [
            [canonical(term_from_json(b[v])) if v in b else None for v in variables]
            for b in bindings
        ]
        return Outcome("select", variables=variables, rows=rows)


class WritableRemoteBackend(RemoteBackend):
    """A SPARQL 1.1 server that also takes updates, at ``update_endpoint`` (by default the
    query endpoint)."""

    def __init__(
        self,
        endpoint: str,
        timeout: float,
        update_endpoint: str | None = None,
        default_graph: str | None = None,
        kind: str = "auto",
    ) -> None:
        super().__init__(endpoint, timeout, default_graph, kind)
        self.update_endpoint = update_endpoint or endpoint

    def update(self, text: str, base_iri: str | None = None) -> None:
        self._send(self.update_endpoint, "update", text, [], "application/sparql-update", "*/*")


def open_backend(settings: Settings, writable: bool = False) -> Backend:
    """The backend the settings name: the separate SPARQL server at ``endpoint`` (in its
    graph ``endpoint_graph`` when set), else the embedded store. With ``writable``, the type
    that also takes updates."""
    if settings.endpoint:
        if writable:
            return WritableRemoteBackend(
                settings.endpoint,
                settings.query_timeout,
                default_graph=settings.endpoint_graph,
                kind=settings.endpoint_kind,
            )
        return RemoteBackend(
            settings.endpoint,
            settings.query_timeout,
            default_graph=settings.endpoint_graph,
            kind=settings.endpoint_kind,
        )
    if writable:
        return WritableEmbeddedBackend(settings.store)
    return EmbeddedBackend(settings.store)
