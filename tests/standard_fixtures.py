"""Shared by the tests of the Russian-template standards: the corpus, the hand-counted
fixtures, and a way to reach one skill of a parsed document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nqs.loaders.standard.model import Skill, StandardDocument

CORPUS = Path(__file__).resolve().parents[1] / "data" / "sources" / "corpus" / "ict-ru"
FIXTURES = Path(__file__).parent / "fixtures" / "standards"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def skill_at(doc: StandardDocument, card: int, function: int, skill: int) -> Skill:
    fn = next(f for f in doc.cards[card - 1].functions if f.ordinal == function)
    return fn.skills[skill - 1]


def check_hand_counts(doc: StandardDocument, expected: dict[str, Any]) -> None:
    """Cards, mandatory/additional functions and per-skill item counts as in the fixture."""
    assert len(doc.cards) == expected["cards"]
    for card, funcs, skills in zip(
        doc.cards, expected["card_functions"], expected["skills"], strict=True
    ):
        assert sum(f.mandatory for f in card.functions) == funcs["mandatory"], card.ordinal
        assert sum(not f.mandatory for f in card.functions) == funcs["additional"]
        got = [[[len(s.abilities), len(s.knowledge)] for s in f.skills] for f in card.functions]
        assert got == skills, f"card {card.ordinal}"


def check_samples(doc: StandardDocument, expected: dict[str, Any]) -> list[Any]:
    """First and last item texts of the sampled lists, numbered 1..n; returns the items."""
    checked: list[Any] = []
    for sample in expected["samples"]:
        skill = skill_at(doc, sample["card"], sample["function"], sample["skill"])
        items = getattr(skill, sample["kind"])
        assert items[0].text == sample["first"], sample
        assert items[-1].text == sample["last"], sample
        assert [i.ordinal for i in items] == list(range(1, len(items) + 1))
        checked += items
    return checked
