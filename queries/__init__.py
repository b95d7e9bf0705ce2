"""The library of research queries: ``.rq`` files with a header in comment lines.

Header lines come first, each ``# key: value``; ``param`` and ``column`` may repeat::

    # title: Cards per level
    # title@kk: Деңгейлер бойынша карточкалар
    # description: How many profession cards each level has.
    # param: level xsd:integer = 6 -- the level number
    # column: level -- the level
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

_HEADER = re.compile(r"^#\s*([\w@-]+)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\S+)(?:\s*=\s*(.*?))?\s*(?:--\s*(.*))?$")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None = None
    description: str = ""


@dataclass
class LibraryQuery:
    """One ``.rq`` file of the library."""

    name: str
    text: str
    titles: dict[str, str] = field(default_factory=dict)
    description: str = ""
    parameters: list[Parameter] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.titles.get("en") or next(iter(self.titles.values()), self.name)


def parse_query_file(path: Path) -> LibraryQuery:
    """Read one ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    query = LibraryQuery(name=path.stem, text=text)
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = m.group(1), m.group(2).strip()
        if key.startswith("title"):
            lang = key.partition("@")[2] or "en"
            query.titles[lang] = value
        elif key == "description":
            query.description = value
        elif key == "param":
            p = _PARAM.match(value)
            if not p:
                raise ValueError(f"{path.name}: bad parameter line {value!r}")
            query.parameters.append(Parameter(p[1], p[2], p[3], p[4] or ""))
        elif key == "column":
            query.columns.append(value.split("--")[0].strip())
    return query


def library_dir() -> Path:
    return Path(str(resources.files("nqs.queries")))


def load_library(folder: Path | None = None) -> dict[str, LibraryQuery]:
    """Every query of the library by name."""
    folder = folder or library_dir()
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}
