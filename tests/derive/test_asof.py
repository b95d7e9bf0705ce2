"""``nqs query --as-of``: the graph as it stood on a date."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
from click.testing import CliRunner

from nqs.cli import main
from nqs.config import Settings
from nqs.derive.asof import as_of_view
from nqs.derive.reasoning import INFERRED_GRAPH, materialise
from nqs.namespaces import DEFAULT_BASE_IRI, NQS
from nqs.store import ReadOnlyStore, merge_named_graphs

SKILL = "https://w3id.org/kz-nqs/id/standard/order-591-2023-11-20-annex-1/card/3/function/1/skill/1"
ABILITIES = (
    f"PREFIX nqs: <{NQS}> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    f"SELECT ?a ?text WHERE {{ <{SKILL}> nqs:hasAbility ?a . ?a rdfs:label ?text }} ORDER BY ?a"
)
NQF_LEVELS = (
    f"PREFIX nqs: <{NQS}> SELECT (COUNT(*) AS ?n) WHERE {{ "
    "?l a nqs:QualificationLevel ; nqs:inFramework <https://w3id.org/kz-nqs/id/framework/nqf> }"
)
# Card 3, skill 1, ability 3 of order 591, before and after order 616 (06.12.2023), as read
# in seed 004 (lines quoted by the order as the old and the new row).
OLD_START = "цифрлық технологияларды пайдалана отырып, магистратура және докторантура"
NEW_START = "цифрлық технологияларды пайдалана отырып білім алушыларымен кері байланыс"


def texts(store: str, day: str, query: str) -> list[str]:
    r = CliRunner().invoke(
        main, ["query", "--store", store, "--as-of", day, "--format", "csv", query]
    )
    assert r.exit_code == 0, r.output
    return [row[-1] for row in csv.reader(io.StringIO(r.output))][1:]


def test_ability_text_before_and_after_the_amendment(seed_settings: Settings) -> None:
    store = str(seed_settings.store)
    before = texts(store, "2023-12-01", ABILITIES)
    after = texts(store, "2023-12-06", ABILITIES)
    assert len(before) == len(after) == 3
    assert before[2].startswith(OLD_START)
    assert after[2].startswith(NEW_START)
    assert before[1] == after[1]  # ability 2 did not change
    assert texts(store, "2023-11-01", ABILITIES) == []  # order 591 not yet adopted


def test_repealed_framework_is_outside_later_views(seed_settings: Settings) -> None:
    store = str(seed_settings.store)
    assert texts(store, "2014-06-01", NQF_LEVELS) == ["8"]
    assert texts(store, "2016-01-01", NQF_LEVELS) == ["0"]  # repealed in November 2015


POSITIONS = f"PREFIX nqs: <{NQS}> SELECT (COUNT(*) AS ?n) WHERE {{ ?p a nqs:Position }}"


def test_repealed_positions_are_outside_later_views(seed_settings: Settings) -> None:
    store = str(seed_settings.store)
    during = texts(store, "2009-01-01", POSITIONS)
    assert during != ["0"] and int(during[0]) >= 50  # about fifty positions, and sub-positions
    assert texts(store, "2009-07-13", POSITIONS) == ["0"]  # repealed by order 338 that day
    assert texts(store, "2008-01-01", POSITIONS) == ["0"]  # order 61 not yet adopted


def test_inferences_are_those_of_the_view(seed_settings: Settings) -> None:
    """The inferred graph of a view is derived again from what the view holds: the ESCO skill
    types of order 61's positions while it is in force, none once it is repealed, and not
    the position types that the cross-document links of a repealed position would imply."""
    db = ReadOnlyStore(seed_settings.store).db
    inferred = f"<{DEFAULT_BASE_IRI}{INFERRED_GRAPH}>"
    skill_types = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH " + inferred + " { ?s "
        "<http://data.europa.eu/esco/model#skillType> ?t } "
        'FILTER(STRSTARTS(STR(?s), "' + DEFAULT_BASE_IRI + 'position/order-61-2008/")) }'
    )

    def count(store: ox.Store, query: str) -> int:
        result = store.query(query)
        assert isinstance(result, ox.QuerySolutions)
        return int(next(iter(result))[0].value)

    in_store = count(db, skill_types)
    assert in_store > 0
    assert count(as_of_view(db, "2009-01-01"), skill_types) == in_store
    later = as_of_view(db, "2016-01-01")
    assert count(later, skill_types) == 0
    assert count(later, POSITIONS) == 0  # nor typed from the links to the 2023 cards
    view = as_of_view(db, "2023-12-06")
    derived = ox.Store()  # the view's named graphs but the inferred one, and their merge
    derived.extend(
        q
        for q in view
        if q.graph_name not in (ox.NamedNode(DEFAULT_BASE_IRI + INFERRED_GRAPH), ox.DefaultGraph())
    )
    merge_named_graphs(derived)
    materialise(derived, DEFAULT_BASE_IRI)
    assert set(view) == set(derived)
