"""One entry point for every source file: read it, tell its kind from its text, parse and
map it.

Every format is read into the same stream of located rows (:mod:`nqs.loaders.read`); the
kind of act is then told from that stream, never from the file's extension. Each kind has a
:class:`Loader`: a test that recognises its text, a parser to its document model and a
mapper to RDF. A file that no loader recognises is an error naming the file.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from rdflib import Graph, URIRef

from nqs.loaders.amendment.map import map_amendment
from nqs.loaders.amendment.parse import looks_like_amendment, parse_amendment
from nqs.loaders.courses.map import map_course_rules
from nqs.loaders.courses.parse import looks_like_course_rules, parse_course_rules
from nqs.loaders.framework.map import map_nqf
from nqs.loaders.framework.parse import looks_like_nqf, parse_nqf
from nqs.loaders.iris import Minter
from nqs.loaders.line_view import LineView, line_view, relocate, relocate_error
from nqs.loaders.model import Block, Row, SourceError, SourceInfo, Warning_
from nqs.loaders.positions.map import map_positions
from nqs.loaders.positions.parse import looks_like_positions, parse_positions
from nqs.loaders.read import EXTENSIONS, Format, read
from nqs.loaders.source import source_info
from nqs.loaders.standard.map import map_standard
from nqs.loaders.standard.parse_current import (
    looks_like_current_standard,
    parse_standard_current,
)
from nqs.loaders.standard.parse_older import looks_like_older_standard, parse_standard_ru
from nqs.loaders.triples import Triples


class ParsedDocument(Protocol):
    """What every document model has: its source, warnings and text assigned to nothing."""

    source: SourceInfo
    warnings: list[Warning_]
    unassigned: list[Block]


D = TypeVar("D", bound=ParsedDocument)


class SourceStream:
    """A file's rows as its reader gave them, and, made on first use, as numbered lines."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = list(rows)

    @cached_property
    def view(self) -> LineView:
        return line_view(self.rows)

    @property
    def lines(self) -> list[Block]:
        return self.view.blocks


@dataclass(frozen=True)
class Reading:
    """A parsed document and how to map it to the triples of its graph."""

    document: ParsedDocument
    map: Callable[[Minter], Triples]


class Loader(Protocol):
    """One kind of document: recognised from a stream, read into its document model."""

    @property
    def kind(self) -> str: ...

    def accepts(self, stream: SourceStream) -> bool:
        """Whether the stream's text is a document of this kind."""
        ...

    def read(self, stream: SourceStream, source: SourceInfo) -> Reading:
        """Parse the stream; raises :class:`SourceError` naming the file and the place."""
        ...


@dataclass(frozen=True)
class KindLoader(Generic[D]):
    """A :class:`Loader` made of a recogniser, a parser to the model ``D`` and its mapper."""

    kind: str
    test: Callable[[SourceStream], bool]
    parser: Callable[[SourceStream, SourceInfo], D]
    mapper: Callable[[D, Minter], Triples]

    def accepts(self, stream: SourceStream) -> bool:
        return self.test(stream)

    def read(self, stream: SourceStream, source: SourceInfo) -> Reading:
        doc = self.parser(stream, source)
        return Reading(doc, lambda minter: self.mapper(doc, minter))


def by_lines(
    parse: Callable[[list[Block], SourceInfo], D],
) -> Callable[[SourceStream, SourceInfo], D]:
    """A line-based parser made to read any stream: it parses the numbered lines, and every
    location it gives (elements, warnings, the error it raises) is turned into the place in
    the source."""

    def parse_stream(stream: SourceStream, source: SourceInfo) -> D:
        view = stream.view
        try:
            doc = parse(view.blocks, source)
        except SourceError as exc:
            raise relocate_error(exc, view) from exc
        return relocate(doc, view)

    return parse_stream


def lines_test(test: Callable[[list[Block]], bool]) -> Callable[[SourceStream], bool]:
    """A recogniser of line-based text made to look at any stream."""
    return lambda stream: test(stream.lines)


# Tried in order; the first that recognises the text reads it.
LOADERS: tuple[Loader, ...] = (
    KindLoader(
        "professional-standard",
        lines_test(looks_like_current_standard),
        by_lines(parse_standard_current),
        map_standard,
    ),
    KindLoader(
        "professional-standard",
        lambda s: looks_like_older_standard(s.rows),
        lambda s, source: parse_standard_ru(s.rows, source),
        map_standard,
    ),
    KindLoader("qualification-framework", lines_test(looks_like_nqf), by_lines(parse_nqf), map_nqf),
    KindLoader(
        "qualification-characteristics",
        lines_test(looks_like_positions),
        by_lines(parse_positions),
        map_positions,
    ),
    KindLoader(
        "amending-order",
        lines_test(looks_like_amendment),
        by_lines(parse_amendment),
        map_amendment,
    ),
    KindLoader(
        "course-rules",
        lines_test(looks_like_course_rules),
        by_lines(parse_course_rules),
        map_course_rules,
    ),
)


@dataclass(frozen=True)
class Coverage:
    """How much of a document's text was assigned to an element: its non-blank lines (of
    paragraphs and cells) and its characters other than white space, all and unassigned.
    The share is counted in characters, so that it is the same whatever the form (a line
    of a text file may be a cell of a Word table)."""

    lines: int
    unassigned: int
    characters: int
    unassigned_characters: int

    @property
    def share(self) -> float:
        if self.characters == 0:
            return 1.0
        return (self.characters - self.unassigned_characters) / self.characters

    def describe(self) -> str:
        """E.g. ``99.3% of the text read (4 of 541 content lines assigned to no element)``."""
        return (
            f"{self.share:.1%} of the text read ({self.unassigned} of {self.lines} content"
            f" lines assigned to no element)"
        )


COVERAGE_TARGET = 0.99  # a document below this share is reported


def _characters(text: str) -> int:
    """Characters other than white space (``str.split`` splits on exactly those)."""
    return len("".join(text.split()))


def coverage(stream: SourceStream, doc: ParsedDocument) -> Coverage:
    """The share of ``stream``'s text that ``doc`` assigned to an element."""
    lines = [b.text for b in stream.lines if b.text.strip()]
    left = [line for b in doc.unassigned for line in b.text.split("\n") if line.strip()]
    total = sum(_characters(t) for t in lines)
    return Coverage(
        len(lines),
        min(len(left), len(lines)),
        total,
        min(sum(_characters(t) for t in left), total),
    )


@dataclass
class LoadedDocument:
    """A source file turned into the triples of its named graph."""

    source: SourceInfo
    kind: str
    format: str
    graph_name: URIRef
    triples: Triples
    document: ParsedDocument
    coverage: Coverage
    warnings: list[Warning_] = field(default_factory=list)
    texts: tuple[tuple[str, int, int, str], ...] = ()
    """What a Word file, PDF or web page said at each place (unit, first, last, the cells'
    text), for the pages to show the text around a place (a text file is read by lines)."""

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
        found.update(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)
    return sorted(found)


NOT_READ: dict[str, str] = {
    ".doc": "a Word 97-2003 file",
    ".rtf": "a rich-text file",
    ".odt": "an OpenDocument text",
    ".xls": "a spreadsheet",
    ".xlsx": "a spreadsheet",
    ".mht": "a saved web archive",
    ".mhtml": "a saved web archive",
    ".djvu": "a scan",
    ".tif": "an image (a scan has no text to read)",
    ".tiff": "an image (a scan has no text to read)",
    ".jpg": "an image (a scan has no text to read)",
    ".jpeg": "an image (a scan has no text to read)",
    ".png": "an image (a scan has no text to read)",
}
"""Forms an act may be published in that no reader takes: such a file is reported (see
:func:`not_read`), never passed over in silence. Other files (a folder's README, the known
defects' TOML) are not acts."""


def not_read(folders: list[Path] | tuple[Path, ...]) -> list[tuple[Path, str]]:
    """The files under the folders that look like acts in a form no reader takes, with what
    each is, in a stable order."""
    found = {
        p for folder in folders if folder.is_dir() for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in NOT_READ
    }  # fmt: skip
    return [(p, NOT_READ[p.suffix.lower()]) for p in sorted(found)]


@dataclass(frozen=True)
class Parsed:
    """A file read and parsed: its format, stream, loader and document."""

    format: Format
    stream: SourceStream
    loader: Loader
    reading: Reading

    @property
    def document(self) -> ParsedDocument:
        return self.reading.document


def parse_document(path: Path) -> Parsed:
    """Read ``path``, tell its kind and parse it. Raises :class:`SourceError` naming the
    file and the place."""
    fmt, rows = read(path)
    source = source_info(path, fmt.media_type)
    stream = SourceStream(rows)
    for loader in LOADERS:
        if loader.accepts(stream):
            return Parsed(fmt, stream, loader, loader.read(stream, source))
    raise SourceError(
        path, f"not a document of a known kind (no loader recognises this {fmt.name} file)"
    )


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


def _one_line(cells: tuple[str, ...]) -> str:
    """A row's cells as one line to show: cells joined by " | ", a cell's lines by " / "."""
    return " | ".join(" / ".join(c.split("\n")) for c in cells if c.strip())


def load_document(path: Path, minter: Minter) -> LoadedDocument:
    """Read, parse and map one file; raises :class:`SourceError` naming file and place."""
    with collection_paused():
        parsed = parse_document(path)
        doc = parsed.document
        triples = parsed.reading.map(minter)
        covered = coverage(parsed.stream, doc)
        texts = tuple(
            (r.loc.unit, r.loc.start, r.loc.end, _one_line(r.cells))
            for r in parsed.stream.rows
            if parsed.format.name != "text" and any(c.strip() for c in r.cells)
        )
    return LoadedDocument(
        source=doc.source,
        kind=parsed.loader.kind,
        format=parsed.format.name,
        graph_name=minter.source(doc.source.sha256),
        triples=triples,
        document=doc,
        coverage=covered,
        warnings=list(doc.warnings),
        texts=texts,
    )
