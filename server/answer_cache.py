"""Answers kept per build: a read-only store gives the same answer to the same query until
the next build is swapped in, so a worker keeps recent answers (bounded in bytes) and gives
them again without evaluating. The key holds everything that shapes an answer: the query
text, its dataset, the row cap, the client's Accept and format names, and the build's id.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

from nqs.server.evaluator import EvaluatorPool, Job

Answer = tuple[str, bytes]


class CachedEvaluator:
    """An evaluator pool with the answers of queries (never updates) kept in memory, least
    recently used first out, up to ``max_bytes``; an answer over a tenth of that is not
    kept."""

    def __init__(self, pool: EvaluatorPool, build_id: Callable[[], str], max_bytes: int) -> None:
        self.pool = pool
        self.timeout = pool.timeout
        self._build_id = build_id
        self._max = max_bytes
        self._size = 0
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _key(self, job: Job) -> str:
        parts = (self._build_id(), job.text, job.dataset, job.max_rows, job.accept, job.formats)
        return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()

    def run(self, job: Job) -> Answer | None:
        """As :meth:`EvaluatorPool.run`, from memory when the same query was answered on
        this build."""
        if job.update:
            return self.pool.run(job)
        key = self._key(job)
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        answer = self.pool.run(job)
        if answer is not None and len(answer[1]) <= self._max // 10:
            self._keep(key, answer)
        return answer

    def _keep(self, key: str, answer: Answer) -> None:
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = answer
            self._size += len(answer[1])
            while self._size > self._max and self._answers:
                _, dropped = self._answers.popitem(last=False)
                self._size -= len(dropped[1])

    def warm(self) -> None:
        self.pool.warm()

    def stop(self) -> None:
        self.pool.stop()
