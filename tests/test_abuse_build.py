"""Builds under faults and abuse (issue 20, item 5): a build killed with ``kill -9`` leaves no
worker process behind and the previous store serving; two builds of one store are refused
by a lock that a dead build never holds; a reader's error names the file and the place;
zip bombs and deeply nested pages are refused before they take the machine's memory;
secrets never come from the command line.

Real ``nqs build`` processes on the seeds, into stores under the test's tmp folder; nothing
listens on the network."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nqs.build import build
from nqs.config import Settings
from nqs.store import ReadOnlyStore, build_lock, current_build, lock_path
from tests.conftest import BALLET, SEEDS
from tests.test_build_store import cards

NQS = Path(sys.executable).with_name("nqs")
WAIT = 60.0  # seconds a build may take to reach the point a test waits for


# --- processes ------------------------------------------------------------------------------


def children(pid: int) -> set[int]:
    """The processes ``pid`` forked (from every thread), read from /proc."""
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # a thread that ended
            out.update(int(c) for c in (task / "children").read_text().split())
    return out


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children(todo.pop()) - found:
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its new parent to reap it does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.05)


def start_build(store: Path, cwd: Path) -> subprocess.Popen[str]:
    """``nqs build`` of the seeds into ``store``, in a process of its own."""
    return subprocess.Popen(
        [str(NQS), "build", "--sources", str(SEEDS), "--store", str(store)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Path]:
    """A store holding a build of seed 000 alone (three cards): the previous store."""
    folder = tmp_path / "ballet"
    folder.mkdir()
    shutil.copy(BALLET, folder)
    path = tmp_path / "store"
    build(Settings(store=path, sources=(folder,)))
    assert cards(path) == 3
    yield path


class Builds:
    """The build processes a test starts and the processes they forked, all killed at the
    end of the test if still running (so that a failing test leaves nothing behind)."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[str]] = []
        self.forked: set[int] = set()

    def start(self, store: Path, cwd: Path) -> subprocess.Popen[str]:
        process = start_build(store, cwd)
        self.started.append(process)
        return process

    def note(self, process: subprocess.Popen[str]) -> set[int]:
        """The processes ``process`` forked, remembered."""
        found = descendants(process.pid)
        self.forked |= found
        return found

    def end(self) -> None:
        for process in self.started:
            if process.poll() is None:
                self.note(process)
                process.kill()
            process.wait(timeout=30)
            for pipe in (process.stdout, process.stderr):
                if pipe is not None:
                    pipe.close()
        for pid in self.forked:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture()
def builds() -> Iterator[Builds]:
    running = Builds()
    yield running
    running.end()


# --- 1. the workers die with the build ------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("phase", ["loading", "validating"])
def test_killed_build_leaves_no_worker_and_the_store_serving(
    phase: str, store: Path, tmp_path: Path, builds: Builds
) -> None:
    """``kill -9`` of ``nqs build`` while its workers load the documents, or while they
    check the document graphs with the shapes (after the five seeds are read): every
    process it forked is gone within a few seconds (they stayed forever, deadlocked), and
    the previous store is still the current one and answers."""
    before = current_build(store)
    process = builds.start(store, tmp_path)
    assert process.stderr is not None
    wait_for(lambda: len(children(process.pid)) >= 2, WAIT, "the two workers that load")
    loading = children(process.pid)
    if phase == "validating":  # the load's workers end once the fifth document is read
        read = 0
        while read < 5:
            line = process.stderr.readline()
            assert line, f"the build ended before validating: {process.wait()}"
            read += line.startswith("  reading ")
        validating = lambda: len(children(process.pid) - loading) >= 2  # noqa: E731
        wait_for(validating, WAIT, "the two workers that validate")
    forked = builds.note(process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    wait_for(lambda: not any(alive(p) for p in forked), 5, f"workers {sorted(forked)} gone")
    assert current_build(store) == before
    assert cards(store) == 3
    with build_lock(store):  # the dead build's lock does not block
        pass


# --- 2. one build per store at a time -------------------------------------------------------


@pytest.mark.slow
def test_second_build_of_a_store_is_refused_at_once(
    store: Path, tmp_path: Path, builds: Builds
) -> None:
    """While one ``nqs build`` runs, a second into the same store fails at once with a
    message naming the store and the first build's pid; a build into another store runs."""
    first = builds.start(store, tmp_path)
    lock = lock_path(store)
    wait_for(
        lambda: lock.is_file() and lock.read_text().strip() == str(first.pid),
        WAIT,
        "the first build holds the lock",
    )
    second = subprocess.run(
        [str(NQS), "build", "--sources", str(SEEDS), "--store", str(store)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert first.poll() is None, "the first build ended before the second was refused"
    assert second.returncode != 0
    assert f"{store} is being built by another process (pid {first.pid}" in second.stderr
    assert "reading" not in second.stderr  # refused before it read a document
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert current_build(store).name == ReadOnlyStore(store).build.name


def test_lock_of_a_dead_build_never_blocks(tmp_path: Path) -> None:
    """The lock is the kernel's (flock): a lock file whose holder is gone is taken at once,
    and the holder's pid replaces what the file said; a second holder is refused."""
    store = tmp_path / "store"
    lock_path(store).write_text("999999999\n")  # left by a build that is no more
    with build_lock(store):
        assert lock_path(store).read_text() == f"{os.getpid()}\n"
        held = subprocess.run(
            [sys.executable, "-c", _TAKE_LOCK, str(store)], capture_output=True, text=True
        )
        assert held.returncode == 1
        assert f"{store} is being built by another process (pid {os.getpid()}," in held.stderr
    taken = subprocess.run([sys.executable, "-c", _TAKE_LOCK, str(store)], capture_output=True)
    assert taken.returncode == 0


_TAKE_LOCK = """
import sys
from pathlib import Path
from nqs.store import StoreError, build_lock
try:
    with build_lock(Path(sys.argv[1])):
        pass
except StoreError as exc:
    sys.exit(str(exc))
"""
