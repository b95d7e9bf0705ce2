"""The plain document model that parsers produce and the RDF mapper consumes.

Parsers know nothing of RDF; the mapper knows nothing of file formats. Every element keeps
the :class:`Location` it was read from so that each fact in the graph is traceable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Unit = Literal["line", "paragraph", "row", "page"]


@dataclass(frozen=True)
class Location:
    """A place in a source file: lines of a text file, paragraphs or table rows of a DOCX
    (numbered in document order, from 1), or pages of a PDF."""

    unit: Unit
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 1 or self.end < self.start:
            raise ValueError(f"bad location {self.unit} {self.start}-{self.end}")

    def label(self) -> str:
        """Human-readable form, e.g. ``lines 12-14`` or ``page 3``."""
        plural = self.unit + "s"
        if self.start == self.end:
            return f"{self.unit} {self.start}"
        return f"{plural} {self.start}-{self.end}"

    def span(self, other: Location) -> Location:
        """The smallest location covering this one and ``other`` (same unit)."""
        if other.unit != self.unit:
            return self
        return Location(self.unit, min(self.start, other.start), max(self.end, other.end))


@dataclass(frozen=True)
class Block:
    """One piece of text as a reader found it, with its location; ``column`` is the
    table column (from 0) of a line that a row of several cells gave, None otherwise."""

    text: str
    loc: Location
    column: int | None = None


@dataclass(frozen=True)
class Row:
    """One row of a table read from DOCX or PDF, cells left to right (merged cells once);
    a paragraph outside any table is a row of one cell with ``in_table`` false."""

    cells: tuple[str, ...]
    loc: Location
    in_table: bool = True


@dataclass(frozen=True)
class SourceInfo:
    """The file a document was read from."""

    path: Path
    media_type: str
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name


class SourceError(Exception):
    """A source file that cannot be loaded; names the file and the place."""

    def __init__(self, path: Path | str, message: str, loc: Location | None = None) -> None:
        self.path = Path(path)
        self.loc = loc
        self.message = message
        where = f" ({loc.label()})" if loc else ""
        super().__init__(f"{self.path.name}{where}: {message}")

    def __reduce__(self) -> tuple[type[SourceError], tuple[Path, str, Location | None]]:
        return (SourceError, (self.path, self.message, self.loc))  # picklable across processes


@dataclass(frozen=True)
class Warning_:
    """A recoverable oddity found while parsing (loaded, but reported)."""

    message: str
    loc: Location | None = None

    def __str__(self) -> str:
        return f"{self.loc.label()}: {self.message}" if self.loc else self.message


@dataclass(frozen=True)
class ActRef:
    """The legal act that approves a document (an order and its annex)."""

    issuer: str
    number: str
    date: str  # ISO 8601
    annex: str | None = None


@dataclass(frozen=True)
class CitedAct:
    """A law or the Constitution that the document names; ``ref`` when its number and date
    are known, else it is identified by its title."""

    key: str
    title: str
    kind: Literal["constitution", "law"]
    loc: Location
    ref: ActRef | None = None
