"""List marks of the acts: bullets, item numbers and letter items, in one place.

The acts mark the items of a list with a number (``1.``, ``1)``, ``1`` followed by a
space), a letter (``а)``, ``a)``) or a bullet glyph (``•``, ``–``, ``-``, the Symbol-font
U+F0B7 that Word files carry, ``▪``, …). :func:`split_mark` tells a line's mark from its
text; the parsers decide what a mark means in their place (a new item, the next number).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Literal

# the bullet glyphs met in the acts (a character class's body: ``-`` first)
BULLETS = "-•\uf0b7\uf02d\uf0a7\u2013\u2014▪●◦■□➢►✓✔*"
# letters that enumerate a list (``а)``, ``b)``), Latin, Russian and Kazakh
LETTERS = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"

_NUMBER = re.compile(r"^(\d{1,2})\s*([.)])\s*(.*)$", re.S)
_BARE_NUMBER = re.compile(r"^(\d{1,2})\s+(\S.*)$", re.S)
_LETTER = re.compile(rf"^([{LETTERS}])\)\s*(.*)$", re.S)
_BULLET = re.compile(rf"^([{BULLETS}])\s*(.*)$", re.S)
_MARK_ONLY = re.compile(rf"^[{BULLETS}\s\u00a0]+$")
# a line of its own that is no text: a lone letter (with a stop) or punctuation
_STRAY = re.compile(rf"^(?:[{LETTERS}][.,;:!?]?|[.,;:!?'\"«»()/\\|_~^`]+)$")

MarkKind = Literal["number", "letter", "bullet"]


@dataclass(frozen=True)
class Mark:
    """A list mark: ``kind``, its ``value`` (the number, the letter or the glyph) and its
    ``style`` (``.``, ``)`` or `` `` for a number, ``)`` for a letter, the glyph for a
    bullet)."""

    kind: MarkKind
    value: str
    style: str

    @property
    def number(self) -> int | None:
        return int(self.value) if self.kind == "number" else None


def split_mark(line: str, bare_numbers: bool = False) -> tuple[Mark | None, str]:
    """The line's list mark and its text (stripped), or None and the line stripped.

    A number followed only by a space (``1 Text``) is a mark when ``bare_numbers``: in
    running text it is as likely a quantity. A bullet needs text after it, so that a
    hyphen alone (``-``, "none") is no mark."""
    text = line.strip()
    m = _NUMBER.match(text)
    if m:
        return Mark("number", m.group(1), m.group(2)), m.group(3).strip()
    if bare_numbers:
        m = _BARE_NUMBER.match(text)
        if m:
            return Mark("number", m.group(1), " "), m.group(2).strip()
    m = _LETTER.match(text)
    if m and (len(text) == 2 or text[2].isspace()):
        return Mark("letter", m.group(1), ")"), m.group(2).strip()
    m = _BULLET.match(text)
    if m and m.group(2).strip() and not (m.group(1) == "-" and m.group(2)[:1].isdigit()):
        return Mark("bullet", m.group(1), m.group(1)), m.group(2).strip()
    return None, text


def next_item(mark: Mark | None, first: Mark | None, count: int) -> bool:
    """Whether a line marked ``mark`` begins item ``count + 1`` of a list whose first item
    was marked ``first`` (None: no item yet, and a list begins with a number 1, a letter or
    a bullet): the next number in the first's style, a letter after letters, the first's
    bullet glyph. A line with another mark goes on with the item before it (a dash that
    begins a wrapped line of a numbered list)."""
    if mark is None:
        return False
    if first is None:
        return mark.kind != "number" or mark.number == 1
    if mark.kind != first.kind:
        return False
    if mark.kind == "number":
        return mark.style == first.style and mark.number == count + 1
    return mark.kind == "letter" or mark.value == first.value


def is_mark_only(line: str) -> bool:
    """Whether the line is only bullets or dashes (no text)."""
    return bool(line.strip()) and _MARK_ONLY.match(line) is not None


def is_stray(line: str) -> bool:
    """Whether the line is a lone letter or punctuation: no text of an element."""
    return _STRAY.match(line.strip()) is not None


# a page number alone on its line, as the PDF extraction leaves it between two pages
# (``7``, ``13 беттің 9 беті``, ``Страница 9 из 13``, ``- 9 -``)
PAGE_NUMBER = re.compile(
    r"^(?:\d{1,3}|-\s*\d{1,3}\s*-|\d+\s+беттің\s+\d+\s+беті|страница\s+\d+(?:\s+из\s+\d+)?)$",
    re.I,
)


def without_page_breaks(
    lines: list[tuple[int, str]], kept: AbstractSet[str] = frozenset()
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The numbered lines less those that are no text of an act, and those dropped each
    with why: a page number (with the blank line after it, and the one before, so that the
    text a page break cut is joined), a lone letter or punctuation, a bullet or dash alone
    (but the lines in ``kept``, such as the quote marks that open a quoted text)."""
    out: list[tuple[int, str]] = []
    dropped: list[tuple[int, str]] = []
    after_number = False
    for n, t in lines:
        text = t.strip()
        if PAGE_NUMBER.match(text):
            dropped.append((n, f"a page number {text!r} in the text, not read"))
            if out and not out[-1][1].strip():
                out.pop()
            after_number = True
        elif text and text not in kept and (is_stray(text) or is_mark_only(text)):
            dropped.append((n, f"a stray {text!r} on a line of its own, not read"))
        elif after_number and not text:
            after_number = False
        else:
            after_number = False
            out.append((n, t))
    return out, dropped
