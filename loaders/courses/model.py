"""The document model of the course rules: sections, points, items and the structured values
read from them (course kinds, groupings, trainers, periods, certificates, assessment, acts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from nqs.loaders.model import ActRef, Block, Location, SourceInfo, Warning_


@dataclass
class RuleItem:
    """One list item of a point (a bullet or ``1)``), without its marker."""

    ordinal: int
    text: str
    loc: Location


@dataclass
class RulePoint:
    """A numbered point (``3.13``): its whole wording, its list items and lines."""

    number: str
    text: str
    loc: Location
    items: list[RuleItem] = field(default_factory=list)


@dataclass
class RuleSection:
    number: int
    title: str
    loc: Location
    points: list[RulePoint] = field(default_factory=list)


@dataclass(frozen=True)
class Organisation:
    """The provider: its name as written, and what the rules say it is."""

    name: str
    loc: Location
    parent_body: str | None = None
    legal_form: str | None = None
    key: str = ""
    """The Kazakh name the graph keys it by (the same IRI in both languages)."""


@dataclass
class ActCitation:
    """One act the rules are based on (an item of point 1.2)."""

    ordinal: int
    text: str
    loc: Location
    kind: str
    """``law``, ``code``, ``order``, ``approved-form``, ``charter`` or ``other``."""
    title: str | None = None
    act: ActRef | None = None
    amended_as_of: str | None = None  # ISO 8601
    key: str | None = None
    """For an act cited by its title alone: the Kazakh title the graph keys it by."""


@dataclass
class Option:
    """A coded choice the rules allow (a format, a study mode, a grouping, a document)."""

    code: str
    text: str
    loc: Location
    point: str
    ordinal: int = 0


@dataclass
class CourseKind:
    """A kind of course and its volume in academic hours."""

    ordinal: int
    code: str
    name: str
    hours: int
    point: str
    loc: Location
    groupings: tuple[str, ...] = ()


@dataclass
class Grouping(Option):
    min_participants: int | None = None
    min_applications: int | None = None
    points: tuple[str, ...] = ()


@dataclass
class TrainerQualification:
    """One of the qualifications of which a trainer needs at least one (point 3.5)."""

    ordinal: int
    text: str
    loc: Location
    codes: tuple[str, ...] = ()
    experience_years: int | None = None


@dataclass
class PeriodRule:
    """A rule with a number of years (certificate validity, support, monitoring)."""

    text: str
    loc: Location
    years: int
    points: tuple[str, ...]


@dataclass
class CertificateRule:
    text: str
    loc: Location
    fields: list[Option]
    validity: PeriodRule | None
    points: tuple[str, ...]


@dataclass
class AssessmentRule:
    text: str
    loc: Location
    stages: list[str]
    max_retakes_per_year: int | None
    points: tuple[str, ...]


@dataclass
class AnnexPart:
    """A field of a form (its label, without the colon) or a paragraph of an annex, in the
    order written; a paragraph that lists after a colon has its items."""

    ordinal: int
    kind: Literal["field", "paragraph"]
    text: str
    loc: Location
    items: list[RuleItem] = field(default_factory=list)


@dataclass
class Annex:
    """An annex or a blank sheet after the points: its title and its parts."""

    number: int | None
    title: str
    loc: Location
    parts: list[AnnexPart] = field(default_factory=list)


@dataclass
class CourseRulesDocument:
    """The rules for qualification-improvement courses as read from one file."""

    source: SourceInfo
    title: str
    loc: Location
    provider: Organisation
    language: str = "kk"
    title_key: str = ""
    """The Kazakh title the graph keys the rules by (the same IRI in both languages)."""
    sections: list[RuleSection] = field(default_factory=list)
    basis: list[ActCitation] = field(default_factory=list)
    course_kinds: list[CourseKind] = field(default_factory=list)
    formats: list[Option] = field(default_factory=list)
    study_modes: list[Option] = field(default_factory=list)
    groupings: list[Grouping] = field(default_factory=list)
    trainer_qualifications: list[TrainerQualification] = field(default_factory=list)
    required_documents: list[Option] = field(default_factory=list)
    assessment: AssessmentRule | None = None
    certificate: CertificateRule | None = None
    support: PeriodRule | None = None
    monitoring: PeriodRule | None = None
    annexes: list[Annex] = field(default_factory=list)
    unassigned: list[Block] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)

    @property
    def points(self) -> list[RulePoint]:
        return [p for s in self.sections for p in s.points]

    def point(self, number: str) -> RulePoint | None:
        return next((p for p in self.points if p.number == number), None)
