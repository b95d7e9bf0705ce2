"""The DOCX reader's rows and cells, read from the XML element by element, are python-docx's:
a hand-made document with every kind of merge, a nested table and inline breaks, counted by
hand; and every Word file of the sources and fixtures against python-docx's public API."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from nqs.loaders.model import Location, Row
from nqs.loaders.read.docx import _children, read_docx

ROOT = Path(__file__).resolve().parents[2]
WORD_FILES = sorted(
    [*(ROOT / "data" / "sources").rglob("*.docx"), *(ROOT / "tests" / "fixtures").rglob("*.docx")]
)


def reference_rows(path: Path) -> list[Row]:
    """The rows as python-docx's own objects give them (``_Row.cells``, ``Paragraph.text``,
    ``_Cell.tables``): what the reader did before it read the XML itself."""
    document = docx.Document(str(path))
    numbers = count(1)

    def table_rows(table: Table) -> Iterator[Row]:
        for row in table.rows:
            index = next(numbers)
            cells: list[_Cell] = []
            for cell in row.cells:
                if not (cells and cells[-1]._tc is cell._tc):
                    cells.append(cell)
            texts = tuple("\n".join(p.text for p in c.paragraphs) for c in cells)
            yield Row(texts, Location("row", index, index))
            for cell in cells:
                for nested in cell.tables:
                    yield from table_rows(nested)

    def body(element: Any) -> Iterator[Row]:
        for child in _children(element):
            if child.tag == qn("w:p"):
                index = next(numbers)
                text = Paragraph(child, document).text
                if text.strip():
                    yield Row((text,), Location("paragraph", index, index), in_table=False)
            elif child.tag == qn("w:tbl"):
                yield from table_rows(Table(child, document))

    return list(body(document.element.body))


def _hyperlink(paragraph: Paragraph, text: str) -> None:
    link = OxmlElement("w:hyperlink")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def test_merges_nested_table_and_breaks(tmp_path: Path) -> None:
    """A paragraph with a line break, a tab and a hyperlink; a table whose first row is one
    cell over two columns, whose first column is one cell over rows 2-3 (given again in row
    3), with a table nested in row 2's last cell (its row read after row 2; the cell keeps
    the empty paragraph Word needs after a table, so its text ends with a line break), and
    a fourth row with empty cells."""
    document = docx.Document()
    p = document.add_paragraph("a")
    p.add_run().add_break()
    p.add_run("b\tc")
    _hyperlink(p, " link")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "H"
    table.cell(0, 2).text = "C"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "V"
    table.cell(1, 1).text = "x"
    table.cell(1, 2).text = "y"
    table.cell(1, 2).add_table(rows=1, cols=2).rows[0].cells[1].text = "n2"
    table.cell(2, 1).text = "p"
    table.cell(2, 2).text = "q"
    table.cell(3, 1).text = "r"
    document.add_paragraph("")  # counted, not given
    document.add_paragraph("end")
    path = tmp_path / "merges.docx"
    document.save(str(path))
    rows = read_docx(path)
    assert [(r.cells, r.loc.unit, r.loc.start) for r in rows] == [
        (("a\nb\tc link",), "paragraph", 1),
        (("H", "C"), "row", 2),
        (("V", "x", "y\n"), "row", 3),
        (("", "n2"), "row", 4),
        (("V", "p", "q"), "row", 5),
        (("", "r", ""), "row", 6),
        (("end",), "paragraph", 8),
    ]
    assert rows == reference_rows(path)


@pytest.mark.parametrize("path", WORD_FILES, ids=[p.name for p in WORD_FILES])
def test_every_word_file_reads_as_python_docx_gives_it(path: Path) -> None:
    assert read_docx(path) == reference_rows(path)
