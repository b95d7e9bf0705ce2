"""Text repair shared by the parsers: whitespace, line joins, numbering, dates."""

from __future__ import annotations

import re

_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def normalize_space(text: str) -> str:
    """Collapse runs of spaces and tabs, trim the ends."""
    if (
        "  " in text or "\t" in text or "\u00a0" in text or "\u2009" in text or "\u202f" in text
    ):  # else every run is one " " already (and a regular expression is slow to say so)
        text = _SPACES.sub(" ", text)
    return text.strip()


def join_lines(lines: list[str]) -> str:
    """Join the lines of one logical text broken by a layout.

    A line ending in a hyphen after a letter is a compound split at its hyphen
    (``арт-`` + ``фестивальдерді``): joined without a space, the hyphen kept. Other lines
    are joined with one space.
    """
    out = ""
    for line in (normalize_space(x) for x in lines):
        if not line:
            continue
        if not out:
            out = line
        elif len(out) >= 2 and out.endswith("-") and out[-2].isalpha():
            out += line
        else:
            out += " " + line
    return out


def iso_date(text: str) -> str | None:
    """The first ``dd.mm.yyyy`` date in ``text`` as ISO 8601."""
    m = _DATE.search(text)
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


KK_MONTHS = {
    "қаңтар": 1,
    "ақпан": 2,
    "наурыз": 3,
    "сәуір": 4,
    "мамыр": 5,
    "маусым": 6,
    "шілде": 7,
    "тамыз": 8,
    "қыркүйек": 9,
    "қазан": 10,
    "қараша": 11,
    "желтоқсан": 12,
}


def kk_month(word: str) -> int | None:
    """The month number of a Kazakh month name with any case ending (``сәуірдегі`` → 4)."""
    w = word.lower()
    for name, number in KK_MONTHS.items():
        if w.startswith(name):
            return number
    return None


# Stems of the Russian month names, in the nominative and genitive ("апрель", "апреля").
RU_MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "май": 5,
    "мая": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}


def ru_month(word: str) -> int | None:
    """The month number of a Russian month name, nominative or genitive (``апреля`` → 4)."""
    w = word.lower()
    for stem, number in RU_MONTHS.items():
        if w.startswith(stem):
            return number
    return None
