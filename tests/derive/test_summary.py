"""The summary graph (:mod:`nqs.derive.summary`): its counts read by hand in seed 000, and the
six library queries that read it give the rows they gave when they grouped every item at
query time (their texts before, in tests/data/library-before-summary/, with those of seven
queries rewritten for speed at 1,000 standards: education-pathway-mismatch,
cards-without-additional-functions, related-occupations, isco-unit-groups, cards-by-title,
level-sector-matrix, standards-overview)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from nqs.config import Settings
from nqs.derive import summary
from nqs.derive.summary import SUMMARY_GRAPH, ranks
from nqs.namespaces import DEFAULT_BASE_IRI, NQS
from nqs.queries import load_library
from nqs.query import Table, run_library
from nqs.store import ReadOnlyStore
from tests.conftest import TESTS

BEFORE = load_library(TESTS / "data" / "library-before-summary")
AFTER = load_library()
STANDARD = f"{DEFAULT_BASE_IRI}standard/R90012023"
# The parameters each rewritten query is compared with: its defaults, and others that keep
# more rows (every rank, every text of one sector, both kinds, each span of a pair).
CASES: dict[str, list[dict[str, str]]] = {
    "recurring-items": [
        {},
        {"kind": "ability"},
        {"minSectors": "1"},
        {"minSectors": "1", "minStandards": "3", "kind": "ability"},
    ],
    "near-duplicate-items": [
        {},
        {"kind": "ability"},
        {"across": "standard", "threshold": "0.5"},
        {"across": "any"},
    ],
    "competencies-by-level": [{}, {"top": "1"}, {"top": "1000"}],
    "competencies-by-sector": [{}, {"top": "2"}, {"top": "1000"}],
    "sector-profile": [{}],
    "level-demands-by-sector": [{"level": str(n)} for n in range(3, 9)],
    # not readers of the summary, rewritten for speed at 1,000 standards (their texts before in
    # the same folder): education-pathway-mismatch's words matched once per education key and
    # its agreement once per level and category; the others' sectoral levels read from a
    # sub-select, occupations or additional functions found first, cards sorted by one string
    "education-pathway-mismatch": [{}, {"sector": "J"}],
    "cards-without-additional-functions": [{}, {"sector": "J"}, {"sector": "R"}],
    "related-occupations": [{}, {"sector": "J"}],
    "isco-unit-groups": [{}, {"major": "2"}],
    "cards-by-title": [{}, {"text": "инженер"}, {"text": ""}],
    "level-sector-matrix": [{}],
    "standards-overview": [{}],
}
LISTS = {
    "sectorList": " ",
    "sectors": " ",
    "standards": " ",
    "education": " | ",
    "experience": " | ",
}
"""Columns that are lists, with their separators: GROUP_CONCAT gave them in the engine's order,
the summary sorted (the near-duplicates' step sorts its own)."""


@pytest.fixture(scope="module")
def full(full_settings: Settings) -> Iterator[ox.Store]:
    yield ReadOnlyStore(full_settings.store).db


@pytest.fixture(scope="module")
def seeds(seed_settings: Settings) -> Iterator[ox.Store]:
    """The five seeds: seed 000 is their one standard, the others give the NQF's levels."""
    yield ReadOnlyStore(seed_settings.store).db


def _rows(table: Table) -> Counter[tuple[str, ...]]:
    """The rows as a multiset, the lists of the list columns as sets."""
    rows: Counter[tuple[str, ...]] = Counter()
    for row in table.rows:
        cells = []
        for column, value in zip(table.columns, row, strict=True):
            text = str(value)
            if column in LISTS and isinstance(value, ox.Literal):
                literal = value.datatype.value.endswith("#string")
                parts = sorted(value.value.split(LISTS[column]))
                text = LISTS[column].join(parts) if literal else text
            cells.append(text)
        rows[tuple(cells)] += 1
    return rows


@pytest.mark.parametrize(
    ("name", "params"),
    [(name, p) for name, cases in CASES.items() for p in cases],
    ids=lambda x: "-".join(f"{k}={v}" for k, v in x.items()) if isinstance(x, dict) else str(x),
)
def test_rewritten_query_gives_the_same_rows(
    full: ox.Store, name: str, params: dict[str, str]
) -> None:
    before, after = run_library(full, BEFORE[name], params), run_library(full, AFTER[name], params)
    assert after.columns == before.columns
    assert before.rows, "a case that keeps no row compares nothing"
    assert _rows(after) == _rows(before)


def test_cards_keep_their_order(full: ox.Store) -> None:
    """cards-without-additional-functions is sorted by one string (the standard's IRI, a space
    and the card's) instead of by the pair: the rows come in the order they came before."""
    name = "cards-without-additional-functions"
    before, after = run_library(full, BEFORE[name]), run_library(full, AFTER[name])
    assert len(after.rows) > 1
    assert [r[:2] for r in after.rows] == [r[:2] for r in before.rows]


def _summary(db: ox.Store, where: str) -> dict[str, str]:
    """The values of the one summary node that ``where`` (patterns on ?s) finds."""
    result = db.query(
        f"PREFIX nqs: <{NQS}> SELECT ?p ?o WHERE {{ GRAPH <{DEFAULT_BASE_IRI}{SUMMARY_GRAPH}> "
        f"{{ {where} ?s ?p ?o }} }}"
    )
    assert isinstance(result, ox.QuerySolutions)
    values: dict[str, str] = {}
    for row in result:
        p, o = row["p"], row["o"]
        assert isinstance(p, ox.NamedNode) and isinstance(o, ox.NamedNode | ox.Literal)
        assert p.value.rsplit("#", 1)[1] not in values, "one node, one value per property"
        values[p.value.rsplit("#", 1)[1]] = o.value
    return values


def test_item_counts_read_by_hand(seeds: ox.Store) -> None:
    """Seed 000 (one standard, its OKED section R at line 45, three cards at lines 61, 374
    and 513): the ability «Конкурстарды, концерттерді, презентацияларды, арт-фестивальдерді
    және басқа да іс-шараларды ұйымдастыру дағдыларын меңгеру.» is written three times, all
    in the first card (lines 266-268, 286-288, 317-319); the knowledge «Арт-менеджменттің
    негізгі қағидаларын.» twice, in the first card too (lines 294, 323)."""
    key = (
        "конкурстарды концерттерді презентацияларды арт фестивальдерді және басқа да іс "
        "шараларды ұйымдастыру дағдыларын меңгеру"
    )
    ability = _summary(seeds, f'?s nqs:summaryKind "ability" ; nqs:summaryKey "{key}" .')
    assert ability == {
        "type": f"{NQS}RegistrySummary",
        "summaryKind": "ability",
        "summaryKey": key,
        "summaryText": (
            "Конкурстарды, концерттерді, презентацияларды, арт-фестивальдерді және басқа да "
            "іс-шараларды ұйымдастыру дағдыларын меңгеру."
        ),
        "sectorList": "R",
        "standardList": STANDARD,
        "sectorCount": "1",
        "standardCount": "1",
        "cardCount": "1",
        "itemCount": "3",
    }
    knowledge = _summary(
        seeds,
        '?s nqs:summaryKind "knowledge" ; nqs:summaryKey "арт менеджменттің негізгі қағидаларын" .',
    )
    assert (knowledge["cardCount"], knowledge["itemCount"]) == ("1", "2")
    assert knowledge["summaryText"] == "Арт-менеджменттің негізгі қағидаларын."


def test_competency_counts_read_by_hand(seeds: ox.Store) -> None:
    """Seed 000: the first card, at NQF level 6 (line 68), requires five personal competencies
    (lines 350-354), «Шыдамдылық» among them; the second, at level 7 (line 381), ten (lines
    485-494); the third, at level 8 (line 520), nine (lines 682-690), «Жүйелі ойлау» the
    first. Each is named by one card, so every one ranks 1 at its level, with a share of 1 of
    the level's one card with any competency."""
    for level, key, text in ((6, "шыдамдылық", "Шыдамдылық"), (8, "жүйелі ойлау", "Жүйелі ойлау")):
        values = _summary(seeds, f'?s nqs:summaryLevel {level} ; nqs:summaryKey "{key}" .')
        assert values == {
            "type": f"{NQS}RegistrySummary",
            "summaryLevel": str(level),
            "summaryKey": key,
            "summaryText": text,
            "cardCount": "1",
            "summaryRank": "1",
            "groupCardCount": "1",
        }
    # the sector R: the three cards, each naming its own competencies
    values = _summary(seeds, '?s nqs:summarySector "R" ; nqs:summaryKey "шыдамдылық" .')
    assert (values["cardCount"], values["summaryRank"], values["groupCardCount"]) == ("1", "1", "3")
    table = run_library(seeds, AFTER["competencies-by-level"], {"top": "1"})
    assert Counter(str(r[0]) for r in table.rows) == {
        '"6"^^<http://www.w3.org/2001/XMLSchema#integer>': 5,
        '"7"^^<http://www.w3.org/2001/XMLSchema#integer>': 10,
        '"8"^^<http://www.w3.org/2001/XMLSchema#integer>': 9,
    }


def test_sector_counts_read_by_hand(seeds: ox.Store) -> None:
    """Seed 000, sector R (line 45): one standard, three cards (lines 61, 374, 513) at NQF
    levels 6, 7 and 8 (lines 68, 381, 520); mandatory labor functions 4 + 1 + 1 (lines
    112-115, 427, 565), additional 1 + 0 + 1 (lines 121, 572); personal competencies
    5 + 10 + 9 (lines 350-354, 485-494, 682-690)."""
    values = _summary(seeds, '?s nqs:summarySector "R" ; nqs:standardCount ?any .')
    counts = {k: v for k, v in values.items() if k not in ("type", "summarySector")}
    assert {
        k: counts[k] for k in ("standardCount", "cardCount", "lowestLevel", "highestLevel")
    } == {
        "standardCount": "1",
        "cardCount": "3",
        "lowestLevel": "6",
        "highestLevel": "8",
    }
    assert (counts["mandatoryFunctionCount"], counts["additionalFunctionCount"]) == ("6", "2")
    assert counts["competencyCount"] == "24"


def test_ranks_share_equal_counts() -> None:
    assert ranks({"a": 5, "b": 3, "c": 5, "d": 1}) == {"a": 1, "c": 1, "b": 3, "d": 4}
    assert ranks({}) == {}


def _every_node_remade(db: ox.Store) -> tuple[set[ox.NamedNode], set[ox.Triple]]:
    """The summary made node by node (:func:`summary.patch_nodes`) as if every triple the
    summary reads had changed, but those of the frameworks' levels and sectors (which make
    it whole)."""
    changed = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in db.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if q.predicate in summary.READ - summary.FRAMEWORK and q.predicate != summary.NOTATION
    }
    remade = summary.patch_nodes(db, DEFAULT_BASE_IRI, changed)
    assert remade is not None
    return remade


@pytest.mark.parametrize("store", ["seeds", "full"])
def test_nodes_remade_one_by_one_equal_the_bulk(
    store: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every node of the summary made again by look-ups, from what the nodes' items, cards
    and groups reach, equals the node the bulk queries make (the seeds: one standard, sector
    R; every bundled source: the ICT corpus too), and no other node is made."""
    db: ox.Store = request.getfixturevalue(store)
    monkeypatch.setattr(summary, "BUDGET", 10_000_000)
    bulk = summary.summary_triples(db, DEFAULT_BASE_IRI)
    stale, fresh = _every_node_remade(db)
    assert fresh == bulk
    assert {t.subject for t in bulk} <= stale


def test_a_framework_change_makes_the_summary_whole(seeds: ox.Store) -> None:
    """A changed level number (of NQF level 6, as the seeds state it) may regroup every card
    of the level: no patch."""
    level = next(seeds.quads_for_pattern(None, summary.LEVEL_NUMBER, None, ox.DefaultGraph()))
    t = ox.Triple(level.subject, level.predicate, level.object)
    assert summary.patch_nodes(seeds, DEFAULT_BASE_IRI, {t}) is None
