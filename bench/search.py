"""Benchmark: search, its suggestions and the A–Z index on a fresh worker, with the memory of
the worker and its evaluator.

A build with a search index (``search-index.sqlite``, nqs.search_index) is searched in the
file; a build without it (made before the index) in the index made in memory on the first
search. ``--copy COPY`` copies the store's current build into a store of its own (a RocksDB
checkpoint: hard links, the store itself is only read), makes its search index there as a
build does (timed, with the peak memory of the process), and measures the copy.

    .venv/bin/python bench/search.py --store /root/r1000old/store               # before
    .venv/bin/python bench/search.py --store /root/r1000old/store --copy /tmp/s1000/store

The searches are those of bench/pages.py (kind 'search'), each the best of ``--repeat``
requests after the first of all (the first search, timed apart), with no answer cache.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox
from flask.testing import FlaskClient

from nqs import search_index
from nqs.config import Settings
from nqs.server.app import create_app
from nqs.store import BUILD_INFO, SOURCE_TEXTS, builds_dir, current_build, swap

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/
from pages import OTHER_PAGES
from proc import tree_rss


def copy_store(store: Path, copy: Path) -> Path:
    """The current build of ``store`` copied as the current build of ``copy``."""
    build = current_build(store)
    target = builds_dir(copy) / build.name
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    ox.Store.read_only(str(build)).backup(str(target))
    for name in (BUILD_INFO, SOURCE_TEXTS):
        if (build / name).is_file():
            shutil.copyfile(build / name, target / name)
    swap(copy, target)
    return target


def make_index(build: Path) -> None:
    """The build's search index, made as the build makes it, timed."""
    wall, cpu = time.perf_counter(), time.process_time()
    select = search_index.store_select(ox.Store.read_only(str(build)))
    index = search_index.collect(select, search_index.WHOLE)
    az = search_index.az_entries(select, search_index.WHOLE)
    collected = time.perf_counter() - wall
    path = build / search_index.SEARCH_INDEX
    search_index.write(index, path, az)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"search index made: {time.perf_counter() - wall:.1f} s wall "
        f"({collected:.1f} s the pass over the names), "
        f"{time.process_time() - cpu:.1f} s CPU, {len(index.entries):,} names, "
        f"{path.stat().st_size / 2**20:.0f} MB, peak {peak:.0f} MB"
    )


def timed(client: FlaskClient, url: str) -> tuple[float, float]:
    """The wall and CPU ms of this process (not the evaluator's) of one request."""
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    if response.status_code != 200:
        print(f"  {url}: HTTP {response.status_code}", file=sys.stderr)
    response.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=Path("var/store"))
    parser.add_argument("--copy", type=Path, help="a store to copy the build into, indexed")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = args.store
    if args.copy:
        make_index(copy_store(store, args.copy))
        store = args.copy
    indexed = (current_build(store) / search_index.SEARCH_INDEX).is_file()
    print(f"store {store}: {'the search index file' if indexed else 'no index file'}")
    settings = dataclasses.replace(Settings(store=store), answer_cache_mb=0)
    app = create_app(settings, {"TESTING": True})
    client = app.test_client()
    urls = OTHER_PAGES["search"]
    print(
        "first page (the evaluator started): {:.0f} ms ({:.0f} ms CPU)".format(*timed(client, "/"))
    )
    print(f"memory after it: {tree_rss(os.getpid()) / 2**20:.0f} MB")
    print(
        "first search {}: {:.0f} ms ({:.0f} ms CPU)".format(
            unquote(urls[0]), *timed(client, urls[0])
        )
    )
    suggest = next(u for u in urls if "suggest" in u)
    print(
        "first suggestions {}: {:.0f} ms ({:.0f} ms CPU)".format(
            unquote(suggest), *timed(client, suggest)
        )
    )
    print(
        "A–Z index, first request: {:.0f} ms ({:.0f} ms CPU)".format(
            *timed(client, "/browse/index")
        )
    )
    worst = 0.0
    more = ["/search?q=a", f"/search?q={quote('ба')}&kind=knowledge"]
    print("best of each: wall ms, CPU ms (this process)")
    for url in [*urls, *more, "/browse/index?letter=" + quote("Р")]:
        best, cpu = min(timed(client, url) for _ in range(args.repeat))
        worst = max(worst, best)
        print(f"  {best:8.1f} {cpu:8.1f}  {unquote(url)}")
    print(f"memory (this process and the evaluator): {tree_rss(os.getpid()) / 2**20:.0f} MB")
    app.extensions["nqs.evaluator"].stop()
    print(f"slowest: {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
