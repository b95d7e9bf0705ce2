"""Near-duplicate item texts: the documented text measure of the ``near-duplicate-items``
library query, which SPARQL alone cannot compute.

- **Normalised text**: lower case, ``ё`` → ``е``, every run of characters that are not
  letters or digits → one space, trimmed: the text keys the build adds for the library's
  queries (:mod:`nqs.derive.textkeys`), which would write it with ``LCASE`` and ``REPLACE``.
- **Words**: the normalised text split at spaces; a word is cut to its first
  :data:`STEM_LENGTH` letters, so that inflected forms of one word («программирования»,
  «программированию») count as one (a crude, language-neutral stem for Kazakh and Russian).
- **Similarity**: the Jaccard index of the two word sets, |A ∩ B| / |A ∪ B|.
- Two texts are **near-duplicates** when their normalised texts differ and their similarity
  is at least the threshold. Pairs are found with prefix filtering (words ordered from the
  rarest; two sets with Jaccard ≥ t must share a word among the first
  |x| − ⌈t·|x|⌉ + 1 of each), which finds exactly the pairs a full comparison would.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

STEM_LENGTH = 6
ACROSS = ("sector", "standard", "any")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """The normalised form of an item text (see the module's description)."""
    return _NOT_WORD.sub(" ", text.lower().replace("ё", "е")).strip()


def words(text: str) -> frozenset[str]:
    """The set of (cut) words of a text."""
    return frozenset(w[:STEM_LENGTH] for w in normalise(text).split())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Entry:
    """One distinct normalised text with the sectors and standards it occurs in."""

    key: str
    text: str
    sectors: tuple[str, ...]
    standards: tuple[str, ...]


@dataclass(frozen=True)
class Pair:
    a: Entry
    b: Entry
    similarity: float

    @property
    def standards(self) -> int:
        """How many standards the two texts occur in together."""
        return len(set(self.a.standards) | set(self.b.standards))


def _spans(a: Entry, b: Entry, across: str) -> bool:
    if across == "sector":
        return len(set(a.sectors) | set(b.sectors)) > 1
    if across == "standard":
        return len(set(a.standards) | set(b.standards)) > 1
    return True


def near_duplicates(
    rows: Iterable[tuple[str, str, Sequence[str], Sequence[str]]],
    threshold: float,
    across: str = "sector",
) -> list[Pair]:
    """Pairs of texts at least ``threshold`` similar whose occurrences span more than one
    sector (``across="sector"``), more than one standard (``"standard"``), or any pair
    (``"any"``); most similar first. ``rows`` are (normalised text, an original text,
    sectors, standards)."""
    if not 0 < threshold <= 1:
        raise ValueError("the threshold must be greater than 0 and at most 1")
    if across not in ACROSS:
        raise ValueError(f"across must be one of {', '.join(ACROSS)}")
    entries = [Entry(k, t, tuple(sorted(set(s))), tuple(sorted(set(d)))) for k, t, s, d in rows]
    sets = [words(e.key) for e in entries]
    frequency = Counter(w for s in sets for w in s)
    index: dict[str, list[int]] = {}
    pairs: list[Pair] = []
    for i, (entry, ws) in enumerate(zip(entries, sets, strict=True)):
        ordered = sorted(ws, key=lambda w: (frequency[w], w))
        prefix = len(ordered) - math.ceil(threshold * len(ordered) - 1e-9) + 1
        candidates: set[int] = set()
        for word in ordered[:prefix]:
            candidates.update(index.get(word, ()))
            index.setdefault(word, []).append(i)
        for j in sorted(candidates):
            other = entries[j]
            similarity = jaccard(ws, sets[j])
            if similarity >= threshold - 1e-9 and other.key != entry.key:
                a, b = sorted((entry, other), key=lambda e: e.key)
                if _spans(a, b, across):
                    pairs.append(Pair(a, b, similarity))
    pairs.sort(key=lambda p: (-p.similarity, p.a.key, p.b.key))
    return pairs
