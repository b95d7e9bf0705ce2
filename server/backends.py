"""Where queries are evaluated: the embedded pyoxigraph store, or a remote SPARQL 1.1
endpoint reached with the same protocol. Both give an :class:`Outcome` of plain terms, so
limits and serialization are the same whichever store answers."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pyoxigraph as ox

from nqs.sparql_results import Term, term_from_json
from nqs.sparql_text import top_level_limit
from nqs.store import ReadOnlyStore

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
    def query(self, text: str, dataset: Dataset, max_rows: int) -> Outcome: ...

    def update(self, text: str, base_iri: str | None = None) -> None: ...


def capped(items: Iterable[T], max_rows: int) -> list[T]:
    """All items, or :class:`TooManyResults` as soon as there are more than ``max_rows``."""
    out: list[T] = []
    for item in items:
        if len(out) == max_rows:
            raise TooManyResults(max_rows)
        out.append(item)
    return out


class EmbeddedBackend:
    """The current build of the on-disk store (read-only unless updates are enabled)."""

    def __init__(self, store: Path, writable: bool = False) -> None:
        self.store = ReadOnlyStore(store, writable=writable)

    def query(self, text: str, dataset: Dataset, max_rows: int) -> Outcome:
        # Without default-graph-uri, the store's default graph: the merge of its named
        # graphs, each triple once.
        kwargs: dict[str, Any] = {"base_iri": dataset.base_iri}
        if dataset.default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
        if dataset.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
        try:
            result = self.store.db.query(text, **kwargs)
            if isinstance(result, ox.QueryBoolean):
                return Outcome("ask", boolean=bool(result))
            limit = top_level_limit(text)
            bounded = limit is not None and limit <= max_rows
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

    def update(self, text: str, base_iri: str | None = None) -> None:
        try:
            self.store.db.update(text, base_iri=base_iri)
        except SyntaxError as exc:
            raise QueryError(f"update syntax error: {exc}") from exc
        except (ValueError, RuntimeError, OSError) as exc:
            raise QueryError(str(exc)) from exc


class RemoteBackend:
    """A SPARQL 1.1 endpoint: queries are POSTed as ``application/sparql-query``; results
    are read as SPARQL JSON or N-Triples and turned into terms."""

    def __init__(self, endpoint: str, timeout: float, update_endpoint: str | None = None) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.timeout = timeout

    def _post(self, url: str, body: str, content_type: str, accept: str) -> tuple[str, bytes]:
        request = urllib.request.Request(
            url,
            data=body.encode("utf-8"),
            method="POST",
            headers={"Content-Type": content_type, "Accept": accept},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            message = exc.read().decode("utf-8", "replace").strip()[:500]
            if 400 <= exc.code < 500:
                raise QueryError(message or f"the store answered {exc.code}") from exc
            raise BackendError(f"the store answered {exc.code}") from exc
        except OSError as exc:
            raise BackendError(f"the store is unreachable: {exc}") from exc

    def query(self, text: str, dataset: Dataset, max_rows: int) -> Outcome:
        from urllib.parse import urlencode

        params = [("default-graph-uri", g) for g in dataset.default_graphs]
        params += [("named-graph-uri", g) for g in dataset.named_graphs]
        url = self.endpoint + ("?" + urlencode(params) if params else "")
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        media, body = self._post(url, text, "application/sparql-query", accept)
        if media == "application/n-triples":
            triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            return Outcome("graph", triples=capped((q.triple for q in triples), max_rows))
        data = json.loads(body)
        if "boolean" in data:
            return Outcome("ask", boolean=bool(data["boolean"]))
        variables = list(data["head"].get("vars", []))
        bindings = capped(data["results"]["bindings"], max_rows)
        rows = [[term_from_json(b[v]) if v in b else None for v in variables] for b in bindings]
        return Outcome("select", variables=variables, rows=rows)

    def update(self, text: str, base_iri: str | None = None) -> None:
        self._post(self.update_endpoint, text, "application/sparql-update", "*/*")
