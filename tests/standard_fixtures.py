"""Shared by the tests of the Russian-template standards: the corpus, the hand-counted
fixtures, and a way to reach one skill of a parsed document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nqs.loaders.model import Skill, StandardDocument

CORPUS = Path(__file__).resolve().parents[1] / "data" / "sources" / "corpus" / "ict-ru"
FIXTURES = Path(__file__).parent / "fixtures" / "standards"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def skill_at(doc: StandardDocument, card: int, function: int, skill: int) -> Skill:
    fn = next(f for f in doc.cards[card - 1].functions if f.ordinal == function)
    return fn.skills[skill - 1]
