"""The names of the graph's resources, as search finds them: one pass over every label,
preferred and alternative label, title, code and other title of a card (:func:`collect`),
each name folded (:func:`fold`: case, Kazakh letters typed without their marks).

The build writes them beside its graph (:func:`make`: ``search-index.sqlite`` in the build
directory, swapped in with the store; made whole by a full build, the previous build's
patched by a patched build, :func:`patch`), and the server's search
(:mod:`nqs.server.pages.search`) reads that file (:class:`IndexFile`); a build without it is
indexed in memory from the same pass (:class:`Index`).

The file (SQLite, read-only once written): ``texts``, each distinct folded name once, with
an FTS5 trigram index (``grams``) that finds the names holding a word of three letters or
more; ``names``, each name and language once, with its place in the order of names shown
(the name, case aside); ``entries``, each name of each resource in the order of the pass
(ties keep the first, as the index in memory does); ``resources``, each with its IRI (a
search's last tie-break), kind, label, context, code and level; ``az``, the names of the A–Z
index (:func:`az_entries`).
A search ranks and folds its hits as :meth:`Index.search` does and gives the first of each
kind with the number of all (:class:`Found`): its time grows with its hits, not with the
data (but for a query of words of one or two letters, which scans the distinct names)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from nqs.nodes import ELEMENT_LINKS, N, Node, V, node_from_term, ontology_fragment
from nqs.queries import package_queries
from nqs.sparql_bind import Values, bind

SEARCH_INDEX = "search-index.sqlite"
"""The index's file in a build directory."""
FORMAT = "2"
"""The file's format (``about``'s ``format``): a file of another format is not read."""

# Page kinds, most specific first: a resource gets the first kind whose class it has.
KINDS: tuple[tuple[str, str], ...] = (
    (N("ProfessionalStandard"), "standard"),
    (N("ProfessionCard"), "card"),
    (N("LaborFunction"), "function"),
    (N("Skill"), "skill"),
    (N("Ability"), "ability"),
    (N("PositionKnowledge"), "knowledge"),
    (N("Duty"), "duty"),
    (N("Knowledge"), "knowledge"),
    (N("PersonalCompetency"), "competency"),
    (N("Occupation"), "occupation"),
    (N("EconomicActivity"), "activity"),
    (N("QualificationLevel"), "level"),
    (N("QualificationFramework"), "framework"),
    (N("LegalAct"), "act"),
    (N("Position"), "position"),
    (N("Amendment"), "amendment"),
    (N("TextChange"), "change"),
    (N("SourceDocument"), "source"),
)

# The kinds of the A–Z index (/browse/index), in the order it shows them.
AZ_KINDS = ("standard", "card", "occupation", "position", "activity", "level", "framework", "act")

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
WHOLE = 1_000_000_000
"""The LIMIT the build gives the pass's queries (their texts state smaller ones, which the
store serializes natively, for the pages' index in memory): every name, however many."""

Select = Callable[[str], list[dict[str, Node]]]
"""Runs a SELECT query: its solutions, each a dict of the bound variables."""


def kind_of(types: set[str]) -> str:
    """The page kind for a resource with these classes."""
    for cls, kind in KINDS:
        if cls in types:
            return kind
    return "generic"


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
class Found:
    """The hits of a search: the first of each kind (as many as asked), best first, and how
    many there are of each kind."""

    hits: list[Hit]
    counts: dict[str, int]


def score(text: str, query: str, words: Sequence[str]) -> int | None:
    """How well the folded name ``text`` matches the folded ``query`` (its ``words``): 0
    when it is the query, 1 when it starts with it, 2 when one of its words starts with
    the query's first word, else 3; None when a word of the query is not in it."""
    if not all(w in text for w in words):
        return None
    if text == query:
        return 0
    if text.startswith(query):
        return 1
    if (" " + text).find(" " + words[0]) >= 0:
        return 2
    return 3


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


def first_of_kinds(hits: list[Hit], first: int) -> Found:
    """The first ``first`` of ``hits`` of each kind, and the number of each kind."""
    counts: dict[str, int] = {}
    kept = []
    for hit in hits:
        counts[hit.kind] = counts.get(hit.kind, 0) + 1
        if counts[hit.kind] <= first:
            kept.append(hit)
    return Found(kept, counts)


@dataclass
class Index:
    """The names in memory (what the file holds, for a build without one)."""

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

    def search(
        self, query: str, kinds: Sequence[str] | None, order: Sequence[str], first: int
    ) -> Found:
        """The resources of ``kinds`` (all when None) with a name matching the folded
        ``query``, best first: by rank (the name's :func:`score`, one worse when it is not
        the resource's own label, then shorter names first; a resource's best name, the
        first of equals), by kind in ``order``, by the name shown and the IRI; resources of
        one kind, name and code folded into one hit (:func:`fold_same`); the first
        ``first`` hits of each kind kept."""
        words = query.split()
        best: dict[str, tuple[tuple[int, int], Entry]] = {}
        for entry in self.entries:
            if kinds is not None and entry.kind not in kinds:
                continue
            found = score(entry.folded, query, words)
            if found is None:
                continue
            ranked = (found + (0 if entry.primary else 1), len(entry.folded))
            known = best.get(entry.iri)
            if known is None or ranked < known[0]:
                best[entry.iri] = (ranked, entry)
        hits = [self._hit(entry, ranked) for ranked, entry in best.values()]
        place = {k: i for i, k in enumerate(order)}
        hits.sort(key=lambda h: (h.rank, place.get(h.kind, 99), h.text.casefold(), h.iri))
        return first_of_kinds(fold_same(hits), first)

    def _hit(self, entry: Entry, ranked: tuple[int, int]) -> Hit:
        iri = entry.iri
        text, lang = self.labels.get(iri, (entry.text, entry.lang))
        matched = "" if entry.text == text else entry.text
        context, code = self.parents.get(iri, ""), self.codes.get(iri, "")
        return Hit(
            iri, entry.kind, text, lang, matched, ranked, context, code, self.levels.get(iri)
        )


def index_query(name: str, values: Values | None = None, limit: int | None = None) -> str:
    """The text of the index's query ``name`` (``nqs/search_queries``) with values bound."""
    return bind(package_queries("nqs", "search", "search_queries")[name].text, values, limit=limit)


def collect(select: Select, limit: int | None = None) -> Index:
    """Every name of the data ``select`` reads (a few queries over the whole graph; with
    ``limit``, each query's LIMIT replaced)."""
    classes = [*(cls for cls, _ in KINDS), *NOT_INDEXED]
    types = select(index_query("index-types", {"t": classes}, limit))
    names = select(index_query("names", {"p": NAME_PROPERTIES}, limit))
    others = select(index_query("other-titles", None, limit))
    parents = select(index_query("parent-links", {"link": PARENT_LINKS}, limit))
    via = {"via": VIA_LINK, "to": VIA_LINK_TO}
    parents += select(index_query("parent-links-via", via, limit))
    levels = select(index_query("card-level-numbers", None, limit))
    return index_of(Rows(types, names, others, parents, levels, []))


@dataclass
class Rows:
    """The answers of the index's page queries, each a list of rows as :data:`Select` gives
    them (in any order): ``index-types``, ``names``, ``other-titles``, ``parent-links`` with
    ``parent-links-via``, ``card-level-numbers`` and ``index-entries``."""

    types: list[dict[str, Node]]
    names: list[dict[str, Node]]
    others: list[dict[str, Node]]
    parents: list[dict[str, Node]]
    levels: list[dict[str, Node]]
    az: list[dict[str, Node]]


def index_of(rows: Rows) -> Index:
    """The names of the answers ``rows`` (the pass of :func:`collect`)."""
    types: dict[str, set[str]] = {}
    for row in rows.types:
        types.setdefault(row["s"].value, set()).add(row["t"].value)
    entries: list[Entry] = []
    labels: dict[str, tuple[str, str]] = {}
    codes: dict[str, str] = {}
    seen: set[tuple[str, str, str]] = set()
    folds: dict[str, str] = {}
    skip = set(NOT_INDEXED)
    # in one order whatever order the store answers in (each engine has its own): the first
    # label of a resource, and the first of equal hits, are then the same on every store
    names = sorted(rows.names, key=_row_key)
    others = sorted(rows.others, key=_row_key)
    parents = sorted(rows.parents, key=lambda r: (r["p"].value, r["x"].value))
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
        folded = folds.get(text)
        if folded is None:
            folded = folds[text] = fold(text)  # names repeat: each folded once
        entries.append(Entry(iri, kind_of(types.get(iri, set())), text, lang, folded, primary))
    found = {r["x"].value: labels[r["p"].value][0] for r in parents if r["p"].value in labels}
    return Index(entries, labels, found, codes, levels_of(rows.levels, parents))


AzNames = dict[str, tuple[str, list[tuple[int, str, str]]]]
"""The A–Z index's resources: each one's kind and names (rank: 0 for ``rdfs:label``, 1 for
``skos:prefLabel``; language; text), sorted."""


def az_entries(select: Select, limit: int | None = None) -> AzNames:
    """The resources of :data:`AZ_KINDS` with their labels and preferred labels (one query;
    with ``limit``, its LIMIT replaced)."""
    wanted = [cls for cls, kind in KINDS if kind in AZ_KINDS]
    return az_of(select(index_query("index-entries", {"c": wanted}, limit)))


def az_of(rows: list[dict[str, Node]]) -> AzNames:
    """The A–Z index's resources of the answers of ``index-entries``."""
    types: dict[str, set[str]] = {}
    names: dict[str, set[tuple[int, str, str]]] = {}
    for row in rows:
        iri, label = row["s"].value, row["l"]
        if not row["s"].is_iri or not label.is_literal or ontology_fragment(iri) is not None:
            continue
        types.setdefault(iri, set()).add(row["c"].value)
        rank = 0 if row["p"].value == V.LABEL else 1
        names.setdefault(iri, set()).add((rank, label.lang, label.value))
    return {iri: (kind_of(types[iri]), sorted(found)) for iri, found in names.items()}


def levels_of(rows: list[dict[str, Node]], parents: list[dict[str, Node]]) -> dict[str, int]:
    """The level of each card (``nqs:qualificationLevel``: ``rows`` of ?c and ?n, as
    ``card-level-numbers`` answers) and of each element under it, by the links from
    container to element (``parents``: rows of ?p and ?x)."""
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


def store_select(db: ox.Store) -> Select:
    """:data:`Select` over a pyoxigraph store's default graph (the build's merge); each
    distinct term of an answer made into a :class:`Node` once (the names repeat, the
    classes and properties even more: a quarter less time at 1,000 standards)."""

    def select(text: str) -> list[dict[str, Node]]:
        result = db.query(text)
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        made: dict[object, Node] = {}
        rows = []
        for solution in result:
            row = {}
            for name, term in zip(names, solution, strict=True):
                if term is not None:
                    node = made.get(term)
                    row[name] = (
                        node if node is not None else made.setdefault(term, node_from_term(term))
                    )
            rows.append(row)
        return rows

    return select


SCHEMA = """
CREATE TABLE about (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE texts (id INTEGER PRIMARY KEY, folded TEXT NOT NULL);
CREATE TABLE names (
    id INTEGER PRIMARY KEY, text INTEGER NOT NULL, value TEXT NOT NULL, lang TEXT NOT NULL,
    ord TEXT NOT NULL);
CREATE TABLE resources (
    id INTEGER PRIMARY KEY, iri TEXT NOT NULL, kind TEXT NOT NULL, label INTEGER,
    context INTEGER, code TEXT NOT NULL, level INTEGER);
CREATE TABLE az (iri TEXT NOT NULL, kind TEXT NOT NULL, rank INTEGER NOT NULL,
    lang TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE entries (
    name INTEGER NOT NULL, seq INTEGER NOT NULL, resource INTEGER NOT NULL,
    main INTEGER NOT NULL, PRIMARY KEY (name, seq)) WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX names_text ON names (text);
CREATE UNIQUE INDEX names_value ON names (value, lang);
CREATE UNIQUE INDEX texts_folded ON texts (folded);
CREATE UNIQUE INDEX resources_iri ON resources (iri);
CREATE INDEX entries_resource ON entries (resource);
CREATE INDEX az_iri ON az (iri);
CREATE VIRTUAL TABLE grams USING fts5 (
    folded, content='texts', content_rowid='id', tokenize='trigram');
INSERT INTO grams (grams) VALUES ('rebuild');
ANALYZE;
"""


def write(index: Index, path: Path, az: AzNames | None = None) -> None:
    """Write ``index`` (and the A–Z index's names ``az``) into a new SQLite file at ``path``
    (replaced if there is one): each folded name, name, resource and context once."""
    path.unlink(missing_ok=True)
    texts: dict[str, int] = {}
    names: dict[tuple[str, str], tuple[int, int]] = {}
    # numbered in the order of their IRIs (a search's last tie-break)
    resources = {iri: i for i, iri in enumerate(sorted({e.iri for e in index.entries}))}
    kinds: dict[str, str] = {}
    entries: list[tuple[int, int, int, int]] = []
    for seq, e in enumerate(index.entries):
        text = texts.setdefault(e.folded, len(texts))
        name = names.setdefault((e.text, e.lang), (len(names), text))[0]
        kinds.setdefault(e.iri, e.kind)
        entries.append((name, seq, resources[e.iri], int(e.primary)))
    by_value = {value: i for (value, _), (i, _) in reversed(names.items())}

    def resource_row(iri: str, i: int) -> tuple[object, ...]:
        label = index.labels.get(iri)
        context = by_value.get(index.parents[iri]) if iri in index.parents else None
        code, level = index.codes.get(iri, ""), index.levels.get(iri)
        return (i, iri, kinds[iri], names[label][0] if label else None, context, code, level)

    with closing(sqlite3.connect(path)) as db:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        db.execute("INSERT INTO about VALUES ('format', ?)", (FORMAT,))
        db.executemany("INSERT INTO texts VALUES (?, ?)", ((i, t) for t, i in texts.items()))
        # each name's place in the order of names shown: the name, case aside
        db.executemany(
            "INSERT INTO names VALUES (?, ?, ?, ?, ?)",
            ((i, text, v, lang, v.casefold()) for (v, lang), (i, text) in names.items()),
        )
        db.executemany(
            "INSERT INTO resources VALUES (?, ?, ?, ?, ?, ?, ?)",
            (resource_row(iri, i) for iri, i in resources.items()),
        )
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?)", entries)
        db.executemany(
            "INSERT INTO az VALUES (?, ?, ?, ?, ?)",
            ((iri, kind, *name) for iri, (kind, found) in (az or {}).items() for name in found),
        )
        db.executescript(INDEXES)
        db.commit()


def make(
    db: ox.Store,
    build: Path,
    previous: Path | None = None,
    subjects: set[ox.NamedNode] | None = None,
) -> Path:
    """The search index of the store ``db`` written into the build directory ``build``:
    made whole by the queries of :func:`collect` and :func:`az_entries`, or, for a patched
    build that gives the build it patched (``previous``, with an index of this format) and
    the named subjects whose triples may have changed (``subjects``; None: any may have),
    the previous index copied and patched (:func:`patch`); made whole when the change
    names or reaches more than :data:`MAX_TOUCHED` resources, or the copy cannot be
    patched."""
    path = build / SEARCH_INDEX
    few = subjects is not None and len(subjects) <= MAX_TOUCHED
    if previous is not None and subjects is not None and few and IndexFile.of_build(previous):
        shutil.copyfile(previous / SEARCH_INDEX, path)
        old = Lookup(ox.Store.read_only(str(previous)))
        with suppress(sqlite3.Error):  # a file that cannot be patched: made whole
            if patch(path, old, Lookup(db), subjects):
                return path
    select = store_select(db)
    write(collect(select, WHOLE), path, az_entries(select, WHOLE))
    return path


def make_apart(copy: Path, build: Path) -> Path:
    """:func:`make` (whole) over the store at ``copy``, a checkpoint of a build's store opened
    read-only: a full build runs it in a process of its own (its interpreter free of the
    build's), while it writes the text keys and the summary, which the index does not read."""
    return make(ox.Store.read_only(str(copy)), build)


MAX_TOUCHED = 20_000
"""A patched build whose change reaches more resources than this makes the index whole."""
TYPE = V.TYPE
OTHER_TITLE = N("otherTitle")
LEVEL = N("qualificationLevel")
LEVEL_NUMBER = N("levelNumber")
READ = frozenset(
    (*NAME_PROPERTIES, OTHER_TITLE, *PARENT_LINKS, VIA_LINK, *VIA_LINK_TO, LEVEL, LEVEL_NUMBER)
)
"""The properties whose triples the index's queries read (and ``rdf:type``, of the classes
of :data:`INDEXED_CLASSES`)."""
INDEXED_CLASSES = frozenset((*(cls for cls, _ in KINDS), *NOT_INDEXED))
AZ_CLASSES = frozenset(cls for cls, kind in KINDS if kind in AZ_KINDS)
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def is_read(predicate: ox.NamedNode, obj: Term) -> bool:
    """Whether the index's queries read a triple of ``predicate`` and ``obj``: one of
    :data:`READ`, or a type of :data:`INDEXED_CLASSES`."""
    p = predicate.value
    return p in READ or (
        p == TYPE and isinstance(obj, ox.NamedNode) and obj.value in INDEXED_CLASSES
    )


class Lookup:
    """The rows the index's queries give about one resource, looked up by pattern in a
    store's merge (its default graph): a few index reads each, whatever the store's size;
    each term's looked up once."""

    def __init__(self, db: ox.Store) -> None:
        self.db = db
        self.made: dict[object, Node] = {}
        self.props = {p: ox.NamedNode(p) for p in (TYPE, *READ)}
        self._read: dict[Term, frozenset[tuple[str, Term]]] = {}
        self._parents: dict[Term, set[Term]] = {}
        self._levels: dict[Term, list[dict[str, Node]]] = {}

    def node(self, term: Term) -> Node:
        found = self.made.get(term)
        return found if found is not None else self.made.setdefault(term, node_from_term(term))

    def triples(self, s: Term | None, p: str | None, o: Term | None) -> list[ox.Quad]:
        prop = self.props[p] if p is not None else None
        return list(self.db.quads_for_pattern(s, prop, o, ox.DefaultGraph()))  # type: ignore[arg-type]

    def read(self, s: Term) -> frozenset[tuple[str, Term]]:
        """The triples of ``s`` that a query of the index reads, as (property, object)."""
        found = self._read.get(s)
        if found is None:
            found = self._read[s] = frozenset(
                (q.predicate.value, q.object)
                for q in self.triples(s, None, None)
                if is_read(q.predicate, q.object)
            )
        return found

    def rows(self, s: Term) -> Rows:
        """The rows of ``index-types``, ``names``, ``other-titles`` and ``index-entries``
        about ``s`` (those whose ?s it is)."""
        subject, own = self.node(s), self.read(s)
        types = [{"s": subject, "t": self.node(o)} for p, o in own if p == TYPE]
        names = [
            {"s": subject, "p": Node("iri", p), "l": self.node(o)}
            for p, o in own
            if p in NAME_PROPERTIES
        ]
        titles = [o for p, o in own if p == OTHER_TITLE and not isinstance(o, ox.Literal)]
        labels = {o for t in titles for p, o in self.read(t) if p == V.LABEL}
        others = [{"s": subject, "l": self.node(o)} for o in labels]
        az = [
            {"s": subject, "c": t["t"], "p": n["p"], "l": n["l"]}
            for t in types
            if t["t"].value in AZ_CLASSES
            for n in names
            if n["p"].value in (V.LABEL, V.PREF_LABEL)
        ]
        return Rows(types, names, others, [], [], az)

    def parents(self, x: Term) -> set[Term]:
        """The containers of ``x`` (``parent-links`` and ``parent-links-via``)."""
        found = self._parents.get(x)
        if found is None:
            found = set()
            for q in self.triples(None, None, x):
                p = q.predicate.value
                if p in PARENT_LINKS:
                    found.add(q.subject)
                elif p in VIA_LINK_TO:
                    found |= {t.subject for t in self.triples(None, VIA_LINK, q.subject)}
            self._parents[x] = found
        return found

    def children(self, p: Term) -> set[Term]:
        """What ``p`` contains (the reverse of :meth:`parents`), and what it links to as a
        node between a container and an element."""
        out: set[Term] = set()
        for prop, o in self.read(p):
            if prop in PARENT_LINKS or prop in VIA_LINK_TO:
                out.add(o)
            elif prop == VIA_LINK:
                out |= {x for to, x in self.read(o) if to in VIA_LINK_TO}
        return out

    def level_rows(self, c: Term) -> list[dict[str, Node]]:
        """The rows of ``card-level-numbers`` about ``c``."""
        found = self._levels.get(c)
        if found is None:
            found = self._levels[c] = [
                {"c": self.node(c), "n": self.node(n)}
                for p, level in self.read(c)
                if p == LEVEL
                for q, n in self.read(level)
                if q == LEVEL_NUMBER
            ]
        return found

    def referrers(self, o: Term) -> set[Term]:
        """The resources that read ``o``'s triples through a link of their own: those of
        which it is an other title, the cards of which it is the level."""
        return {q.subject for p in (OTHER_TITLE, LEVEL) for q in self.triples(None, p, o)}


def _label(
    look: Lookup, s: Term, cache: dict[Term, tuple[str, str] | None]
) -> tuple[str, str] | None:
    """The label the pass gives ``s``, with its language (what its elements show as their
    context)."""
    if s not in cache:
        own = index_of(look.rows(s)) if isinstance(s, ox.NamedNode) else None
        cache[s] = own.labels.get(look.node(s).value) if own is not None else None
    return cache[s]


def _level(look: Lookup, x: Term) -> int | None:
    """The level :func:`levels_of` gives ``x``: the rows of the way up from it."""
    parents: list[dict[str, Node]] = []
    levels = list(look.level_rows(x))
    cur, seen = x, set()
    while cur not in seen:
        seen.add(cur)
        above = look.parents(cur)
        if not above:
            break
        parents += [{"p": look.node(p), "x": look.node(cur)} for p in above]
        cur = max(above, key=lambda t: look.node(t).value)
        found = look.level_rows(cur)
        if levels_of(found, []):  # a card with a level: the way up ends
            levels += found
            break
    return levels_of(levels, parents).get(look.node(x).value)


def touched(old: Lookup, new: Lookup, subjects: set[ox.NamedNode]) -> tuple[set[Term], set[Term]]:
    """The subjects whose triples read by the index changed (of ``subjects``), and the
    resources whose rows in the index may then change: those subjects; what reads their
    triples through a link (the resources of which one is an other title, the cards of
    which one is the level); what they contain or contained (a container's label is its
    elements' context, and the nearest container is an element's way up to its level);
    and everything under all these (a card's level is its elements' level)."""
    changed = {s for s in subjects if old.read(s) != new.read(s)}
    out: set[Term] = set(changed)
    for s in changed:
        out |= new.referrers(s) | old.children(s) | new.children(s)
    todo = list(out)
    while todo and len(out) <= MAX_TOUCHED:
        for child in new.children(todo.pop()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return set(changed), out


def patch(path: Path, old: Lookup, new: Lookup, subjects: set[ox.NamedNode]) -> bool:
    """Patch the index file ``path`` made of the store of ``old`` for the store of ``new``,
    whose triples differ only in those of ``subjects``: the rows of the resources they touch
    (:func:`touched`) made again by the pass of :func:`collect` over their own rows, looked
    up resource by resource (:class:`Lookup`), and written in place; False (the file left
    as it was) when they are more than :data:`MAX_TOUCHED`.

    What a row depends on: a resource's kind, names, label and code on its own triples,
    and on the labels of its other titles; its A–Z entry on its own triples; its context
    on its containers' labels (the container of the greatest IRI that has one) and links,
    or those of the nodes between (education links); its level on the way up through its
    containers (the greatest IRI at each step) to the first card with a level, and that
    level's number. A patched file's searches, suggestions and A–Z index are a whole
    file's; only its row numbers differ (new names, texts and resources numbered after the
    others, names no longer used kept)."""
    changed, resources = touched(old, new, subjects)
    if len(resources) > MAX_TOUCHED:
        return False
    labels: dict[Term, tuple[str, str] | None] = {}
    with closing(sqlite3.connect(path)) as db:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        writer = _Writer(db)
        for s in sorted(changed, key=str):
            writer.az(new.node(s).value, az_of(new.rows(s).az))
        for x in sorted((r for r in resources if isinstance(r, ox.NamedNode)), key=str):
            index = index_of(new.rows(x))
            above = [(new.node(p).value, _label(new, p, labels)) for p in new.parents(x)]
            context = max(((p, label) for p, label in above if label), default=None)
            writer.resource(x.value, index, context[1] if context else None, _level(new, x))
        writer.finish()
        db.commit()
    return True


class _Writer:
    """The rows of resources written again in an index file."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.seq = db.execute("SELECT coalesce(max(seq), -1) + 1 FROM entries").fetchone()[0]
        self.first_text = db.execute("SELECT coalesce(max(id), -1) + 1 FROM texts").fetchone()[0]

    def _id(self, sql: str, key: tuple[object, ...]) -> int | None:
        row = self.db.execute(sql, key).fetchone()
        return None if row is None else int(row[0])

    def name(self, value: str, lang: str, folded: str) -> int:
        """The number of a name (added if new)."""
        found = self._id("SELECT id FROM names WHERE value = ? AND lang = ?", (value, lang))
        if found is not None:
            return found
        text = self._id("SELECT id FROM texts WHERE folded = ?", (folded,))
        if text is None:
            text = self.db.execute("INSERT INTO texts (folded) VALUES (?)", (folded,)).lastrowid
        row = (text, value, lang, value.casefold())
        made = self.db.execute(
            "INSERT INTO names (text, value, lang, ord) VALUES (?, ?, ?, ?)", row
        )
        assert made.lastrowid is not None
        return made.lastrowid

    def az(self, iri: str, found: AzNames) -> None:
        self.db.execute("DELETE FROM az WHERE iri = ?", (iri,))
        for kind, names in found.values():
            self.db.executemany(
                "INSERT INTO az VALUES (?, ?, ?, ?, ?)", ((iri, kind, *n) for n in names)
            )

    def resource(
        self, iri: str, index: Index, context: tuple[str, str] | None, level: int | None
    ) -> None:
        """The rows of ``iri``: its names (``index``, of its own rows), context and level."""
        known = self._id("SELECT id FROM resources WHERE iri = ?", (iri,))
        if known is not None:
            self.db.execute("DELETE FROM entries WHERE resource = ?", (known,))
        if not index.entries:
            self.db.execute("DELETE FROM resources WHERE iri = ?", (iri,))
            return
        rows = []
        for e in index.entries:
            rows.append((self.name(e.text, e.lang, e.folded), self.seq, int(e.primary)))
            self.seq += 1
        label = index.labels.get(iri)
        shown = self.name(*label, fold(label[0])) if label else None
        where = self.name(*context, fold(context[0])) if context else None
        row = (iri, index.entries[0].kind, shown, where, index.codes.get(iri, ""), level)
        if known is None:
            sql = "INSERT INTO resources (iri, kind, label, context, code, level) VALUES "
            known = self.db.execute(sql + "(?, ?, ?, ?, ?, ?)", row).lastrowid
        else:
            self.db.execute(
                "UPDATE resources SET iri = ?, kind = ?, label = ?, context = ?, code = ?,"
                " level = ? WHERE id = ?",
                (*row, known),
            )
        self.db.executemany(
            "INSERT INTO entries VALUES (?, ?, ?, ?)", ((n, s, known, m) for n, s, m in rows)
        )

    def finish(self) -> None:
        """The new texts into the trigram index."""
        self.db.execute(
            "INSERT INTO grams (rowid, folded) SELECT id, folded FROM texts WHERE id >= ?",
            (self.first_text,),
        )


class IndexFile:
    """A build's index file, opened read-only for each search (a connection costs less than
    a millisecond; nothing of the index stays in the worker between searches)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def of_build(cls, build: Path) -> IndexFile | None:
        """The index of a build directory, if it has one of this :data:`FORMAT`."""
        path = build / SEARCH_INDEX
        if not path.is_file():
            return None
        found = cls(path)
        try:
            with found.connect() as db:
                row = db.execute("SELECT value FROM about WHERE key = 'format'").fetchone()
        except sqlite3.Error:
            return None
        return found if row is not None and row[0] == FORMAT else None

    def connect(self) -> closing[sqlite3.Connection]:
        uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
        return closing(sqlite3.connect(uri, uri=True, check_same_thread=False))

    def texts(self, words: Sequence[str]) -> list[tuple[int, str]]:
        """The folded names that hold every word (each once): through the trigrams of
        the words of three letters or more, the others by a scan of the distinct names."""
        where = ["instr(folded, ?) > 0" for _ in words]
        params: list[str] = list(words)
        long = [w for w in words if len(w) >= 3]
        if long:
            where.append("id IN (SELECT rowid FROM grams WHERE grams MATCH ?)")
            params.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in long))
        with self.connect() as db:
            sql = f"SELECT id, folded FROM texts WHERE {' AND '.join(where)}"
            return db.execute(sql, params).fetchall()

    def az(self) -> AzNames:
        """The A–Z index's resources with their names, as :func:`az_entries` gives them."""
        out: AzNames = {}
        with self.connect() as db:
            for iri, kind, rank, lang, text in db.execute("SELECT * FROM az ORDER BY rowid"):
                out.setdefault(iri, (kind, []))[1].append((rank, lang, text))
        return out

    def rows(self) -> list[tuple[Any, ...]]:
        """Every name of every resource, in order, with what a hit shows of the resource
        (two builds' files are compared by these)."""
        with self.connect() as db:
            return db.execute(ROWS).fetchall()

    def search(
        self, query: str, kinds: Sequence[str] | None, order: Sequence[str], first: int
    ) -> Found:
        """As :meth:`Index.search`, in the file: the folded names holding every word are
        scored once each, and the rest is done by SQLite, which gives only the hits kept."""
        words = query.split()
        scored = []
        for text, folded in self.texts(words):
            found = score(folded, query, words)
            if found is not None:
                scored.append((text, found, len(folded)))
        if not scored:
            return Found([], {})
        only = f"WHERE r.kind IN ({', '.join('?' for _ in kinds)})" if kinds is not None else ""
        with self.connect() as db:
            db.executescript(RANKED)
            db.executemany("INSERT INTO temp.scored VALUES (?, ?, ?)", scored)
            db.execute(BEST)
            rows = db.execute(FOUND.format(only=only), list(kinds or ())).fetchall()
            heads, counts = _heads(rows, first)
            shown = [r for head in heads for r in head]
            details = _by_id(db, DETAILS, shown)
            names = _by_id(db, NAMES, [n for h in heads for n in (h[0][7], h[0][8])])
        place = {k: i for i, k in enumerate(order)}
        hits = [_hit(head, details, names) for head in heads]
        hits.sort(key=lambda h: (h.rank, place.get(h.kind, 99), h.text.casefold(), h.iri))
        return Found(hits, counts)


Row = tuple[str, int, int, str, str, int, str, int, int]
"""A resource found (:data:`FOUND`): its kind, rank (score, length), its name shown's place
in order (the name, case aside), its IRI, its number, code, name shown and best name: rows
sort in the order of hits of one kind."""


def _heads(found: list[Row], first: int) -> tuple[list[list[Row]], dict[str, int]]:
    """The hits of ``found``: the resources of one kind, name shown and code folded into one
    (the first in order), each a list of its resources, the head first; the first ``first``
    of each kind, and the number of each kind."""
    groups: dict[tuple[str, int, str], list[Row]] = {}
    counts: dict[str, int] = {}
    kept = []
    for row in sorted(found):
        kind, code = row[0], row[6]
        group = [row]
        if code:
            known = groups.setdefault((kind, row[7], code), group)
            if known is not group:
                known.append(row)
                continue
        counts[kind] = counts.get(kind, 0) + 1
        if counts[kind] <= first:
            kept.append(group)
    return kept, counts


def _by_id(
    db: sqlite3.Connection, sql: str, ids: Sequence[Row | int]
) -> dict[int, tuple[Any, ...]]:
    """The rows of ``sql`` for the numbers ``ids`` (of rows of :data:`FOUND` or names)."""
    numbers = sorted({i if isinstance(i, int) else i[5] for i in ids})
    return {row[0]: row[1:] for row in db.execute(sql, (json.dumps(numbers),))}


def _hit(
    head: list[Row], details: dict[int, tuple[Any, ...]], names: dict[int, tuple[Any, ...]]
) -> Hit:
    """The hit of a head and the resources folded into it."""
    kind, score, length, _, _, resource, code, shown, name = head[0]
    iri, level, context = details[resource]
    text, lang = names[shown]
    matched = names[name][0]
    hit = Hit(iri, kind, text, lang, "" if matched == text else matched, (score, length))
    hit.context, hit.code, hit.level = context or "", code, level
    hit.same = [details[r[5]][0] for r in head[1:]]
    return hit


# A search in the file (IndexFile.search), in temporary tables of its connection: the names
# that match with their score, and the best name of each resource found (the least rank,
# then the first in order: one integer key, kept by an upsert).
RANKED = """
CREATE TEMP TABLE scored (id INTEGER PRIMARY KEY, score INTEGER, length INTEGER);
CREATE TEMP TABLE best (
    resource INTEGER PRIMARY KEY, name INTEGER, score INTEGER, length INTEGER, key INTEGER);
"""
BEST = """
INSERT INTO temp.best
SELECT e.resource, e.name, s.score + 1 - e.main, s.length,
    ((s.score + 1 - e.main) << 50) + (s.length << 25) + e.seq
FROM temp.scored s CROSS JOIN names n ON n.text = s.id CROSS JOIN entries e ON e.name = n.id
WHERE true
ON CONFLICT (resource) DO UPDATE SET name = excluded.name, score = excluded.score,
    length = excluded.length, key = excluded.key
WHERE excluded.key < best.key
"""
FOUND = """
SELECT r.kind, b.score, b.length, sn.ord, r.iri, b.resource, r.code, sn.id, b.name
FROM temp.best b CROSS JOIN resources r ON r.id = b.resource
    CROSS JOIN names sn ON sn.id = coalesce(r.label, b.name)
{only}
"""
DETAILS = """
SELECT r.id, r.iri, r.level, c.value FROM resources r LEFT JOIN names c ON c.id = r.context
WHERE r.id IN (SELECT value FROM json_each(?))
"""
ROWS = """
SELECT r.iri, r.kind, n.value, n.lang, t.folded, e.main, n.ord, l.value, l.lang,
    c.value, r.code, r.level
FROM entries e JOIN names n ON n.id = e.name JOIN texts t ON t.id = n.text
    JOIN resources r ON r.id = e.resource LEFT JOIN names l ON l.id = r.label
    LEFT JOIN names c ON c.id = r.context
ORDER BY r.iri, e.seq
"""
NAMES = "SELECT id, value, lang FROM names WHERE id IN (SELECT value FROM json_each(?))"
