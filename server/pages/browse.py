"""Ways into the graph: the NQF levels with the sectoral levels and their cards, the OKED
and NKZ classifier trees, and the alphabetical index."""

from __future__ import annotations

from dataclasses import dataclass, field

from nqs.search_index import AZ_KINDS as INDEX_KINDS
from nqs.search_index import az_entries
from nqs.server.pages.context import Ctx, Link, resource_href
from nqs.server.pages.fetch import LocalGraph, per_data_version, query, select, summaries_into
from nqs.server.pages.search import index_file, initial
from nqs.server.pages.terms import N, Node, V

NQF_PATH = "framework/nqf"


ATTACHED_LIMIT = 10
"""Resources a classifier tree lists under a concept (an activity of a registry has
hundreds of standards)."""


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
    """The first :data:`ATTACHED_LIMIT` resources attached, by name (the concept's page
    lists every one)."""
    attached_total: int = 0


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
            query(
                "class-triples",
                {"class": N("QualificationLevel")},
                filters={"p": keep},
                limit=20000,
            )
        ),
    )
    summaries_into(g, g.object_iris())
    counts = {r["l"].value: int(r["n"].value) for r in select(query("level-card-counts"))}
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


def tree(ctx: Ctx, cls: str, attach: str | None, count_by: str) -> list[TreeNode]:
    """The concepts of class ``cls`` as a forest by ``skos:broader``, each with the number
    of resources linking to it by ``count_by`` and the first resources linking by
    ``attach`` (none without it)."""
    g = ctx.graph
    keep = (V.LABEL, V.PREF_LABEL, V.NOTATION, V.BROADER)
    _fill(
        g,
        select(query("class-triples", {"class": cls}, filters={"p": keep})),
    )
    concepts = sorted(g.out)
    counts = {
        r["c"].value: int(r["n"].value)
        for r in select(query("concept-counts", {"class": cls, "by": count_by}))
    }
    attached: dict[str, list[str]] = {}
    rows = select(query("attached", {"class": cls, "attach": attach})) if attach else []
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
        found = sorted(set(attached.get(c, [])))
        node.attached = ctx.links(found)[:ATTACHED_LIMIT]
        node.attached_total = len(found)
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


@dataclass
class IndexEntry:
    """A resource of the alphabetical index: its kind and its names (rdfs:label before
    skos:prefLabel, each with its language)."""

    kind: str
    names: list[tuple[int, str, str]] = field(default_factory=list)


INDEX_KEY = "nqs.ld.az-index"
# The alphabets the index knows, each in its own order: the Kazakh Cyrillic alphabet (42
# letters), the Russian (33) and the Latin (26).
KAZAKH = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Per page language: its own alphabet first, then the letters of the others.
ALPHABETS: dict[str, tuple[str, ...]] = {
    "kk": (KAZAKH, LATIN),
    "ru": (RUSSIAN, KAZAKH, LATIN),
    "en": (LATIN, KAZAKH),
}
OWN_ALPHABET = {"kk": KAZAKH, "ru": RUSSIAN, "en": LATIN}


def index_entries() -> dict[str, IndexEntry]:
    """The resources of the index kinds with their names (once per data version in each
    worker): from the build's search index file (:mod:`nqs.search_index`), else by one
    query."""
    return per_data_version(INDEX_KEY, _fetch_index_entries)


def _fetch_index_entries() -> dict[str, IndexEntry]:
    found = index_file()
    entries = found.az() if found is not None else az_entries(select)
    return {iri: IndexEntry(kind, names) for iri, (kind, names) in entries.items()}


def alphabet(ctx: Ctx, letter: str | None) -> tuple[list[str], str, list[tuple[str, list[Link]]]]:
    """The initial letters in use (the page language's alphabet first, in its order, then
    the other letters), the letter shown (the one asked for, else the first letter of the
    page language's alphabet that has entries), and its entries grouped by kind; each
    resource filed under its name in the preferred label language."""
    rank = {lang: i for i, lang in enumerate(ctx.order)}
    by_letter: dict[str, list[tuple[str, str, str, str]]] = {}
    for iri, entry in index_entries().items():
        _, _, lang, text = min(
            (rank.get(lang.split("-")[0], len(rank)), r, lang, text)
            for r, lang, text in entry.names
        )
        by_letter.setdefault(initial(text), []).append((iri, entry.kind, text, lang))
    letters = sorted(by_letter, key=lambda x: letter_key(x, ctx.ui_lang))
    own = OWN_ALPHABET.get(ctx.ui_lang, LATIN)
    first = next((x for x in letters if x in own), letters[0] if letters else "")
    chosen = letter if letter in by_letter else first
    groups: dict[str, list[Link]] = {}
    for iri, kind, text, lang in by_letter.get(chosen, []):
        href, external = resource_href(iri, ctx.base)
        link = Link(href, text, lang, kind=kind, iri=iri, external=external)
        groups.setdefault(kind, []).append(link)
    ordered = [
        (k, sorted(groups[k], key=lambda lk: (collation_key(lk.text, ctx.ui_lang), lk.iri)))
        for k in INDEX_KINDS
        if k in groups
    ]
    return letters, chosen, ordered


def collation_key(text: str, lang: str) -> tuple[int, ...]:
    """``text`` in the order of the alphabets of a page in ``lang`` (Аға before Ассистент
    in Kazakh, where Ғ follows Г), case aside: spaces and signs first, then digits, the
    letters of those alphabets, and other letters last."""
    order = _collation(lang)
    return tuple(_weight(ch, order) for ch in text.upper())


def _weight(ch: str, order: dict[str, int]) -> int:
    if ch in order:
        return 11 + order[ch]
    if "0" <= ch <= "9":
        return 1 + ord(ch) - ord("0")
    return 11 + len(order) + ord(ch) if ch.isalpha() else 0


def _collation(lang: str) -> dict[str, int]:
    found = _COLLATIONS.get(lang)
    if found is None:
        found = {}
        for letters in ALPHABETS.get(lang, ALPHABETS["en"]):
            for ch in letters:
                found.setdefault(ch, len(found))
        _COLLATIONS[lang] = found
    return found


_COLLATIONS: dict[str, dict[str, int]] = {}


def letter_key(letter: str, lang: str) -> tuple[int, int, str]:
    """Where a letter goes in the index of a page in ``lang``: the alphabets of
    :data:`ALPHABETS` one after the other, then other letters, then digits and signs."""
    offset = 0
    for letters in ALPHABETS.get(lang, ALPHABETS["en"]):
        pos = letters.find(letter)
        if pos >= 0:
            return (0, offset + pos, letter)
        offset += len(letters)
    return (1 if letter.isalpha() else 2, 0, letter)


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
    key_of = {cls: key for key, cls in STAT_CLASSES}
    rows = select(query("class-counts", {"c": [cls for _, cls in STAT_CLASSES]}))
    found = {key_of[r["c"].value]: int(r["n"].value) for r in rows}
    return [(key, found[key]) for key, _ in STAT_CLASSES if found.get(key)]
