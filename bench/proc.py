"""Resident memory of a process tree, read from ``/proc``, for the benchmarks."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def tree_rss(pid: int) -> int:
    """Resident bytes of the process and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


@contextmanager
def rss_samples(pid: int, interval: float = 1.0) -> Iterator[list[int]]:
    """The resident memory of ``pid``'s tree, sampled every ``interval`` s while inside."""
    samples = [tree_rss(pid)]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(interval):
            samples.append(tree_rss(pid))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield samples
    finally:
        stop.set()
        thread.join()
        samples.append(tree_rss(pid))
