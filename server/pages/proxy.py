"""Serving behind a reverse proxy: with ``public_url`` configured, every address the app
writes (``url_for``, redirects, the pages' links) uses that scheme, host and path prefix,
whatever the proxy forwards. Headers such as ``X-Forwarded-Host`` are not trusted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

WSGIApp = Any


class PublicURL:
    """WSGI middleware that presents each request as made to the public URL."""

    def __init__(self, app: WSGIApp, public_url: str) -> None:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"public_url must be an absolute http(s) URL: {public_url}")
        self.app = app
        self.scheme = parts.scheme
        self.host = parts.netloc
        self.prefix = parts.path.rstrip("/")

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        environ["wsgi.url_scheme"] = self.scheme
        environ["HTTP_HOST"] = self.host
        if self.prefix:
            path = environ.get("PATH_INFO", "")
            # a proxy may forward the prefix or strip it
            if path == self.prefix or path.startswith(self.prefix + "/"):
                environ["PATH_INFO"] = path[len(self.prefix) :] or "/"
            environ["SCRIPT_NAME"] = self.prefix
        result: Iterable[bytes] = self.app(environ, start_response)
        return result
