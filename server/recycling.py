"""Workers replaced after a number of requests, without dropping a client's connection.

gunicorn's own ``max_requests`` stops a worker as soon as its count is reached and closes
every kept-alive connection after its current request, among them connections whose last
response promised to keep them open: a client that sends its next request on one at that
moment gets no answer at all (seen under load as ``RemoteDisconnected`` on a reused
connection). Here a worker past its count *drains* instead: every response it sends says
``Connection: close``, so its clients open new connections, which the other workers (or
its replacement) take. ``linger`` seconds later, longer than the keep-alive timeout, every
connection whose last response promised more has either had a response that said close or
been closed by its idle timer; only then does the worker ask itself to stop (SIGTERM,
gunicorn's graceful exit: what it is serving is finished) and the arbiter starts another.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal

from nqs.server.admission import ASGIApp, Message, Receive, Scope, Send


class Recycling:
    """ASGI middleware: after ``requests`` requests (plus up to a tenth more, drawn once
    per worker, so that workers do not all leave at once) the worker drains and stops."""

    def __init__(self, app: ASGIApp, requests: int, linger: float) -> None:
        self.app = app
        self.requests = requests
        self.linger = linger
        self.limit: int | None = None
        self.served = 0
        self.draining = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.limit is None:  # drawn in the worker, after the fork
            self.limit = self.requests + random.randint(0, self.requests // 10)
        self.served += 1
        if self.served >= self.limit and not self.draining:
            self.draining = True
            asyncio.get_running_loop().call_later(self.linger, _stop)
        if not self.draining:
            await self.app(scope, receive, send)
            return

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", ()) if k != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, closing)


def _stop() -> None:
    """Ask this worker to leave gracefully, as the arbiter would."""
    os.kill(os.getpid(), signal.SIGTERM)
