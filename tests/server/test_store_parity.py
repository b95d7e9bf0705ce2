"""Separate servers, unchanged answers (issue 17.4/17.5): the app in front of a real
``oxigraph serve`` (no ``--union-default-graph``: its default graph is the dump's merge) and a
real Virtuoso 7 (the merge loaded into a named graph, sent as ``default-graph-uri``, queries
as form POST, the time limit as its ``timeout``) answers as over the embedded store:

- the whole query library, every query with its default parameters, on the full bundled
  build, through ``/api/queries`` — rows compared as sets of JSON values (numbers as numbers,
  booleans as booleans; lists sorted by the app), each row once;
- one page of every kind on the seed build — the same HTML, the same ETag and Last-Modified
  (read from the build the endpoint's data describes), Turtle isomorphic;
- ``COUNT(*)`` = the distinct count on each store's dataset, the build's size;
- ``/health`` from the endpoint's data, ``nqs serve`` with no local store, the time limit
  passed to Virtuoso (its partial answer refused) and not waited past with Oxigraph, and
  ``nqs export --push`` with HTTP Digest into Virtuoso's ``/sparql-graph-crud-auth``.

Virtuoso is installed from Debian's ``virtuoso-opensource`` when missing (tests.servers);
its tests are skipped, saying why, only where it cannot be installed.
"""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from rdflib import Graph
from rdflib.compare import isomorphic

from nqs.config import Settings
from nqs.export.push import PushError, push
from nqs.namespaces import NQS
from nqs.queries import load_library
from nqs.server.app import create_app
from nqs.store import ReadOnlyStore
from tests.export.test_export_common import release_of
from tests.servers import (
    BIN,
    VIRTUOSO_USER,
    Virtuoso,
    free_port,
    nquads_dump,
    oxigraph_serving,
    running,
    virtuoso_missing,
    virtuoso_serving,
)

pytestmark = pytest.mark.slow

LIBRARY = load_library()
BASE = "https://w3id.org/kz-nqs/id/"
FULL_GRAPH = BASE + "graph/merge"
"""Virtuoso's graph for the merge of the full build (sent as default-graph-uri)."""
SEED_GRAPH = BASE + "graph/merge-seed"
PUSH_GRAPH = BASE + "graph/merge-pushed"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER (STR(?c) = STR(?f)) }"
"""A query no store answers within two seconds (a join of every triple with every other)."""

PAGES = [
    "/",
    "/build",
    "/browse",
    "/browse/oked",
    "/browse/nkz",
    "/browse/index",
    "/search?q=гылыми",
    "/search?q=балет",
    "/compare?level=7",
    "/id/standard/R90012023",  # standard
    "/id/standard/order-591-2023-11-20-annex-1",  # standard with amendments
    "/id/standard/R90012023/card/1",  # card
    "/id/standard/R90012023/card/1/function/1",  # labor function
    "/id/standard/R90012023/card/1/additional-function/1/skill/1",  # skill
    "/id/standard/R90012023/card/1/additional-function/1/skill/1/ability/1",  # ability
    "/id/standard/order-591-2023-11-20-annex-1/card/3/function/1/skill/1/ability/1",
    "/id/occupation/1432",  # occupation
    "/id/oked/90",  # economic activity
    "/id/framework/nqf",  # framework
    "/id/framework/nqf/level/6",  # level
    "/id/education-level/higher",  # classifier concept
    "/id/act/2023-12-06/616",  # act (an amending order)
    "/id/act/2008-02-12/61",  # act not in force
    "/id/act/2023-12-06/616/amendment/1",  # amendment
    "/id/act/2023-12-06/616/amendment/1/change/1",  # text change
    "/id/position/order-61-2008/1/6",  # position (on a career ladder)
    "/id/position/order-61-2008/section/1",  # position section
    "/id/source/12681b7aba76e150",  # source document
    "/id/link-rule/isco-unit-group",  # link rule (generic page)
    "/id/standard/R90012023/glossary",  # generic page
    "/id/standard/R90012023/card/1?lang=ru&labels=ru",  # in Russian
    "/browse/index?letter=%D0%91&lang=kk",  # another letter, in Kazakh
    "/search?q=professor&lang=en",
]


@dataclass
class Stores:
    full: Settings
    seed: Settings
    oxigraph_full: str
    oxigraph_seed: str
    virtuoso: Virtuoso | None
    skip_virtuoso: str


@pytest.fixture(scope="module")
def stores(
    full_settings: Settings, seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stores]:
    folder = tmp_path_factory.mktemp("parity")
    dumps = folder / "dumps"
    full_dump = nquads_dump(full_settings.store, dumps / "full.nq")
    seed_dump = nquads_dump(seed_settings.store, dumps / "seed.nq")
    with ExitStack() as stack:
        ox_full = stack.enter_context(oxigraph_serving(full_dump, folder / "ox-full"))
        ox_seed = stack.enter_context(oxigraph_serving(seed_dump, folder / "ox-seed"))
        reason = virtuoso_missing() or ""
        virtuoso = None
        if not reason:
            virtuoso = stack.enter_context(virtuoso_serving(folder / "virtuoso", [dumps]))
            virtuoso.load(full_dump, FULL_GRAPH)
            virtuoso.load(seed_dump, SEED_GRAPH)
        yield Stores(full_settings, seed_settings, ox_full, ox_seed, virtuoso, reason)


def remote_settings(endpoint: str, graph: str | None, tmp: Path, **more: Any) -> Settings:
    """The app in endpoint mode: no local store at all."""
    return Settings(store=tmp / "no-store", endpoint=endpoint, endpoint_graph=graph, **more)


def apps(stores: Stores, which: str, full: bool, tmp: Path) -> tuple[Flask, Flask]:
    """The embedded app and the app in front of ``which`` (oxigraph or virtuoso)."""
    local = stores.full if full else stores.seed
    if which == "oxigraph":
        remote = remote_settings(stores.oxigraph_full if full else stores.oxigraph_seed, None, tmp)
    else:
        if stores.virtuoso is None:
            pytest.skip(f"no Virtuoso: {stores.skip_virtuoso}")
        graph = FULL_GRAPH if full else SEED_GRAPH
        remote = remote_settings(stores.virtuoso.sparql, graph, tmp)
    return create_app(local, {"TESTING": True}), create_app(remote, {"TESTING": True})


def stop(*apps: Flask) -> None:
    for app in apps:
        evaluator = app.extensions.get("nqs.evaluator")
        if evaluator is not None:
            evaluator.stop()


def rows(app: Flask, name: str) -> list[tuple[tuple[str, Any], ...]]:
    response = app.test_client().get(f"/api/queries/{name}")
    assert response.status_code == 200, (name, response.get_data(as_text=True)[:500])
    return [tuple(sorted(r.items())) for r in json.loads(response.data)["rows"]]


STORES = ["oxigraph", "virtuoso"]


@pytest.mark.parametrize("which", STORES)
def test_the_library_answers_alike(stores: Stores, which: str, tmp_path: Path) -> None:
    """Every library query (default parameters) on the full build: the same rows, each once.
    Measured on the bundled build: 24/24 queries identical with both servers."""
    embedded, remote = apps(stores, which, True, tmp_path)
    try:
        differing, times = [], {}
        for name in LIBRARY:
            started = time.monotonic()
            expected = rows(embedded, name)
            middle = time.monotonic()
            found = rows(remote, name)
            times[name] = (middle - started, time.monotonic() - middle)
            assert len(found) == len(set(found)), f"{name}: a row repeated on {which}"
            assert len(expected) == len(set(expected)), f"{name}: a row repeated (embedded)"
            if Counter(found) != Counter(expected):
                missing = Counter(expected) - Counter(found)
                extra = Counter(found) - Counter(expected)
                differing.append(name)
                print(f"{which} {name}: {len(expected)} rows embedded, {len(found)} here")
                for row in missing:
                    print("  missing", row)
                for row in extra:
                    print("  extra", row)
        slowest = sorted(times.items(), key=lambda kv: -kv[1][1])[:3]
        print(
            f"{which}: {len(LIBRARY) - len(differing)}/{len(LIBRARY)} identical; slowest {slowest}"
        )
        assert differing == []
    finally:
        stop(embedded, remote)


def count(app: Flask, text: str) -> int:
    response = app.test_client().get(
        "/sparql",
        query_string={"query": text},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("which", ["embedded", *STORES])
def test_each_triple_once(stores: Stores, which: str, tmp_path: Path) -> None:
    """COUNT(*) over the dataset the app queries is its distinct count, the build's size."""
    embedded, remote = apps(stores, "oxigraph" if which == "embedded" else which, True, tmp_path)
    app = embedded if which == "embedded" else remote
    try:
        total = count(app, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        distinct = count(app, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")
        assert total == distinct == ReadOnlyStore(stores.full.store).info.triples
    finally:
        stop(embedded, remote)


@pytest.mark.parametrize("which", STORES)
def test_every_kind_of_page_alike(stores: Stores, which: str, tmp_path: Path) -> None:
    """The same HTML, with the same validators: the build the endpoint's data describes is
    the build of the embedded store."""
    embedded, remote = apps(stores, which, False, tmp_path)
    try:
        e, r = embedded.test_client(), remote.test_client()
        for path in PAGES:
            a, b = e.get(path), r.get(path)
            assert a.status_code == b.status_code == 200, (path, a.status_code, b.status_code)
            assert b.get_data(as_text=True) == a.get_data(as_text=True), path
            assert b.headers.get("ETag") == a.headers.get("ETag") is not None, path
            assert b.headers.get("Last-Modified") == a.headers.get("Last-Modified"), path
        assert r.get("/id/standard/NOPE").status_code == e.get("/id/standard/NOPE").status_code
        card = "/id/standard/R90012023/card/1"
        a = e.get(card, headers={"Accept": "text/turtle"})
        b = r.get(card, headers={"Accept": "text/turtle"})
        assert isomorphic(
            Graph().parse(data=a.data, format="turtle"), Graph().parse(data=b.data, format="turtle")
        )
        query = f"SELECT ?s WHERE {{ ?s a <{NQS.ProfessionCard}> }}"
        a = e.get("/sparql", query_string={"query": query})
        b = r.get("/sparql", query_string={"query": query})
        assert b.headers.get("ETag") == a.headers.get("ETag") is not None
        health = {k: v for k, v in json.loads(e.get("/health").data).items() if k != "endpoint"}
        remote_health = json.loads(r.get("/health").data)
        assert remote_health.pop("endpoint") == remote.config["NQS_SETTINGS"].endpoint
        assert remote_health == health
    finally:
        stop(embedded, remote)


@pytest.mark.parametrize("which", STORES)
def test_the_time_limit(stores: Stores, which: str, tmp_path: Path) -> None:
    """Virtuoso takes the limit (``timeout`` in ms) and stops the query; its partial answer
    is refused. Oxigraph takes none: the app stops waiting at the limit and says so."""
    with ExitStack() as stack:
        if which == "virtuoso":
            if stores.virtuoso is None:
                pytest.skip(f"no Virtuoso: {stores.skip_virtuoso}")
            endpoint, graph = stores.virtuoso.sparql, SEED_GRAPH
        else:  # a server of its own: it goes on with the query after the app stops waiting
            dump = nquads_dump(stores.seed.store, tmp_path / "seed.nq")
            endpoint, graph = stack.enter_context(oxigraph_serving(dump, tmp_path)), None
        app = create_app(remote_settings(endpoint, graph, tmp_path, query_timeout=2.0))
        try:
            started = time.monotonic()
            response = app.test_client().get("/sparql", query_string={"query": HEAVY})
            elapsed = time.monotonic() - started
            text = response.get_data(as_text=True)
            assert response.status_code == 503, text
            assert "time limit of 2 s" in text
            if which == "virtuoso":
                assert "the endpoint stopped the query" in text
            else:
                assert "stopped waiting" in text
            assert 1.5 < elapsed < 10
        finally:
            stop(app)


def test_serve_needs_no_local_store(stores: Stores, tmp_path: Path) -> None:
    """``nqs serve`` in front of an endpoint starts without a store; /health describes the
    endpoint's build."""
    port = free_port()
    env = {
        "PATH": str(BIN) + ":/usr/bin:/bin",
        "NQS_STORE": str(tmp_path / "no-store"),
        "NQS_ENDPOINT": stores.oxigraph_seed,
        "NQS_WORKERS": "1",
        "NQS_PORT": str(port),
        "NQS_CONFIG": str(tmp_path / "none.toml"),
    }
    url = f"http://127.0.0.1:{port}/health"
    with (
        running([str(BIN / "nqs"), "serve"], url, tmp_path / "serve.log", env=env),
        urllib.request.urlopen(url, timeout=30) as response,
    ):
        health = json.loads(response.read())
    info = ReadOnlyStore(stores.seed.store).info
    assert (health["build"], health["triples"]) == (info.build_id, info.triples)
    assert health["endpoint"] == stores.oxigraph_seed


def test_push_with_digest_into_virtuoso(stores: Stores) -> None:
    """``nqs export --push`` answers Virtuoso's Digest challenge (/sparql-graph-crud-auth);
    the merge goes into a named graph of its own; a wrong password is refused."""
    if stores.virtuoso is None:
        pytest.skip(f"no Virtuoso: {stores.skip_virtuoso}")
    release = release_of(stores.seed)
    user, password = VIRTUOSO_USER
    with pytest.raises(PushError, match="HTTP 401"):
        push(release, stores.virtuoso.graph_store, user=user, password="wrong")
    pushed = push(
        release, stores.virtuoso.graph_store, user=user, password=password, default_graph=PUSH_GRAPH
    )
    assert len(pushed) == len(list(release.db.named_graphs())) + 1
    assert all(p.status in (200, 201, 204) for p in pushed)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{PUSH_GRAPH}> {{ ?s ?p ?o }} }}"
    url = stores.virtuoso.sparql + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        n = int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])
    assert n == release.info.triples


def cli_rows(args: list[str]) -> list[tuple[tuple[str, Any], ...]]:
    """The rows ``nqs query ARGS --format json`` prints, as sets of (variable, value) pairs."""
    from click.testing import CliRunner

    from nqs.cli import main

    result = CliRunner().invoke(main, ["query", "--format", "json", *args])
    assert result.exit_code == 0, result.output[-500:]
    bindings = json.loads(result.output)["results"]["bindings"]
    return sorted(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in bindings)


@pytest.mark.parametrize("which", STORES)
def test_the_command_line_asks_a_separate_server(stores: Stores, which: str) -> None:
    """``nqs query --endpoint`` (issue 19.4): library queries, with parameters and a post-step,
    answer from a separate server as from the embedded store; ``--as-of`` needs the store."""
    if which == "oxigraph":
        remote = ["--endpoint", stores.oxigraph_full]
    else:
        if stores.virtuoso is None:
            pytest.skip(f"no Virtuoso: {stores.skip_virtuoso}")
        remote = ["--endpoint", stores.virtuoso.sparql, "--endpoint-graph", FULL_GRAPH]
    local = ["--store", str(stores.full.store)]
    asked = [
        ["cards-per-level"],
        ["nqf-level", "--param", "level=5"],
        ["near-duplicate-items"],
        ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
    ]
    for query in asked:
        expected = cli_rows([*local, *query])
        assert expected, query
        assert cli_rows([*remote, *query]) == expected, query
    from click.testing import CliRunner

    from nqs.cli import main

    refused = CliRunner().invoke(main, ["query", *remote, "--as-of", "2020-01-01", "ASK {}"])
    assert refused.exit_code == 2 and "embedded store" in refused.output


EXPORTS_ALIKE = ("esco", "esco-csv", "elm", "xkos")
"""The export folders with no blank node: the same bytes from any store."""


def test_export_from_a_separate_server(stores: Stores, tmp_path: Path) -> None:
    """``nqs export --endpoint`` (issue 19.4) copies the build a real ``oxigraph serve`` holds
    and exports it as from the embedded store: ESCO, ESCO CSV, ELM and XKOS byte for byte,
    the N-Triples dump the same graph (its blank nodes are labelled by the server)."""
    from click.testing import CliRunner

    from nqs.cli import main

    outs = {}
    for name, source in (
        ("embedded", ["--store", str(stores.seed.store)]),
        ("oxigraph", ["--endpoint", stores.oxigraph_seed]),
    ):
        outs[name] = tmp_path / name
        args = ["export", *source, "--out", str(outs[name]), "--public-url", "http://x/"]
        for profile in ("dump", "esco", "esco-csv", "elm", "xkos"):
            args += ["--profile", profile]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output[-1000:]
    files = {
        name: sorted(
            p.relative_to(out)
            for p in out.rglob("*")
            if p.is_file() and p.relative_to(out).parts[0] in EXPORTS_ALIKE
        )
        for name, out in outs.items()
    }
    assert files["oxigraph"] == files["embedded"]
    assert len(files["embedded"]) == 9  # the seed build: ESCO, 6 ESCO CSV (kk), ELM, XKOS
    for path in files["embedded"]:
        assert (outs["oxigraph"] / path).read_bytes() == (outs["embedded"] / path).read_bytes()
    dumps = [Graph().parse(outs[n] / "dump" / "kz-nqs.nt", format="nt") for n in outs]
    assert len(dumps[0]) == ReadOnlyStore(stores.seed.store).info.triples
    assert isomorphic(dumps[0], dumps[1])
