"""Ways into the graph: the NQF levels with the sectoral levels and their cards, the OKED
and NKZ classifier trees, and the alphabetical index."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from nqs.server.ld_context import Ctx, Link
from nqs.server.ld_fetch import LocalGraph, select, summaries_into
from nqs.server.ld_search import index, initial
from nqs.server.ld_terms import N, Node, V, in_filter, sparql_literal

NQF_PATH = "framework/nqf"
INDEX_KINDS = (
    "standard",
    "card",
    "occupation",
    "position",
    "activity",
    "level",
    "framework",
    "act",
)


@dataclass
class SectorLevel:
    level: Link
    framework: Link | None
    cards: int


@dataclass
class NqfLevel:
    number: int
    link: Link | None
    sectoral: list[SectorLevel]
    cards: int


@dataclass
class TreeNode:
    link: Link
    count: int
    children: list[TreeNode] = field(default_factory=list)
    attached: list[Link] = field(default_factory=list)


def _fill(graph: LocalGraph, rows: list[dict[str, Node]]) -> None:
    for row in rows:
        graph.add(row["s"].value, row["p"].value, row["o"])


def levels(ctx: Ctx) -> tuple[list[NqfLevel], list[SectorLevel]]:
    """Each NQF level with the sectoral levels that correspond to it and their card
    counts; and the sectoral levels that correspond to no NQF level."""
    g = ctx.graph
    keep = (V.LABEL, V.PREF_LABEL, N("levelNumber"), N("inFramework"), N("correspondsTo"))
    _fill(
        g,
        select(
            "SELECT DISTINCT ?s ?p ?o WHERE { "
            f"?s a <{N('QualificationLevel')}> ; ?p ?o {in_filter('p', keep)} }} LIMIT 20000"
        ),
    )
    summaries_into(g, g.object_iris())
    counts = {
        r["l"].value: int(r["n"].value)
        for r in select(
            "SELECT ?l (COUNT(DISTINCT ?c) AS ?n) WHERE { "
            f"?c <{N('qualificationLevel')}> ?l }} GROUP BY ?l LIMIT 20000"
        )
    }
    all_levels = [s for s in g.out if g.integer(s, N("levelNumber")) is not None]
    framework = ctx.base + NQF_PATH
    nqf = sorted(
        {o for s in all_levels for o in g.iris(s, N("correspondsTo"))}
        | {s for s in all_levels if g.iri(s, N("inFramework")) == framework},
        key=lambda s: (g.integer(s, N("levelNumber")) or 0, s),
    )
    out: list[NqfLevel] = []
    placed: set[str] = set(nqf)
    for number in range(1, 9):
        here = [s for s in nqf if g.integer(s, N("levelNumber")) == number]
        sectoral = []
        for level in sorted(
            (s for h in here for s in g.subjects(N("correspondsTo"), h)),
            key=lambda s: (ctx.name(g.iri(s, N("inFramework")) or s).text, s),
        ):
            placed.add(level)
            fw = g.iri(level, N("inFramework"))
            sectoral.append(
                SectorLevel(ctx.link(level), ctx.link(fw) if fw else None, counts.get(level, 0))
            )
        out.append(
            NqfLevel(
                number,
                ctx.link(here[0]) if here else None,
                sectoral,
                sum(s.cards for s in sectoral) + sum(counts.get(h, 0) for h in here),
            )
        )
    loose = [
        SectorLevel(
            ctx.link(s),
            ctx.link(fw) if (fw := g.iri(s, N("inFramework"))) else None,
            counts.get(s, 0),
        )
        for s in sorted(set(all_levels) - placed)
    ]
    return out, loose


def tree(ctx: Ctx, cls: str, attach: str, count_by: str) -> list[TreeNode]:
    """The concepts of class ``cls`` as a forest by ``skos:broader``, each with the number
    of resources linking to it by ``count_by`` and the resources linking by ``attach``."""
    g = ctx.graph
    keep = (V.LABEL, V.PREF_LABEL, V.NOTATION, V.BROADER)
    _fill(
        g,
        select(
            "SELECT DISTINCT ?s ?p ?o WHERE { "
            f"?s a <{cls}> ; ?p ?o {in_filter('p', keep)} }} LIMIT 50000"
        ),
    )
    concepts = sorted(g.out)
    counts = {
        r["c"].value: int(r["n"].value)
        for r in select(
            f"SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x <{count_by}> ?c . "
            f"?c a <{cls}> }} GROUP BY ?c LIMIT 50000"
        )
    }
    attached: dict[str, list[str]] = {}
    rows = select(
        "SELECT DISTINCT ?x ?c ?l WHERE { "
        f"?x <{attach}> ?c . ?c a <{cls}> . OPTIONAL {{ ?x <{V.LABEL}> ?l }} }} LIMIT 50000"
    )
    for row in rows:
        attached.setdefault(row["c"].value, []).append(row["x"].value)
        if "l" in row:
            g.add(row["x"].value, V.LABEL, row["l"])
    known = set(concepts)
    parent: dict[str, str] = {}
    for c in concepts:
        ups = sorted(b for b in g.iris(c, V.BROADER) if b in known and b != c)
        if ups:
            parent[c] = ups[0]
    # a concept whose chain of broader concepts loops is placed at the top
    for c in concepts:
        seen, cur = {c}, c
        while cur in parent:
            cur = parent[cur]
            if cur in seen:
                parent.pop(c, None)
                break
            seen.add(cur)
    nodes = {c: TreeNode(ctx.link(c), counts.get(c, 0)) for c in concepts}
    for c, node in nodes.items():
        node.attached = ctx.links(attached.get(c, []))
    roots = []
    for c in concepts:
        if c in parent:
            nodes[parent[c]].children.append(nodes[c])
        else:
            roots.append(nodes[c])

    def key(n: TreeNode) -> tuple[str, str]:
        return (n.link.code or n.link.text, n.link.iri)

    def sort(ns: list[TreeNode]) -> None:
        ns.sort(key=key)
        for n in ns:
            sort(n.children)

    sort(roots)
    return roots


def alphabet(ctx: Ctx, letter: str | None) -> tuple[list[str], str, list[tuple[str, list[Link]]]]:
    """The initial letters in use, the letter shown, and its entries grouped by kind."""
    idx = index()
    by_letter: dict[str, dict[str, tuple[str, str]]] = {}
    kinds: dict[str, str] = {}
    for entry in idx.entries:
        if not entry.primary or entry.kind not in INDEX_KINDS:
            continue
        text, lang = idx.labels.get(entry.iri, (entry.text, entry.lang))
        by_letter.setdefault(initial(text), {})[entry.iri] = (text, lang)
        kinds[entry.iri] = entry.kind
    letters = sorted(by_letter, key=lambda x: (not x.isalpha(), _alphabet_key(x)))
    chosen = letter if letter in by_letter else (letters[0] if letters else "")
    groups: dict[str, list[Link]] = {}
    for iri, (text, lang) in by_letter.get(chosen, {}).items():
        link = replace(ctx.link(iri), text=text, lang=lang)
        groups.setdefault(kinds[iri], []).append(link)
    ordered = [
        (k, sorted(groups[k], key=lambda lk: (lk.text.casefold(), lk.iri)))
        for k in INDEX_KINDS
        if k in groups
    ]
    return letters, chosen, ordered


# Latin, then the Cyrillic alphabet with the Kazakh letters in their places.
ORDER = "ABCDEFGHIJKLMNOPQRSTUVWXYZАӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"


def _alphabet_key(letter: str) -> tuple[int, str]:
    pos = ORDER.find(letter)
    return (pos if pos >= 0 else len(ORDER), letter)


STAT_CLASSES = (
    ("standards", N("ProfessionalStandard")),
    ("cards", N("ProfessionCard")),
    ("functions", N("LaborFunction")),
    ("skills", N("Skill")),
    ("occupations", N("Occupation")),
    ("positions", N("Position")),
    ("acts", N("LegalAct")),
    ("documents", N("SourceDocument")),
)


def counts() -> list[tuple[str, int]]:
    """How many resources of the main classes the graph holds."""
    classes = " ".join(f"(<{cls}> {sparql_literal(key)})" for key, cls in STAT_CLASSES)
    rows = select(
        "SELECT ?key (COUNT(DISTINCT ?x) AS ?n) WHERE { "
        f"VALUES (?c ?key) {{ {classes} }} ?x a ?c }} GROUP BY ?key LIMIT 100"
    )
    found = {r["key"].value: int(r["n"].value) for r in rows}
    return [(key, found[key]) for key, _ in STAT_CLASSES if found.get(key)]
