"""Parser for professional standards in the current template (text extracted from PDF), in
Kazakh or Russian.

The template (order of the Minister of Labour, 2023) is published in both languages with the
same layout: four chapters (general provisions; the passport, numbered paragraphs 4-8; the
profession cards; the technical data). Each card is a two-column table that the PDF
extraction has flattened into label and value lines; the labels are known and found by
:mod:`nqs.loaders.labelled`. What differs between the languages — headings, labels, the annex
header, month names — is one :class:`Wording` per language; the language of a text is the one
whose title line it has (``Кәсіптік стандарт: «…»`` / ``Профессиональный стандарт: «…»``).
Both versions of one standard give the same elements in the same order, so the mapper mints the
same IRIs from either.

Contact persons of the technical data (names, phones, e-mails) are personal data: they are
recognised and deliberately not loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from nqs.loaders.citations import KK_DATE, NUMBER, RU_DATE, cited_date
from nqs.loaders.labelled import Field, Line, split_fields
from nqs.loaders.model import ActRef, Block, Location, SourceError, SourceInfo, Warning_
from nqs.loaders.numbering import PAGE_NUMBER, is_mark_only, is_stray, split_mark
from nqs.loaders.standard.model import (
    Approval,
    Card,
    CardListEntry,
    CodedTitle,
    EconomicActivityRef,
    Item,
    LaborFunction,
    LevelSpec,
    RelatedOccupation,
    Skill,
    StandardDocument,
    TechnicalData,
)
from nqs.loaders.standard.provisions import parse_provisions
from nqs.loaders.text import iso_date, join_lines, kk_month, normalize_space, ru_month

# The same in both languages.
PARAGRAPH = re.compile(r"^(\d+)\.\s+(.*)$")
OKED_LINE = re.compile(r"^([A-Z]|\d{2}(?:\.\d{1,2}){0,2})\.?\s+(\S.*)$")
CARD_LIST_ENTRY = re.compile(
    r"^\d+\)\s*(.+?)\s+-\s+(\d)(?:\s*-\s*(\d))?\s*[-‑]?\s*(?:уровень|уровни|деңгей)", re.I
)
FUNCTION_NUMBER = re.compile(r"^(\d+)\s*:$")
NUMBERED = re.compile(r"^(\d+)[.)]\s*(.*)$")
NKZ_CODE = re.compile(r"\d{4}-\d-\d{3}")
CODED_TITLE = re.compile(r"^(\d{4}-\d-\d{3})\s*[-–]\s*(.+)$")
RELATED = re.compile(r"^(\d)(?:\s*-\s*(\d))?\s+(\S.*)$")

Labels = list[tuple[str, str]]


@dataclass(frozen=True)
class Wording:
    """What the template says in one language: its headings, labels and annex header.

    ``function`` matches a labor function heading (group 1: the word for "additional", when
    the function is one; group 2: its number, unless the number is on the next line);
    ``first_function`` is how the first mandatory function's heading starts, ``footer`` how
    the card's footer (personal competencies) starts. ``act_header`` matches the annex header
    joined into one line, with the groups ``issuer``, ``number``, ``day``, ``month``,
    ``year``, ``annex``; ``issuer`` turns its ``issuer`` group into the issuer's name."""

    language: Literal["kk", "ru"]
    title: re.Pattern[str]
    title_text: str
    chapter: re.Pattern[str]
    card: re.Pattern[str]
    function: re.Pattern[str]
    first_function: str
    skill: re.Pattern[str]
    abilities: re.Pattern[str]
    knowledge: re.Pattern[str]
    recognition: re.Pattern[str]
    sections_text: str
    footer: str
    act_header: re.Pattern[str]
    month: Callable[[str], int | None]
    issuer: Callable[[str], str]
    card_labels: Labels
    footer_labels: Labels
    technical_labels: Labels
    approval_bodies: dict[str, str]


KK = Wording(
    language="kk",
    title=re.compile(r"^Кәсіптік стандарт\s*:\s*[«\"](.+?)[»\"]\s*$"),
    title_text="Кәсіптік стандарт: «…»",
    chapter=re.compile(r"^(\d)\s*-\s*ші тарау\."),
    card=re.compile(r"^(\d+)\.\s+Кәсіптің карточкасы\s*[«\"](.+?)[»\"]\s*:?\s*$"),
    function=re.compile(r"^(Қосымша\s+)?еңбек\s+функциясы(?:\s+(\d+)\s*:)?\s*$", re.I),
    first_function="Еңбек функциясы",
    skill=re.compile(r"^Дағды\s+(\d+)\s*:\s*(.*)$"),
    abilities=re.compile(r"^(Машықтар|Біліктер)\s*:\s*$"),
    knowledge=re.compile(r"^Білімдер\s*:\s*$"),
    recognition=re.compile(r"^Дағдыны тану мүмкіндігі\s*:\s*(.*)$"),
    sections_text="'Машықтар:' or 'Білімдер:'",
    footer="Жеке құзыреттерге",
    act_header=re.compile(
        rf"^(?P<issuer>.+?)\s+министрінің\s+{KK_DATE}\s+{NUMBER}\s+бұйрығына\s+"
        r"(?P<annex>\d+)\s*-\s*қосымша$"
    ),
    month=kk_month,
    issuer=lambda name: f"{name} министрі",
    card_labels=[
        ("group_code", "Топтың коды:"),
        ("occupation_code", "Қызмет атауының коды:"),
        ("name", "Кәсіптің атауы:"),
        ("level", "СБШ бойынша біліктілік деңгейі:"),
        ("sublevel", "подуровень квалификации по ОРК:"),
        (
            "handbook_level",
            "БТБА, БА, үлгілік біліктілік сипаттамалары бойынша біліктілік деңгейі:",
        ),
        ("education_header", "Кәсіптік білім деңгейі:"),
        ("education_level", "Білім деңгейі:"),
        ("specialty", "Мамандық:"),
        ("qualification", "Біліктілік:"),
        ("experience", "Жұмыс тәжірибесіне қойылатын талаптар:"),
        ("nonformal", "Формалды емес және информалы біліммен байланыс:"),
        ("other_titles", "Кәсіптің басқа ықтимал атаулары:"),
        ("purpose", "Қызметтің негізгі мақсаты:"),
        ("functions_header", "Еңбек функциялардың сипаттамасы"),
        ("functions_list", "Еңбек функцияларының тізбесі:"),
        ("mandatory", "Міндетті еңбек функциялары:"),
        ("additional", "Қосымша еңбек функциялары:"),
    ],
    footer_labels=[
        ("competencies", "Жеке құзыреттерге қойылатын талаптар:"),
        ("regulations", "Техникалық регламенттер мен ұлттық стандарттардың тізімі:"),
        ("related", "СБШ -нің ішіндегі басқа кәсіптермен байланыс:"),
        ("related_header", "СБШ-нің деңгейі: Кәсіптің атауы:"),
    ],
    technical_labels=[
        ("state_body", "Мемлекеттік органның атауы:"),
        ("state_contact", "Орындаушы:"),
        ("developers", "Әзірлеуге қатысатын ұйымдар (кәсіпорындар):"),
        ("developer_contacts", "Орындаушылар:"),
        ("sector_council", "Кәсіптік біліктілік жөніндегі салалық кеңес:"),
        ("national_body", "Кәсіптік біліктілік жөніндегі ұлттық орган:"),
        ("atameken", "«Атамекен» Қазақстан Республикасының Ұлттық кәсіпкерлер палатасы:"),
        ("version", "Нұсқа нөмірі және шығарылған жылы:"),
        ("revision", "Болжалды қайта қарау күні:"),
    ],
    approval_bodies={
        "sector_council": "Кәсіптік біліктілік жөніндегі салалық кеңес",
        "national_body": "Кәсіптік біліктілік жөніндегі ұлттық орган",
        "atameken": "«Атамекен» Қазақстан Республикасының Ұлттық кәсіпкерлер палатасы",
    },
)

# The issuer in the annex header is in the genitive ("к приказу Министра …"): its first word
# in the nominative.
RU_ISSUER_WORDS = {"Министра": "Министр", "Председателя": "Председатель"}


def ru_issuer(name: str) -> str:
    """``Министра культуры и информации Республики Казахстан`` → ``Министр …``."""
    first, _, rest = name.partition(" ")
    return " ".join(x for x in (RU_ISSUER_WORDS.get(first, first), rest) if x)


RU = Wording(
    language="ru",
    title=re.compile(r"^Профессиональный стандарт\s*:\s*[«\"](.+?)[»\"]\s*$"),
    title_text="Профессиональный стандарт: «…»",
    chapter=re.compile(r"^Глава\s+(\d)\s*\."),
    card=re.compile(r"^(\d+)\.\s+Карточка профессии\s*[«\"](.+?)[»\"]\s*:?\s*$", re.I),
    function=re.compile(r"^(Дополнительная\s+)?трудовая\s+функция(?:\s+(\d+)\s*:)?\s*$", re.I),
    first_function="Трудовая функция",
    skill=re.compile(r"^Навык\s+(\d+)\s*:\s*(.*)$"),
    abilities=re.compile(r"^Умения\s*:\s*$"),
    knowledge=re.compile(r"^Знания\s*:\s*$"),
    recognition=re.compile(r"^Возможность признания навыка\s*:\s*(.*)$"),
    sections_text="'Умения:' or 'Знания:'",
    footer="Требования к личностным",
    act_header=re.compile(
        r"^Приложение\s+(?P<annex>\d+)\s+к\s+(?:совместному\s+)?приказу\s+(?P<issuer>.+?)\s+"
        rf"от\s+{RU_DATE}\s+{NUMBER}$"
    ),
    month=ru_month,
    issuer=ru_issuer,
    card_labels=[
        ("group_code", "Код группы:"),
        ("occupation_code", "Код наименования занятия:"),
        ("name", "Наименование профессии:"),
        ("level", "Квалификационный уровень по ОРК:"),
        ("sublevel", "Подуровень квалификации по ОРК:"),
        (
            "handbook_level",
            "Уровень квалификации по ЕТКС, КС, типовым квалификационным характеристикам:",
        ),
        ("education_header", "Уровень профессионального образования:"),
        ("education_level", "Уровень образования:"),
        ("specialty", "Специальность:"),
        ("qualification", "Квалификация:"),
        ("experience", "Требования к опыту работы:"),
        ("nonformal", "Связь с неформальным и информальным образованием:"),
        ("other_titles", "Другие возможные наименования профессии:"),
        ("purpose", "Основная цель деятельности:"),
        ("functions_header", "Описание трудовых функций"),
        ("functions_list", "Перечень трудовых функций:"),
        ("mandatory", "Обязательные трудовые функции:"),
        ("additional", "Дополнительные трудовые функции:"),
    ],
    footer_labels=[
        ("competencies", "Требования к личностным компетенциям:"),
        ("regulations", "Перечень технических регламентов и национальных стандартов:"),
        ("related", "Связь с другими профессиями в рамках ОРК:"),
        ("related_header", "Уровень ОРК: Наименование профессии:"),
    ],
    technical_labels=[
        ("state_body", "Наименование государственного органа:"),
        ("state_contact", "Исполнитель:"),
        ("developers", "Организации (предприятия), участвующие в разработке:"),
        ("developer_contacts", "Исполнители:"),
        ("sector_council", "Отраслевой совет по профессиональным квалификациям:"),
        ("national_body", "Национальный орган по профессиональным квалификациям:"),
        ("atameken", "Национальная палата предпринимателей Республики Казахстан «Атамекен»:"),
        ("version", "Номер версии и год выпуска:"),
        ("revision", "Ориентировочная дата пересмотра:"),
    ],
    approval_bodies={
        "sector_council": "Отраслевой совет по профессиональным квалификациям",
        "national_body": "Национальный орган по профессиональным квалификациям",
        "atameken": "Национальная палата предпринимателей Республики Казахстан «Атамекен»",
    },
)
WORDINGS = (KK, RU)


def wording_of(blocks: list[Block]) -> Wording | None:
    """The wording of the language the text is in: the first whose title line and card
    heading it has (among its first 400 lines), else None."""
    texts = [normalize_space(b.text) for b in blocks[:400]]
    for wording in WORDINGS:
        if any(wording.title.match(t) for t in texts) and any(wording.card.match(t) for t in texts):
            return wording
    return None


def looks_like_current_standard(blocks: list[Block]) -> bool:
    """Whether the text has the current template's title and card headings, in Kazakh or
    in Russian."""
    return wording_of(blocks) is not None


class _Parse:
    """One parse: the lines, what has been consumed, and what was found odd."""

    def __init__(self, blocks: list[Block], source: SourceInfo) -> None:
        self.path: Path = source.path
        self.source = source
        self.lines: list[Line] = [
            (b.loc.start, normalize_space(b.text)) for b in blocks if b.text.strip()
        ]
        # the language is the one of the title line (the card headings may be missing)
        self.w = next((w for w in WORDINGS if any(w.title.match(t) for _, t in self.lines)), KK)
        self.used: set[int] = set()
        # lines warned as no text of the standard: never taken, whoever takes them
        self.odd: set[int] = set()
        self.warnings: list[Warning_] = []

    # -- helpers ---------------------------------------------------------------------------
    def fail(self, message: str, line: int | None = None) -> SourceError:
        loc = Location("line", line, line) if line else None
        return SourceError(self.path, message, loc)

    def warn(self, message: str, line: int) -> None:
        self.warnings.append(Warning_(message, Location("line", line, line)))

    def take(self, lines: list[int] | tuple[int, ...]) -> None:
        self.used.update(lines)

    def loc(self, lines: list[Line] | tuple[Line, ...]) -> Location:
        nums = [n for n, _ in lines]
        return Location("line", min(nums), max(nums))

    def index_of(self, pattern: re.Pattern[str], start: int = 0) -> int | None:
        for i in range(start, len(self.lines)):
            if pattern.match(self.lines[i][1]):
                return i
        return None

    def field_text(self, fields: dict[str, Field], key: str) -> str | None:
        f = fields.get(key)
        if f is None:
            return None
        self.take(f.lines)
        text = join_lines([t for _, t in f.value])
        return text or None

    # -- document --------------------------------------------------------------------------
    def run(self) -> StandardDocument:
        title_at = self.index_of(self.w.title)
        if title_at is None:
            expected = " or ".join(f"'{w.title_text}'" for w in WORDINGS)
            raise self.fail(f"not a professional standard: no line {expected}")
        title_line = self.lines[title_at]
        title = self.w.title.match(title_line[1]).group(1)  # type: ignore[union-attr]
        self.take([title_line[0]])
        approved_by = self.act_header(self.lines[:title_at])
        header_loc = self.loc(self.lines[:title_at]) if title_at else None
        chapters = self.chapters()
        if 2 not in chapters or 3 not in chapters:
            raise self.fail("no passport (chapter 2) or no cards (chapter 3)")
        doc = StandardDocument(
            source=self.source,
            language=self.w.language,
            title=title,
            loc=Location("line", self.lines[0][0], self.lines[-1][0]),
            approved_by=approved_by,
        )
        if approved_by and header_loc:
            doc.places["approved_by"] = header_loc
        if 1 in chapters:
            self.provisions(chapters[1], doc)
        self.passport(chapters[2], doc)
        doc.cards = self.cards(chapters[3])
        if 4 in chapters:
            doc.technical = self.technical(chapters[4])
        self.check_card_list(doc)
        doc.unassigned = [
            Block(t, Location("line", n, n))
            for n, t in self.lines
            if n not in self.used or n in self.odd
        ]
        doc.warnings = self.warnings
        return doc

    def act_header(self, header: list[Line]) -> ActRef | None:
        text = join_lines([t for _, t in header])
        m = self.w.act_header.match(text)
        if not m:
            if header:
                self.warn("annex header does not name an approving order", header[0][0])
            return None
        date = cited_date(m, self.w.month)
        if date is None:
            raise self.fail(f"unknown month {m['month']!r} in the annex header", header[0][0])
        self.take([n for n, _ in header])
        return ActRef(
            issuer=self.w.issuer(m["issuer"]),
            number=m["number"],
            date=date,
            annex=m["annex"],
        )

    def chapters(self) -> dict[int, list[Line]]:
        """The lines of each chapter, without its heading (which is boilerplate)."""
        marks = [
            (i, int(m.group(1)))
            for i, (_, t) in enumerate(self.lines)
            if (m := self.w.chapter.match(t))
        ]
        out: dict[int, list[Line]] = {}
        for k, (i, number) in enumerate(marks):
            end = marks[k + 1][0] if k + 1 < len(marks) else len(self.lines)
            out[number] = self.lines[i + 1 : end]
        return out

    @staticmethod
    def paragraphs(lines: list[Line]) -> Iterator[list[Line]]:
        """Numbered paragraphs (``4. …``, ``5. …``): each with its continuation lines."""
        current: list[Line] = []
        expected: int | None = None
        for line in lines:
            m = PARAGRAPH.match(line[1])
            if m and (expected is None or int(m.group(1)) == expected):
                if current:
                    yield current
                current = [line]
                expected = int(m.group(1)) + 1
            elif current:
                current.append(line)
        if current:
            yield current

    def provisions(self, lines: list[Line], doc: StandardDocument) -> None:
        """Chapter 1: scope, cited laws, terms and abbreviations."""
        located = [(t, Location("line", n, n)) for n, t in lines]
        doc.provisions, unread = parse_provisions(located)
        self.take([n for i, (n, _) in enumerate(lines) if i not in unread])
        for entry in doc.provisions.glossary:
            if not entry.definition:
                self.warn(f"glossary entry without a definition: {entry.term!r}", entry.loc.start)

    # -- passport --------------------------------------------------------------------------
    def passport(self, lines: list[Line], doc: StandardDocument) -> None:
        for para in self.paragraphs(lines):
            head = PARAGRAPH.match(para[0][1]).group(2)  # type: ignore[union-attr]
            label, _, rest = head.partition(":")
            low = label.lower()
            body = [(para[0][0], rest.strip()), *para[1:]]
            if "коды" in low or "номер" in low:
                doc.code = normalize_space(rest) or None
            elif "атауы" in low or "название" in low:
                pass  # the name repeats the title
            elif "эқжж" in low or "окэд" in low:
                doc.economic_activities = self.oked(para[1:])
            elif "сипаттама" in low or "описание" in low:
                doc.description = join_lines([t for _, t in body]) or None
            elif "тізімі" in low or "перечень" in low:
                doc.card_list = self.card_list(para[1:])
            else:
                continue
            self.take([n for n, _ in para])

    def oked(self, lines: list[Line]) -> list[EconomicActivityRef]:
        out: list[EconomicActivityRef] = []
        for n, t in lines:
            m = OKED_LINE.match(t)
            if not m:
                raise self.fail(f"not an OKED line: {t!r}", n)
            out.append(EconomicActivityRef(m.group(1), m.group(2), Location("line", n, n)))
        return out

    def card_list(self, lines: list[Line]) -> list[CardListEntry]:
        out: list[CardListEntry] = []
        for n, t in lines:
            m = CARD_LIST_ENTRY.match(t)
            if not m:
                raise self.fail(f"not an entry of the list of cards: {t!r}", n)
            high = int(m.group(3)) if m.group(3) else None
            out.append(CardListEntry(m.group(1), LevelSpec(int(m.group(2)), high)))
        return out

    # -- cards -----------------------------------------------------------------------------
    def cards(self, lines: list[Line]) -> list[Card]:
        starts = [i for i, (_, t) in enumerate(lines) if self.w.card.match(t)]
        if not starts:
            raise self.fail("chapter 3 has no profession card", lines[0][0] if lines else None)
        cards: list[Card] = []
        for k, i in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            cards.append(self.card(k + 1, lines[i:end]))
        return cards

    def card(self, ordinal: int, lines: list[Line]) -> Card:
        head_no, head = lines[0]
        self.take([head_no])
        name = self.w.card.match(head).group(2)  # type: ignore[union-attr]
        body = lines[1:]
        w = self.w
        first_function = next(
            (i for i, (_, t) in enumerate(body) if w.function.match(t) and w.first_function in t),
            None,
        )
        footer_at = next((i for i, (_, t) in enumerate(body) if t.startswith(w.footer)), len(body))
        if first_function is None:
            raise self.fail(f"card {ordinal} has no '{w.first_function} 1:'", head_no)
        fields = split_fields(body[:first_function], w.card_labels)
        card = Card(ordinal=ordinal, name=name, loc=self.loc(lines))
        for key, place in (("level", "level"), ("occupation_code", "occupation")):
            if key in fields and fields[key].lines:
                card.places[place] = self.loc([(n, "") for n in fields[key].lines])
        card.group_code = self.field_text(fields, "group_code")
        card.occupation_code = self.field_text(fields, "occupation_code")
        if "name" in fields:
            card.name = self.field_text(fields, "name") or name
        card.level = self.level(fields, head_no)
        card.handbook_level = self.field_text(fields, "handbook_level")
        for key in ("education_header", "functions_header", "functions_list"):
            self.field_text(fields, key)
        card.education_level = self.field_text(fields, "education_level")
        card.specialty = self.field_text(fields, "specialty")
        card.qualification = self.field_text(fields, "qualification")
        card.experience = self.field_text(fields, "experience")
        card.nonformal_link = self.field_text(fields, "nonformal")
        card.other_titles = self.other_titles(fields.get("other_titles"))
        card.purpose = self.field_text(fields, "purpose")
        self.check_codes(card, head_no)
        listed = {
            True: self.numbered_titles(fields.get("mandatory")),
            False: self.numbered_titles(fields.get("additional")),
        }
        described = self.without_strays(body[first_function:footer_at])
        card.functions = self.functions(described, listed, ordinal)
        self.footer(body[footer_at:], card)
        return card

    def level(self, fields: dict[str, Field], line: int) -> LevelSpec | None:
        text = self.field_text(fields, "level")
        sub = self.field_text(fields, "sublevel")
        if not text:
            self.warn("card has no SQF level", line)
            return None
        m = re.fullmatch(r"(\d)(?:\s*-\s*(\d))?", text)
        if not m:
            raise self.fail(f"SQF level {text!r} is not a level 1-8 or a range", line)
        return LevelSpec(int(m.group(1)), int(m.group(2)) if m.group(2) else None, sub)

    def check_codes(self, card: Card, line: int) -> None:
        code, group = card.occupation_code, card.group_code
        if code and not NKZ_CODE.fullmatch(code):
            self.warn(f"occupation code {code!r} is not of the form dddd-d-ddd", line)
        if code and group and not code.startswith(group + "-"):
            self.warn(f"group code {group} does not match occupation code {code}", line)

    def other_titles(self, f: Field | None) -> list[CodedTitle]:
        if f is None:
            return []
        self.take(f.lines)
        out: list[CodedTitle] = []
        for n, t in f.value:
            here = Location("line", n, n)
            m = CODED_TITLE.match(t)
            if m:
                out.append(CodedTitle(m.group(2).strip(), m.group(1), here))
            elif out and t[:1].islower():
                prev = out[-1]
                loc = prev.loc.span(here) if prev.loc else here
                out[-1] = CodedTitle(join_lines([prev.title, t]), prev.code, loc)
            elif t != "-":
                out.append(CodedTitle(t, None, here))
        return out

    def numbered_titles(self, f: Field | None) -> list[str]:
        if f is None:
            return []
        self.take(f.lines)
        return [item.text for item in self.items(list(f.value), numbered_only=True)]

    def without_strays(self, lines: list[Line]) -> list[Line]:
        """The lines less those that are no text of the standard, each warned and kept
        unassigned: a page number between two pages (the text around it is joined as if
        it were not there), a lone letter or punctuation, a bullet or dash alone (but a
        ``-`` after a section label, which says "none")."""
        out: list[Line] = []
        for k, (n, t) in enumerate(lines):
            if PAGE_NUMBER.match(t):
                self.warn(f"a page number {t!r} inside the card, not read", n)
            elif is_stray(t) or (is_mark_only(t) and not self.says_none(lines, k)):
                self.warn(f"a stray {t!r} on a line of its own, not read", n)
            else:
                out.append((n, t))
                continue
            self.odd.add(n)
        return out

    def says_none(self, lines: list[Line], k: int) -> bool:
        """Whether the dash at ``k`` is the whole of a section (its label before it, the
        next label or the end after it)."""
        w = self.w

        def label(t: str) -> bool:
            return any(
                p.match(t) for p in (w.abilities, w.knowledge, w.recognition, w.skill, w.function)
            )

        before = lines[k - 1][1] if k > 0 else ""
        after = lines[k + 1][1] if k + 1 < len(lines) else None
        recognition = w.recognition.match(before)
        opens = bool(w.abilities.match(before) or w.knowledge.match(before))
        if recognition is not None:
            opens = not recognition.group(1)
        return opens and (after is None or label(after))

    # -- functions and skills --------------------------------------------------------------
    def functions(
        self, lines: list[Line], listed: dict[bool, list[str]], card_no: int
    ) -> list[LaborFunction]:
        out: list[LaborFunction] = []
        i = 0
        while i < len(lines):
            n, t = lines[i]
            m = self.w.function.match(t)
            if not m:
                raise self.fail(f"card {card_no}: expected a labor function heading, got {t!r}", n)
            mandatory = m.group(1) is None
            number = m.group(2)
            head = [n]
            i += 1
            if number is None and i < len(lines) and FUNCTION_NUMBER.match(lines[i][1]):
                number = FUNCTION_NUMBER.match(lines[i][1]).group(1)  # type: ignore[union-attr]
                head.append(lines[i][0])
                i += 1
            if number is None:
                raise self.fail("labor function heading without a number", n)
            j = i
            while j < len(lines) and not self.w.function.match(lines[j][1]):
                j += 1
            fn = self.function(int(number), mandatory, head, lines[i:j])
            out.append(fn)
            i = j
        for mandatory, titles in listed.items():
            found = [f.title for f in out if f.mandatory == mandatory]
            if len(found) != len(titles):
                kind = "mandatory" if mandatory else "additional"
                self.warn(
                    f"card {card_no}: {len(titles)} {kind} functions listed, "
                    f"{len(found)} described",
                    lines[0][0],
                )
        return out

    def function(
        self, number: int, mandatory: bool, head: list[int], lines: list[Line]
    ) -> LaborFunction:
        self.take(head)
        first_skill = next((k for k, (_, t) in enumerate(lines) if self.w.skill.match(t)), None)
        if first_skill is None:
            raise self.fail(f"labor function {number} has no skill", head[0])
        title_lines = lines[:first_skill]
        self.take([n for n, _ in title_lines])
        title = join_lines([t for _, t in title_lines])
        fn = LaborFunction(
            ordinal=number,
            title=title,
            mandatory=mandatory,
            loc=Location("line", head[0], lines[-1][0]),
        )
        starts = [k for k, (_, t) in enumerate(lines) if self.w.skill.match(t)]
        for s, k in enumerate(starts):
            end = starts[s + 1] if s + 1 < len(starts) else len(lines)
            fn.skills.append(self.skill(lines[k:end]))
        return fn

    def skill(self, lines: list[Line]) -> Skill:
        n0, head = lines[0]
        w = self.w
        m = w.skill.match(head)
        assert m is not None
        marks: dict[str, int] = {}
        for k, (_, t) in enumerate(lines):
            if w.abilities.match(t):
                marks.setdefault("abilities", k)
            elif w.knowledge.match(t):
                marks.setdefault("knowledge", k)
            elif w.recognition.match(t):
                marks.setdefault("recognition", k)
        if "abilities" not in marks or "knowledge" not in marks:
            raise self.fail(f"skill {m.group(1)} lacks {w.sections_text}", n0)
        a, b = marks["abilities"], marks["knowledge"]
        c = marks.get("recognition", len(lines))
        if not a < b <= c:
            raise self.fail(f"skill {m.group(1)}: sections out of order", n0)
        title_lines = [(n0, m.group(2)), *lines[1:a]]
        skill = Skill(
            ordinal=int(m.group(1)),
            title=join_lines([t for _, t in title_lines]),
            loc=Location("line", n0, lines[-1][0]),
        )
        skill.abilities = self.items(lines[a + 1 : b])
        skill.knowledge = self.items(lines[b + 1 : c])
        if c < len(lines):
            # the value after the label, or in the lines below it (a cell of its own)
            on_line = w.recognition.match(lines[c][1]).group(1)  # type: ignore[union-attr]
            value = join_lines([on_line, *(t for _, t in lines[c + 1 :])])
            skill.recognition = value or None
        self.take([n for n, _ in lines])
        return skill

    def items(self, lines: list[Line], numbered_only: bool = False) -> list[Item]:
        """Numbered items (a new item starts only at the next expected number, written
        ``1.``, ``1)`` or, when the first is so written, ``1 ``), items marked by bullets
        or letters (each mark starts the next item), or, when the first line has no mark,
        the whole text as one item."""
        lines = [(n, t) for n, t in lines if t]
        if not lines:
            return []
        mark, _ = split_mark(lines[0][1], bare_numbers=True)
        numbered = mark is not None and mark.number == 1
        if mark is None or (mark.kind == "number" and not numbered):
            if numbered_only:
                return [
                    Item(k + 1, t, Location("line", n, n))
                    for k, (n, t) in enumerate(lines)
                    if t != "-"
                ]
            return [Item(1, join_lines([t for _, t in lines]), self.loc(lines))]
        bare = mark.style == " "
        groups: list[list[Line]] = []
        for n, t in lines:
            m, text = split_mark(t, bare_numbers=bare)
            if numbered:
                starts = m is not None and m.number == len(groups) + 1
            else:
                starts = m is not None and m.kind != "number"
            if starts:
                groups.append([(n, text)])
            else:
                groups[-1].append((n, t))
        return [
            Item(k + 1, join_lines([t for _, t in g]), self.loc(g)) for k, g in enumerate(groups)
        ]

    # -- card footer -----------------------------------------------------------------------
    def footer(self, lines: list[Line], card: Card) -> None:
        fields = split_fields(lines, self.w.footer_labels)
        for key in ("competencies", "regulations", "related", "related_header"):
            if key in fields:
                self.take(fields[key].lines)
        if "competencies" in fields:
            read = [(n, t) for n, t in fields["competencies"].value if t != "-"]
            card.personal_competencies = [t for _, t in read]
            for k, (n, _) in enumerate(read, start=1):
                card.places[f"competencies/{k}"] = Location("line", n, n)
        if "regulations" in fields:
            card.technical_regulations = [t for _, t in fields["regulations"].value if t != "-"]
        if "related_header" in fields:
            card.related = self.related(list(fields["related_header"].value))

    def related(self, lines: list[Line]) -> list[RelatedOccupation]:
        rows: list[tuple[LevelSpec, list[str], list[Line]]] = []
        for n, t in lines:
            m = RELATED.match(t)
            if m:
                high = int(m.group(2)) if m.group(2) else None
                rows.append((LevelSpec(int(m.group(1)), high), [m.group(3)], [(n, t)]))
            elif rows:
                rows[-1][1].append(t)
                rows[-1][2].append((n, t))
            else:
                raise self.fail(f"related occupation without a level: {t!r}", n)
        return [
            RelatedOccupation(level, join_lines(parts), loc=self.loc(read))
            for level, parts, read in rows
        ]

    # -- technical data --------------------------------------------------------------------
    def technical(self, lines: list[Line]) -> TechnicalData:
        stripped = [(n, PARAGRAPH.sub(r"\2", t)) for n, t in lines]
        fields = split_fields(stripped, self.w.technical_labels)
        for f in fields.values():
            self.take(f.lines)
        data = TechnicalData()
        if "state_body" in fields:
            data.state_body = join_lines([t for _, t in fields["state_body"].value]) or None
        if "developers" in fields:
            data.developers = [t for _, t in fields["developers"].value]
        for key, body in self.w.approval_bodies.items():
            if key in fields:
                date = iso_date(" ".join(t for _, t in fields[key].value))
                if date:
                    loc = self.loc([(n, "") for n in fields[key].lines])
                    data.approvals.append(Approval(body, date, loc=loc))
        if "version" in fields:
            text = " ".join(t for _, t in fields["version"].value)
            v = re.search(r"(?:версия|нұсқа)\s*(\d+(?:\.\d+)?)", text, re.I)
            y = re.search(r"\b(\d{4})\b", text)
            data.version = v.group(1) if v else None
            data.year = int(y.group(1)) if y else None
        if "revision" in fields:
            data.revision_date = iso_date(" ".join(t for _, t in fields["revision"].value))
        return data

    def check_card_list(self, doc: StandardDocument) -> None:
        listed = sum(len(e.level.levels) if e.level else 1 for e in doc.card_list)
        if doc.card_list and listed != len(doc.cards):
            self.warn(
                f"the list names {listed} cards, {len(doc.cards)} are described", doc.loc.start
            )


def parse_standard_current(blocks: list[Block], source: SourceInfo) -> StandardDocument:
    """Parse a standard in the current template, in Kazakh or Russian (told from its title
    line; ``language`` of the result says which), from the lines of its text."""
    return _Parse(blocks, source).run()
