"""Readers: a source file in any published format → one stream of located rows.

One module per format (:mod:`.text`, :mod:`.docx`, :mod:`.pdf`, :mod:`.html`); each gives
:class:`~nqs.loaders.model.Row` objects in document order. The format is told from the
file's content (a PDF's header, a Word package's parts, an HTML page's markup); the file's
extension decides only when the content names no format, so that a damaged ``.pdf`` is
still reported as a PDF that cannot be read. How much a reader takes in is limited (zip
bombs, deep nesting): :mod:`.limits`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nqs.loaders.model import Location, Row, SourceError
from nqs.loaders.read.docx import read_docx
from nqs.loaders.read.html import read_html
from nqs.loaders.read.limits import current_limits
from nqs.loaders.read.pdf import read_pdf
from nqs.loaders.read.text import read_text


@dataclass(frozen=True)
class Format:
    """A published format: its media type and its reader."""

    name: str
    media_type: str
    read: Callable[[Path], list[Row]]


def _text_rows(path: Path) -> list[Row]:
    return [Row((b.text,), b.loc, in_table=False) for b in read_text(path)]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "text/plain", _text_rows),
        Format(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            read_docx,
        ),
        Format("pdf", "application/pdf", read_pdf),
        Format("html", "text/html", read_html),
    )
}
# What a file's extension says when its content names no format.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<table", b"<p")


def sniff(path: Path) -> Format:
    """The format of the file at ``path``, from its content first (see module doc)."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        raise SourceError(path, f"cannot be read: {exc.strerror or exc}") from exc
    if head.startswith(b"%PDF-"):
        return FORMATS["pdf"]
    if head.startswith(b"PK\x03\x04") and _is_word_package(path):
        return FORMATS["docx"]
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_HTML_MARKS) or (start.startswith(b"<?xml") and b"<html" in start):
        return FORMATS["html"]
    return FORMATS[EXTENSIONS.get(path.suffix.lower(), "text")]


def _is_word_package(path: Path) -> bool:
    """Whether the zip file at ``path`` is a Word package; one past the size limit is taken
    for one unopened (its directory alone could be huge), for the DOCX reader to refuse."""
    try:
        if path.stat().st_size > current_limits().max_bytes:
            return True
        with zipfile.ZipFile(path) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def read(path: Path) -> tuple[Format, list[Row]]:
    """The format of ``path`` and its rows. Whatever goes wrong in a reader is a
    :class:`SourceError` naming the file (and the place, where the reader knows it: a PDF's
    page, a DOCX package's part, an HTML page's line), never another exception."""
    fmt = sniff(path)
    try:
        return fmt, fmt.read(path)
    except SourceError:
        raise
    except Exception as exc:  # a reader's library failing in a way it does not document
        reason = f"{type(exc).__name__}: {exc}"
        raise SourceError(path, f"not a readable {fmt.name} file: {reason}") from exc


__all__ = ["EXTENSIONS", "FORMATS", "Format", "Location", "read", "sniff"]
