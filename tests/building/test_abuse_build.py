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
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from zipfile import ZIP_DEFLATED as DEFLATED

import pytest

from nqs.build import BuildError, build, left_out_entry, load_sources, read_limits
from nqs.config import Settings, load_settings
from nqs.loaders.model import Location, Row, SourceError
from nqs.loaders.read import FORMATS, Format, limits, read
from nqs.loaders.read.limits import ReadLimits, reading_limits
from nqs.store import ReadOnlyStore, build_lock, current_build, lock_path
from nqs.validation import engine
from nqs.validation.engine import (
    DocumentCheck,
    DocumentData,
    ValidatorDied,
    check_document,
    check_documents,
)
from tests.building.test_build_store import cards
from tests.conftest import BALLET, CORPUS, ROOT, SEEDS

NQS = Path(sys.executable).with_name("nqs")
FORMS = ROOT / "tests" / "fixtures" / "forms"
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
    # the two workers that check the documents are forked first (nqs.build._checking_pool)
    workers = "the two workers that validate and the two that load"
    wait_for(lambda: len(children(process.pid)) >= 4, WAIT, workers)
    if phase == "validating":  # the load's workers end once the documents are read
        line = ""
        while not line.startswith("reading: "):  # the phase's line (stderr is a pipe)
            line = process.stderr.readline()
            assert line, f"the build ended before validating: {process.wait()}"
        wait_for(lambda: len(children(process.pid)) >= 2, WAIT, "the two workers that validate")
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


# --- 3. a reader's error names the file and the place ---------------------------------------

PDF_56 = CORPUS / "PdfDefault 56_ ПС Дизайнеры БД и администраторы.pdf"
DOCX_1 = CORPUS / "Default 1_ Администрирование баз данных.docx"


def broken_page_pdf(folder: Path) -> Path:
    """PDF 56 with the dictionary of its object 23 broken: ``<</Type/Page/Parent 2 0 R…``
    made ``[[/Type/Page…`` (same length, so every offset holds). Object 2, the page tree,
    lists its pages as ``/Kids[ 3 0 R 19 0 R 23 0 R 27 0 R …]``: object 23 is page 3."""
    data = PDF_56.read_bytes()
    start = data.index(b"\n23 0 obj\r\n<</Type/Page/") + len(b"\n23 0 obj\r\n")
    out = folder / PDF_56.name
    out.write_bytes(data[:start] + b"[[" + data[start + 2 :])
    return out


def truncated_docx(folder: Path) -> Path:
    """DOCX 1 with its ``word/document.xml`` cut in half (the package itself sound)."""
    out = folder / DOCX_1.name
    with zipfile.ZipFile(DOCX_1) as original, zipfile.ZipFile(out, "w", DEFLATED) as copy:
        for part in original.infolist():
            data = original.read(part.filename)
            if part.filename == "word/document.xml":
                data = data[: len(data) // 2]
            copy.writestr(part.filename, data)
    return out


def test_broken_pdf_page_names_file_and_page(tmp_path: Path) -> None:
    """pdfium's 'Failed to load page.' (a PdfiumError that named no file) is a SourceError
    naming the file and page 3."""
    with pytest.raises(SourceError) as err:
        read(broken_page_pdf(tmp_path))
    assert err.value.loc == Location("page", 3, 3)
    assert err.value.path.name == PDF_56.name
    assert str(err.value).startswith(f"{PDF_56.name} (page 3): a page of the PDF cannot be read")


def test_corrupt_docx_part_names_file_and_part(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as err:
        read(truncated_docx(tmp_path))
    assert str(err.value).startswith(
        f"{DOCX_1.name}: not a readable DOCX file: part word/document.xml is not well-formed XML:"
    )


def test_unreadable_documents_are_left_out_and_reported(tmp_path: Path) -> None:
    """With keep-going, the broken PDF and DOCX are left out with their file and place, and
    the sound document beside them (seed 000) is loaded; without, the load is refused with
    both named."""
    broken_page_pdf(tmp_path)
    truncated_docx(tmp_path)
    shutil.copy(BALLET, tmp_path)
    settings = Settings(sources=(tmp_path,), keep_going=True)
    loaded, left_out = load_sources(settings)
    assert [d.source.name for d in loaded] == [BALLET.name]
    entries = sorted((left_out_entry(e) for e in left_out), key=lambda e: str(e["file"]))
    assert [(e["file"], e["place"]) for e in entries] == [
        (DOCX_1.name, None),
        (PDF_56.name, "page 3"),
    ]
    assert "part word/document.xml" in str(entries[0]["message"])
    with pytest.raises(BuildError) as err:
        load_sources(Settings(sources=(tmp_path,)))
    assert f"{PDF_56.name} (page 3): " in str(err.value)
    assert f"{DOCX_1.name}: not a readable DOCX file: part word/document.xml" in str(err.value)


@pytest.mark.slow
def test_keep_going_build_reports_the_broken_files(tmp_path: Path) -> None:
    """``nqs build --keep-going`` over seed 000 and the two broken files: built, and each
    broken file listed with its place and reason."""
    sources = tmp_path / "sources"
    sources.mkdir()
    pdf, docx = broken_page_pdf(sources), truncated_docx(sources)
    shutil.copy(BALLET, sources)
    store = tmp_path / "store"
    args = ["build", "--keep-going", "--sources", str(sources), "--store", str(store)]
    done = subprocess.run(
        [str(NQS), *args], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert (
        f"LEFT OUT  {pdf} (page 3): a page of the PDF cannot be read: Failed to load page." in out
    )
    assert f"LEFT OUT  {docx}: not a readable DOCX file: part word/document.xml" in out
    assert "2 documents left out (--keep-going)" in out
    assert cards(store) == 3


def _dies_on_crash(path: Path) -> list[Row]:
    """The text reader, but the process reading a file named ``crash.txt`` is killed, as a
    crash in a reader's library or the kernel's out-of-memory killer would end it."""
    if path.name == "crash.txt":
        os.kill(os.getpid(), signal.SIGKILL)
    return FORMATS["plain"].read(path)


def test_document_that_kills_its_worker_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker process killed while it reads ``crash.txt`` (the workers are forked, so they
    read with the patched reader): the build's load does not crash with the broken pool;
    the other documents are loaded (each unfinished one again alone) and crash.txt is the
    error, left out with keep-going."""
    monkeypatch.setitem(FORMATS, "plain", FORMATS["text"])
    monkeypatch.setitem(FORMATS, "text", Format("text", "text/plain", _dies_on_crash))
    shutil.copy(BALLET, tmp_path)
    shutil.copy(SEEDS / "001_04ad280e7aaf98fd.txt", tmp_path)
    (tmp_path / "crash.txt").write_text("any text\n", "utf-8")
    loaded, left_out = load_sources(Settings(sources=(tmp_path,), keep_going=True))
    assert sorted(d.source.name for d in loaded) == [BALLET.name, "001_04ad280e7aaf98fd.txt"]
    assert [str(e) for e in left_out] == [
        "crash.txt: the process reading it ended abruptly (killed by SIGKILL, signal 9;"
        " a crash in a reader's library?)"
    ]


def _hangs_on_slow(path: Path) -> list[Row]:
    """The text reader, but reading a file named ``slow.txt`` never ends (as a library's C
    code that never returns to Python would)."""
    if path.name == "slow.txt":
        time.sleep(600)
    return FORMATS["plain"].read(path)


def test_document_whose_loading_hangs_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader that hangs on ``slow.txt``, under a reading time limit of 0.5 s and a grace
    of 0.5 s (both kept by the forked workers): its worker is stopped with SIGALRM after
    1 s (and again when it is loaded alone), and the load is refused naming the file, the
    time and the signal, within seconds, not the reader's 600."""
    monkeypatch.setitem(FORMATS, "plain", FORMATS["text"])
    monkeypatch.setitem(FORMATS, "text", Format("text", "text/plain", _hangs_on_slow))
    monkeypatch.setattr(limits, "STOP_GRACE", 0.5)
    (tmp_path / "slow.txt").write_text("any text\n", "utf-8")
    started = time.monotonic()
    with pytest.raises(BuildError) as err:
        load_sources(Settings(sources=(tmp_path,), source_max_seconds=0.5))
    assert time.monotonic() - started < 30
    assert err.value.errors[0].message == (
        "reading took more than 1 s: the process was stopped (killed by SIGALRM, signal 14)"
    )


def _dies_validating(document: DocumentData) -> DocumentCheck:
    """The in-document check, but the process checking seed 000 is killed, as the kernel's
    out-of-memory killer or a crash in pySHACL's libraries would end it."""
    if document.file == BALLET.name:
        os.kill(os.getpid(), signal.SIGKILL)
    return check_document(document)


def test_validator_that_dies_is_named_with_its_signal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seeds 000 and 001 checked in two worker processes (forked, so with the patched check),
    the one checking seed 000 killed: the checks end with one error naming seed 000 and the
    signal (they ended with BrokenProcessPool, naming neither), and leave no notes behind."""
    shutil.copy(BALLET, tmp_path)
    shutil.copy(SEEDS / "001_04ad280e7aaf98fd.txt", tmp_path)
    loaded, _ = load_sources(Settings(sources=(tmp_path,)))
    documents = [
        DocumentData(d.graph_name, d.source.name, d.source.sha256, d.ntriples) for d in loaded
    ]
    monkeypatch.setattr(engine, "check_document", _dies_validating)
    notes = set(Path(tempfile.gettempdir()).glob("nqs-workers-*"))
    with pytest.raises(ValidatorDied) as err:
        check_documents(documents, workers=2)
    assert (err.value.file, err.value.exitcode) == (BALLET.name, -signal.SIGKILL)
    assert str(err.value) == (
        f"the process validating {BALLET.name} with the shapes died (killed by SIGKILL, signal 9)"
    )
    assert set(Path(tempfile.gettempdir()).glob("nqs-workers-*")) == notes


_BUILD_DYING_VALIDATOR = """
import os, signal, sys
from nqs.validation import engine
check = engine.check_document
def dies(document):
    if document.file.startswith("000_"):
        os.kill(os.getpid(), signal.SIGKILL)
    return check(document)
engine.check_document = dies
from nqs.cli import main
main(sys.argv[1:])
"""


def session_members(session: int) -> set[int]:
    """The running processes of session ``session`` (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session and fields[0] not in ("Z", "X"):
                found.add(int(stat.parent.name))
    return found


@pytest.mark.slow
def test_build_whose_validator_dies_fails_cleanly(store: Path, tmp_path: Path) -> None:
    """``nqs build`` of seeds 000 and 001 whose validator process checking seed 000 is killed
    with SIGKILL (the check patched in a Python process that runs the command, in a
    session of its own): exit code 1, one error line naming seed 000 and the signal, no
    traceback; the previous store (seed 000 alone) is still the current one; no process of
    the build's session is left."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(BALLET, sources)
    shutil.copy(SEEDS / "001_04ad280e7aaf98fd.txt", sources)
    before = current_build(store)
    args = ["build", "--no-cache", "--sources", str(sources), "--store", str(store)]
    process = subprocess.Popen(
        [sys.executable, "-c", _BUILD_DYING_VALIDATOR, *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, err = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 1, err
    assert (
        f"Error: the process validating {BALLET.name} with the shapes died"
        " (killed by SIGKILL, signal 9)\nthe previous store (if any) is unchanged\n"
    ) in err
    assert "Traceback" not in err
    assert current_build(store) == before
    assert cards(store) == 3
    wait_for(lambda: not session_members(process.pid), 5, "the build's processes gone")


# --- 4. decompression and depth limits ------------------------------------------------------

MEMORY = 1 << 30  # the address space a refused reading runs in
_READ_LIMITED = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
from nqs.loaders.model import SourceError
from nqs.loaders.read import read
try:
    read(Path(sys.argv[1]))
    print("read")
except SourceError as exc:
    print(exc)
# the peak of this process's own memory (VmHWM): ru_maxrss keeps the parent's peak across
# exec, so a child of a large test process would report that
print(next(ln.split()[1] for ln in open("/proc/self/status") if ln.startswith("VmHWM:")))
"""


def read_in_small_memory(path: Path) -> tuple[str, int]:
    """Read ``path`` in a process limited to 1 GB of address space: what it said (the
    error, or ``read``) and its peak resident memory in KB."""
    script = _READ_LIMITED.format(memory=MEMORY)
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    said, peak = done.stdout.strip().rsplit("\n", 1)
    return said, int(peak)


def zip_bomb(folder: Path, megabytes: int) -> Path:
    """Seed 000's Word form whose ``word/document.xml`` is ``megabytes`` MB of one repeated
    paragraph, compressed (written in pieces: the test never holds it whole)."""
    source = FORMS / "000_ed35bb0e5147c5b7.docx"
    out = folder / "bomb.docx"
    paragraph = b"<w:p><w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r></w:p>"
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(out, "w", DEFLATED, compresslevel=9) as bomb,
    ):
        for part in original.infolist():
            if part.filename != "word/document.xml":
                bomb.writestr(part.filename, original.read(part.filename))
                continue
            head = original.read(part.filename).split(b"<w:body>")[0] + b"<w:body>"
            with bomb.open(part.filename, "w", force_zip64=True) as xml:
                xml.write(head)
                for _ in range(megabytes):
                    xml.write(paragraph * (1_000_000 // len(paragraph)))
                xml.write(b"</w:body></w:document>")
    return out


@pytest.mark.slow
def test_zip_bomb_docx_is_refused_in_small_memory(tmp_path: Path) -> None:
    """A Word file whose document.xml decompresses to 200 MB (the file: some 500 KB) is
    refused before it is parsed, as a possible zip bomb naming the part, in a process of
    1 GB address space whose peak stays under 200 MB (some 85 MB, the imports' share;
    python-docx took 33 s and 626 MB on it)."""
    bomb = zip_bomb(tmp_path, 200)
    assert bomb.stat().st_size < 1_000_000
    said, peak = read_in_small_memory(bomb)
    assert said.startswith("bomb.docx: its parts decompress to more than the limit of 50,000,000")
    assert "part word/document.xml): refused as a possible zip bomb" in said
    assert peak < 200_000


def understated(bomb: Path, part: str, size: int) -> Path:
    """``bomb`` whose central directory says ``part`` decompresses to ``size`` bytes (the
    uncompressed size, bytes 24-27 of the part's central directory header)."""
    data = bytearray(bomb.read_bytes())
    at = data.index(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(part)] != part.encode():
        at = data.index(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", data, at + 24, size)
    out = bomb.with_name("understated.docx")
    out.write_bytes(bytes(data))
    return out


@pytest.mark.slow
def test_zip_bomb_with_understated_sizes_is_refused(tmp_path: Path) -> None:
    """The same bomb (60 MB) whose document.xml declares 1,000 bytes: what the part
    decompresses to is not what it declares, and it is refused as corrupt, naming the part,
    without ever holding more than the declared size."""
    bomb = understated(zip_bomb(tmp_path, 60), "word/document.xml", 1000)
    said, peak = read_in_small_memory(bomb)
    assert said.startswith(
        "understated.docx: part word/document.xml cannot be decompressed: Bad CRC-32"
    )
    assert peak < 200_000


def test_docx_limits_are_the_settings(tmp_path: Path) -> None:
    """A package within the defaults is refused under smaller limits: 2 MB decompressed
    (the bomb's 3 MB), 10 parts (seed 000's Word form has 17)."""
    bomb = zip_bomb(tmp_path, 3)
    assert len(read(bomb)[1]) > 0
    with reading_limits(read_limits(Settings(source_max_mb=2))), pytest.raises(SourceError) as err:
        read(bomb)
    assert "more than the limit of 2,000,000 bytes" in str(err.value)
    with (
        reading_limits(read_limits(Settings(source_max_parts=10))),
        pytest.raises(SourceError) as err,
    ):
        read(bomb)
    assert str(err.value) == "bomb.docx: a package of 17 parts; the limit is 10"
    large = tmp_path / "large.docx"  # 2 MB stored: past 1 MB, never opened as a package
    with zipfile.ZipFile(large, "w", zipfile.ZIP_STORED) as package:
        package.writestr("word/document.xml", b"<w:document/>" + b" " * 2_000_000)
    with reading_limits(read_limits(Settings(source_max_mb=1))), pytest.raises(SourceError) as err:
        read(large)
    assert str(err.value) == "large.docx: larger than the limit of 1,000,000 bytes"


def nested_html(folder: Path, depth: int) -> Path:
    """A page whose text «inside» is ``depth`` ``<div>`` deep, between two paragraphs."""
    path = folder / f"nested-{depth}.html"
    inner = "<div>" * depth + "inside" + "</div>" * depth
    path.write_text(f"<html><body><p>before</p>{inner}<p>after</p></body></html>", "utf-8")
    return path


def test_deeply_nested_html_is_refused_in_small_memory(tmp_path: Path) -> None:
    """100,000 nested ``<div>`` (libxml2 stopped at depth 256 and dropped the rest of the
    page, «inside» and «after», without a word): refused naming the limit and the line."""
    said, peak = read_in_small_memory(nested_html(tmp_path, 100_000))
    assert said == "nested-100000.html: elements nested deeper than the limit of 256 (line 1)"
    assert peak < 200_000


def test_html_depth_and_size_limits(tmp_path: Path) -> None:
    """200 ``<div>`` deep is read whole (``html`` and ``body`` make 202); 300 is refused;
    under a depth limit of 100 the 200 are refused too; a page larger than the size limit
    is refused before it is parsed."""
    rows = read(nested_html(tmp_path, 200))[1]
    assert [r.cells for r in rows] == [("before",), ("inside",), ("after",)]
    with pytest.raises(SourceError, match="nested deeper than the limit of 256"):
        read(nested_html(tmp_path, 300))
    with (
        reading_limits(read_limits(Settings(source_max_depth=100))),
        pytest.raises(SourceError, match="nested deeper than the limit of 100"),
    ):
        read(nested_html(tmp_path, 200))
    large = tmp_path / "large.html"
    large.write_text("<html><body>" + "<p>text</p>" * 200_000 + "</body></html>", "utf-8")
    with (
        reading_limits(read_limits(Settings(source_max_mb=2))),
        pytest.raises(SourceError, match=r"large\.html: larger than the limit of 2,000,000 bytes"),
    ):
        read(large)


# --- 5. PDF size, pages and reading time ----------------------------------------------------


def blank_pdf(folder: Path, pages: int) -> Path:
    """A PDF of ``pages`` blank A4 pages, made with pdfium."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = folder / f"blank-{pages}.pdf"
    document.save(out)
    document.close()
    return out


def test_pdf_past_the_page_limit_is_refused_naming_the_pages(tmp_path: Path) -> None:
    """12 pages under a limit of 10: refused before a page is read, the pages past the limit
    named; 12 pages under the default (2,000) are read (no text, no rows)."""
    pdf = blank_pdf(tmp_path, 12)
    assert read(pdf)[1] == []
    with (
        reading_limits(read_limits(Settings(source_max_pages=10))),
        pytest.raises(SourceError) as err,
    ):
        read(pdf)
    assert err.value.loc == Location("page", 11, 12)
    assert str(err.value) == "blank-12.pdf (pages 11-12): a PDF of 12 pages; the limit is 10"


def test_pdf_past_the_time_limit_is_stopped_at_a_page(tmp_path: Path) -> None:
    """PDF 56 (35 pages: its page tree, object 2, says ``/Count 35``) under a limit of a
    microsecond: stopped after page 1, the error naming it, the limit and the page count."""
    with (
        reading_limits(read_limits(Settings(source_max_seconds=1e-6))),
        pytest.raises(SourceError) as err,
    ):
        read(PDF_56)
    assert err.value.loc == Location("page", 1, 1)
    assert str(err.value).startswith(
        f"{PDF_56.name} (page 1): reading took more than the limit of 1e-06 s ("
    )
    assert str(err.value).endswith(" s for 1 of its 35 pages)")


def test_pdf_past_the_size_limit_is_refused_unopened(tmp_path: Path) -> None:
    """PDF 56 is 559,585 bytes: refused under a limit of 0.5 MB."""
    with (
        reading_limits(ReadLimits(max_bytes=500_000)),
        pytest.raises(SourceError, match=r"\.pdf: larger than the limit of 500,000 bytes$"),
    ):
        read(PDF_56)


def pdfs_past_the_limits(folder: Path) -> tuple[Path, Path]:
    """In ``folder``: a PDF of 40 blank pages (past a limit of 36 pages) and PDF 56 (35
    pages, past any time limit of a microsecond), beside seed 000."""
    shutil.copy(BALLET, folder)
    shutil.copy(PDF_56, folder)
    return blank_pdf(folder, 40), folder / PDF_56.name


def pdf_limits(folder: Path, keep_going: bool = False) -> Settings:
    """The sources in ``folder`` under a limit of 36 pages and a microsecond."""
    return Settings(
        sources=(folder,), keep_going=keep_going, source_max_pages=36, source_max_seconds=1e-6
    )


def test_pdfs_past_the_limits_are_left_out_and_reported(tmp_path: Path) -> None:
    """With keep-going, both PDFs are left out, each with its place and the limit it passed;
    seed 000 is loaded; without, the load is refused naming both."""
    pdfs_past_the_limits(tmp_path)
    loaded, left_out = load_sources(pdf_limits(tmp_path, keep_going=True))
    assert [d.source.name for d in loaded] == [BALLET.name]
    entries = sorted((left_out_entry(e) for e in left_out), key=lambda e: str(e["file"]))
    assert [(e["file"], e["place"]) for e in entries] == [
        (PDF_56.name, "page 1"),
        ("blank-40.pdf", "pages 37-40"),
    ]
    assert str(entries[0]["message"]).startswith("reading took more than the limit of 1e-06 s")
    assert entries[1]["message"] == "a PDF of 40 pages; the limit is 36"
    with pytest.raises(BuildError) as err:
        load_sources(pdf_limits(tmp_path))
    assert "blank-40.pdf (pages 37-40): a PDF of 40 pages; the limit is 36" in str(err.value)
    assert f"{PDF_56.name} (page 1): reading took more than the limit" in str(err.value)


@pytest.mark.slow
def test_keep_going_build_reports_the_pdfs_past_the_limits(tmp_path: Path) -> None:
    """``nqs build --keep-going`` with the limits from the environment
    (``NQS_SOURCE_MAX_PAGES=36``, ``NQS_SOURCE_MAX_SECONDS=0.000001``): built of seed 000,
    each PDF listed with its place and the limit; without ``--keep-going``, exit code 1 and
    both named, no traceback."""
    sources = tmp_path / "sources"
    sources.mkdir()
    blank, pdf = pdfs_past_the_limits(sources)
    store = tmp_path / "store"
    env = {**os.environ, "NQS_SOURCE_MAX_PAGES": "36", "NQS_SOURCE_MAX_SECONDS": "0.000001"}
    args = [str(NQS), "build", "--sources", str(sources), "--store", str(store)]
    refused = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert refused.returncode == 1
    assert f"{blank.name} (pages 37-40): a PDF of 40 pages; the limit is 36" in refused.stderr
    assert f"{pdf.name} (page 1): reading took more than the limit of 1e-06 s" in refused.stderr
    assert "Traceback" not in refused.stderr
    done = subprocess.run(
        [*args, "--keep-going"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"LEFT OUT  {blank} (pages 37-40): a PDF of 40 pages; the limit is 36" in done.stdout
    assert f"LEFT OUT  {pdf} (page 1): reading took more than the limit of 1e-06 s" in done.stdout
    assert "2 documents left out (--keep-going)" in done.stdout
    assert cards(store) == 3


def test_limits_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NQS_SOURCE_MAX_MB", "5")
    monkeypatch.setenv("NQS_SOURCE_MAX_DEPTH", "64")
    monkeypatch.setenv("NQS_SOURCE_MAX_PAGES", "300")
    monkeypatch.setenv("NQS_SOURCE_MAX_SECONDS", "2.5")
    limits = read_limits(load_settings(Path("/nonexistent.toml")))
    assert limits == ReadLimits(
        max_bytes=5_000_000, max_parts=1000, max_depth=64, max_pages=300, max_seconds=2.5
    )
    monkeypatch.setenv("NQS_SOURCE_MAX_SECONDS", "0")
    with pytest.raises(ValueError, match="source_max_seconds must be a positive number"):
        load_settings(Path("/nonexistent.toml"))
    monkeypatch.setenv("NQS_SOURCE_MAX_SECONDS", "2.5")
    monkeypatch.setenv("NQS_SOURCE_MAX_PARTS", "0")
    with pytest.raises(ValueError, match="source_max_parts must be a positive whole number"):
        load_settings(Path("/nonexistent.toml"))
