"""Make the other published forms of the five seeds: a Word file, a PDF and a saved web page.

The seeds (``data/sources/seeds/*.txt``) are text extracted from PDF. The same acts are
published as Word files, PDFs and pages of the legal database; this script lays each seed
out as those forms would, into ``tests/fixtures/forms/<seed-stem>.{docx,pdf,html}``:

* the professional standard (seed 000): the passport and the technical data as numbered
  paragraphs, each profession card as a two-column table (``Топтың коды:`` | ``2633-1``,
  ``Дағды 1:`` | its title, ``Машықтар:`` | the numbered list in one cell, ...); so is its
  Russian version (``tests/fixtures/forms/000_ru.txt``, translated by hand line for line,
  into ``000_ru.{docx,pdf,html}``), with the Russian labels (``Код группы:``, ``Навык 1:``,
  ``Умения:``, ...): the labels of both languages are those the parser reads (the
  ``Wording`` of :mod:`nqs.loaders.standard.parse_current`);
* the other acts as paragraphs, with tables where the text has them: the NQF's level
  descriptors and pathways (seed 002; so is its Russian version, ``002_ru.txt``, into
  ``002_ru.{docx,pdf,html}``, under the Russian headings that the parser reads, the
  ``Wording`` of :mod:`nqs.loaders.framework.parse`), the course rules' page header, report plan and
  sheets (seed 001; so is its Russian version, ``001_ru.txt``, into ``001_ru.{docx,pdf,html}``,
  the column headings of the plan and the sheets cut at their Russian words), each quoted
  line of a card's table in the amending order (seed 004: function | skill | abilities and
  knowledge, the function's cell merged down its skills; so is its Russian version,
  ``004_ru.txt``, into ``004_ru.{docx,pdf,html}``);
  the positions (seed 003) are headings and paragraphs; so is its Russian version
  (``003_ru.txt`` into ``003_ru.{docx,pdf,html}``), its duties label, editorial notes
  and section headings told by :mod:`nqs.loaders.positions.parse`'s Russian ``Wording``.

Only the layout changes, never the wording: every paragraph is the seed's lines joined (a
line that ends in a hyphen after a letter is the first part of a compound, joined without a
space, as :func:`nqs.loaders.text.join_lines` does; so is a line that begins with a comma or
follows an opening bracket), with the layout the PDF extraction left in the text taken out:
the indentation of a line, runs of spaces, page breaks, the letters of a word spread by a
justified line (``ж а р и я л а н у ы н`` is the word ``жариялануын`` printed with letter
spacing), table cells the extraction interleaved (a cell that a page break split, a merged
cell printed amid its neighbours), a cut title printed again after a page break. Where the
seed's text is broken that way, the form has the whole table row. :func:`check_wording`
makes sure that every character of the seed other than white space is in the form, as often
as in the seed.

Word files are written with python-docx, pages as plain HTML (``html/head/meta charset/body``,
``p``, ``h1``-``h3``, ``table``), PDFs with reportlab in DejaVu Sans (Debian's
``fonts-dejavu-core``), tables drawn with ruling lines and split across pages between rows,
their header rows repeated on every page where the act has them, the page number at the
foot of each page. The output is deterministic: fixed creation dates, fixed times in the
Word package, the same bytes on every run.

Run with ``.venv/bin/python scripts/make_forms.py`` (``--check`` only compares the files
that would be written with those in the folder).
"""

from __future__ import annotations

import argparse
import html
import io
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from nqs.loaders.framework import parse as parse_nqf
from nqs.loaders.positions import parse as parse_positions
from nqs.loaders.standard.parse_current import FUNCTION_NUMBER, KK, RU, Wording

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "sources" / "seeds"
OUT = ROOT / "tests" / "fixtures" / "forms"
# Texts that are not seeds: the Russian versions of the seeds, translated by hand.
TEXTS = {stem: OUT / f"{stem}.txt" for stem in ("000_ru", "001_ru", "002_ru", "003_ru", "004_ru")}
FONTS = Path("/usr/share/fonts/truetype/dejavu")
FIXED_TIME = datetime(2024, 1, 1, 0, 0, 0)

# -- the model of a laid-out act ------------------------------------------------------------


@dataclass
class Para:
    """A paragraph; ``"\\n"`` in its text is a line break inside it."""

    text: str
    style: str = "body"  # body, indent (first line indented), title, heading, right, center, label


@dataclass
class Cell:
    paras: list[Para]
    span: int = 1  # grid columns spanned
    rows: int = 1  # rows spanned (merged down); the rows below leave it out


@dataclass
class Table:
    rows: list[list[Cell]]
    widths: list[float]  # shares of the text width, one per grid column
    header: int = 0  # rows repeated at the top of each PDF page and marked as header
    ruled: bool = True  # drawn with ruling lines (a signature block is not)
    scale: float = 1.0  # the size of its type to the text's (a table of long words is smaller)


Element = Para | Table


def placed(table: Table) -> list[list[tuple[int, Cell]]]:
    """Each row's cells with the grid column each starts in (a cell merged down from a
    row above takes its columns)."""
    covered: dict[tuple[int, int], bool] = {}
    out: list[list[tuple[int, Cell]]] = []
    for r, row in enumerate(table.rows):
        col, line = 0, []
        for c in row:
            while covered.get((r, col)):
                col += 1
            line.append((col, c))
            for dr in range(c.rows):
                for dc in range(c.span):
                    covered[(r + dr, col + dc)] = True
            col += c.span
        out.append(line)
    return out


@dataclass
class Form:
    """One seed laid out: its elements, and the parts of lines (line, text) it prints once
    where the extraction repeated them."""

    title: str
    elements: list[Element]
    lang: str = "kk"
    repeated: list[tuple[int, str]] = field(default_factory=list)


# -- reading the seed -----------------------------------------------------------------------

_SPACED_SEGMENT = re.compile(r" {2,}")


def _spaced(segment: str) -> bool:
    """A word printed with its letters (or stem and endings) spread: ``ж ү к т е л``,
    ``түр ін ің``."""
    tokens = segment.split(" ")
    if len(tokens) < 2:
        return False
    if all(len(t) == 1 for t in tokens):
        return True
    # a stem and its endings, never a number (``9 из 13`` is a page number)
    return (
        len(tokens) <= 3
        and not any(t.isdigit() for t in tokens)
        and all(len(t) <= 2 for t in tokens[1:])
    )


def unspread(line: str) -> str:
    """A line of a justified PDF with its spread words closed up and runs of spaces made
    one; any other line with its runs of spaces made one."""
    text = line.strip()
    segments = _SPACED_SEGMENT.split(text)
    spread = [s for s in segments if _spaced(s)]
    if len(segments) == 1 and not all(len(t) == 1 for t in text.split(" ")):
        spread = []  # one run of words: spread only if every word is a letter
    if (
        spread
        and any(any(c.isalpha() for c in s) for s in spread)
        and all(" " not in s or _spaced(s) for s in segments)
    ):
        return " ".join(s.replace(" ", "") for s in segments)
    return re.sub(r"\s+", " ", text)


class Seed:
    """A seed's lines, numbered from 1, and what has been laid out of them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = path.read_text(encoding="utf-8").split("\n")
        self.used: Counter[int] = Counter()

    def raw(self, n: int) -> str:
        return self.lines[n - 1].rstrip("\r")

    def line(self, n: int) -> str:
        """Line ``n`` with the layout taken out (see :func:`unspread`)."""
        return unspread(self.raw(n))

    def join(
        self,
        first: int,
        last: int | None = None,
        *,
        skip: Iterable[int] = (),
        after: str | None = None,
        then: tuple[int, int] | None = None,
    ) -> str:
        """Lines ``first``..``last`` (blank ones and ``skip`` left out) as one paragraph;
        with ``after``, the first line from the end of ``after`` on; with ``then``, the
        lines of that range follow (a paragraph that a page break split)."""
        numbers = [n for n in range(first, (last or first) + 1) if n not in set(skip)]
        if then is not None:
            numbers += range(then[0], then[1] + 1)
        out = ""
        for n in numbers:
            text = self.line(n)
            if n == first and after is not None:
                assert text.startswith(after), (n, text, after)
                text = text[len(after) :].strip()
            if not text:
                continue
            self.used[n] += 1
            if not out:
                out = text
            elif len(out) >= 2 and out.endswith("-") and out[-2].isalpha():
                out += text  # a compound split at its hyphen
            elif text[0] in ",.;:)" or out.endswith("("):
                out += text  # the line break came before the punctuation or after "("
            else:
                out += " " + text
        return out

    def lines_of(self, first: int, last: int) -> str:
        """Lines ``first``..``last`` kept as lines (a line break between them)."""
        return "\n".join(self.join(n) for n in range(first, last + 1) if self.line(n))

    def part(self, n: int, start: str | None = None, end: str | None = None) -> str:
        """Part of line ``n``: from ``start`` (included) and/or up to ``end`` (included)."""
        text = self.line(n)
        if start is not None:
            text = text[text.index(start) :]
        if end is not None:
            text = text[: text.index(end) + len(end)]
        self.used[n] += 1
        return text.strip()


def form_text(form: Form) -> Iterable[str]:
    for element in form.elements:
        if isinstance(element, Para):
            yield element.text
        else:
            for row in element.rows:
                for cell in row:
                    for para in cell.paras:
                        yield para.text


def check_wording(seed: Seed, form: Form) -> None:
    """Every non-space character of the seed's lines (less the repeated parts) is in the
    form as often as in the seed, and no other; every non-blank line was laid out."""
    want: Counter[str] = Counter()
    for n in range(1, len(seed.lines) + 1):
        want.update(c for c in seed.raw(n) if not c.isspace())
    for n, text in form.repeated:
        assert text in seed.line(n), (n, text)
        want.subtract(c for c in text if not c.isspace())
    got: Counter[str] = Counter(c for t in form_text(form) for c in t if not c.isspace())
    if want != got:
        lost, added = dict(want - got), dict(got - want)
        raise SystemExit(f"{seed.path.name}: wording changed: missing {lost}, extra {added}")
    missing = [n for n in range(1, len(seed.lines) + 1) if seed.line(n) and not seed.used[n]]
    if missing:
        raise SystemExit(f"{seed.path.name}: lines not laid out: {missing[:20]}")


# -- helpers for building forms -------------------------------------------------------------


def cell(*texts: str, style: str = "body", span: int = 1) -> Cell:
    return Cell([Para(t, style) for t in texts if t], span)


def label(text: str, span: int = 1) -> Cell:
    return cell(text, style="label", span=span)


_ITEM = re.compile(r"^(?:\d+[.)]\s|\d{4}-\d-\d{3}\b)")


def paragraphs(seed: Seed, first: int, last: int, *, prose: bool = False) -> list[str]:
    """The paragraphs of lines ``first``..``last``: a numbered item (``1.``, ``1)``) or a
    code starts one and goes on to the next; unless ``prose``, so does a line that starts
    with a capital letter or a digit (a list of short entries); a line in lower case
    continues the paragraph before it."""
    groups: list[list[int]] = []
    for n in range(first, last + 1):
        text = seed.line(n)
        if not text:
            continue
        starts = _ITEM.match(text) is not None or (
            not prose and (text[0].isupper() or text[0].isdigit())
        )
        if not groups or starts:
            groups.append([n])
        else:
            groups[-1].append(n)
    return [seed.join(g[0], g[-1]) for g in groups]


def indented(seed: Seed, first: int, last: int, style: str = "indent") -> list[Para]:
    """The paragraphs of a stretch of a page of the legal database: each begins at a line
    the extraction indented, the lines below it that are not indented go on with it (blank
    lines are page breaks)."""
    groups: list[list[int]] = []
    for n in range(first, last + 1):
        raw = seed.raw(n)
        if not raw.strip():
            continue
        if not groups or raw.startswith("    "):
            groups.append([n])
        else:
            groups[-1].append(n)
    return [Para(seed.join(g[0], g[-1]), style) for g in groups]


def columns(seed: Seed, n: int) -> list[str]:
    """The columns of a line of side-by-side text (split at runs of three or more spaces)."""
    seed.used[n] += 1
    return [unspread(part) for part in re.split(r" {3,}", seed.raw(n).strip())]


def side_by_side(seed: Seed, first: int, last: int) -> list[list[str]]:
    """Lines ``first``..``last`` of two columns of text side by side, as rows of two cells:
    the right column starts where it starts on the lines that have both columns (split at a
    run of three or more spaces), so a line with one column's text only has the other cell
    empty (the Russian signature block has a line of the right column alone)."""
    starts = set()
    for n in range(first, last + 1):
        raw = seed.raw(n).rstrip()
        if m := re.search(r"\S {3,}(?=\S)", raw):
            starts.add(m.end())
    assert len(starts) == 1, (first, last, starts)
    (at,) = starts
    rows = []
    for n in range(first, last + 1):
        seed.used[n] += 1
        raw = seed.raw(n)
        rows.append([unspread(raw[:at]), unspread(raw[at:])])
    return rows


# -- seed 000: the professional standard, in Kazakh and in Russian ----------------------------


@dataclass(frozen=True)
class CardLayout:
    """The labels of a profession card in one language, from the template's wording that the
    parser reads (:class:`nqs.loaders.standard.parse_current.Wording`): the labels that start
    a row of the card's table (``rows``, as (key, text)), the sub-labels set in bold inside a
    value cell (``Білім деңгейі:`` under ``Кәсіптік білім деңгейі:``, ...), and the headings
    of labor functions, skills and their sections, told line by line as the parser tells
    them."""

    wording: Wording
    rows: list[tuple[str, str]]
    sublabels: re.Pattern[str]

    @classmethod
    def of(cls, wording: Wording) -> CardLayout:
        labels = [*wording.card_labels, *wording.footer_labels]
        rows = [(key, text) for key, text in labels if key not in SUBLABEL_KEYS]
        subs = [re.escape(text) for key, text in labels if key in SUBLABEL_KEYS]
        return cls(wording, rows, re.compile(f"^(?:{'|'.join(subs)})"))


# Labels of the template that are set inside the value cell of the label above them.
SUBLABEL_KEYS = frozenset(
    {"education_level", "specialty", "qualification", "mandatory", "additional", "related_header"}
)
# Rows whose value is one paragraph whatever its lines start with.
PROSE_KEYS = frozenset({"purpose", "function", "skill"})
LAYOUTS = {w.language: CardLayout.of(w) for w in (KK, RU)}


def standard_000(seed: Seed, lang: str = "kk") -> Form:
    """The professional standard «Балеттанушы» in the layout of the 2023 template, in Kazakh
    (seed 000) or in Russian (its translation, which keeps the Kazakh text's lines)."""
    s = seed
    layout = LAYOUTS[lang]
    el: list[Element] = [
        Para(s.lines_of(2, 8), "right"),
        Para(s.join(10), "title"),
        Para(s.join(12), "heading"),
        Para(s.join(14, 18)),
        Para(s.join(20)),
        *(Para(s.join(a, b)) for a, b in ((21, 23), (24, 26), (27, 29))),
        Para(s.join(30)),
        *(Para(s.join(n)) for n in range(32, 38)),
        Para(s.join(39), "heading"),
        Para(s.join(41)),
        Para(s.join(42)),
        Para(s.join(43)),
        *(Para(s.join(n)) for n in range(45, 50)),
        Para(s.join(51, 52)),
        Para(s.join(54)),
        *(Para(s.join(n)) for n in range(55, 58)),
        Para(s.join(59), "heading"),
    ]
    cards = [(61, 373), (374, 512), (513, 705)]
    for first, last in cards:
        el.append(Para(s.join(first), "heading"))
        el.append(_card(s, first + 1, last, layout))
    el += [
        Para(s.join(706), "heading"),
        Para(s.join(708)),
        Para(s.join(709)),
        Para(s.join(710)),
        Para(s.join(711)),
        Para(s.join(715)),
        Para(s.join(716)),
        Para(s.join(717)),
        Para(s.join(718)),
        Para(s.join(719)),
        *(Para(s.join(n)) for n in range(720, 725)),
    ]
    return Form(s.line(10), el, lang=lang)


def _labels_in(
    seed: Seed, first: int, last: int, layout: CardLayout
) -> list[tuple[int, int, str, str]]:
    """Where each label of the card starts and ends (line numbers), its text and its key, in
    order.

    A row label may be wrapped over lines (``СБШ бойынша біліктілік`` / ``деңгейі:``): it is
    matched against the lines joined. The headings are told line by line, by the parser's
    patterns: a labor function (its number may be on the next line), a skill (its title
    may follow on the line), ``Машықтар:`` and ``Білімдер:``, the skill's recognition."""
    texts = [(n, seed.line(n)) for n in range(first, last + 1) if seed.line(n)]
    joined = ""
    starts: list[tuple[int, int]] = []  # (offset, line)
    for n, t in texts:
        starts.append((len(joined), n))
        joined += t + " "
    found: list[tuple[int, int, str, str]] = []
    for key, text in layout.rows:
        words = (re.escape(word) for word in text.split(" "))
        regex = re.compile(r"\s+".join(words).replace(":", r"\s*:"))
        for m in regex.finditer(joined):
            line_start = [n for off, n in starts if off == m.start()]
            if not line_start:
                continue  # labels start lines
            line_end = max(n for off, n in starts if off <= m.end() - 1)
            found.append((line_start[0], line_end, m.group(0), key))
    w = layout.wording
    for k, (n, t) in enumerate(texts):
        if m := w.function.match(t):
            if m.group(2) is None:  # the number on the next line
                after, number = texts[k + 1]
                assert FUNCTION_NUMBER.match(number), (after, number)
                found.append((n, after, f"{t} {number}", "function"))
            else:
                found.append((n, n, t, "function"))
        elif m := w.skill.match(t):
            found.append((n, n, t[: m.start(2)].rstrip(), "skill"))
        elif w.abilities.match(t) or w.knowledge.match(t):
            found.append((n, n, t, "section"))
        elif m := w.recognition.match(t):
            found.append((n, n, t[: m.start(1)].rstrip(), "recognition"))
    found.sort()
    return found


def _card(s: Seed, first: int, last: int, layout: CardLayout) -> Table:
    """A profession card: one row per label, the label left, its value right."""
    rows: list[list[Cell]] = []
    labels = _labels_in(s, first, last, layout)
    for k, (start, end, text, key) in enumerate(labels):
        stop = labels[k + 1][0] - 1 if k + 1 < len(labels) else last
        name = re.sub(r"\s+", " ", text)
        joined = s.join(start, end)
        assert joined.startswith(name), (joined, name)
        label_text, rest = name, joined[len(name) :].strip()
        if key == "functions_header":
            rows.append([label(label_text, span=2)])
            continue
        if key == "education_header":
            value = _sublabelled(s, end + 1, stop, rest, layout, prose=True)
        elif key in ("functions_list", "related"):
            value = _sublabelled(s, end + 1, stop, rest, layout, prose=False)
        else:
            prose = key in PROSE_KEYS
            texts = paragraphs(s, end + 1, stop, prose=prose)
            if rest and texts and (prose or texts[0][0].islower()):
                texts[0] = f"{rest} {texts[0]}"  # the value goes on below its label's line
            elif rest:
                texts.insert(0, rest)
            value = cell(*texts)
        rows.append([label(label_text), value])
    return Table(rows, [0.35, 0.65])


def _sublabelled(
    s: Seed, first: int, last: int, rest: str, layout: CardLayout, *, prose: bool
) -> Cell:
    """A value cell made of sub-labels (``Білім деңгейі:``, ``Мамандық:``, ...), each a
    paragraph of its own in bold, and their values: one paragraph if ``prose``, else the
    paragraphs of :func:`paragraphs`."""
    parts: list[Para] = []
    group: list[int] = []

    def flush() -> None:
        if group:
            texts = paragraphs(s, group[0], group[-1], prose=prose)
            parts.extend(Para(t) for t in texts)
            group.clear()

    if rest:
        m = layout.sublabels.match(rest)
        assert m is not None and m.end() == len(rest), rest
        parts.append(Para(rest, "label"))
    lines = [n for n in range(first, last + 1) if s.line(n)]
    k = 0
    while k < len(lines):
        # a sub-label may be wrapped: try it on this line and the next one joined
        n = lines[k]
        two = lines[k : k + 2]
        joined = " ".join(s.line(x) for x in two)
        m = layout.sublabels.match(joined)
        if m is None:
            group.append(n)
            k += 1
            continue
        flush()
        if m.end() <= len(s.line(n)):
            parts.append(Para(s.part(n, end=m.group(0)), "label"))
            after = s.line(n)[m.end() :].strip()
            k += 1
        else:
            assert m.end() == len(joined), joined  # a wrapped label ends its second line
            parts.append(Para(s.join(two[0], two[1]), "label"))
            after = ""
            k += 2
        if after:
            parts.append(Para(after))
    flush()
    return Cell(parts)


# -- seed 002: the National Qualification Framework (a page of the legal database) -------------


NQF_WORDINGS = {w.language: w for w in parse_nqf.WORDINGS}
# Annex 1's column widths (level, then the three descriptors) and the size of its type. A
# word is never broken, and the Russian table has longer ones («квалификации» in the level
# column's heading, «профессиональным», «профессионального», «макроэкономическими» in the
# others) than its columns hold at the text's size, or hold with the room a PDF reader
# wants to tell a whole word alone on a line from a word broken at its end.
ANNEX1_LAYOUT = {"kk": ([0.16, 0.28, 0.28, 0.28], 1.0), "ru": ([0.2, 0.26, 0.25, 0.29], 0.9)}


def nqf_002(seed: Seed, lang: str = "kk") -> Form:
    """The joint order, the framework in its new edition, Annex 1 (the level descriptors)
    and Annex 2 (the pathways) as tables, in Kazakh (seed 002) or in Russian (its
    translation, which keeps the Kazakh text's lines).

    The layout is the seed's lines; what is said on them is the parser's wording of the
    language (:class:`nqs.loaders.framework.parse.Wording`): the form's title is the name of the
    order the title amends, the annex header's two stamps are told apart by the orders they
    cite, and the headings the layout puts in their places (the framework's title, the
    annexes' names, Annex 1's column headings, Annex 2's heading) are checked to be the
    wording's."""
    s = seed
    w = NQF_WORDINGS[lang]
    _check_nqf_headings(s, w)
    title = w.title_start.search(s.join(2, 6))
    assert title is not None, s.join(2, 6)
    stamp = _nqf_stamp_end(s, 48, 66, w)
    el: list[Element] = [
        Para(s.join(2, 6), "title"),
        Para(s.join(8), "center"),
        Para(s.join(9, 16)),
        *indented(s, 17, 43),
        Table([[cell(a), cell(b)] for a, b in side_by_side(s, 44, 47)], [0.5, 0.5], ruled=False),
        Para(s.lines_of(48, stamp), "right"),
        Para(s.lines_of(stamp + 1, 66), "right"),
        Para(s.join(68), "title"),
        Para(s.join(70), "heading"),
        *indented(s, 72, 135),
        Para(s.join(137), "heading"),
        *indented(s, 139, 177),
        Para(s.lines_of(178, 179), "right"),
        Para(s.join(181), "title"),
    ]
    # Annex 1: level, then its three descriptors; the extraction put the part of level 5's
    # skills cell that was on the page before ahead of the row (lines 286-287)
    levels = [
        (196, (198, 202), (204, 208), (210, 213)),
        (215, (217, 221), (223, 226), (228, 234)),
        (236, (238, 242), (244, 248), (250, 255)),
        (257, (259, 266), (268, 275), (277, 284)),
        (291, (293, 298), (286, 287, 300, 306), (308, 312)),
        (314, (316, 322), (324, 333), (335, 343)),
        (345, (347, 353), (355, 360), (362, 371)),
        (373, (375, 382), (384, 391), (393, 398)),
    ]
    heading = [(183, 184), (186, 187), (189, 190), (192, 192)]
    rows = [
        [label(s.join(a, b)) for a, b in heading],
        [cell(x, style="center") for x in columns_of(s, 194)],
    ]
    for number, *cells in levels:
        row = [cell(s.join(number), style="center")]
        for spec in cells:
            then = (spec[2], spec[3]) if len(spec) == 4 else None
            row.append(cell(s.join(spec[0], spec[1], then=then)))
        rows.append(row)
    widths, scale = ANNEX1_LAYOUT[lang]
    el.append(Table(rows, widths, header=2, scale=scale))
    el += [Para(s.lines_of(400, 401), "right"), Para(s.join(403), "title")]
    # Annex 2: level, then its pathways (a paragraph each)
    pathways: list[tuple[int, list[tuple[int, int]]]] = [
        (410, [(410, 411)]),
        (413, [(414, 415)]),
        (417, [(419, 420), (421, 422)]),
        (426, [(427, 428), (429, 430)]),
        (432, [(432, 433)]),
        (435, [(435, 435)]),
        (437, [(438, 439)]),
        (441, [(443, 448)]),
    ]
    rows = [[label(s.join(405, 406)), label(s.join(408))]]
    for k, (number, paras) in enumerate(pathways, start=1):
        texts = []
        for first, last in paras:
            prefix = f"{k} " if first == number else None
            texts.append(s.join(first, last, after=prefix))
        rows.append([cell(str(k), style="center"), cell(*texts)])
        if all(first != number for first, _ in paras):
            s.used[number] += 1
    el.append(Table(rows, [0.16, 0.84], header=1))
    return Form(title.group(0), el, lang=lang)


def _check_nqf_headings(s: Seed, w: parse_nqf.Wording) -> None:
    """The headings where :func:`nqf_002` puts them are the ones the parser reads in the
    language: the framework's title, each annex's name (its number on one line, the lead on
    the other: ``Ұлттық біліктілік шеңберіне`` / ``1-қосымша``, ``Приложение 1`` / ``к
    Национальной рамке квалификаций``), Annex 1's descriptor column headings and Annex 2's
    heading, above the table and as its column heading. Nothing is laid out here."""
    used = s.used.copy()
    assert s.line(68) == w.framework_title, s.line(68)
    for number, lines in ((1, (178, 179)), (2, (400, 401))):
        texts = {s.line(n) for n in lines}
        assert w.annex_line(number) in texts, texts
        assert any(w.annex_lead.match(t) for t in texts), texts
    headings = [s.join(a, b) for a, b in ((186, 187), (189, 190), (192, 192))]
    assert headings == [text for text, _ in w.descriptor_columns], headings
    assert s.join(403) == s.join(408) == w.pathway_heading, (s.join(403), s.join(408))
    s.used = used


def _nqf_stamp_end(s: Seed, first: int, last: int, w: parse_nqf.Wording) -> int:
    """The last line of the annex header's first stamp (lines ``first``..``last``): the
    first stamp annexes the framework to the joint order (its two ministers' parts), the
    second approves it by the order it amends. The first ends with the line of its second
    citation (``Wording.order``) and the lines after it in lower case (``… бірлескен
    бұйрығына`` / ``қосымша``); the Russian ``Утверждена …`` begins the second."""
    spans: list[tuple[int, int]] = []  # (offset of the line's end, line)
    joined = ""
    for n in range(first, last + 1):
        if text := parse_nqf.unspace(s.raw(n)):
            joined += text + " "
            spans.append((len(joined) - 1, n))
    cited = list(w.order.finditer(joined))
    assert len(cited) == 4, [m.group(0) for m in cited]
    end = next(n for offset, n in spans if offset >= cited[1].end())
    for n in range(end + 1, last + 1):
        text = s.line(n)
        if text and not text[0].islower():
            break
        end = n
    return end


def columns_of(seed: Seed, n: int) -> list[str]:
    """The words of line ``n`` as the cells of a row (``1 2 3 4``)."""
    seed.used[n] += 1
    return seed.line(n).split(" ")


# -- seed 003: typical qualification characteristics (a page of the legal database) ---------

POSITIONS_WORDINGS = {w.language: w for w in (parse_positions.KK, parse_positions.RU)}


def positions_003(seed: Seed, lang: str = "kk") -> Form:
    """The order, the approval stamp and the annex: section headings and position titles
    as headings, each field of a position (duties, must know, requirements, notes) a
    paragraph; in Kazakh (seed 003) or in Russian (its translation, which keeps the Kazakh
    text's lines). The duties label, the editorial notes and the end of a section heading
    are told by the parser's wording of the language
    (:class:`nqs.loaders.positions.parse.Wording`)."""
    s = seed
    w = POSITIONS_WORDINGS[lang]
    el: list[Element] = [
        Para(s.join(2, 3), "title"),
        Para(s.join(5), "center"),
        Para(s.join(6, 11)),
        *indented(s, 12, 26),
        Para(s.join(27), "right"),
        Para(s.lines_of(31, 35), "right"),
        Para(s.join(37, 39), "title"),
    ]
    first, last = 40, len(s.lines)
    gaps = _gaps_003(s, first, last, w)
    n = first
    while n <= last:
        if n in gaps:
            gap = gaps[n]
            notes = [k for a, b in gap.notes for k in range(a, b + 1)]
            if gap.heading is None:
                el.append(Para(s.join(gap.title[0], gap.title[1]), "heading"))
            else:
                head_end, split = gap.heading
                if split is None:
                    el.append(Para(s.join(n, head_end, skip=notes), "heading"))
                    title = s.join(gap.title[0], gap.title[1])
                else:  # the heading ends inside a line, the position's title goes on in it
                    head = s.join(n, head_end - 1, skip=notes)
                    el.append(Para(f"{head} {s.part(head_end, end=split)}", "heading"))
                    rest = s.line(head_end)[len(split) :].strip()
                    more = s.join(head_end + 1, gap.title[1]) if gap.title[1] > head_end else ""
                    title = f"{rest} {more}".strip()
                # an editorial note the extraction put inside the heading follows it
                el += [Para(s.join(a, b), "indent") for a, b in gap.notes]
                el.append(Para(title, "heading"))
            n = gap.title[1] + 1
            continue
        if not s.line(n):
            n += 1
            continue
        group = [n]
        n += 1
        while n <= last and n not in gaps and not s.raw(n).startswith("    "):
            group.append(n)
            n += 1
        el.append(Para(s.join(group[0], group[-1]), "indent"))
    title = (
        "Педагог қызметкерлердің ... үлгі біліктілік сипаттамалары"
        if lang == "kk"
        else s.join(2, 3)
    )
    return Form(title, el, lang=lang)


@dataclass
class Gap003:
    """What stands between two positions: a section heading (its last line, and where it
    ends if the title goes on in that line), the position's title (first and last line)
    and editorial notes inside the heading (first and last lines)."""

    heading: tuple[int, str | None] | None
    title: tuple[int, int]
    notes: list[tuple[int, int]]


def _gaps_003(s: Seed, first: int, last: int, w: parse_positions.Wording) -> dict[int, Gap003]:
    """The section headings and position titles: the lines that are not indented between
    the end of a position (a line ending with a full stop) and the next duties label,
    editorial notes aside; by their first line."""
    out: dict[int, Gap003] = {}
    for at in range(first, last + 1):
        if not (s.raw(at).startswith(" ") and w.duties.match(s.line(at))):
            continue
        lines: list[int] = []
        notes: list[tuple[int, int]] = []
        n = at - 1
        while n >= first:
            raw = s.raw(n).rstrip()
            if raw and (raw.startswith(" ") or raw.endswith((".", '."'))):
                start = n  # the first line of the paragraph that ends here
                while start > first and not s.raw(start).startswith(" "):
                    start -= 1
                if not (s.raw(start).startswith(" ") and w.note.match(s.line(start))):
                    break
                if lines:  # a note inside the gap; one right above the label is a paragraph
                    notes.insert(0, (start, n))
                n = start - 1
                continue
            if raw:
                lines.insert(0, n)
            n -= 1
        if not re.match(r"^\d\.\s", s.line(lines[0])):
            out[lines[0]] = Gap003(None, (lines[0], lines[-1]), [])
            continue

        end = next(k for k in lines if w.section_end.search(_upto(s, lines, k)))
        m = w.section_end.search(_upto(s, lines, end))
        assert m is not None
        tail = _upto(s, lines, end)[m.end() :].strip()
        if tail:  # the heading ends inside its last line
            split = s.line(end)[: s.line(end).index(tail)].strip()
            out[lines[0]] = Gap003((end, split), (end, lines[-1]), notes)
        else:
            title = [k for k in lines if k > end]
            out[lines[0]] = Gap003((end, None), (title[0], title[-1]), notes)
    return out


def _upto(s: Seed, lines: list[int], last: int) -> str:
    return " ".join(s.line(x) for x in lines if x <= last)


# -- seed 001: the course rules (a Word document of the conservatory) -------------------------

_STARTS_001 = re.compile(
    r"^\s*(?:\d{1,2}\.\d{1,2}\.?\s|\d{1,2}\.\s+[А-ЯӘҒҚҢӨҰҮҺІЁ]{2}|[•\uf0b7]|\d{1,2}\))"
)


@dataclass(frozen=True)
class Words001:
    """The words of the course rules' tables in one language where a line holds several
    column headings: where each heading ends or the next begins (the report plan's line
    662, the register sheet's line 691, the acquaintance sheet's line 706), and the form's
    title."""

    plan: tuple[str, str, str]  # the end of "№", the activity heading, the start of its date
    register: tuple[str, str, str, str, str]  # number end, date start/end, edits, signature
    sheet: tuple[str, str, str]  # the end of the position, the signature, the start of the date
    title: str
    # the column widths of the report plan and of the register sheet: the Russian headings
    # have longer words («Подтверждающие», «Регистрационный»), each given a column that
    # holds it with the room a PDF reader wants to tell a whole word alone on a line from
    # a word broken at its end
    plan_widths: tuple[float, ...] = (0.08, 0.3, 0.18, 0.22, 0.22)
    register_widths: tuple[float, ...] = (0.2, 0.2, 0.4, 0.2)


WORDS_001 = {
    "kk": Words001(
        ("№", "Іс-шара", "Өткізілген"),
        ("нөмірі", "Тіркеу күні", "күні", "Түзетулер", "Қолы"),
        ("Лауазымы", "Қолы", "Күні"),
        "Педагогтардың біліктілігін арттыру курстарын ұйымдастыру ережесі",
    ),
    "ru": Words001(
        ("№", "Мероприятие", "Дата"),
        ("номер", "Дата регистрации", "регистрации", "Изменения", "Подпись"),
        ("Должность", "Подпись", "Дата"),
        "Правила организации курсов повышения квалификации педагогов",
        plan_widths=(0.06, 0.24, 0.18, 0.2, 0.32),
        register_widths=(0.3, 0.25, 0.25, 0.2),
    ),
}


def courses_001(seed: Seed, lang: str = "kk") -> Form:
    """The rules: section headings, points, list items and paragraphs, the page header
    (organisation, title, page) where the text shows it, then the annexes: the application
    and report forms (the report's plan as a table) and the two sheets (tables); in Kazakh
    (seed 001) or in Russian (its translation, which keeps the Kazakh text's lines)."""
    s = seed
    w = WORDS_001[lang]
    el: list[Element] = []
    header = {488: 493, 604: 609}
    n = 1
    while n <= 531:
        if n in header:
            el.append(_page_header_001(s, n, header[n]))
            n = header[n] + 1
            continue
        if not s.line(n):
            n += 1
            continue
        group = [n]
        heading = _is_upper(s.line(n))
        n += 1
        while n <= 531 and n not in header:
            text = s.line(n)
            if text and (_STARTS_001.match(s.raw(n)) or s.raw(n).startswith("     ")):
                break
            if text and heading and not _is_upper(text):
                break
            if text:
                group.append(n)
            n += 1
        el.append(Para(s.join(group[0], group[-1]), "heading" if heading else "body"))
    # Annex 1: the application form
    el += [
        Para(s.join(532), "heading"),
        Para(s.lines_of(534, 538), "right"),
        Para(s.join(540), "right"),
        Para(s.lines_of(544, 546), "center"),
        *(Para(s.join(k)) for k in range(550, 575, 2)),
        Para(s.join(578)),
        Para(s.join(580)),
        Para(s.join(582, 584)),
        Para(s.join(586)),
        Para(s.join(588)),
        Para(s.join(590)),
        _page_header_001(s, 604, 609),
        # Annex 2: the report form
        Para(s.join(613), "heading"),
        Para(s.join(615, 617), "heading"),
        *(Para(s.join(k)) for k in range(619, 626, 2)),
        Para(s.join(627, 629)),
        Para(s.join(631, 641)),
        Para(s.join(647), "heading"),
        *(Para(s.join(k)) for k in range(651, 658, 2)),
        Table(
            [
                [
                    label(s.part(662, end=w.plan[0])),
                    label(s.part(662, start=w.plan[1], end=w.plan[1])),
                    label(f"{s.part(662, start=w.plan[2])} {s.join(664)}"),
                    label(s.join(666, 668)),
                    label(s.join(670, 674)),
                ],
                *([cell(s.join(k)), cell(), cell(), cell(), cell()] for k in range(676, 685, 2)),
            ],
            list(w.plan_widths),
            header=1,
        ),
        Table([[cell(a), cell(b)] for a, b in [columns(s, 688)]], [0.5, 0.5], ruled=False),
        # the sheets
        Para(s.join(689), "heading"),
        Table(
            [
                [
                    label(s.part(691, end=w.register[0])),
                    label(s.part(691, start=w.register[1], end=w.register[2])),
                    label(s.part(691, start=w.register[3], end=w.register[3])),
                    label(s.part(691, start=w.register[4])),
                ],
                [cell(x, style="center") for x in columns_of(s, 693)],
            ],
            list(w.register_widths),
            header=1,
        ),
        Para(s.join(694), "heading"),
        Table(
            [
                [
                    label(s.join(696, 698)),
                    label(s.join(702, 704)),
                    label(s.part(706, end=w.sheet[0])),
                    label(s.part(706, start=w.sheet[1], end=w.sheet[1])),
                    label(s.part(706, start=w.sheet[2])),
                ],
                [cell(x, style="center") for x in columns_of(s, 708)],
            ],
            [0.1, 0.35, 0.25, 0.15, 0.15],
            header=1,
        ),
    ]
    return Form(w.title, el, lang=lang)


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _page_header_001(seed: Seed, first: int, last: int) -> Table:
    """The page header the text shows: the organisation, the title of the rules, the page."""
    s = seed
    title = [k for k in range(first + 1, last) if s.line(k)]
    return Table(
        [
            [cell(s.join(first), style="center")],
            [cell(s.lines_of(title[0], title[-1]), style="center")],
            [cell(s.join(last), style="right")],
        ],
        [1.0],
    )


# -- seed 004: the amending order (a page of the legal database) ------------------------------

Spec = int | tuple[int, int] | tuple[int, str, str]
"""Lines of a paragraph: one line, a range of lines, or a part of a line (from the first
text to the second, either may be empty)."""


def text_of(seed: Seed, *specs: Spec) -> str:
    """The paragraph made of ``specs`` in order (joined as :meth:`Seed.join` joins)."""
    parts: list[str] = []
    for spec in specs:
        if isinstance(spec, int):
            parts.append(seed.join(spec))
        elif isinstance(spec[1], int):
            parts.append(seed.join(spec[0], spec[1]))
        else:
            n, start, end = spec
            parts.append(seed.part(n, start or None, end or None))
    out = ""
    for part in parts:
        if not out:
            out = part
        elif out.endswith("-") and out[-2:-1].isalpha():
            out += part
        else:
            out += " " + part
    return out


@dataclass
class Skill004:
    mark: Spec
    title: list[Spec]
    abilities: tuple[int, list[list[Spec]]]  # the "Біліктер:" line, the items
    knowledge: tuple[int, list[list[Spec]]]  # the "Білімдер:" line, the items


def _row_004(s: Seed, function: list[Spec], skills: list[Skill004]) -> Table:
    """One quoted line of a card's table: the labor function (merged down its skills'
    rows), each skill's mark and title, its abilities and knowledge."""
    rows: list[list[Cell]] = []
    for k, skill in enumerate(skills):
        content = [Para(s.join(skill.abilities[0]), "label")]
        content += [Para(text_of(s, *item)) for item in skill.abilities[1]]
        content.append(Para(s.join(skill.knowledge[0]), "label"))
        content += [Para(text_of(s, *item)) for item in skill.knowledge[1]]
        row = [
            Cell([Para(text_of(s, skill.mark), "label"), Para(text_of(s, *skill.title))]),
            Cell(content),
        ]
        if k == 0:
            row.insert(0, Cell([Para(text_of(s, *function))], rows=len(skills)))
        rows.append(row)
    return Table(rows, [0.22, 0.3, 0.48])


@dataclass(frozen=True)
class Words004:
    """The words of the amending order in one language that the layout cuts a line at: the
    end of the labor function's mark and name that the extraction put inside a skill title
    (line 51) and a knowledge item (line 490), the start of the skill title the page break
    printed again (line 51), and the form's title."""

    function_end: str
    repeated: str
    title: str


WORDS_004 = {
    "kk": Words004(
        "Оқыту", "Білім алушылардың академиялық", "… № 591 бұйрығына өзгерістер енгізу туралы"
    ),
    "ru": Words004(
        "Обучение", "Обеспечение требуемого уровня", "О внесении изменений в приказ … № 591"
    ),
}


def amendment_004(seed: Seed, lang: str = "kk") -> Form:
    """The order: title, act, the operative points; each quoted line of a card's table
    (old and new wording) as a table between its quotation marks, as the legal database
    prints it; the new wording of paragraph 16; the closing points and the signature; in
    Kazakh (seed 004) or in Russian (its translation, which keeps the Kazakh text's
    lines)."""
    s = seed
    w = WORDS_004[lang]
    q = Para  # a line of its own: a quotation mark, "деген жол …", "жол:"

    def items(*ranges: Spec) -> list[list[Spec]]:
        return [[r] for r in ranges]

    academic_old_3 = Skill004(
        22,
        [23, (52, 53)],
        (25, items((26, 31), (32, 36), (37, 41))),
        (43, items((44, 47), (55, 57), 58)),
    )
    professional_3 = Skill004(
        60, [(61, 63)], (65, items((66, 71), (72, 76))), (78, items((79, 80), (81, 84)))
    )
    el: list[Element] = [
        Para(s.join(2, 5), "title"),
        Para(s.join(7, 8), "center"),
        Para(s.join(9), "indent"),
        *indented(s, 10, 18),
        q(s.join(19)),
        _row_004(s, [21, (51, "", w.function_end)], [academic_old_3, professional_3]),
        q(s.join(86)),
        q(s.join(87)),
        q(s.join(88)),
        _row_004(
            s,
            [(90, 91)],
            [
                Skill004(
                    93,
                    [(94, 96)],
                    (98, items((99, 103), (104, 108), (109, 112))),
                    (114, items((115, 118), (119, 121), 122)),
                ),
                Skill004(
                    128,
                    [(129, 131)],
                    (124, items((133, 138), (139, 143))),
                    (145, items((146, 147), (148, 151))),
                ),
            ],
        ),
        q(s.join(153)),
        q(s.join(154)),
        q(s.join(155)),
        _row_004(
            s,
            [(157, 160)],
            [
                Skill004(
                    162,
                    [(163, 165)],
                    (167, items((168, 175), (176, 178), (179, 180))),
                    (182, items((183, 187), (188, 193), (194, 196))),
                )
            ],
        ),
        q(s.join(198)),
        q(s.join(202)),
        q(s.join(203)),
        _row_004(
            s,
            [(205, 208)],
            [
                Skill004(
                    210,
                    [(211, 213)],
                    (215, items((216, 220), (221, 223), (224, 225))),
                    (227, items((228, 232), (233, 238), (239, 241))),
                )
            ],
        ),
        q(s.join(243)),
        *indented(s, 244, 245),
        q(s.join(246)),
        _row_004(
            s,
            [(274, 276)],
            [
                Skill004(
                    248,
                    [(249, 251)],
                    (253, items((254, 258), (259, 263), (264, 268))),
                    (270, items((278, 281), (282, 284), (285, 286))),
                ),
                Skill004(
                    288,
                    [(289, 291)],
                    (293, items((294, 299), (300, 304))),
                    (306, items((307, 308), (309, 312))),
                ),
            ],
        ),
        q(s.join(314)),
        q(s.join(315)),
        q(s.join(316)),
        _row_004(
            s,
            [(346, 348)],
            [
                Skill004(
                    318,
                    [(319, 321)],
                    (323, items((324, 327), (328, 332), (333, 336))),
                    (338, items((339, 342), (350, 352), (353, 354))),
                ),
                Skill004(
                    356,
                    [(357, 359)],
                    (361, items((362, 367), (368, 372))),
                    (374, items((375, 376), (377, 380))),
                ),
            ],
        ),
        q(s.join(382)),
        *indented(s, 383, 384),
        q(s.join(385)),
        _row_004(
            s,
            [(417, 418)],
            [
                Skill004(
                    387,
                    [(388, 390)],
                    (392, items((393, 397), (398, 402), (403, 407))),
                    (409, items((410, 413), (420, 422), (423, 425))),
                ),
                Skill004(
                    427,
                    [(428, 430)],
                    (432, items((433, 438), (439, 443))),
                    (445, items((446, 447), (448, 451))),
                ),
            ],
        ),
        q(s.join(453)),
        q(s.join(454)),
        q(s.join(455)),
        _row_004(
            s,
            [457, (490, "", w.function_end)],
            [
                Skill004(
                    459,
                    [(460, 462)],
                    (464, items((465, 468), (469, 473), (474, 477))),
                    (479, [[(480, 483)], [(484, 486)], [(490, "3.", ""), (491, 492)]]),
                ),
                Skill004(
                    494,
                    [(495, 497)],
                    (499, items((500, 505), (506, 510))),
                    (512, items((513, 514), (515, 518))),
                ),
            ],
        ),
        q(s.join(520)),
        *indented(s, 521, 545),
        Para(s.lines_of(546, 548)),
        Para(s.join(550), "right"),
    ]
    # the start of the skill title the page break cut, printed again on the next page
    repeated = [(51, w.repeated)]
    s.used[51] += 1
    return Form(w.title, el, lang=lang, repeated=repeated)


FORMS: dict[str, Callable[[Seed], Form]] = {
    "000_ed35bb0e5147c5b7": standard_000,
    "000_ru": partial(standard_000, lang="ru"),
    "001_04ad280e7aaf98fd": courses_001,
    "001_ru": partial(courses_001, lang="ru"),
    "002_cbc5d0d511fbfc57": nqf_002,
    "002_ru": partial(nqf_002, lang="ru"),
    "003_443e69a912bd565d": positions_003,
    "003_ru": partial(positions_003, lang="ru"),
    "004_f549413c4f15f9eb": amendment_004,
    "004_ru": partial(amendment_004, lang="ru"),
}

# -- Word -----------------------------------------------------------------------------------


def write_docx(form: Form) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt
    from docx.text.paragraph import Paragraph as DocxParagraph

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal_size = 12
    normal.font.size = Pt(normal_size)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    width = section.page_width - section.left_margin - section.right_margin
    props = document.core_properties
    props.author = props.last_modified_by = "nqs make_forms"
    props.title = form.title
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.language = form.lang

    def fill(paragraph: DocxParagraph, para: Para, scale: float = 1.0) -> None:
        style = para.style
        if style in ("title", "center"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif style == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif style in ("body", "indent"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if style == "indent":
            paragraph.paragraph_format.first_line_indent = Cm(1.25)
        for k, line in enumerate(para.text.split("\n")):
            run = paragraph.add_run()
            run.bold = style in ("title", "heading", "label")
            if scale != 1.0:
                run.font.size = Pt(round(normal_size * scale * 2) / 2)  # in half points
            if k:
                run.add_break()  # a line break inside the paragraph
            run.add_text(line)

    for element in form.elements:
        if isinstance(element, Para):
            fill(document.add_paragraph(), element)
            continue
        ncols = len(element.widths)
        table = document.add_table(rows=len(element.rows), cols=ncols)
        table.style = "Table Grid" if element.ruled else "Normal Table"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(placed(element)):
            for col, c in row:
                target = table.cell(r, col)
                if c.span > 1 or c.rows > 1:
                    target = target.merge(table.cell(r + c.rows - 1, col + c.span - 1))
                for k, para in enumerate(c.paras):
                    p = target.paragraphs[0] if k == 0 else target.add_paragraph()
                    fill(p, para, element.scale)
                    if para.style == "body":
                        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            if r < element.header:
                tr_pr = table.rows[r]._tr.get_or_add_trPr()
                tr_pr.append(OxmlElement("w:tblHeader"))
        for k, share in enumerate(element.widths):
            for c in table.columns[k].cells:
                c.width = int(width * share)
        document.add_paragraph()  # Word ends a table with a paragraph
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every member dated :data:`FIXED_TIME` (python-docx dates
    them now)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# -- HTML -----------------------------------------------------------------------------------

_TAGS = {"title": "h1", "heading": "h3"}


def _html_text(text: str) -> str:
    return "<br>\n".join(html.escape(line, quote=False) for line in text.split("\n"))


def write_html(form: Form) -> bytes:
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{form.lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(form.title)}</title>",
        "<style>body{font-family:'Times New Roman',serif;max-width:50em;margin:auto}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;"
        "vertical-align:top;padding:2px 4px}td p,th p{margin:0}.right{text-align:right}"
        ".center{text-align:center}.label{font-weight:bold}.indent{text-indent:2em;text-align:justify}"
        "table.plain td{border:none}</style>",
        "</head>",
        "<body>",
    ]
    for element in form.elements:
        if isinstance(element, Para):
            tag = _TAGS.get(element.style, "p")
            cls = (
                f' class="{element.style}"'
                if element.style in ("right", "center", "indent")
                else ""
            )
            out.append(f"<{tag}{cls}>{_html_text(element.text)}</{tag}>")
            continue
        size = f' style="font-size:{element.scale:.0%}"' if element.scale != 1.0 else ""
        out.append(f'<table border="1"{size}>' if element.ruled else '<table class="plain">')
        for r, row in enumerate(element.rows):
            if r == 0 and element.header:
                out.append("<thead>")
            if r == element.header:
                out.append("<tbody>" if element.header else "")
            tag = "th" if r < element.header else "td"
            cells = []
            for c in row:
                span = f' colspan="{c.span}"' if c.span > 1 else ""
                span += f' rowspan="{c.rows}"' if c.rows > 1 else ""
                inner = "".join(
                    f"<p{' class=' + chr(34) + p.style + chr(34) if p.style == 'label' else ''}>"
                    f"{_html_text(p.text)}</p>"
                    for p in c.paras
                )
                cells.append(f"<{tag}{span}>{inner}</{tag}>")
            out.append("<tr>" + "".join(cells) + "</tr>")
            if r + 1 == element.header:
                out.append("</thead>")
        if element.header:
            out.append("</tbody>")
        out.append("</table>")
    out += ["</body>", "</html>", ""]
    return "\n".join(x for x in out if x != "").encode("utf-8")


# -- PDF ------------------------------------------------------------------------------------


def write_pdf(form: Form) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import paragraph as rl_paragraph

    # reportlab breaks a compound at its hyphen only if all its letters are in its list,
    # which has the Russian letters but not the Kazakh ones (ә, і, ң, ғ, ү, ұ, қ, ө, һ)
    letters = rl_paragraph._hy_letters + "\u0400-\u04ff"
    rl_paragraph._hy_letters_pat = re.compile(f"^[{letters}]+$")
    rl_paragraph._hy_shy_letters_pat = re.compile(f"^[{rl_paragraph._hy_shy}{letters}]+$")
    for name, file in (
        ("DejaVuSans", "DejaVuSans.ttf"),
        ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"),
    ):
        path = FONTS / file
        if not path.exists():
            raise SystemExit(f"{path} is missing: apt-get install -y fonts-dejavu-core")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    # words are never broken, but a compound may be at its hyphen (``орындаушылық-`` /
    # ``басқарушылық``)
    base = {
        "fontName": "DejaVuSans",
        "fontSize": 10,
        "leading": 12.5,
        "splitLongWords": 0,
        "embeddedHyphenation": 2,
    }
    styles = {
        "body": ParagraphStyle("body", alignment=TA_JUSTIFY, spaceAfter=6, **base),
        "title": ParagraphStyle(
            "title",
            alignment=TA_CENTER,
            spaceBefore=6,
            spaceAfter=10,
            **{**base, "fontName": "DejaVuSans-Bold"},
        ),
        "heading": ParagraphStyle(
            "heading",
            alignment=TA_CENTER,
            spaceBefore=6,
            spaceAfter=8,
            **{**base, "fontName": "DejaVuSans-Bold"},
        ),
        "indent": ParagraphStyle(
            "indent", alignment=TA_JUSTIFY, spaceAfter=6, firstLineIndent=1.25 * cm, **base
        ),
        "right": ParagraphStyle("right", alignment=TA_RIGHT, spaceAfter=8, **base),
        "center": ParagraphStyle("center", alignment=TA_CENTER, spaceAfter=6, **base),
        "label": ParagraphStyle(
            "label", alignment=TA_LEFT, **{**base, "fontName": "DejaVuSans-Bold"}
        ),
        "cell": ParagraphStyle("cell", alignment=TA_LEFT, spaceAfter=6, **base),
        # a label inside a value cell, under other text: set off by a space above
        "sublabel": ParagraphStyle(
            "sublabel", alignment=TA_LEFT, spaceBefore=4, **{**base, "fontName": "DejaVuSans-Bold"}
        ),
    }

    def flow(
        para: Para, in_cell: bool = False, first: bool = True, scale: float = 1.0
    ) -> Paragraph:
        name = para.style
        if in_cell and name == "body":
            name = "cell"
        elif in_cell and name == "label" and not first:
            name = "sublabel"
        style = styles[name]
        if scale != 1.0:
            size, leading = style.fontSize * scale, style.leading * scale
            style = ParagraphStyle(f"{name}-{scale}", style, fontSize=size, leading=leading)
        # Word's Symbol-font bullet, U+F0B7 in extracted text, is drawn as the bullet "•"
        # (a private-use code DejaVu has no glyph for); a PDF reader reads either
        lines = para.text.replace("\uf0b7", "•").split("\n")
        return Paragraph("<br/>".join(html.escape(x, quote=False) for x in lines), style)

    page_width, _ = A4
    left, right = 2.5 * cm, 1.5 * cm
    width = page_width - left - right
    story: list[object] = []
    for element in form.elements:
        if isinstance(element, Para):
            story.append(flow(element))
            continue
        ncols = len(element.widths)
        data: list[list[object]] = [["" for _ in range(ncols)] for _ in element.rows]
        spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
        for r, row in enumerate(placed(element)):
            for col, c in row:
                paras = [flow(p, True, k == 0, element.scale) for k, p in enumerate(c.paras)]
                data[r][col] = paras or ""
                if c.span > 1 or c.rows > 1:
                    spans.append(("SPAN", (col, r), (col + c.span - 1, r + c.rows - 1)))
        table = RLTable(
            data,
            colWidths=[width * w for w in element.widths],
            repeatRows=element.header,
            splitInRow=0,  # a row goes whole to the next page
            hAlign="CENTER",
        )
        rules = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        table.setStyle(
            TableStyle(
                [
                    *(rules if element.ruled else []),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5.4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 5.4),
                    *spans,
                ]
            )
        )
        story += [table, Spacer(1, 8)]

    def footer(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("DejaVuSans", 9)  # type: ignore[attr-defined]
        canvas.drawCentredString(page_width / 2, 1.2 * cm, str(doc.page))  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=form.title,
        author="nqs make_forms",
        creator="nqs make_forms",
        invariant=1,
        lang=form.lang,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


# -- main -----------------------------------------------------------------------------------

WRITERS: dict[str, Callable[[Form], bytes]] = {
    "docx": write_docx,
    "html": write_html,
    "pdf": write_pdf,
}


def build(stems: Sequence[str], formats: Sequence[str]) -> dict[Path, bytes]:
    out: dict[Path, bytes] = {}
    for stem in stems:
        seed = Seed(TEXTS.get(stem, SEEDS / f"{stem}.txt"))
        form = FORMS[stem](seed)
        check_wording(seed, form)
        for fmt in formats:
            out[OUT / f"{stem}.{fmt}"] = WRITERS[fmt](form)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("stems", nargs="*", help="seed file stems (default: all)")
    parser.add_argument("--format", action="append", choices=sorted(WRITERS))
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    stems = args.stems or sorted(FORMS)
    files = build(stems, args.format or sorted(WRITERS))
    stale = 0
    for path, data in files.items():
        same = path.exists() and path.read_bytes() == data
        if args.check:
            if not same:
                print(f"differs: {path.relative_to(ROOT)}")
                stale += 1
        elif not same:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
