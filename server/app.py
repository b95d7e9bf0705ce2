"""The Flask application factory."""

from __future__ import annotations

import gzip
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import SecurityError

from nqs import __version__
from nqs.config import Settings, load_settings
from nqs.server.api_queries import bp as api_queries_bp
from nqs.server.dumps import bp as dumps_bp
from nqs.server.errors import plain_error
from nqs.server.gsp import bp as gsp_bp
from nqs.server.pages.ontology_doc import bp as ontology_bp
from nqs.server.pages.routes import bp as ld_bp
from nqs.server.sparql import bp as sparql_bp
from nqs.server.storage import build_info
from nqs.server.ui import bp as ui_bp
from nqs.store import StoreError

MAX_BODY_BYTES = 2 * 1024 * 1024
GZIP_MIN_BYTES = 1024
COMPRESSIBLE = (
    "text/",
    "application/sparql-results",
    "application/json",
    "application/ld+json",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/rdf+xml",
    "application/xml",
    "image/svg+xml",
    "application/javascript",
)


def create_app(
    settings: Settings | None = None, test_config: dict[str, Any] | None = None
) -> Flask:
    """A new app serving the store named by ``settings`` (default: the configuration)."""
    app = Flask(__name__)
    app.config["NQS_SETTINGS"] = settings or load_settings()
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config["NQS_SETTINGS"])
    if test_config:
        app.config.update(test_config)
    app.register_blueprint(sparql_bp)
    app.register_blueprint(api_queries_bp)
    app.register_blueprint(gsp_bp)
    app.register_blueprint(ui_bp)
    app.register_blueprint(ld_bp)
    app.register_blueprint(ontology_bp)
    app.register_blueprint(dumps_bp)

    @app.get("/health")
    def health() -> Response:
        try:
            info = build_info()
        except StoreError as exc:
            return plain_error(503, str(exc))
        return jsonify(
            status="ok",
            version=__version__,
            build=info.build_id,
            triples=info.triples,
            quads=info.quads,
            valid=info.valid,
            documents=len(info.documents),
            left_out_count=len(info.left_out),
            left_out=info.left_out,
            endpoint=app.config["NQS_SETTINGS"].endpoint,
        )

    @app.errorhandler(StoreError)
    def no_store(exc: StoreError) -> Response:
        return plain_error(503, str(exc))

    @app.errorhandler(SecurityError)
    def untrusted_host(exc: SecurityError) -> Response:
        return plain_error(
            400, f"{exc.description.rstrip('.')}: this server answers only to its own names"
        )

    @app.errorhandler(404)
    def not_found(exc: Exception) -> Response:
        return plain_error(404, "not found")

    @app.errorhandler(405)
    def not_allowed(exc: Exception) -> Response:
        return plain_error(405, "method not allowed")

    @app.errorhandler(413)
    def too_large(exc: Exception) -> Response:
        return plain_error(413, f"request body larger than {MAX_BODY_BYTES} bytes")

    @app.after_request
    def finish(response: Response) -> Response:
        _security_headers(response)
        _cors(app, response)
        _compress(response)
        return response

    return app


LOOPBACK_NAMES = ("localhost", "127.0.0.1")


def trusted_hosts(settings: Settings) -> list[str]:
    """The host names a request may be addressed to: the configured ones, loopback, the host
    served on (unless it is every interface) and ``public_url``'s. A request naming another
    is refused (400) before any link or redirect is made from it."""
    names = [*settings.trusted_hosts, *LOOPBACK_NAMES]
    if settings.host not in ("0.0.0.0", "::", ""):
        names.append(settings.host)
    if settings.public_url:
        names.append(urlsplit(settings.public_url).hostname or "")
    return [n for n in dict.fromkeys(names) if n]


def _security_headers(response: Response) -> None:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")


def _cors(app: Flask, response: Response) -> None:
    """CORS for the configured origins (``*`` for any); never with credentials."""
    origins = app.config["NQS_SETTINGS"].cors_origins
    origin = request.headers.get("Origin")
    if not origin or not origins:
        return
    if "*" in origins:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin in origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers.add("Vary", "Origin")
    else:
        return
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"


def _compress(response: Response) -> None:
    if (
        response.direct_passthrough
        or response.status_code < 200
        or response.status_code >= 300
        or "gzip" not in request.headers.get("Accept-Encoding", "")
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(COMPRESSIBLE)
    ):
        return
    data = response.get_data()
    if len(data) < GZIP_MIN_BYTES:
        return
    response.set_data(gzip.compress(data, compresslevel=5))
    response.headers["Content-Encoding"] = "gzip"
    response.headers.add("Vary", "Accept-Encoding")
