"""The document model of an order that amends a professional standard.

An amending order replaces "lines" (rows) of a standard's card tables: each
:class:`RowChange` holds the old and the new row as read (one labor function with its
skills, abilities and knowledge) and the :class:`ElementEdit` list of what really differs
between them. A :class:`ParagraphChange` replaces a numbered paragraph of the standard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from nqs.loaders.model import ActRef, Block, Location, SourceInfo, Warning_
from nqs.loaders.operative import OperativePart
from nqs.loaders.standard.model import LaborFunction

ElementKind = Literal["function", "skill", "ability", "knowledge"]


@dataclass(frozen=True)
class ElementEdit:
    """One element whose text differs between the old and the new row; ``old`` is None for
    an element the new row adds, ``new`` None for one it drops."""

    kind: ElementKind
    function: int
    skill: int | None
    ordinal: int | None
    """The item's number (abilities and knowledge); None for a function or a skill."""
    old: str | None
    new: str | None
    old_loc: Location | None
    new_loc: Location | None


@dataclass
class RowChange:
    """One "… деген жол мынадай редакцияда жазылсын" instruction of the order."""

    ordinal: int
    card: int
    card_name: str
    card_loc: Location
    old: LaborFunction
    new: LaborFunction
    old_loc: Location
    new_loc: Location
    loc: Location
    edits: list[ElementEdit] = field(default_factory=list)

    @property
    def function(self) -> int:
        return self.new.ordinal

    @property
    def skills(self) -> list[int]:
        return sorted({s.ordinal for s in (*self.old.skills, *self.new.skills)})


@dataclass
class ParagraphChange:
    """A numbered paragraph of the standard given a new wording (``16-тармақ …``).

    The contact persons of paragraph 16 with their phone numbers are personal data: they are
    counted, never stored; ``text``, the new wording otherwise word for word, says in their
    place that personal data is not loaded."""

    ordinal: int
    paragraph: int
    heading: str
    loc: Location
    new_loc: Location
    developers: list[str] = field(default_factory=list)
    contacts_dropped: int = 0
    text: str = ""


@dataclass
class AmendmentDocument:
    """An order amending a professional standard, as read from one source file."""

    source: SourceInfo
    title: str
    loc: Location
    amending: ActRef
    amended: ActRef
    amended_title: str
    """The amended order's own title (``… стандартын бекіту туралы``)."""
    standard_title: str
    standard_loc: Location
    effective: str
    """ISO date on which the changes took effect."""
    effective_rule: Literal["signing", "order-date"]
    """``signing``: the order says it enters into force on the day it is signed; ``order-date``:
    no rule was found and the order's date is used (reported as a warning)."""
    language: Literal["kk", "ru"] = "kk"
    """The language of the text (told from its title)."""
    effective_loc: Location | None = None
    changes: list[RowChange] = field(default_factory=list)
    paragraphs: list[ParagraphChange] = field(default_factory=list)
    operative: OperativePart | None = None
    """The order's points and signatory."""
    warnings: list[Warning_] = field(default_factory=list)
    unassigned: list[Block] = field(default_factory=list)
    header_loc: Location | None = None
    """The heading lines, which name the amended order."""
