"""The text of an annex or sheet of the course rules, part by part, in its exact wording.

An annex is a blank form: fields (a label followed by a blank, ``ЖСН:______``), and
paragraphs (the addressee, the request, guidance, a table's headings), in the order written.
A line made only of a blank goes on with the part before it (a field's second line, a
blank inside a sentence). A paragraph ends where a field starts, where a numbered sub-form
starts (``2.1 …``), and after a sentence (a line ending in a full stop that is not an
abbreviation like ``ж.`` or ``г.``) when the next line begins with a capital: so the lines
of a text file and the paragraphs of a Word file give the same parts.

A paragraph that introduces a list after a colon (``… мазмұны: ашық сабақ (…), шеберлік
сағаты, …, рефлексивті есеп және т.б.``) also gives the list's items, split at the commas
outside brackets and quotes, each with the lines it is on; an open end (``және т.б.``,
``и т.д.``) is left out of the last item and kept in the paragraph's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from nqs.loaders.courses.model import AnnexPart, RuleItem
from nqs.loaders.model import Block, Location
from nqs.loaders.text import join_lines, normalize_space

_FIELD = re.compile(r"^\s*(?P<label>[^_«»:]*(?:[^\W_]|[.)])(?:\s*:)?)\s*_{3,}\s*(?P<rest>.*)$")
_BLANK = re.compile(r"^\s*_{3,}\s*$")
_SUBFORM = re.compile(r"^\s*\d+\.\d+\.?\s+\S")
_ABBREVIATION = re.compile(r"(?:^|[\s.])\w\.$")
_LIST = re.compile(r"^(?P<intro>[^:]+):\s+(?P<list>.+)$")
_MIN_ITEMS = 3


@dataclass
class _Open:
    kind: Literal["field", "paragraph"]
    label: str
    lines: list[tuple[str, Location]]


def _tokens(blocks: list[Block]) -> list[tuple[str, str, Location]]:
    """``(kind, text, loc)`` per field, blank or text; a line with a field and text after
    its blank (``Қолы_____ Почта: …``) gives both."""
    out: list[tuple[str, str, Location]] = []
    for b in blocks:
        text = b.text
        while text.strip():
            if _BLANK.match(text):
                out.append(("blank", text, b.loc))
                break
            m = _FIELD.match(text)
            if m is None:
                out.append(("text", text, b.loc))
                break
            label = normalize_space(m["label"]).rstrip(":").rstrip()
            out.append(("field", label, b.loc))
            text = m["rest"]
    return out


def _starts_paragraph(previous: str, text: str) -> bool:
    if _SUBFORM.match(text):
        return True
    last = previous.rstrip()
    sentence = last.endswith(".") and not _ABBREVIATION.search(last)
    return sentence and text.lstrip()[:1].isupper()


def annex_parts(blocks: list[Block], open_end: str = "") -> list[AnnexPart]:
    """The fields and paragraphs of an annex's lines (its title line excluded)."""
    parts: list[_Open] = []
    for kind, text, loc in _tokens(blocks):
        last = parts[-1] if parts else None
        if kind == "field":
            parts.append(_Open("field", text, [(text, loc)]))
        elif kind == "blank" and last is not None:
            if last.kind == "field":
                last.lines.append(("", loc))
            else:
                last.lines.append((text, loc))
        elif last is None or last.kind == "field" or _starts_paragraph(last.lines[-1][0], text):
            parts.append(_Open("paragraph", "", [(text, loc)]))
        else:
            last.lines.append((text, loc))
    return [_part(n, p, open_end) for n, p in enumerate(parts, start=1)]


def _part(ordinal: int, part: _Open, open_end: str) -> AnnexPart:
    loc = part.lines[0][1].span(part.lines[-1][1])
    if part.kind == "field":
        return AnnexPart(ordinal, "field", part.label, loc)
    text, starts = _joined(part.lines)
    return AnnexPart(ordinal, "paragraph", text, loc, _list_items(text, starts, open_end))


def _joined(lines: list[tuple[str, Location]]) -> tuple[str, list[tuple[int, Location]]]:
    """The paragraph's text and where in it each line begins."""
    texts = [t for t, _ in lines]
    starts = []
    for k, (line, loc) in enumerate(lines):
        prefix = join_lines(texts[: k + 1])
        starts.append((len(prefix) - len(normalize_space(line)), loc))
    return join_lines(texts), starts


def _list_items(text: str, starts: list[tuple[int, Location]], open_end: str) -> list[RuleItem]:
    m = _LIST.match(text)
    if m is None:
        return []
    pieces = _split_top_level(m["list"], m.start("list"))
    if len(pieces) < _MIN_ITEMS:
        return []
    items = []
    for n, (begin, end) in enumerate(pieces, start=1):
        value = text[begin:end]
        if n == len(pieces) and open_end:
            value = re.sub(rf"\s+(?:{open_end})$", "", value)
        value = value.rstrip(" .;")
        items.append(RuleItem(n, value, _span(starts, begin, begin + len(value))))
    return items


def _split_top_level(text: str, offset: int) -> list[tuple[int, int]]:
    """Spans of the comma-separated pieces of ``text`` outside brackets and quotes, shifted
    by ``offset``, without the white space around them."""
    pieces, depth, begin = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "(«":
            depth += 1
        elif ch in ")»":
            depth -= 1
        elif ch == "," and depth == 0:
            pieces.append((begin, i))
            begin = i + 1
    pieces.append((begin, len(text)))
    out = []
    for b, e in pieces:
        piece = text[b:e]
        lead = len(piece) - len(piece.lstrip())
        out.append((offset + b + lead, offset + b + len(piece.rstrip())))
    return out


def _span(starts: list[tuple[int, Location]], begin: int, end: int) -> Location:
    first = max(k for k, (s, _) in enumerate(starts) if s <= begin)
    last = max(k for k, (s, _) in enumerate(starts) if s < max(end, begin + 1))
    return starts[first][1].span(starts[last][1])
