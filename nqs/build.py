"""``nqs build``: every source document into a fresh store, swapped in only on success."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pyoxigraph

from nqs import __version__
from nqs.config import Settings
from nqs.loaders.documents import LoadedDocument, SkippedDocument, discover, load_document
from nqs.loaders.iris import Minter
from nqs.loaders.model import SourceError, StandardDocument
from nqs.loaders.summary import document_counts
from nqs.namespaces import ONTOLOGY_IRI
from nqs.store import BuildInfo, new_build


class BuildError(Exception):
    """The build failed; the previous store is still the current one."""

    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors)
        super().__init__(f"{len(errors)} source document(s) could not be loaded:\n{lines}")


@dataclass
class BuildReport:
    """What a build loaded, skipped and warned about."""

    store: Path
    build_id: str = ""
    loaded: list[LoadedDocument] = field(default_factory=list)
    skipped: list[SkippedDocument] = field(default_factory=list)
    triples: int = 0


def ontology_paths() -> list[Path]:
    """The ontology's Turtle modules: the core (``nqs.ttl``) and one per further area."""
    folder = Path(str(resources.files("nqs.ontology")))
    return sorted(folder.glob("*.ttl"))


def load_sources(
    settings: Settings, progress: Callable[[Path], None] | None = None
) -> tuple[list[LoadedDocument], list[SkippedDocument]]:
    """Parse and map every source document; all errors are collected, then raised together."""
    minter = Minter(settings.base_iri)
    loaded: list[LoadedDocument] = []
    skipped: list[SkippedDocument] = []
    errors: list[SourceError] = []
    for path in discover(settings.sources):
        if progress:
            progress(path)
        try:
            result = load_document(path, minter)
        except SourceError as exc:
            errors.append(exc)
            continue
        (loaded if isinstance(result, LoadedDocument) else skipped).append(result)  # type: ignore[arg-type]
    if errors:
        raise BuildError(errors)
    return loaded, skipped


def build(settings: Settings, progress: Callable[[Path], None] | None = None) -> BuildReport:
    """Load the sources and the ontology into a new store and make it the current one."""
    loaded, skipped = load_sources(settings, progress)
    report = BuildReport(settings.store, loaded=loaded, skipped=skipped)
    with new_build(settings.store) as (work, db):
        for path in ontology_paths():
            db.bulk_load(
                path=str(path),
                format=pyoxigraph.RdfFormat.TURTLE,
                to_graph=pyoxigraph.NamedNode(ONTOLOGY_IRI),
            )
        for doc in loaded:
            data = doc.graph.serialize(format="nt", encoding="utf-8")
            db.bulk_load(
                input=data,
                format=pyoxigraph.RdfFormat.N_TRIPLES,
                to_graph=pyoxigraph.NamedNode(str(doc.graph_name)),
            )
        report.triples = len(db)
        report.build_id = work.name.removesuffix(".partial")
        BuildInfo(
            build_id=report.build_id,
            finished=datetime.now(UTC).isoformat(timespec="seconds"),
            version=__version__,
            triples=report.triples,
            documents=[
                {
                    "file": d.source.name,
                    "sha256": d.source.sha256,
                    "graph": str(d.graph_name),
                    "kind": d.kind,
                    "triples": len(d.graph),
                    "counts": (
                        document_counts(d.document)
                        if isinstance(d.document, StandardDocument)
                        else {}
                    ),
                    "warnings": [str(w) for w in d.warnings],
                }
                for d in loaded
            ],
            skipped=[{"file": s.source.name, "kind": s.kind} for s in skipped],
        ).write(work)
    return report
