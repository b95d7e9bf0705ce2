"""Validation of the registry with the SHACL shapes of ``shapes/``, and ``nqs validate``.

One entry, :func:`validate`: the in-document shapes per document graph in parallel
processes, the cross-document shapes once over the whole graph, then a report that names
the document, place, standard, card and element of every result and marks the violations
acknowledged as known defects of the documents (``known-defects.toml``). ``nqs build``
calls it before it swaps a new store in (see ``nqs.build``); ``nqs validate``
(``nqs.validation.cli``) prints the report of a built store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from nqs.children import SpawnedWorker, WorkerDied
from nqs.queries import package_queries
from nqs.validation.defects import KnownDefect, load_defects
from nqs.validation.engine import (
    DocumentChecks,
    DocumentData,
    Result,
    ValidatorDied,
    check_documents,
    check_registry,
    union_store,
)
from nqs.validation.report import Describer, Report, build_report, render_text


class ValidationFailed(Exception):
    """The graph has violations that are not acknowledged defects."""

    def __init__(self, report: Report, lang: str = "en") -> None:
        self.report = report
        blocking = Report(report.blocking)
        super().__init__(
            f"{len(report.blocking)} violation(s) not acknowledged as known defects:\n"
            + render_text(blocking, lang)
        )


def documents_of_store(db: ox.Store) -> list[DocumentData]:
    """Every document graph of a built store, as N-Triples."""
    rows = db.query(package_queries("nqs.validation", "validation")["documents"].text)
    assert isinstance(rows, ox.QuerySolutions)
    out = []
    for row in rows:
        graph, file, sha256 = row["graph"], row["file"], row["sha256"]
        assert isinstance(graph, ox.NamedNode)
        data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        assert data is not None
        assert isinstance(file, ox.Literal) and isinstance(sha256, ox.Literal)
        out.append(DocumentData(graph.value, file.value, sha256.value, data))
    return out


def validate(
    documents: Sequence[DocumentData],
    whole: ox.Store,
    db: ox.Store,
    base_iri: str,
    defects: Iterable[KnownDefect],
    workers: int | None = None,
) -> Report:
    """Validate the documents (each with the in-document shapes) and the whole graph (with the
    cross-document shapes); the report of both, with known defects acknowledged.

    ``whole`` is the union of every graph as one set of triples (see
    :func:`nqs.validation.engine.union_store`); ``db`` the store with its named graphs, which
    tells the documents a result concerns."""
    results = check_documents(documents, workers) + check_registry(whole)
    return build_report(results, db, base_iri, defects)


def validate_store(
    db: ox.Store, base_iri: str, sources: Iterable[Path] = (), workers: int | None = None
) -> Report:
    """Validate a built store; the known defects are the bundled list and the sources'."""
    documents = documents_of_store(db)
    return validate(documents, union_store(db), db, base_iri, load_defects(sources), workers)


def check_asserted(asserted: Path) -> list[Result]:
    """The registry shapes over the default graph of the store at ``asserted`` (read-only)."""
    return check_registry(ox.Store.read_only(str(asserted)))


class BackgroundValidation:
    """Validation beside a build, in threads that wait on worker processes: the document
    graphs from the moment they are serialized, the registry shapes from the moment the links
    are derived, while the build writes the store; :meth:`report` waits for both.

    The whole graph is the ontology, the documents and the links graph: the default graph of
    the asserted store the build keeps on disk before it reasons (:meth:`links_derived`),
    read there, not copied into memory (at 1,000 standards a copy took 2.6 GB and 55 s)."""

    def __init__(
        self,
        documents: Sequence[DocumentData],
        base_iri: str,
        sources: Iterable[Path] = (),
        workers: int | None = None,
        checks: DocumentChecks | None = None,
        registry: SpawnedWorker | None = None,
    ) -> None:
        """``checks``: the in-document checks of ``documents``, already started (by default
        every document is checked; a build passes those it keeps between builds);
        ``registry``: a process to run the registry shapes in, beside this one's work (by
        default a thread of this process runs them), ended with this object."""
        self.base_iri = base_iri
        self.defects = load_defects(sources)
        if checks is None:  # forks here, before any thread starts
            checks = DocumentChecks(documents, workers)
        self._threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="validate")
        self._documents = self._threads.submit(checks.results)
        self._registry: Future[list[Result]] | None = None
        self._worker = registry

    def links_derived(self, asserted: Path) -> None:
        """Start the registry shapes over the whole graph, now that the links graph is:
        ``asserted`` is the store as it is before reasoning, kept on disk (its default graph
        is the merge of the ontology, the documents and the links), opened read-only."""
        if self._worker is None:
            self._registry = self._threads.submit(check_asserted, asserted)
        else:
            self._registry = self._threads.submit(self._worker.run, check_asserted, asserted)

    def report(self, db: ox.Store) -> Report:
        """Both validations' results, described from ``db`` (waits for them): the
        documents' described while the registry shapes may still run."""
        if self._registry is None:  # no asserted store kept: the whole graph of ``db``
            self._registry = self._threads.submit(lambda: check_registry(union_store(db)))
        describer = Describer(db, self.base_iri)
        documents = self._documents.result()
        for result in documents:
            describer.describe(result)
        try:
            registry = self._registry.result()
        except WorkerDied as exc:
            what = "validating the whole graph with the registry shapes"
            raise ValidatorDied(None, exc.exitcode, what) from None
        return build_report(documents + registry, db, self.base_iri, self.defects, describer)

    def __enter__(self) -> BackgroundValidation:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._worker is not None:  # ended first: a thread may be waiting on it
            self._worker.close()
        self._threads.shutdown(wait=True, cancel_futures=True)
