"""One entry point for every source file: read it, tell its kind, parse and map it.

Kinds of document this project knows. A file of a known kind whose loader is not written
yet is reported as skipped (never half-loaded); a file of no known kind is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from nqs.loaders.iris import Minter
from nqs.loaders.map_standard import map_standard
from nqs.loaders.model import Block, SourceError, SourceInfo, StandardDocument, Warning_
from nqs.loaders.parse_standard_kk import looks_like_kk_standard, parse_standard_kk
from nqs.loaders.read_text import read_text
from nqs.loaders.source import MEDIA_TYPES, source_info

# Known kinds of text whose loaders are still to come: (kind, pattern over the first lines).
PENDING_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("qualification-framework", re.compile(r"Ұлттық біліктілік шеңбер\w* бекіту", re.I)),
    ("qualification-characteristics", re.compile(r"үлгі\w* біліктілік сипаттамалары", re.I)),
    ("amending-order", re.compile(r"бұйрығына\s+өзгерістер\s+енгізу\s+туралы", re.I)),
    ("course-rules", re.compile(r"біліктілігін арттыру курстарын ұйымдастыру", re.I)),
]


@dataclass
class LoadedDocument:
    """A source file turned into its named graph."""

    source: SourceInfo
    kind: str
    graph_name: URIRef
    graph: Graph
    document: StandardDocument
    warnings: list[Warning_] = field(default_factory=list)


@dataclass(frozen=True)
class SkippedDocument:
    """A source of a known kind for which no loader exists yet."""

    source: SourceInfo
    kind: str


def discover(folders: list[Path] | tuple[Path, ...]) -> list[Path]:
    """Every loadable file under the folders, in a stable (sorted) order."""
    found: set[Path] = set()
    for folder in folders:
        if not folder.is_dir():
            raise SourceError(folder, "source folder does not exist")
        found.update(
            p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in MEDIA_TYPES
        )
    return sorted(found)


def _pending_kind(blocks: list[Block]) -> str | None:
    head = " ".join(b.text for b in blocks[:80])
    for kind, pattern in PENDING_KINDS:
        if pattern.search(head):
            return kind
    return None


def parse_document(path: Path) -> StandardDocument | str:
    """The parsed document, or the name of its known kind when no loader exists yet."""
    source = source_info(path)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        blocks = read_text(path)
        if looks_like_kk_standard(blocks):
            return parse_standard_kk(blocks, source)
        kind = _pending_kind(blocks)
        if kind:
            return kind
        raise SourceError(
            path,
            "not a document of a known kind (no professional-standard "
            "title and card headings found)",
        )
    from nqs.loaders.parse_standard_ru import parse_standard_ru

    if suffix == ".docx":
        from nqs.loaders.read_docx import read_docx

        return parse_standard_ru(read_docx(path), source)
    from nqs.loaders.read_pdf import read_pdf

    return parse_standard_ru(read_pdf(path), source)


def load_document(path: Path, minter: Minter) -> LoadedDocument | SkippedDocument:
    """Read, parse and map one file; raises :class:`SourceError` naming file and place."""
    parsed = parse_document(path)
    if isinstance(parsed, str):
        return SkippedDocument(source_info(path), parsed)
    graph = map_standard(parsed, minter)
    return LoadedDocument(
        source=parsed.source,
        kind="professional-standard",
        graph_name=minter.source(parsed.source.sha256),
        graph=graph,
        document=parsed,
        warnings=parsed.warnings,
    )
