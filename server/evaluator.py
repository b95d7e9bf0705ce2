"""Queries evaluated in a child process, so that one that runs past its time limit can be
stopped without stopping the server.

pyoxigraph holds the GIL and cannot be interrupted while it evaluates a query; the only
sure way to stop a runaway query is to end the process running it. Each server worker owns
one child that opens the backend itself; a query past the limit kills the child, the client
gets an error, and the next query starts a fresh child.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from werkzeug.datastructures import MIMEAccept

from nqs.server.backends import (
    Backend,
    BackendError,
    BackendTimeout,
    Dataset,
    QueryError,
    TooManyResults,
)
from nqs.server.render import NotAcceptable, render


class QueryTimeout(Exception):
    """The query ran past the time limit: stopped, or (a remote endpoint without a limit of
    its own) no longer waited for; ``detail`` says which, when it is not the server's doing."""

    def __init__(self, limit: float, detail: str = "") -> None:
        super().__init__(limit, detail)
        self.limit = limit
        self.detail = detail

    def __str__(self) -> str:
        message = f"the query ran past the time limit of {self.limit:g} s"
        return f"{message}: {self.detail}" if self.detail else message


class _Ended(Exception):
    """The evaluator process ended without answering."""


@dataclass(frozen=True)
class Job:
    text: str
    dataset: Dataset
    max_rows: int
    update: bool = False
    accept: tuple[tuple[str, float], ...] = ()
    """The client's Accept header as (media type, quality) pairs."""
    formats: tuple[str, ...] = ()
    """Format names the client gave (``format``, ``output``, ``results``): the first that
    fits the kind of answer overrides ``accept``."""


BackendFactory = Callable[[], Backend]
log = logging.getLogger(__name__)


def _child(conn: Connection, factory: BackendFactory) -> None:
    """The child's loop: evaluate each job, send back the outcome or the error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    for sig in (signal.SIGTERM, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(sig, signal.SIG_DFL)  # not the server worker's inherited handlers
    backend = factory()
    while True:
        try:
            job: Job = conn.recv()
        except EOFError:
            return
        reply: tuple[str, Any]
        try:
            if job.update:
                backend.update(job.text, job.dataset.base_iri)
                reply = ("ok", None)
            else:
                outcome = backend.query(job.text, job.dataset, job.max_rows)
                reply = ("ok", render(outcome, MIMEAccept(list(job.accept)), job.formats))
        except NotAcceptable as exc:
            reply = ("not-acceptable", str(exc))
        except QueryError as exc:
            reply = ("query-error", str(exc))
        except TooManyResults as exc:
            reply = ("too-many", exc.args[0])
        except BackendError as exc:
            reply = ("backend-error", str(exc))
        except BackendTimeout as exc:
            reply = ("timeout", str(exc))
        except Exception as exc:  # a bug must not kill the child silently
            reply = ("backend-error", f"internal error: {type(exc).__name__}")
        conn.send(reply)


class Evaluator:
    """Runs jobs in a child process with a time limit per job; ``grace`` is how much longer
    the child is given, to answer (a remote endpoint's own timeout) before it is stopped."""

    def __init__(self, factory: BackendFactory, timeout: float, grace: float = 0.0) -> None:
        self.factory = factory
        self.timeout = timeout
        self.grace = grace
        self._conn: Connection | None = None
        self._proc: BaseProcess | None = None
        self._owner = os.getpid()

    def _start(self) -> Connection:
        # Not "fork": a copy of a process whose store (RocksDB) threads are running can
        # crash in the store (seen as segmentation faults of the child). The fork server is
        # a clean process, with this module loaded once, that children are forked from.
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_child, args=(child, self.factory), daemon=True)
        proc.start()
        child.close()
        self._conn, self._proc = parent, proc
        return parent

    def stop(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._conn = self._proc = None

    def _exchange(self, job: Job) -> tuple[str, Any]:
        """Send ``job`` to the evaluator process (started if needed) and take its answer;
        raises QueryTimeout at the limit and _Ended when the process ends without one."""
        if os.getpid() != self._owner:  # a forked server worker starts its own child
            self._conn = self._proc = None
            self._owner = os.getpid()
        conn = self._conn
        if conn is None or self._proc is None or not self._proc.is_alive():
            conn = self._start()
        try:
            conn.send(job)
            ready = conn.poll(self.timeout + self.grace)
            if not ready:
                self.stop()
                raise QueryTimeout(self.timeout)
            status, value = conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError) as exc:
            self.stop()
            raise _Ended from exc
        return status, value

    def run(self, job: Job) -> tuple[str, bytes] | None:
        """The answer's media type and body (None for an update); raises QueryError,
        NotAcceptable, TooManyResults, BackendError or QueryTimeout.

        A query whose evaluator process ended before answering (not at the time limit) is
        logged with the query's hash and given once more to a fresh process; an update is
        not, since it may have been applied."""
        try:
            status, value = self._exchange(job)
        except _Ended:
            digest = hashlib.sha256(job.text.encode("utf-8")).hexdigest()[:16]
            if job.update:
                log.error("evaluator ended unexpectedly during update %s", digest)
                raise BackendError("the query process ended unexpectedly") from None
            log.warning("evaluator ended unexpectedly during query %s; retried once", digest)
            try:
                status, value = self._exchange(job)
            except _Ended:
                log.error("evaluator ended unexpectedly again during query %s", digest)
                raise BackendError("the query process ended unexpectedly") from None
        if status == "ok":
            return value  # type: ignore[no-any-return]
        if status == "query-error":
            raise QueryError(value)
        if status == "not-acceptable":
            raise NotAcceptable(value)
        if status == "too-many":
            raise TooManyResults(value)
        if status == "timeout":
            raise QueryTimeout(self.timeout, value)
        raise BackendError(value)
