"""The axiom checks of a patched build (issue 22 item 3): :func:`recheck`, which reads only
the resources a change touched and keeps the other previous violations, finds what
:func:`check` finds over the whole store, as violations come and go.

The store is seed 000 built alone (``ballet_settings``: one standard, three cards), which
violates no axiom. The violations are made by hand from what its graph holds: card 1 and
card 2 both name occupation 2633-1-001 (``nqs:occupation``, functional); card 1's function 1
has skills 1 and 2 (``nqs:hasSkill``, inverse-functional); every ability is an
``nqs:Ability`` (disjoint with ``nqs:Knowledge``).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from nqs.config import Settings
from nqs.derive.reasoning import (
    Compiled,
    Violation,
    check,
    compile_ontology,
    ontology_graph,
    recheck,
)
from nqs.namespaces import NQS, RDF
from nqs.store import add_to_graph, remove_from_graph

BASE = Settings().base_iri
CARD = f"{BASE}standard/R90012023/card/"
EDITS = ox.NamedNode(f"{BASE}graph/test-edits")
CARD_1 = ox.NamedNode(f"{CARD}1")
SECOND_OCCUPATION = ox.Triple(
    CARD_1, ox.NamedNode(f"{NQS}occupation"), ox.NamedNode(f"{BASE}occupation/2633-1-002")
)
# card 1's function 2 claims function 1's skill 1 as well
SHARED_SKILL = ox.NamedNode(f"{CARD}1/function/1/skill/1")
SKILL_IN_TWO = ox.Triple(
    ox.NamedNode(f"{CARD}1/function/2"), ox.NamedNode(f"{NQS}hasSkill"), SHARED_SKILL
)
ABILITY = ox.NamedNode(f"{CARD}2/function/1/skill/1/ability/1")
ABILITY_AS_KNOWLEDGE = ox.Triple(
    ABILITY, ox.NamedNode(str(RDF.type)), ox.NamedNode(f"{NQS}Knowledge")
)


@pytest.fixture()
def db(ballet_settings: Settings, tmp_path: Path) -> ox.Store:
    """A writable copy of the built store."""
    ox.Store.read_only(str(ballet_settings.store)).backup(str(tmp_path / "copy"))
    return ox.Store(str(tmp_path / "copy"))


def _sorted(found: list[Violation]) -> list[Violation]:
    return sorted(found, key=lambda v: (v.axiom, v.resource))


def _changed(
    db: ox.Store,
    compiled: Compiled,
    previous: list[Violation],
    add: list[ox.Triple] = [],  # noqa: B006 (never changed)
    remove: list[ox.Triple] = [],  # noqa: B006
) -> list[Violation]:
    """The violations after the change, rechecked; the same as the whole store's checked."""
    add_to_graph(db, EDITS, add)
    remove_from_graph(db, EDITS, set(remove))
    found = _sorted(recheck(db, compiled, previous, [*add, *remove]))
    assert found == _sorted(check(db, compiled))
    return found


def test_recheck_follows_violations_as_they_come_and_go(db: ox.Store) -> None:
    compiled = compile_ontology(ontology_graph(db))
    assert check(db, compiled) == []
    occupation = Violation(f"functional {NQS}occupation", CARD_1.value)
    skill = Violation(f"inverse-functional {NQS}hasSkill", SHARED_SKILL.value)
    # named in the order of the classes in the ontology's owl:AllDisjointClasses list
    disjoint = Violation(f"disjoint {NQS}Ability {NQS}Knowledge", ABILITY.value)
    everything = [SECOND_OCCUPATION, SKILL_IN_TWO, ABILITY_AS_KNOWLEDGE]
    found = _changed(db, compiled, [], add=everything)
    assert set(found) == {occupation, skill, disjoint}
    # one removed: the others, not touched, are kept from before
    found = _changed(db, compiled, found, remove=[SKILL_IN_TWO])
    assert set(found) == {occupation, disjoint}
    found = _changed(db, compiled, found, remove=[SECOND_OCCUPATION, ABILITY_AS_KNOWLEDGE])
    assert found == []


def test_recheck_looks_up_blank_nodes_in_the_store(db: ox.Store) -> None:
    compiled = compile_ontology(ontology_graph(db))
    occupation = ox.NamedNode(f"{NQS}occupation")
    card = ox.BlankNode()
    two = [
        ox.Triple(card, occupation, ox.NamedNode(f"{BASE}occupation/2633-1-00{n}")) for n in (1, 2)
    ]
    found = _changed(db, compiled, [], add=two)
    assert found == [Violation(f"functional {NQS}occupation", card.value)]
    assert _changed(db, compiled, found, remove=two[1:]) == []
