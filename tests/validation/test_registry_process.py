"""The registry shapes in a worker process of their own (issue 22): a build runs them there,
beside reasoning, not in a thread of its own process; the results are those of the thread,
and a worker that dies is a clear error, not a hang."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from nqs.build_cache import cache_dir
from nqs.children import NotedPool
from nqs.config import Settings
from nqs.patching import asserted_folder
from nqs.store import ReadOnlyStore
from nqs.validation import run
from nqs.validation.engine import Result
from nqs.validation.run import BackgroundValidation, documents_of_store


def _started() -> NotedPool:
    pool = NotedPool(1)
    pool.submit("starting", os.getpid).result()
    return pool


def test_registry_shapes_in_a_process_give_the_threads_results(seed_settings: Settings) -> None:
    (asserted,) = asserted_folder(cache_dir(seed_settings.store)).iterdir()
    db = ReadOnlyStore(seed_settings.store).db
    documents = documents_of_store(db)
    reports = []
    for registry in (None, _started()):
        with BackgroundValidation(documents, seed_settings.base_iri, registry=registry) as v:
            v.links_derived(asserted)
            reports.append(v.report(db))
    in_thread, in_process = ([f.result for f in r.findings] for r in reports)
    assert in_thread == in_process
    assert any(r.scope == "registry" for r in in_thread)


def _killed(asserted: Path) -> list[Result]:
    """In place of the registry shapes: the worker killed, as the kernel's OOM killer would."""
    os.kill(os.getpid(), signal.SIGKILL)
    return []


def test_a_dead_worker_of_the_registry_shapes_is_named(
    seed_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    (asserted,) = asserted_folder(cache_dir(seed_settings.store)).iterdir()
    db = ReadOnlyStore(seed_settings.store).db
    monkeypatch.setattr(run, "check_asserted", _killed)
    pool = _started()  # forked with the function replaced
    with BackgroundValidation([], seed_settings.base_iri, registry=pool) as v:
        v.links_derived(asserted)
        with pytest.raises(RuntimeError, match=r"registry shapes.*SIGKILL"):
            v.report(db)
