"""Whether a string is a Russian word form, by the OpenCorpora dictionary (pymorphy3).

The PDF reader asks it where the page alone cannot tell a break at a space from a word cut
at a cell's edge (:func:`nqs.loaders.read.pdf._broken_word`). The dictionary (about 400,000
lemmas with every inflected form) is opened on the first question, once per process
(about 0.1 s)."""

from __future__ import annotations

from functools import cache

import pymorphy3

# What makes a word agree with the next one: an adjective or participle takes its noun's
# case and number (the gender of a singular noun is left aside: a known adjective's forms
# of one case and number differ by gender only in the singular, and never in the question
# asked here, an ending cut at a line's edge).
_AGREEING = frozenset({"ADJF", "PRTF"})
_AGREED = frozenset({"NOUN", "ADJF", "PRTF", "NPRO"})


@cache
def _analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


def is_word(text: str) -> bool:
    """Whether ``text`` (any case) is a form of a word of the dictionary, as written: no
    guessing from a known word's ending (``регламентированную``: yes;
    ``регламентированнуюдиагностику``: no)."""
    return bool(_analyzer().word_is_known(text.lower(), strict=True))


def _forms(text: str, parts: frozenset[str]) -> set[tuple[str | None, str | None]]:
    """The (case, number) of each dictionary reading of ``text`` as one of ``parts`` of
    speech."""
    return {
        (parse.tag.case, parse.tag.number)
        for parse in _analyzer().parse(text.lower())
        if parse.is_known and parse.tag.POS in parts
    }


def agrees(adjective: str, following: str) -> bool:
    """Whether ``adjective`` read as an adjective or participle can agree in case and number
    with the word ``following`` it (a noun, adjective, participle or pronoun):
    ``автоматизированными системами`` yes, ``автоматизированным системами`` no."""
    return bool(_forms(adjective, _AGREEING) & _forms(following, _AGREED))
