"""The one registry of SPARQL texts: ``.rq`` files with a header in comment lines, read by
:func:`load_queries` from a folder, each marked with its kind — the research library (this
folder, :func:`load_library`), the link rules (``links/``), the export queries
(``nqs/export/queries/``), the queries of the pages (``server/pages/queries/``), of the
search index (``nqs/search_queries/``), of the derivations (``nqs/derive/queries/``), of
the validation (``nqs/validation/queries/``), of the graph store (``server/gsp_queries/``),
of the storage seam (``nqs/store/queries/``), of the loaders (``loaders/queries/``) and of
the query page (``server/ui_queries/``).

Header lines come first, each ``# key: value``; ``param`` and ``column`` may repeat::

    # title: Cards per level
    # title@kk: Деңгейлер бойынша карточкалар
    # title@ru: Карточки по уровням
    # description: How many profession cards each level has.
    # param: level xsd:integer = 6 -- the level number
    # param: kind xsd:string {knowledge|ability} = knowledge -- which items
    # param: standard iri -- one standard (all when not given)
    # column: level xsd:integer -- the level
    # post: near-duplicates
    # duplicates: one row per mention, so a text named twice is listed twice
    # normalise: text

- ``title`` (English) and ``title@kk``, ``title@ru``; ``description`` (and optionally
  ``description@kk``, ``description@ru``);
- ``param: NAME TYPE [{a|b}] [= DEFAULT] [-- text]``: TYPE is ``xsd:string``,
  ``xsd:integer``, ``xsd:decimal``, ``xsd:boolean``, ``xsd:date`` or ``iri``; ``{a|b}`` lists
  the allowed values; a parameter without a default is left unbound when not given;
- ``column: NAME [TYPE] [-- text]``: the query's result variables, in order;
- ``post: NAME``: a documented Python step applied to the rows after the query
  (:data:`nqs.query.POST_STEPS`), for what SPARQL cannot do;
- ``duplicates: TEXT``: the query's rows may repeat and the repetition means something
  (TEXT says what). Without it a query answers a question about distinct things, and its
  rows are the same with every ``SELECT`` made ``SELECT DISTINCT`` (tests/building/test_merge.py):
  the default graph holds each triple once, so rows repeat only by the query's doing.
- ``normalise: NAME [NAME…]``: string parameters bound as their normalised form
  (:func:`nqs.textsim.normalise`: lower case, ``ё`` → ``е``, punctuation and spacing as one
  space), to be compared with the text keys the build adds (:mod:`nqs.derive.textkeys`) instead of
  being lower-cased at query time, which not every SPARQL engine does right on Cyrillic text.

Values are never pasted into the text: :func:`nqs.query.bindings` checks them against the
declared types and :func:`nqs.query.with_values` binds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

PARAMETER_TYPES = (
    "xsd:string",
    "xsd:integer",
    "xsd:decimal",
    "xsd:boolean",
    "xsd:date",
    "xsd:gYear",
    "iri",
)
_TYPE_ALIASES = {"IRI": "iri", "uri": "iri"}
LANGUAGES = ("en", "kk", "ru")

_HEADER = re.compile(r"^#\s*([\w@-]+)\s*:\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>\w+)\s+(?P<type>[^\s{=]+)"
    r"(?:\s*\{(?P<choices>[^}]*)\})?"
    r"(?:\s*=\s*(?P<default>.*?))?"
    r"\s*(?:--\s*(?P<text>.*))?$"
)
_COLUMN = re.compile(r"^(?P<name>\w+)(?:\s+(?P<type>[^\s-][^\s]*))?\s*(?:--\s*(?P<text>.*))?$")


class QueryFileError(ValueError):
    """A library file whose header cannot be read."""


@dataclass(frozen=True)
class Parameter:
    """A value the query takes, bound as ``?name``."""

    name: str
    type: str
    default: str | None = None
    description: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """One result variable: its name, its type when known (``xsd:integer``, ``iri``, …)."""

    name: str
    type: str = ""
    description: str = ""


@dataclass
class LibraryQuery:
    """One ``.rq`` file of the registry."""

    name: str
    text: str
    kind: str = "library"
    """Which set it belongs to: ``library``, ``link``, ``export``, ``page``, …"""
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    parameters: list[Parameter] = field(default_factory=list)
    column_specs: list[Column] = field(default_factory=list)
    post: str | None = None
    duplicates: str | None = None
    """Why repeated rows are meaningful, for a query whose rows may repeat."""
    normalised: tuple[str, ...] = ()
    """The parameters bound as their normalised text (``# normalise:``)."""

    @property
    def title(self) -> str:
        return self.titles.get("en") or next(iter(self.titles.values()), self.name)

    @property
    def description(self) -> str:
        return self.descriptions.get("en") or next(iter(self.descriptions.values()), "")

    @property
    def body(self) -> str:
        """The text without its header: from its first line that is neither blank nor a
        comment (what a page shows or sends of a query)."""
        lines = self.text.splitlines(keepends=True)
        start = next((i for i, x in enumerate(lines) if x.strip() and not x.startswith("#")), 0)
        return "".join(lines[start:])

    @property
    def columns(self) -> list[str]:
        """The names of the result variables, in order."""
        return [c.name for c in self.column_specs]

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def _parameter(path: Path, value: str) -> Parameter:
    m = _PARAM.match(value)
    if not m:
        raise QueryFileError(f"{path.name}: bad parameter line {value!r}")
    kind = _TYPE_ALIASES.get(m["type"], m["type"])
    if kind not in PARAMETER_TYPES:
        raise QueryFileError(f"{path.name}: parameter {m['name']} has unknown type {kind}")
    choices = tuple(c.strip() for c in (m["choices"] or "").split("|") if c.strip())
    default = m["default"] or None
    if default is not None and choices and default not in choices:
        raise QueryFileError(f"{path.name}: default of {m['name']} is not one of its choices")
    return Parameter(m["name"], kind, default, (m["text"] or "").strip(), choices)


def _column(path: Path, value: str) -> Column:
    m = _COLUMN.match(value)
    if not m:
        raise QueryFileError(f"{path.name}: bad column line {value!r}")
    return Column(m["name"], m["type"] or "", (m["text"] or "").strip())


def parse_query_file(path: Path, kind: str = "library") -> LibraryQuery:
    """Read one ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    query = LibraryQuery(name=path.stem, text=text, kind=kind)
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = m.group(1), m.group(2).strip()
        base, _, lang = key.partition("@")
        if base == "title":
            query.titles[lang or "en"] = value
        elif base == "description":
            query.descriptions[lang or "en"] = value
        elif key == "param":
            query.parameters.append(_parameter(path, value))
        elif key == "column":
            query.column_specs.append(_column(path, value))
        elif key == "post":
            query.post = value
        elif key == "duplicates":
            query.duplicates = value
        elif key == "normalise":
            query.normalised += tuple(value.replace(",", " ").split())
    for name in query.normalised:
        param = query.parameter(name)
        if param is None or param.type != "xsd:string":
            raise QueryFileError(f"{path.name}: normalise names {name}, not a string parameter")
    return query


def load_queries(folder: Path, kind: str) -> dict[str, LibraryQuery]:
    """Every ``.rq`` file of ``folder`` by name, in the order of the names, each of ``kind``."""
    return {p.stem: parse_query_file(p, kind) for p in sorted(folder.glob("*.rq"))}


def package_folder(package: str, *parts: str) -> Path:
    """A folder of queries inside an installed package (``nqs.export``, ``queries``)."""
    return Path(str(resources.files(package))).joinpath(*parts)


@cache
def package_queries(package: str, kind: str, folder: str = "queries") -> dict[str, LibraryQuery]:
    """The queries of the folder ``folder`` of an installed ``package``, read once."""
    return load_queries(package_folder(package, folder), kind)


def library_dir() -> Path:
    return package_folder("nqs.queries")


def load_library(folder: Path | None = None) -> dict[str, LibraryQuery]:
    """Every query of the library by name (the link rules in ``links/`` are not part of it)."""
    return load_queries(folder or library_dir(), "library")
