"""Library queries whose answers are too large to count by hand, cross-checked against the same
question answered independently: in Python, over the store's quads (no SPARQL), following the
vocabulary's links one by one."""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

import pyoxigraph as ox
import pytest

from nqs.config import Settings
from nqs.namespaces import NQS, RDF, RDFS, SKOS
from nqs.queries import load_library
from nqs.query import plain, run_library
from nqs.textsim import jaccard, normalise, words

LIBRARY = load_library()
Node = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class Quads:
    """The store's triples (any graph), indexed by predicate."""

    def __init__(self, db: ox.Store) -> None:
        self.db = db
        self._by: dict[str, dict[Node, set[Node]]] = {}

    def out(self, predicate: object) -> dict[Node, set[Node]]:
        key = str(predicate)
        if key not in self._by:
            index: dict[Node, set[Node]] = defaultdict(set)
            for q in self.db.quads_for_pattern(None, ox.NamedNode(key), None, None):
                index[q.subject].add(q.object)
            self._by[key] = index
        return self._by[key]

    def one(self, subject: Node, predicate: object) -> Node | None:
        values = self.out(predicate).get(subject, set())
        return min(values, key=str) if values else None

    def of_type(self, cls: object) -> set[Node]:
        target = ox.NamedNode(str(cls))
        return {s for s, types in self.out(RDF.type).items() if target in types}

    # -- the cards and what they lead to -----------------------------------------------------

    @cached_property
    def cards(self) -> set[Node]:
        return self.of_type(NQS.ProfessionCard)

    @cached_property
    def standard_of(self) -> dict[Node, Node]:
        return {c: s for s, cards in self.out(NQS.hasCard).items() for c in cards}

    @cached_property
    def levels_of(self) -> dict[Node, set[tuple[int, str]]]:
        """card → {(NQF level number, sector letter)}"""
        out: dict[Node, set[tuple[int, str]]] = defaultdict(set)
        for card, sectorals in self.out(NQS.qualificationLevel).items():
            for sectoral in sectorals:
                nqf = self.one(sectoral, NQS.correspondsTo)
                framework = self.one(sectoral, NQS.inFramework)
                section = framework and self.one(framework, NQS.sectorActivity)
                letter = section and self.one(section, SKOS.notation)
                number = nqf and self.one(nqf, NQS.levelNumber)
                if number is not None and letter is not None:
                    out[card].add((int(plain(number)), plain(letter)))
        return out

    def sectors_of(self, card: Node) -> set[str]:
        return {s for _, s in self.levels_of.get(card, set())}

    def items(self, card: Node, predicate: object) -> set[Node]:
        return {
            item
            for f in self.out(NQS.hasLaborFunction).get(card, set())
            for s in self.out(NQS.hasSkill).get(f, set())
            for item in self.out(predicate).get(s, set())
        }

    def label(self, node: Node) -> str:
        return plain(self.one(node, RDFS.label))


@pytest.fixture(scope="module")
def db(full_settings: Settings) -> Iterator[ox.Store]:
    yield ox.Store.read_only(str(full_settings.store))


@pytest.fixture(scope="module")
def g(db: ox.Store) -> Quads:
    return Quads(db)


def rows(db: ox.Store, name: str, **given: str) -> list[dict[str, str]]:
    table = run_library(db, LIBRARY[name], given)
    return [{c: plain(t) for c, t in zip(table.columns, r, strict=True)} for r in table.rows]


def normalised(text: str) -> str:
    """The library's normalisation, written again with Python's regular expressions."""
    return " ".join(re.sub(r"[^\w]|_", " ", text.lower().replace("ё", "е")).split())


def rounded(numerator: int, denominator: int, places: int) -> str:
    """numerator / denominator rounded half up, as SPARQL's ROUND does for positive numbers."""
    q = Decimal(1).scaleb(-places)
    value = Decimal(numerator) / Decimal(denominator)
    return str(value.quantize(q, rounding=ROUND_HALF_UP).normalize())


def number(text: str) -> str:
    return str(Decimal(text).normalize())


# -- levels and sectors ------------------------------------------------------------------------


def test_level_sector_matrix(db: ox.Store, g: Quads) -> None:
    cells: dict[tuple[int, str], set[Node]] = defaultdict(set)
    for card, places in g.levels_of.items():
        for place in places:
            cells[place].add(card)
    expected = []
    for (level, sector), cards in sorted(cells.items()):
        occupations = {o for c in cards for o in g.out(NQS.occupation).get(c, set())}
        standards = {g.standard_of[c] for c in cards}
        expected.append(
            (str(level), sector, str(len(standards)), str(len(cards)), str(len(occupations)))
        )
    found = [tuple(r.values()) for r in rows(db, "level-sector-matrix")]
    assert found == expected
    assert sum(int(r[3]) for r in found) >= 201  # every card with a level, ranges counted twice


def test_cards_per_level(db: ox.Store, g: Quads) -> None:
    per_level: dict[str, set[Node]] = defaultdict(set)
    for card, sectorals in g.out(NQS.qualificationLevel).items():
        for sectoral in sectorals:
            per_level[plain(g.one(sectoral, NQS.levelNumber))].add(card)
    found = {r["level"]: r["cards"] for r in rows(db, "cards-per-level")}
    assert found == {level: str(len(cards)) for level, cards in per_level.items()}


def test_sector_profile(db: ox.Store, g: Quads) -> None:
    by_sector: dict[str, set[Node]] = defaultdict(set)
    for card in g.cards:
        for sector in g.sectors_of(card):
            by_sector[sector].add(card)
    found = {r["sector"]: r for r in rows(db, "sector-profile")}
    assert set(found) == set(by_sector) == {"C", "J", "R", "S"}
    for sector, cards in by_sector.items():
        functions = {f for c in cards for f in g.out(NQS.hasLaborFunction).get(c, set())}
        mandatory = {f for f in functions if plain(g.one(f, NQS.mandatory)) == "true"}
        skills = {s for f in functions for s in g.out(NQS.hasSkill).get(f, set())}
        row = found[sector]
        assert int(row["standards"]) == len({g.standard_of[c] for c in cards})
        assert int(row["cards"]) == len(cards)
        assert int(row["mandatoryFunctions"]) == len(mandatory)
        assert int(row["additionalFunctions"]) == len(functions - mandatory)
        assert int(row["skills"]) == len(skills)
        assert int(row["abilities"]) == len(
            set().union(*(g.items(c, NQS.hasAbility) for c in cards))
        )
        assert int(row["knowledge"]) == len(
            set().union(*(g.items(c, NQS.hasKnowledge) for c in cards))
        )
        competencies = {p for c in cards for p in g.out(NQS.hasPersonalCompetency).get(c, set())}
        assert int(row["competencies"]) == len(competencies)
        levels = {n for c in cards for n, s in g.levels_of[c] if s == sector}
        assert (int(row["lowestLevel"]), int(row["highestLevel"])) == (min(levels), max(levels))


@pytest.mark.parametrize("level", [3, 4, 5, 6, 7, 8])
def test_level_demands_by_sector(db: ox.Store, g: Quads, level: int) -> None:
    found = {r["sector"]: r for r in rows(db, "level-demands-by-sector", level=str(level))}
    by_sector: dict[str, set[Node]] = defaultdict(set)
    for card, places in g.levels_of.items():
        for n, sector in places:
            if n == level:
                by_sector[sector].add(card)
    assert set(found) == set(by_sector)
    for sector, cards in by_sector.items():
        row = found[sector]
        assert int(row["cards"]) == len(cards)
        functions = [g.out(NQS.hasLaborFunction).get(c, set()) for c in cards]
        skills = [{s for f in fs for s in g.out(NQS.hasSkill).get(f, set())} for fs in functions]
        competencies = [g.out(NQS.hasPersonalCompetency).get(c, set()) for c in cards]
        for column, counts in (
            ("functionsPerCard", functions),
            ("skillsPerCard", skills),
            ("competenciesPerCard", competencies),
        ):
            total = sum(len(x) for x in counts)
            assert number(row[column]) == rounded(total, len(cards), 1), (sector, column)
        education = {plain(e) for c in cards for e in g.out(NQS.educationLevel).get(c, set())}
        education |= {
            plain(e)
            for c in cards
            for link in g.out(NQS.educationLink).get(c, set())
            for e in g.out(NQS.educationLevel).get(link, set())
        }
        assert set(filter(None, row["education"].split(" | "))) == education


# -- items across sectors ----------------------------------------------------------------------


def _occurrences(g: Quads, predicate: object) -> dict[str, dict[str, set[Node]]]:
    """normalised text → {"sectors", "standards", "cards", "items"}"""
    out: dict[str, dict[str, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for card in g.cards:
        sectors = g.sectors_of(card)
        if not sectors:
            continue
        for item in g.items(card, predicate):
            entry = out[normalised(g.label(item))]
            entry["sectors"] |= sectors  # type: ignore[arg-type]
            entry["standards"].add(g.standard_of[card])
            entry["cards"].add(card)
            entry["items"].add(item)
    return out


@pytest.mark.parametrize(
    ("kind", "min_sectors", "min_standards"),
    [("knowledge", 2, 1), ("ability", 2, 1), ("knowledge", 1, 5), ("ability", 1, 3)],
)
def test_recurring_items(
    db: ox.Store, g: Quads, kind: str, min_sectors: int, min_standards: int
) -> None:
    predicate = NQS.hasKnowledge if kind == "knowledge" else NQS.hasAbility
    expected = {
        text: (len(e["sectors"]), len(e["standards"]), len(e["cards"]), len(e["items"]))
        for text, e in _occurrences(g, predicate).items()
        if len(e["sectors"]) >= min_sectors and len(e["standards"]) >= min_standards
    }
    given = {"kind": kind, "minSectors": str(min_sectors), "minStandards": str(min_standards)}
    found = {
        r["text"]: (int(r["sectors"]), int(r["standards"]), int(r["cards"]), int(r["items"]))
        for r in rows(db, "recurring-items", **given)
    }
    assert found == expected
    assert expected


@pytest.mark.parametrize(
    ("kind", "threshold", "across"),
    [
        ("knowledge", "0.75", "sector"),
        ("ability", "0.6", "sector"),
        ("knowledge", "0.9", "standard"),
    ],
)
def test_near_duplicates_against_every_pair(
    db: ox.Store, g: Quads, kind: str, threshold: str, across: str
) -> None:
    predicate = NQS.hasKnowledge if kind == "knowledge" else NQS.hasAbility
    entries = _occurrences(g, predicate)
    t = float(threshold)
    expected = set()
    keys = sorted(entries)
    sets = {k: words(k) for k in keys}
    field = "sectors" if across == "sector" else "standards"
    for a, b in itertools.combinations(keys, 2):
        if len(entries[a][field] | entries[b][field]) < 2:
            continue
        if jaccard(sets[a], sets[b]) >= t:
            both = sets[a] & sets[b]
            expected.add((rounded(len(both), len(sets[a] | sets[b]), 3), a, b))
    found = rows(db, "near-duplicate-items", kind=kind, threshold=threshold, across=across)
    got = {(number(r["similarity"]), normalised(r["textA"]), normalised(r["textB"])) for r in found}
    assert got == {(number(s), a, b) for s, a, b in expected}
    assert expected


def _ranked(counts: dict[str, Counter[str]], top: int) -> set[tuple[str, int, str, int]]:
    out = set()
    for group, counter in counts.items():
        for key, n in counter.items():
            rank = 1 + sum(1 for m in counter.values() if m > n)
            if rank <= top:
                out.add((group, rank, key, n))
    return out


@pytest.mark.parametrize("by", ["sector", "level"])
def test_competencies_ranked(db: ox.Store, g: Quads, by: str) -> None:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    with_any: Counter[str] = Counter()
    for card, places in g.levels_of.items():
        groups = {s for _, s in places} if by == "sector" else {str(n) for n, _ in places}
        keys = {normalised(g.label(p)) for p in g.out(NQS.hasPersonalCompetency).get(card, set())}
        for group in groups:
            counts[group].update(keys)
            with_any[group] += bool(keys)
    top = 4
    name = f"competencies-by-{by}"
    found = rows(db, name, top=str(top))
    assert {
        (r[by], int(r["rank"]), normalised(r["competency"]), int(r["cards"])) for r in found
    } == (_ranked(counts, top))
    for r in found:
        assert number(r["share"]) == rounded(int(r["cards"]), with_any[r[by]], 3)


_CATEGORIES = [  # the mapping of the query, in Python's own regular expressions
    ("высш|жоғары білім", "higher"),
    ("послевуз|полсевуз|жоғары оқу орнынан кейінгі", "postgraduate"),
    ("послесредн|ортадан кейінгі", "post-secondary"),
    (
        "типо|техническ.*профессион|техникалық және кәсіп|техникалық және кәсіби",
        "technical-vocational",
    ),
    ("общее среднее|жалпы орта", "general-secondary"),
    ("основное среднее|негізгі орта", "basic-secondary"),
    ("бакалавр", "bachelor"),
    ("магистр", "master"),
    ("докторант|phd", "doctoral"),
    ("резидентур|ординатур", "residency"),
]


def test_education_pathway_mismatch(db: ox.Store, g: Quads) -> None:
    concept = {plain(n): c for c, ns in g.out(SKOS.notation).items() for n in ns
               if c in g.of_type(NQS.EducationLevel)}  # fmt: skip
    broader = g.out(SKOS.broader)
    allowed: dict[int, set[Node]] = {}
    for nqf, numbers in g.out(NQS.levelNumber).items():
        for pathway in g.out(NQS.hasPathway).get(nqf, set()):
            nodes = {pathway, *g.out(NQS.hasRoute).get(pathway, set())}
            allowed[int(plain(min(numbers, key=str)))] = {
                e for n in nodes for e in g.out(NQS.refersToEducationLevel).get(n, set())
            }
    expected = set()
    for card, places in g.levels_of.items():
        texts = {plain(e) for e in g.out(NQS.educationLevel).get(card, set())}
        texts |= {plain(e) for link in g.out(NQS.educationLink).get(card, set())
                  for e in g.out(NQS.educationLevel).get(link, set())}  # fmt: skip
        stated = {concept[code] for t in texts for pattern, code in _CATEGORIES
                  if re.search(pattern, t, re.I)}  # fmt: skip
        for level, sector in places:
            if stated and not any(
                c in allowed[level] or broader.get(c, set()) & allowed[level] for c in stated
            ):
                expected.add((plain(card), str(level), sector))
    found = {(r["card"], r["level"], r["sector"]) for r in rows(db, "education-pathway-mismatch")}
    assert found == expected


# -- classifiers --------------------------------------------------------------------------------


def _occupation_cards(g: Quads) -> dict[Node, set[Node]]:
    out: dict[Node, set[Node]] = defaultdict(set)
    for card, occupations in g.out(NQS.occupation).items():
        for o in occupations:
            out[o].add(card)
    return out


def test_isco_groups_from_the_nkz_codes(db: ox.Store, g: Quads) -> None:
    """The NKZ code's first four digits are the ISCO-08 unit group (without the links graph)."""
    units: dict[str, set[Node]] = defaultdict(set)
    for occupation in _occupation_cards(g):
        units[plain(g.one(occupation, SKOS.notation))[:4]].add(occupation)
    by_occupation = _occupation_cards(g)
    found = {r["unitGroup"]: r for r in rows(db, "isco-unit-groups")}
    assert set(found) == set(units)
    for unit, occupations in units.items():
        cards = {c for o in occupations for c in by_occupation[o]}
        assert int(found[unit]["occupations"]) == len(occupations)
        assert int(found[unit]["cards"]) == len(cards)
        assert int(found[unit]["standards"]) == len({g.standard_of[c] for c in cards})
        assert set(found[unit]["sectors"].split()) == set().union(*(g.sectors_of(c) for c in cards))
    majors = {r["major"]: r for r in rows(db, "isco-major-groups")}
    for major in {u[0] for u in units}:
        in_major = [o for u, os in units.items() if u[0] == major for o in os]
        assert int(majors[major]["occupations"]) == len(in_major)
        assert int(majors[major]["unitGroups"]) == len({u for u in units if u[0] == major})
    assert [r["unitGroup"] for r in rows(db, "isco-unit-groups", major="3")] == sorted(
        u for u in units if u.startswith("3")
    )


def test_nkz_codes_shared(db: ox.Store, g: Quads) -> None:
    uses: dict[Node, set[Node]] = defaultdict(set)
    for card, occupations in g.out(NQS.occupation).items():
        for o in occupations:
            uses[o].add(card)
    for card, titles in g.out(NQS.otherTitle).items():
        for title in titles:
            for o in g.out(NQS.namesOccupation).get(title, set()):
                uses[o].add(card)
    for minimum in (1, 2):
        expected = {
            plain(g.one(o, SKOS.notation)): (len({g.standard_of[c] for c in cards}), len(cards))
            for o, cards in uses.items()
            if len({g.standard_of[c] for c in cards}) >= minimum
        }
        found = rows(db, "nkz-codes-shared", minStandards=str(minimum))
        assert {r["code"]: (int(r["standards"]), int(r["cards"])) for r in found} == expected


# -- standards, cards, positions, acts ------------------------------------------------------------


def test_standards_overview(db: ox.Store, g: Quads) -> None:
    standards = g.of_type(NQS.ProfessionalStandard)
    found = {r["standard"]: r for r in rows(db, "standards-overview")}
    assert set(found) == {plain(s) for s in standards}
    for s in standards:
        row = found[plain(s)]
        cards = g.out(NQS.hasCard).get(s, set())
        assert int(row["cards"]) == len(cards)
        assert row["code"] == plain(g.one(s, NQS.code))
        assert set(row["sector"].split()) == set().union(*(g.sectors_of(c) for c in cards))


@pytest.mark.parametrize("date_", ["2022-01-01", "2025-12-31", "2026-01-01"])
def test_revision_due(db: ox.Store, g: Quads, date_: str) -> None:
    expected = set()
    standards = g.of_type(NQS.ProfessionalStandard)  # a version plans its own revision too
    for s, values in g.out(NQS.plannedRevision).items():
        if s not in standards:
            continue
        for v in values:
            text = plain(v)
            due = date.fromisoformat(text if len(text) == 10 else text + "-12-31")
            if due < date.fromisoformat(date_):
                expected.add((plain(s), str(due)))
    found = {(r["standard"], r["dueBy"]) for r in rows(db, "revision-due", date=date_)}
    assert found == expected


def test_cards_without_additional_functions(db: ox.Store, g: Quads) -> None:
    expected = set()
    for card in g.cards:
        functions = g.out(NQS.hasLaborFunction).get(card, set())
        if all(plain(g.one(f, NQS.mandatory)) != "false" for f in functions):
            expected.add((plain(card), len(functions)))
    found = {
        (r["card"], int(r["functions"])) for r in rows(db, "cards-without-additional-functions")
    }
    assert found == expected
    only_c = {r["card"] for r in rows(db, "cards-without-additional-functions", sector="C")}
    assert only_c == {c for c, _ in expected if g.sectors_of(ox.NamedNode(c)) == {"C"}}


@pytest.mark.parametrize("text", ["программист", "Аналитик", "web"])
def test_cards_by_title(db: ox.Store, g: Quads, text: str) -> None:
    expected = set()
    for card in g.cards:
        names = [g.label(card)] + [g.label(t) for t in g.out(NQS.otherTitle).get(card, set())]
        expected |= {(plain(card), n) for n in names if normalise(text) in normalise(n)}
    found = {(r["card"], r["matched"]) for r in rows(db, "cards-by-title", text=text)}
    assert found == expected and expected


def test_related_occupations_in_sector_j(db: ox.Store, g: Quads) -> None:
    named: dict[tuple[str, Node], set[Node]] = defaultdict(set)
    for card, sectorals in g.out(NQS.qualificationLevel).items():
        for sectoral in sectorals:
            named[(normalise(g.label(card)), sectoral)].add(card)
    expected = set()
    for card in g.cards:
        if "J" not in g.sectors_of(card):
            continue
        for related in g.out(NQS.relatedOccupation).get(card, set()):
            name = g.label(related)
            for sectoral in g.out(NQS.relatedLevel).get(related, set()):
                level = plain(g.one(sectoral, NQS.levelNumber))
                targets = named.get((normalise(name), sectoral), set())
                for value in {plain(t) for t in targets} or {""}:
                    expected.add((plain(card), name, level, value))
    found = {
        (r["card"], r["related"], r["relatedLevel"], r["relatedCard"])
        for r in rows(db, "related-occupations", sector="J")
    }
    assert found == expected


@pytest.mark.parametrize("minimum", [0, 3, 6])
def test_positions_experience(db: ox.Store, g: Quads, minimum: int) -> None:
    expected = {}
    for p in g.of_type(NQS.Position):
        years = int(plain(g.one(p, NQS.minExperienceYears)) or 0)
        if years >= minimum:
            expected[plain(p)] = years
    found = {
        r["position"]: int(r["years"])
        for r in rows(db, "positions-experience", minYears=str(minimum))
    }
    assert found == expected


@pytest.mark.parametrize(
    "day", ["2009-01-01", "2014-06-01", "2015-11-24", "2020-01-01", "2024-06-01"]
)
def test_acts_in_force(db: ox.Store, g: Quads, day: str) -> None:
    on = date.fromisoformat(day)

    def latest(act: Node) -> date | None:
        dates = [date.fromisoformat(plain(d)) for d in g.out(NQS.actDate).get(act, set())]
        return max(dates) if dates else None

    expected = set()
    for act in g.of_type(NQS.LegalAct):
        adopted = latest(act)
        repeals = [latest(r) for r in g.out(NQS.repealedBy).get(act, set())]
        until = [date.fromisoformat(plain(u)) for u in g.out(NQS.validUntil).get(act, set())]
        if adopted is None or adopted > on:
            continue
        if any(r is not None and r <= on for r in repeals) or any(u <= on for u in until):
            continue
        expected.add(plain(act))
    assert {r["act"] for r in rows(db, "acts-in-force", date=day)} == expected
