"""Short plain-text errors for clients: a message, never a stack trace."""

from __future__ import annotations

from flask import Response


def plain_error(status: int, message: str) -> Response:
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain")
