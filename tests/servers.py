"""Start real server processes for tests and wait until they answer."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(
    args: list[str],
    url: str,
    log: Path,
    env: dict[str, str] | None = None,
    wait: float = 30,
    cwd: Path | None = None,
) -> Iterator[str]:
    """Run ``args`` until the block ends; yields once ``url`` answers (any HTTP status)
    within ``wait`` seconds."""
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"{args[0]} did not start:\n{log.read_text()}") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- the build in separate SPARQL servers -----------------------------------------------------

VIRTUOSO_PACKAGE = "virtuoso-opensource"
VIRTUOSO_USER = ("dba", "dba")
"""The administrator a fresh Virtuoso database has (its Graph Store and loader use it)."""
LOAD_SECONDS = 600


def nquads_dump(store: Path, out: Path) -> Path:
    """The build's N-Quads dump as ``nqs export --profile dump`` writes it: every named
    graph and the default graph (the merge)."""
    from nqs.export.dump import write_format
    from nqs.export.release import Release
    from nqs.export.vocab import N_QUADS
    from nqs.store import ReadOnlyStore

    source = ReadOnlyStore(store)
    release = Release(source.db, source.info, "", source.info.version, "http://x/", "http://x/")
    out.parent.mkdir(parents=True, exist_ok=True)
    write_format(release, N_QUADS, out, compress=False)
    return out


@contextmanager
def oxigraph_serving(nquads: Path, folder: Path) -> Iterator[str]:
    """A real ``oxigraph serve`` (without ``--union-default-graph``: its default graph is the
    dump's, the merge) over the dump, loaded with ``oxigraph load``; yields its query URL."""
    folder.mkdir(parents=True, exist_ok=True)
    location = folder / "oxigraph"
    done = subprocess.run(
        [str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(nquads)],
        capture_output=True,
        text=True,
        timeout=LOAD_SECONDS,
    )
    if done.returncode:
        raise AssertionError(f"oxigraph load failed: {done.stderr[-1000:]}")
    port = free_port()
    args = [str(BIN / "oxigraph"), "serve", "--location", str(location)]
    args += ["--bind", f"127.0.0.1:{port}"]
    query = f"http://127.0.0.1:{port}/query"
    with running(args, query + "?query=ASK%7B%7D", folder / "oxigraph.log"):
        yield query


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot be run here (None when it can): installed, or installed now from
    Debian's package when the tests may (root, or sudo without a password, and apt-get)."""
    if shutil.which("virtuoso-t") and shutil.which("isql-vt"):
        return None
    if not shutil.which("apt-get"):
        return f"Virtuoso is not installed and there is no apt-get to install {VIRTUOSO_PACKAGE}"
    sudo: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo") or subprocess.run(["sudo", "-n", "true"]).returncode:
            return f"Virtuoso is not installed and {VIRTUOSO_PACKAGE} needs root to install"
        sudo = ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    steps = [
        [*sudo, "apt-get", "update", "-qq"],
        [*sudo, "apt-get", "install", "-y", "-qq", VIRTUOSO_PACKAGE],
    ]
    for step in steps:
        done = subprocess.run(step, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode:
            return f"{' '.join(step)} failed: {done.stderr.strip()[-300:]}"
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        return f"{VIRTUOSO_PACKAGE} was installed but virtuoso-t or isql-vt is missing"
    return None


@dataclass(frozen=True)
class Virtuoso:
    sparql: str
    """The SPARQL endpoint."""
    graph_store: str
    """The Graph Store Protocol endpoint that asks for Digest authentication."""
    isql_port: int

    def isql(self, statements: str, timeout: float = LOAD_SECONDS) -> str:
        """Run SQL statements (``;``-separated) through ``isql-vt``; their output."""
        user, password = VIRTUOSO_USER
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.isql_port}", user, password, f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode or "*** Error" in done.stdout + done.stderr:
            raise AssertionError(f"isql failed: {done.stdout[-1000:]} {done.stderr[-1000:]}")
        return done.stdout

    def load(self, nquads: Path, graph: str) -> None:
        """Load an N-Quads file with the bulk loader (``ld_dir`` / ``rdf_loader_run``): its
        named graphs as named graphs, its default graph into ``graph``."""
        folder, name = str(nquads.parent).replace("'", "''"), nquads.name.replace("'", "''")
        target = graph.replace("'", "''")
        self.isql(f"ld_dir('{folder}', '{name}', '{target}'); rdf_loader_run(); checkpoint;")
        errors = self.isql(
            "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;"
        )
        if "0 Rows" not in errors:
            raise AssertionError(f"Virtuoso could not load {nquads}: {errors[-1000:]}")


VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = ., {dirs}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {root}
MaxClientConnections = 6
ServerThreads = 6
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 2000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
"""
"""Virtuoso 7 as the tests run it: loopback ports, and no row cap below the app's own
(Virtuoso's default of 10,000 rows would cut answers silently)."""


@contextmanager
def virtuoso_serving(folder: Path, dirs: list[Path]) -> Iterator[Virtuoso]:
    """A real Virtuoso 7 (``virtuoso-t``) with a database of its own in ``folder`` on free
    loopback ports, allowed to load files from ``dirs``; stopped when the block ends."""
    db = folder / "virtuoso"
    db.mkdir(parents=True)
    sql, http = free_port(), free_port()
    root = Path("/var/lib/virtuoso-opensource-7/vsp")
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            db=db,
            sql=sql,
            http=http,
            dirs=", ".join(str(d) for d in dirs),
            root=root if root.is_dir() else db,
        ),
        encoding="utf-8",
    )
    args = ["virtuoso-t", "+configfile", str(ini), "+foreground"]
    sparql = f"http://127.0.0.1:{http}/sparql"
    with running(args, sparql + "?query=ASK%7B%7D", folder / "virtuoso.out", wait=120, cwd=db):
        yield Virtuoso(sparql, f"http://127.0.0.1:{http}/sparql-graph-crud-auth", sql)
