"""Generated variations of real standards in the older Russian template.

Documents the parser was not written for break it at unexpected places: a stray ``к`` alone
in a task cell, a bullet glyph (U+F0B7) before ``Задача 1``, a labor function going on
over a page break. So the rows of corpus documents (each read once) are mutated in memory
at many places, and every variant is parsed:

* markers: bullets (``•``, ``–``, ``-``, U+F0B7, ``▪``) and numbering styles (``1.``,
  ``1)``, ``а)``, ``a)``, ``1 `` and ``1.`` glued to the text) before the items of a cell,
  before its ``Умения``/``Знания`` headers, and before ``Задача N`` and ``Трудовая функция
  N`` (in one row, or in every row of the function);
* stray text: a lone letter (``к``, ``и``), a lone ``.``, ``-``, ``•``, a line of no-break
  or plain spaces, at the start, inside or at the end of each cell of a row; a ``к`` in
  place of a task cell; no-break, doubled and tab spaces through a cell;
* breaks: a row broken into two rows after each line of its items (the continuation with
  its first cells empty, or repeating them as a reader of a merged cell does, on the same
  or the next page), an item broken across two rows (before a lower-case word, or before
  any word in a numbered list), a page break before any row, and the table restarting
  after a page break with its header row (the card heading) repeated;
* cells: two neighbouring cells of a row merged into one (a label and its value, a task
  and its items), a cell split into two (a label from its title, items after any line),
  two rows of one skill merged into one.

For each variant: the parser does not raise; and either the same facts come out (cards,
their functions, skills/tasks and their ability and knowledge texts, in order), or the
difference is reported by a warning placed on the mutated row, with the odd text kept in
``unassigned`` at that place. Text that is no part of the standard (a stray letter) must
be so reported even when the facts are the same: nothing is dropped silently.

Windows of each document (its passport and one card) are parsed, not whole documents, so
that thousands of variants run in seconds. A default run tries every n-th variant of each
mutator (``STRIDES``, from a start that moves from card to card) and asserts the count:
``test_variants_docx`` 2,407 over every card of four DOCX documents (two of each layout),
the slow ``test_variants_pdf`` 642 over the 15 cards of PdfDefault 55 as its reader gives
them (rows placed on pages), ``test_variants_docx_as_pages`` 583 page and row breaks over
DOCX rows placed on pages: 3,632 in all, in about 20 s. ``NQS_ALL_VARIANTS=1`` tries every
variant: 44,936 (24,697 + 18,298 + 1,941), in a few minutes.

The three failures met in real documents have tests of their own at the end, each also
failing with the parser as it was before: the stray ``к`` (the parse stopped), the U+F0B7
before ``Задача 1`` (the parse stopped), and a function's title going on over a page
break in words that begin like another label (23 items of PdfDefault 55 lost).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from nqs.loaders.model import Location, Row, SourceInfo
from nqs.loaders.read import read
from nqs.loaders.standard.model import StandardDocument
from nqs.loaders.standard.parse_older import label_key, parse_standard_ru
from tests.standard_fixtures import CORPUS

Facts = tuple[Any, ...]
INFO = SourceInfo(Path("variant.docx"), "application/octet-stream", "0" * 64)
DOCX = {
    "default_1": "Default 1_ Администрирование баз данных.docx",
    "default_7": "Default 7_ Разработка программного обеспечения.docx",
    "kind2_22": "Kind2 22_ Тестирование программного обеспечения.docx",
    "kind2_46": "Kind2 46 Управление и проектирование.docx",
}
PDF = {"pdf_55": "PdfDefault 55_ ПС Разработчики ПО и спец по тестированию, WEB и МП.pdf"}

BULLETS = ("• ", "– ", "- ", "\uf0b7 ", "\uf0b7\t", "▪ ")
NUMBERINGS = ("{n}. ", "{n}) ", "{n}.", "{n} ", "{n}.\t", "{a}) ", "{l}) ")
CYRILLIC = "абвгдежзиклмнопрстуфхцчшщэюя"
LATIN = "abcdefghijklmnopqrstuvwxyz"
LABEL_MARKERS = ("• ", "\uf0b7", "\uf0b7 ", "- ", "– ", "▪ ", "1. ", "1) ", "а) ")
STRAYS = {"к": "к", "и": "и", ".": ".", "-": None, "•": None, "\u00a0": None, "  ": None}


# -- the documents ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Window:
    """A document's rows before its first card and the rows of one or two cards: small
    enough to parse thousands of times, whole enough to be a standard."""

    name: str
    rows: tuple[Row, ...]
    heading: Row  # the card heading row

    @property
    def base(self) -> StandardDocument:
        return _parse(self.rows)


@cache
def _rows(path: Path) -> tuple[Row, ...]:
    return tuple(read(path)[1])


@cache
def _parse(rows: tuple[Row, ...]) -> StandardDocument:
    return parse_standard_ru(list(rows), INFO)


def _is_heading(row: Row) -> bool:
    return len(row.cells) == 1 and label_key(row.cells[0]).startswith("карточка профессии")


def windows(name: str, rows: Sequence[Row], cards: int = 1) -> list[Window]:
    """The head of the document with each run of ``cards`` cards."""
    starts = [i for i, r in enumerate(rows) if _is_heading(r)]
    # the head without the general provisions and glossary (long paragraphs): they have
    # nothing to do with the cards and take a third of the time to parse
    head = tuple(r for r in rows[: starts[0]] if len(r.cells) > 1 or len(r.cells[0]) < 400)
    bounds = [*starts, len(rows)]
    out = []
    for k in range(0, len(starts), cards):
        body = tuple(rows[bounds[k] : bounds[min(k + cards, len(starts))]])
        out.append(Window(f"{name} card {k + 1}", head + body, rows[bounds[k]]))
    return out


def as_pages(rows: Sequence[Row], per_page: int = 6) -> tuple[Row, ...]:
    """The rows placed on pages as a PDF reader places them (``per_page`` rows a page)."""
    return tuple(
        replace(r, loc=Location("page", 1 + i // per_page, 1 + i // per_page))
        for i, r in enumerate(rows)
    )


def facts(doc: StandardDocument) -> Facts:
    """What must not change: the cards, their functions, skills and items, in order."""
    return tuple(
        (
            card.name,
            card.level,
            tuple(
                (
                    fn.ordinal,
                    fn.title,
                    fn.mandatory,
                    tuple(
                        (
                            s.ordinal,
                            s.title,
                            s.is_task,
                            s.implicit,
                            tuple(i.text for i in s.abilities),
                            tuple(i.text for i in s.knowledge),
                        )
                        for s in fn.skills
                    ),
                )
                for fn in card.functions
            ),
        )
        for card in doc.cards
    )


# -- variants -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    kind: str
    rows: tuple[Row, ...]
    where: tuple[Location, ...]  # the places of the mutated rows
    odd: str | None = None  # text of no element: kept in ``unassigned`` with a warning


Mutator = Callable[[Window], Iterator[Variant]]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _is_function_row(row: Row) -> bool:
    return len(row.cells) >= 2 and label_key(row.cells[0]).startswith("трудовая функция")


def _function_rows(window: Window) -> list[int]:
    return [i for i, r in enumerate(window.rows) if _is_function_row(r)]


def _with(rows: tuple[Row, ...], i: int, *new: Row) -> tuple[Row, ...]:
    return rows[:i] + tuple(new) + rows[i + 1 :]


def _cells(row: Row, c: int, text: str) -> Row:
    cells = list(row.cells)
    cells[c] = text
    return replace(row, cells=tuple(cells))


_MARK = re.compile(r"^\s*(?:\d{1,2}\s*[.)]\s*|[-•\uf0b7–▪]\s*)")
_HEADER = re.compile(r"^\s*(умения и навыки|умения|навыки|знания)\s*:?\s*$", re.I)


def _item_starts(window: Window, text: str) -> list[int]:
    """Lines of an item cell that begin an item of the unmutated document."""
    starts = {
        i.text[:40]
        for c in window.base.cards
        for f in c.functions
        for s in f.skills
        for i in (*s.abilities, *s.knowledge)
    }
    out = []
    for n, line in enumerate(_lines(text)):
        body = " ".join(_MARK.sub("", line).split())
        # the whole of a short item, or the first 40 letters of a long one
        if body and body[:40] in starts and not _HEADER.match(line):
            out.append(n)
    return out


def _marker(style: str, n: int) -> str:
    return style.format(n=n, a=CYRILLIC[(n - 1) % len(CYRILLIC)], l=LATIN[(n - 1) % len(LATIN)])


def item_markers(window: Window) -> Iterator[Variant]:
    """Each bullet and numbering style before every item of an item cell."""
    for i in _function_rows(window):
        row = window.rows[i]
        text = row.cells[-1]
        starts = _item_starts(window, text)
        if not starts:
            continue
        for style in (*BULLETS, *NUMBERINGS):
            lines = _lines(text)
            for n, k in enumerate(starts, start=1):
                lines[k] = _marker(style, n) + _MARK.sub("", lines[k]).lstrip()
            new = _cells(row, len(row.cells) - 1, "\n".join(lines))
            yield Variant(f"items {style!r}", _with(window.rows, i, new), (row.loc,))


def header_markers(window: Window) -> Iterator[Variant]:
    """A bullet before the ``Умения``/``Знания`` header of an item cell."""
    for i in _function_rows(window):
        row = window.rows[i]
        lines = _lines(row.cells[-1])
        heads = [k for k, line in enumerate(lines) if _HEADER.match(line)]
        for style in BULLETS[:4]:
            if not heads:
                break
            for k in heads:
                lines[k] = style + lines[k].strip()
            new = _cells(row, len(row.cells) - 1, "\n".join(lines))
            yield Variant(f"header {style!r}", _with(window.rows, i, new), (row.loc,))
            lines = _lines(row.cells[-1])


def label_markers(window: Window) -> Iterator[Variant]:
    """A marker before ``Трудовая функция N`` or ``Задача N``: in the first row of each
    function and each task, or in every row of the function."""
    rows = window.rows
    firsts: dict[str, list[int]] = {}
    for i in _function_rows(window):
        firsts.setdefault(rows[i].cells[0], []).append(i)
    for label, found in firsts.items():
        first = found[0]
        for style in LABEL_MARKERS:
            row = rows[first]
            yield Variant(
                f"function label {style!r}",
                _with(rows, first, _cells(row, 0, style + row.cells[0])),
                (row.loc,),
            )
            every = list(rows)
            for i in found:
                every[i] = _cells(rows[i], 0, style + label)
            yield Variant(
                f"function label {style!r} in every row",
                tuple(every),
                tuple(rows[i].loc for i in found),
            )
            tasks: dict[str, int] = {}
            for i in found:
                if len(rows[i].cells) >= 3 and rows[i].cells[1].strip():
                    tasks.setdefault(rows[i].cells[1], i)
            for task, i in tasks.items():
                yield Variant(
                    f"task {style!r}",
                    _with(rows, i, _cells(rows[i], 1, style + task)),
                    (rows[i].loc,),
                )


def strays(window: Window) -> Iterator[Variant]:
    """A stray line at the start, inside and at the end of each cell of every third
    function row, and at the end of the value of every other labelled row."""
    functions = _function_rows(window)[::3]
    for i, row in enumerate(window.rows):
        if len(row.cells) < 2 or (_is_function_row(row) and i not in functions):
            continue
        inside = i in functions  # a function row: every cell, every stray, three places
        columns = list(range(len(row.cells))) if inside else [len(row.cells) - 1]
        kinds = list(STRAYS) if inside else ["к", "-"]
        if inside and len(row.cells) > 2:
            yield Variant(
                "stray 'к' alone in the task cell",
                _with(window.rows, i, _cells(row, 1, "к")),
                (row.loc,),
                "к",
            )
        for c in columns:
            lines = _lines(row.cells[c])
            spots = sorted({0, len(lines) // 2, len(lines)}) if inside else [len(lines)]
            for stray in kinds:
                for at in spots:
                    new = [*lines[:at], stray, *lines[at:]]
                    yield Variant(
                        f"stray {stray!r} in cell {c} at line {at}",
                        _with(window.rows, i, _cells(row, c, "\n".join(new))),
                        (row.loc,),
                        STRAYS[stray],
                    )


def spaces(window: Window) -> Iterator[Variant]:
    """No-break, doubled and tab spaces through the cells of function rows."""
    kinds: dict[str, Callable[[str], str]] = {
        "no-break spaces": lambda t: t.replace(" ", "\u00a0"),
        "padded lines": lambda t: "\n".join(f"\u00a0 {x} \u00a0" for x in _lines(t)),
        "doubled spaces": lambda t: t.replace(" ", "  "),
        "tabs": lambda t: t.replace(" ", "\t"),
    }
    for i in _function_rows(window):
        row = window.rows[i]
        for name, change in kinds.items():
            new = replace(row, cells=tuple(change(c) for c in row.cells))
            yield Variant(name, _with(window.rows, i, new), (row.loc,))


def _split_row(row: Row, lines: list[str], k: int, repeat: bool, loc: Location) -> list[Row]:
    last = len(row.cells) - 1
    first = _cells(row, last, "\n".join(lines[:k]))
    rest = [c if repeat else "" for c in row.cells[:last]] + ["\n".join(lines[k:])]
    return [first, Row(tuple(rest), loc, row.in_table)]


def _shifted(rows: tuple[Row, ...], start: int) -> tuple[Row, ...]:
    """Rows from ``start`` on moved to the next page."""
    return rows[:start] + tuple(
        replace(r, loc=Location("page", r.loc.start + 1, r.loc.end + 1)) for r in rows[start:]
    )


def row_breaks(window: Window) -> Iterator[Variant]:
    """Every row with several lines of items broken after each line: the rest in a new row
    with the first cells empty or repeated; on the next page when the rows are pages."""
    pages = window.rows[0].loc.unit == "page"
    for i, row in enumerate(window.rows):
        if len(row.cells) < 2:
            continue
        lines = _lines(row.cells[-1])
        filled = [k for k, x in enumerate(lines) if x.strip()]
        for k in filled[1:]:
            for repeat in (False, True):
                how = "repeated" if repeat else "empty"
                parts = _split_row(row, lines, k, repeat, row.loc)
                rows = window.rows[:i] + tuple(parts) + window.rows[i + 1 :]
                yield Variant(f"row broken at line {k}, cells {how}", rows, (row.loc,))
                if pages:
                    moved = _shifted(rows, i + 1)
                    yield Variant(
                        f"row broken by a page at line {k}, cells {how}",
                        moved,
                        (row.loc, moved[i + 1].loc),
                    )


def item_breaks(window: Window) -> Iterator[Variant]:
    """An item broken across two rows (the continuation's first cells empty): before a
    lower-case word, and in a numbered list before a capitalised one."""
    for i in _function_rows(window):
        row = window.rows[i]
        lines = _lines(row.cells[-1])
        for k, line in enumerate(lines):
            words = line.split(" ")
            numbered = re.match(r"\s*\d{1,2}[.)]", line) is not None
            cuts = [
                j
                for j in range(2, len(words) - 1)
                if words[j][:1].islower() or (numbered and words[j][:1].isupper())
            ]
            if not cuts:
                continue
            j = cuts[len(cuts) // 2]
            head = [*lines[:k], " ".join(words[:j])]
            tail = [" ".join(words[j:]), *lines[k + 1 :]]
            first = _cells(row, len(row.cells) - 1, "\n".join(head))
            rest = Row(tuple([""] * (len(row.cells) - 1) + ["\n".join(tail)]), row.loc)
            rows = (*window.rows[:i], first, rest, *window.rows[i + 1 :])
            yield Variant(f"item broken before {words[j]!r}", rows, (row.loc,))


def page_breaks(window: Window) -> Iterator[Variant]:
    """A page break before each row of the cards (pages only), and the table restarting
    after a page break with its header row, the card heading, repeated."""
    rows = window.rows
    pages = rows[0].loc.unit == "page"
    start = rows.index(window.heading) + 1
    for i in range(start + 1, len(rows)):
        if pages:
            yield Variant("page break", _shifted(rows, i), (rows[i].loc,))
        if not (_is_function_row(rows[i]) or _is_function_row(rows[i - 1])):
            continue
        header = replace(window.heading, loc=rows[i].loc)
        with_header = (*rows[:i], header, *rows[i:])
        if pages:
            with_header = _shifted(with_header, i)
        yield Variant("header row repeated", with_header, (with_header[i].loc,))


def merged_cells(window: Window) -> Iterator[Variant]:
    """Two neighbouring cells of a row merged into one, in labelled rows of the cards."""
    rows = window.rows
    start = rows.index(window.heading) + 1
    for i in range(start, len(rows)):
        row = rows[i]
        if len(row.cells) < 2 or not row.cells[0].strip():
            continue
        for c in range(len(row.cells) - 1):
            a, b = row.cells[c], row.cells[c + 1]
            merged = (*row.cells[:c], f"{a}\n{b}" if a.strip() else b, *row.cells[c + 2 :])
            new = replace(row, cells=merged)
            yield Variant(f"cells {c} and {c + 1} merged", _with(rows, i, new), (row.loc,))


def split_cells(window: Window) -> Iterator[Variant]:
    """A cell of a function row split into two after each of its lines."""
    for i in _function_rows(window):
        row = window.rows[i]
        for c in range(len(row.cells)):
            lines = _lines(row.cells[c])
            filled = [k for k, x in enumerate(lines) if x.strip()]
            for k in filled[1:]:
                cells = (
                    *row.cells[:c],
                    "\n".join(lines[:k]),
                    "\n".join(lines[k:]),
                    *row.cells[c + 1 :],
                )
                yield Variant(
                    f"cell {c} split at line {k}",
                    _with(window.rows, i, replace(row, cells=cells)),
                    (row.loc,),
                )


def merged_rows(window: Window) -> Iterator[Variant]:
    """Two neighbouring rows of one function and task merged into one row."""
    rows = window.rows
    for i in _function_rows(window):
        if i + 1 >= len(rows):
            continue
        a, b = rows[i], rows[i + 1]
        if not _is_function_row(b) or a.cells[:-1] != b.cells[:-1]:
            continue
        merged = replace(a, cells=(*a.cells[:-1], f"{a.cells[-1]}\n{b.cells[-1]}"))
        yield Variant("rows merged", (*rows[:i], merged, *rows[i + 2 :]), (a.loc, b.loc))


MUTATORS: tuple[Mutator, ...] = (
    item_markers,
    header_markers,
    label_markers,
    strays,
    spaces,
    row_breaks,
    item_breaks,
    page_breaks,
    merged_cells,
    split_cells,
    merged_rows,
)


# -- the check ----------------------------------------------------------------------------------
def _overlaps(loc: Location | None, where: tuple[Location, ...]) -> bool:
    return loc is not None and any(
        loc.unit == w.unit and loc.start <= w.end and w.start <= loc.end for w in where
    )


def check(window: Window, variant: Variant) -> str | None:
    """Why the variant fails, or None."""
    try:
        doc = parse_standard_ru(list(variant.rows), INFO)
    except Exception as exc:  # any exception is a failure of the parser
        return f"raised {type(exc).__name__}: {exc}"
    base = window.base
    # what is new, by text (a page break moves the places of everything after it)
    fresh = Counter(w.message for w in doc.warnings) - Counter(w.message for w in base.warnings)
    warned = any(w.message in fresh and _overlaps(w.loc, variant.where) for w in doc.warnings)
    kept = variant.odd is None or any(
        variant.odd in b.text and _overlaps(b.loc, variant.where) for b in doc.unassigned
    )
    if variant.odd is not None and not (warned and kept):
        return f"odd text {variant.odd!r} not reported (warned {warned}, kept {kept})"
    dropped = Counter(b.text for b in doc.unassigned) - Counter(b.text for b in base.unassigned)
    if dropped and not warned:
        return f"text assigned to nothing without a warning: {next(iter(dropped))[:60]!r}"
    if facts(doc) == facts(base):
        return None
    if not warned:
        return "facts differ, no warning on the mutated row: " + _difference(base, doc)
    return None


def _difference(a: StandardDocument, b: StandardDocument) -> str:
    for x, y in zip(_flat(a), _flat(b), strict=False):
        if x != y:
            return f"{x!r} became {y!r}"
    return f"{len(_flat(a))} facts became {len(_flat(b))}"


def _flat(doc: StandardDocument) -> list[str]:
    out = []
    for card in doc.cards:
        out.append(f"card {card.ordinal} {card.name}")
        for fn in card.functions:
            out.append(f"  function {fn.ordinal} {fn.title}")
            for s in fn.skills:
                out.append(f"    skill {s.ordinal} {s.title}")
                out += [f"      ability {i.text}" for i in s.abilities]
                out += [f"      knowledge {i.text}" for i in s.knowledge]
    return out


def run(
    windows: Sequence[Window],
    mutators: Sequence[Mutator] = MUTATORS,
    strides: dict[str, int] | None = None,
) -> tuple[int, list[str]]:
    """Variants tried and the failures (at most two of each kind). ``strides``: every n-th
    variant of a mutator is tried, from a start that moves from window to window."""
    tried = 0
    failures: list[str] = []
    kinds: Counter[str] = Counter()
    for w, window in enumerate(windows):
        for mutate in mutators:
            stride = (strides or {}).get(mutate.__name__, 1)
            for variant in islice(mutate(window), w % stride, None, stride):
                tried += 1
                why = check(window, variant)
                if why is None:
                    continue
                kind = f"{mutate.__name__}: {why[:60]}"
                kinds[kind] += 1
                if kinds[kind] <= 2:
                    where = variant.where[0].label()
                    failures.append(f"{window.name}: {variant.kind} at {where}: {why}")
    return tried, failures


# -- tests ----------------------------------------------------------------------------------------
# every n-th variant of each mutator in the default run; NQS_ALL_VARIANTS=1 tries them all
STRIDES: dict[str, int] | None = {
    "item_markers": 10,
    "header_markers": 5,
    "label_markers": 10,
    "strays": 28,
    "spaces": 10,
    "row_breaks": 10,
    "item_breaks": 5,
    "page_breaks": 3,
    "merged_cells": 5,
    "split_cells": 8,
    "merged_rows": 3,
}
if os.environ.get("NQS_ALL_VARIANTS"):
    STRIDES = None


def _times(n: int) -> dict[str, int] | None:
    return None if STRIDES is None else {k: n * v for k, v in STRIDES.items()}


def docx_windows() -> list[Window]:
    return [w for key, name in DOCX.items() for w in windows(key, _rows(CORPUS / name))]


def pdf_windows() -> list[Window]:
    return [w for key, name in PDF.items() for w in windows(key, _rows(CORPUS / name))]


def test_windows_parse_as_the_documents() -> None:
    """A window gives the facts of its cards as the whole document does."""
    for key, name in DOCX.items():
        rows = _rows(CORPUS / name)
        whole = facts(_parse(rows))
        parts = windows(key, rows)
        assert len(parts) == len(whole)
        for k, window in enumerate(parts):
            assert facts(window.base)[0][1:] == whole[k][1:], window.name


def test_variants_docx() -> None:
    """Every mutator over every card of four DOCX documents, two of each layout (2,407
    variants)."""
    tried, failures = run(docx_windows(), strides=STRIDES)
    print(f"{tried} variants tried")
    assert not failures, "\n".join(failures)
    assert tried >= 2000


@pytest.mark.slow
def test_variants_pdf() -> None:
    """Every mutator over a PDF's own rows (pages: a break moves the rows after it to the
    next page)."""
    tried, failures = run(pdf_windows(), strides=_times(3))
    print(f"{tried} variants tried")
    assert not failures, "\n".join(failures)
    assert tried >= 500


@pytest.mark.slow
def test_variants_docx_as_pages() -> None:
    """DOCX rows placed on pages (six rows a page): a page break before every row, rows
    broken by a page with the cells on the new page empty or repeated."""
    found = [
        Window(w.name + " as pages", as_pages(w.rows), as_pages(w.rows)[w.rows.index(w.heading)])
        for w in docx_windows()[::3]
    ]
    strides = None if STRIDES is None else {"row_breaks": 4, "page_breaks": 2}
    tried, failures = run(found, (row_breaks, page_breaks), strides)
    print(f"{tried} variants tried")
    assert not failures, "\n".join(failures)
    assert tried >= 500


# -- the failures met in documents the loader was not written for ---------------------------------
def _window(key: str, card: int) -> Window:
    source = DOCX.get(key) or PDF[key]
    return windows(key, _rows(CORPUS / source))[card - 1]


def _first(rows: Sequence[Row], test: Callable[[Row], bool]) -> int:
    return next(i for i, r in enumerate(rows) if test(r))


@pytest.mark.parametrize("which", ["first", "next"])
def test_stray_letter_alone_in_a_task_cell(which: str) -> None:
    """A ``к`` alone in the task cell of a function's first row stopped the build (no task
    to go on with), in a later row it went into the task's title; it is reported where it
    stands and kept unassigned, and the function reads as without it."""
    window = _window("kind2_22", 1)
    rows = list(window.rows)
    i = _first(rows, lambda r: len(r.cells) == 3 and r.cells[1].startswith("Задача"))
    i += 0 if which == "first" else 1
    rows[i] = _cells(rows[i], 1, "к")
    doc = parse_standard_ru(rows, INFO)
    assert facts(doc) == facts(window.base)
    assert [(w.loc, w.message) for w in doc.warnings if w.loc == rows[i].loc] == [
        (rows[i].loc, "a stray 'к' on a line of its own, not read")
    ]
    assert [b.text for b in doc.unassigned if b.loc == rows[i].loc] == ["к"]


def test_bullet_glyph_before_task() -> None:
    """A Symbol-font bullet (U+F0B7) before ``Задача 1`` stopped the build; the task reads
    as without it."""
    window = _window("kind2_46", 1)
    rows = [
        _cells(r, 1, "\uf0b7\t" + r.cells[1]) if r.cells[1:2] and "Задача 1" in r.cells[1] else r
        for r in window.rows
    ]
    assert rows != list(window.rows)
    assert facts(parse_standard_ru(rows, INFO)) == facts(window.base)


@pytest.mark.parametrize("rest", ["Кодирование и отладка ПО", "Экспертиза и отладка кода ПО"])
def test_function_title_going_on_like_a_label(rest: str) -> None:
    """PdfDefault 55 pages 11-12: ``Трудовая функция 1:`` ends a page and the rest of the
    title is repeated in every row of the next. A rest that begins like another label
    (``Код…``, ``…экспертиз…``) was read as that label, and the function's items on the new
    page were lost; they are the function's."""
    source = _rows(CORPUS / PDF["pdf_55"])
    head = "Разработка и отладка программного кода ПО"
    rows = [_cells(r, 0, rest) if r.cells[0] == head else r for r in source]
    doc = parse_standard_ru(rows, INFO)
    base = _parse(source)
    k = next(n for n, c in enumerate(base.cards) if any(f.title == head for f in c.functions))
    got, want = doc.cards[k].functions[0], base.cards[k].functions[0]
    assert got.title == rest
    assert [(s.title, s.abilities, s.knowledge) for s in got.skills] == [
        (s.title, s.abilities, s.knowledge) for s in want.skills
    ]


def test_approval_broken_by_a_page() -> None:
    """The developers' cell broken by a page before the approving order's number and date:
    the approval is read whole, and its date is no developer."""
    source = _rows(CORPUS / DOCX["default_1"])
    rows = list(source)
    i = _first(rows, lambda r: r.cells[0].startswith("Разработано"))
    text, _, date = rows[i].cells[1].rpartition("\n")
    assert date == "№ 171 от 17 июля 2017 года"
    rows[i : i + 1] = [_cells(rows[i], 1, text), _cells(rows[i], 1, date)]
    doc = parse_standard_ru(rows, INFO)
    base = _parse(source)
    assert doc.technical.approvals == base.technical.approvals != []
    assert doc.technical.developers == base.technical.developers


def test_card_heading_repeated_or_new() -> None:
    """Default 1 heads its three cards alike. The heading repeated inside a card (a table's
    header row after a page break) is reported and read as nothing; the same heading
    before the next card's code starts that card."""
    window = _window("default_1", 1)
    rows = list(_rows(CORPUS / DOCX["default_1"]))
    i = _first(rows, lambda r: r.cells[0].startswith("Трудовая функция 3"))
    rows.insert(i, replace(window.heading, loc=rows[i].loc))
    doc = parse_standard_ru(rows, INFO)
    assert facts(doc) == facts(_parse(_rows(CORPUS / DOCX["default_1"])))
    assert len(doc.cards) == 3
    assert "the card heading repeated inside the card, not read" in [
        w.message for w in doc.warnings if w.loc == rows[i].loc
    ]
