"""Read an HTML page (saved from a browser or the legal database) into :class:`Row` objects.

The same shape as the DOCX reader gives, so every parser reads a page as it reads a Word
file: one running counter over the body in document order; a block of text outside any
table (paragraph, heading, list item, a ``div`` holding text) takes the next number with
unit ``paragraph``; every table row takes the next number with unit ``row``, its cells left
to right (a cell spanning several columns once), and rows of a table nested in a cell come
after their outer row. A cell's text is its blocks joined with ``"\\n"``; ``<br>`` is a line
break. Whitespace is collapsed as a browser does (kept in ``<pre>``). Scripts, styles,
forms and the document head are not text of the act.

Parsed with lxml's HTML parser (libxml2), which accepts the malformed markup pages often
have.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import lxml.html

from nqs.loaders.model import Location, Row, SourceError
from nqs.loaders.read.limits import ReadLimits, current_limits, size

# Elements whose content is never text of the document.
_SKIPPED = frozenset(
    {"head", "script", "style", "noscript", "template", "iframe", "object", "svg", "math",
     "button", "select", "textarea", "input"}
)  # fmt: skip
# Elements that start a new block of text (a line of their own).
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote",
     "address", "article", "section", "header", "footer", "main", "aside", "nav", "figure",
     "figcaption", "caption", "center", "ul", "ol", "dl", "hr", "form", "fieldset", "body",
     "html", "tr", "td", "th", "table", "thead", "tbody", "tfoot"}
)  # fmt: skip
_SPACE = re.compile(r"[ \t\r\n\f]+")
_BREAK = "\x00"  # marks a line break while text is collected


class _Counter:
    """The running body position."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def read_html(path: Path) -> list[Row]:
    """The body's text blocks and table rows of the HTML page at ``path`` (see module doc).

    A page larger than the reading limit, nested deeper than it, or whose markup the parser
    gives up on part-way (what follows would be lost) is refused, with the line."""
    limits = current_limits()
    try:
        if path.stat().st_size > limits.max_bytes:
            raise SourceError(path, f"larger than the limit of {size(limits.max_bytes)}")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"not a readable file: {exc}") from exc
    parser = lxml.html.HTMLParser(huge_tree=limits.max_depth >= LIBXML_DEPTH)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SourceError(path, f"not a readable HTML page: {exc}") from exc
    _check_parsed(path, parser, root, limits)
    body = root.find("body")
    return list(_rows(body if body is not None else root, _Counter()))


LIBXML_DEPTH = 256
"""The nesting depth past which libxml2 stops parsing, unless told otherwise (huge_tree)."""


def _check_parsed(
    path: Path, parser: lxml.html.HTMLParser, root: lxml.etree._Element, limits: ReadLimits
) -> None:
    """Refuse a page the parser gave up on (a fatal error: libxml2 drops what follows) or
    whose elements nest deeper than ``limits.max_depth``."""
    for entry in parser.error_log:
        if entry.level >= lxml.etree.ErrorLevels.FATAL:
            if "depth" in entry.message.lower():
                raise SourceError(path, _too_deep(limits, entry.line))
            raise SourceError(
                path, f"the HTML parser stopped at line {entry.line}: {entry.message.strip()}"
            )
    deepest = _deepest(root, limits.max_depth)
    if deepest is not None:
        raise SourceError(path, _too_deep(limits, deepest.sourceline))


def _too_deep(limits: ReadLimits, line: int | None) -> str:
    at = f" (line {line})" if line else ""
    return f"elements nested deeper than the limit of {limits.max_depth}{at}"


def _deepest(root: lxml.etree._Element, limit: int) -> lxml.etree._Element | None:
    """The first element nested deeper than ``limit`` (the root at depth 1), if any;
    walked without recursion."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > limit:
            return element
        stack.extend((child, depth + 1) for child in reversed(element))
    return None


def _tag(element: lxml.etree._Element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""  # comments and PIs have no str tag


def _rows(container: lxml.etree._Element, counter: _Counter) -> Iterator[Row]:
    """Paragraph rows for the text around tables, table rows for the tables, in order."""
    pending: list[str] = []

    def flush() -> Iterator[Row]:
        for text in _lines("".join(pending)):
            index = counter.next()
            yield Row((text,), Location("paragraph", index, index), in_table=False)
        pending.clear()

    def walk(element: lxml.etree._Element, pre: bool) -> Iterator[Row]:
        tag = _tag(element)
        if tag in _SKIPPED:
            pass
        elif tag == "table":
            pending.append(_BREAK)
            yield from flush()
            yield from _table(element, counter)
        else:
            block = tag in _BLOCKS
            if block:
                pending.append(_BREAK)
            if tag == "br":
                pending.append(_BREAK)
            if element.text and tag:
                pending.append(_text(element.text, pre or tag == "pre"))
            for child in element:
                yield from walk(child, pre or tag == "pre")
            if block:
                pending.append(_BREAK)
        if element.tail and element is not container:
            pending.append(_text(element.tail, pre))

    yield from walk(container, False)
    yield from flush()


def _table(table: lxml.etree._Element, counter: _Counter) -> Iterator[Row]:
    for tr in _own_rows(table):
        index = counter.next()
        cells = [c for c in tr if _tag(c) in ("td", "th")]
        yield Row(tuple(_cell_text(c) for c in cells), Location("row", index, index))
        for cell in cells:
            for nested in cell.iter("table"):
                if _nearest_table(nested.getparent()) is table:
                    yield from _table(nested, counter)


def _own_rows(table: lxml.etree._Element) -> Iterator[lxml.etree._Element]:
    """The rows of ``table`` itself (in its sections), not of tables nested in its cells."""
    for tr in table.iter("tr"):
        if _nearest_table(tr) is table:
            yield tr


def _nearest_table(element: lxml.etree._Element | None) -> lxml.etree._Element | None:
    while element is not None and _tag(element) != "table":
        element = element.getparent()
    return element


def _cell_text(cell: lxml.etree._Element) -> str:
    """A cell's text, its blocks and line breaks as ``"\\n"`` (nested tables left out)."""
    parts: list[str] = []

    def walk(element: lxml.etree._Element, pre: bool) -> None:
        tag = _tag(element)
        if tag in _SKIPPED or (tag == "table" and element is not cell):
            if element.tail:
                parts.append(_text(element.tail, pre))
            return
        block = tag in _BLOCKS and element is not cell
        if block or tag == "br":
            parts.append(_BREAK)
        if element.text and tag:
            parts.append(_text(element.text, pre or tag == "pre"))
        for child in element:
            walk(child, pre or tag == "pre")
        if block:
            parts.append(_BREAK)
        if element.tail and element is not cell:
            parts.append(_text(element.tail, pre))

    walk(cell, False)
    return "\n".join(_lines("".join(parts)))


def _text(text: str, pre: bool) -> str:
    if pre:
        return text.replace("\r\n", "\n").replace("\n", _BREAK)
    return _SPACE.sub(" ", text)


def _lines(collected: str) -> list[str]:
    """The non-blank lines of collected text, each stripped (no-break spaces kept inside)."""
    out = []
    for line in collected.split(_BREAK):
        line = line.strip(" ")
        if line.strip():
            out.append(line)
    return out
