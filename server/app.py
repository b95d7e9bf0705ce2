"""The Flask application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify

from nqs import __version__
from nqs.config import Settings, load_settings
from nqs.server.sparql import bp as sparql_bp
from nqs.server.sparql import plain_error
from nqs.server.storage import get_store
from nqs.store import StoreError


def create_app(
    settings: Settings | None = None, test_config: dict[str, Any] | None = None
) -> Flask:
    """A new app serving the store named by ``settings`` (default: the configuration)."""
    app = Flask(__name__)
    app.config["NQS_SETTINGS"] = settings or load_settings()
    app.config["JSON_AS_ASCII"] = False
    if test_config:
        app.config.update(test_config)
    app.register_blueprint(sparql_bp)

    @app.get("/health")
    def health() -> Response:
        try:
            info = get_store().info
        except StoreError as exc:
            return plain_error(503, str(exc))
        return jsonify(status="ok", version=__version__, build=info.build_id, triples=info.triples)

    @app.errorhandler(StoreError)
    def no_store(exc: StoreError) -> Response:
        return plain_error(503, str(exc))

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    return app
