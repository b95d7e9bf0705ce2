"""Answers kept per build: a read-only store gives the same answer to the same request until
the next build is swapped in, so each worker keeps recent answers (bounded in bytes) and
gives them again without making them. Two kinds are kept, each under a key that holds
everything that shapes it, the build's id included: the evaluator's answers to queries
(:class:`CachedEvaluator`: the query text, its dataset, the row cap, the client's Accept and
format names) and whole responses of the pages and resource descriptions, under their entity
tag (:mod:`nqs.server.conditional`).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from nqs.server.evaluator import EvaluatorPool, Job

Answer = tuple[str, bytes]
V = TypeVar("V")


class Memory(Generic[V]):
    """Values by key, least recently used first out, up to ``max_bytes`` in all (``size``
    measures a value); a value over a quarter of that is not kept, so that one answer cannot
    empty the memory, yet a whole standard's listing (several MB of JSON) is kept. Safe across
    threads."""

    def __init__(self, max_bytes: int, size: Callable[[V], int]) -> None:
        self._max = max_bytes
        self._measure = size
        self._size = 0
        self._values: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> V | None:
        with self._lock:
            found = self._values.get(key)
            if found is None:
                self.misses += 1
                return None
            self._values.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: str, value: V) -> None:
        size = self._measure(value)
        if size > self._max // 4:
            return
        with self._lock:
            if key in self._values:
                return
            self._values[key] = value
            self._size += size
            while self._size > self._max and self._values:
                _, dropped = self._values.popitem(last=False)
                self._size -= self._measure(dropped)

    @property
    def size(self) -> int:
        return self._size

    def __len__(self) -> int:
        return len(self._values)


class CachedEvaluator:
    """An evaluator pool whose answers to queries (never updates) are kept in a
    :class:`Memory` of ``max_bytes``, per build."""

    def __init__(self, pool: EvaluatorPool, build_id: Callable[[], str], max_bytes: int) -> None:
        self.pool = pool
        self.timeout = pool.timeout
        self._build_id = build_id
        self.memory: Memory[Answer] = Memory(max_bytes, lambda answer: len(answer[1]))

    def _key(self, job: Job) -> str:
        parts = (self._build_id(), job.text, job.dataset, job.max_rows, job.accept, job.formats)
        return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()

    def run(self, job: Job) -> Answer | None:
        """As :meth:`EvaluatorPool.run`, from memory when the same query was answered on
        this build."""
        if job.update:
            return self.pool.run(job)
        key = self._key(job)
        found = self.memory.get(key)
        if found is not None:
            return found
        answer = self.pool.run(job)
        if answer is not None:
            self.memory.put(key, answer)
        return answer

    def warm(self) -> None:
        self.pool.warm()

    def stop(self) -> None:
        self.pool.stop()
