"""Counts of what a parsed standard holds, for reports, benchmarks and tests."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from nqs.loaders.standard.model import Card, StandardDocument


@dataclass(frozen=True)
class CardCounts:
    mandatory: int
    additional: int
    skills: int
    abilities: int
    knowledge: int


def card_counts(card: Card) -> CardCounts:
    skills = [s for f in card.functions for s in f.skills]
    return CardCounts(
        mandatory=sum(f.mandatory for f in card.functions),
        additional=sum(not f.mandatory for f in card.functions),
        skills=len(skills),
        abilities=sum(len(s.abilities) for s in skills),
        knowledge=sum(len(s.knowledge) for s in skills),
    )


def document_counts(doc: StandardDocument) -> dict[str, int]:
    """Totals over the document's cards, plus its unassigned blocks and warnings."""
    totals = {"cards": len(doc.cards)}
    for card in doc.cards:
        for key, value in asdict(card_counts(card)).items():
            totals[key] = totals.get(key, 0) + value
    totals["unassigned"] = len(doc.unassigned)
    totals["warnings"] = len(doc.warnings)
    return totals
