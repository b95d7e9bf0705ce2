"""Admission control in front of the app, in each worker's event loop.

gunicorn's asyncio worker reads every request's head without a thread, so an idle or slow
client holds a socket, never a thread. This layer then decides, before the app runs:

- cheap requests (``/health``, static files) go straight to the app: they are never queued
  behind evaluations;
- every other request first has its body read here (bounded in size and time: a client that
  trickles its body is answered 408, one too large 413), then waits for one of the worker's
  ``slots`` (as many as it evaluates queries at once). At most ``queue`` requests wait; past
  that the answer is 503 with ``Retry-After``;
- one client address may have at most ``per_client`` requests in the worker at once (429
  with ``Retry-After`` past that), so a single client cannot fill the queue. A request from
  a proxy on this machine (a loopback address) counts for the address its
  ``X-Forwarded-For`` names last (the one that proxy added), and is not limited without one:
  the machine's own clients and a proxy that does its own limiting are not one client.

Only then does the request reach the WSGI app (``a2wsgi``, in the worker's thread pool).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CHEAP_PATHS = ("/health", "/favicon.ico")
CHEAP_PREFIXES = ("/static/",)


@dataclass
class Limits:
    slots: int = 2
    """Requests evaluated at once (each worker)."""
    queue: int = 64
    """Requests that may wait for a slot."""
    per_client: int = 8
    """Requests one client address may have in the worker at once."""
    max_body: int = 2 * 1024 * 1024
    """Largest request body, in bytes."""
    body_seconds: float = 10.0
    """Time a client has to send its whole body."""
    retry_after: int = 2
    """Seconds a refused client is told to wait."""


@dataclass
class _State:
    slots: asyncio.Semaphore
    waiting: int = 0
    per_client: dict[str, int] = field(default_factory=dict)


class Admission:
    """ASGI middleware: cheap paths pass, the rest are admitted within ``limits``."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits
        self._state: _State | None = None  # made in the worker's event loop

    def state(self) -> _State:
        if self._state is None:
            self._state = _State(asyncio.Semaphore(self.limits.slots))
        return self._state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _cheap(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        state = self.state()
        client = client_address(scope)
        if client is None:
            await self._admit(scope, receive, send, state)
            return
        if state.per_client.get(client, 0) >= self.limits.per_client:
            await _refuse(send, 429, "too many requests from this address at once", self.limits)
            return
        state.per_client[client] = state.per_client.get(client, 0) + 1
        try:
            await self._admit(scope, receive, send, state)
        finally:
            state.per_client[client] -= 1
            if not state.per_client[client]:
                del state.per_client[client]

    async def _admit(self, scope: Scope, receive: Receive, send: Send, state: _State) -> None:
        try:
            body = await asyncio.wait_for(_read_body(receive, self.limits.max_body),
                                          self.limits.body_seconds)  # fmt: skip
        except TimeoutError:
            await _refuse(send, 408, "the request body did not arrive in time", self.limits)
            return
        except _TooLarge:
            message = f"request body larger than {self.limits.max_body} bytes"
            await _refuse(send, 413, message, self.limits)
            return
        except _Disconnected:
            return
        if state.slots.locked() and state.waiting >= self.limits.queue:
            await _refuse(send, 503, "the server is busy: try again shortly", self.limits)
            return
        state.waiting += 1
        try:
            await state.slots.acquire()
        finally:
            state.waiting -= 1
        try:
            await self.app(scope, _replay(body, receive), send)
        finally:
            state.slots.release()


LOOPBACK = ("127.", "::1")


def client_address(scope: Scope) -> str | None:
    """The client a request counts for: its peer, or, from a loopback peer, the last
    address of ``X-Forwarded-For`` (None without one)."""
    peer = str((scope.get("client") or ("", 0))[0])
    if not peer.startswith(LOOPBACK):
        return peer or None
    hops = [v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"x-forwarded-for"]
    last = ",".join(hops).split(",")[-1].strip()
    return last or None


def _cheap(path: str) -> bool:
    return path in CHEAP_PATHS or path.startswith(CHEAP_PREFIXES)


class _TooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body already read, then waits on the client."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refuse(send: Send, status: int, message: str, limits: Limits) -> None:
    body = (message + "\n").encode("utf-8")
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode("ascii")),
    ]
    if status in (429, 503):
        headers.append((b"retry-after", str(limits.retry_after).encode("ascii")))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
