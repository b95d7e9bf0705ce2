"""The storage seam: where the store lives on disk, how a build swaps in, how readers open it,
and how its graphs are laid out.

A build's named graphs are one per source document (provenance), the ontology, the links
and the inferred graph; its default graph is their RDF merge: every triple of every named
graph, each once. Queries read the default graph as it is (no union of the named graphs at
query time, which would return a triple once per graph that states it); ``GRAPH ?g`` ranges
over the named graphs only. :func:`merge_named_graphs` fills the merge from the named graphs
and :func:`add_to_graph` / :func:`remove_from_graph` keep it when a graph changes.

``<store>`` is a symbolic link to one build directory under ``<store>.builds/``. A build
writes a fresh directory and, only when it succeeded, replaces the link in one atomic
rename; readers that still have the previous build open keep reading it. The newest
:data:`KEEP_BUILDS` builds are kept.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph

from nqs.queries import package_queries
from nqs.sparql_bind import bind

KEEP_BUILDS = 3
BUILD_INFO = "build.json"
SOURCE_TEXTS = "source-text.json"
"""What each Word file, PDF and web page of a build said at each place (``nqs.build``)."""
MERGE = pyoxigraph.DefaultGraph()
"""The default graph, which holds the merge of the named graphs."""


class StoreError(Exception):
    """The store is missing or is not one this program built."""


def builds_dir(store: Path) -> Path:
    return store.with_name(store.name + ".builds")


def current_build(store: Path) -> Path:
    """The build directory the store link points at."""
    if not store.is_symlink():
        if store.exists():
            raise StoreError(f"{store} exists but is not a store link made by 'nqs build'")
        raise StoreError(f"no store at {store}: run 'nqs build' first")
    target = store.resolve()
    if not (target / BUILD_INFO).is_file():
        raise StoreError(f"{store} points at {target}, which is not a finished build")
    return target


def store_query(name: str) -> str:
    """The text of the store's query ``name`` (``nqs/store/queries/NAME.rq``), read through
    the registry of :mod:`nqs.queries`."""
    return package_queries("nqs.store", "store")[name].text


def merge_named_graphs(db: pyoxigraph.Store) -> None:
    """Copy every triple of every named graph into the default graph (a set: each once).

    The store copies its own terms, so a blank node is the same node in its graph and in
    the merge (parsing the files again would not do: pyoxigraph gives every parse fresh
    blank nodes). One SPARQL update: on the bundled sources (112,628 quads) 2–3 s on a
    loaded 2-core machine, where copying the quads through Python took 6–7 s."""
    db.update(store_query("merge"))


def add_to_graph(
    db: pyoxigraph.Store,
    graph: pyoxigraph.NamedNode,
    triples: Iterable[pyoxigraph.Triple],
) -> None:
    """Add the triples to the named ``graph`` and to the merge (the default graph)."""
    db.extend(
        pyoxigraph.Quad(t.subject, t.predicate, t.object, g)
        for t in triples
        for g in (graph, MERGE)
    )


def remove_from_graph(
    db: pyoxigraph.Store,
    graph: pyoxigraph.NamedNode,
    triples: Iterable[pyoxigraph.Triple],
) -> None:
    """Remove the triples from the named ``graph``, and from the merge those that no other
    named graph holds."""
    for t in triples:
        db.remove(pyoxigraph.Quad(t.subject, t.predicate, t.object, graph))
        others = (
            q
            for q in db.quads_for_pattern(t.subject, t.predicate, t.object, None)
            if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)
        )
        if next(others, None) is None:
            db.remove(pyoxigraph.Quad(t.subject, t.predicate, t.object, MERGE))


def merge_size(db: pyoxigraph.Store) -> int:
    """The triples of the merge (the default graph): the distinct triples of the build."""
    return _count(db, store_query("merge-size"))


def graph_size(db: pyoxigraph.Store, graph: pyoxigraph.NamedNode) -> int:
    """The triples of the named graph ``graph`` (0 when the store has none)."""
    return _count(db, bind(store_query("graph-sizes"), {"g": graph}))


def _count(db: pyoxigraph.Store, query: str) -> int:
    """The ``?n`` of the first solution of ``query`` (0 when it has none)."""
    result = db.query(query)
    assert isinstance(result, pyoxigraph.QuerySolutions)
    row = next(iter(result), None)
    if row is None:
        return 0
    count = row["n"]
    assert isinstance(count, pyoxigraph.Literal)
    return int(count.value)


@dataclass(frozen=True)
class BuildInfo:
    """What a finished build records about itself (``build.json``)."""

    build_id: str
    finished: str
    version: str
    triples: int
    """Distinct triples: the size of the merge (the default graph)."""
    documents: list[dict[str, Any]]
    valid: bool = True
    """False when the build was swapped in with violations (``nqs build --allow-invalid``)."""
    validation: dict[str, int] = field(default_factory=dict)
    """The counts of the validation report: violations, known_defects, blocking, warnings, infos."""
    left_out: list[dict[str, Any]] = field(default_factory=list)
    """The documents a keep-going build left out (``nqs build --keep-going``): ``file``,
    ``place`` (None when the error names none) and ``message``, each."""
    quads: int = 0
    """Quads as stored: the named graphs' and the merge's."""
    merged: bool = False
    """The default graph holds the merge of the named graphs. A build made before the
    merge was stored has an empty default graph, which queries cannot use."""
    axiom_violations: list[dict[str, str]] = field(default_factory=list)
    """The resources that violate an axiom of the ontology (functional, inverse-functional,
    cardinality 1, disjoint classes), each ``axiom`` and ``resource``: the reasoner's
    checks, beside the shapes' report (``validation``)."""

    @classmethod
    def read(cls, build: Path) -> BuildInfo:
        data = json.loads((build / BUILD_INFO).read_text(encoding="utf-8"))
        return cls(**data)

    def write(self, build: Path) -> None:
        text = json.dumps(self.__dict__, ensure_ascii=False, indent=2)
        (build / BUILD_INFO).write_text(text, encoding="utf-8")


def lock_path(store: Path) -> Path:
    """The lock file of a store's builds, beside the store link: ``<store>.lock``."""
    return store.with_name(store.name + ".lock")


@contextmanager
def build_lock(store: Path) -> Iterator[None]:
    """Hold the store's build lock for the block: one build per store at a time.

    An exclusive ``flock`` on ``<store>.lock``, which holds the pid of the build that took it;
    a second build raises :class:`StoreError` at once, naming the store and that pid. The
    kernel releases the lock when its holder ends, however it ends, so a lock left by a
    killed build never blocks the next (the file stays; its content is only informative)."""
    path = lock_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise StoreError(
                f"{store} is being built by another process (pid {holder}, lock {path}):"
                " one build per store at a time; wait for it to end"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def new_build(store: Path, base: Path | None = None) -> Iterator[tuple[Path, pyoxigraph.Store]]:
    """A fresh writable store; swapped in when the block ends without error, else removed.

    With ``base`` (a finished build), the new store starts as a copy of it: a RocksDB
    checkpoint (``Store.backup``), whose files are hard links to the base's, made in a few
    milliseconds whatever its size; the base is not changed, and readers keep reading it.
    Such a store is flushed but not compacted before the swap: compacting would rewrite
    every file the copy shares with its base."""
    parent = builds_dir(store)
    parent.mkdir(parents=True, exist_ok=True)
    if store.exists() and not store.is_symlink():
        raise StoreError(f"{store} exists but is not a store link made by 'nqs build'")
    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + f"-{os.getpid()}"
    work = parent / f"{build_id}.partial"
    done = False
    try:
        if base is not None:
            pyoxigraph.Store.read_only(str(base)).backup(str(work))
        db = pyoxigraph.Store(str(work))
        yield work, db
        db.flush()
        if base is None:
            db.optimize()
        del db
        final = parent / build_id
        work.rename(final)
        swap(store, final)
        done = True
    finally:
        if not done:
            shutil.rmtree(work, ignore_errors=True)
    prune(store)


def swap(store: Path, build: Path) -> None:
    """Point the store link at ``build`` in one atomic rename."""
    link = store.with_name(f".{store.name}.link-{os.getpid()}")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(build, store.parent))
    os.replace(link, store)


def prune(store: Path) -> None:
    """Remove all but the newest builds and any partial build left by a killed process."""
    parent = builds_dir(store)
    current = store.resolve() if store.is_symlink() else None
    finished = sorted(p for p in parent.iterdir() if (p / BUILD_INFO).is_file())
    for old in finished[:-KEEP_BUILDS]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
    for partial in parent.glob("*.partial"):
        pid = partial.name.split("-")[-1].removesuffix(".partial")
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(partial, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


LOAD_BATCH = 64 * 1024 * 1024
"""How much N-Quads one bulk load of a build takes: each bulk load costs a fixed time (about
0.2 s on a busy 2-core machine), one per document was most of loading a registry."""


def load_graphs(
    db: pyoxigraph.Store,
    parts: Iterable[tuple[str, bytes]],
    loaded: Callable[[int], None] | None = None,
) -> None:
    """Each part's N-Triples into its named graph and into the merge (the default graph),
    in bulk loads of N-Quads of about :data:`LOAD_BATCH` bytes; ``loaded(i)`` is told when
    part ``i`` is in. ``parts`` is read as the loads go (a generator holds one batch).

    The merge is the same as :func:`~nqs.store.merge_named_graphs` makes, without that query:
    the quads and triples of a part are in the same bulk load, so its blank nodes (if any)
    are the same nodes in its graph and in the merge; the parts' blank node labels are their
    serializers' own, unique (pyoxigraph's and rdflib's are random)."""
    batch: list[bytes] = []
    done: list[int] = []
    size = 0

    def load() -> None:
        db.bulk_load(input=b"".join(batch), format=pyoxigraph.RdfFormat.N_QUADS)
        for i in done:
            if loaded:
                loaded(i)

    for index, (graph, ntriples) in enumerate(parts):
        # N-Triples escape line breaks in literals: " .\n" ends a line and nothing else
        batch += [ntriples.replace(b" .\n", f" <{graph}> .\n".encode()), ntriples]
        size += 2 * len(ntriples)
        done.append(index)
        if size >= LOAD_BATCH:
            load()
            batch, size, done = [], 0, []
    if done:
        load()
