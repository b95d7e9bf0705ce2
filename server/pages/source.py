"""Where a fact was read: the source document and the place in it, with the text around it.

Text files are shown by line, read from the configured source folders (the file is found by
its name and checked against the SHA-256 the graph records). Word files, PDFs and web pages
are shown by what the build recorded each said at each place (``source-text.json`` of the
build: paragraphs and table rows by their number, their cells joined by " | ", and the rows
of a PDF page by the page), with what the graph holds that was read from the same place."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from nqs.config import Settings
from nqs.store import SOURCE_TEXTS, StoreError, current_build

CONTEXT_LINES = 3
MAX_EXCERPT_LINES = 40
FILES_KEY = "nqs.ld.source-files"
TEXTS_KEY = "nqs.ld.source-texts"
# a Word file's or web page's paragraphs and table rows are numbered in one sequence
BODY_UNITS = frozenset({"paragraph", "row"})
Placed = tuple[str, int, int, str]


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


def place_texts(sha256: str) -> list[Placed]:
    """What the document with this checksum said at each place, as the current build
    recorded it (none for a text file, or a build made before it was recorded)."""
    settings: Settings = current_app.config["NQS_SETTINGS"]
    try:
        build = current_build(settings.store)
    except StoreError:
        return []
    kept: tuple[Path, dict[str, list[Placed]]] | None = current_app.extensions.get(TEXTS_KEY)
    if kept is None or kept[0] != build:
        path = build / SOURCE_TEXTS
        raw = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        texts = {k: [(str(u), int(a), int(b), str(t)) for u, a, b, t in v] for k, v in raw.items()}
        kept = (build, texts)
        current_app.extensions[TEXTS_KEY] = kept
    return kept[1].get(sha256, [])


def place_excerpt(texts: list[Placed], unit: str, start: int, end: int) -> Excerpt | None:
    """The paragraphs and rows around ``start``–``end`` (a few before and after), or the
    rows on the pages ``start``–``end``; marked those within the place. None when nothing
    was recorded there."""
    units = BODY_UNITS if unit in BODY_UNITS else frozenset({unit})
    margin = CONTEXT_LINES if unit in BODY_UNITS else 0
    near = [t for t in texts if t[0] in units and t[2] >= start - margin and t[1] <= end + margin]
    if not any(t[2] >= start and t[1] <= end for t in near):
        return None
    out = [Line(a, text, b >= start and a <= end) for _, a, b, text in near]
    return Excerpt(out[:MAX_EXCERPT_LINES], len(out) > MAX_EXCERPT_LINES)
