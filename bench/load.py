"""Benchmark: the server under a realistic mix of clients, on loopback only.

Starts ``nqs serve`` on a built store (a real gunicorn on a free loopback port, as users start
it), or uses a running server given with ``--url`` (loopback addresses only), and runs
``--clients`` clients for ``--seconds`` seconds, each with one kept-alive connection, on the
mix researchers and harvesters make (issue 20):

- 35 % library queries sent to ``/sparql`` as their text (``application/sparql-results+json``);
- 30 % linked-data pages ``/id/…`` of resources of every kind, as HTML;
- 15 % searches ``/search?q=…`` for words of the graph's labels;
- 20 % library queries through ``/api/queries/<name>`` (JSON).

Beside them one prober asks ``/health`` every 0.25 s on its own connection, from a process of
its own (its times are the server's, not a wait for the clients' interpreter lock). The run is
bounded in time and in requests (``--max-requests``), and stops by itself. Printed: requests
per second, errors (any status other than 200/304, and failed connections), latency
percentiles overall and per class, and ``/health``'s. ``--json FILE`` writes the figures.

    .venv/bin/python bench/load.py [--store var/store] [--clients 50] [--seconds 180]
        [--workers 2] [--url http://127.0.0.1:PORT] [--seed 1] [--json FILE]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/
from proc import rss_samples

MIX = (("sparql", 0.35), ("page", 0.30), ("search", 0.15), ("api", 0.20))
SAMPLE_QUERY = """
SELECT ?s WHERE {{ ?s a ?class . FILTER(STRSTARTS(STR(?s), "{base}")) }}
"""


@dataclass
class Targets:
    """What the clients ask for, gathered from the server before the run."""

    queries: list[tuple[str, str]]  # (name, SPARQL text)
    pages: list[str]
    words: list[str]


@dataclass
class Record:
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    memory: dict[str, int] = field(default_factory=dict)
    """Resident memory of the started server's processes over the run."""
    """Requests that got no answer, by what the client saw (the exception's name, and
    whether the connection had carried a request before)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int | None, failure: str = "") -> None:
        with self.lock:
            self.samples.setdefault(kind, []).append(seconds)
            if status is not None:
                self.statuses[status] = self.statuses.get(status, 0) + 1
            if status not in (200, 304):
                self.errors[kind] = self.errors.get(kind, 0) + 1
            if failure:
                self.failures[failure] = self.failures.get(failure, 0) + 1


def _loopback(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, parts.port or 80)}
    if not all(a.startswith("127.") or a == "::1" for a in addresses):
        raise SystemExit(f"{url}: the load benchmark sends traffic to loopback addresses only")
    return host, parts.port or 80


def _get(
    conn: http.client.HTTPConnection, path: str, accept: str, query: str | None = None
) -> tuple[int, bytes]:
    """GET ``path``; or, with ``query``, POST it to ``path`` as ``application/sparql-query``
    (as clients send long queries, which a GET's URL cannot carry)."""
    if query is None:
        conn.request("GET", path, headers={"Accept": accept})
    else:
        headers = {"Accept": accept, "Content-Type": "application/sparql-query"}
        conn.request("POST", path, body=query.encode("utf-8"), headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def gather(host: str, port: int, base: str, seed: int) -> Targets:
    """Library queries, a spread of resource pages, and words to search for."""
    conn = http.client.HTTPConnection(host, port, timeout=120)
    status, body = _get(conn, "/api/queries", "application/json")
    if status != 200:
        raise SystemExit(f"/api/queries answered {status}")
    queries = [(q["name"], q["sparql"]) for q in json.loads(body)["queries"]]
    text = SAMPLE_QUERY.format(base=base)
    status, body = _get(
        conn, "/sparql?" + urlencode({"query": text}), "application/sparql-results+json"
    )
    if status != 200:
        raise SystemExit(f"the resource sample query answered {status}: {body[:200]!r}")
    iris = sorted({b["s"]["value"] for b in json.loads(body)["results"]["bindings"]})
    rng = random.Random(seed)
    pages = ["/id/" + iri[len(base) :] for iri in rng.sample(iris, min(400, len(iris)))]
    label_query = (
        "SELECT DISTINCT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 2000"
    )
    status, body = _get(
        conn, "/sparql?" + urlencode({"query": label_query}), "application/sparql-results+json"
    )
    labels = [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]]
    words = sorted({w.strip("«»\"'(),.;:") for label in labels for w in label.split()})
    words = [w for w in words if len(w) >= 4]
    conn.close()
    return Targets(queries, pages, rng.sample(words, min(300, len(words))))


def _request(rng: random.Random, targets: Targets) -> tuple[str, str, str, str | None]:
    """(class, path, Accept, SPARQL text to POST or None) of one request of the mix."""
    kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
    if kind == "sparql":
        _, text = rng.choice(targets.queries)
        return kind, "/sparql", "application/sparql-results+json", text
    if kind == "page":
        return kind, quote(rng.choice(targets.pages), safe="/%:"), "text/html", None
    if kind == "search":
        return kind, "/search?" + urlencode({"q": rng.choice(targets.words)}), "text/html", None
    name, _ = rng.choice(targets.queries)
    return kind, f"/api/queries/{quote(name)}", "application/json", None


def client(
    host: str, port: int, targets: Targets, seed: int, stop: float, budget: list[int], rec: Record
) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(host, port, timeout=90)
    used = 0  # requests this connection has carried
    while time.monotonic() < stop:
        with rec.lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        kind, path, accept, query = _request(rng, targets)
        started = time.monotonic()
        failure = ""
        try:
            status, _ = _get(conn, path, accept, query)
            used = 0 if conn.sock is None else used + 1  # closed after a 'Connection: close'
        except (OSError, http.client.HTTPException) as exc:
            failure = f"{type(exc).__name__} on a {'reused' if used else 'new'} connection"
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=90)
            status, used = None, 0
        rec.add(kind, time.monotonic() - started, status, failure)
    conn.close()


def prober(host: str, port: int, stop: float, rec: Record) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    while time.monotonic() < stop:
        started = time.monotonic()
        try:
            status, _ = _get(conn, "/health", "application/json")
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
            status = None
        rec.add("health", time.monotonic() - started, status)
        time.sleep(max(0.0, 0.25 - (time.monotonic() - started)))
    conn.close()


def _probe_process(host: str, port: int, stop: float, out: Connection) -> None:
    """The prober in a process of its own: its times are the server's, not its wait for
    the interpreter lock that the 50 client threads share."""
    rec = Record()
    prober(host, port, stop, rec)
    out.send((rec.samples.get("health", []), rec.errors.get("health", 0), rec.statuses))
    out.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    store: Path, workers: int, log_path: Path | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    nqs = Path(sys.executable).with_name("nqs")
    cmd = [str(nqs), "serve", "--store", str(store), "--port", str(port)]
    cmd += ["--workers", str(workers)]
    log = open(log_path or os.devnull, "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            status, _ = _get(conn, "/health", "application/json")
            conn.close()
            if status == 200:
                return proc, port
        except OSError:
            time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("the server did not answer /health within 120 s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, default=Path("var/store"))
    ap.add_argument("--url", help="a running server on loopback (else one is started)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=180.0)
    ap.add_argument("--warmup", type=float, default=20.0, help="seconds before measuring")
    ap.add_argument("--max-requests", type=int, default=200_000)
    ap.add_argument("--base", default="https://w3id.org/kz-nqs/id/")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--server-log", type=Path, help="the started server's log goes here")
    args = ap.parse_args()

    proc = None
    if args.url:
        host, port = _loopback(args.url)
    else:
        proc, port = start_server(args.store, args.workers, args.server_log)
        host = "127.0.0.1"
    try:
        targets = gather(host, port, args.base, args.seed)
        # warm-up: each worker builds its caches (search index, labels) once per store
        warm = Record()
        stop = time.monotonic() + args.warmup
        _run(host, port, targets, args, stop, warm, args.seed + 1000)
        rec = Record()
        started = time.monotonic()
        stop = started + args.seconds
        with rss_samples(proc.pid if proc else os.getpid()) as rss:
            _run(host, port, targets, args, stop, rec, args.seed)
        elapsed = time.monotonic() - started
        if proc is not None:  # the server's processes: master, workers and their evaluators
            mb = [round(r / 2**20) for r in rss]
            rec.memory = {"start_mb": mb[0], "end_mb": mb[-1], "max_mb": max(mb)}
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    report(rec, elapsed, args)


def _run(
    host: str,
    port: int,
    targets: Targets,
    args: argparse.Namespace,
    stop: float,
    rec: Record,
    seed: int,
) -> None:
    budget = [args.max_requests]
    context = multiprocessing.get_context("fork")  # forked before any client thread starts
    receiver, sender = context.Pipe(duplex=False)
    probe = context.Process(target=_probe_process, args=(host, port, stop, sender), daemon=True)
    probe.start()
    threads = [
        threading.Thread(
            target=client, args=(host, port, targets, seed + i, stop, budget, rec), daemon=True
        )
        for i in range(args.clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(stop - time.monotonic() + 120)
    if receiver.poll(60):
        samples, errors, statuses = receiver.recv()
        with rec.lock:
            rec.samples["health"] = samples
            if errors:
                rec.errors["health"] = errors
            for status, n in statuses.items():
                rec.statuses[status] = rec.statuses.get(status, 0) + n
    probe.join(30)


def report(rec: Record, elapsed: float, args: argparse.Namespace) -> None:
    work = {k: v for k, v in rec.samples.items() if k != "health"}
    every = [s for v in work.values() for s in v]
    errors = sum(n for k, n in rec.errors.items() if k != "health")
    figures: dict[str, object] = {
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "requests": len(every),
        "per_second": round(len(every) / elapsed, 1),
        "errors": errors,
        "statuses": dict(sorted(rec.statuses.items())),
        "failures": dict(sorted(rec.failures.items())),
        "server_memory": rec.memory,
        "p50": round(_percentile(every, 0.50), 3),
        "p95": round(_percentile(every, 0.95), 3),
        "p99": round(_percentile(every, 0.99), 3),
        "classes": {
            k: {
                "requests": len(v),
                "errors": rec.errors.get(k, 0),
                "p50": round(_percentile(v, 0.50), 3),
                "p95": round(_percentile(v, 0.95), 3),
                "mean": round(statistics.fmean(v), 3),
            }
            for k, v in sorted(work.items())
        },
        "health": {
            "probes": len(rec.samples.get("health", [])),
            "errors": rec.errors.get("health", 0),
            "p50": round(_percentile(rec.samples.get("health", []), 0.50), 3),
            "p99": round(_percentile(rec.samples.get("health", []), 0.99), 3),
        },
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
