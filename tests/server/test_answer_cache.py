"""Answers kept per build (``server/answer_cache.py``): the same query on the same build is
answered from memory; another build, another query or another format is evaluated; updates
are never kept; the memory is bounded."""

from __future__ import annotations

import functools

from flask.testing import FlaskClient

from nqs.config import Settings
from nqs.server.answer_cache import CachedEvaluator, Memory
from nqs.server.evaluator import EvaluatorPool, Job
from nqs.store.backends import Dataset, EmbeddedBackend

JSON = (("application/sparql-results+json", 1.0),)
CSV = (("text/csv", 1.0),)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_same_query_same_build_from_memory(ballet_settings: Settings) -> None:
    pool = EvaluatorPool(functools.partial(EmbeddedBackend, ballet_settings.store), 30)
    build = ["b1"]
    cache = CachedEvaluator(pool, lambda: build[0], max_bytes=1024 * 1024)
    try:
        first = cache.run(Job(COUNT, Dataset(), 10, accept=JSON))
        again = cache.run(Job(COUNT, Dataset(), 10, accept=JSON))
        assert first == again and (cache.memory.hits, cache.memory.misses) == (1, 1)
        as_csv = cache.run(Job(COUNT, Dataset(), 10, accept=CSV))
        assert as_csv is not None and as_csv[0] == "text/csv" and cache.memory.misses == 2
        build[0] = "b2"  # a new build swapped in: evaluated again
        assert cache.run(Job(COUNT, Dataset(), 10, accept=JSON)) == first
        assert (cache.memory.hits, cache.memory.misses) == (1, 3)
    finally:
        cache.stop()


def test_memory_is_bounded(ballet_settings: Settings) -> None:
    pool = EvaluatorPool(functools.partial(EmbeddedBackend, ballet_settings.store), 30)
    cache = CachedEvaluator(pool, lambda: "b", max_bytes=4000)
    try:
        for n in range(1, 30):
            cache.run(Job(f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {n}", Dataset(), 100, accept=JSON))
        assert cache.memory.size <= 4000
        assert len(cache.memory) < 29  # the oldest were let go
    finally:
        cache.stop()


def test_one_answer_up_to_a_quarter_of_the_memory_is_kept() -> None:
    memory: Memory[bytes] = Memory(1000, len)
    memory.put("fifth", b"x" * 200)  # a standard's whole listing is several MB of 64
    memory.put("too-big", b"x" * 251)
    assert memory.get("fifth") == b"x" * 200
    assert memory.get("too-big") is None
    assert memory.size == 200


def test_pages_and_api_answers_kept_by_entity_tag(client: FlaskClient) -> None:
    """A page or a library query's answer made once is given again, byte for byte, from
    the worker's memory; another language is another answer."""
    from nqs.server.conditional import RESPONSES

    for path in ("/browse", "/api/queries/cards-per-level"):
        first = client.get(path, headers={"Accept-Language": "ru"})
        again = client.get(path, headers={"Accept-Language": "ru"})
        assert first.status_code == again.status_code == 200
        assert first.data == again.data and first.headers["ETag"] == again.headers["ETag"]
    memory = client.application.extensions[RESPONSES]
    assert memory.hits >= 2
    ru = client.get("/browse", headers={"Accept-Language": "ru"})
    kk = client.get("/browse", headers={"Accept-Language": "kk"})
    assert kk.headers["ETag"] != ru.headers["ETag"] and kk.data != ru.data
