"""Read a PDF professional standard (older Russian template, made by Word) into rows.

The rows have the logical shape python-docx gives for the DOCX of the same template, so one
parser reads both:

* a table row is a :class:`Row` of cell texts left to right; a cell spanning several grid
  columns appears once, a cell spanning several rows (``Трудовая функция 1: ...``) is repeated
  in every row it covers, as python-docx repeats vertically merged cells;
* text outside tables is a one-cell row with ``in_table`` false, placed by vertical position;
  but lines that print columns side by side (two ministers' signatures) are rows of one cell
  per column, as the unruled table of the Word file gives them (:func:`_column_lines`);
* a table row that Word split over a page break is merged back into one row, and the parts
  of a merged cell that continue on the next page are appended to it;
* a table's header rows that Word repeats at the top of every page are given once;
* page numbers (a number alone in the top or bottom margin) are dropped;
* :class:`Location` is ``page`` with the first and last page the row lies on (1-based).

Which page-top row continues which row: see :func:`_join_rows` and :func:`_continues`.

Cell text: one line per paragraph, joined by ``"\n"``; the lines Word wrapped inside a
paragraph are joined with one space, so each numbered item (``"1. Запустить процедуру
резервного копирования"``) and a label's title (``"Трудовая функция 1:\nПроведение
регламентных работ по сопровождению БД"``) are one line each. A new paragraph starts at a
line that

* begins with a list number (``"2. "``, ``"10."``, ``"3)"``), a bullet or a code
  (``"62.01 Деятельность ..."``, ``"5В070400 Вычислительная ..."``);
* follows a line ending with ``":"`` (but not a line holding a label and its value that was
  wrapped right after a colon: :func:`_wrapped`), or a line (almost) all in bold (a label
  such as ``"Задача 1"``) when the line itself starts in regular type;
* follows a blank gap, or has a first-line indent (glossary entries), outside numbered items;
* follows a line that ended early (:func:`_ended_early`), outside numbered items;
* is a line of a right-aligned block, as an annex header is set (:func:`_right_aligned`).

So inside a numbered item every line up to the next number is joined. Spaces inside a line
are normalised to one. A word that Word broke because it is longer than the line
(``"Вычислительна" + "я техника"``) is joined without a space (:func:`_broken_word`); a
hyphen at a line's end is kept or dropped by :meth:`_Vocabulary.keeps_hyphen` (kept in a
document that shows no automatic hyphenation: :func:`_hyphenates`). Hyphens inside a line
stay as printed (``"программ-ному"``).

Pages are read with pdfium (:mod:`nqs.loaders.read.pdf_page`); words are made by pdfplumber's rule
(:mod:`nqs.loaders.read.pdf_words`) and ruled tables found by its "lines" strategy
(:mod:`nqs.loaders.read.pdf_tables`), as when this reader used pdfplumber itself, at a tenth of
the time. pdfium emits no warnings on these files, so none are filtered.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter
from pathlib import Path

from nqs.loaders.model import Location, Row, SourceError
from nqs.loaders.read import pdf_words
from nqs.loaders.read.pdf_page import PageContent, UnreadablePage, UnreadablePdf, read_pages
from nqs.loaders.read.pdf_tables import Bbox, find_tables
from nqs.loaders.read.pdf_words import Word as _Word
from nqs.loaders.read.russian_words import agrees, is_word

_MARGIN = 60.0  # page-number zone at the top and bottom of a page, in points
_COLUMN_GAP = 4.0  # ems between two words of a line that part two columns side by side
_HYPHENS = "-\u00ad\u2010\u2011"
_MARKER = re.compile(r"^(?:\d{1,3}[.)](?!\d)|[•●▪■◦·])")
_LABEL = re.compile(r"^(?:Трудовая функция|Задача|Навык|Умения|Знания)\b", re.IGNORECASE)
_STARTS_PARAGRAPH = re.compile(r"^(?:[A-ZА-ЯЁ][a-zа-яё]|[0-9«\"„“])")
_SHORT_LINE = 20.0  # points of room at a line's end that Word would have filled
_SHORT_LINE_CAPITAL = 3.0  # the same when the next line starts with a capital
_CELL_MARGIN = 5.4  # Word's default left and right cell margin, in points
_TOP_LEFT = attrgetter("top", "x0")  # words top to bottom, left to right
_LEFT = attrgetter("x0")
_ITEM_NO = re.compile(r"^(\d{1,3})[.)](?!\d)")
# an OKED code (62.01.1), a specialty or qualification code (5В070400, 1304000, 130404)
_CODE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})+\.?|\d[0-9ВМ]\d{4,6})(?:\s|$)")
_LINKED_FIRST_WORDS = frozenset(
    {
        "бизнес",
        "веб",
        "интернет",
        "онлайн",
        "офлайн",
        "форм",
        "медиа",
        "пресс",
        "вице",
        "экс",
        "форс",
    }
)
# particles Russian always writes after a hyphen (какой-либо, где-нибудь, кто-то)
_HYPHEN_PARTICLES = frozenset({"либо", "нибудь"})
_TO_PRONOUNS = frozenset(
    {"кто", "что", "какой", "какая", "какое", "какие", "какого", "какую", "каких", "чей", "где",
     "куда", "откуда", "когда", "как", "почему", "зачем"}
)  # fmt: skip


@dataclass
class _Line:
    """A line of words, left to right; its words never change, so what is derived from
    them is computed once, when it is made."""

    words: list[_Word]
    page: int
    top: float = field(init=False)
    bottom: float = field(init=False)
    size: float = field(init=False)
    text: str = field(init=False)
    mostly_bold: bool = field(init=False)
    x0: float = field(init=False)  # the first word's left edge
    x1: float = field(init=False)  # the last word's right edge

    def __post_init__(self) -> None:
        words = self.words
        first = words[0]
        self.x0 = first.x0
        self.x1 = words[-1].x1
        if len(words) == 1:
            self.top, self.bottom, self.size = first.top, first.bottom, first.size
            self.text = first.text
            self.mostly_bold = first.bold or not first.text
            return
        self.top = min([w.top for w in words])
        self.bottom = max([w.bottom for w in words])
        self.size = max([w.size for w in words])
        parts = [first.text]
        for prev, word in pairwise(words):
            if word.x0 - prev.x1 > 0.12 * word.size:
                parts.append(" ")
            parts.append(word.text)
        self.text = "".join(parts)
        bold = sum([len(w.text) for w in words if w.bold])
        self.mostly_bold = bold >= 0.8 * sum([len(w.text) for w in words])

    def first_word_width(self) -> float:
        """Width of the text up to the first space (what Word would try to fit above)."""
        end = self.words[0]
        for prev, word in zip(self.words, self.words[1:], strict=False):
            if word.x0 - prev.x1 > 0.12 * word.size:
                break
            end = word
        return end.x1 - self.x0


@dataclass(eq=False)
class _Cell:
    """A table cell (or the part of it read so far); identity matters, not value."""

    x0: float
    x1: float
    lines: list[_Line] = field(default_factory=list)
    limit: float = 0.0  # right edge of the text column, set by :func:`_set_limits`
    start: float = 0.0  # left edge of the text column, set by :func:`_set_limits`

    @property
    def column(self) -> tuple[int, int]:
        return round(self.x0), round(self.x1)


@dataclass(eq=False)
class _TableRow:
    cells: list[_Cell]
    first_page: int
    last_page: int


@dataclass(eq=False)
class _Para:
    """Text outside tables: a :class:`_Cell` as wide as the text column."""

    cell: _Cell
    first_page: int
    last_page: int


@dataclass(eq=False)
class _Columns:
    """A line outside tables that prints columns side by side (signatures): a row of
    cells, as the unruled table of a Word file gives it."""

    cells: list[_Cell]
    first_page: int
    last_page: int


_Block = _TableRow | _Para | _Columns


def read_pdf(path: Path) -> list[Row]:
    """Read the tables and paragraphs of a PDF standard as DOCX-shaped rows."""
    blocks: list[_Block] = []
    try:
        for number, page in enumerate(read_pages(path), start=1):
            _append_page(blocks, _page_blocks(path, page, number))
    except UnreadablePage as exc:
        place = Location("page", exc.page, exc.page)
        raise SourceError(path, f"a page of the PDF cannot be read: {exc.reason}", place) from exc
    except (UnreadablePdf, OSError) as exc:
        raise SourceError(path, f"not a readable PDF: {exc}") from exc
    _set_limits(blocks)
    vocabulary = _Vocabulary(line for cell in _all_cells(blocks) for line in cell.lines)
    vocabulary.hyphenates = _hyphenates(_all_cells(blocks), vocabulary)
    # a cell merged down the rows is in each of them: its text is made once
    texts = {id(cell): _cell_text(cell, vocabulary) for cell in _all_cells(blocks)}
    return [_to_row(block, texts) for block in blocks]


# --- one page -------------------------------------------------------------------------


def _page_blocks(path: Path, page: PageContent, number: int) -> list[_Block]:
    """:func:`_read_page`; what it cannot lay out is an error naming the page."""
    try:
        return _read_page(page, number)
    except (ArithmeticError, LookupError, ValueError) as exc:
        place = Location("page", number, number)
        reason = f"{type(exc).__name__}: {exc}"
        raise SourceError(path, f"the page's layout cannot be read: {reason}", place) from exc


def _read_page(page: PageContent, number: int) -> list[_Block]:
    """The blocks of one page in reading order (page numbers dropped)."""
    tables = _outer_tables(page)
    words = pdf_words.words(page.runs)
    grids = [_grid(bbox_cells) for bbox_cells in tables]
    outside: list[_Word] = []
    for word in words:
        cell = _cell_at(grids, word)
        if cell is None:
            outside.append(word)
        else:
            cell.words.append(word)
    placed: list[tuple[float, list[_Block]]] = []
    for grid in grids:
        placed.append((grid.top, grid.rows(number)))
    for top, block in _outside(outside, page, number):
        placed.append((top, [block]))
    placed.sort(key=lambda item: item[0])
    return [block for _, group in placed for block in group]


def _outer_tables(page: PageContent) -> list[list[Bbox]]:
    """Cell boxes of each ruled table that does not lie inside another one."""
    found = find_tables(page.edges)
    boxes = [_bbox(cells) for cells in found]

    def inside(a: Bbox, b: Bbox) -> bool:
        return (
            a != b
            and a[0] >= b[0] - 1
            and a[1] >= b[1] - 1
            and a[2] <= b[2] + 1
            and a[3] <= b[3] + 1
        )

    return [
        cells
        for cells, box in zip(found, boxes, strict=True)
        if not any(inside(box, other) for other in boxes)
    ]


def _bbox(cells: list[Bbox]) -> Bbox:
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


@dataclass(eq=False)
class _GridCell:
    bbox: Bbox
    cell: _Cell
    words: list[_Word] = field(default_factory=list)


@dataclass
class _Grid:
    """One ruled table of one page: its cells and the row tops of its grid."""

    cells: list[_GridCell]
    tops: list[float]
    xs: list[float]
    # the cells' top and bottom edges (less 0.5) in order, and for each band between two of
    # them the cells (in order) that cover it from edge to edge, each with its box less 0.5
    edges: list[float] = field(default_factory=list)
    bands: list[list[tuple[float, float, float, float, _GridCell]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.edges = sorted(
            {c.bbox[1] - 0.5 for c in self.cells} | {c.bbox[3] - 0.5 for c in self.cells}
        )
        boxes = [
            (c.bbox[0] - 0.5, c.bbox[2] - 0.5, c.bbox[1] - 0.5, c.bbox[3] - 0.5, c)
            for c in self.cells
        ]
        self.bands = [
            [box for box in boxes if box[2] <= low and box[3] >= high]
            for low, high in pairwise(self.edges)
        ]

    @property
    def top(self) -> float:
        return self.tops[0]

    def covering(self, x: float, y: float) -> _GridCell | None:
        """The first cell whose box (moved 0.5 pt up and left) holds the point."""
        band = bisect_right(self.edges, y) - 1
        if band < 0 or band >= len(self.bands):
            return None
        for left, right, top, bottom, c in self.bands[band]:
            if left <= x < right and top <= y < bottom:
                return c
        return None

    def rows(self, page: int) -> list[_Block]:
        """Rows of the grid; a cell covering a grid point from above is repeated, one
        covering it from the left (spanning columns) is given once."""
        for grid_cell in self.cells:
            grid_cell.cell.lines = _lines(grid_cell.words, page)
        out: list[_Block] = []
        for y in self.tops:
            cells: list[_Cell] = []
            for x in self.xs:
                hit = self.covering(x, y)
                if hit is not None and (not cells or cells[-1] is not hit.cell):
                    cells.append(hit.cell)
            out.append(_TableRow(cells, page, page))
        return out


def _grid(boxes: list[Bbox]) -> _Grid:
    cells = [_GridCell(b, _Cell(b[0], b[2])) for b in boxes]
    tops = sorted({round(b[1], 1) for b in boxes})
    xs = sorted({round(b[0], 1) for b in boxes})
    return _Grid(cells, tops, xs)


def _cell_at(grids: list[_Grid], word: _Word) -> _GridCell | None:
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    for grid in grids:
        hit = grid.covering(x, y)
        if hit is not None:
            return hit
    return None


def _lines(words: list[_Word], page: int) -> list[_Line]:
    """Group words into lines (top to bottom, left to right)."""
    groups: list[list[_Word]] = []
    for word in sorted(words, key=_TOP_LEFT):
        if groups and abs(word.top - groups[-1][0].top) <= 0.3 * word.size:
            groups[-1].append(word)
        else:
            groups.append([word])
    return [_Line(sorted(group, key=_LEFT), page) for group in groups]


def _outside(
    words: list[_Word], page: PageContent, number: int
) -> list[tuple[float, _Para | _Columns]]:
    """Text outside tables, page numbers dropped, split into paragraphs where the vertical
    gap is large; a line of columns side by side (:func:`_column_lines`) is a row of its
    own. Each block with the top of its first line."""
    lines = [
        ln
        for ln in _lines(words, number)
        if not (ln.text.strip().isdigit() and _in_margin(ln, page))
    ]
    columns = _column_lines(lines)
    out: list[tuple[float, _Para | _Columns]] = []
    para: _Para | None = None  # the paragraph the next line may go on
    for k, line in enumerate(lines):
        starts = columns.get(k)
        if starts is not None:
            out.append((line.top, _Columns(_split(line, starts, page.width), number, number)))
            para = None
        elif para is not None and line.top - para.cell.lines[-1].bottom < 0.8 * line.size:
            para.cell.lines.append(line)
        else:
            para = _Para(_Cell(0.0, float(page.width), [line]), number, number)
            out.append((line.top, para))
    return out


def _segments(line: _Line) -> list[list[_Word]]:
    """The words of a line in runs split where the gap between two words is wider than
    :data:`_COLUMN_GAP` ems (far wider than a space, even in justified text)."""
    runs = [[line.words[0]]]
    for prev, word in pairwise(line.words):
        if word.x0 - prev.x1 > _COLUMN_GAP * word.size:
            runs.append([word])
        else:
            runs[-1].append(word)
    return runs


def _column_lines(lines: list[_Line]) -> dict[int, list[float]]:
    """The lines (by index) that print columns side by side, as an order's signatures are
    (``Министр образования и науки`` and ``Министр труда и социальной`` on one line), with
    the left edges of their columns: two or more lines in a row split by a wide gap
    (:func:`_segments`) into runs that start at the same places, and the lines next to
    them whose text stands in a later column only (``Республики Казахстан`` under the
    right-hand post). A line with text in the first column only needs no cells: it is read
    as the first column's. One line split so (a form's ``Подпись____   Почта: …``, a
    justified line of few words) is left as it is."""
    starts = [[run[0].x0 for run in _segments(line)] for line in lines]
    out: dict[int, list[float]] = {}
    k = 0
    while k < len(lines):
        columns = starts[k]
        if len(columns) < 2:
            k += 1
            continue
        end, split = k + 1, 1  # the run's end and how many lines of it are split
        while end < len(lines):
            if _same_starts(columns, starts[end]):
                split += 1
            elif not _later_column(lines[end], columns):
                break
            end += 1
        if split < 2:
            k += 1
            continue
        first = k
        while first > 0 and first - 1 not in out and _later_column(lines[first - 1], columns):
            first -= 1
        for j in range(first, end):
            out[j] = columns
        k = end
    return out


def _same_starts(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) < 1.5 for x, y in zip(a, b, strict=True))


def _later_column(line: _Line, starts: list[float]) -> bool:
    """Whether all of ``line`` stands in one column after the first: it starts at that
    column's left edge and ends before the next column's."""
    for k, start in enumerate(starts[1:], start=1):
        end = starts[k + 1] if k + 1 < len(starts) else float("inf")
        if abs(line.x0 - start) < 1.5 and line.x1 < end:
            return True
    return False


def _split(line: _Line, starts: list[float], width: float) -> list[_Cell]:
    """One cell per column: the runs of ``line`` starting nearest to each column's edge."""
    edges = [*starts[1:], width]
    cells = [_Cell(start, end) for start, end in zip(starts, edges, strict=True)]
    for run in _segments(line):
        k = min(range(len(starts)), key=lambda i: abs(starts[i] - run[0].x0))
        cells[k].lines.append(_Line(run, line.page))
    for cell in cells:
        if len(cell.lines) > 1:  # two runs nearest one column: one line of the cell
            cell.lines = [_Line([w for ln in cell.lines for w in ln.words], line.page)]
    return cells


def _in_margin(line: _Line, page: PageContent) -> bool:
    return line.bottom < _MARGIN or line.top > float(page.height) - _MARGIN


# --- across pages ---------------------------------------------------------------------


def _append_page(blocks: list[_Block], page_blocks: list[_Block]) -> None:
    """Add a page's blocks, joining its first block to the last one of the previous page;
    a table's header rows repeated at the top of the page are left out."""
    page_blocks = page_blocks[_repeated_header(blocks, page_blocks) :]
    if blocks and page_blocks:
        prev, first = blocks[-1], page_blocks[0]
        if isinstance(prev, _TableRow) and isinstance(first, _TableRow):
            if _join_rows(prev, first, page_blocks):
                page_blocks = page_blocks[1:]
        elif (
            isinstance(prev, _Para)
            and isinstance(first, _Para)
            and _continues(prev.cell, first.cell, single=True)
        ):
            prev.cell.lines.extend(first.cell.lines)
            prev.last_page = first.last_page
            page_blocks = page_blocks[1:]
    blocks.extend(page_blocks)


def _repeated_header(blocks: list[_Block], page_blocks: list[_Block]) -> int:
    """How many rows at the top of a page repeat the first rows of the table the previous
    page ends with (a header row Word repeats on every page): those that match, cell for
    cell in the same columns, short of the whole table."""
    if not blocks or not isinstance(blocks[-1], _TableRow):
        return 0
    start = len(blocks) - 1
    while start > 0 and isinstance(blocks[start - 1], _TableRow):
        start -= 1
    count = 0
    while (
        count < len(page_blocks)
        and start + count < len(blocks) - 1
        and _same_row(blocks[start + count], page_blocks[count])
    ):
        count += 1
    return count


def _same_row(a: _Block, b: _Block) -> bool:
    """Two table rows with the same cells: same columns, same text, not all empty."""
    if not isinstance(a, _TableRow) or not isinstance(b, _TableRow):
        return False
    if len(a.cells) != len(b.cells) or not any(c.lines for c in a.cells):
        return False
    return all(
        _aligned(x, y) and _text_key(x) == _text_key(y)
        for x, y in zip(a.cells, b.cells, strict=True)
    )


def _join_rows(prev: _TableRow, first: _TableRow, page_blocks: list[_Block]) -> bool:
    """Continue ``prev``'s cells into ``first``; True if ``first`` was part of ``prev``."""
    pairs: list[tuple[_Cell, _Cell]] = []
    for cell in first.cells:
        above = next((c for c in prev.cells if _aligned(c, cell)), None)
        if above is None:
            return False
        pairs.append((above, cell))
    single = len(prev.cells) == 1 and len(first.cells) == 1
    verdicts = [_continues(above, cell, single) for above, cell in pairs]
    # A cell empty above or below the page break continues as part of a cell merged down
    # the rows; but not beside a new label left of it: that row starts anew, its empty
    # value is its own (and an empty value above does not take the new row's text).
    for k, (above, cell) in enumerate(pairs):
        empty = not above.lines or not cell.lines
        if (
            verdicts[k]
            and empty
            and any(not verdicts[j] and _is_new_label(pairs[j][1]) for j in range(k))
        ):
            verdicts[k] = False
    for (above, cell), cont in zip(pairs, verdicts, strict=True):
        if cont:
            if _text_key(cell) != _text_key(above):  # a repeated label adds nothing
                above.lines.extend(cell.lines)
            _replace_cell(page_blocks, cell, above)
    if all(verdicts):
        prev.last_page = first.last_page
        return True
    return False


def _is_new_label(cell: _Cell) -> bool:
    """A label cell (its text ends with a colon, or starts with a label word)."""
    text = _text_key(cell).strip()
    return text.endswith(":") or _LABEL.match(text) is not None


def _aligned(a: _Cell, b: _Cell) -> bool:
    return abs(a.x0 - b.x0) < 2.0 and abs(a.x1 - b.x1) < 2.0


def _replace_cell(blocks: list[_Block], old: _Cell, new: _Cell) -> None:
    for block in blocks:
        if isinstance(block, _TableRow):
            block.cells = [new if c is old else c for c in block.cells]


def _text_key(cell: _Cell) -> str:
    return " ".join(line.text for line in cell.lines)


def _continues(above: _Cell, below: _Cell, single: bool) -> bool:
    """Whether the page-top part ``below`` continues the cell ``above`` (same column).

    Yes if either is empty or both are equal (a repeated label); no after a label or
    before one or before a list's first item; yes before a lowercase word, or the next
    item number, or a line at the hanging indent of ``above``'s last item, or text that
    closes a bracket ``above`` left open (:func:`_closes_bracket`). A row of one
    cell (glossary, header) goes on unless one side is a bold heading.
    """
    if not below.lines or not above.lines or _text_key(below) == _text_key(above):
        return True
    if _is_label(above.lines) or _starts_unit(below.lines[0]):
        return False
    if single:
        return not (above.lines[-1].mostly_bold or below.lines[0].mostly_bold)
    head = below.lines[0].text
    if head[0].islower() or head[0] in ",;)»":
        return True
    return _continues_list(above.lines, below.lines) or _closes_bracket(above, below)


def _closes_bracket(above: _Cell, below: _Cell) -> bool:
    """``above`` ends inside a bracket that ``below`` closes before opening another: one
    text broken by the page («(Утвержден приказом» / «Министра … № 201-ө-м)»)."""
    text = _text_key(above)
    if text.count("(") <= text.count(")"):
        return False
    rest = _text_key(below)
    close = rest.find(")")
    return close >= 0 and "(" not in rest[:close]


def _is_label(lines: list[_Line]) -> bool:
    text = " ".join(ln.text for ln in lines).strip()
    return len(lines) == 1 and (text.endswith(":") or _LABEL.match(text) is not None)


def _starts_unit(line: _Line) -> bool:
    """A line that can only start a cell: a label or the first item of a list."""
    number = _ITEM_NO.match(line.text)
    return _LABEL.match(line.text) is not None or (number is not None and number[1] == "1")


def _continues_list(above: list[_Line], below: list[_Line]) -> bool:
    """``below`` goes on with the numbered list ``above`` ends with."""
    numbered = ((ln, m) for ln in reversed(above) if (m := _ITEM_NO.match(ln.text)))
    last, match = next(numbered, (None, None))
    if last is None or match is None:
        return False
    number = int(match[1])
    nxt = next((m for ln in below if (m := _ITEM_NO.match(ln.text))), None)
    if nxt is not None and int(nxt[1]) == number + 1:
        return True
    hanging = last.words[1].x0 if len(last.words) > 1 else last.x1
    return abs(below[0].x0 - hanging) < 1.5


# --- text of a cell ---------------------------------------------------------------------


def _all_cells(blocks: list[_Block]) -> Iterator[_Cell]:
    seen: set[int] = set()
    for block in blocks:
        cells = [block.cell] if isinstance(block, _Para) else block.cells
        for cell in cells:
            if id(cell) not in seen:
                seen.add(id(cell))
                yield cell


def _set_limits(blocks: list[_Block]) -> None:
    """Set each cell's right text edge: the end of the longest line in its column.

    Word's text area may reach a little further (cell margin, indents), so a line counts
    as "ended early" only when the next word would have ended before that longest line.
    """
    cells = list(_all_cells(blocks))
    right: dict[tuple[int, int], float] = {}
    left: dict[tuple[int, int], float] = {}
    columns = [cell.column for cell in cells]
    for cell, column in zip(cells, columns, strict=True):
        if cell.lines:
            end = max([line.x1 for line in cell.lines])
            start = min([line.x0 for line in cell.lines])
            right[column] = max(right.get(column, 0.0), end)
            left[column] = min(left.get(column, start), start)
    for cell, column in zip(cells, columns, strict=True):
        cell.limit = right.get(column, cell.x1) + 0.5
        cell.start = left.get(column, cell.x0)


_TOKEN = re.compile(r"[\w\-]+")
_WORD = re.compile(r"\w+")


class _Vocabulary:
    """Words of the document as printed inside lines (never first or last on a line, where
    they might be fragments of a broken word)."""

    def __init__(self, lines: Iterable[_Line]) -> None:
        self.words: set[str] = set()
        self.first_parts: set[str] = set()
        for line in lines:
            for token in _TOKEN.findall(line.text.lower())[1:-1]:
                if "-" not in token:
                    self.words.add(token)
                    continue
                parts = [p for p in token.split("-") if p]
                self.words.add("-".join(parts))
                self.words.update(parts)
                self.first_parts.update(parts[:-1])
        # Whether the document's maker hyphenates words at line ends (:func:`_hyphenates`);
        # assumed so until the document says otherwise.
        self.hyphenates = True
        kazakh = sum(1 for w in self.words if _KAZAKH_LETTERS.intersection(w))
        # A Kazakh text: Word has no Kazakh hyphenation, a hyphen at a line's end is printed.
        self.kazakh = kazakh >= 0.2 * max(len(self.words), 1)

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """Whether ``left-`` + ``right`` at a line break is a compound (keep the hyphen).

        In this order: keep it when the document shows no automatic hyphenation
        (:func:`_hyphenates`): its maker breaks lines only after hyphens the text has
        (``контр-криминалистики``, ``школ-интернатов``); keep it when either part has a capital, a
        Latin letter or a digit (``ИТ-проектов``, ``201-ө-м``); keep it when the document prints the
        compound, or a compound starting with ``left``, inside a line (``аппаратно-программного``);
        keep it before a particle (``какой-либо``, ``кто-то``); drop it when the document prints the
        joined word inside a line (``функционирования``); keep it when both parts (4+ letters) are
        printed as words of their own inside lines (``анализ-программы``); keep it in a Kazakh text
        (a fifth of its words or more have letters only the Kazakh alphabet has:
        ``психология-педагогикалық``); keep it when ``left`` is a compound's first part by form:
        ends in the linking vowel о/е and has 5+ letters (``технико-``, ``нормативно-``) or is one
        of a few such nouns (``бизнес-``, ``форс-``); otherwise drop it (``производитель-ности``).
        """
        a, b = left.lower(), right.lower()
        if not self.hyphenates:
            return True
        if not _plain_russian(left) or not _plain_russian(right[:1]):
            return True
        if f"{a}-{b}" in self.words or a in self.first_parts:
            return True
        if any(len(p) >= 4 and a.endswith(p) for p in self.first_parts):
            return True
        if b in _HYPHEN_PARTICLES or (b == "то" and a in _TO_PRONOUNS):
            return True
        if a + b in self.words:
            return False
        if min(len(a), len(b)) >= 4 and a in self.words and b in self.words:
            return True
        if self.kazakh:
            return True
        return (len(a) >= 5 and a[-1] in "ое") or a in _LINKED_FIRST_WORDS


_KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_LINE_END_HYPHEN = re.compile(r"(\w+)[" + _HYPHENS + r"]$")


def _hyphenates(cells: Iterable[_Cell], vocabulary: _Vocabulary) -> bool:
    """Whether the document's maker hyphenated words at line ends on its own, as Word
    does with automatic hyphenation on: two different words or more are broken at a
    line's end after a hyphen (``производитель-`` / ``ности``) and printed whole inside
    a line elsewhere, never with that hyphen inside a line.

    One such word is no proof: the text itself may have a stray hyphen inside a word
    that it prints whole elsewhere (Kind2 47: ``рабо-тоспособности`` beside
    ``работоспособности``), which a maker that never hyphenates breaks there too. PDFs
    do not tell an automatic hyphen from a typed one otherwise: Word maps both glyphs to
    ``-``, and pdfium marks every hyphen that ends a line alike (U+0002/U+FFFE)."""
    evident: set[str] = set()
    for cell in cells:
        for prev, line in pairwise(cell.lines):
            if prev.text[-1] not in _HYPHENS:
                continue
            left = _LINE_END_HYPHEN.search(prev.text)
            right = _WORD.match(line.text)
            if left is None or right is None:
                continue
            a, b = left[1].lower(), right[0].lower()
            if (
                _plain_russian(a)
                and _plain_russian(b)
                and a + b in vocabulary.words
                and f"{a}-{b}" not in vocabulary.words
                and a not in vocabulary.first_parts
            ):
                evident.add(a + b)
                if len(evident) >= 2:
                    return True
    return False


def _plain_russian(text: str) -> bool:
    return all("а" <= ch <= "я" or ch == "ё" for ch in text)


def _cell_text(cell: _Cell, vocabulary: _Vocabulary) -> str:
    out = ""
    prev: _Line | None = None
    in_item = False  # the current paragraph is a numbered or bulleted item
    left = min((ln.x0 for ln in cell.lines), default=0.0)  # the cell's leftmost line
    for line in cell.lines:
        text = line.text
        if prev is None or _new_paragraph(prev, line, cell, in_item, left):
            out += ("\n" if prev is not None else "") + text
            in_item = _MARKER.match(text) is not None
        else:
            out = _join(out, prev, text, cell, vocabulary)
        prev = line
    return out


def _join(out: str, prev: _Line, text: str, cell: _Cell, vocabulary: _Vocabulary) -> str:
    """Join a wrapped line to the paragraph text ``out`` (which ends with ``prev``)."""
    if out[-1] in _HYPHENS and len(out) > 1 and out[-2].isalnum():
        left = re.search(r"(\w+)[" + _HYPHENS + r"]$", out)
        right = re.match(r"\w+", text)
        if left and right and vocabulary.keeps_hyphen(left[1], right[0]):
            return out[:-1] + "-" + text
        return out[:-1] + text
    if _broken_word(prev, text, cell, vocabulary):
        return out + text
    return out + " " + text


def _broken_word(prev: _Line, text: str, cell: _Cell, vocabulary: _Vocabulary) -> bool:
    """Whether ``prev`` is part of an overlong word that Word broke at the line's end.

    Only a single-word line reaching the cell's right edge qualifies, and only before a
    lowercase fragment; then it is broken if the fragment starts with ы/ь/ъ
    (``"Информационн" + "ые"``) or the joined word is printed elsewhere inside a line, and
    not if the fragment itself is; otherwise if the word fills 94% of the line's room
    (``"необходимостимодернизацииаппара" + "тно-"``; ``"Дополнительные" + "трудовые"``
    fills 91% and is not joined), unless the dictionary knows both parts as words and not
    their join (:func:`_two_russian_words`). A fragment printed as a word elsewhere still
    ends a cut word when the line is so filled and the dictionary knows the join and not
    the line's last letters alone (:func:`_one_russian_word`). A word with a hyphen inside
    (``"научно-технического"``) is never broken so: Word breaks a compound after its hyphen.
    """
    if len(prev.words) != 1 or prev.x1 < cell.x1 - 2 * prev.size:
        return False
    head = _WORD.match(text)
    if head is None:
        return False
    if any(h in prev.text[1:-1] for h in _HYPHENS):
        return False
    fragment = head[0]
    if not fragment[0].islower():
        return False
    if fragment[0] in "ыьъ" or (prev.text + fragment).lower() in vocabulary.words:
        return True
    room = cell.x1 - _CELL_MARGIN - prev.x0
    filled = prev.x1 - prev.x0 > 0.94 * room
    if fragment.lower() in vocabulary.words:
        following = _WORD.findall(text)[1:2]
        return filled and (
            _one_russian_word(prev.text, fragment, vocabulary)
            or _agreeing_join(prev.text, fragment, following, vocabulary)
        )
    return filled and not _two_russian_words(prev.text, fragment, vocabulary)


_TRAILING_LETTERS = re.compile(r"[а-яё]+$")


def _one_russian_word(left: str, right: str, vocabulary: _Vocabulary) -> bool:
    """Whether the letters that end ``left`` are no word of Russian but make one with
    ``right``, by the dictionary: a word cut at the edge before a fragment that is also a
    word of its own (``"регламентирующи" + "х"``, ``"1304112Тестировщи" + "к"``). Not asked of
    a Kazakh text."""
    tail = _TRAILING_LETTERS.search(left.lower())
    b = right.lower()
    if vocabulary.kazakh or tail is None or not _plain_russian(b):
        return False
    return is_word(tail[0] + b) and not is_word(tail[0])


def _agreeing_join(left: str, right: str, following: list[str], vocabulary: _Vocabulary) -> bool:
    """Whether the letters that end ``left`` and the fragment ``right``, both words, join
    into an adjective or participle that agrees with the word ``following`` the fragment
    where the line's last letters alone do not, by the dictionary:
    ``"автоматизированным" + "и"`` before ``системами`` is ``автоматизированными``
    (``"новым" + "и"`` before ``старым``, which agrees with ``новым``, stays two words).
    Not asked of a Kazakh text, nor with no word after the fragment on its line."""
    tail = _TRAILING_LETTERS.search(left.lower())
    if vocabulary.kazakh or tail is None or not following:
        return False
    a, b, next_word = tail[0], right.lower(), following[0].lower()
    if not (_plain_russian(b) and _plain_russian(next_word)):
        return False
    return is_word(a + b) and agrees(a + b, next_word) and not agrees(a, next_word)


def _two_russian_words(left: str, right: str, vocabulary: _Vocabulary) -> bool:
    """Whether ``left`` and ``right`` are two words of Russian and ``left + right`` is none,
    by the dictionary (:mod:`nqs.loaders.read.russian_words`): a line filled to its edge by
    one word is then broken at a space (``"регламентированную" + "диагностику"``), which the
    page alone does not tell from a word cut at the edge. Not asked of a Kazakh text."""
    a, b = left.lower(), right.lower()
    if vocabulary.kazakh or not (_plain_russian(a) and _plain_russian(b)):
        return False
    return is_word(a) and is_word(b) and not is_word(a + b)


def _new_paragraph(prev: _Line, line: _Line, cell: _Cell, in_item: bool, left: float) -> bool:
    gap = line.top - prev.bottom if prev.page == line.page else 0.0
    return (
        _MARKER.match(line.text) is not None
        or _CODE.match(line.text) is not None
        or (prev.text.endswith(":") and not (": " in prev.text and _wrapped(prev, line, cell)))
        or (prev.mostly_bold and not line.words[0].bold)
        or gap > 0.8 * line.size
        or (not in_item and _indented(line, left))
        or _ended_early(prev, line, cell, in_item)
        or _right_aligned(prev, line, cell)
    )


def _wrapped(prev: _Line, line: _Line, cell: _Cell) -> bool:
    """Whether ``line``'s first word would not have fitted at the end of ``prev``.

    Asked of a line ending with a colon that has one inside too (``"Должностные
    обязанности: Научно-исследовательская деятельность:"``): a label and its value, which
    go on. A label alone on a full line (``"Уровень образования:"`` in a narrow cell) ends
    its paragraph whether wrapped or not."""
    return cell.limit - (prev.x1 + 0.25 * prev.size + line.first_word_width()) < 0


def _right_aligned(prev: _Line, line: _Line, cell: _Cell) -> bool:
    """Two lines of a right-aligned block, as an annex header is set (``Ұлттық біліктілік
    шеңберіне`` / ``1-қосымша``): they end at the same place, start at different places, and
    both well right (over 4 em) of the column's left edge. Each is a line of its own."""
    return (
        abs(line.x1 - prev.x1) < 1.0
        and abs(line.x0 - prev.x0) > 0.5 * line.size
        and min(prev.x0, line.x0) - cell.start > 4 * line.size
    )


def _indented(line: _Line, left: float) -> bool:
    """A first-line indent (0.5 to 4 em right of ``left``, the cell's leftmost line), as
    glossary paragraphs have; wider offsets are centred text."""
    return 0.5 * line.size < line.x0 - left < 4 * line.size


def _ended_early(prev: _Line, line: _Line, cell: _Cell, in_item: bool) -> bool:
    """Whether ``prev`` ended before Word had to wrap it, judged by the room (``slack``)
    the first word of ``line`` would have had on ``prev``, up to the longest line of the
    column.

    Never inside a numbered item: its lines are joined up to the next number (some items
    even have a manual line break inside). Elsewhere a paragraph ends where the slack
    exceeds 20 pt, or 3 pt when ``line`` starts with a capitalised word, a digit or a
    quote (in the corpus wrapped lines have a slack up to 13 pt, mostly below 3 pt).
    """
    if in_item:
        return False
    slack = cell.limit - (prev.x1 + 0.25 * prev.size + line.first_word_width())
    if slack > _SHORT_LINE:
        return True
    return slack > _SHORT_LINE_CAPITAL and _STARTS_PARAGRAPH.match(line.text) is not None


def _to_row(block: _Block, texts: dict[int, str]) -> Row:
    """The row of a block, from its cells' texts (by the cells' ids)."""
    loc = Location("page", block.first_page, block.last_page)
    if isinstance(block, _Para):
        return Row((texts[id(block.cell)],), loc, in_table=False)
    return Row(tuple([texts[id(c)] for c in block.cells]), loc)
