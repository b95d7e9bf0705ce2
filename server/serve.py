"""Serve the app with gunicorn: several worker processes, each with the store read-only
(pyoxigraph holds the GIL while it evaluates a query, so processes give the parallelism)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from nqs.config import Settings
from nqs.server.app import create_app


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return create_app(self.settings)


def serve(settings: Settings) -> None:
    """Run until interrupted."""
    options = {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "timeout": int(settings.query_timeout) + 30,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
    }
    _Gunicorn(settings, options).run()
