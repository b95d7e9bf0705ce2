"""An evaluator process that ends before answering (killed, crashed) costs the client no
error for a query: the query is logged by its hash and given once to a fresh process; an
update is not repeated."""

from __future__ import annotations

import functools
import threading
import time

import pytest

from nqs.config import Settings
from nqs.namespaces import NQS
from nqs.server.evaluator import Evaluator, Job
from nqs.store.backends import Dataset, EmbeddedBackend

# About a second of work on the seed store: a join of every triple with every card.
SLOW = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o . ?c a <{NQS.Skill}> . ?d a <{NQS.Ability}> }}"


def kill_during(evaluator: Evaluator, after: float) -> threading.Thread:
    def kill() -> None:
        time.sleep(after)
        proc = evaluator._proc
        if proc is not None:
            proc.kill()

    thread = threading.Thread(target=kill)
    thread.start()
    return thread


def test_a_query_is_given_to_a_fresh_process(
    ballet_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    store = ballet_settings.store
    evaluator = Evaluator(functools.partial(EmbeddedBackend, store), timeout=60)
    try:
        evaluator.run(Job("ASK {}", Dataset(), 10))  # the process is running
        first = evaluator._proc
        killer = kill_during(evaluator, 0.2)
        started = time.monotonic()
        answer = evaluator.run(Job(SLOW, Dataset(), 10))
        killer.join()
        assert time.monotonic() - started > 0.2  # the first process was killed mid-query
        assert answer is not None and b'"n"' in answer[1]
        assert evaluator._proc is not first
        assert "retried once" in caplog.text
    finally:
        evaluator.stop()
