"""``nqs build``: every source document into a fresh store, swapped in only on success."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph

from nqs import __version__
from nqs.build_description import describe_build
from nqs.children import worker_pool
from nqs.config import Settings
from nqs.links import apply_links
from nqs.loaders.documents import LoadedDocument, discover, load_document
from nqs.loaders.iris import Minter
from nqs.loaders.model import SourceError
from nqs.loaders.read.limits import MB, ReadLimits, reading_limits
from nqs.loaders.standard.model import StandardDocument
from nqs.loaders.standard.summary import document_counts
from nqs.namespaces import ONTOLOGY_IRI
from nqs.ontology import ontology_paths
from nqs.reasoning import materialise
from nqs.store import (
    SOURCE_TEXTS,
    BuildInfo,
    build_lock,
    merge_named_graphs,
    merge_size,
    new_build,
)
from nqs.textkeys import add_text_keys
from nqs.validation_report import Report


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
    loaded: list[LoadedDocument] = field(default_factory=list)
    left_out: list[SourceError] = field(default_factory=list)
    """The documents that could not be loaded, left out by a keep-going build."""
    triples: int = 0
    validation: Report = field(default_factory=lambda: Report([]))


def read_limits(settings: Settings) -> ReadLimits:
    """The reading limits the settings ask for (see :mod:`nqs.loaders.read.limits`)."""
    return ReadLimits(
        max_bytes=settings.source_max_mb * MB,
        max_parts=settings.source_max_parts,
        max_depth=settings.source_max_depth,
    )


def _load_one(path: Path, base_iri: str, limits: ReadLimits) -> LoadedDocument | SourceError:
    try:
        with reading_limits(limits):
            return load_document(path, Minter(base_iri))
    except SourceError as exc:
        return exc


def _load_alone(path: Path, base_iri: str, limits: ReadLimits) -> LoadedDocument | SourceError:
    """Load ``path`` in a worker process of its own: when a worker died (a crash in a reader's
    library, the kernel's out-of-memory killer), which document it was reading is told by
    loading each unfinished document again alone; the one whose worker dies again is an
    error naming it."""
    with worker_pool(1) as pool:
        try:
            return pool.submit(_load_one, path, base_iri, limits).result()
        except BrokenProcessPool:
            return SourceError(
                path, "the process reading it ended abruptly (a crash in a reader's library?)"
            )


def load_sources(
    settings: Settings, progress: Callable[[Path], None] | None = None
) -> tuple[list[LoadedDocument], list[SourceError]]:
    """Parse and map every source document, in parallel processes: the documents loaded and
    the errors of those that could not be. All errors are collected, then raised together;
    with ``settings.keep_going`` they are returned instead (the documents are left out),
    unless no document could be loaded at all. A document whose reading kills its worker
    process is such an error (see :func:`_load_alone`)."""
    paths = discover(settings.sources)
    workers = min(len(paths), os.cpu_count() or 1)
    loaded: list[LoadedDocument] = []
    errors: list[SourceError] = []
    with worker_pool(max(workers, 1)) as pool:  # workers die with the build
        limits = read_limits(settings)
        jobs = [pool.submit(_load_one, path, settings.base_iri, limits) for path in paths]
        for path, job in zip(paths, jobs, strict=True):
            try:
                result = job.result()
            except BrokenProcessPool:  # a worker died: each document not done, alone
                result = _load_alone(path, settings.base_iri, limits)
            if progress:
                progress(path)
            if isinstance(result, SourceError):
                errors.append(result)
            else:
                loaded.append(result)
    if errors and not settings.keep_going:
        raise BuildError(errors)
    if errors and not loaded:
        raise BuildError(errors, note=", and no other: nothing to build")
    return loaded, errors


def write_source_texts(build_dir: Path, loaded: list[LoadedDocument]) -> None:
    """What each Word file, PDF and web page said at each place, by the file's SHA-256
    (``source-text.json`` in the build): the pages show it around a resource's place."""
    texts = {d.source.sha256: [list(t) for t in d.texts] for d in loaded if d.texts}
    (build_dir / SOURCE_TEXTS).write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")


def build(
    settings: Settings,
    progress: Callable[[Path], None] | None = None,
    allow_invalid: bool = False,
) -> BuildReport:
    """Load the sources and the ontology into a new store, validate it with the SHACL shapes
    and make it the current one; a graph with violations that are not acknowledged known
    defects raises :class:`~nqs.validate.ValidationFailed` (with ``allow_invalid``, it is
    swapped in all the same, marked invalid in build.json). With ``settings.keep_going``,
    the documents that cannot be loaded are left out (nothing of them reaches the store)
    and listed in the report and in build.json.

    The store's build lock is held from start to end: a second build of the same store
    raises :class:`~nqs.store.StoreError` at once (see :func:`nqs.store.build_lock`)."""
    with build_lock(settings.store):
        return _build(settings, progress, allow_invalid)


def _build(
    settings: Settings,
    progress: Callable[[Path], None] | None = None,
    allow_invalid: bool = False,
) -> BuildReport:
    """:func:`build`, under the store's lock."""
    from nqs.validate import BackgroundValidation, ValidationFailed
    from nqs.validation_engine import DocumentData

    loaded, left_out = load_sources(settings, progress)
    report = BuildReport(settings.store, loaded=loaded, left_out=left_out)
    documents = [
        DocumentData(
            str(doc.graph_name),
            doc.source.name,
            doc.source.sha256,
            doc.triples.ntriples(),
        )
        for doc in loaded
    ]
    with (
        BackgroundValidation(documents, settings.base_iri, settings.sources) as validation,
        new_build(settings.store) as (work, db),
    ):
        for path in ontology_paths():
            db.bulk_load(
                path=str(path),
                format=pyoxigraph.RdfFormat.TURTLE,
                to_graph=pyoxigraph.NamedNode(ONTOLOGY_IRI),
            )
        for document in documents:
            db.bulk_load(
                input=document.ntriples,
                format=pyoxigraph.RdfFormat.N_TRIPLES,
                to_graph=pyoxigraph.NamedNode(document.graph),
            )
        merge_named_graphs(db)  # the default graph: each triple of the documents once
        # links and entailments read the merge and go into their graph and the merge
        apply_links(db, settings.base_iri)  # cross-document links, into graph/links
        validation.links_derived(db)  # the cross-document shapes, beside what follows
        materialise(db, settings.base_iri)  # the ontology's entailments, into graph/inferred
        add_text_keys(db, settings.base_iri)  # texts normalised for queries, graph/text-keys
        report.validation = validation.report(db)
        if not report.validation.valid and not allow_invalid:
            raise ValidationFailed(report.validation)  # the new build is discarded
        report.triples = merge_size(db)
        report.build_id = work.name.removesuffix(".partial")
        info = BuildInfo(
            build_id=report.build_id,
            finished=datetime.now(UTC).isoformat(timespec="seconds"),
            version=__version__,
            triples=report.triples,
            quads=len(db),
            merged=True,
            valid=report.validation.valid,
            validation=report.validation.counts(),
            documents=[
                {
                    "file": d.source.name,
                    "sha256": d.source.sha256,
                    "graph": str(d.graph_name),
                    "kind": d.kind,
                    "format": d.format,
                    "triples": len(d.triples),
                    "coverage": {
                        "lines": d.coverage.lines,
                        "unassigned": d.coverage.unassigned,
                        "characters": d.coverage.characters,
                        "unassigned_characters": d.coverage.unassigned_characters,
                        "share": round(d.coverage.share, 4),
                    },
                    "counts": (
                        document_counts(d.document)
                        if isinstance(d.document, StandardDocument)
                        else {}
                    ),
                    "warnings": [str(w) for w in d.warnings],
                }
                for d in loaded
            ],
            left_out=[left_out_entry(e) for e in left_out],
        )
        write_source_texts(work, loaded)
        # the build described in its data (graph/build), for a server in front of an endpoint
        info = describe_build(db, info, settings.base_iri)
        report.triples = info.triples
        info.write(work)
    return report
