"""Whether a string is a Russian word form, by the OpenCorpora dictionary (pymorphy3).

The PDF reader asks it where the page alone cannot tell a break at a space from a word cut
at a cell's edge (:func:`nqs.loaders.read.pdf._broken_word`). The dictionary (about 400,000
lemmas with every inflected form) is opened on the first question, once per process
(about 0.1 s)."""

from __future__ import annotations

from functools import cache

import pymorphy3


@cache
def _analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


def is_word(text: str) -> bool:
    """Whether ``text`` (any case) is a form of a word of the dictionary, as written: no
    guessing from a known word's ending (``регламентированную``: yes;
    ``регламентированнуюдиагностику``: no)."""
    return bool(_analyzer().word_is_known(text.lower(), strict=True))
