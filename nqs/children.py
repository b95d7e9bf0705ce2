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
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

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
