"""What a kind-specific view gives the resource page, and the lookups several views share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nqs.server.pages.context import Ctx, Link
from nqs.server.pages.fetch import LocalGraph, ancestors, properties_into
from nqs.server.pages.page import Versions, versions
from nqs.server.pages.terms import ELEMENT_LINKS, N, V

# Parent → child links that make the containment path of a standard's elements.
CONTAINMENT = (
    *ELEMENT_LINKS,
    N("hasRequirement"),
    N("hasTextChange"),
    N("hasDiffSegment"),
    N("hasDescriptor"),
    N("hasPathway"),
    N("hasRoute"),
)


@dataclass
class KindView:
    """The page's own sections (``template`` renders ``body``), the properties they show
    (left out of the table of other facts), and the path of parents to the resource."""

    template: str
    body: Any = None
    shown: set[str] = field(default_factory=set)
    inverse_shown: set[str] = field(default_factory=set)
    crumbs: list[Link] = field(default_factory=list)


@dataclass
class Item:
    """An element of a list in document order (ability, knowledge, competency, duty …)."""

    link: Link
    number: int | None
    versions: Versions | None = None


def ancestors_into(graph: LocalGraph, iri: str) -> None:
    """The resources that contain ``iri`` (standard, card, function, skill …), each with
    its label, types, ordinal and containment links."""
    keep = (V.LABEL, V.TYPE, V.NOTATION, N("ordinal"), *CONTAINMENT)
    # up level by level, not by a property path (Virtuoso 7 evaluates them wrongly, see
    # ld_fetch.tree_into)
    properties_into(graph, ancestors(iri, list(CONTAINMENT)), keep)


def crumbs(ctx: Ctx, iri: str) -> list[Link]:
    """The chain of containers of ``iri``, outermost first (without ``iri`` itself)."""
    chain: list[Link] = []
    seen = {iri}
    current = iri
    while True:
        parents = [s for p in CONTAINMENT for s in ctx.graph.subjects(p, current) if s not in seen]
        if not parents:
            break
        current = sorted(parents)[0]
        seen.add(current)
        chain.append(ctx.link(current))
    return list(reversed(chain))


def items(ctx: Ctx, parent: str, prop: str) -> list[Item]:
    """The ``prop`` children of ``parent`` in document order. An element replaced by a
    newer version is shown within the newer one's versions, not on its own."""
    g = ctx.graph
    children = g.iris(parent, prop)
    out = []
    for child in ctx.ordered(children):
        if g.iris(child, N("supersededBy")) and any(
            s in children for s in g.iris(child, N("supersededBy"))
        ):
            continue
        ver = versions(ctx, child)
        out.append(Item(ctx.link(child), g.integer(child, N("ordinal")), ver if ver.any else None))
    return out
