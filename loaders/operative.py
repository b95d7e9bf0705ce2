"""The operative part of an act, read the same way for every kind of order: its numbered
points (what is approved, amended or repealed, who executes and who controls, the entry into
force with its rule), their sub-points, and the signatories (name and post as written).

Each kind's parser finds where its operative part lies (from the ``БҰЙЫРАМЫН`` /
``ПРИКАЗЫВАЮ`` line to the end of the signature) and hands those lines to
:func:`read_operative`, with its own way of joining lines (the NQF order repairs
letter-spaced words); the lines of a point that quotes what it changes (an amending order's
rows) are left out by that parser, which reads them itself. :func:`map_operative` writes
the result for any mapper: ``{act}/point/N`` (``…/point/N/point/K`` its sub-points) in order,
each with its exact text, and ``{act}/signatory/K``.

The signature block of a joint order sets the ministers side by side. Extracted text keeps
the columns apart by runs of spaces; a Word file or a web page gives each cell's column
(:attr:`nqs.loaders.model.Block.column`). Where neither tells the columns apart (a PDF
that prints them as one line), the names are read and the posts are not: a located warning
says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from rdflib import URIRef

from nqs.loaders.graph_builder import GraphBuilder, plain
from nqs.loaders.model import Location, Warning_
from nqs.loaders.numbering import Mark, next_item, split_mark
from nqs.namespaces import NQS, RDF

Line = tuple[int, str]  # (line number, raw text)
PointKind = Literal["approval", "amendment", "repeal", "execution", "control", "entry-into-force"]

POINT = re.compile(r"^(\d+)\.\s+\S")
SUBPOINT = re.compile(r"^(\d+)\)\s+\S")
_CAPITAL = "A-ZА-ЯЁӘІҢҒҮҰҚӨҺ"
# A signatory's name as a signature prints it: initials and surname (``А.Сәрінжіпов``,
# ``Т. Дүйсенова``, ``Ф.Ш. Қуанғанов``).
NAME = re.compile(rf"(?:[{_CAPITAL}]\.\s?){{1,2}}[{_CAPITAL}][^\W\d_]+(?:-[^\W\d_]+)?")
SIGNATURE_LINE = re.compile(r"_{3,}")
COLUMN_GAP = re.compile(r"\S+(?: {1,2}\S+)*")  # a run of text without a gap of 3+ spaces


# the words that lead to the points: ``БҰЙЫРАМЫН`` / ``БҰЙЫРАМЫЗ`` / ``ПРИКАЗЫВАЮ`` (``…ЕМ``)
FORMULA = re.compile(r"БҰЙЫРАМ(?:ЫН|ЫЗ)|ПРИКАЗЫВА(?:Ю|ЕМ)")


def formula_paragraph(lines: list[Line], starts: Callable[[str], bool]) -> int | None:
    """The index in ``lines`` of the first line of the paragraph that holds the formula
    (``starts`` tells a line that begins a paragraph), or None if there is none."""
    at = next((i for i, (_, t) in enumerate(lines) if FORMULA.search(t)), None)
    while at is not None and at > 0 and not starts(lines[at][1]):
        at -= 1
    return at


@dataclass(frozen=True)
class OperativeWording:
    """What tells, in one language, what a point does (the first kind whose pattern its
    text matches, in the order given)."""

    kinds: tuple[tuple[PointKind, re.Pattern[str]], ...]


KK = OperativeWording(
    kinds=(
        ("entry-into-force", re.compile(r"қолданысқа\s+енгізіледі|күшіне\s+енеді")),
        ("control", re.compile(r"орындалуын\s+бақылау")),
        ("amendment", re.compile(r"өзгеріс\w*\s+енгізілсін")),
        ("repeal", re.compile(r"күші\s+жойылды\s+деп\s+танылсын")),
        ("approval", re.compile(r"бекітілсін")),
        ("execution", re.compile(r"қамтамасыз\s+етсін|жіберсін")),
    )
)
RU = OperativeWording(
    kinds=(
        ("entry-into-force", re.compile(r"вводится\s+в\s+действие|вступает\s+в\s+силу")),
        ("control", re.compile(r"[Кк]онтроль\s+за\s+исполнением")),
        ("amendment", re.compile(r"\b[Вв]нести\b")),
        ("repeal", re.compile(r"утратившим\w*\s+силу")),
        ("approval", re.compile(r"\b[Уу]твердить\b")),
        ("execution", re.compile(r"\bобеспечить\b|\bнаправить\b")),
    )
)
WORDINGS = {"kk": KK, "ru": RU}


@dataclass(frozen=True)
class OperativePoint:
    """A numbered point (``1.``) or sub-point (``1)``) with its exact text and lines."""

    number: int
    text: str
    loc: Location
    kind: PointKind | None = None
    subpoints: tuple[OperativePoint, ...] = ()


@dataclass(frozen=True)
class Signatory:
    """Who signed the act: the name and the post as the signature prints them (the post
    None where the layout does not tell it)."""

    name: str
    post: str | None
    loc: Location


@dataclass
class OperativePart:
    """The operative part of an act: the words that lead to the points (the reason and
    ``БҰЙЫРАМЫН``), the points, and the signatories."""

    preamble: str | None = None
    preamble_loc: Location | None = None
    points: list[OperativePoint] = field(default_factory=list)
    signatories: list[Signatory] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)

    @property
    def entry_into_force(self) -> OperativePoint | None:
        """The point that says when the act enters into force."""
        return next((p for p in self.points if p.kind == "entry-into-force"), None)

    @property
    def lines(self) -> set[int]:
        """Every line read: the preamble's, the points' and the signatories'."""
        locs = [p.loc for p in self.points] + [s.loc for s in self.signatories]
        if self.preamble_loc is not None:
            locs.append(self.preamble_loc)
        return {n for loc in locs for n in range(loc.start, loc.end + 1)}


def _loc(lines: list[Line]) -> Location:
    return Location("line", lines[0][0], lines[-1][0])


def _numbered(lines: list[Line], pattern: re.Pattern[str]) -> tuple[list[Line], list[list[Line]]]:
    """The lines before the first numbered item, and the items (1, 2, … in turn)."""
    head: list[Line] = []
    items: list[list[Line]] = []
    for n, t in lines:
        m = pattern.match(t.strip())
        if m and int(m[1]) == len(items) + 1:
            items.append([(n, t)])
        elif items:
            items[-1].append((n, t))
        else:
            head.append((n, t))
    return head, items


def read_operative(
    lines: list[Line],
    language: str,
    join: Callable[[list[str]], str],
    columns: dict[int, int] | None = None,
) -> OperativePart:
    """The operative part in ``lines`` (from the ``БҰЙЫРАМЫН`` line, or the reason before it,
    to the end of the signature): the last point ends at the first line of it that ends a
    sentence; what follows is the signature. ``columns`` gives the table column of a line
    where the source has one (see the module doc)."""
    wording = WORDINGS[language]
    lines = [(n, t) for n, t in lines if t.strip()]
    part = OperativePart()
    head, items = _numbered(lines, POINT)
    if head:
        part.preamble, part.preamble_loc = join([t for _, t in head]), _loc(head)
    if not items:
        if head:
            where = _loc(head)
            part.warnings.append(Warning_("no numbered point in the operative part", where))
        return part
    last = items[-1]
    end = next((k for k, (_, t) in enumerate(last) if t.rstrip().endswith(".")), len(last) - 1)
    items[-1], signature = last[: end + 1], last[end + 1 :]
    for item in items:
        part.points.append(_point(item, wording, join))
    part.signatories = _signatories(signature, join, columns or {}, part.warnings)
    return part


def _point(
    lines: list[Line], wording: OperativeWording, join: Callable[[list[str]], str]
) -> OperativePoint:
    text = join([t for _, t in lines])
    number = int(POINT.match(lines[0][1].strip())[1])  # type: ignore[index]
    kind = next((k for k, p in wording.kinds if p.search(text)), None)
    items = _subpoints(lines[1:])
    subs = tuple(
        OperativePoint(k, join([t for _, t in item]), _loc(item))
        for k, item in enumerate(items, start=1)
    )
    return OperativePoint(number, text, _loc(lines), kind, subs)


def _subpoints(lines: list[Line]) -> list[list[Line]]:
    """The sub-points among the lines of a point (after its first): ``1)``, ``2)``, …, or
    a list under another mark (a letter, a bullet, ``1.``) that begins right after a line
    ending in a colon, the numbers of a point's quoted text aside; each item goes on to the
    next one marked as the first was (:func:`nqs.loaders.numbering.next_item`)."""
    items: list[list[Line]] = []
    first: Mark | None = None
    before = ""
    for n, t in lines:
        mark, _ = split_mark(t)
        begins = first is not None or (
            mark is not None
            and (SUBPOINT.match(t.strip()) is not None or before.rstrip().endswith(":"))
        )
        if begins and next_item(mark, first, len(items)):
            first = first or mark
            items.append([(n, t)])
        elif items:
            items[-1].append((n, t))
        before = t
    return items


# -- the signature ---------------------------------------------------------------------------
def _segments(n: int, raw: str, columns: dict[int, int]) -> list[tuple[int, str]]:
    """The pieces of a line with where they start: the line's table column where it has
    one, else the offsets of its runs of text between gaps of three or more spaces."""
    if n in columns:
        return [(columns[n], raw.strip())]
    return [(m.start(), m.group()) for m in COLUMN_GAP.finditer(raw.rstrip())]


def _names(text: str) -> tuple[str, list[str]]:
    """The post words and the names of a piece of a signature (``____ А.Сәрінжіпов``,
    ``Министр Ж. Түймебаев``)."""
    pieces = [p.strip() for p in SIGNATURE_LINE.split(text)]
    names = [p for p in pieces if NAME.fullmatch(p)]
    rest = " ".join(p for p in pieces if p and p not in names)
    if not names and (m := re.search(rf"(?:^|\s)({NAME.pattern})$", rest)):
        names, rest = [m[1]], rest[: m.start(1)].strip()
    return rest, names


def _signatories(
    lines: list[Line],
    join: Callable[[list[str]], str],
    columns: dict[int, int],
    warnings: list[Warning_],
) -> list[Signatory]:
    """The signatories: one per name, the post the lines of its column above it."""
    if not lines:
        return []
    rows = [(n, _segments(n, t, columns)) for n, t in lines]
    cells = sorted({columns[n] for n, _ in lines if n in columns})
    starts = cells or [s for s, _ in max(rows, key=lambda r: len(r[1]))[1]]
    by_column: list[list[tuple[int, str]]] = [[] for _ in starts]
    for n, segments in rows:
        for start, text in segments:
            k = min(range(len(starts)), key=lambda i: abs(starts[i] - start))
            by_column[k].append((n, text))
    out: list[Signatory] = []
    unsplit = False
    for column in by_column:
        posts: list[str] = []
        names: list[tuple[int, str]] = []
        for n, text in column:
            rest, found = _names(text)
            if rest:
                posts.append(rest)
            names += [(n, x) for x in found]
        if len(names) > 1:
            unsplit = True
        whole = Location("line", column[0][0], max(m for m, _ in column))
        for n, name in names:
            if len(names) == 1:
                out.append(Signatory(name, join(posts) if posts else None, whole))
            else:
                out.append(Signatory(name, None, Location("line", n, n)))
    if not out:
        warnings.append(Warning_("signature: no signatory's name read, not read", _loc(lines)))
    if unsplit:
        warnings.append(
            Warning_(
                f"signature of {len(out)} side by side: the posts are not told apart, "
                "the names are read",
                _loc(lines),
            )
        )
    return out


# -- the graph -------------------------------------------------------------------------------
KIND_CLASSES = {
    "approval": NQS.ApprovingPoint,
    "amendment": NQS.AmendingPoint,
    "repeal": NQS.RepealingPoint,
    "execution": NQS.ExecutionPoint,
    "control": NQS.ControlPoint,
    "entry-into-force": NQS.EntryIntoForcePoint,
}


def map_operative(builder: GraphBuilder, act: URIRef, part: OperativePart) -> None:
    """The operative part of ``act`` in ``builder``'s graph (see the module doc)."""
    if part.preamble is not None:
        builder.add(act, NQS.preamble, builder.text(part.preamble))
    for point in part.points:
        builder.add(act, NQS.hasOperativePoint, _map_point(builder, URIRef(f"{act}/point"), point))
    entry = part.entry_into_force
    if entry is not None:
        rule = re.sub(r"^\d+\.\s+", "", entry.text)
        builder.add(act, NQS.entryIntoForceRule, builder.text(rule))
    for k, s in enumerate(part.signatories, start=1):
        iri = builder.entity(URIRef(f"{act}/signatory/{k}"), NQS.Signatory, s.name, s.loc)
        builder.add(iri, NQS.ordinal, plain(k))
        builder.add(iri, NQS.signatoryName, builder.text(s.name))
        if s.post is not None:
            builder.add(iri, NQS.signatoryPost, builder.text(s.post))
        builder.add(act, NQS.signedBy, iri)


def _map_point(builder: GraphBuilder, base: URIRef, point: OperativePoint) -> URIRef:
    iri = builder.entity(
        URIRef(f"{base}/{point.number}"), NQS.OperativePoint, point.text, point.loc
    )
    if point.kind is not None:
        builder.add(iri, RDF.type, KIND_CLASSES[point.kind])
    builder.add(iri, NQS.ordinal, plain(point.number))
    builder.add(iri, NQS.pointText, builder.text(point.text))
    for sub in point.subpoints:
        builder.add(iri, NQS.hasOperativePoint, _map_point(builder, URIRef(f"{iri}/point"), sub))
    return iri
