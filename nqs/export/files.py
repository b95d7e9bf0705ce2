"""The files of an export directory: how they are opened (gzip on request), their
checksums, the manifest that lists them and the ``SHA256SUMS`` file."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from nqs.export.vocab import FileFormat, format_of

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
GZIP_LEVEL = 6  # zlib's default: most of level 9's size at a fraction of its time
CHUNK = 1 << 20


class ExportError(Exception):
    """An export cannot be written as asked."""


@dataclass
class Artifact:
    """One file of the export, as the manifest and the catalog describe it."""

    path: str
    profile: str
    title: str
    bytes: int = 0
    sha256: str = ""

    @property
    def format(self) -> FileFormat:
        return format_of(self.path)

    @property
    def compressed(self) -> bool:
        return self.path.endswith(".gz")


@dataclass
class Manifest:
    """``manifest.json``: the release and every file written into the directory."""

    release: dict[str, Any]
    files: list[Artifact] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    def replace_profile(self, profile: str, artifacts: list[Artifact]) -> None:
        self.files = [a for a in self.files if a.profile != profile] + artifacts

    def write(self, folder: Path) -> None:
        data = {
            "release": self.release,
            "files": [asdict(a) for a in sorted(self.files, key=lambda a: a.path)],
            "notes": self.notes,
        }
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        (folder / MANIFEST).write_text(text, encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        path = folder / MANIFEST
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        files = [Artifact(**f) for f in data.get("files", [])]
        return cls(data["release"], files, data.get("notes", {}))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def finish(folder: Path, artifact: Artifact) -> Artifact:
    """Fill in the size and checksum of a written file."""
    path = folder / artifact.path
    artifact.bytes = path.stat().st_size
    artifact.sha256 = sha256_of(path)
    return artifact


@contextmanager
def output(path: Path, compress: bool) -> Iterator[IO[bytes]]:
    """A binary file to write, gzip-compressed when asked (the name then ends in ``.gz``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if compress:
        with gzip.open(path, "wb", compresslevel=GZIP_LEVEL) as fh:
            yield cast(IO[bytes], fh)
    else:
        with path.open("wb") as fh:
            yield fh


@contextmanager
def read_input(path: Path) -> Iterator[IO[bytes]]:
    """A file to read, decompressed when its name ends in ``.gz``."""
    if path.name.endswith(".gz"):
        with gzip.open(path, "rb") as fh:
            yield cast(IO[bytes], fh)
    else:
        with path.open("rb") as fh:
            yield fh


def file_name(stem: str, extension: str, compress: bool) -> str:
    return f"{stem}.{extension}" + (".gz" if compress else "")


def write_checksums(folder: Path, artifacts: list[Artifact]) -> None:
    """``SHA256SUMS`` in the format ``sha256sum -c`` reads."""
    lines = [f"{a.sha256}  {a.path}\n" for a in sorted(artifacts, key=lambda a: a.path)]
    (folder / CHECKSUMS).write_text("".join(lines), encoding="utf-8")
