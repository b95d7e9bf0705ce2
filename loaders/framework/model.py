"""The document model of the National Qualification Framework order: the joint act, its
provisions, glossary, levels with their descriptors and the pathways to each level."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from nqs.loaders.model import Block, Location, SourceInfo, Warning_
from nqs.loaders.operative import OperativePart

DescriptorKind = Literal["competence", "skills", "knowledge"]


@dataclass(frozen=True)
class ActPart:
    """One minister's part of a (joint) order: who signed it, its number and date."""

    issuer: str
    number: str
    date: str  # ISO 8601


@dataclass
class JointAct:
    """A legal act as cited in the document; a joint order has several parts, the first
    one named identifies it."""

    parts: list[ActPart]
    loc: Location
    title: str | None = None
    registration_number: str | None = None
    registration_date: str | None = None  # ISO 8601
    publication: str | None = None


@dataclass(frozen=True)
class CitedLaw:
    """A law the framework cites (``2007 жылғы 27 шілдедегі «Білім туралы» … Заңы``)."""

    title: str
    date: str  # ISO 8601
    number: str | None
    loc: Location


@dataclass(frozen=True)
class Provision:
    """A numbered paragraph of the general provisions (sections 1 and 2)."""

    number: int
    text: str
    loc: Location


@dataclass(frozen=True)
class GlossaryTerm:
    """A defined term of paragraph 5: ``N) term – definition;``."""

    number: int
    term: str
    definition: str
    loc: Location


@dataclass(frozen=True)
class Descriptor:
    """One cell of Annex 1: a level's requirement in one of the three columns."""

    kind: DescriptorKind
    text: str
    loc: Location


@dataclass(frozen=True)
class PathwayRoute:
    """One paragraph of a pathway cell of Annex 2, with what it names."""

    number: int
    text: str
    loc: Location
    education_levels: tuple[str, ...]
    """Keys of the education levels the route names (see :data:`EDUCATION_LEVEL_PATTERNS`)."""
    experience_required: bool | None
    """False when the route says practical experience is not required, true when it names
    practical experience otherwise, None when it does not mention it."""
    min_experience_years: int | None


@dataclass(frozen=True)
class Pathway:
    """The whole pathway cell of a level in Annex 2."""

    text: str
    loc: Location
    routes: tuple[PathwayRoute, ...]

    @property
    def education_levels(self) -> list[str]:
        seen: dict[str, None] = {}
        for route in self.routes:
            seen.update(dict.fromkeys(route.education_levels))
        return list(seen)


@dataclass
class NqfLevel:
    number: int
    loc: Location
    descriptors: dict[DescriptorKind, Descriptor] = field(default_factory=dict)
    pathway: Pathway | None = None


@dataclass
class NqfDocument:
    """The joint order and the framework edition it sets out, as read from one file."""

    source: SourceInfo
    title: str
    loc: Location
    framework_title: str
    language: Literal["kk", "ru"]
    framework_loc: Location
    act: JointAct
    in_force: bool
    amends: JointAct | None = None
    repealed_by: JointAct | None = None
    operative: OperativePart | None = None
    """The order's points and signatories."""
    laws: list[CitedLaw] = field(default_factory=list)
    eqf_statement: Location | None = None
    """Where the text says the levels correspond to the European Qualifications Framework."""
    provisions: list[Provision] = field(default_factory=list)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    levels: list[NqfLevel] = field(default_factory=list)
    unassigned: list[Block] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
