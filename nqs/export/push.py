"""Push every graph of the release to a partner's store with the SPARQL 1.1 Graph Store
Protocol: one ``PUT <endpoint>?graph=<IRI>`` per named graph (``?default`` for a non-empty
default graph), body in N-Triples, with ``Authorization: Bearer <token>`` when given.

PUT replaces the graph, so pushing the same release twice leaves the partner's store as
after the first push. Each graph is first written to a temporary file by pyoxigraph and
sent from there with its length, so no graph is held in memory."""

from __future__ import annotations

import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from nqs.export.release import GraphName, Release

TIMEOUT = 120.0  # seconds per request
CONTENT_TYPE = "application/n-triples"


class PushError(Exception):
    """The partner's store refused a graph or could not be reached."""


@dataclass(frozen=True)
class Pushed:
    graph: str
    bytes: int
    status: int


def graph_url(endpoint: str, graph: GraphName) -> str:
    """The Graph Store Protocol URL of a graph (indirect identification)."""
    joiner = "&" if "?" in endpoint else "?"
    if isinstance(graph, ox.DefaultGraph):
        return f"{endpoint}{joiner}default"
    return f"{endpoint}{joiner}graph={quote(graph.value, safe='')}"


def put_graph(url: str, body: Path, token: str | None, timeout: float = TIMEOUT) -> int:
    headers = {"Content-Type": CONTENT_TYPE, "Content-Length": str(body.stat().st_size)}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    with body.open("rb") as fh:
        request = urllib.request.Request(url, data=fh, method="PUT", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            raise PushError(f"PUT {url}: HTTP {exc.code} {exc.reason}") from exc
        except urllib.error.URLError as exc:
            raise PushError(f"PUT {url}: {exc.reason}") from exc


def push(
    release: Release,
    endpoint: str,
    token: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Pushed]:
    """PUT every graph of the release; stops at the first graph that is refused."""
    done: list[Pushed] = []
    with tempfile.TemporaryDirectory(prefix="nqs-push-") as tmp:
        body = Path(tmp) / "graph.nt"
        for graph in release.graphs():
            release.db.dump(str(body), ox.RdfFormat.N_TRIPLES, from_graph=graph)
            status = put_graph(graph_url(endpoint, graph), body, token)
            name = "(default graph)" if isinstance(graph, ox.DefaultGraph) else graph.value
            done.append(Pushed(name, body.stat().st_size, status))
            if progress:
                progress(f"PUT {name}: HTTP {status}, {body.stat().st_size} bytes")
    return done
