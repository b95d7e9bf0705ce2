"""The server's side of the storage seam: per worker process, the build description
(read without opening the database) and the evaluator whose child process opens it."""

from __future__ import annotations

from flask import current_app

from nqs.config import Settings
from nqs.server.backends import Backend, EmbeddedBackend, RemoteBackend
from nqs.server.evaluator import Evaluator
from nqs.store import ReadOnlyStore

STORE = "nqs.store"
EVALUATOR = "nqs.evaluator"


def get_store() -> ReadOnlyStore:
    """This app's store (its current build's description; the database is opened only by
    the evaluator's child process)."""
    store = current_app.extensions.get(STORE)
    if store is None:
        store = ReadOnlyStore(current_app.config["NQS_SETTINGS"].store)
        current_app.extensions[STORE] = store
    return store


def backend_factory(settings: Settings) -> Backend:
    if settings.endpoint:
        return RemoteBackend(settings.endpoint, settings.query_timeout)
    return EmbeddedBackend(settings.store, writable=bool(settings.update_token))


def get_evaluator() -> Evaluator:
    evaluator = current_app.extensions.get(EVALUATOR)
    if evaluator is None:
        settings: Settings = current_app.config["NQS_SETTINGS"]
        evaluator = Evaluator(lambda: backend_factory(settings), settings.query_timeout)
        current_app.extensions[EVALUATOR] = evaluator
    return evaluator
