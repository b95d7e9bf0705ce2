"""Where a fact was read: the source document and the place in it, with the text around it.

Text files are shown by line, read from the configured source folders (the file is found by
its name and checked against the SHA-256 the graph records). For DOCX and PDF documents the
page shows the stored place (paragraph/row or page numbers) and what the graph holds that
was read from the same place."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from nqs.config import Settings

CONTEXT_LINES = 3
MAX_EXCERPT_LINES = 40
FILES_KEY = "nqs.ld.source-files"


@dataclass
class Line:
    number: int
    text: str
    marked: bool


@dataclass
class Excerpt:
    """Lines of a text file around a place (``marked`` within the place)."""

    lines: list[Line] = field(default_factory=list)
    truncated: bool = False


def _find(settings: Settings, name: str, sha256: str) -> Path | None:
    for folder in settings.sources:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob(name)):
            if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256:
                return path
    return None


def source_file(name: str, sha256: str) -> Path | None:
    """The source file with this name and checksum in the configured folders, if any."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    found: dict[tuple[str, str], Path | None] = current_app.extensions.setdefault(FILES_KEY, {})
    key = (name, sha256)
    if key not in found:
        found[key] = _find(current_app.config["NQS_SETTINGS"], name, sha256)
    return found[key]


def text_lines(path: Path) -> list[str]:
    """The file's lines as the text reader numbers them (from 1)."""
    raw = path.read_bytes().decode("utf-8-sig", errors="replace")
    return [line.rstrip("\r") for line in raw.split("\n")]


def excerpt(lines: list[str], start: int, end: int) -> Excerpt:
    """Lines ``start``–``end`` with a few lines of context before and after; a long place
    is cut after ``MAX_EXCERPT_LINES``."""
    first = max(1, start - CONTEXT_LINES)
    last = min(len(lines), end + CONTEXT_LINES)
    truncated = last - first + 1 > MAX_EXCERPT_LINES
    if truncated:
        last = first + MAX_EXCERPT_LINES - 1
    out = [Line(n, lines[n - 1], start <= n <= end) for n in range(first, last + 1)]
    return Excerpt(out, truncated)
