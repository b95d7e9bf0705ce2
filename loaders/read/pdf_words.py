"""Words from a PDF page's characters, by the rule of pdfplumber's ``extract_words``.

The rule, with the tolerances the PDF reader uses (``x_tolerance=1.5, y_tolerance=3``,
``extra_attrs=["fontname", "size"]``):

1. characters are taken in content-stream order and cut into groups of consecutive
   characters with the same orientation, font and size (a word never spans two groups).
   The size here is the font size times the text's vertical scale; pdfplumber computes it
   as the difference of two coordinates, so it also cuts where rounding makes one size
   differ in the last bit (11.999999999999993 after 12.0): on the corpus that changes only
   the order in which it lists the words, which the PDF reader sorts anyway;
2. in each group the characters' tops are clustered (sorted distinct values, a new cluster
   where the next value is more than ``y_tolerance`` below the last), one line per cluster,
   top to bottom; a line's characters are sorted by left edge (stream order among equals);
3. a word ends at a blank character and before a character that starts left of the last
   one, more than ``x_tolerance`` right of its right edge, or whose top differs from the
   last one's by more than ``y_tolerance``.

A word's box is the union of its characters' boxes; its font and size are its first
character's.
"""

from __future__ import annotations

import re
from itertools import chain, compress, groupby, repeat
from operator import add, attrgetter, gt, sub
from typing import NamedTuple

from nqs.loaders.read.pdf_page import Run

X_TOLERANCE = 1.5
Y_TOLERANCE = 3.0
_NONBLANK = re.compile(r"\S+")  # runs of characters that are not str.isspace()
_GROUP = attrgetter("upright", "font", "size")  # what a word never spans two of


# a named tuple made from its fields' tuple without the Python-level ``__new__`` the class
# has (a fifth of the time, for the thousands of words of a page)
_new = tuple.__new__


class Word(NamedTuple):
    """A word as pdfplumber reports it (its box in points from the page's top left)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    bold: bool  # the font's name says bold


def words(
    runs: list[Run], x_tolerance: float = X_TOLERANCE, y_tolerance: float = Y_TOLERANCE
) -> list[Word]:
    """The words of a page's runs (in stream order), group by group, line by line."""
    out: list[Word] = []
    for (_, font, size), grouped in groupby(runs, key=_GROUP):
        group = list(grouped)
        bold = "bold" in font.lower()
        if len(group) == 1:
            _line_words(group, font, size, bold, x_tolerance, y_tolerance, out)
            continue
        cluster = clusters([r.top for r in group], y_tolerance)
        lines: dict[int, list[Run]] = {}
        for run in group:
            lines.setdefault(cluster[run.top], []).append(run)
        for index in sorted(lines):
            _line_words(lines[index], font, size, bold, x_tolerance, y_tolerance, out)
    return out


def clusters(values: list[float], tolerance: float) -> dict[float, int]:
    """Cluster number of each value: sorted distinct values, a new cluster after a gap
    larger than ``tolerance``."""
    out: dict[float, int] = {}
    index = -1
    last = 0.0
    for value in sorted(set(values)):
        if index < 0 or value > last + tolerance:
            index += 1
        out[value] = index
        last = value
    return out


def _line_words(
    runs: list[Run],
    font: str,
    size: float,
    bold: bool,
    x_tolerance: float,
    y_tolerance: float,
    out: list[Word],
) -> None:
    """Append the words of one line (the runs of one line cluster, in stream order)."""
    first = runs[0]
    if len(runs) == 1:
        level = True
        text, x0, x1 = first.text, first.x0, first.x1
    else:
        top, bottom = first.top, first.bottom
        level = all([r.top == top and r.bottom == bottom for r in runs])
        text = "".join([r.text for r in runs])
        x0 = list(chain.from_iterable(r.x0 for r in runs))
        x1 = list(chain.from_iterable(r.x1 for r in runs))
    tops: list[float] = []
    bottoms: list[float] = []
    if not level:
        tops = list(chain.from_iterable(repeat(r.top, len(r.text)) for r in runs))
        bottoms = list(chain.from_iterable(repeat(r.bottom, len(r.text)) for r in runs))
    if any(map(gt, x0, x0[1:])):  # sort by left edge, stream order among equals
        order = sorted(range(len(x0)), key=x0.__getitem__)
        text = "".join([text[i] for i in order])
        x0, x1 = [x0[i] for i in order], [x1[i] for i in order]
        if not level:
            tops, bottoms = [tops[i] for i in order], [bottoms[i] for i in order]
    spans = [m.span() for m in _NONBLANK.finditer(text)]
    # where a character starts too far right of the last one's right edge, or too far from
    # its top: the word ends before it
    cuts = list(compress(range(1, len(x0)), map(gt, x0[1:], map(add, x1, repeat(x_tolerance)))))
    if not level:
        steps = map(abs, map(sub, tops[1:], tops))
        cuts.extend(compress(range(1, len(tops)), map(gt, steps, repeat(y_tolerance))))
        cuts.sort()
    if cuts:
        spans = _cut(spans, cuts)
    if level:
        top, bottom = first.top, first.bottom
        out.extend(
            [
                _new(Word, (text[s:e], x0[s], max(x1[s:e]), top, bottom, size, font, bold))
                for s, e in spans
            ]
        )
    else:
        out.extend(
            [
                _new(
                    Word,
                    (
                        text[s:e],
                        x0[s],
                        max(x1[s:e]),
                        min(tops[s:e]),
                        max(bottoms[s:e]),
                        size,
                        font,
                        bold,
                    ),
                )
                for s, e in spans
            ]
        )


def _cut(spans: list[tuple[int, int]], cuts: list[int]) -> list[tuple[int, int]]:
    """Split the spans at the (sorted) cut positions that fall inside them."""
    out: list[tuple[int, int]] = []
    k = 0
    for start, end in spans:
        while k < len(cuts) and cuts[k] <= start:
            k += 1
        while k < len(cuts) and cuts[k] < end:
            out.append((start, cuts[k]))
            start = cuts[k]
            k += 1
        out.append((start, end))
    return out
