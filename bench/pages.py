"""Benchmark: how long the linked-data pages take to render on a store.

Each resource kind is sampled (every resource when there are few, else an even spread over
the sorted IRIs), plus the browsing, search and comparison pages. Pages are requested
through the Flask test client, so the times include the queries (through the evaluator's
child process, as in the server), the views and the templates, but not HTTP. One warm-up
pass first builds what each worker builds once per store (search index, vocabulary labels,
sector counts); its time is reported separately, as are the first page (which starts the
evaluator) and the first request of the A–Z index (which builds its own list of names).

    .venv/bin/python bench/pages.py [--store var/store] [--per-kind 25] [--repeat 3]
        [--cache-mb 0] [--limit-ms 300]

The resident memory of this process and the evaluator's (its child) is sampled every second
over the sweep: at its start, its end and its most. Each page's CPU time (this process and
the evaluator's, the least of the repeats; the evaluator's in clock ticks of 10 ms) is given
beside its wall time: on a machine others share, the comparable figure.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from flask.testing import FlaskClient

from nqs.config import Settings
from nqs.namespaces import NQS
from nqs.server.app import create_app
from nqs.store import current_build

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/
from proc import rss_samples

KINDS = (
    "ProfessionalStandard",
    "ProfessionCard",
    "LaborFunction",
    "Skill",
    "Ability",
    "Knowledge",
    "PersonalCompetency",
    "Occupation",
    "EconomicActivity",
    "QualificationLevel",
    "QualificationFramework",
    "LegalAct",
    "Position",
    "Amendment",
    "TextChange",
    "SourceDocument",
    "Duty",
    "RelatedOccupation",
)
OTHER_PAGES = {
    "home": ["/"],
    "browse": [
        "/browse",
        "/browse/oked",
        "/browse/nkz",
        "/browse/index",
        "/browse/index?letter=Р",
        "/browse/index?lang=kk",
        "/browse/index?lang=ru&letter=Т",
    ],
    "search": [
        "/search?q=" + quote(q) for q in ("бағдарлама", "тестирование", "гылыми", "2512", "web")
    ]
    + ["/search/suggest?q=" + quote(q) for q in ("балет", "разраб", "окыту")],
    "compare": [f"/compare?level={n}" for n in range(3, 9)] + ["/compare/chart.svg"],
    "rdf": [],
}
LIMIT_MS = 200.0


def sample(store: Path, base: str, per_kind: int) -> dict[str, list[str]]:
    """Up to ``per_kind`` resource paths of each kind, spread over the sorted IRIs."""
    db = ox.Store.read_only(str(current_build(store)))
    out: dict[str, list[str]] = {}
    for kind in KINDS:
        rows = db.query(f"SELECT DISTINCT ?s WHERE {{ ?s a <{NQS[kind]}> }} ORDER BY ?s")
        iris = [str(r["s"].value) for r in rows]  # type: ignore[union-attr]
        iris = [i for i in iris if i.startswith(base)]
        step = max(1, len(iris) // per_kind)
        out[kind] = ["/id/" + i[len(base) :] for i in iris[::step][:per_kind]]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=Path("var/store"))
    parser.add_argument("--per-kind", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--cache-mb",
        type=int,
        default=None,
        help="memory for whole answers and query answers (0: every request is made again; "
        "by default the configured 64 MB, so a repeated page is answered from memory)",
    )
    parser.add_argument(
        "--limit-ms", type=float, default=LIMIT_MS, help="the slowest page allowed (issue 22: 300)"
    )
    args = parser.parse_args()
    settings = Settings(store=args.store)
    if args.cache_mb is not None:
        settings = dataclasses.replace(settings, answer_cache_mb=args.cache_mb)
    pages = sample(args.store, settings.base_iri, args.per_kind)
    pages.update(OTHER_PAGES)
    pages["rdf"] = [
        p + "?format=" + f
        for p, f in zip(
            pages["ProfessionCard"][:5],
            ("turtle", "jsonld", "rdfxml", "nt", "turtle"),
            strict=False,
        )
    ]
    app = create_app(settings, {"TESTING": True})
    client = app.test_client()
    start = time.perf_counter()
    client.get("/").close()
    print(f"first page (the evaluator started): {(time.perf_counter() - start) * 1000:.0f} ms")
    # the A–Z index on its first request, with nothing else built yet (not the search index)
    start = time.perf_counter()
    client.get("/browse/index").close()
    print(f"A–Z index, first request: {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    for url in ("/search?q=a", "/compare", next(iter(pages["ProfessionCard"]), "/")):
        client.get(url).close()
    print(f"warm-up (index, vocabulary, counts): {(time.perf_counter() - start) * 1000:.0f} ms")
    print(
        f"{'kind':24} {'pages':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} "
        f"{'CPU p50':>8} {'CPU max':>8}  slowest"
    )
    with rss_samples(os.getpid()) as rss:
        worst = sweep(client, pages, args.repeat, descendants(os.getpid()))
    app.extensions["nqs.evaluator"].stop()
    mb = [round(r / 2**20) for r in rss]
    print(
        f"memory (this process and the evaluator): {mb[0]} MB at the start of the sweep, "
        f"{mb[-1]} at its end, {max(mb)} at most"
    )
    print(f"slowest page: {worst:.1f} ms (target {args.limit_ms:.0f} ms)")
    return 0 if worst < args.limit_ms else 1


def descendants(pid: int) -> list[int]:
    """The processes under ``pid`` (the evaluator and its fork server), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    parent = int(fh.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], list(children.get(pid, []))
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """CPU time of this process and of ``pids`` (user and system)."""
    total = time.process_time()
    for p in pids:
        try:
            with open(f"/proc/{p}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def sweep(
    client: FlaskClient, pages: dict[str, list[str]], repeat: int, others: list[int]
) -> float:
    """Each kind's pages, each the best of ``repeat`` requests (wall time, and apart the
    least CPU time of this process and ``others``); the slowest page's ms."""
    worst = 0.0
    for kind, urls in pages.items():
        times: dict[str, float] = {}
        cpu: list[float] = []
        for url in urls:
            best = least = float("inf")
            for _ in range(repeat):
                c = cpu_seconds(others)
                t = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - t) * 1000
                least = min(least, (cpu_seconds(others) - c) * 1000)
                if response.status_code != 200:
                    print(f"  {url}: HTTP {response.status_code}", file=sys.stderr)
                response.close()
                best = min(best, elapsed)
            times[url] = best
            cpu.append(least)
        if not times:
            continue
        values = sorted(times.values())
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        slowest = max(times, key=lambda u: times[u])
        worst = max(worst, values[-1])
        print(
            f"{kind:24} {len(values):5d} {statistics.median(values):10.1f} {p95:8.1f} "
            f"{values[-1]:8.1f} {statistics.median(cpu):8.0f} {max(cpu):8.0f}  {slowest[:70]}"
        )
    return worst


if __name__ == "__main__":
    sys.exit(main())
