"""Parser for an order amending a professional standard (seed 004: Kazakh text extracted from
PDF), in Kazakh or Russian.

The order names the amended order in its title, then, card by card, quotes a "line" of a
card's table (one labor function with its skills, abilities and knowledge) and its new
wording: ``"<old>" деген жол мынадай редакцияда жазылсын: "<new>";``. It may also give a
numbered paragraph a new wording (``16-тармақ мынадай редакцияда жазылсын: "16. …"``) and
ends with the closing points (publication, control, entry into force) and the signature.

Each quoted line is a three-column table row (function | skill | abilities and knowledge)
that the PDF extraction has interleaved: the function cell, vertically centred over the
row, lands in the middle of the other columns, at a page break (blank lines) or even on the
same text line as a skill title or a knowledge item; a skill title cut by a page break is
repeated from its start on the next page. :class:`RowReader` reconstructs the row by giving
each line to one column (by its markers, else by the column the previous line was in) and
reading each column as its own stream: the k-th ``Біліктер:`` of the content column starts
the abilities of the k-th skill.

The order is published in both languages with the same layout. What differs — the title and
act line, ``БҰЙЫРАМЫН``/``ПРИКАЗЫВАЮ``, the instructions (``N-кәсіптер карточкасында:`` / ``в
карточке профессии N:``, ``жол:`` / ``строку:``, ``деген жол мынадай редакцияда жазылсын:``
/ ``изложить в следующей редакции:``, ``16-тармақ`` / ``пункт 16``), the entry into force,
and the marks of a row (``1-еңбек`` ``функциясы: …`` / ``Трудовая`` ``функция 1: …``, where
the function's number moves to the second line; ``1-дағды`` / ``Навык 1``; ``Біліктер:`` /
``Умения:``; ``Білімдер:`` / ``Знания:``) — is one :class:`Wording` per language; the
language of a text is the one whose title formula its head has. Dates and numbers are read
with the pieces of :mod:`nqs.loaders.citations`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from nqs.loaders.amendment.model import (
    AmendmentDocument,
    ElementEdit,
    ElementKind,
    ParagraphChange,
    RowChange,
)
from nqs.loaders.citations import KK_DATE, NUMBER, RU_DATE, cited_date
from nqs.loaders.labelled import Line
from nqs.loaders.model import ActRef, Block, Location, SourceError, SourceInfo, Warning_
from nqs.loaders.numbering import split_mark, without_page_breaks
from nqs.loaders.operative import OperativePart, read_operative
from nqs.loaders.standard.model import Item, LaborFunction, Skill
from nqs.loaders.text import join_lines, kk_month, normalize_space, ru_month

# The same in both languages.
POINT = re.compile(r"^(\d+)\.\s+\S")
QUOTE_OPEN = {'"'}
QUOTE_CLOSE = {'"', '";', '".'}
NUMBERED = re.compile(r"^(\d+)\s*\.\s*(.*)$")
NUMBER_INSIDE = re.compile(r"^(.*?)\s+(\d+\s*\.\s+\S.*)$")
SPACED_LETTERS = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")
CONTACT = re.compile(r"^(?P<name>.+?)\s+[-–]\s+(?P<phone>8[\d\s]*\d)$")
PERSONAL_DATA = {"kk": "[дербес деректер жүктелмеген]", "ru": "[персональные данные не загружены]"}
"""What a text says in place of the personal data (a contact person's name and phone) that
is not loaded, in the language of the document."""


@dataclass(frozen=True)
class Wording:
    """What the order says in one language: its title and act line, the formulas of its
    instructions and closing points, and the marks of a quoted table row.

    ``amended_title`` has the groups ``name`` (the amended order's title), ``issuer`` (the
    minister, as ``amended_issuer`` takes it) and those of the date and number;
    ``amending_act`` the groups ``issuer``, date and number. ``fn_mark`` is the first line
    of a labor function's cell and ``fn_title`` the line that carries its title; the
    function's number is on either (``number``, none on the other), the rest of the line
    is ``rest``. ``standard`` finds the amended standard's title in point 1 (``title``),
    which ``standard_title`` puts in the form of a title."""

    language: Literal["kk", "ru"]
    head: re.Pattern[str]
    """What the head of an amending order says (the title's formula)."""
    standard_word: re.Pattern[str]
    amended_title: re.Pattern[str]
    amended_issuer: Callable[[str], str]
    amending_act: re.Pattern[str]
    month: Callable[[str], int | None]
    orders: re.Pattern[str]
    orders_text: str
    standard: re.Pattern[str]
    standard_text: str
    standard_title: Callable[[str], str]
    card_heading: re.Pattern[str]
    replace: re.Pattern[str]
    replace_text: str
    next_line: re.Pattern[str]
    paragraph: re.Pattern[str]
    new_wording: re.Pattern[str]
    entry: re.Pattern[str]
    entry_on_signing: re.Pattern[str]
    fn_mark: re.Pattern[str]
    fn_title: re.Pattern[str]
    skill_mark: re.Pattern[str]
    abilities: re.Pattern[str]
    abilities_text: str
    knowledge: re.Pattern[str]


def _ru_standard_title(text: str) -> str:
    """``профессиональном стандарте для …`` → ``Профессиональный стандарт для …``."""
    return re.sub(
        r"^профессиональн\w+\s+стандарт\w*", "Профессиональный стандарт", text, flags=re.I
    )


KK = Wording(
    language="kk",
    head=re.compile(r"бұйрығына\s+өзгерістер?\s+енгізу\s+туралы"),
    standard_word=re.compile(r"кәсіптік стандарт"),
    amended_title=re.compile(
        rf'^"(?P<name>.+?)"\s+(?P<issuer>.+?)\s+министрінің\s+{KK_DATE}\s+{NUMBER}'
        r"\s+бұйрығына\s+өзгерістер?\s+енгізу\s+туралы$"
    ),
    amended_issuer=lambda issuer: f"{issuer} министрі",
    amending_act=re.compile(
        rf"^(?P<issuer>.+?\s+министрінің(?:\s+м\.\s*а\.)?)\s+{KK_DATE}\s+{NUMBER}"
        r"\s+бұйрығы\.?$"
    ),
    month=kk_month,
    orders=re.compile(r"^БҰЙЫРАМЫН\s*:?$"),
    orders_text="БҰЙЫРАМЫН:",
    standard=re.compile(r"бекітілген\s+(?P<title>.+?\s+кәсіптік\s+стандарт)\w*\s*:"),
    standard_text="бекітілген … кәсіптік стандартында:",
    standard_title=lambda title: title,
    card_heading=re.compile(r"^(\d+)\s*-\s*кәсіптер\s+карточкасында\s*:\s*(.*)$"),
    replace=re.compile(r"^деген\s+жол\s+мынадай\s+редакцияда\s+жазылсын\s*:?$"),
    replace_text="деген жол мынадай редакцияда жазылсын",
    next_line=re.compile(r"^жол\s*:$"),
    paragraph=re.compile(r"(\d+)\s*-\s*тармақ"),
    new_wording=re.compile(r"мынадай\s+редакцияда\s+жазылсын"),
    entry=re.compile(r"күшіне\s+енеді"),
    entry_on_signing=re.compile(r"қол\s+қойылған\s+күнінен\s+бастап\s+күшіне\s+енеді"),
    fn_mark=re.compile(r"^(?P<number>\d+)\s*-\s*еңбек(?:\s+функциясы\s*:?\s*(?P<rest>.*))?$"),
    fn_title=re.compile(r"^функциясы\s*:\s*(?P<rest>.*)$"),
    skill_mark=re.compile(r"^(\d+)\s*-\s*дағды\s*:?\s*(.*)$"),
    abilities=re.compile(r"^(?:Біліктер|Машықтар)\s*:$"),
    abilities_text="Біліктер:",
    knowledge=re.compile(r"^Білімдер\s*:$"),
)

# ``Министра науки и высшего образования Республики Казахстан от 20 ноября 2023 года № 591``
_RU_ORDER = rf"(?P<issuer>Министра\s+.+?)\s+от\s+{RU_DATE}\s+{NUMBER}"
RU = Wording(
    language="ru",
    head=re.compile(r"О\s+внесении\s+изменени[йя]\s+в\s+приказ"),
    standard_word=re.compile(r"профессиональн\w+\s+стандарт", re.I),
    amended_title=re.compile(
        rf"^О\s+внесении\s+изменени[йя]\s+в\s+приказ\s+{_RU_ORDER}"
        r'\s+"(?P<name>.+?)"$'
    ),
    amended_issuer=lambda issuer: re.sub(r"^Министра\b", "Министр", issuer),
    amending_act=re.compile(
        rf"^Приказ\s+(?P<issuer>(?:и\.\s*о\.\s*|исполняющего\s+обязанности\s+)?"
        rf"Министра\s+.+?)\s+от\s+{RU_DATE}\s+{NUMBER}\.?$"
    ),
    month=ru_month,
    orders=re.compile(r"^ПРИКАЗЫВАЮ\s*:?$"),
    orders_text="ПРИКАЗЫВАЮ:",
    standard=re.compile(
        r"\bв\s+(?P<title>профессиональн\w+\s+стандарт\w*\s+.+?),?\s+"
        r"утвержденн\w+\s+указанным\s+приказом\s*:"
    ),
    standard_text="в профессиональном стандарте …, утвержденном указанным приказом:",
    standard_title=_ru_standard_title,
    card_heading=re.compile(r"^в\s+карточке\s+профессии\s+(\d+)\s*:\s*(.*)$"),
    replace=re.compile(r"^изложить\s+в\s+следующей\s+редакции\s*:?$"),
    replace_text="изложить в следующей редакции",
    next_line=re.compile(r"^строку\s*:$"),
    paragraph=re.compile(r"пункт\s+(\d+)"),
    new_wording=re.compile(r"изложить\s+в\s+следующей\s+редакции"),
    entry=re.compile(r"вступает\s+в\s+силу|вводится\s+в\s+действие"),
    entry_on_signing=re.compile(
        r"(?:вступает\s+в\s+силу|вводится\s+в\s+действие)\s+со\s+дня\s+(?:его\s+)?подписания"
    ),
    fn_mark=re.compile(r"^Трудовая(?:\s+функция\s+(?P<number>\d+)\s*:?\s*(?P<rest>.*))?$"),
    fn_title=re.compile(r"^функция\s+(?P<number>\d+)\s*:\s*(?P<rest>.*)$"),
    skill_mark=re.compile(r"^Навык\s+(\d+)\s*:?\s*(.*)$"),
    abilities=re.compile(r"^Умения\s*:$"),
    abilities_text="Умения:",
    knowledge=re.compile(r"^Знания\s*:$"),
)
WORDINGS = (KK, RU)


def wording_of(text: str) -> Wording | None:
    """The wording whose amending-order title the text (the head of a document) has."""
    return next((w for w in WORDINGS if w.head.search(text)), None)


Column = Literal["none", "function", "repeat", "skill", "content"]


def unspace_letters(raw: str) -> str:
    """Undo letter-spacing of justified PDF text (``п ә н д і к  с а л а д а`` →
    ``пәндік салада``): runs of three or more single letters become one word."""
    return SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), raw)


def clean(text: str) -> str:
    """Joined text without the spaces a line break left inside brackets."""
    return re.sub(r"\s+\)", ")", re.sub(r"\(\s+", "(", text))


def span(lines: list[int]) -> Location:
    return Location("line", min(lines), max(lines))


def looks_like_amendment(blocks: list[Block]) -> bool:
    """Whether the text is an order amending a professional standard's cards (in Kazakh
    or in Russian)."""
    head = " ".join(normalize_space(b.text) for b in blocks[:40])
    w = wording_of(head)
    if w is None or not w.standard_word.search(head):
        return False
    return any(w.card_heading.match(normalize_space(b.text)) for b in blocks)


# -- one quoted table line ---------------------------------------------------------------------


@dataclass
class _SkillColumn:
    ordinal: int
    line: int
    segments: list[list[Line]] = field(default_factory=list)


class RowReader:
    """Reconstructs one quoted table row (one labor function) from interleaved lines."""

    def __init__(self, parse: _Parse, lines: list[Line], what: str) -> None:
        self.parse = parse
        self.lines = lines
        self.what = what
        self.fn_marks: list[tuple[int, int | None]] = []
        self.fn_title: list[Line] = []
        self.skills: list[_SkillColumn] = []
        self.content: list[Line] = []
        self.state: Column = "none"
        self.blank: tuple[int, Column] | None = None  # the last blank line, the column before

    def read(self) -> LaborFunction:
        for n, t in self.lines:
            if t:
                self.classify(n, t)
            else:
                self.blank = (n, self.state)
                self.state = "none"
        return self.build()

    # -- columns -----------------------------------------------------------------------------
    def classify(self, n: int, t: str) -> None:
        w = self.parse.w
        if (m := w.fn_mark.match(t)) and self.repeats_function(_number(m), t):
            self.state = "repeat"
        elif m := w.fn_mark.match(t):
            self.fn_marks.append((n, _number(m)))
            self.state = "function"
            if m["rest"]:
                self.function_title(n, m["rest"])
        elif m := w.fn_title.match(t):
            self.number_function(_number(m))
            self.function_title(n, m["rest"].strip())
        elif m := w.skill_mark.match(t):
            self.skills.append(_SkillColumn(int(m[1]), n))
            self.start_title(n, m[2].strip())
        elif w.abilities.match(t) or w.knowledge.match(t) or _list_item(t) is not None:
            self.add_content(n, t)
        elif self.state == "function":
            self.fn_title.append((n, t))
        elif self.state == "repeat":
            pass  # the rest of the function's cell, read already
        elif self.state == "skill":
            self.skills[-1].segments[-1].append((n, t))
        elif self.state == "content" or self.unfinished_item():
            self.add_content(n, t)
        elif self.blank is not None and self.blank[1] != "none":
            # a blank line inside a cell (a page break): the cell goes on
            at, self.state = self.blank
            self.parse.warn(f"{self.what}: a blank line inside a cell, the text joined", at)
            self.blank = None
            self.classify(n, t)
        else:
            raise self.parse.fail(f"{self.what}: cannot tell which table column {t!r} is in", n)

    def number_function(self, number: int | None) -> None:
        """The function's number given on its title line (``функция 1: …``, when the mark
        line before it, ``Трудовая``, has none)."""
        if number is None or not self.fn_marks or self.fn_marks[-1][1] is not None:
            return
        self.fn_marks[-1] = (self.fn_marks[-1][0], number)

    def repeats_function(self, number: int | None, text: str) -> bool:
        """Whether a function mark is the function's cell again: a cell merged down its
        skills' rows is repeated in every row by a Word file and by the PDF reader (once
        in a web page or the extracted text). The same number, after a skill has begun,
        and no other text than the function's mark and title read so far."""
        if not self.fn_marks or not self.skills:
            return False
        if number is not None and number != self.fn_marks[0][1]:
            return False
        m = self.parse.w.fn_mark.match(text)
        rest = normalize_space(m["rest"] or "") if m else ""
        return not rest or join_lines([t for _, t in self.fn_title]).startswith(rest)

    def add_content(self, n: int, t: str) -> None:
        self.content.append((n, t))
        self.state = "content"

    def start_title(self, n: int, t: str) -> None:
        self.skills[-1].segments.append([(n, t)] if t else [])
        self.state = "skill"

    def unfinished_item(self) -> bool:
        return bool(self.content) and not self.content[-1][1].endswith((".", ";", ":"))

    def function_title(self, n: int, rest: str) -> None:
        """The text after ``функциясы:``; on the same line may follow the first line of a
        knowledge or ability item, or the repeated head of the current skill's title."""
        self.state = "function"
        if not rest:
            return
        if m := NUMBER_INSIDE.match(rest):
            self.fn_title.append((n, m[1]))
            self.add_content(n, m[2])
            return
        head = self.title_head()
        at = rest.find(head) if head else -1
        if at > 0:
            self.fn_title.append((n, rest[:at].strip()))
            self.start_title(n, rest[at:])
            return
        self.fn_title.append((n, rest))

    def title_head(self) -> str:
        """The first piece of the current skill's title, if it has one."""
        if not self.skills or not self.skills[-1].segments:
            return ""
        first = self.skills[-1].segments[0]
        return join_lines([t for _, t in first])

    # -- assembly ----------------------------------------------------------------------------
    def build(self) -> LaborFunction:
        first = self.lines[0][0] if self.lines else None
        if len(self.fn_marks) != 1:
            raise self.parse.fail(
                f"{self.what}: expected one labor function, found {len(self.fn_marks)}", first
            )
        title = join_lines([t for _, t in self.fn_title])
        if not title:
            raise self.parse.fail(f"{self.what}: labor function without a title", first)
        groups = self.content_groups()
        if not self.skills or len(groups) != len(self.skills):
            raise self.parse.fail(
                f"{self.what}: {len(self.skills)} skills but {len(groups)} ability lists", first
            )
        mark_line, ordinal = self.fn_marks[0]
        if ordinal is None:
            raise self.parse.fail(f"{self.what}: labor function without a number", mark_line)
        lines = [mark_line, *(n for n, _ in self.fn_title)]
        fn = LaborFunction(ordinal, clean(title), mandatory=True, loc=span(lines))
        fn.skills = [self.skill(s, g) for s, g in zip(self.skills, groups, strict=True)]
        return fn

    def content_groups(self) -> list[list[Line]]:
        groups: list[list[Line]] = []
        for n, t in self.content:
            if self.parse.w.abilities.match(t):
                groups.append([])
            elif not groups:
                before = self.parse.w.abilities_text
                raise self.parse.fail(f"{self.what}: {t!r} comes before {before!r}", n)
            groups[-1].append((n, t))
        return groups

    def skill(self, col: _SkillColumn, group: list[Line]) -> Skill:
        title = ""
        for segment in col.segments:
            piece = join_lines([t for _, t in segment])
            if title and piece.startswith(title):
                self.parse.warn(f"{self.what}: repeated start of a skill title dropped", col.line)
                title = piece
            else:
                title = join_lines([title, piece])
        if not title:
            raise self.parse.fail(f"{self.what}: skill {col.ordinal} has no title", col.line)
        knowledge = self.parse.w.knowledge
        at = next((k for k, (_, t) in enumerate(group) if knowledge.match(t)), len(group))
        lines = [col.line, *(n for seg in col.segments for n, _ in seg), *(n for n, _ in group)]
        skill = Skill(col.ordinal, clean(title), span(lines))
        skill.abilities = self.items(group[1:at])
        skill.knowledge = self.items(group[at + 1 :])
        return skill

    def items(self, lines: list[Line]) -> list[Item]:
        groups: list[list[Line]] = []
        for n, t in lines:
            item = _list_item(t)
            if item is not None and item[0] in (None, len(groups) + 1):
                groups.append([(n, item[1])])
            elif groups:
                groups[-1].append((n, t))
            else:
                raise self.parse.fail(f"{self.what}: item without a number: {t!r}", n)
        return [
            Item(k, clean(join_lines([t for _, t in g])), span([n for n, _ in g]))
            for k, g in enumerate(groups, start=1)
        ]


def _list_item(t: str) -> tuple[int | None, str] | None:
    """The number (None for a letter or a bullet) and the text of the item a line begins,
    or None: ``N.`` as the acts number their items, or another list mark (``N)``, ``а)``,
    ``a)``, a bullet: :func:`nqs.loaders.numbering.split_mark`)."""
    if m := NUMBERED.match(t):
        return int(m[1]), m[2]
    mark, rest = split_mark(t)
    if mark is None or (mark.kind == "number" and rest[:1].isdigit()):
        return None
    return mark.number, rest


# -- comparing two rows ----------------------------------------------------------------------


def _edit(
    kind: ElementKind,
    path: tuple[int, int | None, int | None],
    old: tuple[str, Location] | None,
    new: tuple[str, Location] | None,
) -> list[ElementEdit]:
    if old is not None and new is not None and old[0] == new[0]:
        return []
    return [
        ElementEdit(
            kind,
            *path,
            old=old[0] if old else None,
            new=new[0] if new else None,
            old_loc=old[1] if old else None,
            new_loc=new[1] if new else None,
        )
    ]


def _items(
    kind: ElementKind, fn: int, skill: int, old: list[Item], new: list[Item]
) -> list[ElementEdit]:
    a = {i.ordinal: (i.text, i.loc) for i in old}
    b = {i.ordinal: (i.text, i.loc) for i in new}
    out: list[ElementEdit] = []
    for k in sorted(a.keys() | b.keys()):
        out += _edit(kind, (fn, skill, k), a.get(k), b.get(k))
    return out


def compare(old: LaborFunction, new: LaborFunction) -> list[ElementEdit]:
    """What differs between the old and the new wording of a row, element by element
    (elements are matched by their numbers)."""
    fn = new.ordinal
    out = _edit("function", (fn, None, None), (old.title, old.loc), (new.title, new.loc))
    a = {s.ordinal: s for s in old.skills}
    b = {s.ordinal: s for s in new.skills}
    for k in sorted(a.keys() | b.keys()):
        s, t = a.get(k), b.get(k)
        out += _edit(
            "skill", (fn, k, None), (s.title, s.loc) if s else None, (t.title, t.loc) if t else None
        )
        out += _items("ability", fn, k, s.abilities if s else [], t.abilities if t else [])
        out += _items("knowledge", fn, k, s.knowledge if s else [], t.knowledge if t else [])
    return out


# -- the whole order ---------------------------------------------------------------------------


@dataclass
class _Quote:
    open: int
    close: int
    lines: list[Line]

    @property
    def loc(self) -> Location:
        return Location("line", self.open, self.close)


Token = Line | _Quote


@dataclass
class _Card:
    ordinal: int
    name: str
    loc: Location


class _Parse:
    """One parse: the lines, what has been consumed, and what was found odd."""

    def __init__(self, blocks: list[Block], source: SourceInfo) -> None:
        self.path: Path = source.path
        self.source = source
        self.lines: list[Line] = [
            (b.loc.start, normalize_space(unspace_letters(b.text))) for b in blocks
        ]
        self.columns = {b.loc.start: b.column for b in blocks if b.column is not None}
        self.used: set[int] = set()
        self.warnings: list[Warning_] = []
        self.ordinal = 0
        head = " ".join(t for _, t in self.lines[:40])
        self.w: Wording = wording_of(head) or KK
        self.all: list[Line] = list(self.lines)  # every line, for ``unassigned``
        self.odd: set[int] = set()  # lines of no text of the order (page numbers, strays)
        self.lines = self.without_page_breaks(self.lines)

    def without_page_breaks(self, lines: list[Line]) -> list[Line]:
        """The lines less those that are no text of the order (page numbers, strays, but
        the quote marks that open and close a quoted text), each warned and kept unassigned
        (:func:`~nqs.loaders.numbering.without_page_breaks`)."""
        out, dropped = without_page_breaks(lines, QUOTE_OPEN | QUOTE_CLOSE)
        for n, message in dropped:
            self.warn(message, n)
            self.odd.add(n)
        return out

    def fail(self, message: str, line: int | None = None) -> SourceError:
        return SourceError(self.path, message, Location("line", line, line) if line else None)

    def warn(self, message: str, line: int) -> None:
        self.warnings.append(Warning_(message, Location("line", line, line)))

    def take(self, lines: list[int]) -> None:
        self.used.update(lines)

    # -- header ------------------------------------------------------------------------------
    def run(self) -> AmendmentDocument:
        w = self.w
        at = next((i for i, (_, t) in enumerate(self.lines) if w.orders.match(t)), None)
        if at is None:
            raise self.fail(f"not an order: no {w.orders_text!r}")
        title, amended_title, amended, amending = self.header(self.lines[:at])
        body = self.lines[at + 1 :]
        first_card = next((i for i, (_, t) in enumerate(body) if w.card_heading.match(t)), None)
        if first_card is None:
            raise self.fail("the order changes no profession card", self.lines[at][0])
        std_title, std_loc = self.standard(body[:first_card], amended)
        doc = AmendmentDocument(
            source=self.source,
            title=title,
            loc=span([n for n, _ in self.lines]),
            amending=amending,
            amended=amended,
            amended_title=amended_title,
            standard_title=std_title,
            standard_loc=std_loc,
            effective=amending.date,
            effective_rule="order-date",
            language=w.language,
        )
        if at:
            doc.header_loc = span([n for n, _ in self.lines[:at]])
        closing = self.changes(self.tokens(body[first_card:]), doc)
        self.entry_into_force(closing, doc)
        doc.operative = self.operative([self.lines[at], *body[:first_card]], closing)
        if not doc.changes:
            raise self.fail(f"no '… {w.replace_text}' change found")
        doc.warnings = self.warnings
        doc.unassigned = [
            Block(t, Location("line", n, n))
            for n, t in self.all
            if t and (n not in self.used or n in self.odd)
        ]
        return doc

    def header(self, lines: list[Line]) -> tuple[str, str, ActRef, ActRef]:
        groups: list[list[Line]] = [[]]
        for line in lines:
            if line[1]:
                groups[-1].append(line)
            elif groups[-1]:
                groups.append([])
        groups = [g for g in groups if g]
        if len(groups) == 1:
            groups = self.title_and_act(groups[0])
        if len(groups) < 2:
            raise self.fail(f"no title and act line before {self.w.orders_text!r}")
        title = join_lines([t for _, t in groups[0]])
        m = self.w.amended_title.match(title)
        if not m:
            raise self.fail("the title does not name the amended order", groups[0][0][0])
        issuer = self.w.amended_issuer(m["issuer"])
        amended = ActRef(issuer, m["number"], self.date(m, groups[0][0][0]))
        act_line = join_lines([t for _, t in groups[-1]])
        a = self.w.amending_act.match(act_line)
        if not a:
            raise self.fail("no line naming the amending order", groups[-1][0][0])
        amending = ActRef(a["issuer"], a["number"], self.date(a, groups[-1][0][0]))
        self.take([n for g in (groups[0], groups[-1]) for n, _ in g])
        return title, m["name"], amended, amending

    def title_and_act(self, lines: list[Line]) -> list[list[Line]]:
        """Title and act line with no blank line between them (a line per paragraph, as a
        Word file, a web page or a PDF gives them): the title is the first lines that read
        as the title of an amending order, the act line the rest."""
        for k in range(1, len(lines)):
            if self.w.amended_title.match(join_lines([t for _, t in lines[:k]])):
                return [lines[:k], lines[k:]]
        return [lines]

    def date(self, m: re.Match[str], line: int) -> str:
        date = cited_date(m, self.w.month)
        if date is None:
            raise self.fail(f"unknown month {m['month']!r}", line)
        return date

    def standard(self, intro: list[Line], amended: ActRef) -> tuple[str, Location]:
        """The amended standard's title, from "… бұйрықпен бекітілген <title> стандартында:"
        ("в <title>, утвержденном указанным приказом:")."""
        lines = [(n, t) for n, t in intro if t]
        text = join_lines([t for _, t in lines])
        m = self.w.standard.search(text)
        if not m:
            raise self.fail(f"no {self.w.standard_text!r}", lines[0][0] if lines else None)
        if f"№ {amended.number}" not in text:
            self.warn(f"point 1 does not repeat order № {amended.number}", lines[0][0])
        self.take([n for n, _ in lines])
        return self.w.standard_title(clean(m["title"])), span([n for n, _ in lines])

    # -- changes -----------------------------------------------------------------------------
    def tokens(self, lines: list[Line]) -> list[Token]:
        """Lines outside quotes, and each quoted block (quote marks on lines of their own)."""
        out: list[Token] = []
        opened: tuple[int, list[Line]] | None = None
        for n, t in lines:
            if opened is None and t in QUOTE_OPEN:
                opened = (n, [])
            elif opened is not None and t in QUOTE_CLOSE:
                out.append(_Quote(opened[0], n, opened[1]))
                opened = None
            elif opened is not None:
                opened[1].append((n, t))
            else:
                out.append((n, t))
        if opened is not None:  # a text cut short inside a quotation: its lines left unread
            self.warn("quotation not closed: the text ends inside it", opened[0])
        return out

    def changes(self, tokens: list[Token], doc: AmendmentDocument) -> list[Line]:
        """Read the instructions; returns the lines after them (the closing points)."""
        w = self.w
        card: _Card | None = None
        old: _Quote | None = None
        replace_at: int | None = None
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            i += 1
            if isinstance(tok, _Quote):
                if card is None:
                    raise self.fail("quoted text before any card heading", tok.open)
                if old is None:
                    old = tok
                elif replace_at is None:
                    raise self.fail(f"old text not followed by {w.replace_text!r}", tok.open)
                else:
                    doc.changes.append(self.row_change(card, old, tok))
                    old, replace_at = None, None
                continue
            n, t = tok
            if not t:
                continue
            if m := w.card_heading.match(t):
                card, i = self.card(int(m[1]), m[2], n, tokens, i)
            elif w.replace.match(t) or w.next_line.match(t):
                if w.replace.match(t):
                    if old is None:
                        raise self.fail(f"{w.replace_text!r} without an old text", n)
                    replace_at = n
                self.take([n])
            elif w.paragraph.search(t) and w.new_wording.search(t):
                i = self.paragraph(n, t, tokens, i, doc)
            elif POINT.match(t):
                return [x for x in tokens[i - 1 :] if not isinstance(x, _Quote)]
        if old is not None:
            raise self.fail("old text without its new wording", old.open)
        return []

    def card(
        self, ordinal: int, first: str, n: int, tokens: list[Token], i: int
    ) -> tuple[_Card, int]:
        lines = [(n, first)]
        while i < len(tokens) and not isinstance(tokens[i], _Quote):
            line = tokens[i]
            assert not isinstance(line, _Quote)
            if line[1]:
                lines.append(line)
            i += 1
        name = join_lines([t for _, t in lines]).rstrip(":").strip()
        if name.count('"') % 2:
            self.warn("unbalanced quotation mark in the card heading", n)
            name = name.replace('"', "").strip()
        self.take([k for k, _ in lines])
        return _Card(ordinal, name, span([k for k, _ in lines])), i

    def row_change(self, card: _Card, old: _Quote, new: _Quote) -> RowChange:
        what = f"card {card.ordinal}"
        before = RowReader(self, old.lines, f"{what}, old text").read()
        after = RowReader(self, new.lines, f"{what}, new text").read()
        if before.ordinal != after.ordinal:
            raise self.fail(f"{what}: the new text is of another labor function", new.open)
        self.take([n for q in (old, new) for n in range(q.open, q.close + 1)])
        self.ordinal += 1
        return RowChange(
            ordinal=self.ordinal,
            card=card.ordinal,
            card_name=card.name,
            card_loc=card.loc,
            old=before,
            new=after,
            old_loc=old.loc,
            new_loc=new.loc,
            loc=Location("line", old.open, new.close),
            edits=compare(before, after),
        )

    def paragraph(self, n: int, t: str, tokens: list[Token], i: int, doc: AmendmentDocument) -> int:
        """``N-тармақ мынадай редакцияда жазылсын: "N. …".`` (the text up to the closing
        quote)."""
        number = int(self.w.paragraph.search(t)[1])  # type: ignore[index]
        lines: list[Line] = []
        while i < len(tokens):
            tok = tokens[i]
            i += 1
            if isinstance(tok, _Quote):
                raise self.fail("unexpected quotation in a paragraph's new wording", tok.open)
            if tok[1]:
                lines.append(tok)
                if re.search(r'"[.;]?$', tok[1]):
                    break
        text = join_lines([x for _, x in lines]).strip()
        m = re.match(rf'^"\s*{number}\.\s*(?P<head>[^:]+):\s*(?P<body>.*?)"[.;]?$', text)
        if not m:
            raise self.fail(f"no quoted new wording of paragraph {number}", n)
        change = ParagraphChange(
            ordinal=self.ordinal + 1,
            paragraph=number,
            heading=m["head"].strip(),
            loc=span([n, *(k for k, _ in lines)]),
            new_loc=span([k for k, _ in lines]),
        )
        self.ordinal += 1
        self.developers(m["body"].rstrip("."), change)
        wording = text[1 : m.start("body")].lstrip()
        change.text = wording + _without_contacts(m["body"], PERSONAL_DATA[self.w.language])
        doc.paragraphs.append(change)
        self.take(list(range(change.loc.start, change.loc.end + 1)))
        return i

    def developers(self, body: str, change: ParagraphChange) -> None:
        """Organisations of a developers' paragraph; "name – phone" contacts are dropped."""
        for part in (p.strip() for p in body.split(",")):
            if CONTACT.match(part):
                change.contacts_dropped += 1
            elif part:
                change.developers.append(part)

    # -- closing points ----------------------------------------------------------------------
    def operative(self, lead: list[Line], closing: list[Line]) -> OperativePart:
        """The order's points and signature: ``БҰЙЫРАМЫН``, point 1's words up to the first
        card (its changes are read as the rows and paragraphs changed; the point runs to the
        line before point 2), and the closing points with the signature."""
        part = read_operative([*lead, *closing], self.w.language, join_lines, self.columns)
        if part.points and closing:
            first = part.points[0]
            whole = Location("line", first.loc.start, max(first.loc.end, closing[0][0] - 1))
            part.points[0] = replace(first, loc=whole)
        self.warnings += part.warnings
        self.take(sorted(part.lines))
        return part

    def entry_into_force(self, closing: list[Line], doc: AmendmentDocument) -> None:
        points: list[list[Line]] = []
        for n, t in closing:
            if POINT.match(t):
                points.append([])
            if points and t:
                points[-1].append((n, t))
        for point in points:
            text = join_lines([t for _, t in point])
            if not self.w.entry.search(text):
                continue
            end = next((k for k, (_, t) in enumerate(point) if t.endswith(".")), len(point) - 1)
            loc = span([n for n, _ in point[: end + 1]])
            if self.w.entry_on_signing.search(text):
                doc.effective_rule = "signing"
                doc.effective_loc = loc
                self.take(list(range(loc.start, loc.end + 1)))
            else:
                self.warn("entry into force is not on signing: the order's date is used", loc.start)
            return
        line = closing[0][0] if closing else doc.loc.end
        self.warn("no entry-into-force rule found: the order's date is used", line)


def _without_contacts(body: str, marker: str) -> str:
    """``body`` word for word but for each "name – phone" contact between its commas, which
    is ``marker``."""
    pieces = re.split(r"(,\s*)", body)
    for k in range(0, len(pieces), 2):
        core = pieces[k].strip().rstrip(".")
        if CONTACT.match(core):
            pieces[k] = pieces[k].replace(core, marker)
    return "".join(pieces)


def _number(m: re.Match[str]) -> int | None:
    number = m.groupdict().get("number")
    return int(number) if number else None


def parse_amendment(blocks: list[Block], source: SourceInfo) -> AmendmentDocument:
    """Parse an order amending a professional standard from the lines of its text."""
    return _Parse(blocks, source).run()
