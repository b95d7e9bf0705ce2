"""Parser for professional standards in the older Russian template (pre-2023, ICT corpus).

Input is a list of :class:`Row` (DOCX via :mod:`nqs.loaders.read.docx`, or a PDF reader
giving the same shape): label cell first, value cell(s) after it. Rows are classified by
their label, never by their position, so both variants of the template are read:

* "Default" - a labor function carries its own ``Умения и навыки:`` and ``Знания:`` lists.
  It is represented as ONE skill per function: ``ordinal`` 1, ``is_task`` false,
  ``implicit`` true and the function's title as its title (no text is invented; the mapper
  may fold it into the function).
* "Kind2" - ``Трудовая функция N`` → ``Задача N`` → ``Умения``/``Навыки`` and ``Знания``;
  each task is a skill with ``is_task`` true.

A table row whose first cell is empty continues the label above it (vertical merges and
page breaks). A content cell may hold a list header, items, or both.

Text rules:

* whitespace (tabs, no-break spaces, runs of spaces) becomes one space;
* an in-line hyphen followed by a space between two word parts is a broken compound and is
  closed (``аппаратно- программного`` → ``аппаратно-программного``), except before the
  conjunctions ``и``/``или``/``либо`` (``видео- и других``); a line ending in such a hyphen
  is joined to the next line without a space; dashes with spaces on both sides are kept;
* list items: leading numbers (``1.``, ``1)``, ``1.Text``, ``1 Text``, a number alone on
  its line), bullets (``•``, ``–``, ``-``, U+F0B7, ``▪`` …) and letters (``а)``, ``b)``)
  are stripped; ``ordinal`` is the position in the list; an unmarked line that starts
  with a lower-case letter, or follows a line ending in a hyphen or a comma, continues the
  previous item, and so does an unmarked line opening a row that goes on with a numbered
  list whose last item is not ended (an item broken by a row or page break);
* titles and names (standard, profession, function, task, OKED labels, group names) lose
  enclosing «» and one final full stop; statements (items, purpose, description) are kept
  as written;
* personal competencies: one item per line; a line made of several short sentences
  (``Логическое мышление. Гибкость мышления.``) gives one item per sentence, each with its
  full stop; a list separated by commas (``Ответственность, Исполнительность, …,
  Креативность.``) gives one item per member, in order, the commas dropped and the list's
  final full stop left to its last member, so that the members joined by ``", "`` are the
  line. A comma inside brackets or quotes separates nothing, an adjective alone before a
  comma shares the noun after it (``Логическое, аналитическое, математическое мышление.``
  is one item), and a member that opens with a conjunction, a preposition or a verb
  (``…, обобщать и делать выводы``) goes on with the one before it. A competency with a
  capitalised word after a lower-case one (``Дисциплинированность Исполнительность``: two
  written without a separator) is kept as written and reported.

Contact persons in the technical data (names, phones, e-mails) are personal data and are
not loaded: only organisations are, and an approval written after the contact persons
(``Утверждено приказом … от 24.12.2019г. №259``) with the order it names (its issuer, date
and number: :func:`approving_act`). Each version the technical data record (``Версия 1,
2019 год``, then ``Версия 2, 2022 год`` after an update) is kept with its row and the row of
its planned revision; the standard's own version, year and revision are the last one's.
Rows not assigned to any element are returned in ``StandardDocument.unassigned``.

Inside a recognised document nothing unexpected stops the parse or is lost silently (see
tests/loaders/test_variations_ru.py): it is understood, or reported by a warning at its row with
its text in ``unassigned``:

* a lone small letter or punctuation mark on a line of its own (``к``) is reported and
  kept unassigned; a bullet or dash alone on a line of a cell with text is dropped;
* a bullet or number before ``Трудовая функция N``, ``Задача N`` or a list header is no
  part of the label;
* function rows are read cell by cell, whatever their number: a ``Задача N`` cell (its
  title up to a header or numbered line, the rest items), cells of items, and a cell in
  between that is the function's title split from its label, or the rest of a task's
  title broken by a page (a task known by its number only takes the first lines that
  come); a label cell may hold the task or items merged into it; lines at the head of a
  cell that repeat the function's or task's title (a reader repeats a title broken by a
  page in every row of the new page) are read once;
* after a function's row, a row whose label is no function's goes on with the function
  when its label is unknown, or when it has a task, a header or (for a label that cannot
  follow the functions) numbered items: the rest of a title broken by a page
  (``Кодирование…`` is no occupation code there);
* a label and its value in one cell (``Профессия: Дизайнер``; a function's label with its
  items) are read as the row they stand for, with a warning;
* the card's heading repeated inside the card (a table's header row after a page break)
  is reported and left unassigned; the same heading before a passport field the card
  has had already, or after its functions, starts the next card;
* an approval whose order number and date went on to the next row (a page break) is read
  whole;
* a labelled row with an unknown label, and a paragraph after the passport that is no
  section heading, are reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from nqs.loaders.model import ActRef, Block, Location, Row, SourceError, SourceInfo, Warning_
from nqs.loaders.numbering import BULLETS as _BULLETS
from nqs.loaders.standard.model import (
    Approval,
    Card,
    CardListEntry,
    CodedTitle,
    EconomicActivityRef,
    EducationLink,
    Item,
    LaborFunction,
    LevelSpec,
    RelatedOccupation,
    Skill,
    StandardDocument,
    VersionEntry,
)
from nqs.loaders.standard.provisions import parse_provisions
from nqs.loaders.text import join_lines

ATAMEKEN = "Национальная палата предпринимателей Республики Казахстан «Атамекен»"
ATAMEKEN_GENITIVE = "Национальной палаты предпринимателей Республики Казахстан «Атамекен»"
MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip

_SPACES = re.compile(r"[ \t\u00a0\u2007\u2009\u202f]+")
_BROKEN_COMPOUND = re.compile(r"(?<=\w)- (?!(?:и|или|либо)\b)(?=\w)")
_NUMBER = re.compile(r"^(\d{1,2})(?:\s*[.)]\s*|\s+(?=[A-ZА-ЯЁ]))")
_NUMBER_ALONE = re.compile(r"^(\d{1,2})\s*[.)]?\s*$")  # an item's number alone on its line
# a bullet, or a letter enumerating a list (``а)``, ``b)``)
_BULLET = re.compile(rf"^(?:[{_BULLETS}]|[A-Za-zА-Яа-яЁё]\)(?=\s))\s*")
# what may stand before a label (``• Задача 1``, ``1) Трудовая функция 2``)
_LEAD = rf"(?:[{_BULLETS}]\s*|\d{{1,2}}\s*[.)]\s*|[A-Za-zА-Яа-яЁё]\)\s*)?"
_HEADER = re.compile(r"^(умения и навыки|умения|навыки|знания)\s*:?\s*(.*)$", re.I)
_FUNCTION = re.compile(rf"^{_LEAD}трудовая\s+функция\s*(\d+)\s*[:.]?\s*(.*)$", re.I | re.S)
_TASK = re.compile(rf"^{_LEAD}задача\s*(\d+)\s*[:.]?\s*(.*)$", re.I | re.S)
_BROKEN_LABEL = re.compile(
    rf"(?m)^(\s*{_LEAD}(?:трудовая\s+функция|задача))[ \t]*\n\s*(?=\d{{1,2}}\s*[:.]?)", re.I
)
_LABEL_LEAD = re.compile(rf"^{_LEAD}(?=(?:трудовая\s+функция|задача)\s*\d)", re.I)
# a line of its own that is no text: a lone small letter or punctuation (``к``, ``.``); a
# capital alone may be a code (an OKED section) or a name
_STRAY = re.compile(r"^(?:[a-zа-яё][.,;:!?]?|[.,;:!?'\"«»()/\\|_~^`]+)$")
# a line that is only a bullet or a dash: no text, and in a cell with text no "none" either
_MARK_ONLY = re.compile(rf"^[{_BULLETS}\s]+$")
# section headings of the template, left unassigned without a warning
_SECTION = re.compile(
    r"^(?:\d\.\s*)?(?:паспорт|карточки профессий|технические (?:данные|характеристики)|общие "
    r"положения)",
    re.I,
)
_FUNCTION_KIND = re.compile(r"^(?:обязательн|дополнительн|основн)\w*\s+трудов\w*\s+функци\w*$")
_NKZ = re.compile(r"^(\d{4})\s*-\s*(\d)(?:\s*-\s*(\d{3}))?$")
_NKZ_PREFIX = re.compile(r"^(\d{4}-\d-\d{3}|\d{4})\s*[-–]?\s*(.*)$")
_OKED = re.compile(r"^([A-Z]|\d{2}(?:\.\d{1,2}){0,2})\.?\s+(\S.*)$")
_LEVEL_RANGE = re.compile(r"^(\d)\s*(?:-?й)?\s*(?:[-–]|и)\s*(\d)(?!\d)")
_LEVEL = re.compile(r"^(\d)(?!\d)")
_OKED_GLUED = re.compile(r"(?<=[^\W\d_])(?=\d{2}(?:\.\d{1,2}){1,2}\.?\s)")
_LATIN_LOOKALIKE = dict(zip("АВСЕНКМОРТХ", "ABCEHKMOPTX", strict=True))
_ACT = re.compile(r"№\s*(\d+)\s*от\s*(\d{1,2}\.\d{1,2}\.\d{4})")
_ANNEX = re.compile(r"Приложение\s*№\s*(\d+)", re.I)
_DATE_NUM = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_WORDS = re.compile(r"(\d{1,2})\s+([а-яё]+)\s+(\d{4})", re.I)
_ISCED = re.compile(r"\(([^()]*МСКО[^()]*)\)")
_CODED_LINE = re.compile(r"^(\d{6,7}(?:\s\d)?|\d[ВBМM]\d{6})(?:\s*[-–]\s*|\s+|$)(.*)$")
_HANDBOOK_LINE = re.compile(r"^(\d{1,4})\s*[.)]?\s+(?:[-–—]\s+)?(\S.*)$")  # ``185 – Техник``
_GLUED_ITEM = re.compile(r"\s\d{1,2}\.\s+(?=[А-ЯЁA-Z])")
_PROVISION = re.compile(r"^\s*1\.\s+Профессиональный\s+стандарт")
# contact persons of the technical data: a phone number; a line ending in a person's name
# with initials, or a full name with a patronymic
_PHONE = re.compile(r"^\+?\d[\d\s()\-\u00a0]{8,}$")
_PERSON = re.compile(
    r"(?:^|\s)[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?$"
    r"|^[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вич|вна|ична|улы|кызы)$"
)
# an approval in the technical data (``Утверждено приказом``, ``Утвержден приказом``)
_APPROVED = re.compile(r"^Утвержден[оаы]?\s+(?:приказом\s+)?", re.I)
_SENTENCE = re.compile(r"(?<=\.)\s+(?=[А-ЯЁA-Z])")
# a competency list's member that is an adjective alone (``Логическое, аналитическое …``),
# or one that goes on with the member before it (a conjunction, preposition or infinitive)
_LONE_ADJECTIVE = re.compile(r"^[А-ЯЁа-яё]+(?:ое|ее|ая|яя|ый|ий|ой|ые)$")
# a capitalised word after a lower-case one inside a competency: two written as one
_RUN_ON = re.compile(r"[а-яё] [А-ЯЁ][а-яё]")
_GOES_ON = re.compile(
    r"^(?:(?:и|или|либо|а|но|в|во|на|с|со|по|к|ко|для|при|что|чтобы|как|который|которые)\b"
    r"|[а-яё]+(?:[аяеиуыо]ть(?:ся)?|чь)\b)"
)


# -- text helpers ---------------------------------------------------------------------------
# the lists of a card whose items get their places from the rows (``Card.places`` keys)
_PLACED_LISTS = (
    ("competencies", "personal_competencies"),
    ("other_titles", "other_titles"),
    ("related", "related"),
    ("handbook_links", "handbook_links"),
    ("education_links", "education_links"),
)


def _span_place(places: dict[str, Location], key: str, loc: Location) -> None:
    """Record ``loc`` as the place of ``key``, or widen the place already recorded."""
    places[key] = places[key].span(loc) if key in places else loc


def clean(text: str) -> str:
    """One line: spaces normalised, broken compounds closed."""
    if (
        "  " in text
        or "\t" in text
        or "\u00a0" in text
        or "\u2007" in text
        or "\u2009" in text
        or "\u202f" in text
    ):  # else every run is one " " already (and a regular expression is slow to say so)
        text = _SPACES.sub(" ", text)
    text = text.strip()
    return _BROKEN_COMPOUND.sub("-", text) if "- " in text else text


def join(lines: list[str]) -> str:
    """Join layout lines of one text (a hyphen at a line end joins without a space)."""
    return clean(join_lines([clean(x) for x in lines]))


def lines_of(text: str) -> list[str]:
    return [c for c in (clean(x) for x in text.split("\n")) if c]


def label_key(text: str) -> str:
    """A cell's text as a lookup key: one line, lower case, no final colon, no bullet or
    number before ``Трудовая функция``/``Задача``."""
    key = join(text.split("\n")).lower().replace("ё", "е").rstrip(" :.")
    return _LABEL_LEAD.sub("", key)


def title_text(text: str) -> str:
    """A title: enclosing «» and one final full stop removed."""
    t = clean(text)
    if t.endswith(".") and not t.endswith(".."):
        t = t[:-1].rstrip()
    if t.startswith("«") and t.endswith("»") and t.count("«") == 1:
        t = t[1:-1].strip()
    return t


def is_empty(text: str) -> bool:
    """Blank or a dash standing for "none"."""
    return clean(text).strip("-–— ") == ""


def parse_level(text: str) -> tuple[LevelSpec | None, str]:
    """A level (``5``, ``5 - 6-й уровни``, ``4. Техническое…``) and the text after it."""
    t = clean(text)
    m = _LEVEL_RANGE.match(t)
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        return LevelSpec(low, high if high != low else None), ""
    m = _LEVEL.match(t)
    if not m:
        return None, t
    rest = t[m.end() :].lstrip(" .").strip()
    return LevelSpec(int(m.group(1))), rest


def ru_date(text: str) -> str | None:
    """The first date (``05.12.2022``, ``17 июля 2017``) in ``text`` as ISO 8601."""
    m = _DATE_NUM.search(text)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        return f"{y:04d}-{mo:02d}-{d:02d}"
    for m in _DATE_WORDS.finditer(text):
        word = m.group(2).lower()
        month = next((n for stem, n in MONTHS.items() if word.startswith(stem)), None)
        if month and not (month == 5 and not word.startswith("ма")):
            return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}"
    return None


def norm_code(text: str) -> str:
    """An NKZ code with stray spaces removed (``2511- 1`` → ``2511-1``)."""
    return re.sub(r"\s+", "", text)


# -- list items -----------------------------------------------------------------------------
@dataclass
class _OpenItem:
    parts: list[str]
    loc: Location
    number: int | None = None
    bulleted: bool = False


@dataclass
class _ItemList:
    """A list being filled, possibly over several rows."""

    target: list[Item]
    open: list[_OpenItem] = field(default_factory=list)
    notes: list[tuple[str, Location]] = field(default_factory=list)
    number: int | None = None  # a number alone on its line, for the item on the next

    def add_line(self, line: str, loc: Location, goes_on: bool = False) -> None:
        """Add a line: a new item, or the continuation of the last one. ``goes_on``: the
        line is the first of a row continuing the list (after a row or page break), where
        a plain line in a numbered list is the rest of the item broken by the break."""
        numbered = _NUMBER.match(line) or _NUMBER_ALONE.match(line)
        bullet = None if numbered else _BULLET.match(line)
        bulleted = bullet is not None
        start = numbered.end() if numbered else bullet.end() if bullet else 0
        text = line[start:].strip()
        number = int(numbered.group(1)) if numbered else self.number
        if not text:
            # a number alone on its line: the item's text is on the next line
            self.number = number if numbered else self.number
            return
        self.number = None
        last = self.open[-1] if self.open else None
        broken = (
            goes_on
            and number is None
            and not bulleted
            and last is not None
            and all(it.number is not None for it in self.open)
            and not last.parts[-1].endswith((".", ";", "!", "?"))
        )
        goes = broken or (not bulleted and last is not None and continues(last.parts[-1], text))
        if number is None and last is not None and goes:
            last.parts.append(text)
            last.loc = last.loc.span(loc)
            return
        self.open.extend(self.split_glued(_OpenItem([text], loc, number, bulleted)))

    def split_glued(self, item: _OpenItem) -> list[_OpenItem]:
        """Split ``2. A 3. B`` (the next number glued into a line); other glued numbers warn."""
        text = item.parts[0]
        m = _GLUED_ITEM.search(text)
        if not m:
            return [item]
        inner = int(re.match(r"\s(\d+)", m.group(0)).group(1))  # type: ignore[union-attr]
        if item.number is not None and inner == item.number + 1:
            self.notes.append((f"two numbered items on one line, split: {text[:80]!r}", item.loc))
            first = _OpenItem([text[: m.start()].strip()], item.loc, item.number)
            rest = text[m.start() :].strip()
            return [
                first,
                *self.split_glued(
                    _OpenItem([rest[len(str(inner)) + 1 :].strip()], item.loc, inner)
                ),
            ]
        self.notes.append((f"an item may hold two numbered items: {text[:80]!r}", item.loc))
        return [item]

    def close(self) -> None:
        merged: list[_OpenItem] = []
        punctuated = _punctuated(self.open)
        for item in self.open:
            prev = merged[-1] if merged else None
            if (
                punctuated
                and prev is not None
                and item.number is None
                and not item.bulleted
                and not prev.parts[-1].endswith((".", ";", ":", "!", "?"))
            ):
                prev.parts.extend(item.parts)
                prev.loc = prev.loc.span(item.loc)
            else:
                merged.append(item)
        start = len(self.target)
        for i, item in enumerate(merged, start=start + 1):
            self.target.append(Item(i, join(item.parts), item.loc))
        self.open.clear()


def _punctuated(items: list[_OpenItem]) -> bool:
    """A list whose items end with a full stop or semicolon (at most one exception)."""
    if len(items) < 3:
        return False
    ended = sum(1 for it in items if it.parts[-1].endswith((".", ";")))
    return ended >= len(items) - 1 and ended < len(items)


def continues(previous: str, line: str) -> bool:
    """Whether ``line`` continues the item ending with ``previous``."""
    first = line[0]
    if first.islower():
        return True
    return previous.endswith((",", "(")) or (
        len(previous) >= 2 and previous.endswith("-") and previous[-2].isalpha()
    )


def split_competencies(text: str) -> list[str]:
    """Personal competencies: one per line; a line of short sentences gives one each."""
    lines: list[str] = []
    for line in lines_of(text):
        if lines and continues(lines[-1], line):
            lines[-1] = join([lines[-1], line])
        else:
            lines.append(line)
    out: list[str] = []
    for line in lines:
        parts = [p.strip() for p in _SENTENCE.split(line) if p.strip()]
        if len(parts) > 1 and all(len(p.split()) <= 6 for p in parts):
            out.extend(m for p in parts for m in comma_members(p))
        else:
            out.extend(comma_members(line))
    return [p for p in out if not is_empty(p)]


def comma_members(text: str) -> list[str]:
    """The members of a list separated by commas, each as written (see module doc); the
    text whole when it is no such list (a member of more than eight words is prose)."""
    pieces = _top_level_commas(text)
    if len(pieces) < 2:
        return [text]
    members: list[str] = []
    pending: list[str] = []  # lone adjectives waiting for their noun
    for piece in pieces:
        if pending or _LONE_ADJECTIVE.match(piece):
            pending.append(piece)
            if _LONE_ADJECTIVE.match(piece):
                continue
            piece, pending = ", ".join(pending), []
        elif members and _GOES_ON.match(piece):
            members[-1] = f"{members[-1]}, {piece}"
            continue
        members.append(piece)
    if pending:
        members.append(", ".join(pending))
    if len(members) < 2 or any(len(m.split()) > 8 for m in members):
        return [text]
    return members


def _top_level_commas(text: str) -> list[str]:
    """``text`` split at each comma outside brackets and quotes."""
    pieces: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "(«[":
            depth += 1
        elif ch in ")»]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            pieces.append(text[start:i].strip())
            start = i + 1
    pieces.append(text[start:].strip())
    return [p for p in pieces if p] if all(pieces) else [text]


# -- the parser -----------------------------------------------------------------------------
@dataclass
class _FunctionEntry:
    ordinal: int
    title: str
    mandatory: bool
    loc: Location


@dataclass
class _CardState:
    card: Card
    declared: list[_FunctionEntry] = field(default_factory=list)
    listed: dict[bool, _ItemList] = field(default_factory=dict)
    listed_kind: bool = True
    functions: dict[int, LaborFunction] = field(default_factory=dict)
    heading_title: dict[int, str] = field(default_factory=dict)
    seen: set[Handler] = field(default_factory=set)  # the fields read in the card


Handler = Callable[[Row, list[str]], None]


class _Parser:
    def __init__(self, rows: list[Row], source: SourceInfo) -> None:
        self.rows = rows
        self.source = source
        self.doc = StandardDocument(
            source=source, language="ru", title="", loc=Location("row", 1, 1)
        )
        self.title_row: Row | None = None
        self.heading_title: str | None = None
        self.passport_seen = False
        self.cards: list[_CardState] = []
        self.last_label = ""
        self.last_values: list[str] = []
        self.last_loc: Location | None = None
        self.function: LaborFunction | None = None
        self.skill: Skill | None = None
        self.list: _ItemList | None = None
        self.list_kind: str | None = None
        self.list_target: list[Item] = []
        self.tasks: dict[tuple[int, int, str], Skill] = {}
        self.task_numbers: dict[int, int] = {}  # id of a task → the number written for it
        self.last_content: tuple[int, str] | None = None  # the last item cell and its skill
        self.pending_heading: Row | None = None  # a card heading that may be repeated
        self.pending_approval: tuple[str, Row] | None = None  # "Утверждено…" without a date
        # the handler of technical data whose last cell ended in contact persons: its row
        # broken by a page goes on with them on the next page
        self.in_contacts: Handler | None = None
        self.last_education: tuple[Card, list[str]] | None = None  # the last education row
        self.handlers: list[tuple[Callable[[str], bool], Handler]] = [
            (lambda k: k.startswith("трудовая функция"), self.function_row),
            (lambda k: k.startswith("трудовые функции"), self.function_list),
            (_is_title_label, self.title_field),
            (lambda k: k.startswith("номер") and ("пс" in k or "стандарт" in k), self.code),
            (lambda k: "окэд" in k, self.oked),
            (lambda k: k.startswith("краткое описание"), self.description),
            (lambda k: k.startswith("цель разработки"), self.development_purpose),
            (lambda k: k.startswith("названия группы"), self.group_names),
            (
                lambda k: k.startswith(("перечень карточек", "перечень профессий")),
                self.card_list_row,
            ),
            (lambda k: k.startswith("код") and "групп" not in k, self.occupation_code),
            (lambda k: k.startswith("код группы"), self.group_code),
            (lambda k: k in ("профессия", "наименование профессии"), self.profession),
            (lambda k: k.startswith("другие возможные"), self.other_titles),
            (lambda k: "уровень" in k and "орк" in k and "связь" not in k, self.level),
            (lambda k: "уровень квалификации по кс" in k, self.handbook_level),
            (lambda k: k.startswith("основная цель"), self.purpose),
            (
                lambda k: "личностным компетенциям" in k or k.startswith("требования к личностн"),
                self.competencies,
            ),
            (lambda k: k.startswith("связь с другими профессиями"), self.related),
            (lambda k: k.startswith("связь с еткс"), self.handbook_links),
            (lambda k: k.startswith("связь с системой образования"), self.education),
            (lambda k: k.startswith("разработано"), self.developers),
            (lambda k: "экспертиз" in k, self.expertise),
            (lambda k: k.startswith("актуализ"), self.updated),
            (lambda k: k.startswith("номер версии"), self.version),
            (lambda k: k.startswith("дата ориентировочного пересмотра"), self.revision),
        ]

    # -- plumbing -------------------------------------------------------------------------
    def fail(self, message: str, loc: Location | None = None) -> SourceError:
        return SourceError(self.source.path, message, loc)

    def warn(self, message: str, loc: Location | None) -> None:
        self.doc.warnings.append(Warning_(message, loc))

    def unassigned(self, row: Row) -> None:
        text = " | ".join(c for c in (join(cell.split("\n")) for cell in row.cells) if c)
        if text:
            self.doc.unassigned.append(Block(text, row.loc))

    @property
    def card(self) -> _CardState:
        if not self.cards:
            raise self.fail("a profession card field before any card heading")
        return self.cards[-1]

    def close_list(self) -> None:
        lst = self.list
        self.list = None
        self.list_kind = None
        if lst is None:
            return
        existing = list(lst.target)
        del lst.target[len(existing) :]
        fresh: list[Item] = []
        lst.target = fresh
        lst.close()
        for message, loc in lst.notes:
            self.warn(message, loc)
        target = self.list_target
        if existing and [i.text for i in fresh] == [i.text for i in existing]:
            self.warn("a list repeated word for word, the repetition dropped", fresh[0].loc)
            return
        if existing:
            self.warn(
                "a second list of the same kind in one skill, appended",
                fresh[0].loc if fresh else None,
            )
        for item in fresh:
            target.append(Item(len(target) + 1, item.text, item.loc))

    # -- main loop ------------------------------------------------------------------------
    def run(self) -> StandardDocument:
        for row in self.rows:
            try:
                self.row(row)
            except SourceError as exc:
                if exc.loc is None:
                    raise self.fail(exc.message, row.loc) from exc
                raise
        self.close_list()
        self.finish()
        return self.doc

    def row(self, row: Row) -> None:
        try:
            self.table_row(self.tidy(unbreak_labels(row)))
        finally:
            self.last_loc = row.loc

    def tidy(self, row: Row) -> Row:
        """The row without lines that are no text: a stray letter or punctuation mark on a
        line of its own is reported and kept unassigned; a bullet or dash alone on a line
        of a cell that has text besides is dropped (alone in a cell it means "none")."""
        if not any(
            _STRAY.match(x.strip()) or _MARK_ONLY.match(x) for c in row.cells for x in c.split("\n")
        ):
            return row
        cells: list[str] = []
        for cell in row.cells:
            lines = cell.split("\n")
            texts = [x for x in lines if x.strip() and not _MARK_ONLY.match(x)]
            kept: list[str] = []
            for line in lines:
                bare = clean(line)
                if _STRAY.match(bare):
                    self.warn(f"a stray {bare!r} on a line of its own, not read", row.loc)
                    self.doc.unassigned.append(Block(bare, row.loc))
                elif not (texts and bare and _MARK_ONLY.match(bare)):
                    kept.append(line)
            cells.append("\n".join(kept))
        return Row(tuple(cells), row.loc, row.in_table)

    def table_row(self, row: Row) -> None:
        cells = list(row.cells)
        if not any(c.strip() for c in cells):
            return
        if not row.in_table or len(cells) == 1:
            self.single(row, cells[0])
            return
        key = label_key(cells[0]) or self.last_label
        handler = self.handler(key)
        if self.pending_heading is not None:
            self.heading_repeated(handler)
        in_function = self.function is not None and self.last_label.startswith("трудовая функция")
        if in_function and self.title_going_on(handler, cells[1:]):
            # a function's label cell broken by a page: the rest of its title, even when it
            # begins like another label ("Кодирование…", "Экспертиза…")
            self.function_row(row, cells[1:], continued_title=cells[0])
            return
        if (
            handler is None
            and self.last_label
            and (self.after_page_break(row) or cells[0].lstrip()[:1].islower())
            and self.handler(f"{self.last_label} {key}") is self.handler(self.last_label)
        ):
            # a label broken by a page ("Связь с другими профессиями в рамках" / "ОРК"), or
            # by a row where the page is not known (a web page made of a PDF's rows: «…
            # личностным» / «компетенциям», the second in lower case as no label begins):
            # the row goes on under the whole label; values repeated from the row above the
            # break (cells left empty on the new page) are not read twice
            key = f"{self.last_label} {key}"
            handler = self.handler(key)
            if cells[1:] == self.last_values:
                self.last_label = key
                return
        if not key.startswith("трудовая функция"):
            self.close_list()
            self.function = None
            self.skill = None
        if handler is None:
            self.warn(f"a row with a label not known, not read: {cells[0][:60]!r}", row.loc)
            self.unassigned(row)
            return
        self.last_label = key
        self.last_values = cells[1:]
        if self.cards:
            self.cards[-1].seen.add(handler)
        if handler != self.developers:
            self.settle_approval()
        if handler != self.in_contacts:
            self.in_contacts = None
        if handler != self.education:
            self.last_education = None
        self.placed(handler, row, cells[1:])

    def placed(self, handler: Handler, row: Row, values: list[str]) -> None:
        """Run ``handler`` on the row and record in its card where each list item it added
        or went on with was read, whatever the row's label (education written under the
        competencies' label), and where the level and the code were (``Card.places``)."""
        card = self.cards[-1].card if self.cards else None
        before = {attr: list(getattr(card, attr)) for _, attr in _PLACED_LISTS} if card else {}
        handler(row, values)
        if card is None:
            return
        if handler in (self.level, self.occupation_code):
            _span_place(card.places, "level" if handler == self.level else "occupation", row.loc)
        for key, attr in _PLACED_LISTS:
            old: list[object] = before[attr]
            new: list[object] = getattr(card, attr)
            for k, item in enumerate(new, start=1):
                if k > len(old) or item is not old[k - 1]:
                    _span_place(card.places, f"{key}/{k}", row.loc)
                    _span_place(card.places, key, row.loc)

    def title_going_on(self, handler: Handler | None, values: list[str]) -> bool:
        """Whether a row after a function's row, its label not a function's, goes on with
        the function: no label known, or a label that cannot come inside or right after
        the functions with values only a function row has (a task, a header, numbered
        items); a label of the card's footer only before a task or a header."""
        if handler is None:
            return True
        if handler in (self.function_row, self.function_list):
            return False
        footer = (self.competencies, self.related, self.handbook_links, self.education)
        return any(_function_content(v, items=handler not in footer) for v in values)

    def after_page_break(self, row: Row) -> bool:
        """The row is the first one of a new PDF page."""
        last = self.last_loc
        return row.loc.unit == "page" and last is not None and last.end < row.loc.start

    def handler(self, key: str) -> Handler | None:
        return next((h for test, h in self.handlers if test(key)), None)

    def single(self, row: Row, text: str) -> None:
        """A paragraph or a one-cell row: annex header, title, card heading, a label and its
        value in one cell, or boilerplate."""
        key = label_key(text)
        if key.startswith("карточка профессии") and self.repeats_heading(text):
            # the card's table restarting after a page break with its heading: decided by
            # the next row
            self.pending_heading = row
            return
        if self.pending_heading is not None:
            self.heading_repeated(None)
        self.settle_approval()
        if self.cards and self.label_and_value(row, text):
            return
        self.close_list()
        self.function = None
        self.skill = None
        if key.startswith("приложение") and "приказ" in key:
            self.act(row, text)
        elif key.startswith("профессиональный стандарт") and not self.heading_title:
            body = re.sub(r"^\s*Профессиональный стандарт\s*:?\s*", "", join(text.split("\n")))
            self.heading_title = title_text(body)
            self.title_row = self.title_row or row
        elif key.startswith("карточка профессии"):
            self.new_card(row, text)
        elif not self.passport_seen and (key.startswith("глоссарий") or _PROVISION.match(text)):
            self.provisions(row, text)
        else:
            if "паспорт" in key:
                self.passport_seen = True
            self.last_label = ""
            if not _SECTION.match(key) and self.passport_seen:
                self.warn(f"a paragraph not known, not read: {text[:60]!r}", row.loc)
            self.unassigned(row)

    def label_and_value(self, row: Row, text: str) -> bool:
        """A label and its value written in one cell (``Профессия: Дизайнер``, or the label
        on the first lines, or a function's label with its items): read as the row of
        cells it stands for."""
        lines = [x for x in text.split("\n") if x.strip()]
        if len(lines) < 2 and ":" not in text.strip().rstrip(":"):
            return False
        if _is_function_label(label_key(lines[0])):
            cells = (text, "")
        else:
            head, colon, rest = lines[0].partition(":")
            # a label is short: at most three lines of at most 100 letters in all
            splits = [
                (lines[:k], lines[k:])
                for k in range(1, min(len(lines), 4))
                if len(join(lines[:k])) <= 100
            ]
            if colon and rest.strip() and len(head) <= 100:
                splits.insert(0, ([head + ":"], [rest, *lines[1:]]))
            found = next(
                (
                    (label, value)
                    for label, value in splits
                    if self.handler(label_key("\n".join(label))) not in (None, self.function_row)
                ),
                None,
            )
            if found is None:
                return False
            cells = ("\n".join(found[0]), "\n".join(found[1]))
        self.warn("a label and its value in one cell", row.loc)
        self.table_row(Row(cells, row.loc, True))
        return True

    def repeats_heading(self, text: str) -> bool:
        """Whether a card heading is the current card's, repeated."""
        if not self.cards:
            return False
        card = self.cards[-1].card
        heading = re.sub(r"^\s*КАРТОЧКА ПРОФЕССИИ\s*:?\s*", "", join(text.split("\n")), flags=re.I)
        return bool(card.name) and _fold(title_text(heading)) == _fold(card.heading or card.name)

    def heading_repeated(self, handler: Handler | None) -> None:
        """Settle a pending card heading by the row after it (``handler`` reads that row):
        a field of a card's passport that the current card has had already, or after its
        functions, starts a new card; anything else (a function, the card's footer, a
        field not yet given) goes on in the current card, and the heading was the table's
        header repeated after a page break."""
        row = self.pending_heading
        assert row is not None
        self.pending_heading = None
        state = self.cards[-1]
        passport = (
            self.occupation_code,
            self.group_code,
            self.profession,
            self.other_titles,
            self.level,
        )
        if handler in passport and (handler in state.seen or state.functions):
            self.close_list()
            self.function = None
            self.skill = None
            self.new_card(row, row.cells[0])
            return
        self.warn("the card heading repeated inside the card, not read", row.loc)
        self.unassigned(row)

    # -- header and passport --------------------------------------------------------------
    def act(self, row: Row, text: str) -> None:
        flat = join(text.split("\n"))
        annex = _ANNEX.search(flat)
        m = _ACT.search(flat)
        if not m:
            self.warn("the approving order has no number and date (a draft)", row.loc)
            return
        date = ru_date(m.group(2))
        issuer = ATAMEKEN if ATAMEKEN_GENITIVE in flat else flat
        if date:
            self.doc.approved_by = ActRef(
                issuer, m.group(1), date, annex.group(1) if annex else None
            )
            self.doc.places["approved_by"] = row.loc

    def value(self, values: list[str]) -> str:
        return "\n".join(v for v in values if v.strip())

    def title_field(self, row: Row, values: list[str]) -> None:
        self.passport_seen = True
        self.doc.title = title_text(join(self.value(values).split("\n")))
        self.title_row = row

    def code(self, row: Row, values: list[str]) -> None:
        text = join(self.value(values).split("\n"))
        self.doc.code = None if is_empty(text) else text

    def oked(self, row: Row, values: list[str]) -> None:
        for line in self.oked_lines(row, self.value(values)):
            m = _OKED.match(line)
            if m:
                self.doc.economic_activities.append(
                    EconomicActivityRef(m.group(1), title_text(m.group(2)), row.loc)
                )
            elif self.doc.economic_activities:
                last = self.doc.economic_activities.pop()
                loc = last.loc.span(row.loc) if last.loc else row.loc
                self.doc.economic_activities.append(
                    EconomicActivityRef(last.code, title_text(join([last.label, line])), loc)
                )
            else:
                self.warn(f"OKED line without a code: {line!r}", row.loc)

    def oked_lines(self, row: Row, text: str) -> list[str]:
        out: list[str] = []
        for line in lines_of(text):
            parts = _OKED_GLUED.split(line)
            if len(parts) > 1:
                self.warn(f"two OKED lines glued together: {line[:80]!r}", row.loc)
            for part in parts:
                m = re.match(r"^([А-ЯЁ])\s", part)
                if m and m.group(1) in _LATIN_LOOKALIKE:
                    self.warn(f"OKED section letter {m.group(1)!r} is Cyrillic", row.loc)
                    part = _LATIN_LOOKALIKE[m.group(1)] + part[1:]
                out.append(part)
        return out

    def description(self, row: Row, values: list[str]) -> None:
        text = join(self.value(values).split("\n"))
        self.doc.description = join([self.doc.description or "", text]) or None

    def development_purpose(self, row: Row, values: list[str]) -> None:
        text = join(self.value(values).split("\n"))
        self.doc.purpose = join([self.doc.purpose or "", text]) or None

    def provisions(self, row: Row, text: str) -> None:
        """General provisions or a glossary before the passport (one row each)."""
        lines = [(line, row.loc) for line in text.split("\n")]
        found, unread = parse_provisions(lines)
        have = self.doc.provisions
        if have.scope is None:
            have.scope, have.scope_loc = found.scope, found.scope_loc
        have.cited_acts.extend(found.cited_acts)
        have.glossary.extend(found.glossary)
        for entry in found.glossary:
            if not entry.definition:
                self.warn(f"glossary entry without a definition: {entry.term!r}", row.loc)
        rest = [lines[i][0] for i in unread if lines[i][0].strip()]
        if rest:
            self.doc.unassigned.append(Block(join(rest), row.loc))

    def group_names(self, row: Row, values: list[str]) -> None:
        text = join(self.value(values).split("\n"))
        parts = re.split(r"(?:Основная|Профессиональная)\s+(?:группа|подгруппа)\s*:", text)
        names = [title_text(p) for p in parts if p.strip()]
        self.doc.group_names.extend(n for n in names if n)
        _span_place(self.doc.places, "groups", row.loc)

    def card_list_row(self, row: Row, values: list[str]) -> None:
        filled = [v for v in values if v.strip()]
        if not filled:
            return
        level, _ = parse_level(filled[-1])
        if level is not None and len(filled) >= 2:
            title = title_text(join(filled[0].split("\n")))
        elif level is not None and self.doc.card_list:
            title = self.doc.card_list[-1].title
        else:
            title = title_text(join(filled[0].split("\n")))
        if level is None:
            self.warn(f"card list entry without a level: {title!r}", row.loc)
        self.doc.card_list.append(CardListEntry(title, level))

    # -- cards ----------------------------------------------------------------------------
    def new_card(self, row: Row, text: str) -> None:
        heading = re.sub(r"^\s*КАРТОЧКА ПРОФЕССИИ\s*:?\s*", "", join(text.split("\n")), flags=re.I)
        card = Card(ordinal=len(self.cards) + 1, name="", loc=row.loc)
        card.heading = title_text(heading) or None
        self.cards.append(_CardState(card))
        self.last_label = ""

    def touch(self, row: Row) -> Card:
        card = self.card.card
        card.loc = card.loc.span(row.loc)
        return card

    def occupation_code(self, row: Row, values: list[str]) -> None:
        card = self.touch(row)
        text = join(self.value(values).split("\n"))
        if is_empty(text):
            return
        m = _NKZ_PREFIX.match(text)
        if not m:
            self.warn(f"occupation code written as {text!r}: no code loaded", row.loc)
            return
        card.occupation_code = norm_code(m.group(1))
        if m.group(2):
            card.occupation_title = title_text(m.group(2))

    def group_code(self, row: Row, values: list[str]) -> None:
        card = self.touch(row)
        text = join(self.value(values).split("\n"))
        if is_empty(text):
            return
        code = norm_code(text)
        if not (_NKZ.match(code) or re.fullmatch(r"\d{4}", code)):
            self.warn(f"group code written as {text!r}: no code loaded", row.loc)
            return
        card.group_code = code

    def profession(self, row: Row, values: list[str]) -> None:
        self.touch(row).name = title_text(join(self.value(values).split("\n")))

    def other_titles(self, row: Row, values: list[str]) -> None:
        card = self.touch(row)
        for line in lines_of(self.value(values)):
            if is_empty(line):
                continue
            m = re.match(r"^(\d{4}-\d-\d{3})\s*[-–]?\s*(.+)$", line)
            if m:
                card.other_titles.append(CodedTitle(title_text(m.group(2)), m.group(1)))
            else:
                card.other_titles.append(CodedTitle(title_text(line)))

    def level(self, row: Row, values: list[str]) -> None:
        card = self.touch(row)
        text = self.value(values)
        level, rest = parse_level(join(text.split("\n")))
        if level is None:
            self.warn(f"no level in {text!r}", row.loc)
            return
        card.level = level
        card.level_note = rest or None

    def handbook_level(self, row: Row, values: list[str]) -> None:
        text = join(self.value(values).split("\n"))
        self.touch(row).handbook_level = None if is_empty(text) else text

    def purpose(self, row: Row, values: list[str]) -> None:
        card = self.touch(row)
        card.purpose = join([card.purpose or "", *self.value(values).split("\n")]) or None

    def function_list(self, row: Row, values: list[str]) -> None:
        state = self.card
        self.touch(row)
        items = values
        if len(values) >= 2:
            kind = label_key(values[0])
            if kind:
                state.listed_kind = not kind.startswith("дополнительн")
            items = values[1:]
        # a kind written in the label's cell or on the first line of the items (cells merged)
        lines = [x for x in lines_of(row.cells[0]) if _FUNCTION_KIND.match(label_key(x))]
        for line in lines + lines_of("\n".join(items)):
            kind = label_key(line)
            if _FUNCTION_KIND.match(kind):
                state.listed_kind = not kind.startswith("дополнительн")
            elif not is_empty(line):
                state.listed.setdefault(state.listed_kind, _ItemList([])).add_line(line, row.loc)

    def close_function_lists(self, state: _CardState) -> None:
        for mandatory in (True, False):
            lst = state.listed.get(mandatory)
            if lst is None:
                continue
            lst.close()
            for message, loc in lst.notes:
                self.warn(message, loc)
            for item in lst.target:
                ordinal = len(state.declared) + 1
                state.declared.append(
                    _FunctionEntry(ordinal, title_text(item.text), mandatory, item.loc)
                )

    # -- functions, tasks, items ----------------------------------------------------------
    def function_row(self, row: Row, values: list[str], continued_title: str | None = None) -> None:
        """A row of a labor function: its label, then task cells (``Задача N``), cells of
        items, or the rest of a title, in any number of cells (split or merged)."""
        state = self.card
        self.touch(row)
        label, spill = split_label(row.cells[0])
        if continued_title is not None:
            label, spill = "", spill or continued_title
        m = _FUNCTION.match(join(label.split("\n")))
        if m:
            ordinal = int(m.group(1))
            fn = state.functions.get(ordinal)
            if fn is None:
                self.close_list()
                fn = LaborFunction(ordinal, "", True, row.loc)
                state.functions[ordinal] = fn
                state.heading_title[ordinal] = title_text(m.group(2))
                self.skill = None
            elif fn is not self.function:
                self.close_list()
                self.skill = None
            self.function = fn
        elif self.function is None:
            self.warn("a row of a labor function before any function, not read", row.loc)
            self.unassigned(row)
            return
        fn = self.function
        fn.loc = fn.loc.span(row.loc)
        cells = [spill, *values] if spill else list(values)
        task_cell = False
        for i, cell in enumerate(cells):
            lines = self.without_titles(fn, lines_of(cell))
            last = i == len(cells) - 1
            if lines and _TASK.match(lines[0]):
                task_cell = True
                rest = self.task(row, fn, lines)
                if rest:
                    self.items(row, fn, rest)
            elif lines and self.untitled_task() and not _starts_items(lines[0]):
                # a task known by its number only: its title comes first (broken by a
                # page, or in one cell with its items)
                k = next((j for j, x in enumerate(lines) if _starts_items(x)), len(lines))
                self.title_cell(row, fn, lines[:k])
                if lines[k:]:
                    self.items(row, fn, lines[k:])
            elif last:
                self.item_cell(row, fn, "\n".join(lines))
            elif task_cell and lines and self.in_task_title(join(lines)):
                continue  # the task's title split from its number
            elif lines and (_starts_items(lines[0]) or (task_cell and self.list is not None)):
                # items, or after the row's task cell and its list's header: items split
                # into two cells
                self.items(row, fn, lines)
            elif lines:
                self.title_cell(row, fn, lines)
        if self.skill is None:
            self.implicit_skill(row, fn)
        assert self.skill is not None
        self.skill.loc = self.skill.loc.span(row.loc)

    def in_task_title(self, text: str) -> bool:
        skill = self.skill
        folded = _fold(text)
        return bool(skill and skill.is_task and folded and _fold(skill.title).endswith(folded))

    def item_cell(self, row: Row, fn: LaborFunction, cell: str) -> None:
        """The last cell of a function row: items (read once when a reader repeats it on a
        new page for a cell left empty there)."""
        if self.skill is None:
            self.implicit_skill(row, fn)
        assert self.skill is not None
        repeated = self.last_content == (id(self.skill), cell) and self.after_page_break(row)
        self.last_content = (id(self.skill), cell)
        if not repeated:
            self.items(row, fn, lines_of(cell))

    def without_titles(self, fn: LaborFunction, lines: list[str]) -> list[str]:
        """A cell's lines less those at its head that repeat the function's or the task's
        title (a reader repeats the rest of a title broken by a page in every row)."""
        titles = [self.card.heading_title.get(fn.ordinal, "")]
        if self.skill is not None and self.skill.is_task:
            titles.append(self.skill.title)
        known = {_fold(t) for t in titles if t}
        k = 0
        while k < len(lines) and _fold(lines[k]) in known and not _starts_items(lines[k]):
            k += 1
        return lines[k:]

    def untitled_task(self) -> bool:
        return self.skill is not None and self.skill.is_task and not self.skill.title

    def title_cell(self, row: Row, fn: LaborFunction, lines: list[str]) -> None:
        """A cell between the label and the items that is neither a task nor items: the
        function's title (repeated, or split from its label), the rest of a task's title
        broken by a page (the two in one cell when both are: the function's first), or
        text of no element (reported)."""
        heading = self.card.heading_title.get(fn.ordinal, "")
        text = join(lines)
        folded = _fold(text)
        if folded == _fold(heading) or (len(folded) >= 12 and folded in _fold(heading)):
            return
        if not heading and self.untitled_task() and len(lines) > 1:
            self.card.heading_title[fn.ordinal] = title_text(lines[0])
            lines, text, heading = lines[1:], join(lines[1:]), lines[0]
        if not heading or self.skill is None:
            self.card.heading_title[fn.ordinal] = title_text(join([heading, text]))
            return
        skill = self.skill
        if skill.is_task:
            if not skill.title.endswith(text):
                # the rest of a title broken by a page: the task is known by its whole title
                skill.title = title_text(join([skill.title, text]))
                number = self.task_numbers.get(id(skill), skill.ordinal)
                self.tasks[(id(fn), number, skill.title)] = skill
            return
        self.warn(f"a cell of a function row not understood, not read: {text[:60]!r}", row.loc)
        self.doc.unassigned.append(Block(text, row.loc))

    def implicit_skill(self, row: Row, fn: LaborFunction) -> None:
        if fn.skills and fn.skills[-1].implicit:
            self.skill = fn.skills[-1]
            return
        self.close_list()
        self.skill = Skill(1, "", row.loc, is_task=False, implicit=True)
        fn.skills.append(self.skill)

    def same_task(self, fn: LaborFunction, number: int, title: str) -> Skill | None:
        """The current task if it has the same number and its title is not known yet or
        begins the given one (a title broken by a page: ``Задача 1:`` at the foot of one
        page, the title on the next; or items written on in the task's cell)."""
        skill = self.skill
        if (
            skill is None
            or not skill.is_task
            or not any(s is skill for s in fn.skills)
            or self.task_numbers.get(id(skill)) != number
            or not (skill.title.startswith(title) or title.startswith(skill.title))
        ):
            return None
        if not skill.title and title:
            skill.title = title
            self.tasks[(id(fn), number, title)] = skill
        return skill

    def task(self, row: Row, fn: LaborFunction, lines: list[str]) -> list[str]:
        """A task cell (``Задача N`` and the title); returns lines after the title that are
        items (a header, a numbered or bulleted line, or what runs on past the title the
        task is known by)."""
        m = _TASK.match(lines[0])
        assert m is not None
        ordinal = int(m.group(1))
        words = [x for x in (m.group(2), *lines[1:]) if x.strip()]
        k = next((i for i, x in enumerate(words) if i and _starts_items(x)), len(words))
        if words and _starts_items(words[0]):
            k = 0
        heads, rest = words[:k], words[k:]
        title = title_text(join(heads))
        found = self.tasks.get((id(fn), ordinal, title)) or self.same_task(fn, ordinal, title)
        if found is not None and found.title and title != found.title:
            # items written on in the task's cell, after the title the task is known by
            known = _fold(found.title)
            n = next((j for j in range(1, len(heads)) if _fold(join(heads[:j])) == known), None)
            if n is not None:
                self.warn("a task's cell holds items after its title", row.loc)
                rest = heads[n:] + rest
        if found is None:
            kind = self.list_kind
            self.close_list()
            empty = fn.skills[-1] if fn.skills else None
            if empty is not None and empty.implicit and not (empty.abilities or empty.knowledge):
                # a header read before the task's cell (its cell was empty or not read): the
                # list is the task's, and no skill of the function's own is made
                fn.skills.pop()
            else:
                kind = None
            found = Skill(len(fn.skills) + 1, title, row.loc, is_task=True)
            if found.ordinal != ordinal:
                self.warn(
                    f"function {fn.ordinal}: task written as 'Задача {ordinal}' is task "
                    f"{found.ordinal} in order",
                    row.loc,
                )
            fn.skills.append(found)
            self.tasks[(id(fn), ordinal, title)] = found
            self.task_numbers[id(found)] = ordinal
            self.skill = found
            if kind is not None:
                self.open_list(found, kind)
        elif found is not self.skill:
            self.close_list()
        self.skill = found
        return rest

    def items(self, row: Row, fn: LaborFunction, lines: list[str]) -> None:
        """Lines of items and the ``Умения``/``Знания`` headers that open their lists."""
        if self.skill is None:
            self.implicit_skill(row, fn)
        skill = self.skill
        assert skill is not None
        first = True
        for line in lines:
            bare = _BULLET.sub("", line) if line[:1] and line[:1] in _BULLETS else line
            header = _HEADER.match(bare)
            if header and (bare.rstrip().endswith(":") or not header.group(2)):
                self.open_list(skill, header.group(1).lower())
                first = False
                continue
            if header and header.group(2) and ":" in bare[: header.end(1) + 2]:
                self.open_list(skill, header.group(1).lower())
                line = header.group(2)
            if is_empty(line):
                continue
            if self.list is None:
                self.warn(f"an item before any 'Умения'/'Знания' header: {line[:60]!r}", row.loc)
                self.open_list(skill, "умения")
            assert self.list is not None
            self.list.add_line(line, row.loc, goes_on=first)
            first = False

    def open_list(self, skill: Skill, kind: str) -> None:
        self.close_list()
        self.list_target = skill.knowledge if kind == "знания" else skill.abilities
        self.list = _ItemList(list(self.list_target))
        self.list_kind = kind

    # -- card footer ----------------------------------------------------------------------
    def competencies(self, row: Row, values: list[str]) -> None:
        card = self.touch(row)
        text = self.value(values)
        if label_key(text).startswith("уровень") and "образования" in label_key(text):
            self.warn("education link written under the personal competencies label", row.loc)
            self.education(row, values)
            return
        for item in split_competencies(text):
            if _RUN_ON.search(item):
                # «Дисциплинированность Исполнительность»: kept as written, reported
                self.warn(
                    f"a personal competency may be two without a separator: {item!r}", row.loc
                )
            card.personal_competencies.append(item)

    def related(self, row: Row, values: list[str]) -> None:
        card = self.touch(row)
        filled = [v for v in values if v.strip()]
        if not filled or all(is_empty(v) for v in filled):
            return
        if len(filled) == 1:
            card.related.append(RelatedOccupation(None, title_text(join(filled[0].split("\n")))))
            return
        firsts, titles = lines_of(filled[0]), lines_of("\n".join(filled[1:]))
        if len(firsts) > 1 and len(firsts) == len(titles):
            pairs = list(zip(firsts, titles, strict=True))
        else:
            pairs = [(join(firsts), join(titles))]
        for first, title in pairs:
            card.related.append(self.related_one(row, first, title_text(title)))

    def related_one(self, row: Row, first: str, title: str) -> RelatedOccupation:
        if re.fullmatch(r"\d{3,4}", first):
            return RelatedOccupation(None, title, code=first)
        if is_empty(first):
            return RelatedOccupation(None, title)
        level, rest = parse_level(first)
        if level is None or rest:
            self.warn(f"related occupation level written as {first!r}: not loaded", row.loc)
            return RelatedOccupation(None, title)
        return RelatedOccupation(level, title)

    def handbook_links(self, row: Row, values: list[str]) -> None:
        card = self.touch(row)
        filled = [v for v in values if v.strip()]
        if not filled:
            return
        if len(filled) >= 2:
            card.handbook = join(filled[0].split("\n")) or None
            filled = filled[1:]
        for line in lines_of("\n".join(filled)):
            if is_empty(line):
                continue
            m = _HANDBOOK_LINE.match(line)
            if m:
                card.handbook_links.append(CodedTitle(title_text(m.group(2)), m.group(1)))
            elif card.handbook_links and continues(card.handbook_links[-1].title, line):
                last = card.handbook_links.pop()
                card.handbook_links.append(CodedTitle(join([last.title, line]), last.code))
            else:
                card.handbook_links.append(CodedTitle(title_text(line)))

    def education(self, row: Row, values: list[str]) -> None:
        card = self.touch(row)
        last = self.last_education
        if (
            last is not None
            and last[0] is card
            and card.education_links
            and len(last[1]) == len(values)
            and (self.after_page_break(row) or _goes_on(last[1], values))
        ):
            # the row broken by a page: a cell left empty on the new page is repeated from
            # the row above (not read twice), the others go on with their lines
            card.education_links.pop()
            values = [
                old if new == old or not new.strip() else f"{old}\n{new}"
                for old, new in zip(last[1], values, strict=True)
            ]
        self.last_education = (card, values)
        level = ""
        isced: str | None = None
        specialties: list[CodedTitle] = []
        qualifications: list[CodedTitle] = []
        filled = [v for v in values if v.strip()]
        for position, value in enumerate(filled, start=1):
            lines = lines_of(value)
            head = label_key(lines[0].split(":")[0]) if ":" in lines[0] else ""
            if ":" in lines[0]:
                rest = lines[0].split(":", 1)[1].strip()
                lines = ([rest] if rest else []) + lines[1:]
            if "образования" in head or (not head and position == 1):
                text = join(lines)
                m = _ISCED.search(text)
                if m:
                    n = re.search(r"(\d)\s*уровень", m.group(1))
                    isced = n.group(1) if n else clean(m.group(1))
                    text = clean(text[: m.start()] + text[m.end() :])
                level = text
            elif "квалификац" in head or "степень" in head or (not head and position >= 3):
                qualifications.extend(coded_titles(lines))
            else:
                specialties.extend(coded_titles(lines))
        card.education_links.append(
            EducationLink(level, isced, tuple(specialties), tuple(qualifications))
        )

    # -- technical data -------------------------------------------------------------------
    def developers(self, row: Row, values: list[str]) -> None:
        text = self.value(values)
        lines = lines_of(text)
        if self.pending_approval is not None:
            # the approval's text broken by a page: its date is in this row
            begun, first = self.pending_approval
            self.pending_approval = None
            self.approval(row, join([begun, *lines]), last=True, loc=first.loc.span(row.loc))
            return
        # contact persons going on from the row above (broken by a page) are not read, but
        # an approval after them is
        contacts = self.contacts_go_on(row, self.developers)
        orgs: list[str] = []
        for i, line in enumerate(lines):
            if _APPROVED.match(line):
                # after the contact persons too (Kind2 25, row 209)
                self.in_contacts = None
                self.approval(row, join(lines[i:]))
                break
            if contacts or _is_contact(line):
                contacts = True
                self.in_contacts = self.developers
                continue
            orgs.append(line)
        if orgs:
            self.doc.technical.developers.append(join(orgs))

    def approval(
        self, row: Row, text: str, last: bool = False, loc: Location | None = None
    ) -> None:
        """An approval (``Утверждено приказом … от DATE № N``); one without a date waits for
        the next row, which may go on with it (see :meth:`settle_approval`)."""
        date = ru_date(text)
        if date is None and not last:
            self.pending_approval = (text, row)
            return
        number = re.search(r"№\s*(\d+)", text)
        body = approval_body(text)
        if date:
            n = number.group(1) if number else None
            act = approving_act(text, body, date, n)
            self.doc.technical.approvals.append(Approval(body, date, n, loc or row.loc, act=act))
        else:
            self.warn(f"approval without a date: {text[:80]!r}", row.loc)

    def settle_approval(self) -> None:
        """An approval still without a date when the developers' rows are over."""
        if self.pending_approval is not None:
            text, row = self.pending_approval
            self.pending_approval = None
            self.approval(row, text, last=True)

    def contacts_go_on(self, row: Row, handler: Handler) -> bool:
        """Whether the row goes on with the contact persons its label's row above ended in,
        broken by a page (a PDF repeats the label on the new page): personal data, not
        read, whatever its lines look like (a name alone, a phone number)."""
        if self.in_contacts == handler and self.after_page_break(row):
            return True
        self.in_contacts = None
        return False

    def organisation(self, row: Row, text: str, handler: Handler) -> str | None:
        if self.contacts_go_on(row, handler):
            return None
        lines = lines_of(text)
        orgs: list[str] = []
        for line in lines:
            line = re.sub(r"^Организация\s*:\s*", "", line)
            if _is_contact(line):
                self.in_contacts = handler
                break
            orgs.append(line)
        return join(orgs) or None

    def expertise(self, row: Row, values: list[str]) -> None:
        org = self.organisation(row, self.value(values), self.expertise)
        if org:
            self.doc.technical.experts.append(org)

    def updated(self, row: Row, values: list[str]) -> None:
        org = self.organisation(row, self.value(values), self.updated)
        if org:
            self.doc.technical.updated_by.append(org)

    def version(self, row: Row, values: list[str]) -> None:
        text = join(self.value(values).split("\n"))
        v = re.search(r"верси[яи]\s*(\d+(?:\.\d+)?)", text, re.I)
        y = re.search(r"\b(\d{4})\b", text)
        self.doc.technical.version = v.group(1) if v else self.doc.technical.version
        self.doc.technical.year = int(y.group(1)) if y else self.doc.technical.year
        if text:
            self.doc.technical.versions.append(
                VersionEntry(
                    text, row.loc, v.group(1) if v else None, int(y.group(1)) if y else None
                )
            )

    def revision(self, row: Row, values: list[str]) -> None:
        text = join(self.value(values).split("\n"))
        date = ru_date(text)
        if date is None:
            y = re.fullmatch(r"(\d{4})(?:\s*год[а]?)?", text)
            date = y.group(1) if y else None
        if date is None:
            self.warn(f"revision date not understood: {text!r}", row.loc)
        self.doc.technical.revision_date = date
        versions = self.doc.technical.versions
        if versions and versions[-1].revision_loc is None:
            # the planned revision of the version recorded above it
            versions[-1].revision_date, versions[-1].revision_loc = date, row.loc

    # -- the end --------------------------------------------------------------------------
    def finish(self) -> None:
        doc = self.doc
        self.settle_approval()
        if self.pending_heading is not None:
            self.heading_repeated(None)
        if not self.cards:
            raise self.fail("not a professional standard: no profession card found")
        if not doc.title:
            doc.title = self.heading_title or ""
        if not doc.title:
            raise self.fail("not a professional standard: no title in a passport")
        if self.title_row is not None:
            doc.loc = self.title_row.loc
        for state in self.cards:
            self.finish_card(state)
            doc.cards.append(state.card)
        listed = sum(len(e.level.levels) if e.level else 1 for e in doc.card_list)
        if doc.card_list and listed != len(doc.cards):
            self.warn(f"the list names {listed} cards, {len(doc.cards)} are described", None)

    def finish_card(self, state: _CardState) -> None:
        card = state.card
        self.close_function_lists(state)
        if not card.name:
            raise self.fail("a profession card without a name", card.loc)
        if card.heading and card.heading.casefold() == card.name.casefold():
            card.heading = None
        code, group = card.occupation_code or "", card.group_code
        if group and re.fullmatch(r"\d{4}-\d-\d{3}", code) and not code.startswith(group + "-"):
            self.warn(
                f"group code {group} does not match occupation code {code} (card {card.ordinal})",
                card.loc,
            )
        declared = {e.ordinal: e for e in state.declared}
        for ordinal in sorted(set(declared) | set(state.functions)):
            entry = declared.get(ordinal)
            fn = state.functions.get(ordinal)
            if fn is None:
                assert entry is not None
                if entry.mandatory:
                    self.warn(
                        f"card {card.ordinal}: function {ordinal} {entry.title!r} is listed "
                        "but not described",
                        entry.loc,
                    )
                fn = LaborFunction(ordinal, entry.title, entry.mandatory, entry.loc)
            else:
                heading = state.heading_title.get(ordinal, "")
                if entry is None:
                    self.warn(
                        f"card {card.ordinal}: function {ordinal} is described but not listed",
                        fn.loc,
                    )
                else:
                    fn.mandatory = entry.mandatory
                    if heading and _fold(heading) != _fold(entry.title):
                        self.warn(
                            f"card {card.ordinal}: function {ordinal} is listed as "
                            f"{entry.title!r} but headed {heading!r}",
                            fn.loc,
                        )
                fn.title = heading or (entry.title if entry else "")
            for skill in fn.skills:
                if skill.implicit:
                    skill.title = fn.title
            card.functions.append(fn)


def approval_body(text: str) -> str:
    """Who approved, as written: ``Утверждено приказом`` and the order's date and number
    left out (``Заместителя Председателя Правления … «Атамекен»``)."""
    body = _APPROVED.sub("", text).strip()
    return re.split(r"\s*(?:№|\b[Оо]т\s+\d)", body)[0].strip()


def approving_act(text: str, body: str, date: str, number: str | None) -> ActRef | None:
    """The order an approval names (``Утверждено приказом … от 24.12.2019г. №259``): by
    its issuer, date and number, as the approving order of the annex header is (the
    issuer named as the organisation, NCE Atameken, whatever officer signed); none for an
    approval that is no order or has no number."""
    if number is None or not re.match(r"^Утвержден\w*\s+приказом\b", text, re.I):
        return None
    issuer = ATAMEKEN if ATAMEKEN_GENITIVE in text else body
    return ActRef(issuer, number, date) if issuer else None


def unbreak_labels(row: Row) -> Row:
    """The row with a label broken before its number in a narrow cell (``Задача`` /
    ``2: …``, as a PDF draws it) on one line."""
    cells = tuple(_BROKEN_LABEL.sub(r"\1 ", c) if _BROKEN_LABEL.search(c) else c for c in row.cells)
    return row if cells == row.cells else Row(cells, row.loc, row.in_table)


def _is_contact(line: str) -> bool:
    """A line of contact persons in the technical data: a labelled line (``Руководитель
    проекта: …``), a heading of contacts (``Эксперты и контактные данные экспертов``), an
    e-mail, a phone number, or a person's name (``Абдешов Х.У.``, ``Директор Бутумбаев
    С.Б.``, ``Максимов Евгений Игоревич``)."""
    return (
        ":" in line
        or "@" in line
        or re.search(r"\d{5}", line) is not None
        or _PHONE.match(line) is not None
        or _PERSON.search(line) is not None
        or "контактн" in line.lower()
    )


def _is_function_label(key: str) -> bool:
    return key.startswith("трудовая функция") and bool(re.match(r"трудовая функция\s*\d", key))


def split_label(cell: str) -> tuple[str, str]:
    """A function's label cell: the label and title, and what follows them in the same
    cell (a task, a header, items: cells merged into the label's)."""
    lines = cell.split("\n")
    for k, line in enumerate(lines):
        bare = clean(line)
        if k and bare and (_TASK.match(bare) or _starts_items(bare)):
            return "\n".join(lines[:k]), "\n".join(lines[k:])
    return cell, ""


def _function_content(cell: str, items: bool) -> bool:
    """A cell that only a function row has: a task, a header of items, or (``items``)
    numbered items."""
    first = next((c for c in (clean(x) for x in cell.split("\n")) if c), "")
    bare = _BULLET.sub("", first) if first[:1] and first[:1] in _BULLETS else first
    header = _HEADER.match(bare)
    if _TASK.match(first) is not None or bool(header and not header.group(2)):
        return True
    return items and _NUMBER.match(first) is not None


def _starts_items(line: str) -> bool:
    """A line that opens items: a header, or a numbered or bulleted line."""
    lead = line[:1] and line[:1] in _BULLETS
    bare = _BULLET.sub("", line) if lead else line
    header = _HEADER.match(bare)
    if header and (bare.rstrip().endswith(":") or not header.group(2)):
        return True
    return _NUMBER.match(line) is not None or bool(lead and len(line) > 2)


def _is_title_label(key: str) -> bool:
    return key.startswith(("название", "наименование пс")) and "профессии" not in key


def _goes_on(above: list[str], values: list[str]) -> bool:
    """Whether an education row goes on with the row above where no page break tells it (a
    web page made of a PDF's rows): a cell repeated from above (merged down), the others
    beginning without a label of their own (``5В070300 …`` after ``Специальность: …``)."""
    same = [a == b for a, b in zip(above, values, strict=True)]
    return (
        any(same)
        and not all(same)
        and all(s or ":" not in v.split("\n")[0] for s, v in zip(same, values, strict=True))
    )


def _fold(text: str) -> str:
    """The text without white space, full stops, quotation marks, case folded."""
    out = "".join(text.split())
    for mark in '.«»"':
        if mark in out:
            out = out.replace(mark, "")
    return out.casefold()


def coded_titles(lines: list[str]) -> list[CodedTitle]:
    """Specialty or qualification lines; a code alone on its line names the next line."""
    out: list[CodedTitle] = []
    pending: str | None = None
    for line in lines:
        if is_empty(line):
            continue
        m = _CODED_LINE.match(line)
        if m and not m.group(2):
            pending = norm_code(m.group(1))
            continue
        if m:
            out.append(CodedTitle(title_text(m.group(2)), norm_code(m.group(1))))
        elif pending:
            out.append(CodedTitle(title_text(line), pending))
        elif out and line[0].islower():
            last = out.pop()
            out.append(CodedTitle(join([last.title, line]), last.code))
        else:
            out.append(CodedTitle(title_text(line)))
        pending = None
    if pending:
        out.append(CodedTitle("", pending))
    return out


def looks_like_older_standard(rows: list[Row]) -> bool:
    """Whether the rows have the older template's shape: a profession card heading and
    labelled table rows of a labor function or a card's codes."""
    card = False
    labelled = False
    for row in rows:
        key = label_key(row.cells[0]) if row.cells else ""
        if key.startswith("карточка профессии") or (
            len(row.cells) == 1 and "карточка профессии" in key
        ):
            card = True
        elif len(row.cells) > 1 and key.startswith(("трудовая функция", "код группы", "задача")):
            labelled = True
        if card and labelled:
            return True
    return False


def parse_standard_ru(rows: list[Row], source: SourceInfo) -> StandardDocument:
    """Parse a standard in the older Russian template from its rows (see module doc)."""
    return _Parser(rows, source).run()
