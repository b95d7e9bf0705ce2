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
them. The summary is recomputed in bulk by every build, full or incremental, from the store
as the build made it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator

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
    """The summary graph's triples, made from the store's merge (the text keys included)."""
    return {
        *item_triples(db, base_iri),
        *competency_triples(db, base_iri),
        *sector_triples(db, base_iri),
        *sector_level_triples(db, base_iri),
    }


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
