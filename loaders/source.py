"""Facts about a source file itself: its media type and checksum."""

from __future__ import annotations

import hashlib
from pathlib import Path

from nqs.loaders.model import SourceError, SourceInfo
from nqs.loaders.read import sniff


def source_info(path: Path, media_type: str | None = None) -> SourceInfo:
    """Describe ``path``: its media type (as its reader found it, else told from its
    content) and the SHA-256 of its bytes."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise SourceError(path, f"cannot be read: {exc.strerror or exc}") from exc
    return SourceInfo(path=path, media_type=media_type or sniff(path).media_type, sha256=digest)
