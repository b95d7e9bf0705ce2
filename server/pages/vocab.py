"""What the pages know of the vocabulary: the kind of page each class gets, and the labels
of classes and properties (from the ontology graph, in kk, ru and en), cached per build."""

from __future__ import annotations

from dataclasses import dataclass

from nqs.search_index import KINDS as KINDS
from nqs.search_index import kind_of as kind_of
from nqs.server.pages.fetch import per_data_version, query, select
from nqs.server.pages.i18n import Translator, pick
from nqs.server.pages.terms import Node, compact

# Kinds shown in search results and the index, in this order.
SEARCH_KINDS = (
    "standard",
    "card",
    "occupation",
    "position",
    "level",
    "framework",
    "activity",
    "act",
    "function",
    "skill",
    "ability",
    "knowledge",
    "competency",
    "duty",
    "generic",
)
VOCAB_KEY = "nqs.ld.vocab"


@dataclass
class Vocabulary:
    """Labels of the ontology's terms by IRI."""

    labels: dict[str, list[Node]]

    def label(self, iri: str, order: tuple[str, ...], t: Translator) -> str:
        """The term's label in the best language; a message ``term.<prefixed name>`` for
        terms outside the ontology; else the prefixed name."""
        found = pick(self.labels.get(iri, []), order)
        if found is not None:
            return found.value
        key = "term." + compact(iri)
        return t(key) if t.has(key) else compact(iri)


def vocabulary() -> Vocabulary:
    """The ontology's labels for the current data (fetched once per build and worker)."""
    return per_data_version(VOCAB_KEY, _fetch_vocabulary)


def _fetch_vocabulary() -> Vocabulary:
    rows = select(query("vocabulary-labels"))
    labels: dict[str, list[Node]] = {}
    for row in rows:
        labels.setdefault(row["t"].value, []).append(row["l"])
    return Vocabulary(labels)
