"""The server under abuse (issue 20): a real ``nqs serve`` on loopback, tried as an attacker.

Each case is bounded in count and time and stops by itself: idle and slow sockets, two
runaway queries, a memory bomb, the ``\\#`` bypass, quadratic and deeply nested queries, a
forged Host, the queue and per-client limits, a body that never arrives, the control socket
and worker recycling. The build side (orphans, locks, broken files, zip bombs) is in
``test_abuse_build.py``; the policy checks on the query text, case by case, in
``test_sparql_policy.py``.
"""

from __future__ import annotations

import http.client
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from email.message import Message
from pathlib import Path

import pytest

from nqs.config import Settings
from tests.servers import BIN, free_port, running

pytestmark = pytest.mark.slow

# every pair of triples, sorted: grows the evaluator's memory without bound
MEMORY_BOMB = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 5"
# four unbound patterns counted: runs until stopped
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = "ASK { ?s ?p ?o }"


@contextmanager
def serving(store: Path, folder: Path, **env: str) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environ = {
        "PATH": str(BIN),
        "HOME": str(folder),
        **{f"NQS_{k.upper()}": v for k, v in env.items()},
    }
    args = [str(BIN / "nqs"), "serve", "--store", str(store), "--port", str(port)]
    with running(args, base + "/health", folder / "serve.log", env=environ, wait=60):
        yield base


def get(
    url: str, timeout: float = 30, headers: dict[str, str] | None = None
) -> tuple[int, bytes, Message]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.status, resp.read(), resp.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers


def query(
    base: str, text: str, headers: dict[str, str] | None = None
) -> tuple[int, bytes, Message]:
    return get(base + "/sparql?" + urllib.parse.urlencode({"query": text}), headers=headers)


def probes(base: str, count: int = 6, every: float = 0.5) -> list[int]:
    """``/health`` asked ``count`` times, each given 2 s to answer."""
    out = []
    for _ in range(count):
        try:
            out.append(get(base + "/health", timeout=2)[0])
        except OSError:
            out.append(0)
        time.sleep(every)
    return out


def test_idle_and_slow_sockets_do_not_take_it_offline(
    seed_settings: Settings, tmp_path: Path
) -> None:
    with serving(seed_settings.store, tmp_path) as base:
        port = int(base.rsplit(":", 1)[1])
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(50)]
        slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(50)]
        for s in slow:
            s.sendall(b"GET /browse HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        stop = threading.Event()

        def trickle() -> None:  # a header line a second, never the end of the head
            while not stop.wait(1.0):
                for s in slow:
                    with suppress(OSError):
                        s.sendall(b"X-Slow: 1\r\n")

        worker = threading.Thread(target=trickle, daemon=True)
        worker.start()
        try:
            answered = probes(base)
        finally:
            stop.set()
            worker.join(5)
            for s in idle + slow:
                s.close()
        assert answered == [200] * 6


def test_two_runaways_do_not_stop_health(seed_settings: Settings, tmp_path: Path) -> None:
    with serving(seed_settings.store, tmp_path, query_timeout="4") as base:
        results: list[int] = []
        runaways = [
            threading.Thread(target=lambda: results.append(query(base, RUNAWAY)[0]))
            for _ in range(2)
        ]
        for t in runaways:
            t.start()
        time.sleep(0.5)
        answered = probes(base, count=6, every=0.3)
        for t in runaways:
            t.join(30)
        assert answered == [200] * 6
        assert results == [503, 503]


def test_memory_bomb_is_stopped_and_logged(seed_settings: Settings, tmp_path: Path) -> None:
    with serving(seed_settings.store, tmp_path, query_memory_mb="300") as base:
        status, body, _ = query(base, MEMORY_BOMB)
        assert status == 503
        assert b"300 MB of memory" in body
        assert query(base, QUICK)[0] == 200  # a fresh evaluator answers
    log = (tmp_path / "serve.log").read_text()
    assert "evaluator stopped at the memory limit (300 MB) by query" in log


def test_forged_host_is_refused(seed_settings: Settings, tmp_path: Path) -> None:
    with serving(seed_settings.store, tmp_path) as base:
        opener = urllib.request.build_opener(NoRedirect)
        request = urllib.request.Request(base + "/id/", headers={"Host": "evil.example"})
        try:
            opener.open(request, timeout=10)
            raise AssertionError("a forged Host was answered")
        except urllib.error.HTTPError as exc:
            assert exc.code == 400
            assert "evil.example" not in (exc.headers.get("Location") or "")
        status, _, headers = get_no_redirect(base + "/id/")
        assert status == 302 and headers.get("Location") == "/browse"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def get_no_redirect(url: str) -> tuple[int, bytes, Message]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as resp:
            return resp.status, resp.read(), resp.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers


def post_query(base: str, text: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        base + "/sparql",
        data=text.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


ESCAPED_QUOTES = 'SELECT * WHERE { ?s ?p "' + '\\"' * 100_000 + '" }'
"""200 KB of escaped quotes: the scanner spun a worker 60 s on it (then 500), two took the
endpoint down."""


def test_bypass_quadratic_and_deep_queries_through_the_server(
    seed_settings: Settings, tmp_path: Path
) -> None:
    """The query-text cases of ``test_sparql_policy.py`` through a real server: the ``\\#``
    bypass never reaches a listener on an internal loopback port (403, no connection); two
    200 KB queries of escaped quotes at once are answered, each in under 20 s, while
    ``/health`` answers; 100,000 nested groups and a 20,000-way UNION are 400 with the reason,
    and the evaluator still answers."""
    with socket.create_server(("127.0.0.1", 0)) as internal:
        internal.settimeout(0.5)
        target = f"http://127.0.0.1:{internal.getsockname()[1]}/sparql"
        bypass = (
            "PREFIX ex: <http://example.org/ns/>\n"
            f"SELECT * WHERE {{ ?s ex:z\\# ?o . SERVICE <{target}> {{ ?s ?p ?o }} }}"
        )
        with serving(seed_settings.store, tmp_path) as base:
            status, body = post_query(base, bypass)
            assert status == 403 and b"not allowed" in body
            with pytest.raises(TimeoutError):
                internal.accept()
            took: list[tuple[int, float]] = []

            def run() -> None:
                started = time.monotonic()
                took.append((post_query(base, ESCAPED_QUOTES)[0], time.monotonic() - started))

            both = [threading.Thread(target=run) for _ in range(2)]
            for t in both:
                t.start()
            answered = probes(base, count=4, every=0.25)
            for t in both:
                t.join(60)
            assert answered == [200] * 4
            assert [s for s, _ in took] == [200, 200] and max(t for _, t in took) < 20, took
            nested = "SELECT * WHERE " + "{" * 100_000 + "}" * 100_000
            status, body = post_query(base, nested)
            assert status == 400 and b"levels deep" in body
            union = "SELECT * WHERE { " + " UNION ".join(f"{{ ?s ?p {i} }}" for i in range(20_000))
            status, body = post_query(base, union + " }")
            assert status == 400 and b"UNION branches" in body
            assert query(base, QUICK)[0] == 200


def test_a_full_queue_answers_503_with_retry_after(seed_settings: Settings, tmp_path: Path) -> None:
    env = {"workers": "1", "evaluations": "1", "queue": "1", "query_timeout": "3"}
    with serving(seed_settings.store, tmp_path, **env) as base:
        results: list[tuple[int, Message]] = []

        def run() -> None:
            status, _, headers = query(base, RUNAWAY)
            results.append((status, headers))

        threads = [threading.Thread(target=run) for _ in range(4)]
        for t in threads:
            t.start()
            time.sleep(0.2)
        assert probes(base, count=3, every=0.2) == [200] * 3  # health is never queued
        for t in threads:
            t.join(30)
        refused = [h for s, h in results if s == 503 and h.get("Retry-After") == "2"]
        assert len(results) == 4 and refused, results


def test_one_client_cannot_fill_the_queue(seed_settings: Settings, tmp_path: Path) -> None:
    env = {"workers": "1", "client_requests": "1", "query_timeout": "3"}
    with serving(seed_settings.store, tmp_path, **env) as base:
        results: list[int] = []
        forwarded = {"X-Forwarded-For": "203.0.113.7"}
        threads = [
            threading.Thread(target=lambda: results.append(query(base, RUNAWAY, forwarded)[0]))
            for _ in range(3)
        ]
        for t in threads:
            t.start()
            time.sleep(0.2)
        other = query(base, QUICK, {"X-Forwarded-For": "198.51.100.2"})[0]
        for t in threads:
            t.join(30)
        assert sorted(results) == [429, 429, 503]
        assert other == 200


def test_a_body_that_never_arrives_is_408(seed_settings: Settings, tmp_path: Path) -> None:
    with serving(seed_settings.store, tmp_path, body_seconds="2") as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
            s.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK"
            )
            answer = s.recv(1024)
        assert answer.startswith(b"HTTP/1.1 408")
        assert probes(base, count=2) == [200, 200]


def test_no_shared_control_socket_and_workers_are_recycled(
    seed_settings: Settings, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    with serving(seed_settings.store, tmp_path, max_requests="20", workers="1") as base:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # bounded: until two workers replaced the first
            assert get(base + "/health")[0] == 200
            if log.read_text().count("Booting worker with pid") >= 3:
                break
            time.sleep(0.05)  # a worker past its count leaves at its next heartbeat (1 s)
    assert not (tmp_path / ".gunicorn").exists()
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    assert not runtime or not (Path(runtime) / "gunicorn.ctl").exists()
    booted = log.read_text().count("Booting worker with pid")
    assert booted >= 3  # the first worker and at least two replacements


@pytest.mark.slow
def test_replacing_workers_drops_no_kept_alive_connection(
    seed_settings: Settings, tmp_path: Path
) -> None:
    """Six clients, each on one kept-alive connection, while workers are replaced every 40
    requests: every request is answered (gunicorn's own count closed connections whose last
    answer had promised to keep them open: 'RemoteDisconnected' under load)."""
    log = tmp_path / "serve.log"
    failures: list[str] = []
    answered: list[int] = []
    with serving(seed_settings.store, tmp_path, max_requests="40", workers="2") as base:
        port = int(base.rsplit(":", 1)[1])
        done = threading.Event()
        deadline = time.monotonic() + 60  # bounded: until four replacements, or a minute

        def client(n: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            paths = ["/health", "/sparql?query=ASK%7B%7D", "/browse"]
            i = 0
            while not done.is_set() and time.monotonic() < deadline:
                try:
                    conn.request("GET", paths[(n + i) % len(paths)])
                    response = conn.getresponse()
                    response.read()
                    answered.append(response.status)
                except (OSError, http.client.HTTPException) as exc:
                    failures.append(f"{type(exc).__name__}: {exc}")
                    conn.close()
                i += 1
            conn.close()

        clients = [threading.Thread(target=client, args=(n,)) for n in range(6)]
        for t in clients:
            t.start()
        while time.monotonic() < deadline:
            if log.read_text().count("Booting worker with pid") >= 6:
                break
            time.sleep(0.2)
        done.set()
        for t in clients:
            t.join(40)
    assert log.read_text().count("Booting worker with pid") >= 4  # 2, and 2 replacements
    assert failures == []
    assert answered and set(answered) == {200}
