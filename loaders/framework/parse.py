"""Parser for the National Qualification Framework (seed 002: Kazakh text extracted from PDF),
in Kazakh or Russian.

The document is a joint order of two ministers that restates the NQF in a new edition (its
annex). It has a header (title, status, the order's numbers and dates, its registration and
repeal), the operative paragraphs, and the framework itself: general provisions (numbered
paragraphs; paragraph 5 is the glossary), Annex 1 (a table: level number and three
descriptor columns) and Annex 2 (a table: level number and the pathways to the level).

The order is published in both languages with the same layout. What differs — the title,
headings and formulas, how acts, dates and laws are cited, Annex 1's column headings, the
words of the pathways — is one :class:`Wording` per language; the language of a text is the
one whose title it has (``… Ұлттық біліктілік шеңберін бекіту туралы …`` / ``… Об утверждении
Национальной рамки квалификаций …``). Both versions give the same elements under the same
numbers (levels, descriptor columns, pathway routes, provisions, glossary items), so the
mapper mints the same IRIs from either.

PDF artefacts repaired here: letter-spaced words (``ж ү к т е л с і н``), words split by
justified spacing (``міндет ін``), lines that begin with the comma of the line before, and
a descriptor cell of Annex 1 that a page break split across two rows (see
:func:`resolve_cells`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from nqs.loaders.citations import KK_DATE, NUMBER, RU_DATE, cited_date
from nqs.loaders.framework.model import (
    ActPart,
    CitedLaw,
    Descriptor,
    DescriptorKind,
    GlossaryTerm,
    JointAct,
    NqfDocument,
    NqfLevel,
    Pathway,
    PathwayRoute,
    Provision,
)
from nqs.loaders.model import Block, Location, SourceError, SourceInfo, Warning_
from nqs.loaders.numbering import (
    PAGE_NUMBER,
    Mark,
    is_mark_only,
    is_stray,
    next_item,
    split_mark,
)
from nqs.loaders.operative import OperativePart, read_operative
from nqs.loaders.text import join_lines, kk_month, normalize_space, ru_month

Line = tuple[int, str]  # (line number, raw text)


# -- patterns and data -----------------------------------------------------------------------
# The same in both languages.
NUMBERED = re.compile(r"^\s*(\d+)\.\s+(\S.*)$")  # a section heading or a paragraph
GLOSSARY_TERM = re.compile(r"^(.+?)\s+[–—-]\s+(.+)$")  # after the item's list mark
LEVEL_MARK = re.compile(r"^([1-8])$")
COLUMN_NUMBERS = ["1", "2", "3", "4"]  # the row under Annex 1's column headings
# the end of a sentence before the next one (a pathway route), in either language
SENTENCE_BREAK = re.compile(r"(?<=\.)\s+(?=[^\W\d_])(?=[A-ZА-ЯЁӘІҢҒҮҰҚӨҺ])")
PATHWAY_ROW = re.compile(r"^([1-8])(?:\s+(\S.*))?$")
SPACED_NUMBER = re.compile(r"(№\s*\d+)\s+(\w-\w)\b")  # ``№ 665 ө-м`` in the annex header
QUOTED = re.compile(r"[«\"](.+?)[»\"]")


@dataclass(frozen=True)
class Wording:
    """What the order says in one language: its title, headings, formulas, how it cites
    acts and laws, Annex 1's column headings and the words Annex 2's pathways use.

    ``order`` finds a minister's part of a joint order in running text, with the groups
    ``body`` (the ministry, as ``issuer`` takes it), ``acting`` (set when an acting
    minister signed), ``year``, ``day``, ``month`` and ``number``; ``law`` a cited law with
    ``year``, ``day``, ``month`` and ``title``. ``annex`` is the line that names an annex,
    with ``{}`` for its number; ``annex_lead`` the line of the annex heading just before it,
    where the language puts one there. ``knowledge`` is what every knowledge descriptor
    says (it is checked, not required). ``route_or`` is where a pathway's sentence turns from
    one route to the next (``… практикалық тәжірибе немесе жоғары білім …``: the space before
    the word ``or`` after the experience); ``route_lead`` a sentence that only names a kind of
    education and leads the route after it (``Жоғары білім. Бакалавриат, …``). ``min_years``
    has the number (digits or a word of ``number_words``) of the years of practice as its
    first group."""

    language: Literal["kk", "ru"]
    title_start: re.Pattern[str]
    title_text: str
    framework_title: str
    annex: str
    annex_lead: re.Pattern[str]
    operative: re.Pattern[str]
    repealed: re.Pattern[str]
    repeal_split: re.Pattern[str]
    note: re.Pattern[str]
    order: re.Pattern[str]
    issuer: Callable[[str, bool], str]
    month: Callable[[str], int | None]
    registration: re.Pattern[str]
    register_entry: re.Pattern[str]
    publication: re.Pattern[str]
    header_lead: re.Pattern[str]
    glossary_lead: re.Pattern[str]
    glossary_text: str
    eqf: re.Pattern[str]
    law: re.Pattern[str]
    known_laws: dict[tuple[str, str], str]
    descriptor_columns: list[tuple[str, DescriptorKind]]
    knowledge: re.Pattern[str]
    knowledge_text: str
    pathway_heading: str
    route_or: re.Pattern[str]
    route_lead: re.Pattern[str]
    education_levels: dict[str, re.Pattern[str]]
    no_experience: re.Pattern[str]
    experience: re.Pattern[str]
    min_years: re.Pattern[str]
    number_words: dict[str, int]

    def annex_line(self, number: int) -> str:
        return self.annex.format(number)


def _kk_issuer(body: str, acting: bool) -> str:
    return f"Қазақстан Республикасы {body} министрі" + (" міндетін атқарушы" if acting else "")


def _ru_issuer(body: str, acting: bool) -> str:
    minister = "Исполняющий обязанности Министра" if acting else "Министр"
    return f"{minister} {body} Республики Казахстан"


KK = Wording(
    language="kk",
    title_start=re.compile(r"Ұлттық біліктілік шеңбер\w* бекіту туралы", re.I),
    title_text="… Ұлттық біліктілік шеңберін бекіту …",
    framework_title="Ұлттық біліктілік шеңбері",
    annex="{}-қосымша",
    annex_lead=re.compile(r"^Ұлттық біліктілік шеңберіне$"),
    operative=re.compile(r"БҰЙЫРАМЫЗ"),
    repealed=re.compile(r"^Күшін жойған$"),
    repeal_split=re.compile(r"Күші\s+жойылды\s*-"),
    note=re.compile(r"^Ескерту\."),
    order=re.compile(
        r"Қазақстан\s+Республикасы\s+(?P<body>[^\d№]+?)\s+"
        r"(?:министрінің|(?P<acting>министрі\s+міндетін\s+атқарушының))\s+"
        + KK_DATE
        + r"\s+№\s*(?P<number>\d+(?:-[^\s-]+)*)"
    ),
    issuer=_kk_issuer,
    month=kk_month,
    registration=re.compile(
        r"Әділет\s+министрлігінде\s+(?P<year>\d{4})\s+жылы\s+(?P<day>\d{1,2})\s+"
        r"(?P<month>[^\W\d_]+)\s+"
        r"№\s*(?P<number>\d+)\s+тіркелді"
    ),
    register_entry=re.compile(r"тіркеу\s+тізілімінде\s+№\s*(?P<number>\d+)\s+тіркелген"),
    publication=re.compile(r"(\d{4}\s+жылғы\s+\d{1,2}\s+\w+\s+№\s*[\d-]+\s+«[^»]+»\s+газетінде)"),
    header_lead=re.compile(r"^Қазақстан Республикасы$"),
    glossary_lead=re.compile(r"негізгі терминдер мен ұғымдар\s*:\s*$"),
    glossary_text="негізгі терминдер мен ұғымдар:",
    eqf=re.compile(r"Еуропалық\s+біліктілік\s+шеңберіне"),
    law=re.compile(
        KK_DATE + r"\s+«(?P<title>[^»]+)»\s+"
        r"Қазақстан\s+Республикасының\s+Заңында"
    ),
    known_laws={("Білім туралы", "2007-07-27"): "319-III"},
    descriptor_columns=[
        ("Жеке және кәсіби құзыреттерге қойылатын талаптар", "competence"),
        ("Біліктер мен дағдыларға қойылатын талаптар", "skills"),
        ("Білімге қойылатын талаптар", "knowledge"),
    ],
    knowledge=re.compile(r"білім$"),
    knowledge_text="end 'білім'",
    pathway_heading="Тиісті біліктілік деңгейіне қол жеткізу жолдары",
    route_or=re.compile(r"(?<=практикалық тәжірибе)\s+(?=немесе\s)"),
    route_lead=re.compile(r"^(?:Жоғары білім|Жоғары оқу орнынан кейінгі білім)\.$"),
    education_levels={
        "primary": re.compile(r"бастауыш"),
        "basic-secondary": re.compile(r"негізгі орта білім"),
        "general-secondary": re.compile(r"жалпы орта білім"),
        "technical-vocational": re.compile(r"техникалық және кәсіби білім"),
        "post-secondary": re.compile(r"ортадан кейінгі білім"),
        "higher": re.compile(r"жоғары білім"),
        "bachelor": re.compile(r"бакалавриат"),
        "residency": re.compile(r"резидентура"),
        "postgraduate": re.compile(r"жоғары оқу орнынан кейінгі білім"),
        "master": re.compile(r"магистр"),
        "doctoral": re.compile(r"phd|доктор"),
        "additional-professional": re.compile(r"қосымша кәсіби (?:білім|дайындық)"),
        "vocational-training": re.compile(r"кәсіби даярлау|қысқа мерзімді (?:курстар|оқыту)"),
    },
    no_experience=re.compile(r"тәжірибенің болуы талап етілмейді|тәжірибесіз"),
    experience=re.compile(r"практикалық тәжірибе"),
    min_years=re.compile(r"(\w+)\s+жылдан\s+кем\s+емес"),
    number_words={"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7},
)

# A minister's part in Russian: "[исполняющего обязанности] Министра <ministry> Республики
# Казахстан от <day> <month> <year> года № <number>"; the ministry never runs over another
# minister's name.
_RU_DATE = r"от\s+" + RU_DATE
RU = Wording(
    language="ru",
    title_start=re.compile(r"Об\s+утверждении\s+Национальной\s+рамки\s+квалификаций", re.I),
    title_text="… Об утверждении Национальной рамки квалификаций …",
    framework_title="Национальная рамка квалификаций",
    annex="Приложение {}",
    annex_lead=re.compile(r"^к Национальной рамке квалификаций$"),
    operative=re.compile(r"ПРИКАЗЫВАЕМ"),
    repealed=re.compile(r"^Утратил силу$"),
    repeal_split=re.compile(r"Утратил\s+силу\b\s*-?"),
    note=re.compile(r"^Сноска\."),
    order=re.compile(
        r"(?P<acting>исполняющ\w+\s+обязанности\s+)?Министра\s+"
        r"(?P<body>(?:(?!Министра)[^\d№])+?)\s+Республики\s+Казахстан\s+"
        + _RU_DATE
        + r"\s+№\s*(?P<number>\d+(?:-[^\s.,;:)»-]+)*)"
    ),
    issuer=_ru_issuer,
    month=ru_month,
    registration=re.compile(
        r"Министерстве\s+юстиции\s+Республики\s+Казахстан\s+" + RU_DATE + r"\s+" + NUMBER
    ),
    register_entry=re.compile(
        r"Реестре\s+государственной\s+регистрации\s+нормативных\s+правовых\s+актов\s+"
        r"(?:под\s+)?№\s*(?P<number>\d+)"
    ),
    publication=re.compile(
        r"(в\s+газете\s+«[^»]+»\s+от\s+\d{1,2}\s+[а-яё]+\s+\d{4}\s+года\s+№\s*\d+(?:-\d+)?)"
    ),
    header_lead=re.compile(r"^Приложение$"),
    glossary_lead=re.compile(r"основные термины и понятия\s*:\s*$"),
    glossary_text="основные термины и понятия:",
    eqf=re.compile(r"Европейской\s+рамк\w+\s+квалификаций"),
    law=re.compile(r"Закон\w*\s+Республики\s+Казахстан\s+" + _RU_DATE + r"\s+«(?P<title>[^»]+)»"),
    known_laws={("Об образовании", "2007-07-27"): "319-III"},
    descriptor_columns=[
        ("Требования к личностным и профессиональным компетенциям", "competence"),
        ("Требования к умениям и навыкам", "skills"),
        ("Требования к знаниям", "knowledge"),
    ],
    knowledge=re.compile(r"^(?:Базовые\s+)?[Зз]нания\b"),
    knowledge_text="begin 'Знания'",
    pathway_heading="Пути достижения соответствующего уровня квалификации",
    route_or=re.compile(r"(?<=практический опыт)\s+(?=или\s)"),
    route_lead=re.compile(r"^(?:Высшее образование|Послевузовское образование)\.$"),
    education_levels={
        "primary": re.compile(r"\bначальн(?:ое|ого|ому|ым)\b"),
        "basic-secondary": re.compile(r"основн\w*\s+средн\w*\s+образовани"),
        "general-secondary": re.compile(r"общ\w*\s+средн\w*\s+образовани"),
        "technical-vocational": re.compile(r"техническ\w*\s+и\s+профессиональн\w*\s+образовани"),
        "post-secondary": re.compile(r"послесредн\w*\s+образовани"),
        "higher": re.compile(r"высш\w*\s+образовани"),
        "bachelor": re.compile(r"бакалавриат"),
        "residency": re.compile(r"резидентур"),
        "postgraduate": re.compile(r"послевузовск\w*\s+образовани"),
        "master": re.compile(r"магистр"),
        "doctoral": re.compile(r"phd|доктор"),
        "additional-professional": re.compile(
            r"дополнительн\w*\s+профессиональн\w*\s+(?:образовани|подготовк)"
        ),
        # vocational training, but not the "additional professional training" of level 4
        "vocational-training": re.compile(
            r"(?<!дополнительная )(?<!дополнительной )профессиональн\w*\s+подготовк"
            r"|краткосрочн\w*\s+(?:курс|обучени)"
        ),
    },
    no_experience=re.compile(
        r"практического\s+опыта\s+не\s+требуется|без\s+(?:требований\s+к\s+)?практическо\w*\s+опыт"
    ),
    experience=re.compile(r"практическ\w*\s+опыт"),
    min_years=re.compile(r"не\s+менее\s+(\w+)\s+(?:лет|года?)\b"),
    number_words={
        "одного": 1,
        "двух": 2,
        "трех": 3,
        "трёх": 3,
        "четырех": 4,
        "четырёх": 4,
        "пяти": 5,
        "шести": 6,
        "семи": 7,
    },
)
WORDINGS = (KK, RU)


def wording_of(text: str) -> Wording | None:
    """The wording whose title the text (the head of a document) has."""
    return next((w for w in WORDINGS if w.title_start.search(text)), None)


# -- text repair -----------------------------------------------------------------------------
def _spaced_segment(segment: str) -> bool:
    """Whether a run of text (between double spaces) is one word broken by single spaces:
    letter by letter (``ж ү к т е л``) or into a stem and short endings (``түр ін ің``)."""
    tokens = segment.split(" ")
    if len(tokens) < 2:
        return False
    if all(len(t) == 1 for t in tokens):
        return True
    return len(tokens) <= 3 and all(len(t) <= 2 for t in tokens[1:])


def unspace(text: str) -> str:
    """Repair letter-spaced and justified lines, then normalise whitespace.

    Words are separated by two or more spaces and their letters (or pieces) by one; a line
    is repaired only when every double-space segment is a single token or such a broken
    word, and at least one broken word has a letter (``1 2 3 4`` stays as it is). Text with
    no double space is one run of words, repaired only if every word is one letter: a
    word and a short one after it (``Приложение 1``, ``культуры и``, as a Word file or a web
    page prints them) are not a word broken into a stem and endings.
    """
    stripped = text.strip()
    segments = re.split(r" {2,}", stripped)
    if len(segments) == 1 and not all(len(t) == 1 for t in stripped.split(" ")):
        return normalize_space(stripped)
    spaced = [s for s in segments if _spaced_segment(s)]
    if not spaced or not any(any(c.isalpha() for c in s) for s in spaced):
        return normalize_space(stripped)
    if not all(" " not in s or _spaced_segment(s) for s in segments):
        return normalize_space(stripped)
    return " ".join(s.replace(" ", "") for s in segments)


def join_text(lines: list[str]) -> str:
    """Join repaired lines; a line that begins with punctuation closes the line before."""
    parts: list[str] = []
    for line in (unspace(x) for x in lines):
        if not line:
            continue
        if parts and line[0] in ",.;:)":
            parts[-1] += line
        else:
            parts.append(line)
    return join_lines(parts)


def _ends_title(text: str) -> bool:
    """Whether ``text`` is a whole title: it ends with a closing quote, and not with the one
    that closes a quoted name it begins with (``"Ұлттық … бекіту туралы" … енгізу туралы"``
    is whole, ``"Ұлттық … бекіту туралы"`` is not)."""
    text = text.rstrip()
    if not text.endswith(("»", '"')):
        return False
    if text[:1] in ('"', "«"):
        return text.find('"' if text[0] == '"' else "»", 1) != len(text) - 1
    return True


def _starts_lower(text: str) -> bool:
    first = next((c for c in text if c.isalpha()), "")
    return first.islower()


def _starts_upper(text: str) -> bool:
    return text[:1].isupper()


def _is_section(after: list[Line], number: int, section: int, paragraph: int) -> bool:
    """Whether a line numbered ``number`` is the heading of the next section (number
    ``section``) rather than the next paragraph (number ``paragraph``): sections and
    paragraphs are numbered apart (``1. Жалпы ережелер``, then ``1. Қазақстан …``;
    ``2. Осы … құрылымы`` after paragraph 5, then ``6. …``), and a heading is followed by
    the paragraph that is due."""
    if number != section:
        return False
    following = next((m for _, t in after if (m := NUMBERED.match(t))), None)
    return following is not None and int(following[1]) == paragraph


# -- Annex 1 cells ---------------------------------------------------------------------------
Group = list[Line]
Row = tuple[int, int, list[Group]]  # (level number, line of the number, text groups)


def resolve_cells(rows: list[Row]) -> Iterator[tuple[int, list[Group]]]:
    """Assign the text groups of each Annex 1 row to its three cells, in column order.

    Each cell begins with a capital letter. Where a page break splits a row, the extraction
    puts the part of a cell that lies on the first page *before* the row's number: it shows
    as a surplus fourth group at the end of the row before, and its continuation (a group
    that begins in lower case) appears among the next row's groups at the cell's column. A
    lower-case group with no pending part continues the cell before it (a cell split by a
    page break inside the row). Raises ``ValueError`` naming the level when a row does not
    come out with exactly three cells.
    """
    pending: Group | None = None
    for number, _, groups in rows:
        cells: list[Group] = []
        carry: Group | None = None
        for group in groups:
            text = " ".join(t for _, t in group)
            if _starts_lower(text):
                if pending is not None:
                    cells.append(pending + group)
                    pending = None
                elif cells:
                    cells[-1] = cells[-1] + group
                else:
                    raise ValueError(f"level {number}: a continued cell with nothing before it")
            elif len(cells) < 3 - (pending is not None):
                cells.append(group)
            elif carry is None:
                carry = group
            else:
                raise ValueError(f"level {number}: more than one surplus cell")
        if pending is not None:
            raise ValueError(f"level {number - 1}: a split cell whose rest was not found")
        if len(cells) != 3:
            raise ValueError(f"level {number}: {len(cells)} cells instead of 3")
        pending = carry
        yield number, cells
    if pending is not None:
        raise ValueError("the last row has a surplus cell")


# -- the parse -------------------------------------------------------------------------------
class _Parse:
    """One parse: the lines, what has been consumed, and what was found odd."""

    def __init__(self, blocks: list[Block], source: SourceInfo) -> None:
        self.path: Path = source.path
        self.source = source
        self.raw: list[Line] = [(b.loc.start, b.text) for b in blocks]
        self.all: list[Line] = list(self.raw)  # every line, for ``unassigned``
        self.columns = {b.loc.start: b.column for b in blocks if b.column is not None}
        self.used: set[int] = set()
        self.cut_short = False  # the text ends before Annex 2
        self.odd: set[int] = set()  # lines of no text of the act (page numbers, strays)
        self.warnings: list[Warning_] = []
        self.w: Wording = KK  # told from the title when the parse runs

    # -- helpers ---------------------------------------------------------------------------
    def fail(self, message: str, first: int | None = None, last: int | None = None) -> SourceError:
        loc = Location("line", first, last or first) if first else None
        return SourceError(self.path, message, loc)

    def warn(self, message: str, first: int, last: int | None = None) -> None:
        self.warnings.append(Warning_(message, Location("line", first, last or first)))

    @staticmethod
    def no_text(t: str) -> bool:
        """Whether the line is a page number, a stray letter or punctuation, or a mark."""
        text = t.strip()
        return bool(PAGE_NUMBER.match(text) or is_stray(text) or is_mark_only(text))

    def skip(self, n: int, t: str, where: str) -> bool:
        """Whether the line is no text of the act: a page number, a lone letter or
        punctuation, a bullet or dash alone; if so it is warned and kept unassigned."""
        text = t.strip()
        if PAGE_NUMBER.match(text):
            self.warn(f"a page number {text!r} {where}, not read", n)
        elif text and (is_stray(text) or is_mark_only(text)):
            self.warn(f"a stray {text!r} on a line of its own {where}, not read", n)
        else:
            return False
        self.odd.add(n)
        return True

    def twin_numbers(self) -> dict[int, tuple[int, int]]:
        """A page number next to a level number that reads the same (``7`` beside level 7's
        ``7``, blank lines between): which of the two the layout added cannot be told, so
        its warning and its text kept span both lines; by the page number's line."""
        text = {n: t.strip() for n, t in self.all}
        lines = [n for n, t in self.all if t.strip()]
        twins: dict[int, tuple[int, int]] = {}
        for k, n in enumerate(lines):
            if n not in self.odd or not LEVEL_MARK.match(text[n]):
                continue
            near = [lines[j] for j in (k - 1, k + 1) if 0 <= j < len(lines)]
            mark = next((m for m in near if m in self.used and text[m] == text[n]), None)
            if mark is not None:
                twins[n] = (min(n, mark), max(n, mark))
        for i, w in enumerate(self.warnings):
            if w.loc is not None and w.loc.start == w.loc.end and w.loc.start in twins:
                span = Location("line", *twins[w.loc.start])
                message = f"{w.message} (or the level's number beside it: the two read the same)"
                self.warnings[i] = Warning_(message, span)
        return twins

    def without_page_breaks(self, stop: int) -> None:
        """Drop from the raw lines before ``stop`` (the annex tables, whose level numbers
        look like page numbers, are left to :meth:`rows` and :meth:`pathways`) the page
        numbers and stray lines, with a blank line either side of a page number, so that
        text broken by a page break is joined."""
        out: list[Line] = []
        after_number = False
        for n, t in self.raw:
            if n < stop and self.skip(n, t, "in the text"):
                if PAGE_NUMBER.match(t.strip()):
                    if out and not out[-1][1].strip():
                        out.pop()
                    after_number = True
                continue
            if after_number and not t.strip():
                after_number = False
                continue
            after_number = False
            out.append((n, t))
        self.raw = out

    def nonblank(self, start: int, stop: int) -> list[Line]:
        """Non-blank raw lines with numbers in ``[start, stop)``."""
        return [(n, t) for n, t in self.raw if start <= n < stop and t.strip()]

    def find(self, pattern: re.Pattern[str], start: int = 1, stop: int | None = None) -> int:
        """The number of the first line from ``start`` whose repaired text matches, or 0."""
        for n, t in self.raw:
            if n >= start and (stop is None or n < stop) and pattern.search(unspace(t)):
                return n
        return 0

    def take(self, lines: list[Line]) -> Location:
        self.used.update(n for n, _ in lines)
        return Location("line", lines[0][0], lines[-1][0])

    def text(self, lines: list[Line]) -> str:
        return join_text([t for _, t in lines])

    # -- document --------------------------------------------------------------------------
    def run(self) -> NqfDocument:
        head = [(n, t) for n, t in self.nonblank(1, 40) if not self.no_text(t)]
        wording = wording_of(self.text(head[:6])) if head else None
        if wording is None:
            titles = " or ".join(f"'{w.title_text}'" for w in WORDINGS)
            raise self.fail(f"not an NQF order: no title {titles}")
        self.w = w = wording
        fw_line = next((n for n, t in self.raw if unspace(t) == w.framework_title), 0)
        annex1 = self.find(self.annex_marker(1), fw_line or 1)
        annex2 = self.find(self.annex_marker(2), annex1 or 1)
        if not fw_line or not annex1:
            raise self.fail("not an NQF order: no framework title or Annex 1")
        self.cut_short = not annex2
        if self.cut_short:  # what there is is read; the shapes tell what the text lacks
            self.warn("Annex 2 not found: the text ends before it", self.raw[-1][0])
        self.without_page_breaks(self.annex_start(annex1))
        head = self.nonblank(1, 40)
        title, title_end = self.title(head)
        act, repealed_by, in_force, status_end = self.status(title_end + 1)
        amends = self.amended_act(status_end + 1, fw_line)
        self.check_annex_header(status_end + 1, fw_line, act, amends)
        operative = self.operative(status_end + 1, fw_line)
        self.take([(fw_line, w.framework_title)])
        last = self.raw[-1][0]
        doc = NqfDocument(
            source=self.source,
            title=title,
            loc=Location("line", head[0][0], last),
            framework_title=w.framework_title,
            language=w.language,
            framework_loc=Location("line", fw_line, last),
            act=act,
            in_force=in_force,
            amends=amends,
            repealed_by=repealed_by,
            operative=operative,
        )
        lead1 = self.annex_start(annex1)
        lead2 = self.annex_start(annex2) if annex2 else last + 1
        for lead, marker in ((lead1, annex1), (lead2, annex2 or last + 1)):
            for n, t in self.nonblank(lead, marker):
                self.skip(n, t, "in an annex heading")
        self.provisions(doc, fw_line + 1, lead1)
        self.descriptors(doc, annex1, lead2)
        if annex2:
            self.pathways(doc, annex2, last + 1)
        twins = self.twin_numbers()
        doc.unassigned = [
            Block(t, Location("line", *twins.get(n, (n, n))))
            for n, t in self.all
            if t.strip() and (n not in self.used or n in self.odd)
        ]
        doc.warnings = self.warnings
        return doc

    def annex_marker(self, number: int) -> re.Pattern[str]:
        return re.compile(f"^{re.escape(self.w.annex_line(number))}$")

    def annex_start(self, marker: int) -> int:
        """The first line of an annex heading: the ``N-қосымша`` (``Приложение N``) line, or
        the letter-spaced ``Ұлттық біліктілік шеңберіне`` line just before it."""
        before = [(n, t) for n, t in self.nonblank(1, marker) if not self.no_text(t)]
        if before and self.w.annex_lead.match(unspace(before[-1][1])):
            return before[-1][0]
        return marker

    # -- header ----------------------------------------------------------------------------
    def title(self, head: list[Line]) -> tuple[str, int]:
        """The title (it ends at the first line that ends with a quote)."""
        lines: list[Line] = []
        for line in head:
            lines.append(line)
            if _ends_title(self.text(lines)):
                break
        text = self.text(lines).strip()
        if text.count('"') % 2 and text.endswith('"'):
            text = text[:-1]  # the outer title's closing quote; its opening one is missing
        self.take(lines)
        return text, lines[-1][0]

    def status(self, start: int) -> tuple[JointAct, JointAct | None, bool, int]:
        """The status block: ``Күшін жойған`` (``Утратил силу``), the act, its registration,
        its repeal, and an editorial note that repeats the repeal."""
        w = self.w
        order_line = self.find(w.operative, start)
        if not order_line:
            formula = w.operative.pattern
            raise self.fail(f"no operative formula '{formula}' after the title", start)
        lines = self.nonblank(start, order_line)
        repealed = bool(lines) and w.repealed.match(unspace(lines[0][1])) is not None
        note_at = next((i for i, (_, t) in enumerate(lines) if w.note.match(unspace(t))), None)
        body = lines[int(repealed) : note_at]
        if not body:
            raise self.fail("no act details before the operative formula", start)
        text = self.text(body)
        pieces = w.repeal_split.split(text, maxsplit=1)
        act_text, repeal_text = pieces[0], pieces[1] if len(pieces) > 1 else ""
        parts = self.act_parts(act_text, body[0][0])
        if not parts:
            raise self.fail("the act's numbers and dates not found", body[0][0], body[-1][0])
        act = JointAct(parts=parts, loc=self.take(lines[: note_at or len(lines)]))
        reg = w.registration.search(act_text)
        if reg:
            act.registration_number = reg["number"]
            act.registration_date = cited_date(reg, w.month)
        else:
            self.warn("no Ministry of Justice registration found", body[0][0], body[-1][0])
        repealed_by = None
        if repeal_text:
            repeal_lines = [ln for ln in body if ln[0] >= self.repeal_line(body)]
            rparts = self.act_parts(repeal_text, repeal_lines[0][0])
            if rparts:
                repealed_by = JointAct(parts=rparts, loc=self.take(repeal_lines))
        if note_at is not None:
            note = lines[note_at:]
            self.check_note(self.text(note), repealed_by, note[0][0])
            self.take(note)
            if repealed_by is not None:
                repealed_by.loc = repealed_by.loc.span(Location("line", note[0][0], note[-1][0]))
        if repealed and repealed_by is None:
            marked = unspace(lines[0][1])
            self.warn(f"marked '{marked}' but no repealing act found", lines[0][0])
        return act, repealed_by, not repealed, order_line - 1

    def repeal_line(self, body: list[Line]) -> int:
        for n, t in body:
            if self.w.repeal_split.search(t):
                return n
        return body[-1][0]

    def act_parts(self, text: str, line: int) -> list[ActPart]:
        parts: list[ActPart] = []
        for m in self.w.order.finditer(text):
            date = cited_date(m, self.w.month)
            if date is None:
                raise self.fail(f"unknown month {m['month']!r}", line)
            issuer = self.w.issuer(normalize_space(m["body"]), m["acting"] is not None)
            parts.append(ActPart(issuer=issuer, number=m["number"], date=date))
        return parts

    def check_note(self, note: str, repealed_by: JointAct | None, line: int) -> None:
        """The editorial note repeats the repealing act's numbers and dates: warn when they
        disagree."""
        if repealed_by is None:
            return
        numbers = set(re.findall(r"№\s*(\d+)", note))
        dates = {f"{y}-{m}-{d}" for d, m, y in re.findall(r"(\d{2})\.(\d{2})\.(\d{4})", note)}
        for part in repealed_by.parts:
            if part.number not in numbers or part.date not in dates:
                self.warn(f"the note does not repeat № {part.number} of {part.date}", line)

    def amended_act(self, start: int, stop: int) -> JointAct | None:
        """Operative paragraph 1: the act amended, with its registration and publication."""
        first = self.find(re.compile(r"^1\.\s"), start, stop)
        second = self.find(re.compile(r"^2\.\s"), first + 1 if first else start, stop)
        if not first or not second:
            self.warn("operative paragraph 1 (the amended act) not found", start, stop - 1)
            return None
        lines = self.nonblank(first, second)
        text = self.text(lines)
        parts = self.act_parts(text, first)
        if not parts:
            self.warn("the amended act's numbers and dates not found", first)
            return None
        title = QUOTED.search(text)
        act = JointAct(parts=parts, loc=self.take(lines), title=title[1] if title else None)
        reg = self.w.register_entry.search(text)
        if reg:
            act.registration_number = reg["number"]
        pub = self.w.publication.search(text)
        if pub:
            act.publication = pub[1]
        return act

    def operative(self, start: int, stop: int) -> OperativePart:
        """The operative part: from the ``БҰЙЫРАМЫЗ`` line to the annex header (the points,
        the ministers' signatures side by side)."""
        end = self.find(self.w.header_lead, start, stop) or stop
        lines = [(n, t) for n, t in self.raw if start <= n < end]
        part = read_operative(lines, self.w.language, join_text, self.columns)
        self.warnings += part.warnings
        self.used.update(part.lines)
        return part

    def check_annex_header(
        self, start: int, stop: int, act: JointAct, amends: JointAct | None
    ) -> None:
        """The annex header names both orders again: warn where it disagrees (the seed's
        header dates the 2012 order 2013). The header stays unassigned (a heading)."""
        lead = self.find(self.w.header_lead, start, stop)
        if not lead:
            return
        lines = self.nonblank(lead, stop)
        text = SPACED_NUMBER.sub(r"\1-\2", self.text(lines))
        cited = {(p.number, p.date) for p in self.act_parts(text, lead)}
        for known in [act, amends]:
            for part in known.parts if known else []:
                if (part.number, part.date) in cited:
                    continue
                same = [d for n, d in cited if n == part.number]
                what = f"dated {same[0]}" if same else "missing"
                self.warn(
                    f"annex header: order № {part.number} of {part.date} {what}",
                    lines[0][0],
                    lines[-1][0],
                )

    # -- general provisions and glossary ---------------------------------------------------
    def provisions(self, doc: NqfDocument, start: int, stop: int) -> None:
        """The numbered paragraphs of the sections; told from the section headings by their
        numbers, not by indentation (which only the extracted text keeps). A list numbered
        ``1.``, ``2.``, … after a paragraph's colon (a glossary numbered as paragraphs are)
        is the paragraph's, whatever its numbers."""
        numbered: list[tuple[int, list[Line]]] = []
        lines = self.nonblank(start, stop)
        section = 1
        inner = 0  # the last number of a list inside the paragraph
        for i, (n, t) in enumerate(lines):
            m = NUMBERED.match(t)
            opens = inner or (numbered and numbered[-1][1][-1][1].rstrip().endswith(":"))
            if m and opens and int(m[1]) == inner + 1:
                inner += 1
                numbered[-1][1].append((n, t))
                continue
            inner = 0 if m else inner
            if m and _is_section(lines[i + 1 :], int(m[1]), section, len(numbered) + 1):
                section += 1
                continue  # a section heading: boilerplate
            if m and int(m[1]) == len(numbered) + 1:
                numbered.append((int(m[1]), [(n, t)]))
            elif numbered:
                numbered[-1][1].append((n, t))
            else:
                self.warn("text before the first numbered paragraph, not read", n)
                self.odd.add(n)
        if not numbered:
            self.warn("no numbered paragraph of the general provisions, not read", start, stop - 1)
        for number, lines in numbered:
            if self.w.glossary_lead.search(unspace(lines[0][1])):
                doc.glossary = self.glossary(lines[1:])
                lines = lines[:1]
            provision = Provision(number, self.text(lines), self.take(lines))
            doc.provisions.append(provision)
            if number == 1:
                self.cites(doc, provision)
        if not doc.glossary:
            self.warn(f"no glossary ('{self.w.glossary_text}')", start, stop - 1)

    def cites(self, doc: NqfDocument, provision: Provision) -> None:
        """Paragraph 1: the EQF correspondence and the law it cites."""
        if self.w.eqf.search(provision.text):
            doc.eqf_statement = provision.loc
        else:
            self.warn("paragraph 1 does not name the European Qualifications Framework", 1)
        for m in self.w.law.finditer(provision.text):
            date = cited_date(m, self.w.month)
            if date is None:
                continue
            number = self.w.known_laws.get((m["title"], date))
            if number is None:
                self.warn(f"law «{m['title']}» of {date}: number unknown", provision.loc.start)
            doc.laws.append(CitedLaw(m["title"], date, number, provision.loc))

    def glossary(self, lines: list[Line]) -> list[GlossaryTerm]:
        """The terms of the glossary: items ``1)``, ``2)``, … (or under any other list
        mark: :func:`nqs.loaders.numbering.next_item`), each ``term – definition``."""
        items: list[list[Line]] = []
        first: Mark | None = None
        for n, t in lines:
            mark, _ = split_mark(t)
            if next_item(mark, first, len(items)):
                first = first or mark
                items.append([(n, t)])
            elif items:
                items[-1].append((n, t))
            else:
                self.warn("glossary text before item 1), not read", n)
                self.odd.add(n)
        terms: list[GlossaryTerm] = []
        for k, item in enumerate(items, start=1):
            m = GLOSSARY_TERM.match(split_mark(self.text(item))[1])
            if not m:
                raise self.fail("a glossary item without 'term – definition'", item[0][0])
            definition = m[2].rstrip(";.").rstrip()
            terms.append(GlossaryTerm(k, m[1], definition, self.take(item)))
        return terms

    # -- Annex 1 ---------------------------------------------------------------------------
    def descriptors(self, doc: NqfDocument, marker: int, stop: int) -> None:
        numbers_at, header_end = self.column_numbers(marker, stop)
        if not header_end:
            raise self.fail("Annex 1: no column numbers '1 2 3 4'", marker)
        head = [
            (n, t)
            for n, t in self.nonblank(marker, numbers_at)
            if not self.skip(n, t, "in the heading of Annex 1")
        ]
        heading = " ".join(unspace(t) for _, t in head)
        columns = self.w.descriptor_columns
        order = sorted((heading.find(label), kind) for label, kind in columns if label in heading)
        if len(order) != len(columns):
            raise self.fail("Annex 1: the three column headings not found", marker, header_end)
        kinds = [kind for _, kind in order]
        rows = self.rows(header_end + 1, stop)
        while True:
            try:
                resolved = list(resolve_cells(rows))
                break
            except ValueError as exc:
                if not self.cut_short or not rows:
                    raise self.fail(f"Annex 1: {exc}", header_end + 1, stop - 1) from exc
                # the last level of a text cut short is cut too: left unread, with a warning
                number, first, groups = rows.pop()
                last = max((n for g in groups for n, _ in g), default=first)
                self.warn(f"Annex 1: level {number} cut short ({exc}): not read", first, last)
        for number, cells in resolved:
            level = NqfLevel(number, self.row_loc(rows, number))
            for kind, cell in zip(kinds, cells, strict=True):
                cell.sort()
                level.descriptors[kind] = Descriptor(kind, self.text(cell), self.take(cell))
            doc.levels.append(level)
        for level in doc.levels:
            knowledge = level.descriptors["knowledge"]
            if not self.w.knowledge.search(knowledge.text):
                self.warn(f"level {level.number}: knowledge does not {self.w.knowledge_text}", 1)

    def column_numbers(self, start: int, stop: int) -> tuple[int, int]:
        """The first and last line of Annex 1's row of column numbers: one line
        ``1 2 3 4`` in extracted text, a line per cell in a table; (0, 0) if absent."""
        lines = self.nonblank(start, stop)
        texts = [unspace(t) for _, t in lines]
        for i, text in enumerate(texts):
            if text.split(" ") == COLUMN_NUMBERS:
                return lines[i][0], lines[i][0]
            if texts[i : i + len(COLUMN_NUMBERS)] == COLUMN_NUMBERS:
                return lines[i][0], lines[i + len(COLUMN_NUMBERS) - 1][0]
        return 0, 0

    def row_loc(self, rows: list[Row], number: int) -> Location:
        """From the row's number to its last line."""
        for n, at, groups in rows:
            if n == number:
                return Location("line", at, max([at, *(x for g in groups for x, _ in g)]))
        raise AssertionError(number)

    def rows(self, start: int, stop: int) -> list[Row]:
        """The groups of lines of Annex 1, under their level numbers 1-8. A group ends at a
        blank line (extracted text) and before a line that begins with a capital letter or
        is a level number: every cell begins with a capital letter, its wrapped lines do
        not, and in a table each cell is a paragraph of its own."""
        lines = [(n, t) for n, t in self.raw if start <= n < stop]
        marks = self.level_marks(lines)
        blank = [not t.strip() for _, t in lines]
        ignored: set[int] = set()  # blank lines read as no break: those of a page break
        for i, (n, t) in enumerate(lines):
            if blank[i] and "\u00a0" in t:
                ignored.add(i)  # no-break spaces: an empty paragraph, no end of a cell
            page = n not in marks and PAGE_NUMBER.match(t.strip())
            inside = page and 2 <= i < len(lines) - 2
            if inside and blank[i - 1] and blank[i + 1] and not blank[i - 2] and not blank[i + 2]:
                ignored.update((i - 1, i + 1))  # the text around it is joined
        groups: list[Group] = []
        for i, (n, t) in enumerate(lines):
            text = t.strip()
            if i in ignored or (n not in marks and text and self.skip(n, t, "in Annex 1")):
                continue
            if not text:
                if groups and groups[-1]:
                    groups.append([])
                continue
            mark = n in marks
            if not groups or (groups[-1] and (mark or _starts_upper(text))):
                groups.append([])
            groups[-1].append((n, t))
            if mark:
                groups.append([])
        rows: list[Row] = []
        for group in (g for g in groups if g):
            m = LEVEL_MARK.match(group[0][1].strip()) if group[0][0] in marks else None
            if m and int(m[1]) == len(rows) + 1:
                self.take(group)
                rows.append((int(m[1]), group[0][0], []))
            elif rows:
                rows[-1][2].append(group)
            else:
                raise self.fail("Annex 1: text before level 1", group[0][0])
        if len(rows) < 8 and self.cut_short:  # the levels read are kept, the shapes tell
            self.warn(f"Annex 1: {len(rows)} levels instead of 8", start, stop - 1)
        elif len(rows) != 8:
            raise self.fail(f"Annex 1: {len(rows)} levels instead of 8", start, stop - 1)
        return rows

    def level_marks(self, lines: list[Line]) -> set[int]:
        """The lines of Annex 1's level numbers 1-8, told from page numbers that look the
        same: of the lines ``k`` after level ``k - 1`` and before the next ``k + 1``, the
        last that has at least three cells (lines that begin with a capital) after it."""
        digits = [
            (i, int(m[1])) for i, (_, t) in enumerate(lines) if (m := LEVEL_MARK.match(t.strip()))
        ]
        uppers = [i for i, (_, t) in enumerate(lines) if _starts_upper(t.strip())]
        marks: set[int] = set()
        at = -1
        for k in range(1, 9):
            found = [i for i, d in digits if d == k and i > at]
            if not found:
                break
            bound = next((i for i, d in digits if d == k + 1 and i > found[0]), len(lines))
            found = [i for i in found if i < bound]
            cells = [sum(1 for u in uppers if i < u < bound) for i in found]
            chosen = next(
                (i for i, c in reversed(list(zip(found, cells, strict=True))) if c >= 3), found[0]
            )
            marks.add(lines[chosen][0])
            at = chosen
        return marks

    # -- Annex 2 ---------------------------------------------------------------------------
    def pathways(self, doc: NqfDocument, marker: int, stop: int) -> None:
        heading = self.w.pathway_heading
        heads = [n for n, t in self.nonblank(marker, stop) if unspace(t) == heading]
        if len(heads) < 2:
            raise self.fail(f"Annex 2: no column heading '{heading}'", marker)
        for n, t in self.nonblank(marker, heads[1]):
            self.skip(n, t, "in the heading of Annex 2")
        rows: list[tuple[int, list[Line]]] = []
        lines = self.nonblank(heads[1] + 1, stop)
        for i, (n, t) in enumerate(lines):
            m = PATHWAY_ROW.match(t.strip())
            if m and int(m[1]) == len(rows) + 1 and not self.page_number_row(lines, i):
                rows.append((int(m[1]), [(n, m[2])] if m[2] else []))
                self.used.add(n)
            elif self.skip(n, t, "in Annex 2"):
                continue
            elif rows:
                rows[-1][1].append((n, t))
            else:
                self.warn("Annex 2: text before level 1, not read", n)
                self.odd.add(n)
        if len(rows) != len(doc.levels):
            raise self.fail(f"Annex 2: {len(rows)} levels instead of 8", heads[1], stop - 1)
        for level, (number, lines) in zip(doc.levels, rows, strict=True):
            if not lines:
                raise self.fail(f"Annex 2: level {number} has no pathway", heads[1])
            level.pathway = Pathway(self.text(lines), self.take(lines), self.routes(lines))

    def page_number_row(self, lines: list[Line], i: int) -> bool:
        """Whether the bare number at ``i`` is a page number, not the next row's: the same
        number comes again, alone or with text, before the number after it."""
        text = lines[i][1].strip()
        if not LEVEL_MARK.match(text):
            return False
        later: int | None = None
        for j in range(i + 1, len(lines)):
            m = PATHWAY_ROW.match(lines[j][1].strip())
            if m and int(m[1]) == int(text) + 1:
                break
            if m and m[1] == text and later is None:
                later = j
                if m[2]:
                    return True  # the row with its text on the line of its number
            elif later is not None:
                return True  # the later number has text after it: it is the row's
        return False

    def routes(self, lines: list[Line]) -> tuple[PathwayRoute, ...]:
        """The routes of a pathway cell: a line that begins with a capital letter starts a
        paragraph, and a paragraph holds one route per sentence (see :meth:`route_spans`)."""
        paragraphs: list[list[Line]] = []
        for line in lines:
            if not paragraphs or not _starts_lower(unspace(line[1])):
                paragraphs.append([line])
            else:
                paragraphs[-1].append(line)
        pieces = [piece for p in paragraphs for piece in self.route_pieces(p)]
        return tuple(self.route(k, t, ls) for k, (t, ls) in enumerate(pieces, start=1))

    def route_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the routes of a paragraph's text begin and end: a sentence is a route (but
        one that only names a kind of education leads the next), and so is what follows
        ``or`` after the practical experience of a route (:attr:`Wording.route_or`)."""
        cuts = [m.end() for m in SENTENCE_BREAK.finditer(text)]
        cuts += [m.end() for m in self.w.route_or.finditer(text)]
        spans: list[tuple[int, int]] = []
        start = 0
        for cut in [*sorted(cuts), len(text)]:
            if self.w.route_lead.match(text[start:cut].strip()):
                continue  # the lead stays with the sentence after it
            if text[start:cut].strip():
                spans.append((start, cut))
            start = cut
        if start < len(text) and text[start:].strip():
            spans.append((start, len(text)))
        return spans

    def route_pieces(self, lines: list[Line]) -> list[tuple[str, list[Line]]]:
        """The routes of one paragraph: their text and the lines each runs over."""
        text = self.text(lines)
        ends = [len(self.text(lines[: k + 1])) for k in range(len(lines))]
        pieces: list[tuple[str, list[Line]]] = []
        for a, b in self.route_spans(text):
            starts = [0, *ends[:-1]]
            over = [ln for ln, s, e in zip(lines, starts, ends, strict=True) if s < b and e > a]
            pieces.append((text[a:b].strip(), over))
        return pieces

    def route(self, number: int, text: str, lines: list[Line]) -> PathwayRoute:
        w = self.w
        low = text.lower()
        levels = tuple(k for k, p in w.education_levels.items() if p.search(low))
        required: bool | None = None
        if w.no_experience.search(low):
            required = False
        elif w.experience.search(low):
            required = True
        years = None
        m = w.min_years.search(low)
        if m:
            years = int(m[1]) if m[1].isdigit() else w.number_words.get(m[1])
        loc = Location("line", lines[0][0], lines[-1][0])
        return PathwayRoute(number, text, loc, levels, required, years)


def looks_like_nqf(blocks: list[Block]) -> bool:
    """Whether the text is the NQF order, in Kazakh or Russian: its title, the framework's
    title and its Annex 1 (a text cut short may lack Annex 2: it is read, and reported)."""
    text = [b.text for b in blocks[:14] if not _Parse.no_text(b.text)]
    head = " ".join(normalize_space(t) for t in text[:12])
    w = wording_of(head)
    if w is None:
        return False
    texts = {unspace(b.text) for b in blocks}
    marks = {w.framework_title, w.annex_line(1)}  # Annex 2 is missing from a text cut short
    return marks <= texts


def parse_nqf(blocks: list[Block], source: SourceInfo) -> NqfDocument:
    """Parse the NQF order; raises :class:`SourceError` naming the file and the place."""
    return _Parse(blocks, source).run()
