"""Pages of legal acts and what they change (an act: what it approves, amends and repeals,
whether it is in force; an amendment; a text change), of positions (duties, requirements,
career ladder) and of source documents."""

from __future__ import annotations

from dataclasses import dataclass, field

from nqs.server.pages.context import Ctx, Link, Text
from nqs.server.pages.fetch import (
    describe_into,
    linking_into,
    query,
    select,
    summaries_into,
    tree_into,
)
from nqs.server.pages.page import Change, DiffPart, Fact, change, facts, versions_into
from nqs.server.pages.source import Line, source_file, text_lines
from nqs.server.pages.terms import N, V
from nqs.server.pages.view_kinds import Item, KindView, items
from nqs.server.pages.vocab import SEARCH_KINDS
from nqs.worddiff import word_diff

ACT_FACTS = [
    N("actNumber"),
    N("actDate"),
    N("issuer"),
    V.TITLE,
    N("annexTitle"),
    N("registrationNumber"),
    N("registrationDate"),
    N("entryIntoForce"),
    N("implementsAct"),
    N("cites"),
]
POSITION_FACTS = [
    N("inSection"),
    N("approvedBy"),
    N("subPositionOf"),
    N("minExperienceYears"),
    N("describedByCard"),
    N("correspondsToOccupation"),
]
LADDER_STEPS = 10_000
"""At most this many nqs:requiresExperienceIn steps are read for the career ladders."""
TOP_KINDS = (
    N("ProfessionalStandard"),
    N("QualificationFramework"),
    N("LegalAct"),
    N("PositionSection"),
    N("CourseRules"),
)


@dataclass
class KindGroup:
    label: str
    links: list[Link]


@dataclass
class AmendmentView:
    link: Link
    date: str
    targets: list[Link]
    changes: list[Change]


@dataclass
class ActBody:
    facts: list[Fact]
    in_force: bool | None
    repealed_by: list[Link]
    valid_until: str
    approves: list[KindGroup]
    amends: list[Link]
    amended_by: list[Link]
    repeals: list[Link]
    made: list[AmendmentView]
    received: list[AmendmentView]


@dataclass
class AmendmentBody:
    facts: list[Fact]
    old: Text | None
    new: Text | None
    diff: list[DiffPart]
    changes: list[Change]


@dataclass
class Option:
    """One way of meeting a requirement (an education or an experience option)."""

    text: Text
    facts: list[Fact]


@dataclass
class Requirement:
    text: Text
    education: list[Option]
    experience: list[Option]
    degrees: list[Link]
    title_required: bool


@dataclass
class PositionBody:
    facts: list[Fact]
    duties: list[Item]
    knowledge: list[Item]
    requirements: list[Requirement]
    ladder: list[Link]
    sub_positions: list[Link]
    amendments: list[Link] = field(default_factory=list)


@dataclass
class SourceBody:
    facts: list[Fact]
    warnings: list[str]
    contents: list[KindGroup]
    entity_count: int
    lines: list[Line]


def _group_by_kind(ctx: Ctx, iris: list[str]) -> list[KindGroup]:
    by: dict[str, list[str]] = {}
    for i in iris:
        by.setdefault(ctx.kind(i), []).append(i)
    order = {k: n for n, k in enumerate(SEARCH_KINDS)}
    return [
        KindGroup(ctx.t(f"kind.{k}"), ctx.links(v, by_ordinal=k in ("position", "card")))
        for k, v in sorted(by.items(), key=lambda kv: order.get(kv[0], 99))
    ]


def _amendments(ctx: Ctx, iris: list[str]) -> list[AmendmentView]:
    g = ctx.graph
    out = []
    for am in sorted(iris, key=lambda x: (g.integer(x, N("amendmentNumber")) or 0, x)):
        targets = [
            t
            for p in (N("amendedSkill"), N("amendedFunction"), N("amendedCard"), N("amendedPart"))
            for t in g.iris(am, p)
        ]
        changes = [change(ctx, ch) for ch in sorted(g.iris(am, N("hasTextChange")))]
        date = g.value(am, N("effectiveDate")) or g.value(am, N("amendmentDate")) or ""
        out.append(AmendmentView(ctx.link(am), date, ctx.links(targets), changes))
    return out


def act(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    linking = [N("approvedBy"), N("amends"), N("repealedBy"), N("amendingAct"), N("amendedAct")]
    linking_into(g, [iri], linking)
    by = {p: sorted(set(g.subjects(p, iri))) for p in linking}
    amendments = by.get(N("amendingAct"), []) + by.get(N("amendedAct"), [])
    describe_into(g, amendments)
    changes = [c for am in amendments for c in g.iris(am, N("hasTextChange"))]
    describe_into(g, changes)
    describe_into(g, [d for c in changes for d in g.iris(c, N("hasDiffSegment"))])
    summaries_into(g, [*g.object_iris(), *(s for ss in by.values() for s in ss)])
    repealed_by = g.iris(iri, N("repealedBy"))
    stated = g.boolean(iri, N("inForce"))
    in_force = None if stated is None and not repealed_by else stated is True
    if repealed_by:
        in_force = False
    body = ActBody(
        facts(ctx, iri, ACT_FACTS),
        in_force,
        ctx.links(repealed_by),
        g.value(iri, N("validUntil")) or "",
        _group_by_kind(ctx, by.get(N("approvedBy"), [])),
        ctx.links(g.iris(iri, N("amends"))),
        ctx.links(by.get(N("amends"), [])),
        ctx.links(by.get(N("repealedBy"), [])),
        _amendments(ctx, by.get(N("amendingAct"), [])),
        _amendments(ctx, by.get(N("amendedAct"), [])),
    )
    shown = {*ACT_FACTS, N("inForce"), N("repealedBy"), N("amends")}
    inverse = {
        N("approvedBy"),
        N("amends"),
        N("repealedBy"),
        N("amendingAct"),
        N("amendedAct"),
    }
    return KindView("ld_act.html", body, shown, inverse)


def amendment(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    tree_into(g, iri, [N("hasTextChange"), N("hasDiffSegment")])
    summaries_into(g, g.object_iris())
    props = [
        N("amendingAct"),
        N("amendedAct"),
        N("effectiveDate"),
        N("amendmentDate"),
        N("amendmentNumber"),
        N("amendedStandard"),
        N("amendedCard"),
        N("amendedFunction"),
        N("amendedSkill"),
        N("amendedPart"),
        N("appliesThroughout"),
        N("entryIntoForceText"),
    ]
    old, new = ctx.literal(iri, N("oldText")), ctx.literal(iri, N("newText"))
    diff = [DiffPart(s.op, s.text) for s in word_diff(old.text, new.text)] if old and new else []
    body = AmendmentBody(
        facts(ctx, iri, props),
        old,
        new,
        diff,
        [change(ctx, ch) for ch in sorted(g.iris(iri, N("hasTextChange")))],
    )
    shown = {*props, N("oldText"), N("newText"), N("hasTextChange")}
    return KindView("ld_amendment.html", body, shown, {N("hasTextChange")})


def text_change(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    versions_into(ctx, g.iris(iri, N("oldVersion")) + g.iris(iri, N("newVersion")))
    summaries_into(g, g.object_iris())
    props = [N("oldVersion"), N("newVersion"), N("oldText"), N("newText"), N("hasDiffSegment")]
    return KindView("ld_change.html", change(ctx, iri), set(props), {N("hasTextChange")})


def _options(ctx: Ctx, parent: str, prop: str, props: list[str]) -> list[Option]:
    g = ctx.graph
    return [Option(ctx.name(x), facts(ctx, x, props)) for x in ctx.ordered(g.iris(parent, prop))]


def _requirement(ctx: Ctx, req: str) -> Requirement:
    g = ctx.graph
    education = [N("educationLevelCategory"), N("educationProfile"), N("specialtyName")]
    experience = [
        N("requiredYears"),
        N("experienceKind"),
        N("priorPosition"),
        N("priorPositionName"),
        N("priorPositionYears"),
    ]
    return Requirement(
        ctx.name(req),
        _options(ctx, req, N("educationOption"), education),
        _options(ctx, req, N("experienceOption"), experience),
        ctx.links(g.iris(req, N("acceptedDegree"))),
        g.boolean(req, N("requiresAcademicTitle")) is True,
    )


def _ladder(ctx: Ctx, iri: str) -> list[Link]:
    """The positions on the career ladder through ``iri`` (``nqs:requiresExperienceIn``),
    from the first step up; empty when the position is on no ladder."""
    # every step of every ladder (a few dozen), and the ladder through ``iri`` found here: a
    # property path (rEI|^rEI)* from the position is what Virtuoso 7 evaluates wrongly (see
    # ld_fetch.tree_into)
    rows = select(query("experience-steps", limit=LADDER_STEPS))
    steps = sorted((r["a"].value, r["b"].value) for r in rows)
    linked: dict[str, set[str]] = {}
    for a, b in steps:
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    ladder, todo = {iri}, [iri]
    while todo:
        for other in linked.get(todo.pop(), set()) - ladder:
            ladder.add(other)
            todo.append(other)
    below = {a: b for a, b in steps if a in ladder}
    if not below:
        return []
    summaries_into(ctx.graph, [*below, *below.values()])
    above = {b: a for a, b in below.items()}
    bottom = next(b for b in below.values() if b not in below)
    chain, seen = [bottom], {bottom}
    while chain[-1] in above and above[chain[-1]] not in seen:
        seen.add(above[chain[-1]])
        chain.append(above[chain[-1]])
    return [ctx.link(x) for x in chain]


def position(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    tree_into(
        g,
        iri,
        [
            N("hasDuty"),
            N("mustKnow"),
            N("hasRequirement"),
            N("educationOption"),
            N("experienceOption"),
        ],
    )
    linking_into(g, [iri], [N("subPositionOf"), N("amendedPart")])
    subs = g.subjects(N("subPositionOf"), iri)
    amendments = g.subjects(N("amendedPart"), iri)
    summaries_into(g, [*g.object_iris(), *subs, *amendments])
    body = PositionBody(
        facts(ctx, iri, POSITION_FACTS),
        items(ctx, iri, N("hasDuty")),
        items(ctx, iri, N("mustKnow")),
        [_requirement(ctx, r) for r in ctx.ordered(g.iris(iri, N("hasRequirement")))],
        _ladder(ctx, iri),
        ctx.links(subs, by_ordinal=True),
        ctx.links(amendments),
    )
    shown = {
        *POSITION_FACTS,
        N("hasDuty"),
        N("mustKnow"),
        N("hasRequirement"),
        N("requiresExperienceIn"),
        N("ordinal"),
    }
    return KindView(
        "ld_position.html",
        body,
        shown,
        {N("subPositionOf"), N("amendedPart"), N("requiresExperienceIn")},
    )


def source(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    rows = select(query("derived-top", {"d": iri, "t": TOP_KINDS}))
    count = select(query("derived-count", {"d": iri}))
    top = [r["s"].value for r in rows]
    summaries_into(g, top)
    props = [N("fileName"), "http://purl.org/dc/terms/format", "http://purl.org/dc/terms/language"]
    props.append(N("sha256"))
    lines: list[Line] = []
    name, sha = g.value(iri, N("fileName")) or "", g.value(iri, N("sha256")) or ""
    if g.value(iri, "http://purl.org/dc/terms/format") == "text/plain":
        path = source_file(name, sha)
        if path is not None:
            lines = [Line(n, text, False) for n, text in enumerate(text_lines(path), start=1)]
    body = SourceBody(
        facts(ctx, iri, props),
        sorted(n.value for n in g.literals(iri, N("loadWarning"))),
        _group_by_kind(ctx, top),
        int(count[0]["n"].value) if count else 0,
        lines,
    )
    return KindView("ld_source.html", body, {*props, N("loadWarning")}, {V.DERIVED_FROM})
