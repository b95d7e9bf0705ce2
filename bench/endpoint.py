"""Benchmark: the app's SPARQL endpoint against raw ``oxigraph serve-read-only`` on the same
store, with the same query mix, at several concurrency levels, in one run.

Both servers are started by this script on loopback ports; the client is the same
(threads, one HTTP connection per request, JSON results), so the ratio compares the servers.

    .venv/bin/python bench/endpoint.py [--store var/store] [--seconds 8] [--workers 4]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from nqs.store import current_build

BIN = Path(sys.executable).parent
NQS = (
    "PREFIX nqs: <https://w3id.org/kz-nqs/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)
SMALL = [
    NQS + "ASK { ?s a nqs:ProfessionalStandard }",
    NQS + "SELECT ?c WHERE { ?c a nqs:ProfessionCard } LIMIT 10",
    NQS + "SELECT ?l WHERE { ?s nqs:code ?code ; rdfs:label ?l } LIMIT 5",
]
MIX = [
    *SMALL,
    NQS + "SELECT ?level (COUNT(?c) AS ?n) WHERE { ?c a nqs:ProfessionCard ; "
    "nqs:qualificationLevel/nqs:levelNumber ?level } GROUP BY ?level",
    NQS + "SELECT ?k ?label WHERE { ?k a nqs:Knowledge ; rdfs:label ?label } LIMIT 200",
    NQS + "SELECT ?f (COUNT(?s) AS ?n) WHERE { ?f nqs:hasSkill ?s } "
    "GROUP BY ?f ORDER BY DESC(?n) LIMIT 20",
]


@dataclass
class Result:
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def pct(self, p: float) -> float:
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(p * len(data)))] * 1000


def wait(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start")


def load(endpoint: str, queries: list[str], concurrency: int, seconds: float) -> Result:
    urls = [endpoint + "?" + urllib.parse.urlencode({"query": q}) for q in queries]
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        n = i
        while time.monotonic() < stop:
            url = urls[n % len(urls)]
            n += 1
            req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
            started = time.perf_counter()
            with urllib.request.urlopen(req, timeout=30) as resp:
                resp.read()
            latencies[i].append(time.perf_counter() - started)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    flat = [x for lst in latencies for x in lst]
    return Result(len(flat), elapsed, flat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("var/store"))
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    build = current_build(args.store)
    ox_port, app_port = 17878, 18000
    servers = [
        subprocess.Popen(
            [
                str(BIN / "oxigraph"),
                "serve-read-only",
                "--location",
                str(build),
                "--bind",
                f"127.0.0.1:{ox_port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [
                str(BIN / "nqs"),
                "serve",
                "--store",
                str(args.store),
                "--port",
                str(app_port),
                "--workers",
                str(args.workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        raw = f"http://127.0.0.1:{ox_port}/query"
        app = f"http://127.0.0.1:{app_port}/sparql"
        wait(raw + "?query=ASK%7B%7D")
        wait(app + "?query=ASK%7B%7D")
        for endpoint in (raw, app):  # warm up both (and every app worker's child)
            load(endpoint, MIX, args.workers, 1.0)
        print(f"store {build.name}; {args.seconds:g} s per run; app with {args.workers} workers\n")
        print("mix    conc  raw req/s  app req/s  ratio  raw p50  app p50  raw p99  app p99  (ms)")
        for name, queries in (("small", SMALL), ("mixed", MIX)):
            for concurrency in (1, 4, 16):
                r = load(raw, queries, concurrency, args.seconds)
                a = load(app, queries, concurrency, args.seconds)
                print(
                    f"{name:6} {concurrency:4} {r.throughput:10.1f} {a.throughput:10.1f} "
                    f"{a.throughput / r.throughput:6.2f} {r.pct(0.5):8.2f} {a.pct(0.5):8.2f} "
                    f"{r.pct(0.99):8.2f} {a.pct(0.99):8.2f}"
                )
                if concurrency == 1:
                    overhead = statistics.median(a.latencies) - statistics.median(r.latencies)
                    print(f"{'':11} p50 overhead of the app: {overhead * 1000:.2f} ms")
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(20)


if __name__ == "__main__":
    main()
