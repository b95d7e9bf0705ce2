"""Search over labels and other titles, in Kazakh and Russian: insensitive to case and to
Kazakh letters typed without their marks (ә/а, ғ/г, қ/к, ң/н, ө/о, ұ/у, ү/у, һ/х, і/и).

The names are those of :mod:`nqs.search_index` (labels, preferred and alternative labels,
titles, codes, and the other titles of cards). A build writes them into its directory
(``search-index.sqlite``, swapped in with the graph); on a read-only local store each search
reads that file (:class:`~nqs.search_index.IndexFile`: nothing of it is kept in the worker).
A build without the file (made by an older version), a writable store (SPARQL Update) and a
remote endpoint fall back to the index in memory, built in each worker from one pass over
the graph's names and kept until the data changes. Every word of the query must occur in a
name; names that are the query, start with it, or have a word starting with it rank first.
Resources of one kind with the same name and the same code (a qualification of the
classifier named in several cards) are one hit; an alternative title is found as a title of
its card, not as a resource of its own."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from nqs.search_index import Found, Hit, Index, IndexFile, collect
from nqs.search_index import fold as fold
from nqs.server.pages.fetch import per_data_version, select, settings
from nqs.server.pages.vocab import SEARCH_KINDS
from nqs.server.storage import get_store
from nqs.store import StoreError

__all__ = ["Hit", "Results", "fold", "grouped", "index", "index_file", "initial", "search"]

INDEX_KEY = "nqs.ld.search-index"
MAX_QUERY = 200
FIRST = 500
"""The hits a search of one kind gives: the search page shows at most 500 (and says how many
there are in all)."""
FIRST_OF_EACH = 25
"""The hits of each kind a search of all kinds gives: the search page shows 25 of each, the
suggestions the first 10 of all."""


def build_index() -> Index:
    """The index of the current data in memory (a few queries over the whole graph)."""
    return collect(select)


def index_file() -> IndexFile | None:
    """The current build's index file, when the store is local and read-only and the build
    has one."""
    chosen = settings()
    if chosen.endpoint or chosen.update_token:
        return None
    try:
        return IndexFile.of_build(get_store().build)
    except StoreError:
        return None


def index() -> Index | IndexFile:
    """The search index of the current data: the build's file (:func:`index_file`), else
    the index in memory, built on first use."""
    found = index_file()
    return found if found is not None else per_data_version(INDEX_KEY, build_index)


class Group(Sequence[Hit]):
    """The hits of one kind: the first (:data:`FIRST` or :data:`FIRST_OF_EACH`), and as long
    as all of them."""

    def __init__(self, hits: list[Hit], total: int) -> None:
        self.hits = hits
        self.total = total

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, i: int) -> Hit: ...
    @overload
    def __getitem__(self, i: slice) -> list[Hit]: ...
    def __getitem__(self, i: int | slice) -> Hit | list[Hit]:
        return self.hits[i]

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)


class Results(Group):
    """A search's hits, best first: the first of each kind (:data:`FIRST` of one kind,
    :data:`FIRST_OF_EACH` of each of all: so as many of the first of all), and as long as all
    of them; by kind, :func:`grouped`."""

    def __init__(self, found: Found) -> None:
        super().__init__(found.hits, sum(found.counts.values()))
        self.counts = found.counts


def search(query: str, kinds: tuple[str, ...] | None = None) -> Results:
    """Every resource with a name matching ``query``, best first (one hit per resource, and
    one for resources of one kind with the same name and code)."""
    folded = fold(query[:MAX_QUERY])
    if not folded:
        return Results(Found([], {}))
    first = FIRST_OF_EACH if kinds is None else FIRST
    return Results(index().search(folded, kinds, SEARCH_KINDS, first))


def grouped(hits: Sequence[Hit]) -> list[tuple[str, Sequence[Hit]]]:
    """Hits by kind, in the order of :data:`SEARCH_KINDS` (of :class:`Results`, each kind's
    as long as all of that kind)."""
    by: dict[str, list[Hit]] = {}
    for hit in hits:
        by.setdefault(hit.kind, []).append(hit)
    order = {k: i for i, k in enumerate(SEARCH_KINDS)}
    counts = hits.counts if isinstance(hits, Results) else {}
    return [
        (kind, Group(found, counts.get(kind, len(found))))
        for kind, found in sorted(by.items(), key=lambda kv: order.get(kv[0], 99))
    ]


def initial(text: str) -> str:
    """The letter a name is filed under in the alphabetical index."""
    for ch in text.strip():
        if ch.isalnum():
            return ch.upper()
    return "#"
