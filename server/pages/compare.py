"""Cross-sector comparison: the cards of one level in several sectors side by side, and a
chart of how many cards, labor functions and skills each sector has at each level (drawn
on the server as SVG; the sector of a card is the sectoral framework of its level)."""

from __future__ import annotations

from dataclasses import dataclass, field

from nqs.server.pages.context import Ctx, Link, Text
from nqs.server.pages.fetch import (
    linking_into,
    per_data_version,
    properties_into,
    query,
    select,
    select_table,
    summaries_into,
)
from nqs.server.pages.terms import N, Node, V
from nqs.sparql_bind import integer

LEVELS = tuple(range(1, 9))
COUNTS_KEY = "nqs.ld.sector-counts"
# Colour-blind-safe series colours (Okabe–Ito), dark enough for white text on the legend.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
MEASURES = ("cards", "functions", "skills")
CHART_WIDTH = 880
PANEL_HEIGHT = 190
PLOT_TOP = 34
PLOT_LEFT = 48
PLOT_RIGHT = 16
PLOT_BOTTOM = 30
COLUMN_LIMIT = 10
MIN_LABELLED_BAR = 14
CARD_PROPERTIES = (
    V.LABEL,
    V.TYPE,
    N("occupation"),
    N("educationLevel"),
    N("levelNote"),
    N("specialty"),
    N("hasLaborFunction"),
    N("hasPersonalCompetency"),
    N("educationLink"),
    N("ordinal"),
)


@dataclass
class Counts:
    cards: int = 0
    functions: int = 0
    skills: int = 0


@dataclass
class Sector:
    iri: str
    link: Link
    code: str
    color: str
    counts: dict[int, Counts] = field(default_factory=dict)


@dataclass
class CardSummary:
    link: Link
    standard: Link | None
    occupations: list[Link]
    education: list[Text]
    functions: list[Link]
    competencies: list[Link]


@dataclass
class Column:
    sector: Sector
    cards: list[CardSummary]
    total: int
    level: Link | None = None
    """The sector's level page, which lists every card when the column shows only some."""


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    value: int
    title: str


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class Panel:
    title: str
    top: float
    bars: list[Bar]
    ticks: list[Tick]
    axis_y: float
    level_x: list[tuple[float, int]]


@dataclass
class Chart:
    width: int
    height: int
    panels: list[Panel]
    legend: list[tuple[float, str, str]]
    values: bool
    """Whether the bars are wide enough to write their values above them."""


def sectors(ctx: Ctx) -> list[Sector]:
    """Every sector with cards, with its counts per level (current elements only)."""
    rows = _counts()
    g = ctx.graph
    iris = sorted({r["fw"].value for r in rows})
    if not iris:
        return []
    summaries_into(g, iris)
    activity = select(query("sector-activities", {"fw": iris}))
    codes = {r["fw"].value: r["code"].value for r in activity if "code" in r}
    found: dict[str, Sector] = {}
    for i, iri in enumerate(sorted(iris, key=lambda x: (codes.get(x, "~"), x))):
        code = codes.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]
        found[iri] = Sector(iri, ctx.link(iri), code, PALETTE[i % len(PALETTE)])
    for r in rows:
        found[r["fw"].value].counts[int(r["n"].value)] = Counts(
            int(r["cards"].value), int(r["functions"].value), int(r["skills"].value)
        )
    return list(found.values())


def _counts() -> list[dict[str, Node]]:
    """Cards, current labor functions and current skills per sector and level number,
    counted once per build."""
    return per_data_version(COUNTS_KEY, _count)


def _count() -> list[dict[str, Node]]:
    cards = select(query("card-levels"))
    functions = _pairs(N("hasLaborFunction"))
    skills = _pairs(N("hasSkill"))
    old = {r["x"].value for r in select(query("valid-until"))}
    table: dict[tuple[str, str], dict[str, Node]] = {}
    tallies: dict[tuple[str, str], tuple[set[str], set[str], set[str]]] = {}
    for r in cards:
        key = (r["fw"].value, r["n"].value)
        table.setdefault(key, {"fw": r["fw"], "n": r["n"]})
        found = tallies.setdefault(key, (set(), set(), set()))
        card = r["card"].value
        found[0].add(card)
        for f in functions.get(card, ()):
            if f in old:
                continue
            found[1].add(f)
            found[2].update(x for x in skills.get(f, ()) if x not in old)
    for key, row in table.items():
        for measure, members in zip(MEASURES, tallies[key], strict=True):
            row[measure] = Node("literal", str(len(members)))
    return list(table.values())


def _pairs(prop: str) -> dict[str, list[str]]:
    """Subject → objects of ``prop`` over the whole graph."""
    out: dict[str, list[str]] = {}
    for r in select(query("pairs", {"prop": prop})):
        out.setdefault(r["s"].value, []).append(r["o"].value)
    return out


def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value``."""
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    for m in (1, 2, 2.5, 5, 10):
        top = int(m * step)
        if top >= value:
            return top
    return value


def chart(ctx: Ctx, shown: list[Sector]) -> Chart:
    """Three panels (cards, functions, skills), bars grouped by level, one per sector."""
    plot_w = CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT
    group_w = plot_w / len(LEVELS)
    inner = group_w * 0.8
    bar_w = inner / max(1, len(shown))
    panels = []
    for p, measure in enumerate(MEASURES):
        top = p * PANEL_HEIGHT
        plot_h = PANEL_HEIGHT - PLOT_TOP - PLOT_BOTTOM
        axis_y = top + PLOT_TOP + plot_h
        values = [getattr(s.counts.get(n, Counts()), measure) for s in shown for n in LEVELS]
        top_value = _nice_max(max(values, default=0))
        bars = []
        for i, sector in enumerate(shown):
            for j, n in enumerate(LEVELS):
                v = getattr(sector.counts.get(n, Counts()), measure)
                if not v:
                    continue
                h = plot_h * v / top_value
                x = PLOT_LEFT + j * group_w + (group_w - inner) / 2 + i * bar_w
                title = ctx.t(
                    "compare.bar",
                    sector=sector.code,
                    level=n,
                    measure=ctx.t(f"compare.{measure}"),
                    n=v,
                )
                bars.append(
                    Bar(
                        round(x, 1),
                        round(axis_y - h, 1),
                        round(bar_w - 1, 1),
                        round(h, 1),
                        sector.color,
                        v,
                        title,
                    )
                )
        ticks = [
            Tick(round(axis_y - plot_h * k / 4, 1), str(round(top_value * k / 4))) for k in range(5)
        ]
        level_x = [
            (round(PLOT_LEFT + j * group_w + group_w / 2, 1), n) for j, n in enumerate(LEVELS)
        ]
        panels.append(Panel(ctx.t(f"compare.{measure}"), top, bars, ticks, axis_y, level_x))
    legend = [(PLOT_LEFT + i * 90.0, s.color, s.code) for i, s in enumerate(shown)]
    height = PANEL_HEIGHT * len(MEASURES) + 30
    return Chart(CHART_WIDTH, height, panels, legend, bar_w >= MIN_LABELLED_BAR)


def columns(ctx: Ctx, number: int, shown: list[Sector]) -> list[Column]:
    """The cards at level ``number`` of each sector shown (the first ``COLUMN_LIMIT`` by
    name), with their functions, the education they require and their competencies."""
    if not shown:
        return []
    # two small queries: joined in one, the levels' triples (repeated in every document
    # that uses the level) make the store's join slow
    levels = select(
        query("framework-levels", {"fw": [s.iri for s in shown], "number": integer(number)})
    )
    level_of = {r["fw"].value: r["l"].value for r in levels}
    sector_of = {r["l"].value: r["fw"].value for r in levels}
    # the names only to choose the first cards by: as plain text (CSV), read fast
    rows = select_table(query("cards-of-levels", {"l": list(sector_of)})) if sector_of else []
    by_sector: dict[str, dict[str, str]] = {}
    for r in rows:
        by_sector.setdefault(sector_of[r["l"]], {})[r["card"]] = r["name"]
    kept = {
        fw: sorted(cards, key=lambda c: (cards[c].casefold(), c))[:COLUMN_LIMIT]
        for fw, cards in by_sector.items()
    }
    chosen = [c for cards in kept.values() for c in cards]
    g = ctx.graph
    properties_into(g, chosen, CARD_PROPERTIES)
    links = (N("hasLaborFunction"), N("hasPersonalCompetency"), N("educationLink"))
    reached = [x for c in chosen for p in links for x in g.iris(c, p)]
    properties_into(g, reached, (V.LABEL, N("ordinal"), N("mandatory"), N("validUntil")))
    standards = linking_into(g, chosen, [N("hasCard")])
    occupations = [o for c in chosen for o in g.iris(c, N("occupation"))]
    summaries_into(g, [*standards, *occupations, *level_of.values()])
    return [
        Column(
            sector,
            [_summary(ctx, c) for c in kept.get(sector.iri, [])],
            len(by_sector.get(sector.iri, {})),
            ctx.link(level_of[sector.iri]) if sector.iri in level_of else None,
        )
        for sector in shown
    ]


def _summary(ctx: Ctx, card: str) -> CardSummary:
    g = ctx.graph
    standards = g.subjects(N("hasCard"), card)
    education = [
        t
        for p in (N("educationLevel"), N("levelNote"), N("specialty"))
        if (t := ctx.literal(card, p)) is not None
    ]
    education += [ctx.name(e) for e in ctx.ordered(g.iris(card, N("educationLink")))]
    current = [f for f in g.iris(card, N("hasLaborFunction")) if not g.value(f, N("validUntil"))]
    return CardSummary(
        ctx.link(card),
        ctx.link(sorted(standards)[0]) if standards else None,
        ctx.links(g.iris(card, N("occupation"))),
        education,
        ctx.links(current, by_ordinal=True),
        ctx.links(g.iris(card, N("hasPersonalCompetency")), by_ordinal=True),
    )
