"""A word-level diff of two texts, as data.

Words are the whitespace-separated tokens of each text (punctuation stays attached to its
word, as written). The diff is a list of ``(op, words)`` segments in reading order, ``op``
being ``equal``, ``delete`` (only in the old text) or ``insert`` (only in the new text); a
replaced run is a ``delete`` followed by an ``insert``. Joining the ``equal`` and ``delete``
segments gives the old text back, the ``equal`` and ``insert`` segments the new one.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Literal, NamedTuple

Op = Literal["equal", "insert", "delete"]


class Segment(NamedTuple):
    """One run of words that the two texts share, or that only one of them has."""

    op: Op
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


def word_diff(old: str, new: str) -> list[Segment]:
    """The word-level diff turning ``old`` into ``new``."""
    a, b = old.split(), new.split()
    out: list[Segment] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(Segment("equal", tuple(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Segment("delete", tuple(a[i1:i2])))
        if j2 > j1:
            out.append(Segment("insert", tuple(b[j1:j2])))
    return out


def side(diff: list[Segment], which: Literal["old", "new"]) -> str:
    """The old or the new text rebuilt from a diff (words joined by single spaces)."""
    skip: Op = "insert" if which == "old" else "delete"
    return " ".join(w for seg in diff if seg.op != skip for w in seg.words)
