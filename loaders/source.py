"""Facts about a source file itself: its media type and checksum."""

from __future__ import annotations

import hashlib
from pathlib import Path

from nqs.loaders.model import SourceError, SourceInfo

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


def source_info(path: Path) -> SourceInfo:
    """Describe ``path`` (media type from its suffix, SHA-256 of its bytes)."""
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise SourceError(path, f"unsupported file type {path.suffix!r}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return SourceInfo(path=path, media_type=media_type, sha256=digest)
