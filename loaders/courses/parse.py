"""Parse the rules for qualification-improvement courses (Kazakh text extracted from PDF).

The rules are numbered sections (``3. ...``) of numbered points (``3.13 ...``); a point may
have list items (bullets or ``1)``). Every point keeps its exact wording and lines; the
structured values the course office checks (hours, group size, validity, periods, trainer
qualifications, acts) are read from the points that state them. Page headers are skipped;
annexes and blank forms after the points are kept by title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nqs.loaders.citations import KK_DATE, SUFFIXED_NUMBER, act_number, cited_date
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
from nqs.loaders.numbering import BULLETS
from nqs.loaders.text import join_lines, normalize_space

_SECTION = re.compile(r"^\s*(\d{1,2})\.\s+(\S.*)$")
_POINT = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_BULLET = re.compile(rf"^\s*[{BULLETS}]\s*(\S.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,2})\)\s*(.*)$")
_PAGE_NUMBER = re.compile(r"^\s*\d+\s+беттің\s+\d+\s+беті\s*$")
_ANNEX = re.compile(r"^\s*(\d+)\s+қосымша\s*[–-]\s*(.+?)\s*$")
_SHEET = re.compile(r"^\s*([А-ЯӘҒҚҢӨҰҮҺІЁ ]+ПАРАҒЫ)\s*$")
_MARKER = re.compile(r"біліктілігін арттыру курстарын ұйымдастыру", re.IGNORECASE)

NUMBER_WORDS = {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6}
_NUMBER = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"

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


def looks_like_course_rules(blocks: list[Block]) -> bool:
    """True for rules on organising qualification-improvement courses."""
    head = join_lines([b.text for b in blocks[:60]])
    return bool(_MARKER.search(head)) and "1.1" in head


def number_value(word: str) -> int:
    """``3`` or a Kazakh number word (``үш``) as an integer."""
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


# -- layout -------------------------------------------------------------------------------


@dataclass
class _Layout:
    """The blocks sorted into headers, body lines, back matter and the rest."""

    header: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    back: list[Block] = field(default_factory=list)


def _split_layout(blocks: list[Block]) -> _Layout:
    """Page headers out: the organisation's line, the title in capitals (one or two lines,
    as the layout wrapped it) and ``N беттің M беті``; body until the first annex, back
    matter after it."""
    layout = _Layout()
    lines = [b for b in blocks if b.text.strip()]
    header_ids: set[int] = set()
    for i, b in enumerate(lines):
        if _PAGE_NUMBER.match(b.text) and i >= 2:
            title = i - 2 if i >= 3 and _is_heading(lines[i - 2].text) else i - 1
            start = title - 1  # the organisation's line
            header_ids.update(id(x) for x in lines[start : i + 1])
            if not layout.header:
                layout.header = lines[start : i + 1]
    in_back = False
    for b in lines:
        if id(b) in header_ids:
            continue
        in_back = in_back or bool(_ANNEX.match(b.text) or _SHEET.match(b.text))
        (layout.back if in_back else layout.body).append(b)
    return layout


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
        bullet = _BULLET.match(b.text) or _NUMBERED.match(b.text)
        if bullet:
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


def _starts_tail(item: list[Block], b: Block) -> bool:
    """A paragraph after an item that ended its sentence belongs to the point: indented in
    extracted text; in a Word file, a web page or a PDF (no indentation) it begins with a
    capital letter, where the item's wrapped lines would go on in lower case."""
    indent = len(b.text) - len(b.text.lstrip())
    return item[-1].text.rstrip().endswith(".") and (indent >= 4 or b.text.lstrip()[:1].isupper())


def _item_text(lines: list[Block]) -> str:
    first = lines[0].text
    m = _BULLET.match(first) or _NUMBERED.match(first)
    head = m.group(m.lastindex or 1) if m else first
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


def _search(doc: CourseRulesDocument, point: RulePoint | None, pattern: str, what: str) -> int:
    """The number ``pattern`` captures in a point, or 0 with a warning."""
    m = re.search(pattern, point.text, re.IGNORECASE) if point else None
    if m is None:
        loc = point.loc if point else None
        doc.warnings.append(Warning_(f"{what} not found", loc))
        return 0
    return number_value(m.group(1))


def _course_kinds(doc: CourseRulesDocument) -> None:
    for point in doc.points:
        m = re.search(r"(\d+)\s+академиялық\s+сағат", point.text)
        if not m:
            continue
        quoted = re.search(r"«([^»]*курс)»", point.text)
        before = re.match(r"(.*?курс)тың\s+ұзақтығы", point.text)
        name = quoted.group(1) if quoted else before.group(1) if before else point.text
        code = "author" if "авторлық" in name.lower() else "register"
        if "реестр" not in name.lower() and code == "register":
            doc.warnings.append(Warning_(f"course kind «{name}»: unknown kind", point.loc))
        groupings = tuple(
            c for c, w in GROUPING_CODES if re.search(rf"\b{w}", point.text, re.IGNORECASE)
        )
        ordinal = len(doc.course_kinds) + 1
        kind = CourseKind(ordinal, code, name, int(m.group(1)), point.number, point.loc, groupings)
        doc.course_kinds.append(kind)


def _groupings(doc: CourseRulesDocument) -> None:
    for option in _options(doc, "3.10", GROUPING_CODES, "grouping"):
        grouping = Grouping(option.code, option.text, option.loc, "3.10", option.ordinal)
        grouping.points = ("3.10",)
        if option.code == "group":
            m = re.search(r"\((\d+)\s+және\s+одан\s+да\s+көп", option.text)
            grouping.min_participants = int(m.group(1)) if m else None
            if m is None:
                doc.warnings.append(Warning_("group size not found", option.loc))
            rule = _require(doc, "3.11", "minimum applications")
            grouping.min_applications = _search(
                doc, rule, rf"кемінде\s+{_NUMBER}\s+өтінім", "minimum applications"
            )
            grouping.points = ("3.10", "3.11")
        doc.groupings.append(grouping)


def _trainers(doc: CourseRulesDocument) -> None:
    point = _require(doc, "3.5", "trainer qualifications")
    for item in point.items if point else []:
        codes = next((c for c, w in TRAINER_CODES if w.lower() in item.text.lower()), None)
        if codes is None:
            doc.warnings.append(Warning_(f"trainer qualification «{item.text}»", item.loc))
            continue
        m = re.search(rf"{_NUMBER}\s+жылдан\s+кем", item.text)
        years = number_value(m.group(1)) if m else None
        doc.trainer_qualifications.append(
            TrainerQualification(item.ordinal, item.text, item.loc, codes, years)
        )


def _documents(doc: CourseRulesDocument) -> None:
    point = _require(doc, "4.1", "documents")
    for item in point.items if point else []:
        is_document = re.search(r"өтінім|диплом|куәлік|құжат", item.text, re.IGNORECASE)
        is_step = re.search(r"жасалады|әзірленеді|ресімделеді|жүргізіледі", item.text)
        if is_document and not is_step:
            doc.required_documents.append(
                Option(f"document-{item.ordinal}", item.text, item.loc, "4.1", item.ordinal)
            )


def _assessment(doc: CourseRulesDocument) -> None:
    point = _require(doc, "4.1", "assessment")
    items = point.items if point else []
    item = next((i for i in items if "бағалау" in i.text), None)
    if item is None:
        doc.warnings.append(Warning_("assessment item of 4.1 not found"))
        return
    stages = re.findall(r"\(([^)]*бағалау)\)", item.text)
    retake = _require(doc, "5.7", "retakes")
    limit = None
    if retake is not None:
        m = re.search(rf"жылына\s+{_NUMBER}\s+реттен\s+артық\s+емес", retake.text)
        limit = number_value(m.group(1)) if m else None
    points = ("4.1", "5.1", "5.7") if limit else ("4.1", "5.1")
    doc.assessment = AssessmentRule(item.text, item.loc, stages, limit, points)


def _period(doc: CourseRulesDocument, number: str, pattern: str, what: str) -> PeriodRule | None:
    point = _require(doc, number, what)
    years = _search(doc, point, pattern, what)
    if point is None or not years:
        return None
    return PeriodRule(point.text, point.loc, years, (number,))


def _certificate(doc: CourseRulesDocument) -> None:
    stated = _require(doc, "5.3", "certificate contents")
    if stated is None:
        return
    m = re.search(r"Сертификатта\s+(.*?)\s+көрсетіледі", stated.text)
    parts = re.split(r",\s*|\s+және\s+", m.group(1)) if m else []
    validity = _period(doc, "5.5", rf"{_NUMBER}\s+жыл\s+бойы", "certificate validity")
    if validity is not None:
        issued = re.search(r"берілген\s+күн(і)?", validity.text)
        parts += [issued.group(0)] if issued else []
    fields = []
    for n, part in enumerate(parts, start=1):
        code = _code(part, CERTIFICATE_FIELD_CODES) or f"field-{n}"
        in_validity = validity is not None and n > len(parts) - 1 and part in validity.text
        where = validity.loc if validity and in_validity else stated.loc
        fields.append(Option(code, part, where, "5.5" if in_validity else "5.3", n))
    loc = stated.loc.span(validity.loc) if validity else stated.loc
    points = ("5.3", "5.4", "5.5") if validity else ("5.3",)
    doc.certificate = CertificateRule(stated.text, loc, fields, validity, points)


def _provider(doc: CourseRulesDocument, header: list[Block]) -> None:
    intro = doc.point("1.1")
    text = intro.text if intro else ""
    quoted = re.search(r"«([^»]*консерваториясы)»", text)
    body = re.search(r"(Қазақстан Республикасы .*? министрлігі)нің\s+«", text)
    form = re.search(r"»\s+(республикалық мемлекеттік мекеме)сі", text)
    if quoted is None:
        doc.warnings.append(Warning_("provider not named in point 1.1"))
        if header:
            doc.provider = Organisation(normalize_space(header[0].text), header[0].loc)
        return
    doc.provider = Organisation(
        normalize_space(quoted.group(1)),
        intro.loc if intro else doc.loc,
        body.group(1) if body else None,
        form.group(1) if form else None,
    )


# -- acts ---------------------------------------------------------------------------------

_DATE_WORDS = re.compile(KK_DATE)
_ACT_NUMBER = re.compile(SUFFIXED_NUMBER)
_AMENDED = re.compile(r"\((\d{2})\.(\d{2})\.(\d{4})\s*ж\.\s*өзгерістер")


def _act_kind(text: str) -> str:
    if "бұйрығымен бекітілген" in text:
        return "approved-form"
    for kind, word in [("law", "Заңы"), ("code", "кодексі"), ("order", "бұйрығы")]:
        if word in text:
            return kind
    return "charter" if "Жарғысы" in text else "other"


def citation(ordinal: int, text: str, loc: Location) -> ActCitation:
    """Read the issuer, title, number, date and amendment date of one cited act."""
    kind = _act_kind(text)
    cited = ActCitation(ordinal, text, loc, kind)
    quoted = re.search(r"«([^»]+)»", text)
    if kind in ("law", "order"):
        cited.title = quoted.group(1) if quoted else None
    elif kind == "code":
        m = re.search(r"Республикасының\s+(.*?кодексі)", text)
        cited.title = m.group(1) if m else None
    elif kind == "approved-form":
        m = re.search(r"бекітілген\s+(.*)$", text)
        cited.title = m.group(1) if m else None
    elif kind == "charter":
        m = re.search(r"(«[^»]+»\s+\w+).*?(Жарғысы)", text)
        cited.title = f"{m.group(1)} {m.group(2)}" if m else None
    date, number = _DATE_WORDS.search(text), _ACT_NUMBER.search(text)
    iso = cited_date(date) if date else None
    if iso and number:
        cited.act = ActRef(_issuer(text, kind), act_number(number), iso)
    amended = _AMENDED.search(text)
    if amended:
        cited.amended_as_of = f"{amended.group(3)}-{amended.group(2)}-{amended.group(1)}"
    return cited


def _issuer(text: str, kind: str) -> str:
    """``Қазақстан Республикасы`` for a law or code; the minister for an order."""
    if kind in ("law", "code"):
        return "Қазақстан Республикасы"
    m = re.match(r"(Қазақстан Республикасының .*? министр)інің\s+\d{4}", text)
    return f"{m.group(1)}і" if m else "Қазақстан Республикасы"


def _basis(doc: CourseRulesDocument) -> None:
    point = _require(doc, "1.2", "acts")
    for item in point.items if point else []:
        cited = citation(item.ordinal, item.text, item.loc)
        if cited.kind == "other":
            doc.warnings.append(Warning_("cited act of unknown kind", item.loc))
        doc.basis.append(cited)


def _back_matter(doc: CourseRulesDocument, back: list[Block]) -> None:
    """Annexes and sheets by title; their form lines are part of them."""
    starts = [i for i, b in enumerate(back) if _ANNEX.match(b.text) or _SHEET.match(b.text)]
    for k, i in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(back) - 1
        loc = back[i].loc.span(back[end].loc)
        annex = _ANNEX.match(back[i].text)
        if annex:
            doc.annexes.append(Annex(int(annex.group(1)), annex.group(2), loc))
        else:
            doc.annexes.append(Annex(None, normalize_space(back[i].text), loc))
    doc.unassigned.extend(back[: starts[0]] if starts else back)


def parse_course_rules(blocks: list[Block], source: SourceInfo) -> CourseRulesDocument:
    """The rules as a document model; oddities are reported in ``warnings``."""
    layout = _split_layout(blocks)
    if layout.header:
        title_lines = layout.header[1:-1]
        title = join_lines([b.text for b in title_lines])
        loc = title_lines[0].loc.span(title_lines[-1].loc)
    else:
        first = next((b for b in blocks if b.text.strip()), blocks[0])
        title, loc = "", first.loc
    doc = CourseRulesDocument(source, title, loc, Organisation("", loc))
    if not title:
        doc.warnings.append(Warning_("no page header with the title of the rules"))
    _Builder(doc).run(layout.body)
    _provider(doc, layout.header)
    _basis(doc)
    _course_kinds(doc)
    doc.formats = _options(doc, "3.4", FORMAT_CODES, "format")
    doc.study_modes = _options(doc, "3.3", STUDY_MODE_CODES, "study mode")
    _groupings(doc)
    _trainers(doc)
    _documents(doc)
    _assessment(doc)
    _certificate(doc)
    doc.support = _period(doc, "6.3", rf"{_NUMBER}\s+жыл\s+ішінде", "post-course support")
    doc.monitoring = _period(
        doc, "7.9", rf"кемінде\s+{_NUMBER}\s+жылда\s+бір\s+рет", "programme monitoring"
    )
    _back_matter(doc, layout.back)
    return doc
