"""One entry point for every source file: read it, tell its kind, parse and map it.

Each kind of document has a :class:`Loader`: a test that recognises its text, a parser to
the document model and a mapper to RDF. A file that no loader recognises is an error.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from nqs.loaders.iris import Minter
from nqs.loaders.map_amendment import map_amendment
from nqs.loaders.map_courses import map_course_rules
from nqs.loaders.map_nqf import map_nqf
from nqs.loaders.map_positions import map_positions
from nqs.loaders.map_standard import map_standard
from nqs.loaders.model import Block, Row, SourceError, SourceInfo, Warning_
from nqs.loaders.parse_amendment import looks_like_amendment, parse_amendment
from nqs.loaders.parse_courses import looks_like_course_rules, parse_course_rules
from nqs.loaders.parse_nqf import looks_like_nqf, parse_nqf
from nqs.loaders.parse_positions import looks_like_positions, parse_positions
from nqs.loaders.parse_standard_kk import looks_like_kk_standard, parse_standard_kk
from nqs.loaders.parse_standard_ru import parse_standard_ru
from nqs.loaders.read_docx import read_docx
from nqs.loaders.read_pdf import read_pdf
from nqs.loaders.read_text import read_text
from nqs.loaders.source import MEDIA_TYPES, source_info
from nqs.loaders.triples import Triples


@dataclass(frozen=True)
class Loader:
    """How one kind of document is recognised, parsed and mapped."""

    kind: str
    accepts: Callable[[list[Block]], bool]
    parse: Callable[[Any, SourceInfo], Any]  # blocks of a text, or rows of a DOCX/PDF
    map: Callable[[Any, Minter], Triples]


# Loaders of text sources (Kazakh texts extracted from PDF), tried in order.
TEXT_LOADERS: list[Loader] = [
    Loader("professional-standard", looks_like_kk_standard, parse_standard_kk, map_standard),
    Loader("qualification-framework", looks_like_nqf, parse_nqf, map_nqf),
    Loader("qualification-characteristics", looks_like_positions, parse_positions, map_positions),
    Loader("amending-order", looks_like_amendment, parse_amendment, map_amendment),
    Loader("course-rules", looks_like_course_rules, parse_course_rules, map_course_rules),
]

# Table-structured sources (DOCX, PDF): the older Russian template of professional standards.
ROW_READERS: dict[str, Callable[[Path], list[Row]]] = {".docx": read_docx, ".pdf": read_pdf}
ROW_LOADER = Loader("professional-standard", lambda _: True, parse_standard_ru, map_standard)


@dataclass
class LoadedDocument:
    """A source file turned into the triples of its named graph."""

    source: SourceInfo
    kind: str
    graph_name: URIRef
    triples: Triples
    document: Any
    warnings: list[Warning_] = field(default_factory=list)

    @cached_property
    def graph(self) -> Graph:
        """The triples as an rdflib graph (made on first use)."""
        return self.triples.graph()


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


def parse_document(path: Path) -> tuple[Loader, Any]:
    """The loader for ``path`` and the parsed document. Raises :class:`SourceError` naming
    the file and the place."""
    source = source_info(path)
    suffix = path.suffix.lower()
    if suffix in ROW_READERS:
        return ROW_LOADER, ROW_LOADER.parse(ROW_READERS[suffix](path), source)
    blocks = read_text(path)
    for loader in TEXT_LOADERS:
        if loader.accepts(blocks):
            return loader, loader.parse(blocks, source)
    raise SourceError(path, "not a document of a known kind (no loader recognises its text)")


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (if it runs) while a document is loaded.

    Loading makes hundreds of thousands of small objects (characters' boxes, words, lines,
    terms) that live until the document is done and form no reference cycles; without the
    pause, the collector scans them over and over as they pile up (about a tenth of the
    time of loading a PDF). Reference counting still frees what the load drops; any cycles
    among it wait for the next collection.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load_document(path: Path, minter: Minter) -> LoadedDocument:
    """Read, parse and map one file; raises :class:`SourceError` naming file and place."""
    with collection_paused():
        loader, doc = parse_document(path)
        triples = loader.map(doc, minter)
    return LoadedDocument(
        source=doc.source,
        kind=loader.kind,
        graph_name=minter.source(doc.source.sha256),
        triples=triples,
        document=doc,
        warnings=list(getattr(doc, "warnings", [])),
    )
