"""The server's side of the storage seam: per worker process, the build description
(read without opening the database, or from a remote endpoint's data) and the evaluator
whose child process opens the backend."""

from __future__ import annotations

import functools
import json
import time

from flask import current_app

from nqs.config import Settings
from nqs.server.answer_cache import CachedEvaluator
from nqs.server.evaluator import EvaluatorPool, Job, QueryTimeout
from nqs.store import BuildInfo, ReadOnlyStore, StoreError
from nqs.store.backends import Backend, BackendError, Dataset, QueryError, open_backend
from nqs.store.description import DESCRIPTION_QUERY, info_from_record

STORE = "nqs.store"
EVALUATOR = "nqs.evaluator"
REMOTE_INFO = "nqs.remote-info"
REMOTE_INFO_SECONDS = 10.0
"""How long a worker keeps the build description read from a remote endpoint."""
REMOTE_ERROR_SECONDS = 2.0
"""How long a worker keeps the failure to read it (so that a page's requests do not each
ask again)."""
REMOTE_GRACE = 10.0
"""How much longer than the time limit a remote query is given before its process is
stopped: an endpoint that takes the limit answers (or says it stopped) by then."""


def settings() -> Settings:
    return current_app.config["NQS_SETTINGS"]  # type: ignore[no-any-return]


def get_store() -> ReadOnlyStore:
    """This app's store (its current build's description; the database is opened only by
    the evaluator's child process)."""
    store = current_app.extensions.get(STORE)
    if store is None:
        store = ReadOnlyStore(settings().store)
        current_app.extensions[STORE] = store
    return store


def backend_factory(settings: Settings) -> Backend:
    """The backend an evaluator opens: writable when updates are enabled (a token is set)."""
    return open_backend(settings, writable=bool(settings.update_token))


def get_evaluator() -> EvaluatorPool | CachedEvaluator:
    """This worker's evaluators: as many as it evaluates queries at once (one when the
    store is writable: a single process may write it). On a read-only embedded store their
    answers are kept per build (:mod:`nqs.server.answer_cache`, ``answer_cache_mb``)."""
    evaluator = current_app.extensions.get(EVALUATOR)
    if evaluator is None:
        chosen = settings()
        grace = REMOTE_GRACE if chosen.endpoint else 0.0
        factory = functools.partial(backend_factory, chosen)  # picklable for the child
        size = 1 if chosen.update_token and not chosen.endpoint else chosen.evaluations
        pool = EvaluatorPool(factory, chosen.query_timeout, grace, chosen.query_memory_mb, size)
        evaluator = pool
        read_only = not chosen.update_token and not chosen.endpoint
        if read_only and chosen.answer_cache_mb > 0:
            store = get_store()
            evaluator = CachedEvaluator(
                pool, lambda: store.info.build_id, chosen.answer_cache_mb * 1024 * 1024
            )
        current_app.extensions[EVALUATOR] = evaluator
    return evaluator


def build_info() -> BuildInfo:
    """The build whose data answers: the store's ``build.json``, or, in front of a remote
    endpoint, the build description read from the endpoint's data
    (:mod:`nqs.store.description`; kept :data:`REMOTE_INFO_SECONDS` per worker).
    :class:`~nqs.store.StoreError` when there is none."""
    if not settings().endpoint:
        return get_store().info
    now = time.monotonic()
    cached = current_app.extensions.get(REMOTE_INFO)
    if cached is not None and now < cached[0]:
        found: BuildInfo | StoreError = cached[1]
    else:
        try:
            found = _remote_info()
            keep = REMOTE_INFO_SECONDS
        except StoreError as exc:
            found, keep = exc, REMOTE_ERROR_SECONDS
        current_app.extensions[REMOTE_INFO] = (now + keep, found)
    if isinstance(found, StoreError):
        raise found
    return found


def _remote_info() -> BuildInfo:
    job = Job(DESCRIPTION_QUERY, Dataset(), 10, accept=(("application/sparql-results+json", 1.0),))
    try:
        answer = get_evaluator().run(job)
    except (QueryError, BackendError, QueryTimeout) as exc:
        raise StoreError(f"the endpoint's build description cannot be read: {exc}") from exc
    assert answer is not None
    rows = json.loads(answer[1])["results"]["bindings"]
    if not rows:
        graph = settings().endpoint_graph
        where = f"in its graph <{graph}>" if graph else "in its default graph"
        raise StoreError(
            f"the endpoint holds no build description {where} (an nqs:Build, graph/build of "
            "a build made by 'nqs build'): load a build's N-Quads dump there"
        )
    try:
        return info_from_record(rows[0]["record"]["value"])
    except (ValueError, TypeError, KeyError) as exc:
        raise StoreError(f"the endpoint's build record cannot be read: {exc}") from exc
