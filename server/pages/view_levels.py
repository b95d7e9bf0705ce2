"""Pages of the classifications a card sits in: a qualification level (descriptors,
pathway, cards at that level across sectors), a framework, an occupation (its ISCO group,
the cards and positions that describe it) and an economic activity (OKED)."""

from __future__ import annotations

from dataclasses import dataclass

from nqs.server.pages.context import Ctx, Link, Text
from nqs.server.pages.fetch import (
    linking_into,
    properties_into,
    query,
    select,
    summaries_into,
    tree_into,
)
from nqs.server.pages.page import Fact, facts
from nqs.server.pages.terms import N, V
from nqs.server.pages.view_kinds import Item, KindView, items
from nqs.server.pages.view_standard import (
    DESCRIPTORS,
    CardRow,
    Descriptor,
    card_rows,
    levels_into,
)

LEVEL_TREE = [
    N("hasDescriptor"),
    N("hasPathway"),
    N("hasRoute"),
    N("refersToEducationLevel"),
    N("correspondsTo"),
    N("inFramework"),
    N("sectorActivity"),
]


@dataclass
class SectorCards:
    sector: Link | None
    cards: list[CardRow]


@dataclass
class Route:
    number: int | None
    text: Text
    levels: list[Link]
    experience: bool


@dataclass
class LevelBody:
    number: int | None
    framework: Link | None
    nqf_level: Link | None
    descriptors: list[Descriptor]
    pathway: Text | None
    pathway_link: Link | None
    routes: list[Route]
    matches: list[Link]
    sectoral: list[Link]
    sectors: list[SectorCards]
    card_count: int
    compare_level: int | None


@dataclass
class FrameworkBody:
    facts: list[Fact]
    levels: list[tuple[Link, int]]
    provisions: list[Item]


@dataclass
class ConceptBody:
    """An occupation or an economic activity: where it sits in its classifier, what it
    matches outside, and what describes it."""

    path: list[Link]
    narrower: list[Link]
    matches: list[Link]
    cards: list[CardRow]
    standards: list[Link]
    positions: list[Link]
    titles: list[Link]
    frameworks: list[Link]


def cards_at(ctx: Ctx, levels: list[str]) -> list[CardRow]:
    """The cards whose level is one of ``levels`` or corresponds to one of them, with their
    standards, occupations and sectors."""
    if not levels:
        return []
    found = select(query("cards-at-levels", {"x": levels}))
    out = card_rows(ctx, [r["card"].value for r in found])
    return sorted(
        out,
        key=lambda r: (
            r.sector.text if r.sector else "",
            r.level_number or 0,
            r.standard.text if r.standard else "",
            ctx.ordinal(r.link.iri),
        ),
    )


def by_sector(rows: list[CardRow]) -> list[SectorCards]:
    groups: list[SectorCards] = []
    for row in rows:
        key = row.sector.iri if row.sector else ""
        if not groups or (groups[-1].sector.iri if groups[-1].sector else "") != key:
            groups.append(SectorCards(row.sector, []))
        groups[-1].cards.append(row)
    return groups


def level(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    tree_into(g, iri, LEVEL_TREE)
    nqf = g.iri(iri, N("correspondsTo")) or iri
    sectoral = sorted(set(linking_into(g, [iri], [N("correspondsTo")])))
    levels_into(ctx, sectoral)
    rows = cards_at(ctx, [iri])
    summaries_into(g, g.object_iris())
    descriptors = []
    for prop in DESCRIPTORS:
        d = g.iri(nqf, prop) if nqf else None
        if d:
            descriptors.append(Descriptor(ctx.term(prop), ctx.name(d)))
    pathway = g.iri(nqf, N("hasPathway")) if nqf else None
    routes = []
    if pathway:
        for r in sorted(
            g.iris(pathway, N("hasRoute")),
            key=lambda x: (g.integer(x, N("sequenceNumber")) or 0, x),
        ):
            routes.append(
                Route(
                    g.integer(r, N("sequenceNumber")),
                    ctx.name(r),
                    ctx.links(g.iris(r, N("refersToEducationLevel"))),
                    g.boolean(r, N("experienceRequired")) is True,
                )
            )
    framework = g.iri(iri, N("inFramework"))
    number = g.integer(iri, N("levelNumber"))
    body = LevelBody(
        number,
        ctx.link(framework) if framework else None,
        ctx.link(nqf) if nqf and nqf != iri else None,
        descriptors,
        ctx.name(pathway) if pathway else None,
        ctx.link(pathway) if pathway else None,
        routes,
        ctx.links(g.iris(iri, V.CLOSE_MATCH)),
        ctx.links(sectoral),
        by_sector(rows),
        len(rows),
        number,
    )
    shown = {
        N("levelNumber"),
        N("inFramework"),
        N("correspondsTo"),
        N("hasDescriptor"),
        *DESCRIPTORS,
        N("hasPathway"),
        V.CLOSE_MATCH,
    }
    inverse = {N("correspondsTo"), N("qualificationLevel"), N("relatedLevel")}
    return KindView("ld_level.html", body, shown, inverse)


def framework(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    found = linking_into(g, [iri], [N("inFramework")])
    properties_into(g, found, [V.LABEL, N("levelNumber"), V.TYPE])
    tree_into(g, iri, [N("hasProvision")])
    summaries_into(g, g.object_iris())
    levels = sorted(set(found), key=lambda x: (g.integer(x, N("levelNumber")) or 0, x))
    props = [N("sectorActivity"), N("approvedBy"), V.PREF_LABEL, N("cites")]
    body = FrameworkBody(
        facts(ctx, iri, props),
        [(ctx.link(x), g.integer(x, N("levelNumber")) or 0) for x in levels],
        items(ctx, iri, N("hasProvision")),
    )
    return KindView(
        "ld_framework.html", body, {*props, N("hasProvision")}, {N("inFramework"), V.IN_SCHEME}
    )


def _path(ctx: Ctx, iri: str) -> list[Link]:
    """The concept's broader concepts, outermost first (each once, even in a cycle)."""
    out: list[Link] = []
    seen = {iri}
    current = ctx.broader(iri)
    while current and current not in seen:
        seen.add(current)
        out.append(ctx.link(current))
        current = ctx.broader(current)
    return list(reversed(out))


def concept(ctx: Ctx, iri: str) -> KindView:
    """An occupation (NKZ) or an economic activity (OKED)."""
    g = ctx.graph
    tree_into(g, iri, [V.BROADER])
    linking = [
        V.BROADER,
        N("occupation"),
        N("economicActivity"),
        N("correspondsToOccupation"),
        N("namesOccupation"),
        N("sectorActivity"),
    ]
    found = linking_into(g, [iri], linking)
    by = {p: sorted(set(g.subjects(p, iri))) for p in linking}
    card_list = card_rows(ctx, by[N("occupation")])
    summaries_into(g, found)
    card_list.sort(key=lambda r: (r.level_number or 0, r.link.text))
    body = ConceptBody(
        _path(ctx, iri),
        ctx.links(by.get(V.BROADER, [])),
        ctx.links(g.iris(iri, V.BROAD_MATCH) + g.iris(iri, V.CLOSE_MATCH)),
        card_list,
        ctx.links(by.get(N("economicActivity"), [])),
        ctx.links(by.get(N("correspondsToOccupation"), [])),
        ctx.links(by[N("namesOccupation")]),
        ctx.links(by.get(N("sectorActivity"), [])),
    )
    shown = {V.BROADER, V.BROAD_MATCH, V.CLOSE_MATCH, V.NOTATION}
    return KindView("ld_concept.html", body, shown, set(linking))
