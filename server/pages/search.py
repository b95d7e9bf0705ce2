"""Search over labels and other titles, in Kazakh and Russian: insensitive to case and to
Kazakh letters typed without their marks (ә/а, ғ/г, қ/к, ң/н, ө/о, ұ/у, ү/у, һ/х, і/и).

The index is built in each worker from one pass over the graph's names (labels, preferred
and alternative labels, titles, codes, and the other titles of cards) and kept until the
data changes. Every word of the query must occur in a name; names that are the query, start
with it, or have a word starting with it rank first. Resources of one kind with the same name
and the same code (a qualification of the classifier named in several cards) are one hit; an
alternative title is found as a title of its card, not as a resource of its own."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, field

from nqs.server.pages.fetch import per_data_version, select
from nqs.server.pages.fetch import query as page_query
from nqs.server.pages.terms import ELEMENT_LINKS, N, Node, V, ontology_fragment
from nqs.server.pages.vocab import KINDS, SEARCH_KINDS, kind_of

# Kazakh letters typed without their marks, and Russian ё.
FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")
NON_WORD = re.compile(r"[^\w]+")
NAME_PROPERTIES = (
    V.LABEL,
    V.PREF_LABEL,
    V.ALT_LABEL,
    V.TITLE,
    V.NOTATION,
    N("code"),
    N("cardHeading"),
)
# Elements whose text repeats another's (an alternative title is its card's other title), or
# that are not things to look up.
NOT_INDEXED = (
    N("TextChange"),
    N("DiffSegment"),
    N("Alignment"),
    N("LinkSet"),
    N("AlternativeTitle"),
)
PARENT_LINKS = ELEMENT_LINKS
# Elements reached from their card through a node of their own (card → education link →
# qualification or specialty): the card is their context.
VIA_LINK = N("educationLink")
VIA_LINK_TO = (N("qualificationRef"), N("specialtyRef"))
INDEX_KEY = "nqs.ld.search-index"
MAX_QUERY = 200


def fold(text: str) -> str:
    """Lower case, Kazakh marks dropped, punctuation as single spaces."""
    return " ".join(NON_WORD.sub(" ", text.casefold().translate(FOLD)).split())


@dataclass
class Entry:
    """One name of one resource."""

    iri: str
    kind: str
    text: str
    lang: str
    folded: str
    primary: bool
    """The resource's own label (not an alternative title or a code)."""


@dataclass
class Hit:
    iri: str
    kind: str
    text: str
    lang: str
    matched: str
    """The name that matched when it is not the label shown."""
    rank: tuple[int, int]
    context: str = ""
    code: str = ""
    level: int | None = None
    """The qualification level of the card the resource is or is in."""
    same: list[str] = field(default_factory=list)
    """Other resources of the same kind, name and code, folded into this hit."""


@dataclass
class Index:
    entries: list[Entry]
    labels: dict[str, tuple[str, str]]
    """The first label of each resource, with its language."""
    parents: dict[str, str] = field(default_factory=dict)
    """The label of each element's container (a card's standard, a skill's function …)."""
    codes: dict[str, str] = field(default_factory=dict)
    """The code (``skos:notation``) of each resource that has one."""
    levels: dict[str, int] = field(default_factory=dict)
    """The qualification level of each card and of each element in a card: cards of one
    name at several levels (Web-мастер 5, 6 and 7) and their elements are told apart."""


def build_index() -> Index:
    """The index of the current data (a few queries over the whole graph)."""
    classes = [*(cls for cls, _ in KINDS), *NOT_INDEXED]
    types: dict[str, set[str]] = {}
    for row in select(page_query("index-types", {"t": classes})):
        types.setdefault(row["s"].value, set()).add(row["t"].value)
    names = select(page_query("names", {"p": NAME_PROPERTIES}))
    others = select(page_query("other-titles"))
    parents = select(page_query("parent-links", {"link": PARENT_LINKS}))
    parents += select(page_query("parent-links-via", {"via": VIA_LINK, "to": VIA_LINK_TO}))
    entries: list[Entry] = []
    labels: dict[str, tuple[str, str]] = {}
    codes: dict[str, str] = {}
    seen: set[tuple[str, str, str]] = set()
    skip = set(NOT_INDEXED)
    # in one order whatever order the store answers in (each engine has its own): the first
    # label of a resource, and the first of equal hits, are then the same on every store
    names.sort(key=_row_key)
    others.sort(key=_row_key)
    parents.sort(key=lambda r: (r["p"].value, r["x"].value))
    for row in [*names, *others]:
        subject, name = row["s"], row["l"]
        iri, text, lang = subject.value, name.value, name.lang
        if (
            not subject.is_iri
            or (iri, text, lang) in seen
            or ontology_fragment(iri) is not None
            or types.get(iri, set()) & skip
        ):
            continue
        seen.add((iri, text, lang))
        primary = "p" in row and row["p"].value in (V.LABEL, V.PREF_LABEL)
        if "p" in row and row["p"].value == V.NOTATION:
            codes.setdefault(iri, text)
        if primary and (iri not in labels or (not labels[iri][1] and lang)):
            labels[iri] = (text, lang)
        entries.append(Entry(iri, kind_of(types.get(iri, set())), text, lang, fold(text), primary))
    found = {r["x"].value: labels[r["p"].value][0] for r in parents if r["p"].value in labels}
    return Index(entries, labels, found, codes, card_levels(parents))


def card_levels(parents: list[dict[str, Node]]) -> dict[str, int]:
    """The level of each card (``nqs:qualificationLevel``) and of each element under it,
    by the links from container to element (``parents``: rows of ?p and ?x)."""
    rows = select(page_query("card-level-numbers"))
    levels: dict[str, int] = {}
    for row in sorted(rows, key=lambda r: (r["c"].value, r["n"].value)):
        with suppress(ValueError):
            levels.setdefault(row["c"].value, int(row["n"].value))
    up = {r["x"].value: r["p"].value for r in parents}
    out = dict(levels)
    for element in up:
        seen, cur = {element}, up[element]
        while cur not in levels and cur in up and cur not in seen:
            seen.add(cur)
            cur = up[cur]
        if cur in levels:
            out[element] = levels[cur]
    return out


def _row_key(row: dict[str, Node]) -> tuple[str, str, str, str]:
    p = row.get("p")
    return (row["s"].value, p.value if p else "", row["l"].lang, row["l"].value)


def index() -> Index:
    """The search index of the current data, built on first use."""
    return per_data_version(INDEX_KEY, build_index)


def _rank(entry: Entry, query: str, words: list[str]) -> tuple[int, int] | None:
    text = entry.folded
    if not all(w in text for w in words):
        return None
    if text == query:
        score = 0
    elif text.startswith(query):
        score = 1
    elif (" " + text).find(" " + words[0]) >= 0:
        score = 2
    else:
        score = 3
    return (score + (0 if entry.primary else 1), len(text))


def search(query: str, kinds: tuple[str, ...] | None = None) -> list[Hit]:
    """Every resource with a name matching ``query``, best first (one hit per resource)."""
    folded = fold(query[:MAX_QUERY])
    words = folded.split()
    if not words:
        return []
    idx = index()
    best: dict[str, Hit] = {}
    for entry in idx.entries:
        if kinds is not None and entry.kind not in kinds:
            continue
        rank = _rank(entry, folded, words)
        if rank is None:
            continue
        known = best.get(entry.iri)
        if known is not None and known.rank <= rank:
            continue
        text, lang = idx.labels.get(entry.iri, (entry.text, entry.lang))
        matched = "" if entry.text == text else entry.text
        best[entry.iri] = Hit(
            entry.iri,
            entry.kind,
            text,
            lang,
            matched,
            rank,
            idx.parents.get(entry.iri, ""),
            idx.codes.get(entry.iri, ""),
            idx.levels.get(entry.iri),
        )
    order = {k: i for i, k in enumerate(SEARCH_KINDS)}
    ranked = sorted(
        best.values(), key=lambda h: (h.rank, order.get(h.kind, 99), h.text.casefold(), h.iri)
    )
    return fold_same(ranked)


def fold_same(hits: list[Hit]) -> list[Hit]:
    """One hit for the resources of one kind with the same name and the same code (the
    first in ``hits`` keeps the others in :attr:`Hit.same`); resources without a code are
    kept apart."""
    out: list[Hit] = []
    first: dict[tuple[str, str, str, str], Hit] = {}
    for hit in hits:
        key = (hit.kind, hit.text, hit.lang, hit.code)
        known = first.get(key) if hit.code else None
        if known is not None:
            known.same.append(hit.iri)
            continue
        first[key] = hit
        out.append(hit)
    return out


def grouped(hits: list[Hit]) -> list[tuple[str, list[Hit]]]:
    """Hits by kind, in the order of :data:`SEARCH_KINDS`."""
    by: dict[str, list[Hit]] = {}
    for hit in hits:
        by.setdefault(hit.kind, []).append(hit)
    order = {k: i for i, k in enumerate(SEARCH_KINDS)}
    return sorted(by.items(), key=lambda kv: order.get(kv[0], 99))


def initial(text: str) -> str:
    """The letter a name is filed under in the alphabetical index."""
    for ch in text.strip():
        if ch.isalnum():
            return ch.upper()
    return "#"
