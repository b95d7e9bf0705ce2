"""Parse the rules for qualification-improvement courses (text extracted from PDF), in Kazakh
or in Russian.

The rules are numbered sections (``3. ...``) of numbered points (``3.13 ...``); a point may
have list items (bullets or ``1)``). Every point keeps its exact wording and lines; the
structured values the course office checks (hours, group size, validity, periods, trainer
qualifications, acts) are read from the points that state them. Page headers are skipped;
annexes and blank forms after the points are kept by title.

The rules are published in both languages with the same numbering. What differs — the page
header, the annex and sheet titles, the words and formulas the values are read from, how an
act is cited — is one :class:`Wording` per language; the language of a text is told from the
phrase that names the rules (``біліктілігін арттыру курстарын ұйымдастыру`` /
``организации курсов повышения квалификации``). Names the graph keys by (the provider, the
title of the rules, an act cited by its title alone) are given in Kazakh whatever the
language (:attr:`Wording.keys`), so both versions mint the same IRIs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from nqs.loaders.citations import (
    KK_DATE,
    NUMERIC_DATE,
    RU_DATE,
    SUFFIXED_NUMBER,
    act_number,
    cited_date,
    kk_month,
    ru_month,
)
from nqs.loaders.courses.annex import annex_parts
from nqs.loaders.courses.model import (
    ActCitation,
    Annex,
    AssessmentRule,
    CertificateRule,
    CourseKind,
    CourseRulesDocument,
    Grouping,
    Option,
    Organisation,
    PeriodRule,
    RuleItem,
    RulePoint,
    RuleSection,
    TrainerQualification,
)
from nqs.loaders.model import ActRef, Block, Location, SourceInfo, Warning_
from nqs.loaders.numbering import PAGE_NUMBER, Mark, is_mark_only, is_stray, split_mark
from nqs.loaders.text import join_lines, normalize_space

# The same in both languages.
_SECTION = re.compile(r"^\s*(\d{1,2})\.\s+(\S.*)$")
_POINT = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_ACT_NUMBER = re.compile(SUFFIXED_NUMBER)
_FORM_BLANK = re.compile(r"^\s*_+\s*$")  # a blank of a form to fill in, no stray

# Kazakh (the seed's language; these names are kept for the callers that import them).
_PAGE_NUMBER = re.compile(r"^\s*\d+\s+беттің\s+\d+\s+беті\s*$")
_ANNEX = re.compile(r"^\s*(\d+)\s+қосымша\s*[–-]\s*(.+?)\s*$")
_SHEET = re.compile(r"^\s*([А-ЯӘҒҚҢӨҰҮҺІЁ ]+ПАРАҒЫ)\s*$")
_MARKER = re.compile(r"біліктілігін арттыру курстарын ұйымдастыру", re.IGNORECASE)

NUMBER_WORDS = {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6}

FORMAT_CODES = [("online", "онлайн"), ("full-time", "күндізгі"), ("blended", "аралас")]
STUDY_MODE_CODES = [("partial-break", "жартылай"), ("without-break", "үзіліссіз")]
GROUPING_CODES = [("group", "топтық"), ("individual", "жеке")]
TRAINER_CODES: list[tuple[tuple[str, ...], str]] = [
    (("candidate-of-sciences", "doctor-of-sciences"), "ғылым кандидаты"),
    (("phd", "doctorate-by-profile"), "PhD"),
    (("master",), "магистр"),
    (("pedagogue-researcher", "pedagogue-master"), "педагог-зерттеуші"),
    ((), "еңбек өтілі"),
]
CERTIFICATE_FIELD_CODES = [
    ("topic", "тақырыб"),
    ("hours", "сағат"),
    ("issue-date", "берілген"),
    ("completion-date", "күн"),
]


@dataclass(frozen=True)
class Wording:
    """What the rules say in one language: the page header and back matter, the words of
    the coded options, the formulas the structured values are read from (``{n}`` stands for
    a number in digits or in words) and how the acts of point 1.2 are cited."""

    language: Literal["kk", "ru"]
    marker: re.Pattern[str]
    page_number: re.Pattern[str]
    annex: re.Pattern[str]
    sheet: re.Pattern[str]
    number_words: dict[str, int]
    formats: list[tuple[str, str]]
    study_modes: list[tuple[str, str]]
    groupings: list[tuple[str, str]]
    trainers: list[tuple[tuple[str, ...], str]]
    certificate_fields: list[tuple[str, str]]
    # course kinds (3.13, 3.14)
    hours: str
    kind_name: Callable[[str], str | None]
    author: str
    register: str
    # groupings (3.10, 3.11), trainers (3.5), documents and assessment (4.1, 5.7)
    group_size: str
    min_applications: str
    experience: str
    document: str
    step: str
    assessment: str
    stage: str
    retakes: str
    # certificate (5.3, 5.5), support (6.3), monitoring (7.9)
    certificate: str
    field_split: str
    validity: str
    issued: str
    support: str
    monitoring: str
    # the provider (1.1): its name, parent body and legal form
    provider: Callable[[str], tuple[str, str | None, str | None] | None]
    # the acts (1.2)
    date: re.Pattern[str]
    month_of: Callable[[str], int | None]
    amended: re.Pattern[str]
    approved_form: str
    act_kinds: list[tuple[str, str]]
    charter: str
    act_title: Callable[[str, str], str | None]
    issuer: Callable[[str, str], str]
    keys: dict[str, str] = field(default_factory=dict)
    """Names in this language → the Kazakh names the graph keys them by."""
    open_end: str = ""
    """The words that leave a list open (``және т.б.``), kept out of its last item."""

    @property
    def number(self) -> str:
        return r"(\d+|" + "|".join(self.number_words) + r")"

    def formula(self, pattern: str) -> str:
        return pattern.replace("{n}", self.number)

    def key(self, name: str) -> str | None:
        """The Kazakh name a name is keyed by; ``None`` for a name this wording does not know."""
        return name if self.language == "kk" else self.keys.get(name)


def _kk_kind_name(text: str) -> str | None:
    quoted = re.search(r"«([^»]*курс)»", text)
    before = re.match(r"(.*?курс)тың\s+ұзақтығы", text)
    return quoted.group(1) if quoted else before.group(1) if before else None


def _ru_kind_name(text: str) -> str | None:
    """``«Авторский курс»``; ``Продолжительность курса, включенного в реестр`` in the
    nominative (``Курс, включенный в реестр``)."""
    quoted = re.search(r"«([^»]*курс)»", text)
    if quoted:
        return quoted.group(1)
    m = re.match(r"Продолжительность\s+курса(,\s+\w+?)ого(\s+в\s+реестр)", text)
    return f"Курс{m.group(1)}ый{m.group(2)}" if m else None


def _kk_provider(text: str) -> tuple[str, str | None, str | None] | None:
    quoted = re.search(r"«([^»]*консерваториясы)»", text)
    body = re.search(r"(Қазақстан Республикасы .*? министрлігі)нің\s+«", text)
    form = re.search(r"»\s+(республикалық мемлекеттік мекеме)сі", text)
    if quoted is None:
        return None
    return (
        normalize_space(quoted.group(1)),
        body.group(1) if body else None,
        form.group(1) if form else None,
    )


def _ru_provider(text: str) -> tuple[str, str | None, str | None] | None:
    """The name in quotes; the ministry and the legal form, written in the genitive, in the
    nominative."""
    quoted = re.search(r"«([^»]*[Кк]онсерватория[^»]*)»", text)
    body = re.search(r"»\s+Министерства\s+(.*?Республики Казахстан)", text)
    form = re.search(r"республиканского\s+государственного\s+учреждения\s+«", text)
    if quoted is None:
        return None
    return (
        normalize_space(quoted.group(1)),
        f"Министерство {body.group(1)}" if body else None,
        "республиканское государственное учреждение" if form else None,
    )


def _kk_act_title(text: str, kind: str) -> str | None:
    quoted = re.search(r"«([^»]+)»", text)
    m: re.Match[str] | None
    if kind in ("law", "order"):
        return quoted.group(1) if quoted else None
    if kind == "code":
        m = re.search(r"Республикасының\s+(.*?кодексі)", text)
        return m.group(1) if m else None
    if kind == "approved-form":
        m = re.search(r"бекітілген\s+(.*)$", text)
        return m.group(1) if m else None
    if kind == "charter":
        m = re.search(r"(«[^»]+»\s+\w+).*?(Жарғысы)", text)
        return f"{m.group(1)} {m.group(2)}" if m else None
    return None


def _ru_act_title(text: str, kind: str) -> str | None:
    quoted = re.search(r"«([^»]+)»", text)
    m: re.Match[str] | None
    if kind in ("law", "order"):
        return quoted.group(1) if quoted else None
    if kind == "code":
        m = re.search(r"(\w+\s+кодекс)\s+Республики", text)
        return m.group(1) if m else None
    if kind == "approved-form":
        m = re.match(r"(.*?),?\s+утвержденная\s+приказом", text)
        return m.group(1) if m else None
    if kind == "charter":
        m = re.search(r"(Устав\s+\w+\s+«[^»]+»)", text)
        return m.group(1) if m else None
    return None


def _kk_issuer(text: str, kind: str) -> str:
    """``Қазақстан Республикасы`` for a law or code; the minister for an order."""
    if kind in ("law", "code"):
        return "Қазақстан Республикасы"
    m = re.match(r"(Қазақстан Республикасының .*? министр)інің\s+\d{4}", text)
    return f"{m.group(1)}і" if m else "Қазақстан Республикасы"


def _ru_issuer(text: str, kind: str) -> str:
    """``Республика Казахстан`` for a law or code; the minister (``приказ(ом) Министра …``)
    in the nominative for an order."""
    if kind in ("law", "code"):
        return "Республика Казахстан"
    m = re.search(r"Министра\s+(.*?Республики Казахстан)", text)
    return f"Министр {m.group(1)}" if m else "Республика Казахстан"


KK = Wording(
    language="kk",
    marker=_MARKER,
    page_number=_PAGE_NUMBER,
    annex=_ANNEX,
    sheet=_SHEET,
    number_words=NUMBER_WORDS,
    formats=FORMAT_CODES,
    study_modes=STUDY_MODE_CODES,
    groupings=GROUPING_CODES,
    trainers=TRAINER_CODES,
    certificate_fields=CERTIFICATE_FIELD_CODES,
    hours=r"(\d+)\s+академиялық\s+сағат",
    kind_name=_kk_kind_name,
    author="авторлық",
    register="реестр",
    group_size=r"\((\d+)\s+және\s+одан\s+да\s+көп",
    min_applications=r"кемінде\s+{n}\s+өтінім",
    experience=r"{n}\s+жылдан\s+кем",
    document=r"өтінім|диплом|куәлік|құжат",
    step=r"жасалады|әзірленеді|ресімделеді|жүргізіледі",
    assessment="бағалау",
    stage=r"\(([^)]*бағалау)\)",
    retakes=r"жылына\s+{n}\s+реттен\s+артық\s+емес",
    certificate=r"Сертификатта\s+(.*?)\s+көрсетіледі",
    field_split=r",\s*|\s+және\s+",
    validity=r"{n}\s+жыл\s+бойы",
    issued=r"берілген\s+күн(і)?",
    support=r"{n}\s+жыл\s+ішінде",
    monitoring=r"кемінде\s+{n}\s+жылда\s+бір\s+рет",
    provider=_kk_provider,
    date=re.compile(KK_DATE),
    month_of=kk_month,
    amended=re.compile(rf"\({NUMERIC_DATE}\s*ж\.\s*өзгерістер"),
    approved_form="бұйрығымен бекітілген",
    act_kinds=[("law", "Заңы"), ("code", "кодексі"), ("order", "бұйрығы")],
    charter="Жарғысы",
    act_title=_kk_act_title,
    issuer=_kk_issuer,
    open_end=r"және\s+т\.\s*б\.?",
)

RU = Wording(
    language="ru",
    marker=re.compile(r"организации\s+курсов\s+повышения\s+квалификации", re.IGNORECASE),
    page_number=re.compile(r"^\s*Страница\s+\d+\s+из\s+\d+\s*$", re.IGNORECASE),
    annex=re.compile(r"^\s*Приложение\s+(\d+)\s*[–-]\s*(.+?)\s*$"),
    sheet=re.compile(r"^\s*(ЛИСТ\s+[А-ЯЁ ]+?)\s*$"),
    number_words={
        "одного": 1,
        "один": 1,
        "двух": 2,
        "два": 2,
        "трех": 3,
        "трёх": 3,
        "три": 3,
        "четырех": 4,
        "четыре": 4,
        "пяти": 5,
        "пять": 5,
        "шести": 6,
        "шесть": 6,
    },
    formats=[("online", "онлайн"), ("full-time", "очн"), ("blended", "смешанн")],
    study_modes=[("partial-break", "частичн"), ("without-break", "без отрыва")],
    groupings=[("group", "группов"), ("individual", "индивидуальн")],
    trainers=[
        (("candidate-of-sciences", "doctor-of-sciences"), "кандидата наук"),
        (("phd", "doctorate-by-profile"), "PhD"),
        (("master",), "магистр"),
        (("pedagogue-researcher", "pedagogue-master"), "педагог-исследователь"),
        ((), "стаж"),
    ],
    certificate_fields=[
        ("topic", "тем"),
        ("hours", "час"),
        ("issue-date", "выдач"),
        ("completion-date", "дата"),
    ],
    hours=r"(\d+)\s+академическ\w*\s+час",
    kind_name=_ru_kind_name,
    author="авторск",
    register="реестр",
    group_size=r"\((\d+)\s+и\s+более",
    min_applications=r"не\s+менее\s+{n}\s+заяв",
    experience=r"не\s+менее\s+{n}\s+лет",
    document=r"заявлени|диплом|удостоверени|документ",
    step=r"заключается|разрабатывается|оформляется|проводится",
    assessment="оценивани",
    stage=r"\(([^)]*оценивание)\)",
    retakes=r"не\s+более\s+{n}\s+раза?\s+в\s+год",
    certificate=r"В\s+сертификате\s+указываются\s+(.*?)\.?$",
    field_split=r",\s*|\s+и\s+",
    validity=r"в\s+течение\s+{n}\s+лет",
    issued=r"дат[аы]\s+выдачи",
    support=r"в\s+течение\s+{n}\s+года",
    monitoring=r"не\s+реже\s+одного\s+раза\s+в\s+{n}\s+года",
    provider=_ru_provider,
    date=re.compile(RU_DATE),
    month_of=ru_month,
    amended=re.compile(rf"по\s+состоянию\s+на\s+{NUMERIC_DATE}"),
    approved_form="утвержденная приказом",
    act_kinds=[("law", "Закон"), ("code", "кодекс"), ("order", "приказ")],
    charter="Устав",
    act_title=_ru_act_title,
    issuer=_ru_issuer,
    open_end=r"и\s+т\.\s*д\.?",
    keys={
        "Казахская национальная консерватория имени Курмангазы": (
            "Құрманғазы атындағы Қазақ ұлттық консерваториясы"
        ),
        "ПРАВИЛА ОРГАНИЗАЦИИ КУРСОВ ПОВЫШЕНИЯ КВАЛИФИКАЦИИ ПЕДАГОГОВ": (
            "ПЕДАГОГТАРДЫҢ БІЛІКТІЛІГІН АРТТЫРУ КУРСТАРЫН ҰЙЫМДАСТЫРУ ЕРЕЖЕСІ"
        ),
        "Устав РГУ «Казахская национальная консерватория имени Курмангазы»": (
            "«Құрманғазы атындағы Қазақ ұлттық консерваториясы» РММ Жарғысы"
        ),
    },
)

WORDINGS = (KK, RU)


def wording_of(text: str) -> Wording | None:
    """The wording whose phrase for the rules the text uses."""
    return next((w for w in WORDINGS if w.marker.search(text)), None)


def looks_like_course_rules(blocks: list[Block]) -> bool:
    """True for rules on organising qualification-improvement courses (in either language)."""
    head = join_lines([b.text for b in blocks[:60]])
    return wording_of(head) is not None and "1.1" in head


def number_value(word: str, w: Wording = KK) -> int:
    """``3`` or a number word of the language (``үш``, ``трех``) as an integer."""
    return int(word) if word.isdigit() else w.number_words[word.lower()]


# -- layout -------------------------------------------------------------------------------


@dataclass
class _Layout:
    """The blocks sorted into headers, body lines, back matter and the rest: the lines of
    no text of the rules (``odd``), each with a located warning."""

    header: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    back: list[Block] = field(default_factory=list)
    odd: list[Block] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)

    def drop(self, b: Block, message: str) -> None:
        self.odd.append(b)
        self.warnings.append(Warning_(message, b.loc))


def _split_layout(blocks: list[Block], w: Wording = KK) -> _Layout:
    """Page headers out: the organisation's line, the title in capitals (one or two lines,
    as the layout wrapped it) and ``N беттің M беті`` / ``Страница M из N``; body until the
    first annex, back matter after it.

    A line that is no text of the rules is left out with a located warning: a lone letter
    or punctuation, a bullet or dash alone, and a page number outside a page header (a bare
    number in the annexes only where it continues no count: their blank forms number
    their rows ``1``, ``2``, …)."""
    layout = _Layout()
    lines: list[Block] = []
    for b in blocks:
        text = b.text.strip()
        if text and ((is_stray(text) and not _FORM_BLANK.match(text)) or is_mark_only(text)):
            layout.drop(b, f"a stray {text!r} on a line of its own, not read")
        elif text:
            lines.append(b)
    header_ids: set[int] = set()
    for i, b in enumerate(lines):
        found = _page_header(lines, i, w, layout.header) if w.page_number.match(b.text) else None
        if found is not None:
            header_ids.update(id(lines[k]) for k in found)
            if not layout.header:
                layout.header = [lines[k] for k in found]
    in_back = False
    for i, b in enumerate(lines):
        if id(b) in header_ids:
            continue
        in_back = in_back or bool(w.annex.match(b.text) or w.sheet.match(b.text))
        if _page_number(lines, i, w, in_back):
            _drop_page_number(layout, lines, i, header_ids)
            continue
        (layout.back if in_back else layout.body).append(b)
    return layout


def _page_header(lines: list[Block], i: int, w: Wording, first: list[Block]) -> list[int] | None:
    """The lines of the page header that ends with the page number ``lines[i]`` (its
    organisation's line, its title, the number), or None if the lines before it are no page
    header: the title in capitals, one or two lines that name the rules and are no section
    heading, after the organisation's line; after the first page header, the same lines as
    that one's. Another page number among them is none of the header's; one right before
    the number makes it a second number, no header's."""
    if i > 0 and _is_page_number(lines[i - 1].text):
        return None
    before = [k for k in range(i - 1, -1, -1) if not _is_page_number(lines[k].text)][:3]
    for size in (2, 1):
        if len(before) <= size:
            continue
        title = [lines[k] for k in reversed(before[:size])]
        if not all(_is_heading(b.text) and not _SECTION.match(b.text) for b in title):
            continue
        if not w.marker.search(join_lines([b.text for b in title])):
            continue
        found = [before[size], *reversed(before[:size]), i]
        texts = [normalize_space(lines[k].text) for k in found[:-1]]
        if first and texts != [normalize_space(b.text) for b in first[:-1]]:
            return None
        return found
    return None


def _is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text.strip()))


def _page_number(lines: list[Block], i: int, w: Wording, in_back: bool) -> bool:
    """Whether ``lines[i]``, outside a page header, is a page number: in the rules'
    wording (``13 беттің 9 беті``) or any other (``7``, ``- 7 -``); in the annexes a bare
    number only if neither the line before nor the one after goes on counting with it."""
    text = lines[i].text.strip()
    if w.page_number.match(text):
        return True
    if not PAGE_NUMBER.match(text):
        return False
    if not (in_back and text.isdigit()):
        return True
    n = int(text)
    before = lines[i - 1].text.strip() if i > 0 else ""
    after = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    return before != str(n - 1) and after != str(n + 1)


def _drop_page_number(layout: _Layout, lines: list[Block], i: int, header: set[int]) -> None:
    """A page number outside a page header, warned and left out; right after a page
    header's own number (which of the two the layout added cannot be told), the warning
    and the text kept span both numbers."""
    b = lines[i]
    text = b.text.strip()
    if i > 0 and id(lines[i - 1]) in header:
        loc = lines[i - 1].loc.span(b.loc)
        layout.odd.append(Block(f"{lines[i - 1].text}\n{b.text}", loc))
        layout.warnings.append(Warning_("two page numbers one after the other, one not read", loc))
        return
    layout.drop(b, f"a page number {text!r} in the text, not read")


class _Builder:
    """Collects sections, points and items from the body lines."""

    def __init__(self, doc: CourseRulesDocument) -> None:
        self.doc = doc
        self.lines: list[Block] = []
        self.item_lines: list[list[Block]] = []
        self.tail: list[Block] = []
        self.number: str | None = None

    def run(self, body: list[Block]) -> None:
        heading: list[Block] = []
        for b in body:
            point = _POINT.match(b.text)
            section = _SECTION.match(b.text)
            if point:
                self.flush()
                self.close_heading(heading)
                heading = []
                self.start_point(point, b)
            elif section and _is_heading(section.group(2)):
                self.flush()
                self.close_heading(heading)
                heading = [b]
            elif heading and _is_heading(b.text):
                heading.append(b)
            elif self.number is None:
                self.doc.warnings.append(Warning_("text before the first point, not read", b.loc))
                self.doc.unassigned.append(b)
            else:
                self.add_line(b)
        self.flush()
        self.close_heading(heading)

    def close_heading(self, heading: list[Block]) -> None:
        if not heading:
            return
        m = _SECTION.match(heading[0].text)
        assert m is not None
        title = join_lines([m.group(2), *(b.text for b in heading[1:])])
        loc = heading[0].loc.span(heading[-1].loc)
        self.doc.sections.append(RuleSection(int(m.group(1)), title, loc))

    def start_point(self, m: re.Match[str], b: Block) -> None:
        number = f"{m.group(1)}.{m.group(2)}"
        if not self.doc.sections:
            self.doc.warnings.append(Warning_(f"point {number} before any section", b.loc))
            self.doc.sections.append(RuleSection(int(m.group(1)), "", b.loc))
        elif self.doc.sections[-1].number != int(m.group(1)):
            section = self.doc.sections[-1].number
            self.doc.warnings.append(Warning_(f"point {number} in section {section}", b.loc))
        self.number = number
        self.lines = [b]

    def add_line(self, b: Block) -> None:
        self.lines.append(b)
        if _item_mark(b.text) is not None:
            self.item_lines.append([b])
        elif self.tail or (self.item_lines and _starts_tail(self.item_lines[-1], b)):
            self.tail.append(b)
        elif self.item_lines:
            self.item_lines[-1].append(b)

    def flush(self) -> None:
        if self.number is None:
            return
        first = _POINT.match(self.lines[0].text)
        assert first is not None
        texts = [first.group(3), *(b.text for b in self.lines[1:])]
        texts = [t.replace("\uf0b7", "•") for t in texts]
        loc = self.lines[0].loc.span(self.lines[-1].loc)
        point = RulePoint(self.number, join_lines(texts), loc)
        for n, lines in enumerate(self.item_lines, start=1):
            point.items.append(RuleItem(n, _item_text(lines), lines[0].loc.span(lines[-1].loc)))
        self.doc.sections[-1].points.append(point)
        self.number, self.lines, self.item_lines, self.tail = None, [], [], []


def _is_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _item_mark(text: str) -> Mark | None:
    """The list mark a line of a point begins with (a bullet, ``1)``, ``1.``, ``а)``,
    ``a)``: :mod:`nqs.loaders.numbering`), or None; ``3.5`` is a point's number, no mark."""
    mark, rest = split_mark(text)
    if mark is not None and mark.kind == "number" and rest[:1].isdigit():
        return None
    return mark


def _starts_tail(item: list[Block], b: Block) -> bool:
    """A paragraph after an item that ended its sentence belongs to the point: indented in
    extracted text; in a Word file, a web page or a PDF (no indentation) it begins with a
    capital letter, where the item's wrapped lines would go on in lower case."""
    indent = len(b.text) - len(b.text.lstrip())
    return item[-1].text.rstrip().endswith(".") and (indent >= 4 or b.text.lstrip()[:1].isupper())


def _item_text(lines: list[Block]) -> str:
    first = lines[0].text
    mark, rest = split_mark(first)
    head = rest if mark is not None else first
    return join_lines([head, *(b.text for b in lines[1:])]).rstrip(" ;,.")


# -- structured values --------------------------------------------------------------------


def _code(text: str, table: list[tuple[str, str]]) -> str | None:
    low = text.lower()
    return next((code for code, word in table if word.lower() in low), None)


def _options(
    doc: CourseRulesDocument, number: str, table: list[tuple[str, str]], what: str
) -> list[Option]:
    point = _require(doc, number, what)
    out: list[Option] = []
    for item in point.items if point else []:
        code = _code(item.text, table)
        if code is None:
            doc.warnings.append(Warning_(f"{what}: no code for «{item.text}»", item.loc))
            continue
        out.append(Option(code, item.text, item.loc, number, item.ordinal))
    return out


def _require(doc: CourseRulesDocument, number: str, what: str) -> RulePoint | None:
    point = doc.point(number)
    if point is None:
        doc.warnings.append(Warning_(f"point {number} ({what}) not found"))
    return point


def _search(
    doc: CourseRulesDocument, point: RulePoint | None, pattern: str, what: str, w: Wording
) -> int:
    """The number ``pattern`` captures in a point, or 0 with a warning."""
    m = re.search(w.formula(pattern), point.text, re.IGNORECASE) if point else None
    if m is None:
        loc = point.loc if point else None
        doc.warnings.append(Warning_(f"{what} not found", loc))
        return 0
    return number_value(m.group(1), w)


def _course_kinds(doc: CourseRulesDocument, w: Wording) -> None:
    for point in doc.points:
        m = re.search(w.hours, point.text)
        if not m:
            continue
        name = w.kind_name(point.text) or point.text
        code = "author" if w.author in name.lower() else "register"
        if w.register not in name.lower() and code == "register":
            doc.warnings.append(Warning_(f"course kind «{name}»: unknown kind", point.loc))
        groupings = tuple(
            c for c, word in w.groupings if re.search(rf"\b{word}", point.text, re.IGNORECASE)
        )
        ordinal = len(doc.course_kinds) + 1
        kind = CourseKind(ordinal, code, name, int(m.group(1)), point.number, point.loc, groupings)
        doc.course_kinds.append(kind)


def _groupings(doc: CourseRulesDocument, w: Wording) -> None:
    for option in _options(doc, "3.10", w.groupings, "grouping"):
        grouping = Grouping(option.code, option.text, option.loc, "3.10", option.ordinal)
        grouping.points = ("3.10",)
        if option.code == "group":
            m = re.search(w.group_size, option.text)
            grouping.min_participants = int(m.group(1)) if m else None
            if m is None:
                doc.warnings.append(Warning_("group size not found", option.loc))
            rule = _require(doc, "3.11", "minimum applications")
            grouping.min_applications = _search(
                doc, rule, w.min_applications, "minimum applications", w
            )
            grouping.points = ("3.10", "3.11")
        doc.groupings.append(grouping)


def _trainers(doc: CourseRulesDocument, w: Wording) -> None:
    point = _require(doc, "3.5", "trainer qualifications")
    for item in point.items if point else []:
        codes = next((c for c, word in w.trainers if word.lower() in item.text.lower()), None)
        if codes is None:
            doc.warnings.append(Warning_(f"trainer qualification «{item.text}»", item.loc))
            continue
        m = re.search(w.formula(w.experience), item.text)
        years = number_value(m.group(1), w) if m else None
        doc.trainer_qualifications.append(
            TrainerQualification(item.ordinal, item.text, item.loc, codes, years)
        )


def _documents(doc: CourseRulesDocument, w: Wording) -> None:
    point = _require(doc, "4.1", "documents")
    for item in point.items if point else []:
        is_document = re.search(w.document, item.text, re.IGNORECASE)
        is_step = re.search(w.step, item.text)
        if is_document and not is_step:
            doc.required_documents.append(
                Option(f"document-{item.ordinal}", item.text, item.loc, "4.1", item.ordinal)
            )


def _assessment(doc: CourseRulesDocument, w: Wording) -> None:
    point = _require(doc, "4.1", "assessment")
    items = point.items if point else []
    item = next((i for i in items if w.assessment in i.text), None)
    if item is None:
        doc.warnings.append(Warning_("assessment item of 4.1 not found"))
        return
    stages = re.findall(w.stage, item.text)
    retake = _require(doc, "5.7", "retakes")
    limit = None
    if retake is not None:
        m = re.search(w.formula(w.retakes), retake.text)
        limit = number_value(m.group(1), w) if m else None
    points = ("4.1", "5.1", "5.7") if limit else ("4.1", "5.1")
    doc.assessment = AssessmentRule(item.text, item.loc, stages, limit, points)


def _period(
    doc: CourseRulesDocument, number: str, pattern: str, what: str, w: Wording
) -> PeriodRule | None:
    point = _require(doc, number, what)
    years = _search(doc, point, pattern, what, w)
    if point is None or not years:
        return None
    return PeriodRule(point.text, point.loc, years, (number,))


def _certificate(doc: CourseRulesDocument, w: Wording) -> None:
    stated = _require(doc, "5.3", "certificate contents")
    if stated is None:
        return
    m = re.search(w.certificate, stated.text)
    parts = re.split(w.field_split, m.group(1)) if m else []
    validity = _period(doc, "5.5", w.validity, "certificate validity", w)
    if validity is not None:
        issued = re.search(w.issued, validity.text)
        parts += [issued.group(0)] if issued else []
    fields = []
    for n, part in enumerate(parts, start=1):
        code = _code(part, w.certificate_fields) or f"field-{n}"
        in_validity = validity is not None and n > len(parts) - 1 and part in validity.text
        where = validity.loc if validity and in_validity else stated.loc
        fields.append(Option(code, part, where, "5.5" if in_validity else "5.3", n))
    loc = stated.loc.span(validity.loc) if validity else stated.loc
    points = ("5.3", "5.4", "5.5") if validity else ("5.3",)
    doc.certificate = CertificateRule(stated.text, loc, fields, validity, points)


def _keyed(doc: CourseRulesDocument, w: Wording, name: str, loc: Location | None) -> str:
    """The Kazakh name the graph keys ``name`` by; the name itself, with a warning, when the
    wording does not know it (its IRI then differs from the other language's)."""
    key = w.key(name)
    if key is None:
        doc.warnings.append(Warning_(f"no Kazakh key for «{name}»: its IRI is its own", loc))
        return name
    return key


def _provider(doc: CourseRulesDocument, header: list[Block], w: Wording) -> None:
    intro = doc.point("1.1")
    named = w.provider(intro.text if intro else "")
    if named is None:
        doc.warnings.append(Warning_("provider not named in point 1.1"))
        if header:
            name = normalize_space(header[0].text)
            key = _keyed(doc, w, name, header[0].loc)
            doc.provider = Organisation(name, header[0].loc, key=key)
        return
    name, body, form = named
    loc = intro.loc if intro else doc.loc
    doc.provider = Organisation(name, loc, body, form, _keyed(doc, w, name, loc))


# -- acts ---------------------------------------------------------------------------------


def _act_kind(text: str, w: Wording = KK) -> str:
    if w.approved_form in text:
        return "approved-form"
    for kind, word in w.act_kinds:
        if word in text:
            return kind
    return "charter" if w.charter in text else "other"


def citation(ordinal: int, text: str, loc: Location, w: Wording = KK) -> ActCitation:
    """Read the issuer, title, number, date and amendment date of one cited act."""
    kind = _act_kind(text, w)
    cited = ActCitation(ordinal, text, loc, kind)
    cited.title = w.act_title(text, kind)
    date, number = w.date.search(text), _ACT_NUMBER.search(text)
    iso = cited_date(date, w.month_of) if date else None
    if iso and number:
        cited.act = ActRef(w.issuer(text, kind), act_number(number), iso)
    amended = w.amended.search(text)
    if amended:
        cited.amended_as_of = cited_date(amended)
    return cited


def _basis(doc: CourseRulesDocument, w: Wording) -> None:
    point = _require(doc, "1.2", "acts")
    for item in point.items if point else []:
        cited = citation(item.ordinal, item.text, item.loc, w)
        if cited.kind == "other":
            doc.warnings.append(Warning_("cited act of unknown kind", item.loc))
        if cited.act is None and cited.title:
            cited.key = _keyed(doc, w, cited.title, item.loc)
        doc.basis.append(cited)


def _back_matter(doc: CourseRulesDocument, back: list[Block], w: Wording) -> None:
    """Annexes and sheets by title, with their fields and paragraphs (:mod:`.annex`)."""
    starts = [i for i, b in enumerate(back) if w.annex.match(b.text) or w.sheet.match(b.text)]
    for k, i in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(back) - 1
        loc = back[i].loc.span(back[end].loc)
        parts = annex_parts(back[i + 1 : end + 1], w.open_end)
        annex = w.annex.match(back[i].text)
        if annex:
            doc.annexes.append(Annex(int(annex.group(1)), annex.group(2), loc, parts))
        else:
            doc.annexes.append(Annex(None, normalize_space(back[i].text), loc, parts))
    doc.unassigned.extend(back[: starts[0]] if starts else back)


def parse_course_rules(blocks: list[Block], source: SourceInfo) -> CourseRulesDocument:
    """The rules as a document model; oddities are reported in ``warnings``."""
    head = join_lines([b.text for b in blocks[:60]])
    found = wording_of(head)
    w = found or KK
    layout = _split_layout(blocks, w)
    if layout.header:
        title_lines = layout.header[1:-1]
        title = join_lines([b.text for b in title_lines])
        loc = title_lines[0].loc.span(title_lines[-1].loc)
    else:
        first = next((b for b in blocks if b.text.strip()), blocks[0])
        title, loc = "", first.loc
    doc = CourseRulesDocument(source, title, loc, Organisation("", loc), language=w.language)
    if found is None:
        doc.warnings.append(Warning_("language not told from the text: read as Kazakh"))
    if not title:
        doc.warnings.append(Warning_("no page header with the title of the rules"))
    else:
        doc.title_key = _keyed(doc, w, title, loc)
    _Builder(doc).run(layout.body)
    _provider(doc, layout.header, w)
    _basis(doc, w)
    _course_kinds(doc, w)
    doc.formats = _options(doc, "3.4", w.formats, "format")
    doc.study_modes = _options(doc, "3.3", w.study_modes, "study mode")
    _groupings(doc, w)
    _trainers(doc, w)
    _documents(doc, w)
    _assessment(doc, w)
    _certificate(doc, w)
    doc.support = _period(doc, "6.3", w.support, "post-course support", w)
    doc.monitoring = _period(doc, "7.9", w.monitoring, "programme monitoring", w)
    _back_matter(doc, layout.back, w)
    doc.warnings.extend(layout.warnings)
    doc.unassigned = sorted([*doc.unassigned, *layout.odd], key=lambda b: b.loc.start)
    return doc
