"""Acknowledged defects: violations that a reviewer traced to the text of a source document.

The list ships with the sources (``known-defects.toml`` in a source folder; the bundled one
is ``data/sources/known-defects.toml``). An entry names the document by its file name and
SHA-256 — it acknowledges a defect of that exact text, wherever the file is — the focus node
(relative to the instance base), the shape, and, when one focus has several results of one
shape, the value; and the reason, as read in the document. A build reports acknowledged
violations but does not block on them; any other violation blocks.

An entry whose ``cause`` is ``loader`` is a violation that the document provoked but that a
loader got wrong; it names the loader and disappears from the report (so must leave the
list: a test compares them exactly) when the loader is fixed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nqs.config import bundled_sources

DEFECTS_FILE = "known-defects.toml"
CAUSES = ("document", "loader")


@dataclass(frozen=True)
class KnownDefect:
    """One acknowledged violation."""

    document: str
    sha256: str
    focus: str
    shape: str
    reason: str
    value: str = ""
    cause: str = "document"
    source: str = ""

    def key(self) -> tuple[str, str, str, str]:
        return (self.sha256, self.focus, self.shape, self.value)


class DefectListError(ValueError):
    """A known-defects file that cannot be read."""


def defect_files(sources: Iterable[Path] = ()) -> list[Path]:
    """The bundled list and any ``known-defects.toml`` in (or under) the source folders."""
    found = {bundled_sources() / DEFECTS_FILE}
    for folder in sources:
        if folder.is_dir():
            found.update(folder.rglob(DEFECTS_FILE))
    return sorted(p.resolve() for p in found if p.is_file())


def read_defects(path: Path) -> list[KnownDefect]:
    """The entries of one file (``[[defect]]`` tables)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DefectListError(f"{path}: {exc}") from exc
    out = []
    for n, entry in enumerate(data.get("defect", []), start=1):
        missing = {"document", "sha256", "focus", "shape", "reason"} - set(entry)
        if missing:
            raise DefectListError(f"{path}: defect {n} lacks {', '.join(sorted(missing))}")
        unknown = set(entry) - {"document", "sha256", "focus", "shape", "reason", "value", "cause"}
        if unknown:
            raise DefectListError(f"{path}: defect {n} has unknown keys {sorted(unknown)}")
        if entry.get("cause", "document") not in CAUSES:
            raise DefectListError(f"{path}: defect {n}: cause must be one of {CAUSES}")
        out.append(KnownDefect(**{k: str(v) for k, v in entry.items()}, source=str(path)))
    return out


def load_defects(sources: Iterable[Path] = ()) -> list[KnownDefect]:
    """Every acknowledged defect of the bundled list and the source folders' lists."""
    defects: dict[tuple[str, str, str, str], KnownDefect] = {}
    for path in defect_files(sources):
        for defect in read_defects(path):
            defects.setdefault(defect.key(), defect)
    return list(defects.values())
