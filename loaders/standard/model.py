"""The document model of a professional standard (either template): passport, profession
cards with their labor functions, skills (or tasks), abilities and knowledge, general
provisions and technical data. Parsers know nothing of RDF; the mapper knows nothing of
file formats; every element keeps the place it was read from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from nqs.loaders.model import ActRef, Block, CitedAct, Location, SourceInfo, Warning_


@dataclass
class Item:
    """One numbered (or single unnumbered) ability or knowledge item."""

    ordinal: int
    text: str
    loc: Location


@dataclass
class Skill:
    """A skill of a labor function (``Дағды``/``Навык``), or a task (``Задача``) in the older
    Russian template."""

    ordinal: int
    title: str
    loc: Location
    abilities: list[Item] = field(default_factory=list)
    knowledge: list[Item] = field(default_factory=list)
    recognition: str | None = None
    is_task: bool = False
    implicit: bool = False
    """True when the template has no skill level (older Russian "Default" template): the
    function's own ability and knowledge lists, under the function's title."""


@dataclass
class LaborFunction:
    ordinal: int
    title: str
    mandatory: bool
    loc: Location
    skills: list[Skill] = field(default_factory=list)


@dataclass(frozen=True)
class LevelSpec:
    """A card's SQF level: a single level, a range (``5 - 6-й уровни ОРК``), and a sublevel."""

    low: int
    high: int | None = None
    sublevel: str | None = None

    @property
    def levels(self) -> list[int]:
        return list(range(self.low, (self.high or self.low) + 1))


@dataclass(frozen=True)
class CodedTitle:
    """A title with an optional NKZ code, e.g. ``1432-0-003 - Бас өнертанушы``."""

    title: str
    code: str | None = None
    loc: Location | None = field(default=None, compare=False)
    """Where it was read (not compared: the same title read elsewhere is equal)."""


@dataclass(frozen=True)
class RelatedOccupation:
    """An occupation related within the SQF, with its level(s) as written (``6``, ``6-7``)."""

    level: LevelSpec | None
    title: str
    code: str | None = None
    """An occupation code written in place of the level (older Russian template: ``2131``)."""
    loc: Location | None = field(default=None, compare=False)
    """Where it was read (not compared: the same title read elsewhere is equal)."""


@dataclass(frozen=True)
class EducationLink:
    """One row of "Связь с системой образования и квалификации"."""

    level: str
    isced: str | None = None
    specialties: tuple[CodedTitle, ...] = ()
    qualifications: tuple[CodedTitle, ...] = ()
    loc: Location | None = field(default=None, compare=False)
    """Where it was read (not compared: the same title read elsewhere is equal)."""


@dataclass
class Card:
    """A profession card: one occupation at one level (or level range)."""

    ordinal: int
    name: str
    loc: Location
    occupation_code: str | None = None
    group_code: str | None = None
    level: LevelSpec | None = None
    handbook_level: str | None = None
    education_level: str | None = None
    specialty: str | None = None
    qualification: str | None = None
    experience: str | None = None
    nonformal_link: str | None = None
    other_titles: list[CodedTitle] = field(default_factory=list)
    purpose: str | None = None
    functions: list[LaborFunction] = field(default_factory=list)
    personal_competencies: list[str] = field(default_factory=list)
    technical_regulations: list[str] = field(default_factory=list)
    related: list[RelatedOccupation] = field(default_factory=list)
    handbook_links: list[CodedTitle] = field(default_factory=list)
    education_links: list[EducationLink] = field(default_factory=list)
    heading: str | None = None
    """The card's heading when it differs from the name (``КАРТОЧКА ПРОФЕССИИ «…»``)."""
    occupation_title: str | None = None
    """The name written after a bare classifier code (``2139 «IT-специалисты…»``)."""
    level_note: str | None = None
    """Text written after the level number (``4. Техническое и профессиональное…``)."""
    handbook: str | None = None
    """Which handbook the handbook links refer to, as written (``КС``)."""
    places: dict[str, Location] = field(default_factory=dict, compare=False)
    """Where parts without a place of their own were read, by key: a field (``level``,
    ``occupation``, ``competencies``, ``other_titles``, ``related``, ``handbook_links``,
    ``education_links``) or one item of it (``competencies/2``)."""


@dataclass(frozen=True)
class EconomicActivityRef:
    """An OKED concept as named in a passport: ``90.01.2 Концерт қызметі``."""

    code: str
    label: str
    loc: Location | None = field(default=None, compare=False)
    """Where it was read (not compared: the same title read elsewhere is equal)."""


@dataclass(frozen=True)
class CardListEntry:
    title: str
    level: LevelSpec | None


@dataclass(frozen=True)
class GlossaryEntry:
    """One entry of a document's list of terms or of abbreviations, as written: the term
    (or abbreviation) and its definition (or expansion)."""

    kind: Literal["term", "abbreviation"]
    term: str
    definition: str
    loc: Location


@dataclass
class GeneralProvisions:
    """The general provisions of a standard: its scope, the acts it cites, its glossary."""

    scope: str | None = None
    scope_loc: Location | None = None
    cited_acts: list[CitedAct] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Approval:
    """A body that approved the standard, with the date (technical data)."""

    body: str
    date: str  # ISO 8601
    number: str | None = None
    loc: Location | None = field(default=None, compare=False)
    """Where it was read (not compared: the same title read elsewhere is equal)."""
    act: ActRef | None = None
    """The order the approval names (``Утверждено приказом … от 24.12.2019г. №259``)."""


@dataclass
class VersionEntry:
    """One version the technical data record (``Номер версии и год выпуска``), as written,
    with its number, year and planned revision (``Дата ориентировочного пересмотра``)."""

    text: str
    loc: Location
    number: str | None = None
    year: int | None = None
    revision_date: str | None = None  # ISO 8601, or a year
    revision_loc: Location | None = None


@dataclass
class TechnicalData:
    state_body: str | None = None
    developers: list[str] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    version: str | None = None
    year: int | None = None
    revision_date: str | None = None  # ISO 8601
    versions: list[VersionEntry] = field(default_factory=list)
    """Every version recorded, in order (older template: the first version, then the one
    it was updated to); ``version``, ``year`` and ``revision_date`` are the last one's."""
    experts: list[str] = field(default_factory=list)
    """Organisations that gave the expert review (``Экспертиза представлена``)."""
    updated_by: list[str] = field(default_factory=list)
    """Organisations that updated the standard (``Актуализировано``)."""


@dataclass
class StandardDocument:
    """A professional standard as read from one source file."""

    source: SourceInfo
    language: Literal["kk", "ru"]
    title: str
    loc: Location
    code: str | None = None
    description: str | None = None
    group_names: list[str] = field(default_factory=list)
    economic_activities: list[EconomicActivityRef] = field(default_factory=list)
    card_list: list[CardListEntry] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    technical: TechnicalData = field(default_factory=TechnicalData)
    approved_by: ActRef | None = None
    purpose: str | None = None
    provisions: GeneralProvisions = field(default_factory=GeneralProvisions)
    unassigned: list[Block] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    places: dict[str, Location] = field(default_factory=dict, compare=False)
    """Where parts without a place of their own were read: ``groups`` (the main group
    names), ``approved_by`` (the approving act), ``technical`` (the technical data)."""
