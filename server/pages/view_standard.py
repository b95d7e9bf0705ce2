"""Pages of a professional standard and its parts: the standard (passport, economic
activity, cards by level), a card (occupation, level with the NQF descriptors, functions →
skills → abilities and knowledge in document order, competencies, related occupations), a
labor function, a skill, and one ability, knowledge item or competency."""

from __future__ import annotations

from dataclasses import dataclass, field

from nqs.server.pages.context import Ctx, Link, Text
from nqs.server.pages.fetch import (
    SUMMARY_PROPERTIES,
    describe_into,
    linking_into,
    properties_into,
    summaries_into,
    tree_into,
)
from nqs.server.pages.page import Fact, Versions, facts, versions, versions_into
from nqs.server.pages.terms import N, V
from nqs.server.pages.view_kinds import Item, KindView, ancestors_into, crumbs, items

STANDARD_FACTS = [
    N("code"),
    V.DESCRIPTION,
    N("approvedBy"),
    N("annexNumber"),
    N("stateBody"),
    N("developer"),
    N("expertOrganisation"),
    N("professionalGroup"),
    N("versionNumber"),
    N("versionYear"),
    N("plannedRevision"),
    N("updatedBy"),
]
CARD_FACTS = [
    N("cardHeading"),
    N("educationLevel"),
    N("specialty"),
    N("levelNote"),
    N("handbookName"),
    N("handbookLevel"),
    N("nonformalLearningLink"),
]
CARD_TREE = [
    N("hasLaborFunction"),
    N("hasSkill"),
    N("hasAbility"),
    N("hasKnowledge"),
    N("hasPersonalCompetency"),
    N("relatedOccupation"),
    N("otherTitle"),
    N("educationLink"),
    N("handbookLink"),
    N("supersededBy"),
    N("occupation"),
    N("qualificationLevel"),
    N("correspondsTo"),
    N("inFramework"),
    N("hasDescriptor"),
    N("educationPathway"),
]
DESCRIPTORS = (N("knowledgeDescriptor"), N("skillsDescriptor"), N("competenceDescriptor"))
# What the card, function and skill pages read of the elements below them.
ELEMENT_FACTS = (
    *SUMMARY_PROPERTIES,
    N("ordinal"),
    N("mandatory"),
    N("validFrom"),
    N("validUntil"),
    N("supersededBy"),
    N("recognition"),
    N("relatedLevel"),
    N("namesOccupation"),
    *DESCRIPTORS,
)
CARD_SUMMARY = (V.LABEL, V.TYPE, N("qualificationLevel"), N("occupation"), N("ordinal"))


@dataclass
class CardRow:
    """A card in a list: its link, level, occupation and standard."""

    link: Link
    level: Link | None
    level_number: int | None
    occupations: list[Link]
    standard: Link | None = None
    sector: Link | None = None


@dataclass
class LevelGroup:
    number: int | None
    cards: list[CardRow]


@dataclass
class StandardBody:
    passport: list[Fact]
    activity_path: list[Link]
    levels: list[LevelGroup]
    approvals: list[Item]
    paragraphs: list[Item]
    amendments: list[Link]


@dataclass
class SkillView:
    link: Link
    number: int | None
    abilities: list[Item]
    knowledge: list[Item]
    facts: list[Fact]
    versions: Versions | None = None


@dataclass
class FunctionView:
    link: Link
    number: int | None
    mandatory: bool
    skills: list[SkillView]


@dataclass
class Related:
    text: Text
    level: Link | None
    link: Link


@dataclass
class OtherTitle:
    text: Text
    code: str
    occupation: Link | None


@dataclass
class Descriptor:
    label: str
    text: Text


@dataclass
class CardBody:
    standard: Link | None
    occupations: list[Link]
    level: Link | None
    framework: Link | None
    nqf_level: Link | None
    descriptors: list[Descriptor]
    pathway: Link | None
    purpose: Text | None
    facts: list[Fact]
    functions: list[FunctionView]
    competencies: list[Item]
    related: list[Related]
    other_titles: list[OtherTitle]
    education: list[Link]
    handbook: list[Link]
    positions: list[Link] = field(default_factory=list)


def card_row(ctx: Ctx, card: str) -> CardRow:
    g = ctx.graph
    level = g.iri(card, N("qualificationLevel"))
    framework = g.iri(level, N("inFramework")) if level else None
    return CardRow(
        ctx.link(card),
        ctx.link(level) if level else None,
        g.integer(level, N("levelNumber")) if level else None,
        ctx.links(g.iris(card, N("occupation"))),
        sector=ctx.link(framework) if framework else None,
    )


def levels_into(ctx: Ctx, levels: list[str]) -> None:
    """The framework, number and NQF level of each of ``levels``, and the frameworks' names."""
    if not levels:
        return
    g = ctx.graph
    links = [N("inFramework"), N("correspondsTo")]
    properties_into(g, levels, [*links, N("levelNumber")])
    summaries_into(g, [o for lv in levels for p in links for o in g.iris(lv, p)])


def card_rows(ctx: Ctx, cards: list[str]) -> list[CardRow]:
    """The cards with their standards, occupations, levels and sectors."""
    g = ctx.graph
    properties_into(g, cards, CARD_SUMMARY)
    standards = linking_into(g, cards, [N("hasCard")])
    levels_into(ctx, [lv for c in cards for lv in g.iris(c, N("qualificationLevel"))])
    named = [
        o for c in cards for p in (N("occupation"), N("qualificationLevel")) for o in g.iris(c, p)
    ]
    summaries_into(g, [*named, *standards])
    out = []
    for c in cards:
        row = card_row(ctx, c)
        parents = g.subjects(N("hasCard"), c)
        row.standard = ctx.link(sorted(parents)[0]) if parents else None
        out.append(row)
    return out


def _versioned(ctx: Ctx) -> list[str]:
    g = ctx.graph
    marks = (N("validFrom"), N("validUntil"), N("supersededBy"))
    return [s for s in list(g.out) if any(g.objects(s, p) for p in marks)]


def standard(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    tree_into(g, iri, [N("hasApproval"), N("hasParagraph"), N("supersededBy")])
    # the activity and the codes above it by their names only: each is derived from every
    # standard of the activity (500 at 1,000 standards)
    tree_into(g, iri, [N("economicActivity"), V.BROADER], SUMMARY_PROPERTIES)
    cards = g.iris(iri, N("hasCard"))
    versions_into(ctx, _versioned(ctx))
    summaries_into(g, [o.value for ps in g.out[iri].values() for o in ps if o.is_iri])
    rows = card_rows(ctx, cards)
    path: list[Link] = []
    seen: set[str] = set()
    current = g.iri(iri, N("economicActivity"))
    while current and current not in seen:
        seen.add(current)
        path.append(ctx.link(current))
        current = ctx.broader(current)
    rows.sort(key=lambda r: (r.level_number or 99, ctx.ordinal(r.link.iri), r.link.iri))
    groups: list[LevelGroup] = []
    for row in rows:
        if not groups or groups[-1].number != row.level_number:
            groups.append(LevelGroup(row.level_number, []))
        groups[-1].cards.append(row)
    body = StandardBody(
        facts(ctx, iri, STANDARD_FACTS),
        list(reversed(path)),
        groups,
        items(ctx, iri, N("hasApproval")),
        items(ctx, iri, N("hasParagraph")),
        ctx.links(g.subjects(N("amendedStandard"), iri)),
    )
    shown = {
        *STANDARD_FACTS,
        N("hasCard"),
        N("economicActivity"),
        N("hasApproval"),
        N("hasParagraph"),
    }
    return KindView("ld_standard.html", body, shown, {N("amendedStandard")})


def _function(ctx: Ctx, fn: str) -> FunctionView:
    g = ctx.graph
    skills = []
    for sk in ctx.ordered(g.iris(fn, N("hasSkill"))):
        ver = versions(ctx, sk)
        skills.append(
            SkillView(
                ctx.link(sk),
                g.integer(sk, N("ordinal")),
                items(ctx, sk, N("hasAbility")),
                items(ctx, sk, N("hasKnowledge")),
                facts(ctx, sk, [N("recognition")]),
                ver if ver.any else None,
            )
        )
    mandatory = g.boolean(fn, N("mandatory")) is not False
    return FunctionView(ctx.link(fn), g.integer(fn, N("ordinal")), mandatory, skills)


def card(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    tree_into(g, iri, CARD_TREE, ELEMENT_FACTS)
    ancestors_into(g, iri)
    versions_into(ctx, _versioned(ctx))
    summaries_into(g, g.object_iris())
    level = g.iri(iri, N("qualificationLevel"))
    framework = g.iri(level, N("inFramework")) if level else None
    nqf = g.iri(level, N("correspondsTo")) if level else None
    descriptors = []
    for prop in DESCRIPTORS:
        d = g.iri(nqf, prop) if nqf else None
        text = ctx.name(d) if d else None
        if d and text:
            descriptors.append(Descriptor(ctx.term(prop), text))
    functions = [_function(ctx, f) for f in ctx.ordered(g.iris(iri, N("hasLaborFunction")))]
    functions.sort(key=lambda f: (not f.mandatory, f.number or 0))
    related = [
        Related(
            ctx.name(r),
            ctx.link(lv) if (lv := g.iri(r, N("relatedLevel"))) else None,
            ctx.link(r),
        )
        for r in ctx.ordered(g.iris(iri, N("relatedOccupation")))
    ]
    titles = [
        OtherTitle(
            ctx.name(o),
            g.value(o, V.NOTATION) or "",
            ctx.link(occ) if (occ := g.iri(o, N("namesOccupation"))) else None,
        )
        for o in ctx.ordered(g.iris(iri, N("otherTitle")))
    ]
    parents = g.subjects(N("hasCard"), iri)
    pathway = g.iri(iri, N("educationPathway"))
    positions = linking_into(g, [iri], [N("describedByCard")])
    summaries_into(g, positions)
    body = CardBody(
        ctx.link(parents[0]) if parents else None,
        ctx.links(g.iris(iri, N("occupation"))),
        ctx.link(level) if level else None,
        ctx.link(framework) if framework else None,
        ctx.link(nqf) if nqf else None,
        descriptors,
        ctx.link(pathway) if pathway else None,
        ctx.literal(iri, N("mainPurpose")),
        facts(ctx, iri, CARD_FACTS),
        functions,
        items(ctx, iri, N("hasPersonalCompetency")),
        related,
        titles,
        ctx.links(g.iris(iri, N("educationLink")), by_ordinal=True),
        ctx.links(g.iris(iri, N("handbookLink")), by_ordinal=True),
        ctx.links(positions),
    )
    shown = {
        *CARD_FACTS,
        N("occupation"),
        N("qualificationLevel"),
        N("educationPathway"),
        N("mainPurpose"),
        N("hasLaborFunction"),
        N("hasPersonalCompetency"),
        N("relatedOccupation"),
        N("otherTitle"),
        N("educationLink"),
        N("handbookLink"),
        N("ordinal"),
    }
    inverse = {N("hasCard"), N("describedByCard")}
    return KindView("ld_card.html", body, shown, inverse, crumbs(ctx, iri))


def function(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    tree_into(
        g,
        iri,
        [N("hasSkill"), N("hasAbility"), N("hasKnowledge"), N("supersededBy")],
        ELEMENT_FACTS,
    )
    ancestors_into(g, iri)
    versions_into(ctx, _versioned(ctx))
    summaries_into(g, g.object_iris())
    shown = {N("hasSkill"), N("ordinal"), N("mandatory")}
    body = _function(ctx, iri)
    return KindView("ld_function.html", body, shown, {N("hasLaborFunction")}, crumbs(ctx, iri))


def skill(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    tree_into(g, iri, [N("hasAbility"), N("hasKnowledge"), N("supersededBy")], ELEMENT_FACTS)
    ancestors_into(g, iri)
    versions_into(ctx, [iri, *_versioned(ctx)])
    summaries_into(g, g.object_iris())
    body = SkillView(
        ctx.link(iri),
        g.integer(iri, N("ordinal")),
        items(ctx, iri, N("hasAbility")),
        items(ctx, iri, N("hasKnowledge")),
        facts(ctx, iri, [N("recognition")]),
    )
    shown = {N("hasAbility"), N("hasKnowledge"), N("ordinal"), N("recognition")}
    return KindView("ld_skill.html", body, shown, {N("hasSkill")}, crumbs(ctx, iri))


def element(ctx: Ctx, iri: str) -> KindView:
    """An ability, a knowledge item or a competency: its text is the page's title; the
    page shows where it sits (the breadcrumb) and its versions."""
    ancestors_into(ctx.graph, iri)
    describe_into(ctx.graph, ctx.graph.iris(iri, N("supersededBy")))
    return KindView(
        "ld_element.html", None, {N("ordinal")}, set(CARD_TREE) | {N("hasCard")}, crumbs(ctx, iri)
    )
