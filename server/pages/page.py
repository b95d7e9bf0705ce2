"""The parts every resource page has: the facts not shown by the page's own sections, the
resources that link to it, its versions, and where it was read from."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from nqs.server.pages.context import Ctx, Link, Text
from nqs.server.pages.fetch import (
    describe_into,
    linking_into,
    properties_into,
    query,
    select,
    summaries_into,
)
from nqs.server.pages.source import (
    Excerpt,
    excerpt,
    place_excerpt,
    place_texts,
    source_file,
    text_lines,
)
from nqs.server.pages.terms import N, Node, V, compact
from nqs.sparql_bind import integer

# Shown in the page's head or provenance, never in the table of other facts.
HEAD_PROPERTIES = {
    V.TYPE,
    V.LABEL,
    V.DERIVED_FROM,
    N("sourceUnit"),
    N("sourceStart"),
    N("sourceEnd"),
    N("validFrom"),
    N("validUntil"),
    N("supersededBy"),
}
SAME_PLACE_LIMIT = 30
ELSEWHERE_LIMIT = 10
"""Other documents a resource's page names with their places (a level or a code that
every standard restates is named in hundreds: the page says how many in all, and its RDF
description lists every one)."""
INVERSE_LIMIT = 300
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass
class Value:
    """One value of a fact: a literal's text or a link."""

    text: str
    lang: str = ""
    link: Link | None = None
    datatype: str = ""


@dataclass
class Fact:
    """A property and its values (a row of a definition list)."""

    label: str
    href: str
    values: list[Value]


@dataclass
class InverseGroup:
    """The resources that link here by one property."""

    label: str
    href: str
    links: list[Link]


@dataclass
class DiffPart:
    op: str
    text: str


@dataclass
class Change:
    """One amendment of a text: the act, when, the old and new wording and the word diff."""

    act: Link | None
    amendment: Link | None
    date: str
    old: Text | None
    new: Text | None
    diff: list[DiffPart]
    old_link: Link | None = None
    new_link: Link | None = None


@dataclass
class Versions:
    valid_from: str = ""
    valid_until: str = ""
    superseded_by: list[Link] = field(default_factory=list)
    supersedes: list[Link] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(
            self.valid_from
            or self.valid_until
            or self.superseded_by
            or self.supersedes
            or self.changes
        )


@dataclass
class Placed:
    """Another document that a resource was read from, and the place in it."""

    document: Link
    place: str


@dataclass
class Provenance:
    document: Link | None = None
    file_name: str = ""
    media_type: str = ""
    place: str = ""
    unit: str = ""
    start: int = 0
    end: int = 0
    excerpt: Excerpt | None = None
    source_href: str = ""
    same_place: list[Link] = field(default_factory=list)
    elsewhere: list[Placed] = field(default_factory=list)
    """The other documents that name the resource (a shared level, code or act), each with
    the place in its own graph: the first :data:`ELSEWHERE_LIMIT` of them."""
    elsewhere_total: int = 0
    """How many other documents name the resource in all."""


def value(ctx: Ctx, node: Node) -> Value:
    if node.is_iri:
        return Value(ctx.link(node.value).text, link=ctx.link(node.value))
    datatype = compact(node.datatype) if node.datatype.startswith(XSD) else ""
    text = node.value
    if node.datatype == XSD + "boolean":
        text = ctx.t("value.yes") if node.value in ("true", "1") else ctx.t("value.no")
        datatype = ""
    return Value(text, node.lang, None, datatype)


def fact(ctx: Ctx, s: str, p: str, by_ordinal: bool = False) -> Fact | None:
    """The values of ``p`` for ``s`` as a fact (None when there are none)."""
    nodes = ctx.graph.objects(s, p)
    if not nodes:
        return None
    iris = [n.value for n in nodes if n.is_iri]
    ordered = ctx.ordered(iris) if by_ordinal else sorted(iris, key=ctx.sort_key)
    values = [value(ctx, n) for n in sorted((n for n in nodes if not n.is_iri), key=_lit_key)]
    values += [value(ctx, Node("iri", i)) for i in ordered]
    return Fact(ctx.term(p), ctx.link(p).href, values)


def _lit_key(node: Node) -> tuple[int, str]:
    order = {"kk": 0, "ru": 1, "en": 2}
    return (order.get(node.lang, 3), node.value)


def facts(ctx: Ctx, s: str, props: list[str]) -> list[Fact]:
    """Facts for the given properties, in that order, leaving out those without values."""
    return [f for p in props if (f := fact(ctx, s, p)) is not None]


def other_facts(ctx: Ctx, s: str, shown: set[str]) -> list[Fact]:
    """Every property of ``s`` not shown elsewhere on the page, by label."""
    props = [p for p in ctx.graph.out.get(s, {}) if p not in shown and p not in HEAD_PROPERTIES]
    found = facts(ctx, s, props)
    return sorted(found, key=lambda f: f.label.casefold())


def inverse_groups(ctx: Ctx, iri: str, skip: set[str]) -> list[InverseGroup]:
    """The resources linking to ``iri``, grouped by property (skipping ``skip``)."""
    groups = []
    for p, subjects in ctx.graph.inv.get(iri, {}).items():
        if p in skip or p == V.DERIVED_FROM:
            continue
        label = ctx.t("page.inverse_of", property=ctx.term(p))
        groups.append(InverseGroup(label, ctx.link(p).href, ctx.links(subjects)))
    return sorted(groups, key=lambda g: g.label.casefold())


def place_text(ctx: Ctx, unit: str, start: int, end: int) -> str:
    """``lines 12–14``, ``page 3``, … in the interface's language ("" without a place)."""
    if not (unit and start):
        return ""
    return ctx.t(f"place.{unit}{'' if start == end else 's'}", start=start, end=end)


def places(s: str, docs: list[str], limit: int) -> list[tuple[str, str, int, int]]:
    """(document, unit, start, end) of ``s`` in the graphs of up to ``limit`` of ``docs``
    (sorted, the documents it is derived from) that place it: a resource several documents
    name has a place in each one's graph, which the merge cannot pair with its document.
    Text files first (their lines can be shown), then by document; none when the store has
    no such graphs (a remote endpoint's merge only)."""
    # the unit and the documents by FILTER, not VALUES: joined to a VALUES block, the store
    # read the resource's places in every graph (772 for a level of sector J at 1,000
    # standards: 13 ms of CPU, 1 ms filtered)
    line = {"u": [ox.Literal("line")]}
    lines = select(query("source-places", {"s": s}, filters=line, limit=limit))
    first = {r["doc"].value for r in lines}
    first.update(docs[: max(0, limit - len(first))])
    rows = [*lines, *select(query("source-places", {"s": s}, filters={"doc": sorted(first)}))]
    found = {
        (r["doc"].value, r["u"].value, int(r["a"].value), int(r["b"].value))
        for r in rows
        if r["a"].value.isdigit() and r["b"].value.isdigit()
    }
    return sorted(found, key=lambda p: (p[1] != "line", p[0]))[:limit]


def provenance(ctx: Ctx, s: str) -> Provenance:
    """The source document of ``s`` and the place read, with the text there; for a
    resource several documents name, the others with their places."""
    g = ctx.graph
    docs = sorted(g.iris(s, V.DERIVED_FROM))
    out = Provenance()
    if not docs:
        return out
    doc = docs[0]
    unit = g.value(s, N("sourceUnit")) or ""
    start = g.integer(s, N("sourceStart")) or 0
    end = g.integer(s, N("sourceEnd")) or start
    placed = places(s, docs, ELSEWHERE_LIMIT + 1) if len(docs) > 1 else []
    if placed:
        doc, unit, start, end = placed[0]
        describe_into(g, [p[0] for p in placed[1:]])
        out.elsewhere = [Placed(ctx.link(d), place_text(ctx, u, a, b)) for d, u, a, b in placed[1:]]
        out.elsewhere_total = len(docs) - 1
    describe_into(g, [doc])
    out.document = ctx.link(doc)
    out.file_name = g.value(doc, N("fileName")) or ""
    out.media_type = g.value(doc, "http://purl.org/dc/terms/format") or ""
    out.unit, out.start, out.end = unit, start, end
    out.place = place_text(ctx, unit, start, end)
    if not (unit and start):
        return out
    if unit == "line":
        path = source_file(out.file_name, g.value(doc, N("sha256")) or "")
        if path is not None:
            out.excerpt = excerpt(text_lines(path), start, end)
            out.source_href = f"{out.document.href}#L{start}"
    else:
        texts = place_texts(g.value(doc, N("sha256")) or "")
        out.excerpt = place_excerpt(texts, unit, start, end)
        out.same_place = same_place(ctx, s, doc, unit, start, end)
    return out


def same_place(ctx: Ctx, s: str, doc: str, unit: str, start: int, end: int) -> list[Link]:
    """Other resources read from the same place of a DOCX or PDF document, narrowest first."""
    rows = select(
        query(
            "same-place",
            {"doc": doc, "start": integer(start), "end": integer(end)},
            limit=SAME_PLACE_LIMIT + 1,
        )
    )
    found = [r["x"].value for r in rows if r["x"].value != s][:SAME_PLACE_LIMIT]
    summaries_into(ctx.graph, found)
    return [ctx.link(x) for x in found]


def versions_into(ctx: Ctx, iris: list[str]) -> None:
    """Fetch the text changes that made or replaced any of ``iris``: their diffs, their
    amendments and the amending acts."""
    if not iris:
        return
    g = ctx.graph
    changes = linking_into(g, iris, [N("oldVersion"), N("newVersion")])
    if not changes:
        return
    describe_into(g, changes)
    describe_into(g, [d for c in changes for d in g.iris(c, N("hasDiffSegment"))])
    amendments = linking_into(g, changes, [N("hasTextChange")])
    properties_into(
        g, amendments, [V.LABEL, N("amendingAct"), N("effectiveDate"), N("amendmentNumber")]
    )
    summaries_into(g, [a for am in amendments for a in g.iris(am, N("amendingAct"))])


def change(ctx: Ctx, ch: str) -> Change:
    g = ctx.graph
    amendments = g.subjects(N("hasTextChange"), ch)
    amendment = amendments[0] if amendments else None
    act = g.iri(amendment, N("amendingAct")) if amendment else None
    date = (g.value(amendment, N("effectiveDate")) or "") if amendment else ""
    segments = sorted(
        g.iris(ch, N("hasDiffSegment")),
        key=lambda x: g.integer(x, N("segmentIndex")) or 0,
    )
    diff = [
        DiffPart(g.value(x, N("diffOperation")) or "equal", g.value(x, N("diffText")) or "")
        for x in segments
    ]
    old_v, new_v = g.iri(ch, N("oldVersion")), g.iri(ch, N("newVersion"))
    return Change(
        ctx.link(act) if act else None,
        ctx.link(amendment) if amendment else None,
        date,
        ctx.literal(ch, N("oldText")),
        ctx.literal(ch, N("newText")),
        diff,
        ctx.link(old_v) if old_v else None,
        ctx.link(new_v) if new_v else None,
    )


def versions(ctx: Ctx, s: str) -> Versions:
    """Dates, neighbouring versions and the changes of ``s`` (after :func:`versions_into`)."""
    g = ctx.graph
    out = Versions(
        g.value(s, N("validFrom")) or "",
        g.value(s, N("validUntil")) or "",
        ctx.links(g.iris(s, N("supersededBy"))),
        ctx.links(g.subjects(N("supersededBy"), s)),
    )
    changes = set(g.subjects(N("oldVersion"), s)) | set(g.subjects(N("newVersion"), s))
    out.changes = [change(ctx, ch) for ch in sorted(changes)]
    return out
