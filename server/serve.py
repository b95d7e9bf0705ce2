"""Serve the app with gunicorn: several worker processes (pyoxigraph holds the GIL while it
evaluates a query, so processes give the parallelism), each an asyncio worker that reads
requests without a thread, admits them (:mod:`nqs.server.admission`) and runs the Flask app
in a pool of threads (``a2wsgi``)."""

from __future__ import annotations

import sys
import threading
from typing import Any

from a2wsgi import WSGIMiddleware
from gunicorn.app.base import BaseApplication

from nqs.config import Settings
from nqs.server.admission import Admission, ASGIApp, Limits
from nqs.server.app import MAX_BODY_BYTES, create_app
from nqs.server.recycling import Recycling
from nqs.server.storage import get_evaluator

KEEPALIVE = 5
"""Seconds an idle kept-alive connection stays open."""
SWITCH_SECONDS = 0.001
"""How long a worker's thread may hold the interpreter lock while another waits for it
(Python's default: 5 ms). The event loop that reads requests and answers ``/health`` shares
the lock with the threads that run the app; at the default, under full load, it waited for
the lock long enough to put ``/health``'s 99th percentile at 165 ms."""


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> ASGIApp:
        return asgi_app(self.settings)


def asgi_app(settings: Settings) -> ASGIApp:
    """The app as each worker serves it: recycling after ``max_requests``, admission
    control, then Flask in threads."""
    threads = max(settings.threads, settings.evaluations + 2)
    sys.setswitchinterval(SWITCH_SECONDS)
    app = create_app(settings)
    with app.app_context():  # the evaluators start beside the worker, not at first query
        threading.Thread(target=get_evaluator().warm, daemon=True).start()
    wsgi = WSGIMiddleware(app, workers=threads)  # type: ignore[arg-type]
    limits = Limits(
        slots=settings.evaluations,
        queue=settings.queue,
        per_client=settings.client_requests,
        max_body=MAX_BODY_BYTES,
        body_seconds=settings.body_seconds,
    )
    admitted = Admission(wsgi, limits)  # type: ignore[arg-type]
    if settings.max_requests <= 0:
        return admitted
    return Recycling(admitted, settings.max_requests, linger=KEEPALIVE + 1)


def options(settings: Settings) -> dict[str, Any]:
    """gunicorn's settings: the asyncio worker; no control socket (gunicorn's default is
    one per user, shared by every instance). Workers are replaced after ``max_requests`` by
    :mod:`nqs.server.recycling`, not by gunicorn's own count, which drops kept-alive
    connections."""
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "worker_class": "asgi",
        "timeout": int(settings.query_timeout) + 30,
        "keepalive": KEEPALIVE,
        "max_requests": 0,
        "control_socket_disable": True,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
    }


def serve(settings: Settings) -> None:
    """Run until interrupted."""
    _Gunicorn(settings, options(settings)).run()
