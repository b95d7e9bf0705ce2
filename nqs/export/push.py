"""Push every graph of the release to a partner's store with the SPARQL 1.1 Graph Store
Protocol: one ``PUT <endpoint>?graph=<IRI>`` per named graph (``?default`` for a non-empty
default graph, or ``?graph=<default_graph>`` when the partner keeps the merge in a named
graph of its own, as a Virtuoso store must: its default graph is every graph), body in
N-Triples.

Authentication: ``Authorization: Bearer <token>`` when a token is given; with a user and a
password, what the store asks for in its ``WWW-Authenticate`` challenge (got from a ``HEAD``
of the graph's URL before the first ``PUT``, and tried on a second ``HEAD``, so that refused
credentials are told before a graph is sent): HTTP Digest (RFC 7616: MD5 or SHA-256, ``qop``
``auth``, as Virtuoso's ``/sparql-graph-crud-auth`` asks) or Basic. A Digest nonce is used
for the following graphs too (counted), and asked again when the store says it is stale.

PUT replaces the graph, so pushing the same release twice leaves the partner's store as
after the first push. Each graph is first written to a temporary file by pyoxigraph and
sent from there with its length, so no graph is held in memory."""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

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


def graph_url(endpoint: str, graph: GraphName, default_graph: str | None = None) -> str:
    """The Graph Store Protocol URL of a graph (indirect identification); the default graph
    goes to ``default_graph`` when one is given."""
    joiner = "&" if "?" in endpoint else "?"
    if isinstance(graph, ox.DefaultGraph):
        if default_graph:
            return f"{endpoint}{joiner}graph={quote(default_graph, safe='')}"
        return f"{endpoint}{joiner}default"
    return f"{endpoint}{joiner}graph={quote(graph.value, safe='')}"


def _challenge_params(header: str) -> tuple[str, dict[str, str]]:
    """The scheme of a ``WWW-Authenticate`` challenge and its parameters."""
    scheme, _, rest = header.strip().partition(" ")
    items = [i for i in urllib.request.parse_http_list(rest) if "=" in i]
    return scheme.lower(), urllib.request.parse_keqv_list(items)


_HASHES: dict[str, Callable[[bytes], str]] = {
    "md5": lambda b: hashlib.md5(b).hexdigest(),
    "sha-256": lambda b: hashlib.sha256(b).hexdigest(),
}


@dataclass
class Credentials:
    """How each request is authorised: a bearer token, or a user and password answered to
    the store's challenge (Digest or Basic)."""

    token: str | None = None
    user: str | None = None
    password: str | None = None
    cnonce: Callable[[], str] = field(default=lambda: os.urandom(8).hex(), repr=False)
    """The client nonce of each Digest answer (fresh random bytes)."""
    verified: bool = False
    """The user and password were accepted (or not asked for)."""
    _scheme: str | None = None
    _params: dict[str, str] = field(default_factory=dict)
    _count: int = 0

    @property
    def by_password(self) -> bool:
        return self.user is not None

    def challenged(self, header: str | None) -> bool:
        """Take the store's challenge; False when it names no scheme this client answers."""
        if not header:
            return False
        for part in _split_challenges(header):
            scheme, params = _challenge_params(part)
            if (
                scheme == "digest"
                and params.get("algorithm", "MD5").lower().removesuffix("-sess") in _HASHES
            ):
                self._scheme, self._params, self._count = "digest", params, 0
                return True
        for part in _split_challenges(header):
            if part.strip().lower().startswith("basic"):
                self._scheme, self._params = "basic", {}
                return True
        return False

    def header(self, method: str, url: str) -> str | None:
        """The ``Authorization`` value of a request, or None."""
        if self.token and not self.by_password:
            return f"Bearer {self.token}"
        if self._scheme == "basic":
            pair = f"{self.user}:{self.password}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        if self._scheme == "digest":
            return self._digest(method, url)
        return None

    def _digest(self, method: str, url: str) -> str:
        p = self._params
        algorithm = p.get("algorithm", "MD5")
        digest = _HASHES[algorithm.lower().removesuffix("-sess")]
        realm, nonce = p.get("realm", ""), p.get("nonce", "")
        parts = urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        self._count += 1
        nc = f"{self._count:08x}"
        cnonce = self.cnonce()
        ha1 = digest(f"{self.user}:{realm}:{self.password}".encode())
        if algorithm.lower().endswith("-sess"):
            ha1 = digest(f"{ha1}:{nonce}:{cnonce}".encode())
        ha2 = digest(f"{method}:{uri}".encode())
        qops = [q.strip() for q in p.get("qop", "").split(",") if q.strip()]
        fields = [
            f'username="{self.user}"',
            f'realm="{realm}"',
            f'nonce="{nonce}"',
            f'uri="{uri}"',
            f"algorithm={algorithm}",
        ]
        if "auth" in qops:
            response = digest(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}".encode())
            fields += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
        else:
            response = digest(f"{ha1}:{nonce}:{ha2}".encode())
        fields.append(f'response="{response}"')
        if "opaque" in p:
            fields.append(f'opaque="{p["opaque"]}"')
        return "Digest " + ", ".join(fields)


def _split_challenges(header: str) -> list[str]:
    """The challenges of a ``WWW-Authenticate`` value (a scheme starts each)."""
    out: list[str] = []
    for item in (i.strip() for i in urllib.request.parse_http_list(header)):
        if "=" not in item.split(" ", 1)[0] or not out:
            out.append(item)
        else:
            out[-1] += ", " + item
    return out


def _head(url: str, auth: str | None, timeout: float) -> tuple[int, str | None]:
    """The status of a ``HEAD`` of ``url`` and the ``WWW-Authenticate`` challenge of a 401."""
    request = urllib.request.Request(url, method="HEAD")
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), None
    except urllib.error.HTTPError as exc:
        return exc.code, (exc.headers.get("WWW-Authenticate") if exc.headers else None)
    except urllib.error.URLError as exc:
        raise PushError(f"HEAD {url}: {exc.reason}") from exc


def _authorise(url: str, creds: Credentials, timeout: float) -> None:
    """Take the store's challenge and try the user and password on a ``HEAD`` before a graph
    is sent: a store that refuses them may close the connection on the body (Virtuoso
    does), and the status would be lost."""
    status, challenge = _head(url, None, timeout)
    if status != 401:
        creds.verified = True
        return
    if not creds.challenged(challenge):
        raise PushError(f"HEAD {url}: HTTP 401 with no challenge this client answers")
    status, challenge = _head(url, creds.header("HEAD", url), timeout)
    if status == 401 and creds.challenged(challenge):  # a stale nonce: once more
        status, challenge = _head(url, creds.header("HEAD", url), timeout)
    if status == 401:
        raise PushError(f"HEAD {url}: HTTP 401 Unauthorized: the store refused the user")
    creds.verified = True


def _put(url: str, body: Path, auth: str | None, timeout: float) -> int:
    headers = {"Content-Type": CONTENT_TYPE, "Content-Length": str(body.stat().st_size)}
    if auth:
        headers["Authorization"] = auth
    with body.open("rb") as fh:
        request = urllib.request.Request(url, data=fh, method="PUT", headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)


def put_graph(
    url: str,
    body: Path,
    token: str | None = None,
    timeout: float = TIMEOUT,
    credentials: Credentials | None = None,
) -> int:
    """PUT the N-Triples file ``body`` to ``url``; the HTTP status."""
    creds = credentials or Credentials(token=token)
    if creds.by_password and not creds.verified:
        _authorise(url, creds, timeout)
    for attempt in (1, 2):
        try:
            return _put(url, body, creds.header("PUT", url), timeout)
        except urllib.error.HTTPError as exc:
            asked = exc.headers.get("WWW-Authenticate") if exc.headers else None
            if exc.code == 401 and creds.by_password and attempt == 1 and creds.challenged(asked):
                continue  # a stale nonce, or the first challenge: answer it and send again
            raise PushError(f"PUT {url}: HTTP {exc.code} {exc.reason}") from exc
        except urllib.error.URLError as exc:
            raise PushError(f"PUT {url}: {exc.reason}") from exc
        except OSError as exc:  # the store closed the connection on the body
            raise PushError(f"PUT {url}: {exc}") from exc
    raise AssertionError("unreachable")


def push(
    release: Release,
    endpoint: str,
    token: str | None = None,
    progress: Callable[[str], None] | None = None,
    user: str | None = None,
    password: str | None = None,
    default_graph: str | None = None,
) -> list[Pushed]:
    """PUT every graph of the release; stops at the first graph that is refused."""
    if (user is None) != (password is None):
        raise PushError("give both a user and a password, or neither")
    credentials = Credentials(token=token, user=user, password=password)
    done: list[Pushed] = []
    with tempfile.TemporaryDirectory(prefix="nqs-push-") as tmp:
        body = Path(tmp) / "graph.nt"
        for graph in release.graphs():
            release.db.dump(str(body), ox.RdfFormat.N_TRIPLES, from_graph=graph)
            url = graph_url(endpoint, graph, default_graph)
            status = put_graph(url, body, credentials=credentials)
            name = "(default graph)" if isinstance(graph, ox.DefaultGraph) else graph.value
            if isinstance(graph, ox.DefaultGraph) and default_graph:
                name = f"(default graph) as {default_graph}"
            done.append(Pushed(name, body.stat().st_size, status))
            if progress:
                progress(f"PUT {name}: HTTP {status}, {body.stat().st_size} bytes")
    return done
