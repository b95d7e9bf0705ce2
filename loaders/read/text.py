"""Read a plain-text source (text extracted from a PDF) into one block per line."""

from __future__ import annotations

from pathlib import Path

from nqs.loaders.model import Block, Location, SourceError


def read_text(path: Path) -> list[Block]:
    """Every line of ``path`` as a block (line numbers from 1; blank lines included)."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text (byte {exc.start})") from exc
    return [
        Block(line.rstrip("\r"), Location("line", number, number))
        for number, line in enumerate(raw.split("\n"), start=1)
    ]
