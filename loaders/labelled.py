"""Split a run of lines into "label: value" fields whose labels may be broken across lines.

Text extracted from a PDF table comes as label and value lines in reading order, with long
labels wrapped (``СБШ бойынша біліктілік`` / ``деңгейі:``). Labels are known in advance, so
they are found as patterns over the joined text, and each value is what lies between its
label and the next label found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Line = tuple[int, str]  # (line number, text)


@dataclass(frozen=True)
class Field:
    """A label found in the text and the lines of its value."""

    key: str
    label_lines: tuple[int, ...]
    value: tuple[Line, ...]

    @property
    def lines(self) -> list[int]:
        return [*self.label_lines, *(n for n, _ in self.value)]


def label_pattern(label: str) -> re.Pattern[str]:
    """A pattern for ``label`` that allows any whitespace, including line breaks, between
    its words and before its final colon."""
    words = label.split()
    body = r"\s+".join(re.escape(w) for w in words)
    body = body.replace(r"\-", r"\s*-\s*")
    return re.compile(body.replace(":", r"\s*:"), re.IGNORECASE)


def split_fields(lines: list[Line], labels: list[tuple[str, str]]) -> dict[str, Field]:
    """Find each ``(key, label)`` in order; labels not present are skipped.

    A label starts a line or follows another label's colon on the same line (values never
    precede their label).
    """
    text = ""
    starts: list[int] = []
    for _, t in lines:
        starts.append(len(text))
        text += t + "\n"

    def line_index(offset: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    found: list[tuple[str, int, int]] = []  # key, start offset, end offset
    pos = 0
    for key, label in labels:
        for m in label_pattern(label).finditer(text, pos):
            before = text[starts[line_index(m.start())] : m.start()].rstrip()
            if not before or before.endswith(":"):
                found.append((key, m.start(), m.end()))
                pos = m.end()
                break
    fields: dict[str, Field] = {}
    for i, (key, start, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(text)
        first, last = line_index(start), line_index(end - 1)
        label_lines = tuple(lines[j][0] for j in range(first, last + 1))
        rest_of_label_line = text[end : starts[last] + len(lines[last][1])].strip()
        value: list[Line] = []
        if rest_of_label_line:
            value.append((lines[last][0], rest_of_label_line))
        for j in range(last + 1, len(lines)):
            if starts[j] >= stop:
                break
            if lines[j][1]:
                value.append(lines[j])
        fields[key] = Field(key, label_lines, tuple(value))
    return fields
