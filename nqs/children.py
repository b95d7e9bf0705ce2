"""Worker processes that die with their parent.

A build's worker processes (the documents loaded in parallel, the SHACL checks of each
document graph) are forked from the build. Killed with ``kill -9``, the build could not stop
them, and they waited forever on a queue no one writes to. :func:`worker_pool` gives a
process pool whose workers are killed by the kernel when the build ends, however it ends:
on Linux with ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` in each worker as it starts, elsewhere
with a thread in each worker that watches its parent's process id.

``PR_SET_PDEATHSIG`` fires when the *thread* that forked the worker ends, so a pool must be
started (its first job submitted) from a thread that outlives it: the main thread, as the
build does.

A worker that dies (killed by the kernel's out-of-memory killer, a crash in a library) breaks
its pool: every job not done fails with ``BrokenProcessPool``, which says neither which job
the worker ran nor how it ended. :class:`NotedPool` tells both (:meth:`NotedPool.died`).

A worker that opens a store (the registry shapes read the asserted store) is a
:class:`SpawnedWorker`: a new interpreter, not a fork of a process that may hold stores and
threads; it dies with its parent the same way, and a death is a :class:`WorkerDied`.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import math
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_INTERVAL = 0.5  # seconds between two looks at the parent, where prctl is missing


def die_with_parent(parent: int) -> None:
    """Make this process end when the process ``parent`` ends (a pool's initializer)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            _watch(parent)
    else:
        _watch(parent)
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)


def _watch(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_INTERVAL)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def worker_pool(max_workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process (see module doc)."""
    return ProcessPoolExecutor(
        max_workers=max_workers, initializer=die_with_parent, initargs=(os.getpid(),)
    )


def ended(exitcode: int | None) -> str:
    """How a process ended, from its exit code: ``killed by SIGKILL, signal 9``, ``exit code
    1``, or ``how, unknown`` (``None``: the code could not be read)."""
    if exitcode is None:
        return "how, unknown"
    if exitcode >= 0:
        return f"exit code {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        return f"killed by signal {-exitcode}"
    return f"killed by {name}, signal {-exitcode}"


def _noted(notes: Path, what: str, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in a worker, ``what`` noted meanwhile in a file named by its pid."""
    note = notes / str(os.getpid())
    note.write_text(what, encoding="utf-8")
    result = fn(*args)
    note.unlink()
    return result


class NotedPool:
    """A :func:`worker_pool` whose workers note what each job works on (in a file named by
    the worker's pid, in a private folder, while it runs), so that when a worker dies the
    pool can tell what it was working on and how it ended (:meth:`died`)."""

    def __init__(self, max_workers: int) -> None:
        self.pool = worker_pool(max_workers)
        self.notes: Path | None = None  # made at the first job
        self._processes: dict[int, BaseProcess] = {}
        self._left: dict[int, str] = {}

    def submit(self, what: str, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``fn(*args)`` in a worker; ``what`` names the job if the worker dies."""
        if self.notes is None:
            self.notes = Path(tempfile.mkdtemp(prefix="nqs-workers-"))
        future = self.pool.submit(_noted, self.notes, what, fn, *args)
        # the pool's workers (the executor's own table: the one place that keeps their exit
        # codes; the same dict while the pool lives)
        self._processes = getattr(self.pool, "_processes", None) or self._processes
        return future

    def pids(self) -> list[int]:
        """The process ids of the workers started so far."""
        return list(self._processes)

    def shutdown(self) -> None:
        """Wait for the workers to end (cancel the jobs not started) and remove the notes,
        keeping those of the jobs that did not finish."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.notes is not None and self.notes.is_dir():
            for note in self.notes.iterdir():
                if note.name.isdigit():
                    self._left[int(note.name)] = note.read_text(encoding="utf-8")
            shutil.rmtree(self.notes, ignore_errors=True)

    def died(self) -> tuple[str | None, int | None]:
        """After the pool broke: what the worker that died was working on (``None`` if it
        died between jobs) and its exit code (negative: the signal that killed it; ``None``
        if unknown). The pool ends its other workers with ``SIGTERM`` once one died, so a
        worker that ended otherwise is the one that died."""
        self.shutdown()
        codes = {pid: p.exitcode for pid, p in list(self._processes.items())}
        ending = (0, -signal.SIGTERM, None)
        for pid, what in sorted(self._left.items()):
            if codes.get(pid) not in ending:
                return what, codes[pid]
        dead = [code for code in codes.values() if code not in ending]
        if dead:
            return None, dead[0]
        if len(self._left) == 1:  # killed with SIGTERM by someone else
            ((pid, what),) = self._left.items()
            return what, codes.get(pid)
        return None, None


@contextmanager
def killed_after(seconds: float) -> Iterator[None]:
    """In a worker process (one that :mod:`multiprocessing` started): the process ends, killed
    by ``SIGALRM``, if the block runs longer than ``seconds``, even in a library's C code
    that never returns to Python. Elsewhere (the main process), nothing."""
    if multiprocessing.parent_process() is None or not math.isfinite(seconds):
        yield
        return
    previous = signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the default action: end
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class WorkerDied(RuntimeError):
    """A :class:`SpawnedWorker`'s process ended before it answered."""

    def __init__(self, what: str, exitcode: int | None) -> None:
        self.what = what
        self.exitcode = exitcode
        super().__init__(f"the process running {what} ended: {ended(exitcode)}")


_SERVE = "from nqs.children import serve; serve()"


def serve() -> None:
    """A :class:`SpawnedWorker`'s life (its process runs ``python -c`` with this): die with
    the parent, take its import path and import what it preloads, then run each job received
    and send back its result or its exception, until the parent closes the pipe."""
    jobs = Connection(int(sys.argv[1]), writable=False)
    answers = Connection(int(sys.argv[2]), readable=False)
    die_with_parent(int(sys.argv[3]))
    path, preload = jobs.recv()
    sys.path[:] = path
    for module in preload:
        importlib.import_module(module)
    while True:
        try:
            fn, args = jobs.recv()
        except EOFError:
            return
        try:
            answer: tuple[bool, Any] = (True, fn(*args))
        except Exception as exc:  # sent back to be raised in the parent
            answer = (False, exc)
        answers.send(answer)


class SpawnedWorker:
    """One worker process started afresh: a new interpreter (``python -c``, not a fork), with
    none of this process's state (no open store, no thread, no library mid-call), which dies
    with this process. Jobs and answers are pickled over two pipes.

    A forked worker inherits whatever the parent holds: a RocksDB store opened in a forked
    child of a process that had opened stores before crashed (SIGSEGV). A fresh one costs an
    interpreter's start, paid when it is made (with ``preload`` imported then), not at the
    first :meth:`run`. It runs no ``__main__`` of this process (as multiprocessing's
    ``spawn`` would). Start it from a thread that outlives it (see module doc)."""

    def __init__(self, what: str, preload: tuple[str, ...] = ()) -> None:
        self.what = what
        jobs_in, jobs_out = os.pipe()
        answers_in, answers_out = os.pipe()
        command = [sys.executable, "-c", _SERVE, str(jobs_in), str(answers_out), str(os.getpid())]
        try:
            self._process = subprocess.Popen(
                command, pass_fds=(jobs_in, answers_out), stdin=subprocess.DEVNULL
            )
        finally:
            os.close(jobs_in)
            os.close(answers_out)
        self._jobs = Connection(jobs_out, readable=False)
        self._answers = Connection(answers_in, writable=False)
        self._lock = threading.Lock()
        self._jobs.send((sys.path, preload))

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def exitcode(self) -> int | None:
        """The process's exit code once it ended (negative: the signal that ended it)."""
        return self._process.poll()

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in the worker (both picklable); its exception raised here; a
        :class:`WorkerDied` if the process ends first."""
        with self._lock:
            try:
                self._jobs.send((fn, args))
                ok, value = self._answers.recv()
            except (EOFError, OSError):
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._process.wait(5)
                raise WorkerDied(self.what, self._process.poll()) from None
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """End the worker at once, whatever it is doing, and wait for it."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        with self._lock:  # a job waiting on the worker has seen it end
            self._jobs.close()
            self._answers.close()
