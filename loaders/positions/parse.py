"""Parser for typical qualification characteristics of positions (seed 003, Kazakh text
extracted from PDF).

Layout: the title of the order, its status and registration, the order itself, the annex
title, then numbered sections (``1. … Үлгі Біліктілік сипаттамалары``). Each position is a
title line group followed by indented fields: duties (``Қызметтік/Лауазымдық міндеттері:``),
``Білуге міндетті:`` and ``Біліктілікке қойылатын талаптар:``. Indented lines start
paragraphs; blank lines are page breaks. Editorial notes (``Ескерту.``) record amendments.

The same act as a Word file, a web page or a PDF read by paragraphs has no indentation and
no blank lines: there every line is a paragraph of its own (:attr:`_Parser.indented` tells
which the text is), the title is the lines before the act's status, and a section heading
is a numbered paragraph that names ``Үлгі Біліктілік сипаттамалары``.

The extraction has shuffled the words of many "must know" lists (within a line); their items
(the Constitution, the laws named together with their one ``Заңдарын``, each topic) are
recognised word by word, in order, allowing other words in between, placed in the order of
the text, and any word left over is reported.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from nqs.loaders.citations import KK_DATE, NUMBER, RU_DATE, cited_date
from nqs.loaders.iris import slug
from nqs.loaders.model import (
    ActRef,
    Block,
    CitedAct,
    Location,
    SourceError,
    SourceInfo,
    Warning_,
)
from nqs.loaders.numbering import without_page_breaks
from nqs.loaders.operative import OperativePart, formula_paragraph, read_operative
from nqs.loaders.positions.model import (
    AcademicTitle,
    Amendment,
    Degree,
    EducationOption,
    Experience,
    OrderInfo,
    Position,
    PositionsDocument,
    PriorService,
    Requirement,
    Section,
    TextItem,
)
from nqs.loaders.text import iso_date, join_lines, kk_month, normalize_space, ru_month

Line = tuple[int, str]

SECTION = re.compile(r"^(\d)\.\s+\S")
DUTIES = re.compile(r"(Қызметтік|Лауазымдық)\s+міндеттер(?:і)?\s*:")
KNOWLEDGE = re.compile(r"Білуге\s+міндетті\s*:")
REQUIREMENTS = re.compile(r"Біліктілікке\s+қойылатын\s+талаптар\s*:")
NOTE = re.compile(r"^Ескерту\b")
# What follows the title of the order: its status or the order itself.
STATUS_START = re.compile(r"^(?:Күшін жойған|Қазақстан Республикасы)\b")
SECTION_END = re.compile(r"Үлгі\s+Біліктілік\s+сипаттамалары", re.I)
SUB_MARKER = re.compile(
    r"^(?:Қосымша\s+)?(?P<name>[^:.]{3,100}?)\s+үшін(?:\s+қосымша)?\s*:\s*"
    r"(?:(?:Лауазымдық|Қызметтік)\s+міндеттері\s+)?"
)
SUB_REQUIREMENT = re.compile(r",\s*(?P<name>[^,]+?)\s+үшін\s*-\s*(?P<text>.+)$", re.S)
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[^\s\da-zа-яёәғқңөұүһі])")
ORDER = re.compile(
    rf"(?P<issuer>Қазақстан Республикасы .+?) министрінің {KK_DATE}\s+{NUMBER}\s+Бұйрығы\b",
    re.I,
)
REGISTRATION = re.compile(rf"Әділет министрлігінде {KK_DATE}.*?{NUMBER}\s+болып\s+енгізілді", re.S)
REPEAL = re.compile(
    rf"Күші жойылды\s*-\s*(?P<issuer>Қазақстан Республикасы .+?) министрінің {KK_DATE}\s+"
    rf"{NUMBER}\s+Бұйрығымен",
    re.I,
)
REPEAL_NOTE = re.compile(r"Күші жойылды\s*-.*?(\d{4})\.(\d{2})\.(\d{2})\s+N\s*(\d+)", re.S)
PREAMBLE_LAW = re.compile(rf'"(?P<title>[^"]+)"\s+Қазақстан Республикасының {KK_DATE}\w*\s+Заң')
STAMP = re.compile(rf"{KK_DATE}\w*\s+{NUMBER}\s+бұйрығымен\s+бекітілген")
NOTE_ISSUER = re.compile(r"(?:ҚР|Қазақстан Республикасы(?:ның)?)\s+(?P<body>.+?)\s+министрінің")
REPLACEMENT = re.compile(
    r"(?P<old>.*?)деген\s+сөздер\s+(?P<new>\"[^\"]*\")\s+деген\s+сөздермен\s+ауыстырылды", re.S
)

# Laws whose number is not in this text, from the official register (same IRI as other
# loaders that cite them by number and date).
KNOWN_LAWS = {("Білім туралы", "2007-07-27"): "319-III"}
LAW_ISSUER = "Қазақстан Республикасы"

# Acts and topics of the "must know" lists: (key, kind, canonical title, word patterns).
# A pattern ending in "?" is optional and taken only when it is the next word.
KNOWN_ACTS: list[tuple[str, str, str, list[str]]] = [
    (
        "law-military-service",
        "law",
        "Әскери міндеттілік және әскери қызмет туралы",
        ["Әскери", "міндеттілік", "және", "әскери", "қызмет", "туралы"],
    ),
    (
        "law-physical-culture-sport",
        "law",
        "Дене шынықтыру және спорт туралы",
        ["Дене", "шынықтыру", "және", "спорт", "туралы"],
    ),
    (
        "law-child-rights",
        "law",
        "Қазақстан Республикасындағы баланың құқықтары туралы",
        ["Қазақстан", "Республикасындағы", "баланың", "құқықтары", "туралы"],
    ),
    (
        "law-anti-corruption",
        "law",
        "Сыбайлас жемқорлықпен күрес туралы",
        ["Сыбайлас", r"жемқорлық\w*", "қарсы?", "күрес", "туралы"],
    ),
    ("law-science", "law", "Ғылым туралы", ["Ғылым", "туралы"]),
    ("law-education", "law", "Білім туралы", ["Білім", "туралы"]),
    (
        "constitution",
        "constitution",
        "Қазақстан Республикасының Конституциясы",
        [r"Конституция\w*"],
    ),
]
TOPICS: list[list[str]] = [
    ["мемлекеттік", "жалпыға", "бірдей", "міндетті", "білім", "стандарттарын"],
    ["педагогика", "мен|және", "психология", "негіздерін"],
]
GLUE = {"Қазақстан", "Республикасының", "Заңдарын", "Заңы", "Заңын"}
MAX_GAP = 12
TOKEN = re.compile(r"[\w-]+|[^\w\s]")

NUMBER_WORDS = {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5}
YEARS = r"(?P<{}>\d+|бір|екі|үш|төрт|бес)\s+жыл\w*\s+кем"
EXPERIENCE_WORD = r"(?:(?:еңбек|жұмыс)\s+(?:өтілі\w*|стажы|тәжірибесі)|өтілі\w*)"
EXPERIENCE = re.compile(
    rf"{EXPERIENCE_WORD}\s+{YEARS.format('n1')}\s+(?:болмауы|емес)(?:\s+тиіс)?"
    rf"|{YEARS.format('n2')}\s+емес\s+{EXPERIENCE_WORD}"
)
PRIOR = re.compile(
    r"оның\s+ішінде\s+(?P<pos>.+?)\s+қызметінде\s+кем\s+дегенде\s+"
    r"(?P<n>\d+|бір|екі|үш)\s+жыл\w*(?:\s+болуы)?"
)
KIND_SPLIT = re.compile(r"\s+(?:және|немесе)\s+")
EDUCATION_PART = re.compile(r"(білім\w*|дәрежесі|атағы)$|дәрежесі|атағы")
DEGREES = [
    (re.compile(r"(?P<science>\w+)\s+ғылымдарының\s+кандидаты\s+немесе\s+докторы"), None),
    (re.compile(r"ғылым\s+докторы"), "doctor-of-sciences"),
    (re.compile(r"ғылым\s+кандидаты"), "candidate-of-sciences"),
    (re.compile(r"PhD(?:\s*\([^)]*\))?"), "phd"),
    (re.compile(r"магистр"), "master"),
]
ACADEMIC_TITLE = re.compile(r"(не\s+болмаса\s+)?ғылыми\s+атағы")
SPECIALTY = re.compile(r"\"(?P<q>[^\"]+)\"\s+мамандығы|(?P<w>\w+)\s+мамандығы\s+бойынша")
PROFILES = ("педагогикалық", "медициналық", "музыкалық", "кәсіптік", "техникалық")


@dataclass(frozen=True)
class Wording:
    """What the order says in one language: its field labels, formulas of the header, how
    it cites acts, and the words of its requirements and "must know" lists. Told from the
    text (:func:`wording_of`)."""

    language: Literal["kk", "ru"]
    duties: re.Pattern[str]
    duties_word: str
    knowledge: re.Pattern[str]
    requirements: re.Pattern[str]
    note: re.Pattern[str]
    status_start: re.Pattern[str]
    in_force_word: str
    section_end: re.Pattern[str]
    sub_marker: re.Pattern[str]
    sub_requirement: re.Pattern[str]
    order: re.Pattern[str]
    registration: re.Pattern[str]
    repeal: re.Pattern[str]
    repeal_note: re.Pattern[str]
    preamble_law: re.Pattern[str]
    stamp: re.Pattern[str]
    month: Callable[[str], int | None]
    minister: Callable[[str], str]
    education_law: str
    known_laws: dict[tuple[str, str], str]
    known_acts: list[tuple[str, str, str, list[str]]]
    topics: list[list[str]]
    glue: frozenset[str]
    country: tuple[str, str]
    """The words naming the country beside the Constitution and the laws, in the order
    written (``Қазақстан Республикасының``, ``Республики Казахстан``)."""
    law_word: re.Pattern[str]
    constitution_item: Callable[[str, str | None], str]
    laws_item: Callable[[str | None, str | None, list[str]], str]
    experience: re.Pattern[str]
    prior: re.Pattern[str]
    number_words: dict[str, int]
    degrees: list[tuple[re.Pattern[str], str | None]]
    academic_title: re.Pattern[str]
    specialty: re.Pattern[str]
    option_split: re.Pattern[str]
    education_noun: re.Pattern[str]
    option_start: re.Pattern[str]
    higher: re.Pattern[str]
    technical_vocational: re.Pattern[str]
    secondary_vocational: re.Pattern[str]
    profiles: tuple[str, ...]
    education_tail: re.Pattern[str]
    looks: re.Pattern[str]
    # editorial notes: who amended, the words replaced, "throughout the text", entry into force
    note_issuer: re.Pattern[str]
    note_act_issuer: Callable[[str], str]
    replacement: re.Pattern[str]
    throughout: re.Pattern[str]
    entry_into_force: re.Pattern[str]


KK = Wording(
    language="kk",
    duties=DUTIES,
    duties_word="міндеттері",
    knowledge=KNOWLEDGE,
    requirements=REQUIREMENTS,
    note=NOTE,
    status_start=STATUS_START,
    in_force_word="Күшін жойған",
    section_end=SECTION_END,
    sub_marker=SUB_MARKER,
    sub_requirement=SUB_REQUIREMENT,
    order=ORDER,
    registration=REGISTRATION,
    repeal=REPEAL,
    repeal_note=REPEAL_NOTE,
    preamble_law=PREAMBLE_LAW,
    stamp=STAMP,
    month=kk_month,
    minister=lambda issuer: f"{issuer} министрі",
    education_law="Білім туралы",
    known_laws=KNOWN_LAWS,
    known_acts=KNOWN_ACTS,
    topics=TOPICS,
    glue=frozenset(GLUE),
    country=("Қазақстан", "Республикасының"),
    law_word=re.compile(r"Заң\w*"),
    constitution_item=lambda word, country: " ".join(filter(None, [country, word])),
    laws_item=lambda word, country, titles: " ".join(
        filter(None, [country, ", ".join(f'"{t}"' for t in titles), word])
    ),
    experience=EXPERIENCE,
    prior=PRIOR,
    number_words=NUMBER_WORDS,
    degrees=DEGREES,
    academic_title=ACADEMIC_TITLE,
    specialty=SPECIALTY,
    option_split=re.compile(r",?\s+немесе\s+"),
    education_noun=re.compile(r"\bбілім\w*"),
    option_start=re.compile(r"^(?:\"[^\"]+\"|\w+)\s+мамандығы\s+бойынша\b"),
    higher=re.compile(r"\bжоғары\b"),
    technical_vocational=re.compile(r"техникалық\s+және\s+кәсіптік"),
    secondary_vocational=re.compile(r"орта\s+кәсіптік|кәсіптік\s+орта"),
    profiles=PROFILES,
    education_tail=re.compile(r"\s*(?:болуы\s+тиіс|болуы)?[\s.,]*$"),
    looks=re.compile(r"үлгі\w*\s+біліктілік\s+сипаттамалары", re.I),
    note_issuer=NOTE_ISSUER,
    note_act_issuer=lambda body: f"{LAW_ISSUER} {body} министрі",
    replacement=REPLACEMENT,
    throughout=re.compile(r"Барлық\s+мәтін\s+бойынша"),
    entry_into_force=re.compile(r"\(([^()]*қолданысқа[^()]*)\)"),
)

RU_MINISTER = r"Министра\s+.+?\s+Республики\s+Казахстан"
RU_NUMBER_WORDS = {"одного": 1, "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "пяти": 5}
RU_YEARS = r"(?P<n1>\d+|одного|двух|тр[её]х|четырех|пяти)\s+(?:лет|года|год)\b"
RU = Wording(
    language="ru",
    duties=re.compile(r"(Служебные|Должностные)\s+обязанности\s*:"),
    duties_word="обязанности",
    knowledge=re.compile(r"Должен\s+знать\s*:"),
    requirements=re.compile(r"Требования\s+к\s+квалификации\s*:"),
    note=re.compile(r"^Примечание\b"),
    status_start=re.compile(r"^(?:Утративший силу|Приказ Министра)\b"),
    in_force_word="Утративший силу",
    section_end=re.compile(
        r"Типовые\s+квалификационные\s+характеристики\s+должностей\b.*?образования"
    ),
    sub_marker=re.compile(
        r"^(?:Дополнительно\s+)?для\s+(?P<name>[^:.]{3,100}?)(?:\s+дополнительно)?\s*:\s*"
        r"(?:(?:Должностные|Служебные)\s+обязанности\s+)?",
        re.I,
    ),
    sub_requirement=re.compile(r",\s*для\s+(?P<name>[^,]+?)\s+-\s*(?P<text>.+)$", re.S),
    order=re.compile(rf"Приказ\s+(?P<issuer>{RU_MINISTER})\s+от\s+{RU_DATE}\s+{NUMBER}"),
    registration=re.compile(
        rf"Зарегистрирован\s+в\s+Министерстве\s+юстиции.*?{RU_DATE}.*?{NUMBER}", re.S
    ),
    repeal=re.compile(
        rf"Утратил\s+силу\s+приказом\s+(?P<issuer>{RU_MINISTER})\s+от\s+{RU_DATE}\s+{NUMBER}"
    ),
    repeal_note=re.compile(r"Утратил\s+силу\s*-.*?(\d{4})\.(\d{2})\.(\d{2})\s+N\s*(\d+)", re.S),
    preamble_law=re.compile(
        rf'Закона\s+Республики\s+Казахстан\s+от\s+{RU_DATE}\s+"(?P<title>[^"]+)"'
    ),
    stamp=re.compile(rf"Утверждены\s+приказом\s+.*?от\s+{RU_DATE}\s+{NUMBER}"),
    month=ru_month,
    minister=lambda issuer: re.sub(r"^Министра\b", "Министр", issuer),
    education_law="Об образовании",
    known_laws={("Об образовании", "2007-07-27"): "319-III"},
    known_acts=[
        ("law-science", "law", "О науке", ["О", "науке"]),
        (
            "law-military-service",
            "law",
            "О воинской обязанности и воинской службе",
            ["О", "воинской", "обязанности", "и", "воинской", "службе"],
        ),
        (
            "law-physical-culture-sport",
            "law",
            "О физической культуре и спорте",
            ["О", "физической", "культуре", "и", "спорте"],
        ),
        (
            "law-child-rights",
            "law",
            "О правах ребенка в Республике Казахстан",
            ["О", "правах", r"ребенка|ребёнка", "в", "Республике", "Казахстан"],
        ),
        (
            "law-anti-corruption",
            "law",
            "О борьбе с коррупцией",
            ["О", "борьбе", "с", r"коррупци\w*"],
        ),
        ("law-education", "law", "Об образовании", ["Об", "образовании"]),
        ("constitution", "constitution", "Конституция Республики Казахстан", [r"Конституци\w*"]),
    ],
    topics=[
        [r"государственн\w*", r"общеобязательн\w*", r"стандарт\w*", "образования"],
        [r"основ\w*", "педагогики", "и", "психологии"],
    ],
    glue=frozenset({"Республики", "Казахстан", "Законы", "Закон", "Закона", "Законов"}),
    country=("Республики", "Казахстан"),
    law_word=re.compile(r"Закон\w*"),
    constitution_item=lambda word, country: " ".join(filter(None, [word, country])),
    laws_item=lambda word, country, titles: " ".join(
        filter(None, [word, country, ", ".join(f'"{t}"' for t in titles)])
    ),
    experience=re.compile(rf"(?:стаж|опыт)\w*\s+(?:(?P<kind>[^,]*?)\s+)?не\s+менее\s+{RU_YEARS}"),
    prior=re.compile(
        r"в\s+том\s+числе\s+в\s+должности\s+(?P<pos>.+?)\s+не\s+менее\s+"
        r"(?P<n>\d+|одного|двух|тр[её]х)\s+(?:лет|года|год)\b"
    ),
    number_words=RU_NUMBER_WORDS,
    degrees=[
        (re.compile(r"кандидата\s+или\s+доктора\s+(?P<science>\w+)\s+наук"), None),
        (re.compile(r"доктора\s+наук"), "doctor-of-sciences"),
        (re.compile(r"кандидата\s+наук"), "candidate-of-sciences"),
        (re.compile(r"PhD(?:\s*\([^)]*\))?"), "phd"),
        (re.compile(r"магистр"), "master"),
    ],
    academic_title=re.compile(r"(либо\s+)?учено\w*\s+звани\w*"),
    specialty=re.compile(r"по\s+специальности\s+\"(?P<q>[^\"]+)\"|(?P<w>(?!x)x)"),
    option_split=re.compile(r",?\s+или\s+"),
    education_noun=re.compile(r"\bобразовани\w*"),
    option_start=re.compile(r"(?!x)x"),  # the specialty follows the education in Russian
    higher=re.compile(r"\bвысш\w*\b"),
    technical_vocational=re.compile(r"техническ\w*\s+и\s+профессиональн\w*"),
    secondary_vocational=re.compile(r"средн\w*\s+профессиональн\w*|профессиональн\w*\s+средн\w*"),
    profiles=("педагогическое", "медицинское", "музыкальное", "профессиональное", "техническое"),
    education_tail=re.compile(r"[\s.,]*$"),
    looks=re.compile(r"типов\w*\s+квалификационн\w*\s+характеристик", re.I),
    note_issuer=re.compile(r"Министра\s+(?P<body>.+?)\s+(?:РК|Республики\s+Казахстан)\b"),
    note_act_issuer=lambda body: f"Министр {body} Республики Казахстан",
    replacement=re.compile(
        r"слова\s+(?P<old>.*?)\s*заменены\s+словами\s+(?P<new>\"[^\"]*\")", re.S
    ),
    throughout=re.compile(r"По\s+всему\s+тексту"),
    entry_into_force=re.compile(r"\(([^()]*вводится\s+в\s+действие[^()]*)\)"),
)


def wording_of(blocks: list[Block]) -> Wording:
    """The wording of the text: Russian when its head reads as the Russian order."""
    head = " ".join(b.text for b in blocks[:80])
    return RU if RU.looks.search(head) else KK


# -- joined text with its line numbers -----------------------------------------------------
@dataclass
class Joined:
    """Lines joined into one text (paragraph breaks as ``\\n`` at indented lines), with the
    line number of every offset."""

    text: str
    starts: list[int]
    numbers: list[int]

    @classmethod
    def of(cls, lines: list[Line], paragraphs: bool = True, indented: bool = True) -> Joined:
        """``lines`` joined; with ``paragraphs``, a paragraph break before an indented line,
        or before every line when the text is not ``indented`` (a line per paragraph)."""
        text, starts, numbers = "", [], []
        for number, raw in lines:
            t = normalize_space(raw)
            if not t:
                continue
            if text:
                new = raw[:1].isspace() or not indented
                text += _separator(text, t, paragraphs and new)
            starts.append(len(text))
            numbers.append(number)
            text += t
        return cls(text, starts, numbers)

    def line(self, offset: int) -> int:
        return self.numbers[max(0, bisect.bisect_right(self.starts, offset) - 1)]

    def loc(self, start: int, end: int) -> Location:
        return Location("line", self.line(start), self.line(max(start, end - 1)))

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """``start, end`` without surrounding whitespace."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end


def _separator(text: str, nxt: str, new_paragraph: bool) -> str:
    if new_paragraph:
        return "\n"
    if len(text) >= 2 and text.endswith("-") and text[-2].isalpha():
        return ""
    if text.endswith("(") or nxt[0] in ".,;:)":
        return ""
    return " "


def _paragraphs(j: Joined, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The trimmed, non-empty paragraphs of ``j.text[start:end]``."""
    pos = start
    for m in re.finditer(r"\n", j.text[start:end]):
        s, e = j.trimmed(pos, start + m.start())
        if s < e:
            yield s, e
        pos = start + m.end()
    s, e = j.trimmed(pos, end)
    if s < e:
        yield s, e


def _number(word: str, w: Wording = KK) -> int:
    return int(word) if word.isdigit() else w.number_words[word]


# -- requirements ------------------------------------------------------------------------
def parse_requirement(ordinal: int, text: str, loc: Location, w: Wording = KK) -> Requirement:
    """The structured parts of one requirements text (education, degrees, academic title,
    experience); the text itself is kept as written."""
    req = Requirement(ordinal, text, loc)
    exp_spans: list[tuple[int, int]] = []
    for m in w.experience.finditer(text):
        start = _clause_start(text, m.start())
        if w.language == "kk":
            kind_text, kind_start = _experience_kind(text, start, m.start())
        else:
            kind_text, kind_start = m["kind"], m.start()
        end = m.end()
        prior = None
        p = w.prior.match(text, end + 2) or w.prior.search(text, end, end + 40)
        if p:
            prior = PriorService(p["pos"], _number(p["n"], w))
            end = p.end()
        clause = _experience_text(text, kind_start, end)
        years = _number(m["n1"] or m.groupdict().get("n2") or "", w)
        req.experience.append(Experience(years, clause, kind_text, prior))
        exp_spans.append((kind_start, end))
    edu_end = min([len(text), *(s for s, _ in exp_spans)])
    degree_start = len(text)
    for pattern, code in w.degrees:
        for m in pattern.finditer(text):
            degree_start = min(degree_start, m.start())
            if code is None:
                science = m["science"]
                req.degrees.append(Degree("candidate-of-sciences", m[0], science))
                req.degrees.append(Degree("doctor-of-sciences", m[0], science))
            else:
                req.degrees.append(Degree(code, m[0]))
    req.degrees = _unique_degrees(req.degrees)
    title = w.academic_title.search(text)
    if title:
        kind: AcademicTitle = "alternative" if title[1] else "required"
        req.academic_title = kind
        degree_start = min(degree_start, title.start())
    segments = [text[: min(edu_end, degree_start)]]
    if w.language == "kk" and exp_spans and "білім" in text[exp_spans[-1][1] :]:
        segments.append(re.sub(r"^\s*бар\s+", "", text[exp_spans[-1][1] :]))
    for segment in segments:
        req.education.extend(_education(segment, w))
    return req


def _unique_degrees(degrees: list[Degree]) -> list[Degree]:
    """One degree per code, the first written; a degree named with a science wins."""
    out: dict[str, Degree] = {}
    for d in degrees:
        if d.code not in out or (d.science and not out[d.code].science):
            out[d.code] = d
    return list(out.values())


def _clause_start(text: str, end: int) -> int:
    """After the last top-level comma before ``end`` (commas in parentheses don't count)."""
    depth, start = 0, 0
    for i, ch in enumerate(text[:end]):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            start = i + 1
    return start


def _experience_text(text: str, start: int, end: int) -> str:
    """The words of one experience requirement: from what the experience is in (or its own
    word) to its end, without the conjunction or comma that joins it to what precedes it
    (``…ғылыми атағы және білім ұйымдары …`` starts at ``білім ұйымдары``)."""
    clause = text[start:end].strip(" ,")
    return re.sub(r"^(?:және|немесе|и|или)\s+", "", clause)


def _experience_kind(text: str, start: int, end: int) -> tuple[str | None, int]:
    """What the experience is in, and where that starts: the clause without the education,
    degree or title that precede it (``… білім және педагогикалық`` → ``педагогикалық``)."""
    clause = text[start:end] + " "
    cut, pos = 0, 0
    for m in KIND_SPLIT.finditer(clause):
        if EDUCATION_PART.search(clause[pos : m.start()].strip()):
            cut = m.end()
        pos = m.end()
    kind = re.sub(r"^(?:және|немесе)\s+", "", clause[cut:].strip(" ,"))
    return (kind or None), start + min(cut, end - start)


def _education(segment: str, w: Wording = KK) -> list[EducationOption]:
    seg = w.education_tail.sub("", segment)
    seg = re.sub(r"[\s,]+(?:және|немесе|и|или)$", "", seg).strip(" ,")
    if not seg:
        return []
    out: list[EducationOption] = []
    for option in _alternatives(seg, w):
        option = option.strip(" ,")
        if option:
            parsed = _education_option(option, w)
            # the level said once for both: "… жоғары педагогикалық немесе психология
            # мамандығы бойынша медициналық білім"
            if not parsed.levels and out:
                parsed = replace(parsed, levels=out[-1].levels)
            out.append(parsed)
    return out


def _alternatives(text: str, w: Wording = KK) -> list[str]:
    """The alternatives an education text lists, each whole: split at ``немесе``/``или``
    outside parentheses only where one education ends and another begins (see
    :func:`_new_option`); ``жоғары медициналық немесе педагогикалық білімі`` is one."""
    parts, pos = [], 0
    cuts = [m for m in w.option_split.finditer(text) if _top_level(text, m.start())]
    for k, m in enumerate(cuts):
        right_end = cuts[k + 1].start() if k + 1 < len(cuts) else len(text)
        if _new_option(text[pos : m.start()], text[m.end() : right_end], w):
            parts.append(text[pos : m.start()])
            pos = m.end()
    parts.append(text[pos:])
    return parts


def _top_level(text: str, offset: int) -> bool:
    return text[:offset].count("(") == text[:offset].count(")")


def _new_option(left: str, right: str, w: Wording) -> bool:
    """Whether ``right`` (after ``немесе``/``или``) is another education than ``left``:
    ``left`` is a whole education (it names the education itself, ``… білімі``,
    ``образование …``), ``right`` names another level (``жоғары педагогикалық немесе
    техникалық және кәсіптік … білім``) or opens with its own specialty (Kazakh puts it
    first). Otherwise the word joins parts of one education (``жоғары медициналық немесе
    педагогикалық білімі``, ``высшее профессиональное или высшее техническое образование``)."""
    if w.education_noun.search(left) or w.option_start.match(right.strip()):
        return True
    theirs = _education_option(right, w).levels
    return bool(theirs) and theirs != _education_option(left, w).levels


def _education_option(text: str, w: Wording = KK) -> EducationOption:
    bare = re.sub(r"\([^)]*\)|/[^/]*/", " ", text)
    levels = []
    if w.higher.search(bare):
        levels.append("higher")
    if w.technical_vocational.search(bare):
        levels.append("technical-vocational")
    if w.secondary_vocational.search(bare):
        levels.append("secondary-vocational")
    profile_text = w.technical_vocational.sub(" ", bare)
    found = {p: m.start() for p in w.profiles if (m := re.search(rf"\b{p}\b", profile_text))}
    profiles = tuple(sorted(found, key=found.__getitem__))  # in the order of the text
    spec = w.specialty.search(text)
    specialty = (spec["q"] or spec["w"]) if spec else None
    return EducationOption(text, tuple(levels), profiles, specialty)


# -- "must know" lists -------------------------------------------------------------------
@dataclass(frozen=True)
class _Found:
    first: int
    tokens: tuple[int, ...]
    act: str | None


def _match(
    tokens: list[str], used: list[bool], patterns: list[str], act: str | None
) -> _Found | None:
    """The tightest in-order occurrence of ``patterns`` over unused tokens, gaps allowed
    (the first of the tightest): the extraction moves words within a line, so a word
    shared by several items (``Қазақстан``) goes with the rest of its item nearest it."""
    required = [(p.removesuffix("?"), p.endswith("?")) for p in patterns]
    best: _Found | None = None
    for i, tok in enumerate(tokens):
        if used[i] or not re.fullmatch(required[0][0], tok):
            continue
        got = _match_from(i, tokens, used, required)
        if got and (best is None or got[-1] - got[0] < best.tokens[-1] - best.tokens[0]):
            best = _Found(i, tuple(got), act)
    return best


def _match_from(
    i: int, tokens: list[str], used: list[bool], required: list[tuple[str, bool]]
) -> list[int] | None:
    """The tokens of ``required`` from token ``i`` on, each the nearest unused one."""
    got, last = [i], i
    for pat, optional in required[1:]:
        free = [j for j in range(last + 1, len(tokens)) if not used[j]]
        if optional:
            if free and re.fullmatch(pat, tokens[free[0]]):
                got.append(free[0])
                last = free[0]
            continue
        hit = next((j for j in free[: MAX_GAP + 1] if re.fullmatch(pat, tokens[j])), None)
        if hit is None:
            return None
        got.append(hit)
        last = hit
    return got


def _take(tokens: list[str], used: list[bool], pattern: str) -> int | None:
    """The first unused token matching ``pattern``, now used."""
    for j, tok in enumerate(tokens):
        if not used[j] and re.fullmatch(pattern, tok):
            used[j] = True
            return j
    return None


def knowledge_items(
    text: str, w: Wording = KK
) -> tuple[list[tuple[str, tuple[str, ...], int, int]], list[str]]:
    """Items of a "must know" text as (wording, keys of the acts named, start, end offsets)
    in the order of the text, and the words left over.

    The items are the text's: the Constitution, the laws named together
    (``Қазақстан Республикасының "Білім туралы", "Ғылым туралы" … Заңдарын`` is one item
    naming each law), and each topic. An item is placed by its first word, the laws by
    their first title or law word; the country's name goes to the Constitution and the
    laws in that order. The words of an item are those of the text, in the order of the
    unshuffled text."""
    spans = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    tokens = [s[0] for s in spans]
    used = [False] * len(tokens)
    found: list[_Found] = []
    searches = [(p, key) for key, _, _, p in w.known_acts] + [(p, None) for p in w.topics]
    for patterns, key in searches:
        hit = _match(tokens, used, patterns, key)
        if hit:
            found.append(hit)
            for j in hit.tokens:
                used[j] = True
    laws = sorted((f for f in found if f.act not in (None, "constitution")), key=_first)
    law_word = _take(tokens, used, w.law_word.pattern) if laws else None
    groups: list[tuple[list[_Found], int | None]] = [([f], None) for f in found if f not in laws]
    if laws:
        groups.append((laws, law_word))
    groups.sort(key=lambda g: min([_first(g[0][0]), *([g[1]] if g[1] is not None else [])]))
    items = []
    for hits, word in groups:
        kind = hits[0].act
        named: list[int] = []  # the country named by the Constitution or the laws
        if kind is not None:
            named = [j for j in (_take(tokens, used, c) for c in w.country) if j is not None]
        country = " ".join(tokens[j] for j in named) or None  # in the order written
        extra = named + ([] if word is None else [word])
        if kind is None:
            words = " ".join(tokens[j] for j in hits[0].tokens)
        elif kind == "constitution":
            words = w.constitution_item(" ".join(tokens[j] for j in hits[0].tokens), country)
        else:
            titles = [" ".join(tokens[j] for j in h.tokens) for h in hits]
            words = w.laws_item(tokens[word] if word is not None else None, country, titles)
        every = [j for h in hits for j in h.tokens] + extra
        acts = tuple(h.act for h in hits if h.act is not None)
        items.append((words, acts, spans[min(every)][1], spans[max(every)][2]))
    left = [
        t for t, u in zip(tokens, used, strict=True) if not u and t not in w.glue and t.isalnum()
    ]
    return items, left


def _first(hit: _Found) -> int:
    return hit.first


# -- the parser ----------------------------------------------------------------------------
class _Parser:
    def __init__(self, blocks: list[Block], source: SourceInfo) -> None:
        self.blocks = blocks
        self.source = source
        self.warnings: list[Warning_] = []
        self.odd: set[int] = set()  # lines of no text of the order (page numbers, strays)
        self.lines: list[Line] = self.without_page_breaks([(b.loc.start, b.text) for b in blocks])
        self.assigned: set[int] = set()
        self.acts: dict[str, CitedAct] = {}
        self.amendments: list[Amendment] = []
        self.pending_notes: list[tuple[str, Location]] = []
        self.title_loc: Location | None = None
        self.w = wording_of(blocks)
        # Extracted text indents the first line of each paragraph (the duties labels); a
        # Word file, a web page or a PDF read by paragraphs gives a line per paragraph.
        self.indented = any(
            t[:1].isspace() and self.w.duties.match(t.strip()) for _, t in self.lines
        )

    def without_page_breaks(self, lines: list[Line]) -> list[Line]:
        """The lines less those that are no text of the order (page numbers, strays), each
        warned and kept unassigned (:func:`~nqs.loaders.numbering.without_page_breaks`)."""
        out, dropped = without_page_breaks(lines)
        for n, message in dropped:
            self.warn(message, Location("line", n, n))
            self.odd.add(n)
        return out

    def starts(self, raw: str) -> bool:
        """Whether a line begins a paragraph."""
        return raw[:1].isspace() or not self.indented

    def is_section(self, index: int) -> bool:
        """Whether line ``index`` begins a section heading: a numbered line not indented in
        extracted text; in a line per paragraph, a numbered paragraph that (with the lines
        that go on with it, up to one ending a sentence) names ``Үлгі Біліктілік
        сипаттамалары`` (the order's numbered paragraphs do not)."""
        if not SECTION.match(self.lines[index][1]):
            return False
        if self.indented:
            return True
        text = ""
        for k, (_, t) in enumerate(self.lines[index:], start=index):
            if k > index and (SECTION.match(t) or self.w.duties.match(t.strip())):
                return False
            text += " " + t
            if self.w.section_end.search(text):
                return True
            if t.rstrip().endswith("."):
                return False
        return False

    def error(self, message: str, loc: Location | None = None) -> SourceError:
        return SourceError(self.source.path, message, loc)

    def warn(self, message: str, loc: Location | None = None) -> None:
        self.warnings.append(Warning_(message, loc))

    def take(self, loc: Location) -> None:
        self.assigned.update(range(loc.start, loc.end + 1))

    def run(self) -> PositionsDocument:
        if not self.lines:
            raise self.error("empty document")
        heads = [i for i in range(len(self.lines)) if self.is_section(i)]
        labels = [
            i
            for i, (_, t) in enumerate(self.lines)
            if self.starts(t) and self.w.duties.match(t.strip())
        ]
        if not heads or not labels:
            raise self.error("no numbered section of positions with duties found")
        doc = self.header(self.lines[: heads[0]])
        sections: list[Section] = []
        gap_start = heads[0]
        for k, label in enumerate(labels):
            stop = labels[k + 1] if k + 1 < len(labels) else len(self.lines)
            end = self.body_end(label, stop)
            section, title = self.gap(self.lines[gap_start:label], sections, label)
            if section is not None:
                sections.append(section)
            if not sections:
                raise self.error("position before any section", self.loc_of(label))
            current = sections[-1]
            pos = self.position(current, title, self.lines[label : end + 1])
            current.positions.append(pos)
            for note in self.pending_notes:
                self.amendments.append(self.amendment(note, pos))
            gap_start = end + 1
        doc.sections = sections
        self.link_prior_positions(doc)
        doc.acts = list(self.acts.values())
        doc.amendments = self.amendments
        doc.warnings = self.warnings
        doc.unassigned = [
            b
            for b in self.blocks
            if b.text.strip() and (b.loc.start not in self.assigned or b.loc.start in self.odd)
        ]
        return doc

    def loc_of(self, index: int) -> Location:
        n = self.lines[index][0]
        return Location("line", n, n)

    # -- header ----------------------------------------------------------------------------
    def header(self, lines: list[Line]) -> PositionsDocument:
        nonblank = [(n, t) for n, t in lines if t.strip()]
        title_lines: list[Line] = []
        for n, t in lines:
            if t.strip():
                if not self.indented and title_lines and self.w.status_start.match(t.strip()):
                    break  # a line per paragraph: the title runs to the act's status
                title_lines.append((n, t))
            elif title_lines:
                break
        title_j = Joined.of(title_lines, paragraphs=False)
        body = [(n, t) for n, t in nonblank if n > title_lines[-1][0]]
        j = Joined.of(body, paragraphs=False)
        w = self.w
        order_m = w.order.search(j.text)
        if not title_lines or order_m is None:
            where = Location("line", lines[0][0], lines[-1][0]) if lines else None
            raise self.error("no approving order (… министрінің … N … Бұйрығы) found", where)
        date = cited_date(order_m, w.month)
        if date is None:
            raise self.error("unreadable order date", j.loc(order_m.start(), order_m.end()))
        issuer = w.minister(order_m["issuer"])
        act = ActRef(issuer=issuer, number=order_m["number"], date=date)
        in_force = not any(t.strip() == w.in_force_word for _, t in nonblank)
        sign = next((n for n, t in body if re.match(r"^Министр\s", t.strip())), None)
        order_end = (sign - 1) if sign else body[-1][0]
        reg = w.registration.search(j.text)
        repeal = w.repeal.search(j.text)
        repealed_by, repeal_loc = None, None
        if repeal:
            rdate = cited_date(repeal, w.month)
            if rdate:
                repealed_by = ActRef(w.minister(repeal["issuer"]), repeal["number"], rdate)
                repeal_loc = j.loc(repeal.start(), repeal.end())
                self.check_repeal_note(j, repealed_by)
        cites = []
        law = w.preamble_law.search(j.text)
        if law:
            ldate = cited_date(law, w.month)
            key = "law-education" if law["title"] == w.education_law else slug(law["title"])
            self.add_act(key, "law", law["title"], j.loc(law.start(), law.end()), ldate)
            cites.append(key)
        order_loc = Location("line", body[0][0], order_end)
        order = OrderInfo(
            act=act,
            title=title_j.text,
            loc=order_loc,
            registration_number=reg["number"] if reg else None,
            registration_date=cited_date(reg, w.month) if reg else None,
            repealed_by=repealed_by,
            repeal_loc=repeal_loc,
            cites=tuple(cites),
        )
        self.take(Location("line", title_lines[0][0], title_lines[-1][0]))
        self.take(order_loc)
        doc = PositionsDocument(
            source=self.source,
            title=title_j.text,
            loc=Location("line", self.lines[0][0], self.lines[-1][0]),
            order=order,
            operative=self.operative(body, sign, j),
            in_force=in_force,
            language=w.language,
        )
        self.annex(doc, [(n, t) for n, t in body if sign is None or n > sign])
        return doc

    def operative(self, body: list[Line], sign: int | None, j: Joined) -> OperativePart | None:
        """The order's points and signature: from the paragraph of ``БҰЙЫРАМЫН`` (after the
        repeal note where there is one: a PDF's lines begin no paragraph) to the minister's
        signature (line ``sign``)."""
        note = self.w.repeal_note.search(j.text)
        after = j.loc(note.start(), note.end()).end if note else None
        at = formula_paragraph(body, self.starts)
        if after is not None and at is not None:
            at = next((i for i, (n, _) in enumerate(body) if n > after), at)
        if at is None or sign is None:
            where = Location("line", body[0][0], body[-1][0]) if body else None
            self.warn("no operative part (БҰЙЫРАМЫН … signature) found", where)
            return None
        columns = {b.loc.start: b.column for b in self.blocks if b.column is not None}
        lines = [(n, t) for n, t in body[at:] if n <= sign]
        part = read_operative(lines, self.w.language, join_lines, columns)
        self.warnings += part.warnings
        self.assigned.update(part.lines)
        return part

    def check_repeal_note(self, j: Joined, act: ActRef) -> None:
        note = self.w.repeal_note.search(j.text)
        if note:
            y, m, d, n = note.groups()
            if (f"{y}-{m}-{d}", n) != (act.date, act.number):
                self.warn("the two repeal notes disagree", j.loc(note.start(), note.end()))

    def annex(self, doc: PositionsDocument, lines: list[Line]) -> None:
        """The approval stamp and the annex title before the first section."""
        if not lines:
            return
        j = Joined.of(lines, paragraphs=False)
        stamp = self.w.stamp.search(j.text)
        loc = Location("line", lines[0][0], lines[-1][0])
        if stamp is None or (cited_date(stamp, self.w.month), stamp["number"]) != (
            doc.order.act.date,
            doc.order.act.number,
        ):
            self.warn("the annex stamp does not name the approving order", loc)
        title = re.search(r'"([^"]+)"', j.text)
        if title:
            doc.annex_title = normalize_space(title[1])
            self.take(loc)

    def add_act(
        self,
        key: str,
        kind: str,
        title: str,
        loc: Location,
        date: str | None = None,
    ) -> None:
        """Record a cited act once (the first mention gives its place)."""
        if key in self.acts:
            return
        ref = None
        number = self.w.known_laws.get((title, date or ""))
        if date and number:
            ref = ActRef(issuer=LAW_ISSUER, number=number, date=date)
        act_kind: Literal["constitution", "law"] = (
            "constitution" if kind == "constitution" else "law"
        )
        self.acts[key] = CitedAct(key, title, act_kind, loc, ref)

    # -- bodies and gaps -------------------------------------------------------------------
    def body_end(self, label: int, stop: int) -> int:
        """Index of the last line of the position whose duties start at ``label``: the end
        of its (last) requirements paragraph."""
        i = label
        end = None
        while i < stop:
            text = self.lines[i][1]
            if self.w.requirements.search(text):
                k = i
                while k < stop and not self.lines[k][1].rstrip().endswith("."):
                    k += 1
                if k >= stop == len(self.lines):  # a text cut short: read, and reported
                    self.warn("the text ends inside a requirements paragraph", self.loc_of(i))
                    return stop - 1
                if k >= stop:
                    raise self.error("requirements paragraph without an end", self.loc_of(i))
                end = k
                nxt = next((x for x in range(k + 1, stop) if self.lines[x][1].strip()), None)
                if nxt is None or not self.starts(self.lines[nxt][1]):
                    return end
                if not (self.w.requirements.match(self.lines[nxt][1].strip())):
                    return end
                i = nxt
                continue
            i += 1
        if end is None and stop == len(self.lines):  # a text cut short: read, and reported
            missing = "the text ends before the position's qualification requirements"
            self.warn(missing, self.loc_of(label))
            return stop - 1
        if end is None:
            raise self.error("position without qualification requirements", self.loc_of(label))
        return end

    def gap(
        self, lines: list[Line], sections: list[Section], label: int
    ) -> tuple[Section | None, str]:
        """The lines between two positions: a section heading, notes, the position title."""
        rest: list[Line] = []
        notes: list[list[Line]] = []
        in_note = False
        for n, t in lines:
            if not t.strip():
                continue
            if self.starts(t) and self.w.note.match(t.strip()):
                notes.append([])
                in_note = True
            if in_note:
                notes[-1].append((n, t))
                if t.rstrip().endswith("."):
                    in_note = False
            else:
                rest.append((n, t))
        self.pending_notes = []
        for note in notes:
            nj = Joined.of(note, paragraphs=False)
            loc = nj.loc(0, len(nj.text))
            self.pending_notes.append((nj.text, loc))
            self.take(loc)
        if not rest:
            raise self.error("position without a title", self.loc_of(label))
        j = Joined.of(rest, paragraphs=False)
        section = None
        start = 0
        head = next((k for k, (_, t) in enumerate(rest) if SECTION.match(t)), None)
        if head is not None:
            hstart = j.starts[head]
            ends = list(self.w.section_end.finditer(j.text, hstart))
            if not ends:
                raise self.error("section heading without its title", j.loc(hstart, hstart + 1))
            hend = ends[-1].end()
            m = SECTION.match(j.text[hstart:])
            assert m is not None
            number = int(m[1])
            if number != len(sections) + 1:
                self.warn(f"section {number} follows section {len(sections)}", j.loc(hstart, hend))
            htext = re.sub(r"^\d\.\s+", "", j.text[hstart:hend])
            section = Section(number, htext, j.loc(hstart, hend))
            if hstart > 0:
                self.warn("text before a section heading", j.loc(0, hstart))
            start = hend
        s, e = j.trimmed(start, len(j.text))
        if s >= e:
            raise self.error("position without a title", self.loc_of(label))
        self.title_loc = j.loc(s, e)
        self.take(j.loc(0, len(j.text)) if head is None else j.loc(j.starts[head], e))
        if head is not None and j.starts[head] > 0:
            self.take(j.loc(0, j.starts[head]))
        return section, j.text[s:e]

    def position(self, section: Section, title: str, lines: list[Line]) -> Position:
        j = Joined.of(lines, indented=self.indented)
        assert self.title_loc is not None
        loc = self.title_loc.span(j.loc(0, len(j.text)))
        self.take(loc)
        pos = Position(section.number, len(section.positions) + 1, title, loc)
        fields = sorted(
            [(m, "duties") for m in self.w.duties.finditer(j.text)]
            + [(m, "knowledge") for m in self.w.knowledge.finditer(j.text)]
            + [(m, "requirements") for m in self.w.requirements.finditer(j.text)],
            key=lambda f: f[0].start(),
        )
        kinds = [k for _, k in fields]
        if kinds[:1] != ["duties"] or kinds.count("duties") != 1 or kinds.count("knowledge") > 1:
            raise self.error(f"unexpected fields {kinds} of {title!r}", loc)
        if kinds.count("requirements") > 1:
            self.warn(f"{title}: {kinds.count('requirements')} requirements paragraphs", loc)
        for k, (m, kind) in enumerate(fields):
            end = fields[k + 1][0].start() if k + 1 < len(fields) else len(j.text)
            if kind == "duties":
                pos.duties_label = f"{m[1]} {self.w.duties_word}"
                self.duties(pos, j, m.end(), end)
            elif kind == "knowledge":
                self.knowledge(pos, j, m.end(), end)
            else:
                self.requirement(pos, j, m.end(), end)
        return pos

    def subposition(self, pos: Position, name: str, loc: Location) -> Position:
        key = normalize_space(name).lower()
        for sub in pos.subpositions:
            if sub.name.lower() == key:
                sub.loc = sub.loc.span(loc)
                return sub
        sub = Position(pos.section, pos.number, normalize_space(name), loc)
        sub.sub = len(pos.subpositions) + 1
        pos.subpositions.append(sub)
        return sub

    def parts(
        self, pos: Position, j: Joined, start: int, end: int
    ) -> list[tuple[Position, int, int]]:
        """Paragraphs with the position they belong to (a sub-position after its marker)."""
        target = pos
        out = []
        for s, e in _paragraphs(j, start, end):
            m = self.w.sub_marker.match(j.text[s:e])
            if m:
                target = self.subposition(pos, m["name"], j.loc(s, e))
                s = s + m.end()
            if s < e:
                out.append((target, s, e))
        return out

    def duties(self, pos: Position, j: Joined, start: int, end: int) -> None:
        texts: dict[int | None, list[str]] = {}
        for target, s, e in self.parts(pos, j, start, end):
            texts.setdefault(target.sub, []).append(j.text[s:e])
            for ss, se in _sentences(j, s, e):
                n = len(target.duties) + 1
                target.duties.append(TextItem(n, j.text[ss:se], j.loc(ss, se)))
        for target in [pos, *pos.subpositions]:
            if target.sub in texts:
                target.duties_text = "\n".join(texts[target.sub])
                target.duties_label = target.duties_label or pos.duties_label

    def knowledge(self, pos: Position, j: Joined, start: int, end: int) -> None:
        by_target: dict[int | None, list[tuple[int, int]]] = {}
        for target, s, e in self.parts(pos, j, start, end):
            by_target.setdefault(target.sub, []).append((s, e))
        for target in [pos, *pos.subpositions]:
            spans = by_target.get(target.sub)
            if not spans:
                continue
            target.knowledge_text = "\n".join(j.text[s:e] for s, e in spans)
            for s, e in spans:
                self.knowledge_items(target, j, s, e)

    def knowledge_items(self, target: Position, j: Joined, s: int, e: int) -> None:
        items, left = knowledge_items(j.text[s:e], self.w)
        if left:
            self.warn(f"{target.name}: words of the knowledge list not read: {left}", j.loc(s, e))
        for words, acts, a, b in items:
            loc = j.loc(s + a, s + b)
            for act in acts:
                kind, title = next((k, t) for key, k, t, _ in self.w.known_acts if key == act)
                self.add_act(act, kind, title, loc)
            n = len(target.knowledge) + 1
            target.knowledge.append(TextItem(n, words, loc, acts))

    def requirement(self, pos: Position, j: Joined, start: int, end: int) -> None:
        s, e = j.trimmed(start, end)
        text = j.text[s:e].replace("\n", " ")
        loc = j.loc(s, e)
        sub = self.w.sub_requirement.search(text)
        main = text[: sub.start()] if sub else text
        req = parse_requirement(len(pos.requirements) + 1, main, loc, self.w)
        req.text = text
        pos.requirements.append(req)
        if sub:
            child = self.subposition(pos, sub["name"], loc)
            child.requirements.append(parse_requirement(1, sub["text"], loc, self.w))

    # -- amendments and the career ladder --------------------------------------------------
    def amendment(self, note: tuple[str, Location], pos: Position) -> Amendment:
        text, loc = note
        w = self.w
        issuer_m = w.note_issuer.search(text)
        number = re.search(r"N\s*(\d+)", text)
        date = iso_date(text)
        if issuer_m is None or number is None or date is None:
            raise self.error("editorial note without its amending act", loc)
        act = ActRef(w.note_act_issuer(issuer_m["body"]), number[1], date)
        amendment = Amendment(len(self.amendments) + 1, text, loc, act)
        paren = w.entry_into_force.search(text)
        if paren:
            amendment.entry_into_force = normalize_space(re.sub(r"N\s*\d+", "", paren[1]))
        repl = w.replacement.search(text)
        if w.throughout.search(text):
            amendment.throughout = True
        else:
            amendment.position = (pos.section, pos.number)
        if repl:
            amendment.old_phrases = [
                normalize_space(q) for q in re.findall(r'"([^"]*)"', repl["old"])
            ]
            amendment.new_phrase = normalize_space(repl["new"].strip('"'))
        return amendment

    def link_prior_positions(self, doc: PositionsDocument) -> None:
        """Resolve ``оның ішінде X қызметінде`` to the position named X in the section."""
        for section in doc.sections:
            names = {p.name.lower(): p for p in section.positions}
            for pos in section.positions:
                for req in pos.requirements:
                    for exp in req.experience:
                        if exp.prior is None:
                            continue
                        other = names.get(exp.prior.position_name.lower())
                        if other is None and self.w.language == "ru":
                            other = _inflected(names, exp.prior.position_name)
                        if other is None:
                            self.warn(
                                f"{pos.name}: no position {exp.prior.position_name!r}", req.loc
                            )
                        else:
                            key = (other.section, other.number)
                            exp.prior = replace(exp.prior, position=key)
                            pos.prior_positions.append(key)


def _sentences(j: Joined, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in SENTENCE_BREAK.finditer(j.text, start, end):
        yield pos, m.start()
        pos = m.end()
    if pos < end:
        yield pos, end


def _common(a: str, b: str) -> int:
    """The length of the common start of two words."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _inflected(names: dict[str, Position], name: str) -> Position | None:
    """The position whose name is ``name`` in another case (``старшего преподавателя`` →
    ``Старший преподаватель``): the same words, each sharing all but its ending."""
    words = name.lower().split()
    for key, pos in names.items():
        other = key.split()
        if len(other) == len(words) and all(
            _common(a, b) >= max(len(a), len(b)) - 3 and len(a) > 3
            for a, b in zip(words, other, strict=True)
        ):
            return pos
    return None


def looks_like_positions(blocks: list[Block]) -> bool:
    """True for typical qualification characteristics of positions (seed 003), in Kazakh
    or in Russian."""
    w = wording_of(blocks)
    head = " ".join(b.text for b in blocks[:80])
    return bool(w.looks.search(head)) and any(w.duties.search(b.text) for b in blocks)


def parse_positions(blocks: list[Block], source: SourceInfo) -> PositionsDocument:
    """The positions document read from the blocks of one text source."""
    return _Parser(blocks, source).run()
