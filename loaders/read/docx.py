"""Read a DOCX body into :class:`Row` objects, in document order.

Location scheme: one running counter over the *body* in document order. Every top-level
paragraph takes the next number (unit ``paragraph``) and every table row takes the next
number (unit ``row``); a row of a table nested in a cell takes the next number after its
outer row, and the outer row is emitted before its nested rows. Numbers therefore never
repeat and increase monotonically through the file, whatever the unit. Empty paragraphs
are counted but not emitted; empty table rows are emitted (their structure matters).

Cells: left to right. A horizontally merged cell (python-docx repeats the same ``<w:tc>``
for every grid column it spans, ``gridSpan``) is given once. A vertically merged cell
(``vMerge``) is given as python-docx reports it: in continuation rows python-docx returns
the *top* cell again, so its text is repeated in every row it spans. Cell text is the
cell's paragraphs joined with ``"\\n"`` (text of nested tables is read as separate rows,
not folded into the cell).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import lxml.etree
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc

from nqs.loaders.model import Location, Row, SourceError
from nqs.loaders.read.limits import ReadLimits, current_limits, size

_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_R = qn("w:r")
_HYPERLINK = qn("w:hyperlink")
_RUN_PARTS = tuple(qn(f"w:{name}") for name in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))
_P = qn("w:p")
_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")


class _Counter:
    """The running body position."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def read_docx(path: Path) -> list[Row]:
    """The body's paragraphs and table rows of the DOCX at ``path`` (see module doc).

    The package is checked first, part by part, against the reading limits (see
    :mod:`nqs.loaders.read.limits`); a part that cannot be decompressed or parsed is named
    in the error."""
    check_package(path, current_limits())
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types
        raise SourceError(path, f"not a readable DOCX file: {_broken_part(path) or exc}") from exc
    counter = _Counter()
    return list(_body_rows(document.element.body, counter))


_CHUNK = 1 << 16


def check_package(path: Path, limits: ReadLimits) -> None:
    """Refuse the zip package at ``path`` if it is larger than the limits allow: its own
    size, its number of parts, the decompressed sizes its parts declare, and what they
    decompress to, counted while reading (stopped at the limit); or if a part cannot be
    decompressed (the part named)."""
    if path.stat().st_size > limits.max_bytes:
        raise SourceError(path, f"larger than the limit of {size(limits.max_bytes)}")
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            if len(parts) > limits.max_parts:
                raise SourceError(
                    path, f"a package of {len(parts):,} parts; the limit is {limits.max_parts:,}"
                )
            declared = sum(p.file_size for p in parts)
            if declared > limits.max_bytes:
                largest = max(parts, key=lambda p: p.file_size)
                raise SourceError(path, _too_large(declared, limits, largest.filename))
            total = 0
            for part in parts:
                total = _read_part(path, package, part, total, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
        raise SourceError(path, f"not a readable DOCX file: {exc}") from exc


def _read_part(
    path: Path, package: zipfile.ZipFile, part: zipfile.ZipInfo, total: int, limits: ReadLimits
) -> int:
    """Decompress ``part``, counting its bytes onto ``total`` (returned)."""
    try:
        with package.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > limits.max_bytes:
                    raise SourceError(path, _too_large(total, limits, part.filename))
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise SourceError(path, f"part {part.filename} cannot be decompressed: {exc}") from exc
    return total


def _too_large(count: int, limits: ReadLimits, part: str) -> str:
    return (
        f"its parts decompress to more than the limit of {size(limits.max_bytes)}"
        f" ({size(count)} or more, part {part}): refused as a possible zip bomb"
    )


def _broken_part(path: Path) -> str | None:
    """What is wrong with the first XML part of the package that is not well-formed, with
    the part's name and the line and column; ``None`` if every XML part parses."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(path) as package:
        for part in package.infolist():
            if not part.filename.endswith((".xml", ".rels")):
                continue
            try:
                lxml.etree.fromstring(package.read(part), parser)
            except lxml.etree.XMLSyntaxError as exc:  # its message gives line and column
                return f"part {part.filename} is not well-formed XML: {exc.msg}"
    return None


def _children(element: Any) -> Iterator[Any]:
    """Block-level children, looking through content controls (``w:sdt``)."""
    for child in element.iterchildren():
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content)
        else:
            yield child


def _body_rows(body: Any, counter: _Counter) -> Iterator[Row]:
    for child in _children(body):
        if child.tag == _P:
            index = counter.next()
            text = _paragraph_text(child)
            if text.strip():
                yield Row((text,), Location("paragraph", index, index), in_table=False)
        elif child.tag == _TBL:
            yield from _table_rows(child, counter)


def _table_rows(table: CT_Tbl, counter: _Counter) -> Iterator[Row]:
    for tr in table.tr_lst:
        index = counter.next()
        cells = _row_cells(tr)
        yield Row(tuple(_cell_text(c) for c in cells), Location("row", index, index))
        for cell in cells:
            for nested in cell.tbl_lst:
                yield from _table_rows(nested, counter)


def _row_cells(tr: CT_Row) -> list[CT_Tc]:
    """The cells of a row as python-docx's ``_Row.cells`` gives them (a ``<w:tc>`` once per
    grid column it spans; in a vertical merge's continuation, the cell it continues), each
    given once where it repeats (a horizontal merge). Read from the XML element by element:
    ``_Row.cells`` looks up every cell's place with XPath, most of the time of reading."""
    result: list[CT_Tc] = []
    for tc in tr.tc_lst:
        top = tc
        while top.vMerge == "continue":
            top = _above(top)
        for _ in range(top.grid_span):
            if not (result and result[-1] is top):
                result.append(top)
    return result


def _above(tc: CT_Tc) -> CT_Tc:
    """The cell above ``tc`` in its grid column (python-docx's rule, and its errors)."""
    tr: CT_Row = tc.getparent()
    above: CT_Row | None = next(tr.itersiblings(_TR, preceding=True), None)
    if above is None:
        raise ValueError("no tr above topmost tr in w:tbl")
    offset = tr.grid_before + sum(t.grid_span for t in tc.itersiblings(_TC, preceding=True))
    return above.tc_at_grid_offset(offset)


def _cell_text(cell: CT_Tc) -> str:
    return "\n".join(_paragraph_text(p) for p in cell.p_lst)


def _paragraph_text(p: Any) -> str:
    """python-docx's text of a paragraph (``CT_P.text``: its runs' and hyperlinks' runs'
    text, breaks and tabs as python-docx writes them), found by tag rather than by XPath."""
    return "".join(
        _run_text(e) if e.tag == _R else "".join(_run_text(r) for r in e.iterchildren(_R))
        for e in p.iterchildren(_R, _HYPERLINK)
    )


def _run_text(r: Any) -> str:
    return "".join(str(e) for e in r.iterchildren(*_RUN_PARTS))
