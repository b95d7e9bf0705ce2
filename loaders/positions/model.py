"""The document model of typical qualification characteristics of positions (seed 003).

An approving order, its annex in numbered sections, and in each section the positions with
their duties, what they must know and their qualification requirements. The parser fills it
from the text; :mod:`nqs.loaders.positions.map` turns it into RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from nqs.loaders.model import ActRef, Block, CitedAct, Location, SourceInfo, Warning_
from nqs.loaders.operative import OperativePart

AcademicTitle = Literal["required", "alternative"]
"""``required``: the academic title is needed besides the degree; ``alternative``: a title
may stand in for the degree (``… ғылыми дәрежесі, не болмаса ғылыми атағы``)."""


@dataclass(frozen=True)
class OrderInfo:
    """The approving order with its registration and its repeal."""

    act: ActRef
    title: str
    loc: Location
    registration_number: str | None = None
    registration_date: str | None = None  # ISO 8601
    repealed_by: ActRef | None = None
    repeal_loc: Location | None = None
    cites: tuple[str, ...] = ()
    """Keys of the acts cited in the preamble (:class:`CitedAct`)."""


@dataclass(frozen=True)
class TextItem:
    """One duty (a sentence of the duties text) or one knowledge item, in document order."""

    ordinal: int
    text: str
    loc: Location
    acts: tuple[str, ...] = ()
    """Keys of the acts the item names (knowledge items only)."""


@dataclass(frozen=True)
class EducationOption:
    """One acceptable education, as written, with the levels and specialty it names."""

    text: str
    levels: tuple[str, ...] = ()
    """``higher``, ``technical-vocational``, ``secondary-vocational``."""
    profiles: tuple[str, ...] = ()
    """Profile words as written (``педагогикалық``, ``медициналық`` …)."""
    specialty: str | None = None


@dataclass(frozen=True)
class Degree:
    """An acceptable academic degree: ``doctor-of-sciences``, ``candidate-of-sciences``,
    ``phd`` or ``master``, with the field when the text names one."""

    code: str
    text: str
    science: str | None = None


@dataclass(frozen=True)
class PriorService:
    """Part of the experience that must be served in another position
    (``оның ішінде доцент қызметінде кем дегенде бір жыл``)."""

    position_name: str
    years: int
    position: tuple[int, int] | None = None
    """(section, number) of the position named, once resolved."""


@dataclass
class Experience:
    """At least ``years`` of experience of a kind; several in one requirement are
    alternatives."""

    years: int
    text: str
    kind: str | None = None
    prior: PriorService | None = None


@dataclass
class Requirement:
    """One qualification-requirements paragraph: its text and the parts read from it."""

    ordinal: int
    text: str
    loc: Location
    education: list[EducationOption] = field(default_factory=list)
    degrees: list[Degree] = field(default_factory=list)
    academic_title: AcademicTitle | None = None
    experience: list[Experience] = field(default_factory=list)


@dataclass
class Position:
    """A position of a section; a sub-position (``… үшін қосымша``) has a ``parent_key``."""

    section: int
    number: int
    name: str
    loc: Location
    sub: int | None = None
    duties_label: str | None = None
    duties_text: str | None = None
    duties: list[TextItem] = field(default_factory=list)
    knowledge_text: str | None = None
    knowledge: list[TextItem] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    subpositions: list[Position] = field(default_factory=list)
    prior_positions: list[tuple[int, int]] = field(default_factory=list)
    """(section, number) of the positions named in ``оның ішінде … қызметінде``."""

    @property
    def key(self) -> tuple[int, int, int | None]:
        return (self.section, self.number, self.sub)

    @property
    def min_experience_years(self) -> int | None:
        """The fewest years that satisfy the requirements (alternatives: the smallest)."""
        years = [e.years for r in self.requirements for e in r.experience]
        return min(years) if years else None


@dataclass
class Section:
    number: int
    title: str
    loc: Location
    positions: list[Position] = field(default_factory=list)


@dataclass
class Amendment:
    """An editorial note (``Ескерту``) recording a change made by an amending act."""

    ordinal: int
    text: str
    loc: Location
    act: ActRef
    position: tuple[int, int] | None = None
    """The position whose part was changed; None when the change runs through the text."""
    throughout: bool = False
    old_phrases: list[str] = field(default_factory=list)
    new_phrase: str | None = None
    entry_into_force: str | None = None


@dataclass
class PositionsDocument:
    """Typical qualification characteristics of positions, as read from one source file."""

    source: SourceInfo
    title: str
    loc: Location
    order: OrderInfo
    operative: OperativePart | None = None
    """The order's points and signatory."""
    annex_title: str | None = None
    in_force: bool = True
    acts: list[CitedAct] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    unassigned: list[Block] = field(default_factory=list)
    # The language of the text: its texts are tagged with it, its IRIs are the same.
    language: Literal["kk", "ru"] = "kk"

    def positions(self) -> list[Position]:
        """Every position, sub-positions after their parent."""
        out: list[Position] = []
        for section in self.sections:
            for pos in section.positions:
                out.append(pos)
                out.extend(pos.subpositions)
        return out
