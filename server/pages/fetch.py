"""Queries for the pages (``queries/*.rq``, read through the registry of :mod:`nqs.queries`,
values bound by :func:`nqs.sparql_bind.bind`), run through the app's backend (the
evaluator's child process, so the time limit holds and a remote endpoint answers as well as
the embedded store), and a small in-memory graph the views read from."""

from __future__ import annotations

import csv
import io
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from flask import current_app

from nqs.config import Settings
from nqs.queries import package_queries
from nqs.server.evaluator import Job
from nqs.server.pages.terms import Node, V, node_from_term
from nqs.server.storage import build_info, get_evaluator
from nqs.sparql_bind import Bindable, Values, bind
from nqs.sparql_results import term_from_json
from nqs.store import StoreError
from nqs.store.backends import Dataset

JSON_RESULTS = "application/sparql-results+json"
CSV_RESULTS = "text/csv"
# Every page query (``queries/*.rq``: a SELECT) states a LIMIT (at most MAX_ROWS), so that the
# store serializes the answer natively; the endpoint's row cap for clients does not apply to
# the pages' own queries.
MAX_ROWS = 1_000_000
# The links to a resource read to pick the first ones a page shows (ordered here: the
# store's ORDER BY is slow).
INVERSE_READ = 5000
# Without a local build to tell (a remote endpoint), cached data is kept this long.
REMOTE_CACHE_SECONDS = 300
LABEL_PROPERTIES = (V.LABEL, V.PREF_LABEL)
# What a page needs to name and classify a resource it links to.
SUMMARY_PROPERTIES = (V.LABEL, V.PREF_LABEL, V.NOTATION, V.TYPE, V.nqs("levelNumber"))


T = TypeVar("T")


def per_data_version(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, made once per data version (:func:`data_version`) in each worker and
    kept in the app under ``key``."""
    version = data_version()
    cached = current_app.extensions.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]  # type: ignore[no-any-return]
    value = compute()
    current_app.extensions[key] = (version, value)
    return value


def settings() -> Settings:
    return current_app.config["NQS_SETTINGS"]  # type: ignore[no-any-return]


def data_version() -> str:
    """A key that changes when the data may have changed: the build (the local store's or
    the one a remote endpoint's data describes), else a time bucket."""
    try:
        return build_info().build_id
    except StoreError:
        return f"t{int(time.time() // REMOTE_CACHE_SECONDS)}"


def query(
    name: str,
    values: Values | None = None,
    *,
    filters: Mapping[str, Sequence[Bindable]] | None = None,
    exclude: Mapping[str, Sequence[Bindable]] | None = None,
    limit: int | None = None,
) -> str:
    """The text of the page query ``name`` with values bound (:func:`nqs.sparql_bind.bind`)."""
    text = package_queries("nqs.server.pages", "page")[name].text
    return bind(text, values, filters=filters, exclude=exclude, limit=limit)


def _run(text: str, accept: str) -> bytes:
    job = Job(text, Dataset(), MAX_ROWS, accept=((accept, 1.0),))
    answer = get_evaluator().run(job)
    assert answer is not None
    return answer[1]


def select(text: str) -> list[dict[str, Node]]:
    """The solutions of a SELECT query, each a dict of the bound variables."""
    data = json.loads(_run(text, JSON_RESULTS))
    return [
        {k: node_from_term(term_from_json(v)) for k, v in b.items()}
        for b in data["results"]["bindings"]
    ]


def select_table(text: str) -> list[dict[str, str]]:
    """The solutions of a SELECT query as plain text (its CSV results: an IRI, or a
    literal's text without its type or language; "" when unbound): for long lists of IRIs,
    a third of the JSON results' size and read without making a term of each value."""
    answer = _run(text, CSV_RESULTS).decode("utf-8")
    return list(csv.DictReader(io.StringIO(answer, newline="")))


def ask(text: str) -> bool:
    data = json.loads(_run(text, JSON_RESULTS))
    return bool(data["boolean"])


def construct(text: str, media_type: str) -> bytes:
    """A CONSTRUCT query's graph serialized in ``media_type``."""
    return _run(text, media_type)


class LocalGraph:
    """Triples fetched for one page, indexed both ways."""

    def __init__(self) -> None:
        self.out: dict[str, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self.inv: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._seen: set[tuple[str, str, Node]] = set()
        self.fetched: set[str] = set()
        """Resources whose triples (or summary triples) have been fetched."""

    @property
    def size(self) -> int:
        """The number of triples held (it changes whenever something is added)."""
        return len(self._seen)

    def add(self, s: str, p: str, o: Node) -> None:
        key = (s, p, o)
        if key in self._seen:
            return
        self._seen.add(key)
        self.out[s][p].append(o)
        if o.is_iri:
            self.inv[o.value][p].append(s)

    def has(self, s: str) -> bool:
        return s in self.out

    def objects(self, s: str, p: str) -> list[Node]:
        return self.out.get(s, {}).get(p, [])

    def iris(self, s: str, p: str) -> list[str]:
        return [o.value for o in self.objects(s, p) if o.is_iri]

    def iri(self, s: str, p: str) -> str | None:
        found = self.iris(s, p)
        return sorted(found)[0] if found else None

    def literals(self, s: str, p: str) -> list[Node]:
        return [o for o in self.objects(s, p) if o.is_literal]

    def value(self, s: str, p: str) -> str | None:
        found = self.literals(s, p)
        return found[0].value if found else None

    def integer(self, s: str, p: str) -> int | None:
        for o in self.literals(s, p):
            try:
                return int(o.value)
            except ValueError:
                continue
        return None

    def boolean(self, s: str, p: str) -> bool | None:
        """An ``xsd:boolean`` value, read in either lexical form (``true``/``1``, ``false``/``0``:
        Virtuoso gives the digits); None when there is none."""
        for o in self.literals(s, p):
            if o.value in ("true", "1"):
                return True
            if o.value in ("false", "0"):
                return False
        return None

    def subjects(self, p: str, o: str) -> list[str]:
        return self.inv.get(o, {}).get(p, [])

    def types(self, s: str) -> set[str]:
        return set(self.iris(s, V.TYPE))

    def object_iris(self) -> list[str]:
        """Every IRI that is the object of a fetched triple, but for the documents read
        (``prov:wasDerivedFrom``: a level or a code is derived from every document that
        restates it, hundreds in a registry; the provenance fetches those it shows)."""
        return [
            o.value
            for ps in self.out.values()
            for p, os in ps.items()
            if p != V.DERIVED_FROM
            for o in os
            if o.is_iri
        ]

    def labels(self, s: str) -> list[Node]:
        return [n for p in LABEL_PROPERTIES for n in self.literals(s, p)]


def _fill(graph: LocalGraph, rows: Iterable[dict[str, Node]], whole: bool = False) -> None:
    """Add the rows' triples; ``whole`` when they are all the triples of their subjects."""
    for row in rows:
        s, p, o = row["s"], row["p"], row["o"]
        graph.add(s.value, p.value, o)
        if whole:
            graph.fetched.add(s.value)


def describe_into(graph: LocalGraph, iris: list[str]) -> None:
    """Every triple whose subject is one of ``iris``."""
    graph.fetched.update(iris)
    for chunk in _chunks(sorted(set(iris))):
        _fill(
            graph,
            select(query("triples", {"s": chunk})),
            whole=True,
        )


def tree_into(
    graph: LocalGraph, root: str, properties: list[str], keep: Iterable[str] = ()
) -> None:
    """Every triple of every resource reached from ``root`` by a chain of ``properties``
    (only those by the ``properties`` and ``keep`` when ``keep`` is given; it must hold the
    summary properties).

    The chain is followed level by level, one query per level, not with a property path
    ``<root> (p|q|…)+ ?s``: Virtuoso 7 gives such a path with a VALUES-bound start every
    chain of the store (2,084 rows instead of 1,286 for a standard of seed 000), and, written
    with the IRI in place, no row at all for six alternatives over one graph where it gives
    all of them over another."""
    steps = list(properties)
    kept = list(keep)
    only = [*steps, *kept] if kept else []
    seen = {root}
    frontier = sorted(_step([root], steps))
    while frontier:
        seen.update(frontier)
        reached: set[str] = set()
        for chunk in _chunks(frontier):
            rows = select(query("triples", {"s": chunk}, filters={"p": only} if only else None))
            _fill(graph, rows, whole=True)
            reached.update(r["o"].value for r in rows if r["p"].value in steps and r["o"].is_iri)
        frontier = sorted(reached - seen)


def _step(iris: list[str], properties: list[str], inverse: bool = False) -> set[str]:
    """The IRIs one ``properties`` step from ``iris`` (towards them when ``inverse``)."""
    found: set[str] = set()
    for chunk in _chunks(sorted(set(iris))):
        name = "step-back" if inverse else "step-forward"
        rows = select(query(name, {"y": chunk}, filters={"p": properties}))
        found.update(r["x"].value for r in rows)
    return found


def ancestors(iri: str, properties: list[str]) -> list[str]:
    """Every resource from which ``iri`` is reached by a chain of ``properties``, followed
    up level by level (no property path, see :func:`tree_into`)."""
    seen: set[str] = set()
    frontier = [iri]
    while frontier:
        frontier = sorted(_step(frontier, properties, inverse=True) - seen - {iri})
        seen.update(frontier)
    return sorted(seen)


def properties_into(graph: LocalGraph, iris: Iterable[str], properties: Iterable[str]) -> None:
    """The values of ``properties`` for each of ``iris``."""
    props = list(properties)
    for chunk in _chunks(sorted(set(iris))):
        _fill(
            graph,
            select(query("triples", {"s": chunk}, filters={"p": props})),
        )


def linking_into(graph: LocalGraph, iris: Iterable[str], properties: Iterable[str]) -> list[str]:
    """The triples linking to any of ``iris`` by one of ``properties``; their subjects."""
    props = list(properties)
    found: list[str] = []
    for chunk in _chunks(sorted(set(iris))):
        rows = select(query("triples", {"o": chunk}, filters={"p": props}))
        for row in rows:
            graph.add(row["s"].value, row["p"].value, row["o"])
            found.append(row["s"].value)
    return found


def summaries_into(graph: LocalGraph, iris: Iterable[str]) -> None:
    """Labels, notations, types and level numbers of ``iris`` not yet fetched."""
    wanted = sorted({i for i in iris if i not in graph.fetched})
    if wanted:
        graph.fetched.update(wanted)
        properties_into(graph, wanted, SUMMARY_PROPERTIES)


def inverse_into(graph: LocalGraph, iri: str, limit: int, skip: Iterable[str] = ()) -> int:
    """Up to ``limit`` triples with ``iri`` as object, by properties other than ``skip``,
    the first by property and subject (of the first :data:`INVERSE_READ` the store gives),
    and their subjects' summaries; the number of such triples there are in all."""
    skipped = sorted(set(skip))
    unless = {"p": skipped} if skipped else None
    rows = select(query("links-in-count", {"o": iri}, exclude=unless))
    total = sum(int(r["n"].value) for r in rows)
    if not total:
        return 0
    read = select(query("links-in", {"o": iri}, exclude=unless, limit=min(total, INVERSE_READ)))
    found = sorted(read, key=lambda r: (r["p"].value, r["s"].value))[:limit]
    node = Node("iri", iri)
    for row in found:
        graph.add(row["s"].value, row["p"].value, node)
    summaries_into(graph, [r["s"].value for r in found])
    return total


def _chunks(items: list[str], size: int = 400) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
