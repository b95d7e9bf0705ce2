"""Queries evaluated in a child process, so that one that runs past its time or memory limit
can be stopped without stopping the server.

pyoxigraph holds the GIL and cannot be interrupted while it evaluates a query; the only
sure way to stop a runaway query is to end the process running it. Each server worker owns
a small pool of children (:class:`EvaluatorPool`, one per query it evaluates at once), each
opening the backend itself; a query past the time limit kills its child, the client gets an
error, and the next query starts a fresh child. The operating system bounds each child's
memory (``RLIMIT_DATA``: heap and anonymous mappings, not the store's mapped files): a query
that needs more makes its allocation fail, the child ends, and the client gets a 503 saying
so; the query is not tried again.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import queue
import resource
import signal
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from werkzeug.datastructures import MIMEAccept

from nqs.server.render import NotAcceptable, render
from nqs.store.backends import (
    Backend,
    BackendError,
    BackendTimeout,
    Dataset,
    QueryError,
    TooManyResults,
    WritableBackend,
)


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
    """The evaluator process ended without answering (``exitcode``: how it ended)."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(exitcode)
        self.exitcode = exitcode


class QueryMemoryExceeded(BackendError):
    """The query needed more memory than an evaluation may use (503, as the backend's
    failures are)."""

    def __init__(self, limit_mb: int) -> None:
        super().__init__(limit_mb)
        self.limit_mb = limit_mb

    def __str__(self) -> str:
        return (
            f"the query needed more than the {self.limit_mb} MB of memory a query may use "
            "here: narrow it (fewer unbound patterns, a LIMIT before ORDER BY in a sub-query)"
        )


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
START_SECONDS = 120.0
"""How long a new evaluator process may take to open the backend."""
log = logging.getLogger(__name__)


def _limit_memory(limit_mb: int) -> None:
    """Bound this process's data segment (heap and anonymous mappings) to ``limit_mb`` MB on
    top of what it uses now; allocations past it fail and the store aborts the process."""
    if limit_mb <= 0:
        return
    with open("/proc/self/status", encoding="ascii") as fh:
        used_kb = next((int(ln.split()[1]) for ln in fh if ln.startswith("VmData:")), 0)
    limit = used_kb * 1024 + limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _child(conn: Connection, factory: BackendFactory, memory_mb: int = 0) -> None:
    """The child's loop: evaluate each job, send back the outcome or the error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    for sig in (signal.SIGTERM, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(sig, signal.SIG_DFL)  # not the server worker's inherited handlers
    backend = factory()
    _limit_memory(memory_mb)
    conn.send(("ready", None))  # the time limit of the first job starts now
    while True:
        try:
            job: Job = conn.recv()
        except EOFError:
            return
        reply: tuple[str, Any]
        try:
            if job.update:
                if not isinstance(backend, WritableBackend):
                    raise QueryError("this store takes no updates")
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

    def __init__(
        self, factory: BackendFactory, timeout: float, grace: float = 0.0, memory_mb: int = 0
    ) -> None:
        self.factory = factory
        self.timeout = timeout
        self.grace = grace
        self.memory_mb = memory_mb
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
        proc = ctx.Process(target=_child, args=(child, self.factory, self.memory_mb), daemon=True)
        proc.start()
        child.close()
        self._conn, self._proc = parent, proc
        # wait until the child has opened the backend: its start is not the query's time
        try:
            ready = parent.poll(START_SECONDS) and parent.recv()[0] == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            exitcode = proc.exitcode
            self.stop()
            raise BackendError(f"the query process did not start (exit code {exitcode})")
        return parent

    def start(self) -> None:
        """Start the process now if it is not running."""
        if self._proc is None or not self._proc.is_alive() or os.getpid() != self._owner:
            self._owner = os.getpid()
            self._start()

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
            proc = self._proc
            if proc is not None:
                proc.join(5)
            exitcode = proc.exitcode if proc is not None else None
            self.stop()
            raise _Ended(exitcode) from exc
        return status, value

    def run(self, job: Job) -> tuple[str, bytes] | None:
        """The answer's media type and body (None for an update); raises QueryError,
        NotAcceptable, TooManyResults, BackendError or QueryTimeout.

        A query whose evaluator process ended before answering (not at the time limit) is
        logged with the query's hash and given once more to a fresh process; an update is
        not, since it may have been applied."""
        try:
            status, value = self._exchange(job)
        except _Ended as ended:
            digest = hashlib.sha256(job.text.encode("utf-8")).hexdigest()[:16]
            if self.memory_mb and ended.exitcode == -signal.SIGABRT:
                # the store aborts the process when an allocation fails: past the limit
                log.error(
                    "evaluator stopped at the memory limit (%d MB) by query %s",
                    self.memory_mb,
                    digest,
                )
                raise QueryMemoryExceeded(self.memory_mb) from None
            log.error("evaluator ended (exit code %s) during query %s", ended.exitcode, digest)
            if job.update:
                log.error("evaluator ended unexpectedly during update %s", digest)
                raise BackendError("the query process ended unexpectedly") from None
            log.warning("evaluator ended unexpectedly during query %s; retried once", digest)
            try:
                status, value = self._exchange(job)
            except _Ended as again:
                log.error(
                    "evaluator ended again (exit code %s) during query %s", again.exitcode, digest
                )
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


class EvaluatorPool:
    """A worker's evaluators: ``size`` children, each evaluating one job at a time; a job
    waits for a free one (the server's admission control keeps that wait short)."""

    def __init__(
        self,
        factory: BackendFactory,
        timeout: float,
        grace: float = 0.0,
        memory_mb: int = 0,
        size: int = 1,
    ) -> None:
        self.timeout = timeout
        self._all = [Evaluator(factory, timeout, grace, memory_mb) for _ in range(max(1, size))]
        self._idle: queue.SimpleQueue[Evaluator] = queue.SimpleQueue()
        for evaluator in self._all:
            self._idle.put(evaluator)

    def run(self, job: Job) -> tuple[str, bytes] | None:
        """As :meth:`Evaluator.run`, on the first evaluator free."""
        evaluator = self._idle.get()
        try:
            return evaluator.run(job)
        finally:
            self._idle.put(evaluator)

    def warm(self) -> None:
        """Start every evaluator process now (each opening the backend) rather than at its
        first query; a failure is left for that query to meet."""
        for _ in self._all:
            evaluator = self._idle.get()
            try:
                evaluator.start()
            except BackendError as exc:
                log.warning("evaluator did not start: %s", exc)
            finally:
                self._idle.put(evaluator)

    def stop(self) -> None:
        for evaluator in self._all:
            evaluator.stop()
