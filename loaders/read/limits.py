"""How much a reader takes in before it refuses a file: a DOCX package's decompressed size and
number of parts, an HTML page's size and element nesting depth, a PDF's size, number of pages
and reading time.

A Word file is a zip package: 196 KB can hold hundreds of megabytes of XML (a zip bomb),
which python-docx would decompress and parse whole (58 s and 1.6 GB for one such file). The
readers check these limits before they parse, while they read, and refuse a file past them
with a :class:`~nqs.loaders.model.SourceError` that names the file, the part and the limit.
A PDF is refused before pdfium opens it when the file is too large, before its first page is
read when it has too many pages, and between two pages once its reading (pages laid out
included) has taken longer than the time limit (:func:`check_pdf_pages`, :func:`check_time`).

The limits in force are set for a block with :func:`reading_limits` (the build sets them in
each worker process from the settings ``source_max_mb``, ``source_max_parts``,
``source_max_depth``, ``source_max_pages`` and ``source_max_seconds``); outside any block,
:data:`DEFAULT` applies.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nqs.loaders.model import Location, SourceError

MB = 1_000_000


@dataclass(frozen=True)
class ReadLimits:
    """Limits of what one source file may make a reader take in."""

    max_bytes: int = 50 * MB
    """A DOCX package's parts decompressed, all together; an HTML page's or a PDF's size."""
    max_parts: int = 1000
    """Parts (zip members) of a DOCX package (a Word document has some twenty)."""
    max_depth: int = 256
    """Element nesting depth of an HTML page (libxml2 stops at 256 unless told otherwise)."""
    max_pages: int = 2000
    """Pages of a PDF (a standard has some fifty)."""
    max_seconds: float = 120.0
    """Time reading one PDF may take, checked between pages (a standard takes about 0.5 s)."""


DEFAULT = ReadLimits()
_current = [DEFAULT]


def current_limits() -> ReadLimits:
    """The limits in force (see module doc)."""
    return _current[-1]


@contextmanager
def reading_limits(limits: ReadLimits) -> Iterator[ReadLimits]:
    """Read with ``limits`` in force for the block."""
    _current.append(limits)
    try:
        yield limits
    finally:
        _current.pop()


def size(count: int) -> str:
    """A byte count for a message, e.g. ``209,715,200 bytes``."""
    return f"{count:,} bytes"


STOP_GRACE = 30.0
"""Seconds past ``max_seconds`` after which a build stops loading a document (any format) by
ending its worker process (:func:`stop_seconds`)."""


def stop_seconds(limits: ReadLimits) -> float:
    """When a build stops loading one document by ending its worker process: ``max_seconds``
    and :data:`STOP_GRACE`. A PDF past ``max_seconds`` is refused at the next page; this
    stops what is not between pages: one page pdfium takes longer on, another format's
    reader, the mapping."""
    return limits.max_seconds + STOP_GRACE


def check_size(path: Path, limits: ReadLimits) -> None:
    """Refuse the file at ``path`` if it is larger than ``limits.max_bytes``."""
    if path.stat().st_size > limits.max_bytes:
        raise SourceError(path, f"larger than the limit of {size(limits.max_bytes)}")


def check_pdf_pages(path: Path, count: int, limits: ReadLimits) -> None:
    """Refuse a PDF of ``count`` pages if that is more than ``limits.max_pages``; the error
    names the pages past the limit."""
    if count > limits.max_pages:
        place = Location("page", limits.max_pages + 1, count)
        message = f"a PDF of {count:,} pages; the limit is {limits.max_pages:,}"
        raise SourceError(path, message, place)


def check_time(path: Path, page: int, count: int, started: float, limits: ReadLimits) -> None:
    """Stop reading a PDF of ``count`` pages after ``page`` if more than
    ``limits.max_seconds`` passed since ``started`` (a :func:`time.monotonic` reading)."""
    took = time.monotonic() - started
    if took > limits.max_seconds:
        message = (
            f"reading took more than the limit of {limits.max_seconds:g} s"
            f" ({took:.3g} s for {page:,} of its {count:,} pages)"
        )
        raise SourceError(path, message, Location("page", page, page))
