"""The summary graph: what the library's whole-registry queries group, counted once at build time.

``recurring-items``, ``near-duplicate-items``, ``competencies-by-level`` and
``competencies-by-sector`` group every knowledge or ability item, or every personal
competency, of the registry by its text key (:mod:`nqs.derive.textkeys`), and
``sector-profile`` and ``level-demands-by-sector`` count every item or card per sector:
at 1,000 standards that takes seconds per
query. The build groups them once, after the text keys, and the
queries read one summary node per row they may answer:

- per kind (``knowledge``, ``ability``) and text key of the items: the least wording, the
  sectors and standards (sorted, space-separated), and the counts of sectors, standards,
  cards and item nodes (``nqs/derive/queries/summary-items.rq``);
- per NQF level or sector and text key of the personal competencies: the least wording, the
  cards of the level or sector that name it, its rank among the level's or sector's keys (1 +
  the keys named by more cards) and the cards of the level or sector that name any
  competency (``summary-competencies.rq``);
- per sector: its standards, cards, mandatory and additional functions, skills, ability and
  knowledge items, personal competencies and lowest and highest NQF level, what
  ``sector-profile`` counted (``summary-sectors.rq``);
- per sector and NQF level: its cards, their stated education and level notes on experience
  (sorted, separated by `` | ``) and their average functions, skills and competencies, what
  ``level-demands-by-sector`` grouped for its level (``summary-sector-levels.rq``).

Each node is an ``nqs:RegistrySummary`` (derived from the whole registry, it has no place in a
document, as the build's own ``nqs:Build`` has none), an IRI under ``summary/`` made from a
digest of what it summarises, so that two builds of the same sources give the same graph.
They go into the named graph ``graph/summary`` and into the merge, where the queries read
them. A full build makes the summary in bulk, from the store as the build made it.

A patched build (:mod:`nqs.patching`) makes again only the nodes that the triples of the merge
that changed (asserted, derived and text keys, either way) can change (:func:`patch_nodes`),
each by look-ups (:func:`item_node`, :func:`competency_key`, :func:`sector_node`,
:func:`sector_level_node`), and replaces those nodes' triples. Why those nodes are all: a node
is the result of one group of one query, whose rows are joins of triples along a tree of
patterns (the card in the middle; its sector's and level's paths, its standard, its
functions, skills and items, its competencies, its education and level notes at the
branches). A changed triple can change a node only if its predicate is one the queries read
(:data:`READ`), and then only the node of a row it is, or was, part of. Take such a row, in
the store before or after, and the path in its tree from the changed triple to the row's
group value (an item's or a competency's text key, a card's sectoral level, which gives its
sector and level). Either the rest of that path is unchanged, and walking from the changed
triple's subject or object towards the value in the store as it is now reaches the value; or
a later triple of the path changed too, and walking from that one reaches it (a removed
item's old key is itself a removed ``nqs:labelKey`` triple of the change). So the walks from
every node of every changed triple along every suffix of the paths to the values
(:data:`TO_KEY`, :data:`TO_COMPETENCY_KEY`, :data:`TO_SECTORAL`), with the changed text keys
and the sectoral levels of the changed cards' levels themselves (a removed card's, or a card's
former level: no walk reaches them any more), find every key and sectoral level whose rows
changed. The paths from a sectoral
level to its level's number and its sector's letter (:data:`FRAMEWORK`) are not walked back
that way: a change of one of those triples (or of the letter of a framework's sector) may
regroup every card of a level or sector, and the summary is made whole, as it is when the
closure was derived anew, or when a change needs more than :data:`BUDGET` look-ups.

What is made again: for each key reached, its item nodes of both kinds, from the items of the
key's literal in each language of the text keys (a node groups its items across languages).
For each competency key reached, its cards are counted in every group (NQF level, sector)
where it has a node now or had one before; a key's rank depends on every key of its group,
so every node of such a group is made again: the reached keys' counts as just made, the other
keys' read in the previous summary's graph (their rows did not change, or they would have
been reached), all ranked again, the group's cards with any competency counted again. For
each sector and each (sector, level) pair of the sectoral levels reached, its node over all
of its cards.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

from nqs.namespaces import NQS, RDF
from nqs.queries import package_queries
from nqs.store.builds import MERGE

SUMMARY_GRAPH = "graph/summary"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
TYPE = ox.NamedNode(str(RDF.type))
SUMMARY_CLASS = ox.NamedNode(f"{NQS}RegistrySummary")

ITEM_COUNTS = (
    ("sectorCount", "sectorCount"),
    ("standardCount", "standardCount"),
    ("cardCount", "cardCount"),
    ("itemCount", "itemCount"),
)
"""(column of summary-items.rq, property of the node) for the counts."""


def _p(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{NQS}{name}")


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD_INTEGER)


def _node(base_iri: str, *parts: str) -> ox.NamedNode:
    """The summary node of ``parts`` (its kind first): ``summary/<kind>/<digest>``."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
    return ox.NamedNode(f"{base_iri}summary/{parts[0]}/{digest}")


def _rows(db: ox.Store, name: str) -> Iterator[dict[str, ox.NamedNode | ox.Literal]]:
    """The rows of one of the summary's queries (``nqs/derive/queries/NAME.rq``)."""
    result = db.query(package_queries("nqs.derive", "derive")[name].text)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    for row in result:
        yield {n: row[n] for n in names if row[n] is not None}


def _sorted_list(value: ox.NamedNode | ox.Literal) -> ox.Literal:
    """A space-separated list of distinct values, sorted (SPARQL leaves GROUP_CONCAT's order
    to the engine)."""
    return ox.Literal(" ".join(sorted(set(value.value.split()))))


def item_triples(db: ox.Store, base_iri: str) -> Iterator[ox.Triple]:
    """One node per kind and text key of the knowledge and ability items."""
    for row in _rows(db, "summary-items"):
        kind, key = row["kind"].value, row["key"].value
        node = _node(base_iri, kind, key)
        yield ox.Triple(node, TYPE, SUMMARY_CLASS)
        yield ox.Triple(node, _p("summaryKind"), ox.Literal(kind))
        yield ox.Triple(node, _p("summaryKey"), ox.Literal(key))
        yield ox.Triple(node, _p("summaryText"), ox.Literal(row["text"].value))
        yield ox.Triple(node, _p("sectorList"), _sorted_list(row["sectors"]))
        yield ox.Triple(node, _p("standardList"), _sorted_list(row["standards"]))
        for column, prop in ITEM_COUNTS:
            yield ox.Triple(node, _p(prop), row[column])


def ranks(cards: dict[str, int]) -> dict[str, int]:
    """Each key's rank: 1 + how many keys more cards name (equal counts share a rank)."""
    counts = sorted(cards.values(), reverse=True)
    first: dict[int, int] = {}
    for i, n in enumerate(counts):
        first.setdefault(n, i + 1)
    return {key: first[n] for key, n in cards.items()}


def competency_triples(db: ox.Store, base_iri: str) -> Iterator[ox.Triple]:
    """One node per NQF level or sector and text key of the personal competencies."""
    groups: dict[tuple[str, ox.NamedNode | ox.Literal], list[dict[str, ox.NamedNode | ox.Literal]]]
    groups = defaultdict(list)
    for row in _rows(db, "summary-competencies"):
        groups[(row["by"].value, row["group"])].append(row)
    for (by, group), rows in sorted(groups.items(), key=lambda g: (g[0][0], str(g[0][1]))):
        rank = ranks({r["key"].value: int(r["cards"].value) for r in rows})
        group_prop = _p("summaryLevel" if by == "level" else "summarySector")
        for row in rows:
            key = row["key"].value
            node = _node(base_iri, "competency", by, str(group), key)
            yield ox.Triple(node, TYPE, SUMMARY_CLASS)
            yield ox.Triple(node, group_prop, group)
            yield ox.Triple(node, _p("summaryKey"), ox.Literal(key))
            yield ox.Triple(node, _p("summaryText"), ox.Literal(row["competency"].value))
            yield ox.Triple(node, _p("cardCount"), row["cards"])
            yield ox.Triple(node, _p("summaryRank"), _integer(rank[key]))
            yield ox.Triple(node, _p("groupCardCount"), row["all"])


SECTOR_COUNTS = (
    ("standards", "standardCount"),
    ("cards", "cardCount"),
    ("mandatoryFunctions", "mandatoryFunctionCount"),
    ("additionalFunctions", "additionalFunctionCount"),
    ("skills", "skillCount"),
    ("abilities", "abilityCount"),
    ("knowledge", "knowledgeCount"),
    ("competencies", "competencyCount"),
    ("lowestLevel", "lowestLevel"),
    ("highestLevel", "highestLevel"),
)
"""(column of summary-sectors.rq, property of the sector's node)."""


def sector_triples(db: ox.Store, base_iri: str) -> Iterator[ox.Triple]:
    """One node per sector with the counts of its standards, cards and their content."""
    for row in _rows(db, "summary-sectors"):
        node = _node(base_iri, "sector", row["sector"].value)
        yield ox.Triple(node, TYPE, SUMMARY_CLASS)
        yield ox.Triple(node, _p("summarySector"), row["sector"])
        for column, prop in SECTOR_COUNTS:
            if column in row:
                yield ox.Triple(node, _p(prop), row[column])


SECTOR_LEVEL_VALUES = (
    ("cards", "cardCount"),
    ("functionsPerCard", "functionsPerCard"),
    ("skillsPerCard", "skillsPerCard"),
    ("competenciesPerCard", "competenciesPerCard"),
)
"""(column of summary-sector-levels.rq, property of the node)."""
SECTOR_LEVEL_LISTS = (("education", "educationList"), ("experience", "experienceList"))
"""Its texts, separated by `` | ``: sorted here."""


def sector_level_triples(db: ox.Store, base_iri: str) -> Iterator[ox.Triple]:
    """One node per sector and NQF level with its cards, their stated education, their
    level notes on experience and their averages."""
    for row in _rows(db, "summary-sector-levels"):
        sector, level = row["sector"], row["level"]
        node = _node(base_iri, "sector-level", sector.value, level.value)
        yield ox.Triple(node, TYPE, SUMMARY_CLASS)
        yield ox.Triple(node, _p("summarySector"), sector)
        yield ox.Triple(node, _p("summaryLevel"), level)
        for column, prop in SECTOR_LEVEL_VALUES:
            yield ox.Triple(node, _p(prop), row[column])
        for column, prop in SECTOR_LEVEL_LISTS:
            if column in row:
                texts = sorted(set(row[column].value.split(" | ")))
                yield ox.Triple(node, _p(prop), ox.Literal(" | ".join(texts)))


def summary_triples(db: ox.Store, base_iri: str) -> set[ox.Triple]:
    """The summary graph's triples, made from the store's merge (the text keys included).

    Its four queries run in two threads: Oxigraph evaluates a query with the interpreter
    released, so the items' query (half of the time) runs beside the three others (at
    1,000 standards 7.3 s instead of 11.6 s, measured alone)."""
    parts = (item_triples, competency_triples, sector_triples, sector_level_triples)
    with ThreadPoolExecutor(2, thread_name_prefix="summary") as pool:
        made = list(pool.map(lambda part: set(part(db, base_iri)), parts))
    return set().union(*made)


def add_summary(db: ox.Store, base_iri: str) -> int:
    """Add the summary graph (``graph/summary`` and the merge); returns its triples.

    Written by Oxigraph's bulk loader (``bulk_extend``, not one transaction, as the build
    loads the documents), a third of the CPU time of ``Store.extend`` for these triples."""
    triples = summary_triples(db, base_iri)
    graph = ox.NamedNode(base_iri + SUMMARY_GRAPH)
    db.bulk_extend(
        ox.Quad(t.subject, t.predicate, t.object, g) for t in triples for g in (graph, MERGE)
    )
    return len(triples)


# -- the nodes a change can change, made again (patched builds) ------------------------------
Term = ox.NamedNode | ox.BlankNode | ox.Literal
Subject = ox.NamedNode | ox.BlankNode
Step = tuple[tuple[ox.NamedNode, ...], bool]
"""One step of a path: its predicates (alternatives) and whether it is walked backwards."""

QL, CORRESPONDS, LEVEL_NUMBER = _p("qualificationLevel"), _p("correspondsTo"), _p("levelNumber")
IN_FRAMEWORK, SECTOR_ACTIVITY = _p("inFramework"), _p("sectorActivity")
NOTATION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
HAS_CARD, HAS_FUNCTION, HAS_SKILL = _p("hasCard"), _p("hasLaborFunction"), _p("hasSkill")
HAS_KNOWLEDGE, HAS_ABILITY, HAS_COMPETENCY = (
    _p("hasKnowledge"),
    _p("hasAbility"),
    _p("hasPersonalCompetency"),
)
LABEL_KEY, MANDATORY = _p("labelKey"), _p("mandatory")
EDUCATION_LEVEL, EDUCATION_LINK = _p("educationLevel"), _p("educationLink")
LEVEL_NOTE, LEVEL_NOTE_KEY = _p("levelNote"), _p("levelNoteKey")
COMPETENCY_CLASS, CARD_CLASS = _p("PersonalCompetency"), _p("ProfessionCard")
KINDS = {"knowledge": HAS_KNOWLEDGE, "ability": HAS_ABILITY}
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"

FRAMEWORK = {CORRESPONDS, LEVEL_NUMBER, IN_FRAMEWORK, SECTOR_ACTIVITY}
"""The predicates of the frameworks' levels and sectors: a change of one may regroup every
card of a level or sector (made in bulk)."""
READ = FRAMEWORK | {
    NOTATION,
    QL,
    HAS_CARD,
    HAS_FUNCTION,
    HAS_SKILL,
    HAS_KNOWLEDGE,
    HAS_ABILITY,
    HAS_COMPETENCY,
    LABEL_KEY,
    LABEL,
    MANDATORY,
    EDUCATION_LEVEL,
    EDUCATION_LINK,
    LEVEL_NOTE,
    LEVEL_NOTE_KEY,
    TYPE,
}
"""Every predicate the summary's queries read: a triple of another cannot change a node."""


def _fw(*predicates: ox.NamedNode) -> Step:
    return (predicates, False)


def _back(*predicates: ox.NamedNode) -> Step:
    return (predicates, True)


TO_KEY: tuple[Step, ...] = (
    _fw(HAS_CARD),
    _fw(HAS_FUNCTION),
    _fw(HAS_SKILL),
    _fw(HAS_KNOWLEDGE, HAS_ABILITY),
    _fw(LABEL_KEY),
)
"""From a standard to its items' text keys."""
TO_SECTORAL: tuple[tuple[Step, ...], ...] = (
    (_back(HAS_KNOWLEDGE, HAS_ABILITY), _back(HAS_SKILL), _back(HAS_FUNCTION), _fw(QL)),
    (_back(HAS_COMPETENCY), _fw(QL)),
    (_fw(HAS_CARD), _fw(QL)),
    (_back(EDUCATION_LINK), _fw(QL)),
)
"""From an item, a personal competency, a standard or an education link to the sectoral
levels of their cards."""
TO_COMPETENCY_KEY: tuple[Step, ...] = (_fw(HAS_COMPETENCY), _fw(LABEL_KEY))
"""From a card to its personal competencies' text keys."""
LEVEL_PATH = (_fw(CORRESPONDS), _fw(LEVEL_NUMBER))
SECTOR_PATH = (_fw(IN_FRAMEWORK), _fw(SECTOR_ACTIVITY), _fw(NOTATION))
"""From a sectoral level to its NQF level's number and to its sector's letter."""


class TooLarge(Exception):
    """The change reaches more than a patch should make again: the summary is made whole."""


class _Reader:
    """Look-ups in the merge, each made once (the nodes of a change share cards, standards
    and sectors: a standard's hundreds of item keys reach the same few hundred cards) and
    counted against a budget."""

    def __init__(self, db: ox.Store, budget: int) -> None:
        self.db, self.budget = db, budget
        self.groups: dict[Term, set[tuple[str, Term]]] = {}
        self._found: dict[tuple[Subject | None, ox.NamedNode, Term | None], list[Term]] = {}

    def _spend(self) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise TooLarge

    def _ends(self, s: Subject | None, p: ox.NamedNode, o: Term | None) -> list[Term]:
        """The open end of the pattern (``s`` or ``o`` is None) in the merge, looked up once."""
        found = self._found.get((s, p, o))
        if found is None:
            self._spend()
            quads = self.db.quads_for_pattern(s, p, o, MERGE)
            ends = (q.subject if s is None else q.object for q in quads)
            found = self._found[s, p, o] = [e for e in ends if not isinstance(e, ox.Triple)]
        return found

    def objects(self, s: Term, p: ox.NamedNode) -> list[Term]:
        return [] if isinstance(s, ox.Literal) else self._ends(s, p, None)

    def subjects(self, p: ox.NamedNode, o: Term) -> list[Term]:
        return self._ends(None, p, o)

    def walk(self, starts: Iterable[Term], path: Sequence[Step]) -> set[Term]:
        """The nodes at the end of ``path`` from ``starts``."""
        nodes = set(starts)
        for predicates, back in path:
            step: set[Term] = set()
            for node in nodes:
                for p in predicates:
                    step.update(self.subjects(p, node) if back else self.objects(node, p))
            nodes = step
        return nodes

    def ends(self, starts: Iterable[Term], path: Sequence[Step]) -> set[Term]:
        """The ends of ``path`` from ``starts`` placed at any of its steps."""
        nodes = set(starts)
        return {end for i in range(len(path)) for end in self.walk(nodes, path[i:])}

    def has_type(self, s: Term, cls: ox.NamedNode) -> bool:
        self._spend()
        return not isinstance(s, ox.Literal) and any(
            True for _ in self.db.quads_for_pattern(s, TYPE, cls, MERGE)
        )


def _lang(literal: Term) -> str | None:
    return (literal.language or "") if isinstance(literal, ox.Literal) else None


def _sectors(r: _Reader, card: Term) -> set[Term]:
    return r.walk([card], (_fw(QL), *SECTOR_PATH))


def item_node(
    r: _Reader, base_iri: str, langs: Iterable[str], kind: str, key: str
) -> set[ox.Triple]:
    """The node of ``kind`` and ``key`` as ``summary-items.rq`` makes it (none: no item)."""
    texts: set[str] = set()
    sectors: set[Term] = set()
    standards: set[Term] = set()
    cards: set[Term] = set()
    items: set[Term] = set()
    for lang in langs:
        literal = ox.Literal(key, language=lang) if lang else ox.Literal(key)
        for item in r.subjects(LABEL_KEY, literal):
            labels = [x.value for x in r.objects(item, LABEL) if _lang(x) == lang]
            if not labels:
                continue
            up = (_back(KINDS[kind]), _back(HAS_SKILL), _back(HAS_FUNCTION))
            for card in r.walk([item], up):
                here, of = _sectors(r, card), r.subjects(HAS_CARD, card)
                if here and of:
                    sectors |= here
                    standards.update(of)
                    cards.add(card)
                    items.add(item)
                    texts.update(labels)
    if not items:
        return set()
    node = _node(base_iri, kind, key)
    listed = " ".join(sorted(set(" ".join(s.value for s in sectors).split())))
    return {
        ox.Triple(node, TYPE, SUMMARY_CLASS),
        ox.Triple(node, _p("summaryKind"), ox.Literal(kind)),
        ox.Triple(node, _p("summaryKey"), ox.Literal(key)),
        ox.Triple(node, _p("summaryText"), ox.Literal(min(texts))),
        ox.Triple(node, _p("sectorList"), ox.Literal(listed)),
        ox.Triple(
            node, _p("standardList"), _sorted_list(ox.Literal(" ".join(s.value for s in standards)))
        ),
        ox.Triple(node, _p("sectorCount"), _integer(len(sectors))),
        ox.Triple(node, _p("standardCount"), _integer(len(standards))),
        ox.Triple(node, _p("cardCount"), _integer(len(cards))),
        ox.Triple(node, _p("itemCount"), _integer(len(items))),
    }


def _cards_of(r: _Reader, by: str, group: Term) -> set[Term]:
    """The cards of an NQF level's number or a sector's letter."""
    path = LEVEL_PATH if by == "level" else SECTOR_PATH
    return r.walk([group], [(p, not back) for p, back in reversed(path)] + [_back(QL)])


def _groups_of(r: _Reader, card: Term) -> set[tuple[str, Term]]:
    """A card's NQF level numbers and sector letters, as the groups of the competencies."""
    if card not in r.groups:
        levels = r.walk([card], (_fw(QL), *LEVEL_PATH))
        r.groups[card] = {("level", n) for n in levels} | {("sector", s) for s in _sectors(r, card)}
    return r.groups[card]


def competency_key(
    r: _Reader, langs: Iterable[str], key: str
) -> dict[tuple[str, Term], tuple[set[Term], str]]:
    """Per group (NQF level or sector), the cards of the group that name a personal
    competency of ``key`` and the least of its labels in the key's language, as
    ``summary-competencies.rq`` groups them."""
    found: dict[tuple[str, Term], tuple[set[Term], str]] = {}
    for lang in langs:
        literal = ox.Literal(key, language=lang) if lang else ox.Literal(key)
        for pc in r.subjects(LABEL_KEY, literal):
            labels = [x.value for x in r.objects(pc, LABEL) if _lang(x) == lang]
            if not labels or not r.has_type(pc, COMPETENCY_CLASS):
                continue
            for card in r.subjects(HAS_COMPETENCY, pc):
                for group in _groups_of(r, card):
                    cards, text = found.get(group, (set(), min(labels)))
                    cards.add(card)
                    found[group] = (cards, min(text, *labels))
    return found


def _group_prop(by: str) -> ox.NamedNode:
    return _p("summaryLevel" if by == "level" else "summarySector")


def _previous_group(
    r: _Reader, base_iri: str, graph: ox.NamedNode, by: str, group: Term
) -> dict[str, tuple[int, str, ox.NamedNode]]:
    """The previous summary's nodes of a group: per key, its cards, text and node."""
    prefix = f"{base_iri}summary/competency/"
    found: dict[str, tuple[int, str, ox.NamedNode]] = {}
    for q in r.db.quads_for_pattern(None, _group_prop(by), group, graph):
        node = q.subject
        if not isinstance(node, ox.NamedNode) or not node.value.startswith(prefix):
            continue
        values = {
            x.predicate: x.object.value
            for x in r.db.quads_for_pattern(node, None, None, graph)
            if isinstance(x.object, ox.Literal)
        }
        key, text = values[_p("summaryKey")], values[_p("summaryText")]
        found[key] = (int(values[_p("cardCount")]), text, node)
    return found


def _previous_groups(
    r: _Reader, base_iri: str, graph: ox.NamedNode, key: str
) -> set[tuple[str, Term]]:
    """The groups in which the previous summary has a node of ``key``."""
    prefix = f"{base_iri}summary/competency/"
    groups: set[tuple[str, Term]] = set()
    for q in r.db.quads_for_pattern(None, _p("summaryKey"), ox.Literal(key), graph):
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix):
            for by in ("level", "sector"):
                for x in r.db.quads_for_pattern(q.subject, _group_prop(by), None, graph):
                    if not isinstance(x.object, ox.Triple):
                        groups.add((by, x.object))
    return groups


def _named_cards(r: _Reader, by: str, group: Term) -> int:
    """How many cards of the group name any personal competency."""
    return sum(1 for card in _cards_of(r, by, group) if r.objects(card, HAS_COMPETENCY))


def group_nodes(
    base_iri: str, by: str, group: Term, counts: dict[str, tuple[int, str]], named: int
) -> set[ox.Triple]:
    """The nodes of one group's keys (cards, text), ranked, as :func:`competency_triples`
    makes them."""
    rank = ranks({key: n for key, (n, _) in counts.items()})
    triples: set[ox.Triple] = set()
    for key, (n, text) in counts.items():
        node = _node(base_iri, "competency", by, str(group), key)
        triples |= {
            ox.Triple(node, TYPE, SUMMARY_CLASS),
            ox.Triple(node, _group_prop(by), group),
            ox.Triple(node, _p("summaryKey"), ox.Literal(key)),
            ox.Triple(node, _p("summaryText"), ox.Literal(text)),
            ox.Triple(node, _p("cardCount"), _integer(n)),
            ox.Triple(node, _p("summaryRank"), _integer(rank[key])),
            ox.Triple(node, _p("groupCardCount"), _integer(named)),
        }
    return triples


def _competencies(
    r: _Reader,
    base_iri: str,
    langs: set[str],
    keys: set[str],
    groups: set[tuple[str, Term]],
) -> tuple[set[ox.NamedNode], set[ox.Triple]]:
    """The nodes of ``groups`` (those of the sectoral levels reached: a card's competencies
    there may have changed though no key was reached, e.g. its only one untyped) and of every
    group in which one of ``keys`` has, or had, a node: the keys' cards counted again, the
    others' taken from the previous summary, every key of the group ranked again and its
    cards with any competency counted again."""
    graph = ox.NamedNode(base_iri + SUMMARY_GRAPH)
    now = {key: competency_key(r, langs, key) for key in keys}
    touched = groups | {g for per in now.values() for g in per}
    for key in keys:
        touched |= _previous_groups(r, base_iri, graph, key)
    stale: set[ox.NamedNode] = set()
    fresh: set[ox.Triple] = set()
    for by, group in sorted(touched, key=str):
        before = _previous_group(r, base_iri, graph, by, group)
        stale |= {node for _, _, node in before.values()}
        counts = {k: (n, text) for k, (n, text, _) in before.items() if k not in keys}
        for key in keys:
            if (by, group) in now[key]:
                cards, text = now[key][(by, group)]
                counts[key] = (len(cards), text)
        fresh |= group_nodes(base_iri, by, group, counts, _named_cards(r, by, group))
    return stale, fresh


def _level(term: Term) -> int:
    if not isinstance(term, ox.Literal) or not term.datatype.value.endswith("#integer"):
        raise TooLarge  # not what the queries' MIN and MAX were checked on: made whole
    return int(term.value)


def sector_node(r: _Reader, base_iri: str, sector: Term) -> set[ox.Triple]:
    """The node of one sector, as ``summary-sectors.rq`` makes it (none: a part without rows)."""
    sectorals = r.walk([sector], [(p, not back) for p, back in reversed(SECTOR_PATH)])
    standards: set[Term] = set()
    cards: set[Term] = set()
    levels: list[Term] = []
    mandatory: set[Term] = set()
    additional: set[Term] = set()
    skills: set[Term] = set()
    abilities: set[Term] = set()
    knowledge: set[Term] = set()
    competencies: set[Term] = set()
    functions_found = items_found = False
    everyone: set[Term] = set()
    for sectoral in sectorals:
        here = r.walk([sectoral], LEVEL_PATH)
        for card in r.subjects(QL, sectoral):
            everyone.add(card)
            of = r.subjects(HAS_CARD, card)
            if here and of:
                standards.update(of)
                cards.add(card)
                levels.extend(here)
    for card in everyone:
        competencies.update(r.objects(card, HAS_COMPETENCY))
        for f in r.objects(card, HAS_FUNCTION):
            its_skills = r.objects(f, HAS_SKILL)
            for flag in r.objects(f, MANDATORY):
                if not isinstance(flag, ox.Literal) or flag.datatype.value != XSD_BOOLEAN:
                    raise TooLarge  # not a boolean: its IF left to the query
                functions_found = True
                (mandatory if flag.value in ("true", "1") else additional).add(f)
                skills.update(its_skills)
            for skill in its_skills:
                a, k = r.objects(skill, HAS_ABILITY), r.objects(skill, HAS_KNOWLEDGE)
                abilities.update(a)
                knowledge.update(k)
                items_found = items_found or bool(a or k)
    if not (cards and functions_found and items_found):
        return set()
    node = _node(base_iri, "sector", sector.value)
    low, high = min(levels, key=_level), max(levels, key=_level)
    counts = (
        ("standardCount", _integer(len(standards))),
        ("cardCount", _integer(len(cards))),
        ("mandatoryFunctionCount", _integer(len(mandatory))),
        ("additionalFunctionCount", _integer(len(additional))),
        ("skillCount", _integer(len(skills))),
        ("abilityCount", _integer(len(abilities))),
        ("knowledgeCount", _integer(len(knowledge))),
        ("competencyCount", _integer(len(competencies))),
        ("lowestLevel", low),
        ("highestLevel", high),
    )
    return {
        ox.Triple(node, TYPE, SUMMARY_CLASS),
        ox.Triple(node, _p("summarySector"), sector),
        *(
            ox.Triple(node, _p(prop), value)
            for prop, value in counts
            if isinstance(value, ox.Literal)
        ),
    }


def _averages(values: Sequence[int]) -> ox.Literal:
    """``ROUND(AVG(xsd:decimal(?v)) * 10) / 10.0`` of the values, as the query computes it
    (Oxigraph's decimal arithmetic, on an empty store)."""
    listed = " ".join(str(v) for v in values)
    result = ox.Store().query(
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT "
        "(ROUND(AVG(xsd:decimal(?v)) * 10) / 10.0 AS ?a) WHERE { VALUES ?v { " + listed + " } }"
    )
    assert isinstance(result, ox.QuerySolutions)
    value = next(iter(result))["a"]
    assert isinstance(value, ox.Literal)
    return value


def _joined(texts: Iterable[str]) -> str:
    return " | ".join(sorted(set(" | ".join(texts).split(" | "))))


def sector_level_node(r: _Reader, base_iri: str, sector: Term, level: Term) -> set[ox.Triple]:
    """The node of one sector and NQF level, as ``summary-sector-levels.rq`` makes it."""
    of_sector = r.walk([sector], [(p, not back) for p, back in reversed(SECTOR_PATH)])
    of_level = r.walk([level], [(p, not back) for p, back in reversed(LEVEL_PATH)])
    rows: list[tuple[int, int, int]] = []
    education: set[str] = set()
    experience: set[str] = set()
    for sectoral in of_sector & of_level:
        for card in r.subjects(QL, sectoral):
            for e in r.objects(card, EDUCATION_LEVEL) + [
                x
                for link in r.objects(card, EDUCATION_LINK)
                for x in r.objects(link, EDUCATION_LEVEL)
            ]:
                education.add(e.value)
            keys = r.objects(card, LEVEL_NOTE_KEY)
            for note in r.objects(card, LEVEL_NOTE):
                if any(
                    _lang(k) == _lang(note) is not None
                    and ("опыт" in k.value or "тәжірибе" in k.value)
                    for k in keys
                ):
                    experience.add(note.value)
            if not r.has_type(card, CARD_CLASS):
                continue
            functions = r.objects(card, HAS_FUNCTION)
            skills = {s for f in functions for s in r.objects(f, HAS_SKILL)}
            rows.append(
                (len(set(functions)), len(skills), len(set(r.objects(card, HAS_COMPETENCY))))
            )
    if not rows:
        return set()
    node = _node(base_iri, "sector-level", sector.value, level.value)
    triples = {
        ox.Triple(node, TYPE, SUMMARY_CLASS),
        ox.Triple(node, _p("summarySector"), sector),
        ox.Triple(node, _p("summaryLevel"), level),
        ox.Triple(node, _p("cardCount"), _integer(len(rows))),
        ox.Triple(node, _p("functionsPerCard"), _averages([f for f, _, _ in rows])),
        ox.Triple(node, _p("skillsPerCard"), _averages([s for _, s, _ in rows])),
        ox.Triple(node, _p("competenciesPerCard"), _averages([c for _, _, c in rows])),
    }
    for prop, texts in (("educationList", education), ("experienceList", experience)):
        if texts:
            triples.add(ox.Triple(node, _p(prop), ox.Literal(_joined(texts))))
    return triples


BUDGET = 25_000
"""Look-ups a patch may spend before the summary is made whole instead. At 1,000 standards a
look-up takes about 30 µs and the whole summary 7–12 s: an edited item needs some 80
look-ups, a standard added or removed some 330,000 even with each look-up made once (its
hundreds of items' keys are each shared by dozens of standards, and the nodes of its
sectors count every card of the sector), which this budget gives up after under a second
rather than spend 10 s."""


def label_key_languages(db: ox.Store) -> set[str]:
    """The language tags of the text keys (``""``: none): a node's key is grouped across them."""
    result = db.query(f"SELECT DISTINCT (LANG(?k) AS ?l) WHERE {{ ?s <{LABEL_KEY.value}> ?k }}")
    assert isinstance(result, ox.QuerySolutions)
    return {row["l"].value for row in result if row["l"] is not None}


def _framework_changed(r: _Reader, changed: Iterable[ox.Triple]) -> bool:
    """Whether a triple of a framework's levels or sectors changed (a sector's letter: of a
    node that is a framework's sector now, or whose link to one changed too)."""
    for t in changed:
        if t.predicate in FRAMEWORK:
            return True
        if (
            t.predicate == NOTATION
            and not isinstance(t.subject, ox.Triple)
            and r.subjects(SECTOR_ACTIVITY, t.subject)
        ):
            return True
    return False


def patch_nodes(
    db: ox.Store, base_iri: str, changed: Iterable[ox.Triple]
) -> tuple[set[ox.NamedNode], set[ox.Triple]] | None:
    """The summary nodes that the ``changed`` triples (of the merge, either way) can change,
    and their triples made again now; None when the change is one of a framework's levels or
    sectors or too large (:data:`BUDGET`): the summary is then made whole. The previous
    summary is read in its graph, whole in the store. See the module's docstring for why
    these nodes are all."""
    relevant = [t for t in changed if t.predicate in READ]
    r = _Reader(db, BUDGET)
    try:
        if _framework_changed(r, relevant):
            return None
        nodes: set[Term] = {t.subject for t in relevant if not isinstance(t.subject, ox.Triple)}
        nodes |= {t.object for t in relevant if isinstance(t.object, ox.NamedNode | ox.BlankNode)}
        changed_keys: set[Term] = {
            t.object
            for t in relevant
            if t.predicate == LABEL_KEY and isinstance(t.object, ox.Literal)
        }
        keys = changed_keys | r.ends(nodes, TO_KEY)
        competencies = changed_keys | r.ends(nodes, TO_COMPETENCY_KEY)
        # a card's level that changed: its old sectoral level is no longer reached from the card
        sectorals: set[Term] = {
            t.object
            for t in relevant
            if t.predicate == QL and isinstance(t.object, ox.NamedNode | ox.BlankNode)
        }
        for path in TO_SECTORAL:
            sectorals |= r.ends(nodes, path)
        pairs = {
            (s, n)
            for sectoral in sectorals
            for s in r.walk([sectoral], SECTOR_PATH)
            for n in r.walk([sectoral], LEVEL_PATH)
        }
        sectors = {s for sectoral in sectorals for s in r.walk([sectoral], SECTOR_PATH)}
        levels = {n for sectoral in sectorals for n in r.walk([sectoral], LEVEL_PATH)}
        groups = {("sector", s) for s in sectors} | {("level", n) for n in levels}
        return _remade(r, base_iri, keys, competencies, groups, sectors, pairs)
    except TooLarge:
        return None


def _remade(
    r: _Reader,
    base_iri: str,
    keys: set[Term],
    competencies: set[Term],
    groups: set[tuple[str, Term]],
    sectors: set[Term],
    pairs: set[tuple[Term, Term]],
) -> tuple[set[ox.NamedNode], set[ox.Triple]]:
    """The nodes of these items' keys, competencies' keys and groups, sectors and pairs of
    a sector and level, and their triples now."""
    stale: set[ox.NamedNode] = set()
    fresh: set[ox.Triple] = set()
    langs = label_key_languages(r.db) if keys or competencies else set()
    for key in sorted({k.value for k in keys if isinstance(k, ox.Literal)}):
        for kind in KINDS:
            stale.add(_node(base_iri, kind, key))
            fresh |= item_node(r, base_iri, langs, kind, key)
    named = {k.value for k in competencies if isinstance(k, ox.Literal)}
    stale_groups, fresh_groups = _competencies(r, base_iri, langs, named, groups)
    stale |= stale_groups
    fresh |= fresh_groups
    for sector in sectors:
        stale.add(_node(base_iri, "sector", sector.value))
        fresh |= sector_node(r, base_iri, sector)
    for sector, level in pairs:
        stale.add(_node(base_iri, "sector-level", sector.value, level.value))
        fresh |= sector_level_node(r, base_iri, sector, level)
    stale |= {t.subject for t in fresh if isinstance(t.subject, ox.NamedNode)}
    return stale, fresh
