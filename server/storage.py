"""The server's side of the storage seam: one read-only store per worker process."""

from __future__ import annotations

from flask import current_app

from nqs.store import ReadOnlyStore

EXTENSION = "nqs.store"


def get_store() -> ReadOnlyStore:
    """This app's read-only store, opened on first use (after the worker has forked)."""
    store = current_app.extensions.get(EXTENSION)
    if store is None:
        store = ReadOnlyStore(current_app.config["NQS_SETTINGS"].store)
        current_app.extensions[EXTENSION] = store
    return store
