"""How the acts cite an order, a law or a registration, in Kazakh and in Russian.

One home for the pieces every parser needs when it reads a citation: the date as the
language writes it (``2024 жылғы 17 сәуірдегі``, ``от 17 апреля 2024 года``,
``17.04.2024``), the number after ``№``/``N``, as regular-expression fragments with named
groups (``year``, ``month``, ``day``, ``number``) that each parser composes into the
patterns of its own formulas, and the ISO date of what they matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nqs.loaders.text import kk_month, ru_month

# ``2024 жылғы 17 сәуірдегі`` (the month word with any case ending).
KK_DATE = r"(?P<year>\d{4})\s+жылғы\s+(?P<day>\d{1,2})\s+(?P<month>[^\W\d_]+)"
# ``17 апреля 2024 года``.
RU_DATE = r"(?P<day>\d{1,2})\s+(?P<month>[^\W\d_]+)\s+(?P<year>\d{4})\s+года"
# ``17.04.2024``.
NUMERIC_DATE = r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
# ``№ 150``, ``N 61`` (older acts of the legal database write a Latin N).
NUMBER = r"(?:№|N)\s*(?P<number>\d+)"
# ``№ 665-ө-м``, ``№ 21 - V`` : a number with its letter suffixes.
SUFFIXED_NUMBER = r"(?:№|N)\s*(?P<number>\d+(?:\s*[-–]\s*[^\W\d_]+)*)"

MonthReader = Callable[[str], int | None]


def iso(year: int | str, month: int, day: int | str) -> str:
    """``YYYY-MM-DD``."""
    return f"{int(year):04d}-{month:02d}-{int(day):02d}"


def cited_date(m: re.Match[str], month_of: MonthReader = kk_month) -> str | None:
    """The ISO date of a match of one of the date fragments (``None`` for a month word that
    is no month); ``month_of`` reads the month word (:func:`kk_month`, :func:`ru_month`)."""
    word = m["month"]
    month = int(word) if word.isdigit() else month_of(word)
    if month is None or not 1 <= month <= 12:
        return None
    return iso(m["year"], month, m["day"])


def act_number(m: re.Match[str]) -> str:
    """The number as the register writes it: suffixes joined by plain hyphens."""
    return re.sub(r"\s*[-–]\s*", "-", m["number"])


__all__ = [
    "KK_DATE",
    "NUMBER",
    "NUMERIC_DATE",
    "RU_DATE",
    "SUFFIXED_NUMBER",
    "act_number",
    "cited_date",
    "iso",
    "kk_month",
    "ru_month",
]
