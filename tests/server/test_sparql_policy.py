"""The endpoint's policy checks (SERVICE allow-list, LOAD, updates, row cap, query form)
read a real parse (:mod:`nqs.sparql_syntax`), so no escape, string or comment hides a
SERVICE or a LIMIT from them; texts too deep or too large for the engine are a 400.

The fuzz runs generated queries on pyoxigraph against a loopback SPARQL server that
records the requests: every endpoint the engine called was reported by ``parse()``."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from nqs.config import Settings
from nqs.server.app import create_app
from nqs.server.sparql import ProtocolError, _with_using
from nqs.sparql_syntax import (
    MAX_CHAIN,
    MAX_DEPTH,
    SparqlSyntaxError,
    SparqlTooComplex,
    parse,
)
from tests.conftest import ROOT

INTERNAL = "http://127.0.0.1:1/"
"""An internal address no query may reach (nothing listens there)."""
TOKEN = "policy-token"


@pytest.fixture(scope="module")
def policy_app(seed_settings: Settings) -> Iterator[Flask]:
    """The seed store behind an app that allows one outside service, caps answers at 10
    rows and takes updates with a token."""
    settings = Settings(
        store=seed_settings.store,
        service_allow=("http://allowed.example/",),
        max_rows=10,
        update_token=TOKEN,
    )
    app = create_app(settings, {"TESTING": True})
    yield app
    evaluator = app.extensions.get("nqs.evaluator")
    if evaluator is not None:
        evaluator.stop()


@pytest.fixture()
def policy(policy_app: Flask) -> FlaskClient:
    return policy_app.test_client()


def ask(client: FlaskClient, query: str) -> tuple[int, str]:
    r = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    return r.status_code, r.get_data(as_text=True)


# -- the bypass and its relatives: each SERVICE to the internal address is refused ------------

P = "PREFIX ex: <http://example.org/ns/>\n"
S = f"SERVICE <{INTERNAL}sparql> {{ ?s ?p ?o }}"
HIDDEN = {
    # the escape \# in a local name is no comment (the scanner skipped the rest of the line)
    "escaped-hash": P + f"SELECT * WHERE {{ ?s ex:z\\# ?o . {S} }}",
    "escaped-dot": P + f"SELECT * WHERE {{ ?s ex:a\\.b ?o . {S} }}",
    "escaped-dash": P + f"SELECT * WHERE {{ ?s ex:a\\-b ?o . {S} }}",
    "percent-escape": P + f"SELECT * WHERE {{ ?s ex:a%23b ?o . {S} }}",
    "escaped-quotes": f'SELECT * WHERE {{ ?s ?p "a\\"b\\" # }}" . {S} }}',
    "single-quotes": f"SELECT * WHERE {{ ?s ?p 'it\\'s # }}' . {S} }}",
    "long-string": f'SELECT * WHERE {{ ?s ?p """a " # }} ""b""" . {S} }}',
    "long-single": f"SELECT * WHERE {{ ?s ?p '''a ' # }} ''b''' . {S} }}",
    "comment-with-service": f"SELECT * WHERE {{ # SERVICE <http://x/> {{\n {S} }}",
    # a lone carriage return ends a comment for pyoxigraph
    "comment-ended-by-cr": f"SELECT * WHERE {{ ?s ?p ?o # c\r {S} }}",
    "iri-with-hash": f"SELECT * WHERE {{ ?s <http://example.org/#x> ?o . {S} }}",
    "unicode-pname": "PREFIX д: <http://example.org/д#>\n"
    f"SELECT * WHERE {{ ?s д:ұлттық·x ?o . {S} }}",
    "silent": f"SELECT * WHERE {{ SERVICE SILENT <{INTERNAL}sparql> {{ ?s ?p ?o }} }}",
    "variable": "SELECT * WHERE { BIND(<http://127.0.0.1:1/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "filter-exists": f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {S} }} }}",
    "filter-not-exists": f"SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ {S} }} }}",
    "subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {S} }} }} }}",
    "optional": f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ {S} }} }}",
    "minus": f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ {S} }} }}",
    "graph": f"SELECT * WHERE {{ GRAPH ?g {{ {S} }} }}",
    "union": f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ {S} }} }}",
    "prefix": "PREFIX in: <http://127.0.0.1:1/>\nSELECT * WHERE { SERVICE in:sparql { ?s ?p ?o } }",
    "base": "BASE <http://127.0.0.1:1/>\nSELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "relative-prefix": "BASE <http://127.0.0.1:1/a/>\nPREFIX in: <../>\n"
    "SELECT * WHERE { SERVICE in:sparql { ?s ?p ?o } }",
    "allowed-prefix-as-path": "PREFIX ok: <http://allowed.example/>\n"
    "BASE <http://127.0.0.1:1/>\nSELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    # pyoxigraph undoes codepoint escapes in an IRI: this one calls the internal address
    "iri-escape": "SELECT * WHERE { SERVICE <http\\u003A//127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "lowercase": f"select * where {{ service <{INTERNAL}sparql> {{ ?s ?p ?o }} }}",
    "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {S} }}",
    "ask": f"ASK {{ {S} }}",
    "describe": f"DESCRIBE ?s WHERE {{ {S} }}",
    "comment-between": f"SELECT * WHERE {{ SERVICE # x\n SILENT # y\n <{INTERNAL}s> {{ }} }}",
}


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_hidden_service_is_refused(policy: FlaskClient, name: str) -> None:
    status, body = ask(policy, HIDDEN[name])
    assert status == 403, body
    assert "not allowed" in body


def test_parse_resolves_each_endpoint_as_the_engine_calls_it() -> None:
    base = "http://endpoint.example/sparql"
    cases = {
        "escaped-hash": f"{INTERNAL}sparql",
        "prefix": f"{INTERNAL}sparql",
        "base": f"{INTERNAL}sparql",
        "relative-prefix": f"{INTERNAL}sparql",
        "iri-escape": f"{INTERNAL}sparql",
    }
    for name, iri in cases.items():
        assert [s.iri for s in parse(HIDDEN[name], base).services] == [iri], name
    relative = parse("SELECT * { SERVICE <other> {} }", base).services
    assert [s.iri for s in relative] == ["http://endpoint.example/other"]
    variable = parse(HIDDEN["variable"]).services
    assert [(s.written, s.iri, s.variable) for s in variable] == [("?e", None, True)]


def test_service_keywords_in_strings_and_comments_are_no_calls() -> None:
    text = (
        P + 'SELECT * WHERE { ?s ?p "SERVICE <http://a/> {}" . # SERVICE <http://b/> {}\n'
        "?s ?p '''SERVICE <http://c/>''' . ?s ex:z\\# \"x\\u0022 . SERVICE <http://d/> {}\" }"
    )
    assert parse(text).services == ()


def test_allowed_service_passes(policy: FlaskClient) -> None:
    q = "SELECT * WHERE { SERVICE SILENT <http://allowed.example/sparql> { ?s ?p ?o } }"
    status, body = ask(policy, q)
    assert status != 403, body


def test_update_checks(policy: FlaskClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}

    def update(text: str) -> tuple[int, str]:
        r = policy.post(
            "/sparql", data=text.encode(), content_type="application/sparql-update", headers=auth
        )
        return r.status_code, r.get_data(as_text=True)

    # LOAD after an escaped hash on the same line
    status, body = update(P + f"INSERT DATA {{ ex:s ex:p ex:z\\# }} ; LOAD <{INTERNAL}x>")
    assert status == 403 and "LOAD" in body
    status, body = update(f"INSERT {{ ?s ?p ?o }} WHERE {{ {S} }}")
    assert status == 403 and "not allowed" in body
    # an update sent as a query, even after an escaped hash
    status, body = ask(policy, P + "INSERT DATA { ex:s ex:p ex:z\\# }")
    assert status == 400 and "update was sent as a query" in body
    status, body = update("SELECT * WHERE { ?s ?p ?o }")
    assert status == 400 and "sent as an update" in body


def test_row_cap_cannot_be_bypassed(policy: FlaskClient) -> None:
    # The scanner took the rest of line 1 for a comment, so it saw the subquery's LIMIT 5
    # at the top level and let the whole answer (5 x every triple) through uncapped.
    q = (
        P + "SELECT ?s ?p ?o (ex:z\\# AS ?x) WHERE { {\n"
        "SELECT ?a WHERE { ?a ?b ?c } LIMIT 5 } ?s ?p ?o }"
    )
    assert parse(q).limit is None
    status, body = ask(policy, q)
    assert status == 400 and "more than 10 rows" in body
    status, body = ask(policy, "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 10
    # a CONSTRUCT's LIMIT bounds solutions, not triples: 4 x 3 template triples > 10
    q = (
        "CONSTRUCT { ?s <x:a> ?o . ?s <x:b> ?o . ?s <x:c> ?o } "
        "WHERE { SELECT DISTINCT ?s ?o WHERE { ?s ?p ?o } } LIMIT 4"
    )
    assert parse(q).row_bound == 12
    status, body = ask(policy, q)
    assert status == 400 and "more than 10 rows" in body


def test_escaped_quotes_are_answered(policy: FlaskClient) -> None:
    """200 KB of escaped quotes (the scanner spun 60 s on it): answered, whatever the answer."""
    q = 'SELECT * WHERE { ?s ?p "' + '\\"' * 100_000 + '" }'
    status, _ = ask(policy, q)
    assert status == 200
    status, body = ask(policy, q[:-3])  # the string never ends
    assert status == 400 and "syntax error" in body


def test_deep_and_wide_queries_are_client_errors(policy: FlaskClient) -> None:
    nested = "SELECT * WHERE " + "{" * 100_000 + "}" * 100_000
    status, body = ask(policy, nested)
    assert status == 400 and f"more than {MAX_DEPTH} levels deep" in body
    union = "SELECT * WHERE { " + " UNION ".join(f"{{ ?s ?p {i} }}" for i in range(20_000)) + "}"
    status, body = ask(policy, union)
    assert status == 400 and f"more than {MAX_CHAIN} UNION branches" in body
    parens = "ASK { FILTER(" + "(" * 20_000 + "1" + ")" * 20_000 + ") }"
    status, body = ask(policy, parens)
    assert status == 400 and "levels deep" in body


def test_syntax_errors_say_where() -> None:
    with pytest.raises(SparqlSyntaxError) as error:
        parse("SELECT * WHERE {\n  ?s ?p ?o FILTER(1 +) }")
    assert (error.value.line, error.value.column) == (2, 22)
    with pytest.raises(SparqlTooComplex):
        parse("ASK {}" + " " * 1_000_001)


# -- the engine survives everything the limits let through ------------------------------------

AT_LIMIT: dict[str, Callable[[int], str]] = {
    "nested groups": lambda n: "SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n,
    "parentheses": lambda n: "ASK { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "plus chain": lambda n: "ASK { FILTER(" + "+".join(["1"] * n) + " > 0) }",
    "union": lambda n: (
        "SELECT * WHERE { " + " UNION ".join(f"{{ ?s ?p {i} }}" for i in range(n)) + " }"
    ),
    "or chain": lambda n: "ASK { ?s ?p ?o FILTER(" + " || ".join(["?o = 1"] * n) + ") }",
    "nested subqueries": lambda n: "SELECT * WHERE " + "{ SELECT * WHERE " * n + "{}" + "}" * n,
}


def _deepest_accepted(make: Callable[[int], str]) -> int:
    """The largest n whose query ``parse()`` accepts (a binary search)."""
    lo, hi = 1, 4 * max(MAX_DEPTH, MAX_CHAIN)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        try:
            parse(make(mid))
            lo = mid
        except SparqlTooComplex:
            hi = mid - 1
    return lo


def test_engine_survives_the_limits(tmp_path: Path) -> None:
    """The deepest query of each shape that passes the limits runs in a plain pyoxigraph
    process without crashing (10 times deeper, pyoxigraph 0.5 segfaults: measured)."""
    queries = {name: make(_deepest_accepted(make)) for name, make in AT_LIMIT.items()}
    assert all(len(q) > 900 for q in queries.values())
    (tmp_path / "queries.json").write_text(json.dumps(queries))
    child = (
        "import json, sys, pyoxigraph as ox\n"
        "store = ox.Store()\n"
        "for name, q in json.load(open(sys.argv[1])).items():\n"
        "    r = store.query(q)\n"
        "    n = bool(r) if isinstance(r, ox.QueryBoolean) else len(list(r))\n"
        "    print(name, n, flush=True)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", child, str(tmp_path / "queries.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, (run.returncode, run.stdout, run.stderr[-500:])
    assert len(run.stdout.splitlines()) == len(queries)


# -- every library query parses ---------------------------------------------------------------


def test_library_queries_parse() -> None:
    files = sorted((ROOT / "queries").glob("*.rq"))
    assert len(files) >= 20
    for path in files:
        request = parse(path.read_text(encoding="utf-8"))
        assert request.kind == "query", path.name
        assert request.services == (), path.name


def test_w3c_syntax_tests_parse() -> None:
    folder = ROOT.parent / "shared" / "external"
    files = sorted(p for p in folder.rglob("*.rq") if "syntax" in str(p))
    if not files:
        pytest.skip(f"the W3C SPARQL 1.1 syntax tests are not in {folder}")
    for path in files:
        parse(path.read_text(encoding="utf-8"))


# -- the fuzz ---------------------------------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    """A SPARQL endpoint that answers every query with no rows and notes its path."""

    calls: list[str] = []  # noqa: RUF012 - one list for the test's server
    EMPTY = b'{"head":{"vars":[]},"results":{"bindings":[]}}'

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        type(self).calls.append(self.path.split("?", 1)[0])
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(self.EMPTY)))
        self.end_headers()
        self.wfile.write(self.EMPTY)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


NOISE = [
    "?s ex:z\\# ?o .",
    "?s ex:a\\.b ?o .",
    "?s ex:a\\-b\\~c ?o .",
    "?s ex:a%41b ?o .",
    "?s ex:ұлт·ä ?o .",
    "?s <http://example.org/#frag> ?o .",
    '?s ?p "a\\"b # }} SERVICE <{url}fake-{n}> {{}}" .',
    "?s ?p 'it\\'s # }}' .",
    '?s ?p """x " # }} "" SERVICE <{url}fake-{n}> {{}}""" .',
    "?s ?p '''y ' }}'' ''' .",
    "# SERVICE <{url}comment-{n}> {{ }}\n",
    '?s ?p "\\u0022 . SERVICE <{url}fake-{n}> {{}} #" .',
    "BIND(ex:z\\# AS ?b{n})",
    "FILTER(?o != ex:q\\#\\*\\!)",
    "?s ex:a:b ?o .",
    "_:b.c ?p ?o .",
    "?s ?p 1. ",
    '?s ?p """a\\""" "}}#""" .',
    "?s ?p '\\u0027 }} # ' .",
    "?s ?p ?o .",
    "\n",
]
WRAPPERS = [
    "{svc}",
    "OPTIONAL {{ {svc} }}",
    "MINUS {{ {svc} }}",
    "GRAPH ?g {{ {svc} }}",
    "FILTER EXISTS {{ {svc} }}",
    "FILTER NOT EXISTS {{ {svc} }}",
    "{{ SELECT * WHERE {{ {svc} }} }}",
    "{{ ?s ?p ?o }} UNION {{ {svc} }}",
    "{{ {svc} }}",
]


def _endpoint(rng: random.Random, url: str, n: int) -> tuple[str, str]:
    """A prologue and the endpoint written one of the ways the grammar allows."""
    way = rng.randrange(5)
    if way == 0:
        return "", f"<{url}tag-{n}>"
    if way == 1:
        return f"PREFIX in: <{url}>\n", f"in:tag-{n}"
    if way == 2:
        return f"BASE <{url}>\n", f"<tag-{n}>"
    if way == 3:
        return "", f"<{url}tag\\u002D{n}>"
    return f"PREFIX in: <{url}>\n", f"in:tag\\-{n}"


GAPS = [" ", "\n", " # SERVICE <{url}gap-{n}> {{}}\n", "\t", " # c\r", "\r\n"]


def _generate(rng: random.Random, url: str, n: int) -> tuple[str, bool]:
    """A query or (one time in five) an update around a SERVICE to the loopback server."""
    prologue, endpoint = _endpoint(rng, url, n)
    gap = rng.choice(GAPS).format(url=url, n=n)
    keyword = rng.choice(["SERVICE", "service", "Service"])
    silent = f"SILENT{rng.choice(GAPS).format(url=url, n=n)}" if rng.random() < 0.3 else ""
    svc = f"{keyword}{gap}{silent}{endpoint} {{ ?s ?p ?x{n} }}"
    pieces = [rng.choice(NOISE).format(url=url, n=n) for _ in range(rng.randrange(5))]
    pieces.insert(rng.randrange(len(pieces) + 1), rng.choice(WRAPPERS).format(svc=svc))
    pieces.insert(0, "?s ?p ?o .")
    head = "PREFIX ex: <http://example.org/ns/>\n" + prologue
    if rng.random() < 0.2:
        return head + "INSERT { ?s ex:seen 1 } WHERE { " + " ".join(pieces) + " }", True
    return head + "SELECT * WHERE { " + " ".join(pieces) + " }", False


FUZZ = 5_000


def test_fuzz_every_called_endpoint_is_reported(recorder: int) -> None:
    url = f"http://127.0.0.1:{recorder}/"
    store = ox.Store()
    ex = "http://example.org/ns/"
    for i in range(3):
        store.add(ox.Quad(ox.NamedNode(f"{ex}s{i}"), ox.NamedNode(f"{ex}p"), ox.Literal(str(i))))
    rng = random.Random(20)
    evaluated = reached = 0
    refused: list[str] = []
    for n in range(FUZZ):
        text, update = _generate(rng, url, n)
        Recorder.calls.clear()
        try:
            if update:
                store.update(text)
            else:
                list(store.query(text))  # type: ignore[arg-type]
            evaluated += 1
        except (SyntaxError, OSError, ValueError, RuntimeError):
            pass
        called = {f"http://127.0.0.1:{recorder}{path}" for path in Recorder.calls}
        reached += bool(called)
        try:
            reported = {s.iri for s in parse(text).services}
        except (SparqlSyntaxError, SparqlTooComplex):
            refused.append(text)
            continue
        assert called <= reported, (text, called, reported)
    assert evaluated > 0.8 * FUZZ  # the rest: a variable bound twice, an IRI with two #
    assert reached > 0.25 * FUZZ
    assert refused == []


def test_using_goes_before_the_where_of_each_modify() -> None:
    """USING from using-graph-uri goes before the WHERE of each DELETE/INSERT, not before a
    subquery's WHERE nor into a string (the scanner put it before every WHERE word)."""
    text = (
        'INSERT { ?s <x:p> "WHERE" } WHERE { { SELECT ?s WHERE { ?s ?p ?o } } } ;\n'
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    )
    params = {"using-graph-uri": ["http://example.org/g"]}
    out = _with_using(text, params, parse(text))
    assert out == (
        'INSERT { ?s <x:p> "WHERE" } USING <http://example.org/g> WHERE '
        "{ { SELECT ?s WHERE { ?s ?p ?o } } } ;\n"
        "DELETE { ?s ?p ?o } USING <http://example.org/g> WHERE { ?s ?p ?o }"
    )
    ox.Store().update(out)  # the engine reads it
    with pytest.raises(ProtocolError, match="has WITH"):
        text = "WITH <x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
        _with_using(text, params, parse(text))


def test_limits_are_configurable(seed_settings: Settings) -> None:
    settings = Settings(store=seed_settings.store, query_max_depth=20, query_max_chars=100)
    app = create_app(settings, {"TESTING": True})
    client = app.test_client()
    status, body = ask(client, "SELECT * WHERE " + "{" * 15 + "}" * 15)
    assert status == 400 and "more than 20 levels deep" in body
    status, body = ask(client, "ASK {}" + " " * 100)
    assert status == 400 and "longer than 100 characters" in body
    assert ask(client, "ASK { {} }")[0] == 200
    app.extensions["nqs.evaluator"].stop()


def test_evaluator_survives_the_limits(policy: FlaskClient) -> None:
    """The same deepest queries through the app: answered by its evaluator, none lost to a
    crash (503)."""
    for name, make in AT_LIMIT.items():
        status, body = ask(policy, make(_deepest_accepted(make)))
        # 400 only for the row cap of this app (10 rows)
        assert status == 200 or "more than 10 rows" in body, (name, status, body[:200])
