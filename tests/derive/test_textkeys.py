"""Text keys (:mod:`nqs.derive.textkeys`): the labels of resources asserted, by a document or
a link rule, to be of a keyed class, and every education level, get their normalised key;
a type stated only in the reasoner's graph gives none."""

from __future__ import annotations

import pyoxigraph as ox

from nqs.derive.reasoning import INFERRED_GRAPH
from nqs.derive.textkeys import KEYS_GRAPH, add_text_keys, text_keys
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, RDF, RDFS
from nqs.store.builds import add_to_graph

BASE = DEFAULT_BASE_IRI
CARD = ox.NamedNode(f"{BASE}standard/R90012023/card/1")
TYPE, LABEL = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDFS.label))
# Seed 000: line 376 names the card "Кәсіптің атауы: Балеттанушы"; lines 77-79 read the
# education level "жоғары білім (бакалавриат," / "маман дәрежесі," / "ординатура)".
NAME = ox.Literal("Балеттанушы", language="kk")
EDUCATION = ox.Literal("жоғары білім (бакалавриат, маман дәрежесі, ординатура)", language="kk")


def _node(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{BASE}{name}")


def _nqs(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{NQS}{name}")


INFERRED_ONLY, STANDARD, LINKED = _node("k/1"), _node("standard/x"), _node("r/1")
CARD_KEYS = {
    ox.Triple(CARD, _nqs("labelKey"), ox.Literal("балеттанушы", language="kk")),
    ox.Triple(
        CARD,
        _nqs("educationLevelKey"),
        ox.Literal("жоғары білім бакалавриат маман дәрежесі ординатура", language="kk"),
    ),
}
LINKED_KEY = ox.Triple(LINKED, _nqs("labelKey"), ox.Literal("елочный мастер", language="ru"))


def _store() -> ox.Store:
    db = ox.Store()
    inferred_only, standard, linked = INFERRED_ONLY, STANDARD, LINKED
    add_to_graph(
        db,
        _node("source/000"),
        [
            ox.Triple(CARD, TYPE, _nqs("ProfessionCard")),
            ox.Triple(CARD, LABEL, NAME),
            ox.Triple(CARD, _nqs("educationLevel"), EDUCATION),
            ox.Triple(inferred_only, LABEL, ox.Literal("Ёлка-Знание")),
            ox.Triple(standard, TYPE, _nqs("ProfessionalStandard")),
            ox.Triple(standard, LABEL, ox.Literal("Стандарт")),
        ],
    )
    add_to_graph(
        db,
        _node("graph/links"),
        [
            ox.Triple(linked, TYPE, _nqs("RelatedOccupation")),
            ox.Triple(linked, LABEL, ox.Literal("Ёлочный  МАСТЕР!", language="ru")),
        ],
    )
    add_to_graph(
        db,
        _node(INFERRED_GRAPH),
        [
            ox.Triple(inferred_only, TYPE, _nqs("Knowledge")),
            ox.Triple(CARD, TYPE, _nqs("Knowledge")),
        ],
    )
    return db


def test_keys_of_asserted_labels_and_of_every_education_level() -> None:
    db = _store()
    assert add_text_keys(db, BASE) == 3
    keys = {
        (q.subject, q.predicate, q.object)
        for q in db.quads_for_pattern(None, None, None, _node(KEYS_GRAPH))
    }
    assert keys == {(t.subject, t.predicate, t.object) for t in {*CARD_KEYS, LINKED_KEY}}


def test_keys_of_given_subjects() -> None:
    """What a patched build makes again for the subjects of the changed triples: their keys
    as the whole store's give them, and nothing for a subject with none."""
    db = _store()
    assert text_keys(db, BASE, {LINKED}) == {LINKED_KEY}
    assert text_keys(db, BASE, {CARD, STANDARD, INFERRED_ONLY}) == CARD_KEYS
    assert text_keys(db, BASE, set()) == set()
    assert text_keys(db, BASE) == {*CARD_KEYS, LINKED_KEY}
