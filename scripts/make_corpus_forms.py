"""Render the standards of the ICT corpus in the other forms they are published in.

Each document is read once (``nqs.loaders.read``) and its rows are written out as

* an HTML page in the style of the legal database (adilet.zan.kz): text outside tables as
  ``<p>``, every run of table rows as one bordered ``<table>`` of ``<tr>``/``<td>``, a row
  with fewer cells than the widest row of its table spanning the rest with ``colspan``; a
  cell's lines as ``<p>`` elements in one row and ``<br>`` breaks in the next, so that both
  ways are read;
* a PDF drawn with reportlab's canvas (A4, DejaVu Sans, the page number at the foot of
  every page): ruled tables whose rows break *inside* across pages, as Word breaks them
  (reportlab's own ``splitInRow`` leaves the broken cells open), so that a long cell goes
  on at the top of the next page with the other cells of its row empty there, as in
  PdfDefault 55 pages 27-28; lines broken greedily at spaces and after hyphens, a list
  item's wrapped lines hanging under its text, paragraphs of a cell a little apart, and
  one-cell headings in bold.

Nothing is added to or taken from the text: a reader of the form gives back the rows of
the original (up to whitespace and the place of each row), so the graph made from a form
is the graph of the original but for provenance (tests/loaders/test_forms_corpus.py).

The output is deterministic (reportlab's invariant mode: no dates or random ids), so that
running the script again changes no committed file.

    .venv/bin/python scripts/make_corpus_forms.py [--out DIR] [KEY ...]

KEY names a corpus document by kind and number (``default_1``, ``kind2_22``, ``pdf_55`` ...,
as the hand-counted fixtures of tests/fixtures/standards are named); without keys the forms
of every one of the 28 documents (``FORMS``) are made. Needs reportlab (the ``test`` extra)
and the DejaVu fonts (Debian: fonts-dejavu-core).
"""

from __future__ import annotations

import argparse
import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from nqs.loaders.model import Row
from nqs.loaders.read import read

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "sources" / "corpus" / "ict-ru"
OUT = ROOT / "tests" / "fixtures" / "forms" / "corpus"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

_KEY = re.compile(r"^(PdfDefault|Default|Kind2) ?(\d+)")
_PREFIX = {"PdfDefault": "pdf", "Default": "default", "Kind2": "kind2"}


def key_of(path: Path) -> str:
    """A corpus document's key: its kind and number (``Kind2 22_ ….docx`` → ``kind2_22``),
    as the hand-counted fixtures of tests/fixtures/standards are named."""
    found = _KEY.match(path.name)
    if found is None:
        raise ValueError(f"not a corpus document name: {path.name}")
    return f"{_PREFIX[found.group(1)]}_{found.group(2)}"


def documents() -> dict[str, Path]:
    """Every bundled corpus document by key."""
    out: dict[str, Path] = {}
    for path in sorted(CORPUS.iterdir()):
        if path.suffix.lower() in (".docx", ".pdf"):
            out[key_of(path)] = path
    return out


# key → the forms made of it: an HTML page of every document, and a PDF of every DOCX (the
# PDFs of the corpus are PDFs already). Not every form gives the original's graph (PdfDefault
# 58's HTML, several PDFs): tests/loaders/test_forms_corpus.py keeps those as strict xfails.
FORMS: dict[str, tuple[str, ...]] = {
    key: ("html", "pdf") if path.suffix.lower() == ".docx" else ("html",)
    for key, path in documents().items()
}


def source_of(key: str) -> Path:
    return documents()[key]


def read_rows(path: Path) -> list[Row]:
    rows: list[Row] = read(path)[1]
    return rows


def tables(rows: Sequence[Row]) -> Iterator[tuple[bool, list[Row]]]:
    """Runs of rows: (True, table rows) or (False, one paragraph)."""
    run: list[Row] = []
    for row in rows:
        if row.in_table:
            run.append(row)
            continue
        if run:
            yield True, run
            run = []
        yield False, [row]
    if run:
        yield True, run


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


# -- HTML -----------------------------------------------------------------------------------
_HTML_HEAD = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Times New Roman", serif; font-size: 14px; }}
.container_gamma {{ max-width: 960px; margin: 0 auto; }}
table.table-bordered {{ border-collapse: collapse; width: 100%; }}
table.table-bordered td {{ border: 1px solid #000; padding: 2px 5px; vertical-align: top; }}
td p, .container_gamma p {{ margin: 0; }}
</style>
</head>
<body>
<div class="container_gamma text text_upd">
"""
_HTML_FOOT = "</div>\n</body>\n</html>\n"


def render_html(rows: Sequence[Row], title: str) -> str:
    out = [_HTML_HEAD.format(title=html.escape(title))]
    n = 0
    for in_table, run in tables(rows):
        if not in_table:
            text = "<br>".join(html.escape(x) for x in lines(run[0].cells[0]))
            out.append(f'<p align="justify">{text}</p>\n')
            continue
        width = max(len(r.cells) for r in run)
        out.append('<table class="table-bordered" border="1" cellspacing="0" cellpadding="0">\n')
        out.append("<tbody>\n")
        for row in run:
            cells = row.cells
            tds = []
            for i, cell in enumerate(cells):
                span = width - len(cells) + 1 if i == len(cells) - 1 else 1
                attr = f' colspan="{span}"' if span > 1 else ""
                tds.append(f'<td valign="top"{attr}>{cell_html(cell, paragraphs=n % 2 == 0)}</td>')
            n += 1
            out.append("<tr>" + "".join(tds) + "</tr>\n")
        out.append("</tbody>\n</table>\n")
    out.append(_HTML_FOOT)
    return "".join(out)


def cell_html(text: str, paragraphs: bool) -> str:
    parts = [html.escape(x) for x in lines(text)]
    if paragraphs:
        return "".join(f"<p>{p}</p>" if p else "<p></p>" for p in parts)
    return "<br>".join(parts)


# -- PDF ------------------------------------------------------------------------------------
PAGE = (595.28, 841.89)  # A4 in points
MARGIN = 56.0  # 2 cm on every side
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
SIZE = 9.0
LEADING = 11.0
GAP = 6.0  # between two paragraphs of a cell
PAD = (5.4, 3.0, 5.4, 4.0)  # cell padding: left, top, right, bottom (Word's side margins)
TABLE_GAP = 12.0  # between two tables
MIN_PART = 2  # lines of a cell's part that a page break may leave at the foot of a page
_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[a-zа-я]\)|[-•▪●\uf0b7–])\s+(?=\S)")


@dataclass(frozen=True)
class Line:
    """One printed line of a cell: its text, offset from the cell's text edge, the space
    above it, and whether it is the first line of its paragraph."""

    text: str
    dx: float
    gap: float
    starts: bool
    bold: bool = False


def wrap(text: str, width: float, font: str) -> list[str]:
    """Greedy line breaking as a word processor does: at spaces, else after a hyphen, a
    word longer than the line where it must. A line is not ended before a word that would
    read as the start of a paragraph (a list number or a code), nor after a colon."""
    out: list[str] = []
    line = ""
    for piece, spaced in _pieces(text):
        trial = line + (" " if spaced and line else "") + piece
        if not line or stringWidth(trial, font, SIZE) <= width:
            line = trial
        else:
            head, _, moved = line.rpartition(" ")
            if (
                spaced
                and head
                and _kept_together(line, piece)
                and stringWidth(f"{moved} {piece}", font, SIZE) <= width
            ):
                line, piece = head, f"{moved} {piece}"
            out.append(line)
            line = piece
        while stringWidth(line, font, SIZE) > width:
            cut = max(i for i in range(1, len(line)) if stringWidth(line[:i], font, SIZE) <= width)
            out.append(line[:cut])
            line = line[cut:]
    if line:
        out.append(line)
    return out


_OPENS = re.compile(r"^(?:\d{1,3}[.)](?!\d)|[•●▪■◦·]|\d{1,3}(?:\.\d{1,3})+\.?$|\d[0-9ВМ]\d{4,6}$)")


def _kept_together(line: str, piece: str) -> bool:
    """Whether ``piece`` must not start a line after ``line``: it would read as a new
    paragraph (a list number, a code), ``line`` ends with a colon, or with a hyphen before
    "и"/"или"/"либо" (``видео- и``), which a reader could not tell from a broken word."""
    return (
        _OPENS.match(piece) is not None
        or line.endswith(":")
        or (line.endswith("-") and piece in ("и", "или", "либо"))
    )


def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """Words, a hyphenated word in parts ending with each hyphen (places to break), each
    with whether a space comes before it."""
    for word in text.split():
        parts = re.findall(r"[^-]+-|[^-]+$|-", word) if "-" in word[1:-1] else [word]
        yield parts[0], True
        for part in parts[1:]:
            yield part, False


def cell_lines(text: str, width: float, bold: bool = False) -> list[Line]:
    """A cell's paragraphs broken into lines; a numbered or bulleted paragraph hangs its
    wrapped lines under the text after its marker, as Word's list paragraphs do."""
    out: list[Line] = []
    font = BOLD if bold else FONT
    for paragraph in (x for x in lines(text) if x):
        paragraph = " ".join(paragraph.split())
        marker = _ITEM.match(paragraph)
        hang = stringWidth(marker.group(0), font, SIZE) if marker else 0.0
        first, *rest = wrap(paragraph, width, font) or [""]
        if rest and hang:
            rest = wrap(paragraph[len(first) :].strip(), width - hang, font)
        gap = GAP if out else 0.0
        out.append(Line(first, 0.0, gap, True, bold))
        out.extend(Line(x, hang, 0.0, False, bold) for x in rest)
    return out


def height(part: Sequence[Line]) -> float:
    return PAD[1] + sum(LEADING + x.gap for x in part) + PAD[3]


def fitting(part: Sequence[Line], room: float) -> int:
    """How many of ``part``'s lines go above a page break with ``room`` points left: as
    many as fit, but not leaving a paragraph's first line alone, and breaking inside a
    paragraph only before a line that starts in lower case (so the break is one a reader
    can see through)."""
    n = 0
    while n < len(part) and height(part[: n + 1]) <= room:
        n += 1
    while 0 < n < len(part):
        following = part[n]
        if following.starts or (following.text[:1].islower() and not part[n - 1].starts):
            break
        n -= 1
    return n


class Pages:
    """Draws rows of cells on A4 pages, breaking rows across pages."""

    def __init__(self, path: Path, title: str) -> None:
        self.canvas = Canvas(str(path), pagesize=PAGE, invariant=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("kz-nqs tests")
        self.canvas.setCreator("scripts/make_corpus_forms.py")
        self.page = 1
        self.y = PAGE[1] - MARGIN
        self.top_of_page = True

    @property
    def room(self) -> float:
        return self.y - MARGIN

    def new_page(self) -> None:
        self.foot()
        self.canvas.showPage()
        self.page += 1
        self.y = PAGE[1] - MARGIN
        self.top_of_page = True

    def foot(self) -> None:
        self.canvas.setFont(FONT, SIZE)
        self.canvas.drawCentredString(PAGE[0] / 2, MARGIN / 2, str(self.page))

    def finish(self) -> None:
        self.foot()
        self.canvas.save()

    def gap(self, points: float) -> None:
        if not self.top_of_page:
            self.y -= points

    def row(self, columns: list[tuple[float, float]], cells: list[list[Line]]) -> None:
        """One table row (cells as lines, at the given x and width), across pages."""
        parts = [list(c) for c in cells]
        while True:
            need = max(height(p) for p in parts)
            if need <= self.room:
                self.draw(columns, parts, need)
                return
            cuts = [fitting(p, self.room) for p in parts]
            enough = any(
                c >= min(MIN_PART, len(p)) and c > 0 for c, p in zip(cuts, parts, strict=True)
            )
            if not enough:
                if self.top_of_page:
                    raise ValueError(f"a row part does not fit on a page: {parts!r:.200}")
                self.new_page()
                continue
            self.draw(columns, [p[:c] for c, p in zip(cuts, parts, strict=True)], self.room)
            parts = [_restart(p[c:]) for c, p in zip(cuts, parts, strict=True)]
            self.new_page()

    def keep_together(self, cells: list[list[Line]], after: list[list[Line]]) -> None:
        """Start a new page unless the row of ``after`` goes on the page of ``cells``."""
        first = max(height(p) for p in cells)
        second = max(height(p) for p in after)
        if first <= self.room < first + second and not self.top_of_page:
            self.new_page()

    def draw(self, columns: list[tuple[float, float]], parts: list[list[Line]], h: float) -> None:
        canvas = self.canvas
        top = self.y
        canvas.setLineWidth(0.5)
        for (x, w), part in zip(columns, parts, strict=True):
            canvas.rect(x, top - h, w, h, stroke=1, fill=0)
            y = top - PAD[1]
            for line in part:
                y -= line.gap + LEADING
                canvas.setFont(BOLD if line.bold else FONT, SIZE)
                canvas.drawString(x + PAD[0] + line.dx, y + (LEADING - SIZE) / 2 + 1.5, line.text)
        self.y = top - h
        self.top_of_page = False


def _restart(part: list[Line]) -> list[Line]:
    """The rest of a cell on a new page: no gap above its first line."""
    if part and part[0].gap:
        part = [Line(part[0].text, part[0].dx, 0.0, part[0].starts, part[0].bold), *part[1:]]
    return part


def render_pdf(rows: Sequence[Row], title: str, path: Path) -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pages = Pages(path, title)
    width = PAGE[0] - 2 * MARGIN
    for in_table, run in tables(rows):
        pages.gap(TABLE_GAP)
        if not in_table:
            pages.row([(MARGIN, width)], [cell_lines(run[0].cells[0], width - PAD[0] - PAD[2])])
            continue
        grid = column_widths(max(len(r.cells) for r in run), width)
        laid = [_layout(row, grid) for row in run]
        for i, (columns, cells) in enumerate(laid):
            after = laid[i + 1][1] if i + 1 < len(laid) else None
            if after is not None and _kept_with_previous(run[i + 1]):
                pages.keep_together(cells, after)
            pages.row(columns, cells)
    pages.finish()


def _layout(row: Row, grid: list[float]) -> tuple[list[tuple[float, float]], list[list[Line]]]:
    columns = spans(grid, len(row.cells))
    heading = len(row.cells) == 1 and _heading(row.cells[0])
    cells = [
        cell_lines(text, w - PAD[0] - PAD[2], bold=heading)
        for text, (_, w) in zip(row.cells, columns, strict=True)
    ]
    return columns, cells


def _kept_with_previous(row: Row) -> bool:
    """A row with an empty cell (and some text) is not put first on a page: a reader takes
    an empty cell at the top of a page for the part of a merged cell going on from above,
    as Word prints it ("Связь с другими профессиями в рамках" / "ОРК", PdfDefault 58)."""
    return any(c.strip() for c in row.cells) and not all(c.strip() for c in row.cells)


def _heading(text: str) -> bool:
    """A one-cell row that is a heading (printed in bold, as in the published documents)."""
    found = [x for x in lines(text) if x]
    return 0 < len(found) <= 2 and sum(len(x) for x in found) < 120


def column_widths(columns: int, width: float) -> list[float]:
    """A label column of 28% and the rest shared by the value columns."""
    if columns == 1:
        return [width]
    label = 0.28 * width
    return [label] + [(width - label) / (columns - 1)] * (columns - 1)


def spans(grid: list[float], cells: int) -> list[tuple[float, float]]:
    """x and width of each of ``cells`` cells on ``grid``, the last spanning the rest."""
    out: list[tuple[float, float]] = []
    x = MARGIN
    for i in range(cells):
        w = grid[i] if i < cells - 1 else sum(grid[i:])
        out.append((x, w))
        x += w
    return out


# -- main -----------------------------------------------------------------------------------
def make(key: str, out: Path, forms: Sequence[str]) -> list[Path]:
    source = source_of(key)
    rows = read_rows(source)
    title = source.stem
    made: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    if "html" in forms:
        target = out / f"{key}.html"
        target.write_text(render_html(rows, title), encoding="utf-8")
        made.append(target)
    if "pdf" in forms:
        target = out / f"{key}.pdf"
        render_pdf(rows, title, target)
        made.append(target)
    return made


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("keys", nargs="*", help="document keys (default: all of FORMS)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args(argv)
    for key in args.keys or list(FORMS):
        if key not in FORMS:
            parser.error(f"unknown key {key!r} (one of {', '.join(FORMS)})")
        for path in make(key, args.out, FORMS[key]):
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
