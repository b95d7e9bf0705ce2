"""The pdfium-based reading of PDF pages against pdfplumber, which the reader used before.

pdfplumber (pdfminer) is slow but reports every character the content stream shows; the
reader rebuilds pdfplumber's words and ruled tables from pdfium's characters and paths
(:mod:`nqs.loaders.read.pdf_page`, :mod:`nqs.loaders.read.pdf_words`,
:mod:`nqs.loaders.read.pdf_tables`).
Here both read the same pages: pages of the corpus where pdfium's own text drops a space
between two words, and a small PDF written below by hand with the cases the corpus has
only some of (a space shown as a text object of its own, kerning that does or does not
part two words, a scaled coordinate system, tables ruled with thin filled rectangles and
with stroked lines).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from nqs.loaders.model import Location, Row
from nqs.loaders.read.pdf import read_pdf
from nqs.loaders.read.pdf_page import PageContent, read_pages
from nqs.loaders.read.pdf_tables import find_tables
from nqs.loaders.read.pdf_words import words
from tests.conftest import ROOT

CORPUS = ROOT / "data" / "sources" / "corpus" / "ict-ru"
PDF55 = next(CORPUS.glob("PdfDefault 55_*.pdf"))
PDF56 = next(CORPUS.glob("PdfDefault 56_*.pdf"))
PDF58 = next(CORPUS.glob("PdfDefault 58_*.pdf"))
WORD_SETTINGS: dict[str, Any] = {
    "x_tolerance": 1.5,
    "y_tolerance": 3,
    "extra_attrs": ["fontname", "size"],
}


def page_content(path: Path, number: int) -> PageContent:
    return next(p for n, p in enumerate(read_pages(path), start=1) if n == number)


def assert_words_as_pdfplumber(path: Path, number: int) -> list[str]:
    """The same words with the same boxes, fonts and sizes, listed top to bottom and left
    to right (pdfplumber lists them by groups of characters whose computed size is equal to
    the last bit, which the reader does not need to reproduce: it sorts words itself)."""
    ours = sorted(words(page_content(path, number).runs), key=lambda w: place(w.top, w.x0))
    with pdfplumber.open(path) as pdf:
        found = pdf.pages[number - 1].extract_words(**WORD_SETTINGS)
    theirs = sorted(found, key=lambda w: place(w["top"], w["x0"]))
    assert [w.text for w in ours] == [w["text"] for w in theirs]
    for mine, other in zip(ours, theirs, strict=True):
        assert mine.font == other["fontname"]
        assert mine.size == pytest.approx(other["size"])
        for key in ("x0", "x1", "top", "bottom"):
            assert getattr(mine, key) == pytest.approx(other[key], abs=1e-3), (mine, key)
    return [w.text for w in ours]


def place(top: float, x0: float) -> tuple[float, float]:
    return (round(top, 1), round(x0, 1))


def assert_tables_as_pdfplumber(path: Path, number: int) -> list[list[Any]]:
    ours = find_tables(page_content(path, number).edges)
    with pdfplumber.open(path) as pdf:
        theirs = [t.cells for t in pdf.pages[number - 1].find_tables()]
    assert len(ours) == len(theirs)
    for mine, other in zip(ours, theirs, strict=True):
        assert len(mine) == len(other)
        for a, b in zip(mine, other, strict=True):
            assert a == pytest.approx(b, abs=1e-3)
    return ours


# --- corpus pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "number", "pair"),
    [
        # pdfium's text page leaves out the space object between these two words
        (PDF55, 36, ("отчетную", "документацию")),
        (PDF55, 37, ("программу", "для")),
        (PDF56, 11, ("и", "управление")),
    ],
    ids=["55-p36", "55-p37", "56-p11"],
)
def test_corpus_words_as_pdfplumber(path: Path, number: int, pair: tuple[str, str]) -> None:
    texts = assert_words_as_pdfplumber(path, number)
    assert any(texts[i : i + 2] == list(pair) for i in range(len(texts)))


@pytest.mark.parametrize(
    ("path", "number"), [(PDF55, 5), (PDF56, 4), (PDF58, 2)], ids=["55-p5", "56-p4", "58-p2"]
)
def test_corpus_tables_as_pdfplumber(path: Path, number: int) -> None:
    assert_tables_as_pdfplumber(path, number)


# --- a PDF written by hand --------------------------------------------------------------

# Helvetica's advance widths (per 1000) of the characters used, from its AFM file
WIDTHS = {" ": 278, "A": 667, "B": 667, "C": 722, "D": 722, "H": 722, "T": 611, "d": 556}
WIDTHS |= {"e": 556, "f": 278, "g": 556, "h": 556, "i": 222, "l": 222, "o": 556, "r": 333}
WIDTHS |= {"t": 278, "w": 722}

# A title, then a table of two rows and two columns (x 72-272-472, y 620-590-560), its
# rules drawn as Word draws them: filled rectangles half a point thick. Top left: "Hello"
# (80 to 107.336), a space as a text object of its own, "world" 1.47 pt after "Hello" ends
# (a gap that alone would not part two words, and is wide enough for one space); top right: "A"
# and "B" parted by kerning of 2.4 pt; bottom left "C" and "D" kerned by 1.2 pt (one word);
# bottom right "Big" drawn at 6 pt in a coordinate system scaled by 2. Below it, a second
# table ruled with stroked lines, one row of two cells.
CONTENT = """
BT /F1 12 Tf 1 0 0 1 72 700 Tm (Title) Tj ET
0 g
72 619.75 400 0.5 re f
72 589.75 400 0.5 re f
72 559.75 400 0.5 re f
71.75 560 0.5 60 re f
271.75 560 0.5 60 re f
471.75 560 0.5 60 re f
BT /F1 12 Tf 1 0 0 1 80 600 Tm (Hello) Tj ET
BT /F1 12 Tf 1 0 0 1 107.5 600 Tm ( ) Tj ET
BT /F1 12 Tf 1 0 0 1 108.806 600 Tm (world) Tj ET
BT /F1 12 Tf 1 0 0 1 280 600 Tm [(A) -200 (B)] TJ ET
BT /F1 12 Tf 1 0 0 1 80 570 Tm [(C) -100 (D)] TJ ET
q 2 0 0 2 0 0 cm BT /F1 6 Tf 1 0 0 1 140 285 Tm (Big) Tj ET Q
1 w 0 G
72 500 m 472 500 l S
72 470 m 472 470 l S
72 500 m 72 470 l S
272 500 m 272 470 l S
472 500 m 472 470 l S
BT /F1 12 Tf 1 0 0 1 80 480 Tm (left) Tj ET
BT /F1 12 Tf 1 0 0 1 280 480 Tm (right) Tj ET
"""


def handmade_pdf(path: Path, content: str = CONTENT, form: str | None = None) -> Path:
    """Write a one-page PDF (US Letter) showing ``content`` in Helvetica; with ``form``, the
    page has a form XObject ``/Fm1`` showing ``form`` (in Helvetica too)."""
    first, last = 32, 122
    widths = " ".join(str(WIDTHS.get(chr(c), 500)) for c in range(first, last + 1))
    page_content = content.strip().encode("latin-1")
    xobjects = b" /XObject << /Fm1 7 0 R >>" if form is not None else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >>%s >> >>" % xobjects,
        b"<< /Length %d >>\nstream\n" % len(page_content) + page_content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding"
        b" /FirstChar %d /LastChar %d /Widths [%s] /FontDescriptor 6 0 R >>"
        % (first, last, widths.encode()),
        b"<< /Type /FontDescriptor /FontName /Helvetica /Flags 32"
        b" /FontBBox [-166 -225 1000 931] /ItalicAngle 0 /Ascent 718 /Descent -207"
        b" /CapHeight 718 /StemV 88 >>",
    ]
    if form is not None:
        drawn = form.strip().encode("latin-1")
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792]"
            b" /Resources << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n"
            % len(drawn)
            + drawn
            + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


@pytest.fixture
def handmade(tmp_path: Path) -> Path:
    return handmade_pdf(tmp_path / "handmade.pdf")


def test_handmade_words(handmade: Path) -> None:
    texts = assert_words_as_pdfplumber(handmade, 1)
    assert texts == ["Title", "Hello", "world", "A", "B", "CD", "Big", "left", "right"]
    big = next(w for w in words(page_content(handmade, 1).runs) if w.text == "Big")
    # drawn at 6 pt, twice as large: x 280 to 280 + 2 * 6 * (667 + 222 + 556) / 1000
    assert (big.x0, big.x1, big.size) == pytest.approx((280, 297.34, 12), abs=1e-3)


def test_handmade_tables(handmade: Path) -> None:
    tables = assert_tables_as_pdfplumber(handmade, 1)
    # the rules' middles, from the top of the page (792 - y)
    expected = [
        [(72, 172, 272, 202), (72, 202, 272, 232), (272, 172, 472, 202), (272, 202, 472, 232)],
        [(72, 292, 272, 322), (272, 292, 472, 322)],
    ]
    assert len(tables) == len(expected)
    for table, cells in zip(tables, expected, strict=True):
        assert len(table) == len(cells)
        for got, want in zip(table, cells, strict=True):
            assert got == pytest.approx(want, abs=1e-3)


def test_handmade_rows(handmade: Path) -> None:
    assert read_pdf(handmade) == [
        Row(("Title",), Location("page", 1, 1), in_table=False),
        Row(("Hello world", "A B"), Location("page", 1, 1)),
        Row(("CD", "Big"), Location("page", 1, 1)),
        Row(("left", "right"), Location("page", 1, 1)),
    ]


# The same title and tables, the tables drawn by a form XObject placed 100 pt lower and
# 20 pt to the right: its objects' coordinates are in the form's space.
TITLE, TABLES = CONTENT.strip().split("\n", 1)
PLACED_FORM = TITLE + "\nq 1 0 0 1 20 -100 cm /Fm1 Do Q"


def test_form_xobject_words_and_tables(tmp_path: Path) -> None:
    path = handmade_pdf(tmp_path / "form.pdf", PLACED_FORM, form=TABLES)
    texts = assert_words_as_pdfplumber(path, 1)
    assert texts == ["Title", "Hello", "world", "A", "B", "CD", "Big", "left", "right"]
    hello = next(w for w in words(page_content(path, 1).runs) if w.text == "Hello")
    # baseline 600 in the form, 500 on the page; top one font size above the descent (-0.207)
    assert (hello.x0, hello.top) == pytest.approx((100, 792 - (500 - 0.207 * 12) - 12), abs=1e-3)
    tables = assert_tables_as_pdfplumber(path, 1)
    assert [len(t) for t in tables] == [4, 2]
    assert tables[0][0] == pytest.approx((92, 272, 292, 302), abs=1e-3)
