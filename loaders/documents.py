"""One entry point for every source file: read it, tell its kind, parse and map it.

Each kind of document has a :class:`Loader`: a test that recognises its text, a parser to
the document model and a mapper to RDF. A text of a known kind whose loader is not written
yet is reported as skipped (never half-loaded); a file of no known kind is an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from nqs.loaders.iris import Minter
from nqs.loaders.map_nqf import map_nqf
from nqs.loaders.map_standard import map_standard
from nqs.loaders.model import Block, Row, SourceError, SourceInfo, Warning_
from nqs.loaders.parse_nqf import looks_like_nqf, parse_nqf
from nqs.loaders.parse_standard_kk import looks_like_kk_standard, parse_standard_kk
from nqs.loaders.parse_standard_ru import parse_standard_ru
from nqs.loaders.read_docx import read_docx
from nqs.loaders.read_pdf import read_pdf
from nqs.loaders.read_text import read_text
from nqs.loaders.source import MEDIA_TYPES, source_info


@dataclass(frozen=True)
class Loader:
    """How one kind of document is recognised, parsed and mapped."""

    kind: str
    accepts: Callable[[list[Block]], bool]
    parse: Callable[[list[Block], SourceInfo], Any]
    map: Callable[[Any, Minter], Graph]


# Loaders of text sources (Kazakh texts extracted from PDF), tried in order.
TEXT_LOADERS: list[Loader] = [
    Loader("professional-standard", looks_like_kk_standard, parse_standard_kk, map_standard),
    Loader("qualification-framework", looks_like_nqf, parse_nqf, map_nqf),
]

# Known kinds of text whose loaders are still to come: (kind, pattern over the first lines).
PENDING_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("qualification-characteristics", re.compile(r"үлгі\w* біліктілік сипаттамалары", re.I)),
    ("amending-order", re.compile(r"бұйрығына\s+өзгерістер\s+енгізу\s+туралы", re.I)),
    ("course-rules", re.compile(r"біліктілігін арттыру курстарын ұйымдастыру", re.I)),
]

# Table-structured sources (DOCX, PDF): the older Russian template of professional standards.
ROW_READERS: dict[str, Callable[[Path], list[Row]]] = {".docx": read_docx, ".pdf": read_pdf}


@dataclass
class LoadedDocument:
    """A source file turned into its named graph."""

    source: SourceInfo
    kind: str
    graph_name: URIRef
    graph: Graph
    document: Any
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


def parse_document(path: Path) -> tuple[Loader, Any] | SkippedDocument:
    """The loader for ``path`` and the parsed document, or a skip for a known kind that has
    no loader yet. Raises :class:`SourceError` naming the file and the place."""
    source = source_info(path)
    suffix = path.suffix.lower()
    if suffix in ROW_READERS:
        loader = Loader("professional-standard", lambda _: True, parse_standard_ru, map_standard)
        return loader, parse_standard_ru(ROW_READERS[suffix](path), source)
    blocks = read_text(path)
    for loader in TEXT_LOADERS:
        if loader.accepts(blocks):
            return loader, loader.parse(blocks, source)
    kind = _pending_kind(blocks)
    if kind:
        return SkippedDocument(source, kind)
    raise SourceError(path, "not a document of a known kind (no loader recognises its text)")


def load_document(path: Path, minter: Minter) -> LoadedDocument | SkippedDocument:
    """Read, parse and map one file; raises :class:`SourceError` naming file and place."""
    parsed = parse_document(path)
    if isinstance(parsed, SkippedDocument):
        return parsed
    loader, doc = parsed
    return LoadedDocument(
        source=doc.source,
        kind=loader.kind,
        graph_name=minter.source(doc.source.sha256),
        graph=loader.map(doc, minter),
        document=doc,
        warnings=list(getattr(doc, "warnings", [])),
    )
