"""Pages of the classifications a card sits in: a qualification level (descriptors,
pathway, cards at that level across sectors), a framework, an occupation (its ISCO group,
the cards and positions that describe it) and an economic activity (OKED)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from nqs.server.pages.context import Ctx, Link, Text
from nqs.server.pages.fetch import (
    SUMMARY_PROPERTIES,
    linking_into,
    properties_into,
    query,
    select_table,
    summaries_into,
    tree_into,
)
from nqs.server.pages.page import Fact, facts
from nqs.server.pages.paging import Pager, pager
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

LEVEL_CARDS = 50
"""Cards a level page lists at a time (the others on its next pages)."""
CONCEPT_LIST = 50
"""Cards, standards and other titles a concept page lists at a time (each list paged by a
parameter of its own: ``?cards=2``, ``?standards=2``, ``?titles=2``)."""
NUMBERS = re.compile(r"\d+")
NUMBER_WIDTH = 12

# What the level page reads of the resources of its tree (not their provenance: a level is
# restated, and derived from, every document that uses it).
LEVEL_FACTS = (
    *SUMMARY_PROPERTIES,
    *DESCRIPTORS,
    N("sequenceNumber"),
    N("experienceRequired"),
    V.CLOSE_MATCH,
)


@dataclass
class SectorCards:
    sector: Link | None
    cards: list[CardRow]
    total: int
    """The sector's cards at the level in all (``cards`` may be a page of them)."""


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
    pager: Pager
    sector_count: int
    """How many sectors have cards at the level (``sectors`` are those of this page)."""


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
    cards_pager: Pager
    standards_pager: Pager
    titles_pager: Pager


def natural_key(iri: str) -> str:
    """``iri`` ordered with the numbers in it by value (``card/2`` before ``card/10``): each
    number padded with zeros to :data:`NUMBER_WIDTH` digits."""
    return NUMBERS.sub(_padded, iri)


def _padded(number: re.Match[str]) -> str:
    return number.group(0).rjust(NUMBER_WIDTH, "0")


def cards_at(ctx: Ctx, levels: list[str]) -> list[tuple[str, str]]:
    """The cards whose level is one of ``levels`` or corresponds to one of them, by sector
    (its name), level number and IRI (standard by standard, each one's cards in their
    order), each with its level; the levels' frameworks and numbers are fetched, not the
    cards."""
    if not levels:
        return []
    level_of: dict[str, str] = {}
    for r in select_table(query("cards-at-levels", {"x": levels})):
        card, lvl = r["card"], r["lvl"]
        level_of[card] = min(lvl, level_of.get(card, lvl))
    levels = sorted(set(level_of.values()))
    levels_into(ctx, levels)
    g = ctx.graph
    place: dict[str, tuple[str, int]] = {}
    for lvl in levels:
        fw = g.iri(lvl, N("inFramework"))
        place[lvl] = (ctx.link(fw).text if fw else "", g.integer(lvl, N("levelNumber")) or 0)

    def key(card: str) -> tuple[str, int, str]:
        return (*place[level_of[card]], natural_key(card))

    return [(card, level_of[card]) for card in sorted(level_of, key=key)]


def by_sector(ctx: Ctx, cards: list[tuple[str, str]], shown: list[CardRow]) -> list[SectorCards]:
    """The rows ``shown`` (a run of ``cards``, each with its level) grouped by sector, each
    group with the number of ``cards`` of its sector in all."""
    per_level = Counter(lvl for _, lvl in cards)
    totals: Counter[str] = Counter()
    for lvl, n in per_level.items():
        totals[ctx.graph.iri(lvl, N("inFramework")) or ""] += n
    groups: list[SectorCards] = []
    for row in shown:
        key = row.sector.iri if row.sector else ""
        if not groups or (groups[-1].sector.iri if groups[-1].sector else "") != key:
            groups.append(SectorCards(row.sector, [], totals.get(key, 0)))
        groups[-1].cards.append(row)
    return groups


def level(ctx: Ctx, iri: str) -> KindView:
    g = ctx.graph
    tree_into(g, iri, LEVEL_TREE, LEVEL_FACTS)
    nqf = g.iri(iri, N("correspondsTo")) or iri
    sectoral = sorted(set(linking_into(g, [iri], [N("correspondsTo")])))
    levels_into(ctx, sectoral)
    summaries_into(g, g.object_iris())
    cards = cards_at(ctx, [iri])
    paging = pager(len(cards), LEVEL_CARDS)
    rows = card_rows(ctx, [card for card, _ in paging.slice(cards)])
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
        by_sector(ctx, cards, rows),
        len(cards),
        number,
        paging,
        len({g.iri(lvl, N("inFramework")) for _, lvl in cards}),
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


def bounded(iris: list[str], parameter: str) -> tuple[list[str], Pager]:
    """The page of ``iris`` (each once, in :func:`natural_key` order: standard by standard,
    each one's cards in their order) this request asks for by ``parameter``, and its
    pager; a list that fits on one page is shown by name."""
    ordered = sorted(set(iris), key=natural_key)
    paging = pager(len(ordered), CONCEPT_LIST, parameter)
    return paging.slice(ordered), paging


def _links(ctx: Ctx, iris: list[str], paging: Pager) -> list[Link]:
    """A list's links: by name when it fits on one page, else in the page's order."""
    return [ctx.link(i) for i in iris] if paging.many else ctx.links(iris)


def concept(ctx: Ctx, iri: str) -> KindView:
    """An occupation (NKZ) or an economic activity (OKED)."""
    g = ctx.graph
    tree_into(g, iri, [V.BROADER], SUMMARY_PROPERTIES)
    linking = [
        V.BROADER,
        N("occupation"),
        N("economicActivity"),
        N("correspondsToOccupation"),
        N("namesOccupation"),
        N("sectorActivity"),
    ]
    linking_into(g, [iri], linking)
    by = {p: sorted(set(g.subjects(p, iri))) for p in linking}
    cards, cards_pager = bounded(by[N("occupation")], "cards")
    standards, standards_pager = bounded(by[N("economicActivity")], "standards")
    titles, titles_pager = bounded(by[N("namesOccupation")], "titles")
    card_list = card_rows(ctx, cards)
    if not cards_pager.many:
        card_list.sort(key=lambda r: (r.level_number or 0, r.link.text))
    others = [V.BROADER, N("correspondsToOccupation"), N("sectorActivity")]
    summaries_into(g, [*standards, *titles, *(s for p in others for s in by[p])])
    body = ConceptBody(
        _path(ctx, iri),
        ctx.links(by[V.BROADER]),
        ctx.links(g.iris(iri, V.BROAD_MATCH) + g.iris(iri, V.CLOSE_MATCH)),
        card_list,
        _links(ctx, standards, standards_pager),
        ctx.links(by[N("correspondsToOccupation")]),
        _links(ctx, titles, titles_pager),
        ctx.links(by[N("sectorActivity")]),
        cards_pager,
        standards_pager,
        titles_pager,
    )
    shown = {V.BROADER, V.BROAD_MATCH, V.CLOSE_MATCH, V.NOTATION}
    return KindView("ld_concept.html", body, shown, set(linking))
