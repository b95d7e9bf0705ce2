"""Readers of every format give one stream of located rows; the format is told from the
file's content, and line-based parsers read any format through a line view whose places
lead back to the rows."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from nqs.loaders.documents import SourceStream, by_lines, parse_document
from nqs.loaders.line_view import line_view, relocate
from nqs.loaders.model import Block, Location, Row, SourceError, SourceInfo, Warning_
from nqs.loaders.read import sniff
from nqs.loaders.read.html import read_html
from nqs.loaders.standard.model import Item, StandardDocument

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Бұйрық</title>
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body>
<h1>Кәсіптік   стандарт</h1>
<p>Бірінчі<br>екінші жол</p>
<div>Бөлім <b>қалың</b> сөз</div>
<table>
 <thead><tr><th>Атауы</th><th>Мәні</th></tr></thead>
 <tr><td>Топтың коды:</td><td>2633-1</td></tr>
 <tr><td colspan="2">Машықтар:<p>1. Бір</p><p>2. Екі</p>
   <table><tr><td>ішкі</td><td>кесте</td></tr></table></td></tr>
</table>
<ul><li>бір</li><li>екі</li></ul>
<pre>  алдын ала
  пішімделген</pre>
<!-- a comment -->
</body></html>
"""


def test_html_reader_rows(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    rows = read_html(path)
    got = [(r.cells, r.loc.unit, r.loc.start, r.in_table) for r in rows]
    assert got == [
        (("Кәсіптік стандарт",), "paragraph", 1, False),
        (("Бірінчі",), "paragraph", 2, False),
        (("екінші жол",), "paragraph", 3, False),
        (("Бөлім қалың сөз",), "paragraph", 4, False),
        (("Атауы", "Мәні"), "row", 5, True),
        (("Топтың коды:", "2633-1"), "row", 6, True),
        (("Машықтар:\n1. Бір\n2. Екі",), "row", 7, True),
        (("ішкі", "кесте"), "row", 8, True),
        (("бір",), "paragraph", 9, False),
        (("екі",), "paragraph", 10, False),
        (("алдын ала",), "paragraph", 11, False),
        (("пішімделген",), "paragraph", 12, False),
    ]


def test_format_told_from_content(tmp_path: Path) -> None:
    page = tmp_path / "saved.txt"  # a page saved under a wrong name
    page.write_text(PAGE, encoding="utf-8")
    assert sniff(page).name == "html"
    word = tmp_path / "standard.bin"
    document = docx.Document()
    document.add_paragraph("Протокол")
    document.save(str(word))
    assert sniff(word).name == "docx"
    pdf = tmp_path / "scan"
    pdf.write_bytes(b"%PDF-1.7\n")
    assert sniff(pdf).name == "pdf"
    text = tmp_path / "a.htm"
    text.write_text("Қазақстан Республикасы\n", encoding="utf-8")
    assert sniff(text).name == "html"  # nothing in the content: the extension decides
    plain = tmp_path / "a.dat"
    plain.write_text("Қазақстан Республикасы\n", encoding="utf-8")
    assert sniff(plain).name == "text"


def test_damaged_file_named_by_its_extension(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_text("this is not a PDF")
    with pytest.raises(SourceError, match=r"broken\.pdf.*not a readable PDF"):
        parse_document(bad)


def test_unknown_kind_names_file_and_format(tmp_path: Path) -> None:
    page = tmp_path / "minutes.html"
    page.write_text("<html><body><p>Хаттама</p></body></html>", encoding="utf-8")
    with pytest.raises(SourceError, match=r"minutes\.html.*no loader recognises this html"):
        parse_document(page)


ROWS = [
    Row(("Тақырып",), Location("paragraph", 1, 1), in_table=False),
    Row(("Машықтар:", "1. Бір\n\n2. Екі"), Location("row", 3, 3)),
    Row(("Білімдер:", "1. Үш"), Location("page", 2, 2)),
]


def test_line_view_numbers_cell_lines_and_keeps_places() -> None:
    view = line_view(ROWS)
    assert [b.text for b in view.blocks] == [
        "Тақырып", "Машықтар:", "1. Бір", "2. Екі", "Білімдер:", "1. Үш",
    ]  # fmt: skip
    assert [b.loc.start for b in view.blocks] == [1, 2, 3, 4, 5, 6]
    assert view.place(Location("line", 3, 4)) == Location("row", 3, 3)
    assert view.place(Location("line", 1, 1)) == Location("paragraph", 1, 1)
    assert not view.is_identity


def test_text_rows_are_their_own_places() -> None:
    rows = [Row((t,), Location("line", n, n), in_table=False) for n, t in [(1, "a"), (2, "")]]
    view = line_view(rows)
    assert view.is_identity
    assert [b.text for b in view.blocks] == ["a", ""]


def test_relocate_reaches_nested_and_frozen_locations() -> None:
    view = line_view(ROWS)
    warning = Warning_("odd", Location("line", 5, 5))
    items = [Item(1, "Бір", Location("line", 3, 3))]
    blocks = (Block("Тақырып", Location("line", 1, 1)),)
    holder: dict[str, object] = {"items": items, "blocks": blocks, "warning": warning}
    relocate(holder, view)
    assert items[0].loc == Location("row", 3, 3)
    moved = holder["warning"]
    assert isinstance(moved, Warning_) and moved.loc == Location("page", 2, 2)
    rebuilt = holder["blocks"]
    assert isinstance(rebuilt, tuple) and rebuilt[0].loc == Location("paragraph", 1, 1)


def test_parser_errors_name_the_place_in_the_source(tmp_path: Path) -> None:
    def parse(blocks: list[Block], source: SourceInfo) -> StandardDocument:
        raise SourceError(source.path, "bad line", blocks[4].loc)

    source = SourceInfo(tmp_path / "x.docx", "application/pdf", "0" * 64)
    with pytest.raises(SourceError) as info:
        by_lines(parse)(SourceStream(ROWS), source)
    assert info.value.loc == Location("page", 2, 2)
    assert "x.docx (page 2): bad line" in str(info.value)
