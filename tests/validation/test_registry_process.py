"""The registry shapes in a process of their own (issue 22): a build runs them there, beside
reasoning, not in a thread of its own process. The process is spawned (a fresh interpreter
that opens the asserted store itself), so it inherits no store the test process opened; its
results are those of the thread, and a process that dies is a clear error, not a hang."""

from __future__ import annotations

import os
import signal
import time

import pytest

from nqs.build_cache import cache_dir
from nqs.children import SpawnedWorker, WorkerDied
from nqs.config import Settings
from nqs.patching import asserted_folder
from nqs.store import ReadOnlyStore
from nqs.validation.engine import ValidatorDied
from nqs.validation.run import BackgroundValidation, documents_of_store

PRELOAD = ("nqs.validation.run",)


def test_registry_shapes_in_a_process_give_the_threads_results(seed_settings: Settings) -> None:
    (asserted,) = asserted_folder(cache_dir(seed_settings.store)).iterdir()
    db = ReadOnlyStore(seed_settings.store).db  # a store open here, as in a build
    documents = documents_of_store(db)
    reports = []
    for registry in (None, SpawnedWorker("the registry shapes", PRELOAD)):
        with BackgroundValidation(documents, seed_settings.base_iri, registry=registry) as v:
            v.links_derived(asserted)
            reports.append(v.report(db))
    in_thread, in_process = ([f.result for f in r.findings] for r in reports)
    assert in_thread == in_process
    assert any(r.scope == "registry" for r in in_thread)


def test_a_dead_process_of_the_registry_shapes_is_named(seed_settings: Settings) -> None:
    (asserted,) = asserted_folder(cache_dir(seed_settings.store)).iterdir()
    db = ReadOnlyStore(seed_settings.store).db
    worker = SpawnedWorker("the registry shapes", PRELOAD)
    with BackgroundValidation([], seed_settings.base_iri, registry=worker) as v:
        v.links_derived(asserted)
        time.sleep(0.2)  # the job started: the registry shapes take seconds on the seeds
        os.kill(worker.pid, signal.SIGKILL)
        with pytest.raises(ValidatorDied, match=r"registry shapes died \(killed by SIGKILL"):
            v.report(db)
    assert worker.exitcode == -signal.SIGKILL


def _fails(text: str) -> None:
    raise ValueError(text)


def test_a_spawned_worker_answers_raises_and_ends() -> None:
    worker = SpawnedWorker("a test job")
    try:
        assert worker.run(sorted, [3, 1, 2]) == [1, 2, 3]
        with pytest.raises(ValueError, match="no such thing"):
            worker.run(_fails, "no such thing")
        assert worker.run(len, "still serving") == 13  # an exception does not end it
        os.kill(worker.pid, signal.SIGKILL)
        ended = f"running a test job ended: killed by SIGKILL, signal {signal.SIGKILL.value}"
        with pytest.raises(WorkerDied, match=ended):
            worker.run(len, "")
    finally:
        worker.close()
    assert worker.exitcode == -signal.SIGKILL
