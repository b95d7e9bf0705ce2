"""Configuration from one place: defaults, then a config file, then ``NQS_*`` variables,
then command-line flags (applied by the caller with :meth:`Settings.override`)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from nqs.namespaces import DEFAULT_BASE_IRI

CONFIG_ENV = "NQS_CONFIG"
DEFAULT_CONFIG_FILE = Path("nqs.toml")


def bundled_sources() -> Path:
    """The folder of source documents shipped with the package."""
    return Path(str(resources.files("nqs.data").joinpath("sources")))


@dataclass(frozen=True)
class Settings:
    """Everything the command line and the server can be configured with."""

    store: Path = Path("var/store")
    base_iri: str = DEFAULT_BASE_IRI
    sources: tuple[Path, ...] = field(default_factory=lambda: (bundled_sources(),))
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    query_timeout: float = 30.0
    max_rows: int = 100_000
    query_max_chars: int = 1_000_000
    """Characters of a SPARQL request accepted (a longer one: 400)."""
    query_max_depth: int = 1_000
    """Levels of a request's parse tree accepted (a nested group takes two, a parenthesis
    one; deeper: 400). pyoxigraph 0.5 crashes at 5,000 nested groups: keep a margin."""
    query_max_chain: int = 1_000
    """Members of one chain accepted (UNION branches, patterns of a group, objects of a
    predicate …; more: 400). pyoxigraph 0.5 crashes at 5,000 to 20,000."""
    endpoint: str | None = None
    """A SPARQL 1.1 endpoint to forward queries to instead of the embedded store."""
    endpoint_graph: str | None = None
    """The graph of the endpoint that holds the build (its merge), sent as
    ``default-graph-uri`` with every query that names no dataset of its own; none: the
    endpoint's default graph (right for ``oxigraph serve`` loaded with the N-Quads dump,
    needed for Virtuoso, whose default dataset is every graph, its system graphs included)."""
    endpoint_kind: str = "auto"
    """How to talk to the endpoint: ``virtuoso`` (form-encoded POST, the time limit passed as
    its ``timeout`` parameter, a partial answer at the limit taken for a timeout),
    ``generic`` (``application/sparql-query`` POST, no time limit the endpoint takes: the
    server stops waiting at the limit), or ``auto``: told by the endpoint's ``Server``
    header."""
    service_allow: tuple[str, ...] = ()
    """SERVICE endpoints a query may call (exact IRIs or prefixes ending in ``/``)."""
    update_token: str | None = None
    """Enables SPARQL Update and Graph Store writes for requests bearing this token."""
    cors_origins: tuple[str, ...] = ()
    trusted_hosts: tuple[str, ...] = ()
    """Host names requests may be addressed to (``Host`` header; a leading dot admits
    subdomains); any other is refused with 400, so no link or redirect is ever made from a
    forged ``Host``. Always trusted: loopback names, the host served on, ``public_url``'s."""
    threads: int = 8
    """Threads per server worker running the app (requests are read without one, by the
    worker's event loop, so a slow or idle client holds no thread)."""
    evaluations: int = 2
    """Queries each worker evaluates at once (each in its own evaluator process)."""
    queue: int = 64
    """Requests each worker lets wait for an evaluation; past that: 503 with Retry-After."""
    client_requests: int = 8
    """Requests one client address may have in a worker at once; past that: 429 (a loopback
    peer counts for the last address of its ``X-Forwarded-For``, unlimited without one)."""
    answer_cache_mb: int = 64
    """Memory (MB) each worker keeps recent query answers in, per build (a read-only
    embedded store only: the same query gets the same answer until the next build); 0: off."""
    body_seconds: float = 10.0
    """Time a client has to send a request's body once its head is read; past it: 408."""
    max_requests: int = 50_000
    """Requests a worker serves before it is replaced (with jitter), bounding its memory.
    A replacement starts with empty answer memories, which the next few hundred requests
    fill again at the cost of their evaluations: at 5,000, under the load benchmark's 130
    requests/s, each worker was replaced every ~77 s, more often than its memories paid back.
    The worker's own memory is bounded without it (queries run in evaluator processes with a
    memory limit; the answer memories are bounded in bytes), so this is a guard only."""
    query_memory_mb: int = 2048
    """Memory a query may take in its evaluator process (MB of heap and anonymous mappings
    over what the process holds at start; ``RLIMIT_DATA``, enforced by the operating system);
    a query that needs more is stopped with 503 and the evaluator replaced; 0: no limit."""
    public_url: str | None = None
    """The server's address as the public sees it, behind a reverse proxy
    (``https://example.org/nqs/``): links and redirects use it."""
    keep_going: bool = False
    """``nqs build`` leaves out the documents that cannot be loaded (and says which and why)
    instead of refusing the whole build."""
    source_max_mb: int = 50
    """What a reader takes in of one source file at most (MB): a Word file's parts
    decompressed, all together, an HTML page or a PDF; a larger file is refused (a zip bomb)."""
    source_max_parts: int = 1000
    """Parts (zip members) a Word file may have."""
    source_max_depth: int = 256
    """Element nesting depth an HTML page may have."""
    source_max_pages: int = 2000
    """Pages a PDF may have."""
    source_max_seconds: float = 120.0
    """Time (seconds) reading one PDF may take, checked between pages; a build stops loading
    any document 30 s past it by ending its worker process."""
    dumps: Path = Path("var/dumps")
    """The release folder: ``nqs export`` writes it (its default ``--out``) and the server
    serves its files under ``/dumps/`` (the DCAT catalogue at ``/dumps/catalog.ttl``)."""

    def override(self, **values: Any) -> Settings:
        """A copy with the given values set, ignoring those that are ``None``."""
        given = {k: v for k, v in values.items() if v is not None and v != ()}
        return replace(self, **given)


TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


def _boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE or text in FALSE:
        return text in TRUE
    raise ValueError(f"{name} must be true or false, not {value!r}")


def _positive(name: str, value: Any) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(f"{name} must be a positive whole number, not {value!r}")
    return number


def _positive_seconds(name: str, value: Any) -> float:
    seconds = float(value)
    if not seconds > 0:  # NaN too
        raise ValueError(f"{name} must be a positive number of seconds, not {value!r}")
    return seconds


ENDPOINT_KINDS = ("auto", "virtuoso", "generic")


def _coerce(name: str, value: Any) -> Any:
    if name == "keep_going":
        return _boolean(name, value)
    if name in ("source_max_mb", "source_max_parts", "source_max_depth", "source_max_pages"):
        return _positive(name, value)
    if name == "source_max_seconds":
        return _positive_seconds(name, value)
    if name == "endpoint_kind":
        kind = str(value).strip().lower()
        if kind not in ENDPOINT_KINDS:
            raise ValueError(f"endpoint_kind must be one of {', '.join(ENDPOINT_KINDS)}")
        return kind
    if name in ("store", "dumps"):
        return Path(value)
    if name == "sources":
        items = value.split(os.pathsep) if isinstance(value, str) else value
        return tuple(Path(v) for v in items)
    if name in (
        "port", "workers", "max_rows", "threads", "evaluations", "queue", "client_requests",
        "max_requests", "query_memory_mb", "answer_cache_mb",
        "query_max_chars", "query_max_depth", "query_max_chain",
    ):  # fmt: skip
        return int(value)
    if name in ("query_timeout", "body_seconds"):
        return float(value)
    if name in ("service_allow", "cors_origins", "trusted_hosts"):
        items = value.replace(",", " ").split() if isinstance(value, str) else value
        return tuple(str(v) for v in items)
    return str(value)


def load_settings(config_file: Path | None = None) -> Settings:
    """Defaults, overlaid by the config file (``NQS_CONFIG`` or ``./nqs.toml`` if present),
    overlaid by ``NQS_STORE``, ``NQS_BASE_IRI``, ``NQS_SOURCES`` … environment variables."""
    names = [f.name for f in fields(Settings)]
    values: dict[str, Any] = {}
    path = config_file or Path(os.environ.get(CONFIG_ENV, DEFAULT_CONFIG_FILE))
    if path.is_file():
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        section = data.get("nqs", data)
        unknown = set(section) - set(names)
        if unknown:
            raise ValueError(f"{path}: unknown settings {', '.join(sorted(unknown))}")
        base = path.parent
        for name, value in section.items():
            coerced = _coerce(name, value)
            if name in ("store", "dumps") and not coerced.is_absolute():
                coerced = base / coerced
            values[name] = coerced
    for name in names:
        env = os.environ.get(f"NQS_{name.upper()}")
        if env:
            values[name] = _coerce(name, env)
    settings = Settings(**values)
    if not settings.base_iri.endswith(("/", "#")):
        raise ValueError(f"base IRI must end with '/' or '#': {settings.base_iri}")
    if settings.public_url and not settings.public_url.startswith(("http://", "https://")):
        raise ValueError(f"public_url must be an http(s) URL: {settings.public_url}")
    return settings
