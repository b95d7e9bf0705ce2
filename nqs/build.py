"""``nqs build``: every source document into a fresh store, swapped in only on success."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from nqs import __version__, patching, search_index
from nqs.build_cache import (
    CLOSURE_SUFFIX,
    BuildCache,
    CachedChecks,
    DocumentRecord,
    cache_dir,
)
from nqs.children import NotedPool, SpawnedWorker, ended, killed_after, worker_pool
from nqs.config import Settings
from nqs.derive.incremental import Part, ReasoningState, parse_triples, reason
from nqs.derive.links import LINKS_GRAPH, apply_links
from nqs.derive.per_document import DocumentPart, closure_of, completion, document_closure
from nqs.derive.reasoning import Materialisation, Violation
from nqs.derive.summary import SUMMARY_GRAPH, add_summary, patch_nodes, summary_triples
from nqs.derive.textkeys import KEYS_GRAPH, add_text_keys, text_keys
from nqs.loaders.documents import discover, load_document
from nqs.loaders.iris import Minter
from nqs.loaders.model import SourceError
from nqs.loaders.read.limits import MB, ReadLimits, reading_limits, stop_seconds
from nqs.namespaces import ONTOLOGY_IRI
from nqs.ontology import ontology_ntriples
from nqs.phases import PhaseListener, Phases
from nqs.store import (
    SOURCE_TEXTS,
    BuildInfo,
    build_lock,
    load_graphs,
    merge_size,
    new_build,
)
from nqs.store.description import describe_build
from nqs.validation.engine import DocumentData
from nqs.validation.report import Report

if TYPE_CHECKING:
    from nqs.validation.run import BackgroundValidation


class BuildError(Exception):
    """The build failed; the previous store is still the current one."""

    def __init__(self, errors: list[SourceError], note: str = "") -> None:
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors)
        head = f"{len(errors)} source document(s) could not be loaded{note}"
        super().__init__(f"{head}:\n{lines}")


def left_out_entry(error: SourceError) -> dict[str, str | None]:
    """What build.json and the server say of a document left out of a build: its file
    name, the place in it (``None`` when the error names none) and the message, with the
    file's path on the build machine shortened to its name."""
    message = error.message
    for path in {str(error.path), str(error.path.resolve())}:
        message = message.replace(path, error.path.name)
    return {
        "file": error.path.name,
        "place": error.loc.label() if error.loc else None,
        "message": message,
    }


@dataclass
class BuildReport:
    """What a build loaded and warned about."""

    store: Path
    build_id: str = ""
    loaded: list[DocumentRecord] = field(default_factory=list)
    left_out: list[SourceError] = field(default_factory=list)
    """The documents that could not be loaded, left out by a keep-going build."""
    triples: int = 0
    validation: Report = field(default_factory=lambda: Report([]))
    phases: dict[str, float] = field(default_factory=dict)
    """Each phase's time in seconds, in the order they ran (see :func:`build`)."""
    cache_warnings: list[str] = field(default_factory=list)
    """Entries of the build cache found but not used: corrupt, or made of something else."""
    patched: str = ""
    """The build this one patched a copy of (its id; see :mod:`nqs.patching`), or empty: the
    store was made whole."""
    note: str = ""
    """Why the store was made whole rather than patched, when the cache was used."""
    axiom_violations: list[Violation] = field(default_factory=list)
    """The resources that violate an axiom of the ontology (functional, inverse-functional,
    cardinality 1, disjoint classes: :func:`nqs.derive.reasoning.check`)."""

    @property
    def reused(self) -> int:
        """Documents whose source did not change since a build kept them: not read again."""
        return sum(d.reused for d in self.loaded)

    @property
    def read(self) -> int:
        """Documents read, parsed and mapped by this build."""
        return len(self.loaded) - self.reused


def read_limits(settings: Settings) -> ReadLimits:
    """The reading limits the settings ask for (see :mod:`nqs.loaders.read.limits`)."""
    return ReadLimits(
        max_bytes=settings.source_max_mb * MB,
        max_parts=settings.source_max_parts,
        max_depth=settings.source_max_depth,
        max_pages=settings.source_max_pages,
        max_seconds=settings.source_max_seconds,
    )


def _load_one(path: Path, base_iri: str, limits: ReadLimits) -> DocumentRecord | SourceError:
    """Load ``path`` (in a worker process: stopped with ``SIGALRM`` past the reading time
    limit and its grace, see :func:`~nqs.loaders.read.limits.stop_seconds`)."""
    try:
        with reading_limits(limits), killed_after(stop_seconds(limits)):
            record = DocumentRecord.of(load_document(path, Minter(base_iri)))
    except SourceError as exc:
        return exc
    record.closure = document_closure(record.ntriples)  # its entailments, while idle
    return record


def _load_alone(path: Path, base_iri: str, limits: ReadLimits) -> DocumentRecord | SourceError:
    """Load ``path`` in a worker process of its own: when a worker died (a crash in a reader's
    library, the kernel's out-of-memory killer, the time limit), which document it was
    reading is told by loading each unfinished document again alone; the one whose worker
    dies again is an error naming it and how the process ended."""
    pool = NotedPool(1)
    try:
        return pool.submit(path.name, _load_one, path, base_iri, limits).result()
    except BrokenProcessPool:
        return SourceError(path, _died_reading(pool.died()[1], limits))
    finally:
        pool.shutdown()


def _died_reading(exitcode: int | None, limits: ReadLimits) -> str:
    if exitcode == -signal.SIGALRM:
        took = f"{stop_seconds(limits):g} s"
        return f"reading took more than {took}: the process was stopped ({ended(exitcode)})"
    how = ended(exitcode)
    return f"the process reading it ended abruptly ({how}; a crash in a reader's library?)"


def _file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # the loader says why, naming the file


def _kept(
    paths: list[Path], cache: BuildCache | None, phases: Phases
) -> dict[Path, DocumentRecord]:
    """The documents the cache holds as they are now (same bytes, name and loaders)."""
    found: dict[Path, DocumentRecord] = {}
    if cache is None:
        return found
    for path in paths:
        sha256 = _file_sha256(path)
        record = cache.document(path, sha256) if sha256 else None
        if record is not None:
            found[path] = record
            phases.advance(path.name)
    return found


def load_sources(
    settings: Settings, phases: Phases | None = None, cache: BuildCache | None = None
) -> tuple[list[DocumentRecord], list[SourceError]]:
    """Parse and map every source document, in parallel processes: the documents loaded and
    the errors of those that could not be. All errors are collected, then raised together;
    with ``settings.keep_going`` they are returned instead (the documents are left out),
    unless no document could be loaded at all. A document whose reading kills its worker
    process is such an error (see :func:`_load_alone`). A document that ``cache`` holds as
    it is now is taken from it (marked ``reused``) instead of being read."""
    phases = phases or Phases()
    paths = discover(settings.sources)
    kept = _kept(paths, cache, phases)
    todo = [p for p in paths if p not in kept]
    results: dict[Path, DocumentRecord | SourceError] = dict(kept)
    workers = min(len(todo), os.cpu_count() or 1)
    with worker_pool(max(workers, 1)) as pool:  # workers die with the build
        limits = read_limits(settings)
        jobs = [pool.submit(_load_one, path, settings.base_iri, limits) for path in todo]
        for path, job in zip(todo, jobs, strict=True):
            try:
                result = job.result()
            except BrokenProcessPool:  # a worker died: each document not done, alone
                result = _load_alone(path, settings.base_iri, limits)
            phases.advance(path.name)
            results[path] = result
    loaded = [r for p in paths if isinstance(r := results[p], DocumentRecord)]
    errors = [r for p in paths if isinstance(r := results[p], SourceError)]
    if errors and not settings.keep_going:
        raise BuildError(errors)
    if errors and not loaded:
        raise BuildError(errors, note=", and no other: nothing to build")
    return loaded, errors


def write_source_texts(build_dir: Path, loaded: Sequence[DocumentRecord]) -> None:
    """What each Word file, PDF and web page said at each place, by the file's SHA-256
    (``source-text.json`` in the build): the pages show it around a resource's place. The
    JSON of the whole mapping, written from each document's texts as its record holds them
    (serialized once, when the document was read)."""
    with (build_dir / SOURCE_TEXTS).open("wb") as out:
        out.write(b"{")
        first = True
        for d in loaded:
            if d.texts_json in (b"", b"[]"):
                continue  # a text file, or no place recorded
            out.write(b"" if first else b", ")
            out.write(json.dumps(d.source.sha256).encode() + b": " + d.texts_json)
            first = False
        out.write(b"}")


def build(
    settings: Settings,
    listener: PhaseListener | None = None,
    allow_invalid: bool = False,
    use_cache: bool = True,
) -> BuildReport:
    """Load the sources and the ontology into a new store, validate it with the SHACL shapes
    and make it the current one; a graph with violations that are not acknowledged known
    defects raises :class:`~nqs.validation.run.ValidationFailed` (with ``allow_invalid``, it is
    swapped in all the same, marked invalid in build.json). With ``settings.keep_going``,
    the documents that cannot be loaded are left out (nothing of them reaches the store)
    and listed in the report and in build.json.

    The phases (``reading``, ``loading``, ``linking``, ``reasoning``, ``validating``,
    ``swapping``) are told to ``listener`` as they run (see :mod:`nqs.phases`) and timed in
    the report. Documents whose source did not change since a build of this store are taken
    from the store's build cache (:mod:`nqs.build_cache`) with their in-document checks,
    unless ``use_cache`` is false; the links and text keys are derived again, the ontology's
    entailments updated from the previous build's for what changed
    (:mod:`nqs.derive.incremental`, also unless ``use_cache`` is false).

    The store's build lock is held from start to end: a second build of the same store
    raises :class:`~nqs.store.StoreError` at once (see :func:`nqs.store.build_lock`)."""
    with build_lock(settings.store):
        cache = BuildCache(cache_dir(settings.store), settings.base_iri)
        report = _build(settings, Phases(listener), allow_invalid, cache, use_cache)
        cache.prune()  # the build succeeded: what it did not use goes
        return report


def _document_data(loaded: Sequence[DocumentRecord]) -> list[DocumentData]:
    return [
        DocumentData(d.graph_name, d.source.name, d.source.sha256, d.ntriples, d.ntriples_sha256)
        for d in loaded
    ]


CHECKS_NICE = 3
"""How much lower the in-document checks' processes run than the build's (``nice``): they
take the cores the loading and reasoning leave, their results being needed only at the
report."""


def _checking_pool(documents: int) -> NotedPool:
    """The worker processes of the in-document checks, started: forked at the start of a
    build, they share little of its memory (forked once every document is held, each was
    counted with all of it: at 1,000 standards two thirds of the build's peak)."""
    pool = NotedPool(max(1, min(documents, os.cpu_count() or 1)))
    pool.submit("starting", os.getpid).result()  # every worker forked; the pool idle again
    for pid in pool.pids():  # behind the build's own work: their results wait for the report
        with suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0) + CHECKS_NICE)
    return pool


def _build(
    settings: Settings, phases: Phases, allow_invalid: bool, cache: BuildCache, reuse: bool
) -> BuildReport:
    """:func:`build`, under the store's lock: what ``cache`` holds is used when ``reuse``,
    and what this build read is kept in it either way."""
    from nqs.validation.run import BackgroundValidation, ValidationFailed

    count = len(discover(settings.sources))
    phases.start("reading", count)
    pool = _checking_pool(count)  # forked now, while this process holds little
    # the registry shapes' own process: beside reasoning, on the other core, not in a thread
    # sharing this interpreter with it; spawned, not forked, so it inherits no open store
    shapes = SpawnedWorker("the registry shapes", preload=("nqs.validation.run",))
    try:
        loaded, left_out = load_sources(settings, phases, cache if reuse else None)
        for record in loaded:
            cache.keep_document(record)
            record.closure = b""  # kept: read from the cache when reasoning
        documents = _document_data(loaded)
        checks = CachedChecks(documents, cache if reuse else None, pool=pool)
    except BaseException:
        pool.shutdown()
        shapes.close()
        raise
    report = BuildReport(settings.store, loaded=loaded, left_out=left_out, phases=phases.seconds)
    phases.summary = f"{report.reused} unchanged (kept), {report.read} read"
    if left_out:
        phases.summary += f", {len(left_out)} left out"
    parts = [(ONTOLOGY_IRI, ontology_ntriples()), *((d.graph, d.ntriples) for d in documents)]
    digests = {d.graph: d.ntriples_sha256 for d in documents}  # each graph hashed once
    change, note = None, "the build cache not used"
    if reuse:
        change, note = patching.plan(
            settings.store, cache.folder, settings.base_iri, parts[1:], digests
        )
    asserted = patching.asserted_folder(cache.folder) / "unset.partial"
    ok = False
    try:
        with (
            BackgroundValidation(
                documents, settings.base_iri, settings.sources, checks=checks, registry=shapes
            ) as v,
            new_build(settings.store, change.previous if change else None) as (work, db),
        ):
            asserted = asserted.with_name(work.name)
            asserted.parent.mkdir(parents=True, exist_ok=True)
            report.patched = change.previous.name if change else ""
            report.note = note
            subjects = None  # what a patched build changed (the search index's patch)
            with ThreadPoolExecutor(3, thread_name_prefix="beside") as beside:
                # the names search reads, beside the graph: a full build makes them once
                # reasoned, in a process of its own (the text keys and summary added then
                # are nothing it reads); a patched one patches the previous build's index
                # once the store is whole
                index: list[Future[Path]] = []
                if change:
                    reasoned, subjects = _patched(
                        settings, phases, db, change, loaded, asserted, v, cache
                    )
                else:
                    reasoned = _in_full(
                        settings, phases, db, parts, loaded, asserted, v, cache, reuse,
                        lambda: index.append(_index_apart(beside, db, work, cache.folder)),
                    )  # fmt: skip
                phases.start("validating", len(documents))
                # while the validation ends (the store is read only from now until the
                # build's description): the sizes (two scans of the store); what the files
                # said at each place
                previous = change.previous if change else None
                made = index[0] if index else beside.submit(
                    search_index.make, db, work, previous, subjects
                )  # fmt: skip
                sizes = beside.submit(_sizes, db)
                texts = beside.submit(write_source_texts, work, loaded)
                report.validation = _validated(phases, checks, v, db, cache)
                made.result()
                texts.result()
            if not report.validation.valid and not allow_invalid:
                raise ValidationFailed(report.validation)  # the new build is discarded
            counts = report.validation.counts()
            phases.summary = f"{counts['violations']} violation(s), {counts['blocking']} blocking"
            phases.start("swapping")
            patching.keep_record(
                work,
                settings.base_iri,
                parts[1:],
                reasoned.dropped,
                change,
                reasoned.violations,
                digests,
            )
            report.axiom_violations = reasoned.violations
            _finish(report, work, db, loaded, left_out, settings.base_iri, sizes.result())
        ok = True
    finally:
        shapes.close()
        patching.settle_asserted(cache.folder, asserted, ok)
    phases.summary = f"{report.triples} triples"
    phases.end()
    report.cache_warnings = cache.warnings
    return report


def _in_full(
    settings: Settings,
    phases: Phases,
    db: pyoxigraph.Store,
    parts: Sequence[tuple[str, bytes]],
    loaded: Sequence[DocumentRecord],
    asserted: Path,
    v: BackgroundValidation,
    cache: BuildCache,
    reuse: bool,
    reasoned_hook: Callable[[], object],
) -> Materialisation:
    """Load every graph into the new store, derive the links, keep the asserted store,
    reason (the previous closure updated when the cache keeps it; then ``reasoned_hook``
    is called) and add the text keys and the summary."""
    phases.start("loading", len(loaded))
    load_graphs(db, parts, lambda i: phases.advance(loaded[i - 1].source.name) if i else None)
    # links and entailments read the merge and go into their graph and the merge
    phases.start("linking")
    apply_links(db, settings.base_iri)  # cross-document links, into graph/links
    patching.keep_asserted(db, asserted)  # what the next build patches and links again
    v.links_derived(asserted)  # the cross-document shapes, beside what follows
    phases.start("reasoning")
    # the ontology's entailments, into graph/inferred: the previous build's updated
    graphs = [Part(d.graph_name, d.ntriples, cache.ntriples_path(d)) for d in loaded]
    anew = completion(lambda: _closures(loaded, cache))  # when not updated: per document
    reasoned = reason(db, settings.base_iri, graphs, cache.folder / "reasoning", reuse, anew)
    cache.warnings += [reasoned.warning] if reasoned.warning else []
    reasoned.derived = b""  # kept by the reasoning state: not held to the build's end (320 MB)
    reasoned_hook()
    add_text_keys(db, settings.base_iri)  # texts normalised for queries, graph/text-keys
    add_summary(db, settings.base_iri)  # the text keys' counts, graph/summary
    return reasoned


def _index_apart(
    beside: ThreadPoolExecutor, db: pyoxigraph.Store, work: Path, folder: Path
) -> Future[Path]:
    """The search index of the store ``db`` made whole into ``work``, in a process of its own
    started now, over a checkpoint of ``db`` as it is (in ``folder``, removed after); its
    future (a thread of ``beside`` waits on the process)."""
    copy = folder / f"index-copy-{work.name}"
    shutil.rmtree(copy, ignore_errors=True)  # left by a build that was killed
    db.backup(str(copy))
    worker = SpawnedWorker("the search index", preload=("nqs.search_index",))

    def made() -> Path:
        try:
            return worker.run(search_index.make_apart, copy, work)
        finally:
            worker.close()
            shutil.rmtree(copy, ignore_errors=True)

    return beside.submit(made)


def _closures(loaded: Sequence[DocumentRecord], cache: BuildCache) -> list[DocumentPart]:
    """The documents' closure parts, as the files of the cache that keep them (checked
    here: made now, and kept, where the worker's or the cache's is missing or of another
    version), read again when used, one at a time."""
    out = []
    for d in loaded:
        kept = cache.ntriples_path(d).with_suffix(CLOSURE_SUFFIX)
        try:
            data = kept.read_bytes()
        except OSError:
            data = b""
        part = closure_of(data, d.ntriples)
        if part.made:
            d.closure = part.made
            cache.keep_closure(d)
            d.closure = b""
        out.append(DocumentPart(d.graph_name, d.ntriples, kept))
    return out


def _patched(
    settings: Settings,
    phases: Phases,
    db: pyoxigraph.Store,
    change: patching.Plan,
    loaded: Sequence[DocumentRecord],
    asserted: Path,
    v: BackgroundValidation,
    cache: BuildCache,
) -> tuple[Materialisation, set[pyoxigraph.NamedNode] | None]:
    """Patch the copy of the current build for the change (see :mod:`nqs.patching`); the
    named subjects of the triples that changed (:func:`_changed_subjects`)."""
    base = settings.base_iri
    phases.start("loading", len(change.new))
    names = {d.graph_name: d.source.name for d in loaded}

    def load(db: pyoxigraph.Store, parts: Sequence[tuple[str, bytes]]) -> None:
        load_graphs(db, parts, lambda i: phases.advance(names.get(parts[i][0], parts[i][0])))

    removed = patching.patch_documents(db, change, load)
    added: set[pyoxigraph.Triple] = set()
    for _, ntriples in change.new:
        added |= parse_triples(ntriples)
    phases.start("linking")
    links = patching.asserted_store(change, asserted, load_graphs, base)
    old_links = patching.set_graph(db, pyoxigraph.NamedNode(base + LINKS_GRAPH), links)
    v.links_derived(asserted)  # the cross-document shapes, beside what follows
    phases.start("reasoning")
    asserted_change = patching.Asserted(removed, added, old_links, links)
    # as _in_full makes them, in order
    made_after = [
        patching.MadeAfter(KEYS_GRAPH, text_keys, text_keys),
        patching.MadeAfter(SUMMARY_GRAPH, summary_triples, patch=patch_nodes, merge_only=True),
    ]
    reasoned = patching.reason_in_place(db, base, change, asserted_change, made_after)
    ReasoningState(cache.folder / "reasoning").forget()  # the closure is the store's now
    return reasoned, _changed_subjects(asserted_change, reasoned)


def _changed_subjects(
    asserted: patching.Asserted, reasoned: Materialisation
) -> set[pyoxigraph.NamedNode] | None:
    """The named subjects of the asserted triples that changed and of the derived ones the
    update may have changed (and so of the text keys made again), by a triple the search
    index reads (:func:`~nqs.search_index.is_read`: a subject whose other triples changed
    has the same rows); None when the closure was derived anew. The summary's nodes, made
    again too, hold nothing the search index reads."""
    if reasoned.changed is None:
        return None
    before = asserted.removed_documents | asserted.old_links
    after = asserted.added_documents | asserted.new_links
    changed = (before ^ after) | reasoned.changed
    return {
        t.subject
        for t in changed
        if isinstance(t.subject, pyoxigraph.NamedNode)
        and search_index.is_read(t.predicate, t.object)
    }


def _validated(
    phases: Phases,
    checks: CachedChecks,
    v: BackgroundValidation,
    db: pyoxigraph.Store,
    cache: BuildCache,
) -> Report:
    """The validation's report, once every document's check and the registry's are done."""
    for done in as_completed(checks.jobs):
        phases.advance(checks.graph_of(done))
    report = v.report(db)
    checks.keep(cache)
    return report


def _finish(
    report: BuildReport,
    work: Path,
    db: pyoxigraph.Store,
    loaded: Sequence[DocumentRecord],
    left_out: Sequence[SourceError],
    base_iri: str,
    sizes: tuple[int, int],
) -> None:
    """Describe the build (``build.json`` and graph/build), the store of ``sizes``
    (:func:`_sizes`)."""
    report.triples, quads = sizes
    report.build_id = work.name.removesuffix(".partial")
    info = BuildInfo(
        build_id=report.build_id,
        finished=datetime.now(UTC).isoformat(timespec="seconds"),
        version=__version__,
        triples=report.triples,
        quads=quads,
        merged=True,
        valid=report.validation.valid,
        validation=report.validation.counts(),
        documents=[_document_entry(d) for d in loaded],
        left_out=[left_out_entry(e) for e in left_out],
        axiom_violations=[
            {"axiom": v.axiom, "resource": v.resource} for v in report.axiom_violations
        ],
    )
    # the build described in its data (graph/build), for a server in front of an endpoint
    info = describe_build(db, info, base_iri)
    report.triples = info.triples
    info.write(work)


def _sizes(db: pyoxigraph.Store) -> tuple[int, int]:
    """The triples of the merge and the quads as stored (each a scan of the store, in which
    pyoxigraph lets other threads run)."""
    return merge_size(db), len(db)


def _document_entry(d: DocumentRecord) -> dict[str, object]:
    """What build.json says of a loaded document."""
    return {
        "file": d.source.name,
        "sha256": d.source.sha256,
        "graph": d.graph_name,
        "kind": d.kind,
        "format": d.format,
        "triples": d.triples,
        "coverage": {
            "lines": d.coverage.lines,
            "unassigned": d.coverage.unassigned,
            "characters": d.coverage.characters,
            "unassigned_characters": d.coverage.unassigned_characters,
            "share": round(d.coverage.share, 4),
        },
        "counts": d.counts,
        "warnings": [str(w) for w in d.warnings],
    }
