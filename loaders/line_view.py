"""The rows of any format as numbered lines, for the parsers that read text line by line,
and the way back from those line numbers to the places the rows were read from.

A text file's rows are its lines already: numbers and places are the same. A Word file, a
PDF or an HTML page gives paragraphs and table rows; each cell's lines become lines of the
view (cells left to right), numbered from 1 in order, and each line remembers the place of
its row (paragraph/row of a DOCX or page, page of a PDF). After parsing,
:func:`relocate` turns every ``line`` location in the parsed document, its warnings and its
errors into those places.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from nqs.loaders.model import Block, Location, Row, SourceError

T = TypeVar("T")


@dataclass(frozen=True)
class LineView:
    """Numbered lines (``Block`` with unit ``line``) and the place of each."""

    blocks: list[Block]
    places: list[Location]

    @property
    def is_identity(self) -> bool:
        """Whether every line number is already its place (a text file)."""
        return all(p.unit == "line" and p.start == k for k, p in enumerate(self.places, start=1))

    def place(self, loc: Location) -> Location:
        """The source place of a ``line`` location of this view."""
        if loc.unit != "line" or not self.places:
            return loc
        last = len(self.places)
        first = self.places[min(max(loc.start, 1), last) - 1]
        end = self.places[min(max(loc.end, 1), last) - 1]
        return Location(first.unit, first.start, max(first.end, end.end, first.start))


def line_view(rows: Sequence[Row]) -> LineView:
    """Every line of every cell of ``rows``, numbered in order (blank text lines kept)."""
    blocks: list[Block] = []
    places: list[Location] = []
    for row in rows:
        texts = [(t, None) for t in row.cells] if row.loc.unit == "line" else _cell_lines(row)
        for text, column in texts:
            places.append(row.loc)
            blocks.append(Block(text, Location("line", len(places), len(places)), column))
    return LineView(blocks, places)


def _cell_lines(row: Row) -> list[tuple[str, int | None]]:
    """The non-blank lines of the row's cells, each with its cell's column where the row
    has more than one cell."""
    several = len(row.cells) > 1
    return [
        (line, k if several else None)
        for k, cell in enumerate(row.cells)
        for line in cell.split("\n")
        if line.strip()
    ]


def relocate(obj: T, view: LineView) -> T:
    """``obj`` with every ``line`` location inside it (dataclass fields, lists, tuples,
    dicts, at any depth) replaced by its place in the source; changed in place where it
    can be, and returned."""
    if view.is_identity:
        return obj
    _Relocator(view).visit(obj)
    return obj


def relocate_error(error: SourceError, view: LineView) -> SourceError:
    """The same error with its place in the source instead of a line of the view."""
    if error.loc is None or view.is_identity:
        return error
    return SourceError(error.path, error.message, view.place(error.loc))


class _Relocator:
    def __init__(self, view: LineView) -> None:
        self.view = view
        self.seen: dict[int, object] = {}

    def visit(self, obj: object) -> object:
        if isinstance(obj, Location):
            return self.view.place(obj)
        if obj is None or isinstance(obj, (str, int, float, bool, bytes)):
            return obj
        key = id(obj)
        if key in self.seen:
            return self.seen[key]
        self.seen[key] = obj
        if isinstance(obj, list):
            obj[:] = [self.visit(x) for x in obj]
        elif isinstance(obj, tuple):
            new = tuple(self.visit(x) for x in obj)
            if any(a is not b for a, b in zip(new, obj, strict=True)):
                rebuilt: object = new
                if hasattr(obj, "_fields"):  # a named tuple
                    rebuilt = type(obj)._make(new)  # type: ignore[attr-defined]
                self.seen[key] = rebuilt
                return rebuilt
        elif isinstance(obj, dict):
            for k in list(obj):
                obj[k] = self.visit(obj[k])
        elif isinstance(obj, set):
            items = [self.visit(x) for x in obj]
            obj.clear()
            obj.update(items)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for f in dataclasses.fields(obj):
                value = getattr(obj, f.name)
                new_value = self.visit(value)
                if new_value is not value:
                    object.__setattr__(obj, f.name, new_value)  # frozen ones too
        return obj
