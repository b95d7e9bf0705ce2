"""How much a reader takes in before it refuses a file: a DOCX package's decompressed size and
number of parts, an HTML page's size and element nesting depth.

A Word file is a zip package: 196 KB can hold hundreds of megabytes of XML (a zip bomb),
which python-docx would decompress and parse whole (58 s and 1.6 GB for one such file). The
readers check these limits before they parse, while they read, and refuse a file past them
with a :class:`~nqs.loaders.model.SourceError` that names the file, the part and the limit.

The limits in force are set for a block with :func:`reading_limits` (the build sets them in
each worker process from the settings ``source_max_mb``, ``source_max_parts`` and
``source_max_depth``); outside any block, :data:`DEFAULT` applies.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

MB = 1_000_000


@dataclass(frozen=True)
class ReadLimits:
    """Limits of what one source file may make a reader take in."""

    max_bytes: int = 50 * MB
    """A DOCX package's parts decompressed, all together; an HTML page's size."""
    max_parts: int = 1000
    """Parts (zip members) of a DOCX package (a Word document has some twenty)."""
    max_depth: int = 256
    """Element nesting depth of an HTML page (libxml2 stops at 256 unless told otherwise)."""


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
