"""Run a SPARQL query against the store: a library query by name, a ``.rq`` file or text.

Parameter values are checked against the types the query declares (:func:`bindings`),
normalised when the query says so (``# normalise: NAME``, to meet the build's text keys), and
bound by the one binding helper, :func:`nqs.sparql_bind.with_values`, which writes them as RDF
terms (serialized by pyoxigraph, so escaped) into a ``VALUES`` block at the start of the
query's WHERE group.
(pyoxigraph's own ``substitutions`` only binds projected variables.) A library query may
name a post-step (``# post: NAME``), a documented Python function from :data:`POST_STEPS`
applied to its rows, for what SPARQL cannot do (see :mod:`nqs.textsim`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from nqs.namespaces import PREFIXES
from nqs.queries import LibraryQuery, Parameter, load_library
from nqs.sparql_bind import with_values as with_values
from nqs.sparql_results import Term, term_from_json, to_csv, to_json, to_tsv, to_xml
from nqs.sparql_syntax import parse
from nqs.store.backends import Outcome
from nqs.textsim import near_duplicates, normalise

XSD = "http://www.w3.org/2001/XMLSchema#"
Value = ox.NamedNode | ox.Literal
FORMATS = ("table", "csv", "tsv", "json", "xml", "sparql-csv", "sparql-tsv")
"""Output formats: an aligned table, plain CSV/TSV of the values, and the SPARQL 1.1 results
formats (JSON, XML, CSV, TSV)."""

_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_YEAR = re.compile(r"^\d{4}$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")


class ParameterError(ValueError):
    """A parameter value that is unknown or does not fit the declared type."""


@dataclass
class Table:
    """A SELECT result as plain data: variable names and rows of terms (None = unbound)."""

    columns: list[str]
    rows: list[list[Term | None]]


def resolve(
    query: str, library: dict[str, LibraryQuery] | None = None
) -> tuple[str, LibraryQuery | None]:
    """The SPARQL text for a library name, a ``.rq`` path or the text itself."""
    library = library if library is not None else load_library()
    if query in library:
        return library[query].text, library[query]
    if query.endswith(".rq") and "\n" not in query:
        path = Path(query)
        if not path.is_file():
            raise FileNotFoundError(f"no query file {query}")
        return path.read_text(encoding="utf-8"), None
    return query, None


def _typed(value: str, datatype: str) -> Value:
    prefix, _, local = datatype.partition(":")
    if datatype in ("iri", "IRI", "uri"):
        return ox.NamedNode(value)
    iri = XSD + local if prefix == "xsd" else PREFIXES.get(prefix, "") + local
    if iri == XSD + "string":
        return ox.Literal(value)
    return ox.Literal(value, datatype=ox.NamedNode(iri))


def _checked(param: Parameter, value: str) -> Value:
    """The value as a term of the parameter's type, or :class:`ParameterError`."""
    kind, name = param.type, param.name
    if param.choices and value not in param.choices:
        allowed = ", ".join(param.choices)
        raise ParameterError(f"parameter '{name}' must be one of {allowed}, not {value!r}")
    problem = ""
    if kind == "xsd:integer" and not _INTEGER.match(value):
        problem = "an integer"
    elif kind == "xsd:decimal":
        try:
            ok = bool(_DECIMAL.match(value)) and Decimal(value).is_finite()
        except InvalidOperation:
            ok = False
        problem = "" if ok else "a decimal number"
    elif kind == "xsd:boolean" and value not in ("true", "false"):
        problem = "true or false"
    elif kind == "xsd:gYear" and not _YEAR.match(value):
        problem = "a year (YYYY)"
    elif kind == "xsd:date":
        try:
            date.fromisoformat(value)
            ok = len(value) == 10
        except ValueError:
            ok = False
        problem = "" if ok else "a date (YYYY-MM-DD)"
    elif kind == "iri" and not _IRI.match(value):
        problem = "an absolute IRI"
    if problem:
        raise ParameterError(f"parameter '{name}' must be {problem} ({kind}), not {value!r}")
    try:
        return _typed(value, kind)
    except ValueError as exc:
        raise ParameterError(f"parameter '{name}': {exc}") from exc


def bindings(given: dict[str, str], spec: LibraryQuery | None) -> dict[ox.Variable, Value]:
    """Values for the query's parameters: the given ones (checked against their declared
    types), else the declared defaults. Without a spec every value is a plain string."""
    if not spec:
        return {ox.Variable(k): ox.Literal(v) for k, v in given.items()}
    declared = {p.name: p for p in spec.parameters}
    unknown = set(given) - set(declared)
    if unknown:
        known = ", ".join(declared) or "none"
        raise ParameterError(
            f"unknown parameter(s): {', '.join(sorted(unknown))} (this query takes: {known})"
        )
    out: dict[ox.Variable, Value] = {}
    for name, param in declared.items():
        value = given.get(name, param.default)
        if value is not None:
            term = _checked(param, value)
            # compared with the build's text keys: bound as the same normalised text
            out[ox.Variable(name)] = (
                ox.Literal(normalise(value)) if name in spec.normalised else term
            )
    check = POST_CHECKS.get(spec.post or "")
    if check is not None:
        check(post_params(spec, given))
    return out


def run(
    db: ox.Store,
    text: str,
    params: dict[ox.Variable, Value] | None = None,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Evaluate over the store's default graph: the merge of its named graphs, each triple
    once (``GRAPH ?g`` reads the named graphs, for provenance)."""
    return db.query(with_values(text, params or {}))


def to_table(solutions: ox.QuerySolutions) -> Table:
    columns = [v.value for v in solutions.variables]
    rows = [[solution[c] for c in columns] for solution in solutions]
    return Table(columns, rows)


def outcome_table(outcome: Outcome) -> Table:
    """A backend's SELECT answer as a table (a live embedded result read to its end)."""
    if isinstance(outcome.raw, ox.QuerySolutions):
        return to_table(outcome.raw)
    return Table(list(outcome.variables), outcome.rows)


def outcome_triples(outcome: Outcome) -> list[ox.Triple]:
    """A backend's CONSTRUCT or DESCRIBE answer as triples."""
    if isinstance(outcome.raw, ox.QueryTriples):
        return list(outcome.raw)
    return outcome.triples


# -- post-steps ----------------------------------------------------------------------------

PostStep = Callable[[Table, dict[str, str]], Table]


def _near_duplicates(table: Table, params: dict[str, str]) -> Table:
    """Pairs of item texts at least ``threshold`` similar (see :mod:`nqs.textsim`)."""
    index = {c: i for i, c in enumerate(table.columns)}
    entries = [
        (
            plain(row[index["key"]]),
            plain(row[index["text"]]),
            plain(row[index["sectors"]]).split(),
            plain(row[index["standards"]]).split(),
        )
        for row in table.rows
    ]
    threshold = float(params.get("threshold", "0.75"))
    across = params.get("across", "sector")
    columns = ["similarity", "textA", "sectorsA", "textB", "sectorsB", "standards"]
    rows: list[list[Term | None]] = []
    for pair in near_duplicates(entries, threshold, across):
        a, b = pair.a, pair.b
        rows.append(
            [
                ox.Literal(f"{pair.similarity:.3f}", datatype=ox.NamedNode(XSD + "decimal")),
                ox.Literal(a.text),
                ox.Literal(" ".join(a.sectors)),
                ox.Literal(b.text),
                ox.Literal(" ".join(b.sectors)),
                ox.Literal(str(pair.standards), datatype=ox.NamedNode(XSD + "integer")),
            ]
        )
    return Table(columns, rows)


def _check_near_duplicates(params: dict[str, str]) -> None:
    threshold = float(params.get("threshold", "0.75"))
    if not 0 < threshold <= 1:
        raise ParameterError(f"parameter 'threshold' must be > 0 and ≤ 1, not {threshold:g}")


POST_STEPS: dict[str, PostStep] = {"near-duplicates": _near_duplicates}
POST_CHECKS: dict[str, Callable[[dict[str, str]], None]] = {
    "near-duplicates": _check_near_duplicates
}


def post_params(spec: LibraryQuery, given: dict[str, str]) -> dict[str, str]:
    """The parameter values a post-step sees: the given ones over the defaults."""
    out = {p.name: p.default for p in spec.parameters if p.default is not None}
    return out | given


def sorted_lists(table: Table, text: str) -> Table:
    """The table with the items of each list column (a ``GROUP_CONCAT``) in sorted order.

    SPARQL leaves the order of ``GROUP_CONCAT`` to the engine (and to its plan), so the same
    query gives its lists in another order on another store; sorted, the answer is one."""
    lists = {
        table.columns.index(c): sep
        for c, sep in parse(text).concat_columns.items()
        if c in table.columns
    }
    if not lists:
        return table
    rows: list[list[Term | None]] = []
    for row in table.rows:
        out = list(row)
        for i, sep in lists.items():
            term = out[i]
            if isinstance(term, ox.Literal) and sep and sep in term.value:
                items = sep.join(sorted(term.value.split(sep)))
                out[i] = (
                    ox.Literal(items, language=term.language)
                    if term.language
                    else (ox.Literal(items, datatype=term.datatype))
                )
        rows.append(out)
    return Table(table.columns, rows)


def finish(table: Table, spec: LibraryQuery | None, given: dict[str, str]) -> Table:
    """The table with its lists sorted (:func:`sorted_lists`), after the query's post-step
    if it names one."""
    if spec is None:
        return table
    table = sorted_lists(table, spec.text)
    if spec.post is None:
        return table
    return POST_STEPS[spec.post](table, post_params(spec, given))


def run_library(db: ox.Store, spec: LibraryQuery, given: dict[str, str] | None = None) -> Table:
    """A library SELECT query run with the given parameter values, post-step applied."""
    given = given or {}
    result = run(db, spec.text, bindings(given, spec))
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError(f"{spec.name} is not a SELECT query")
    return finish(to_table(result), spec, given)


# -- reading and writing results ---------------------------------------------------------------


def table_from_json(body: bytes) -> Table:
    """A table from a SPARQL 1.1 JSON results document (of a SELECT query)."""
    data = json.loads(body)
    if "results" not in data:
        raise ValueError("not the result of a SELECT query")
    columns = list(data["head"].get("vars", []))
    rows: list[list[Term | None]] = [
        [term_from_json(b[c]) if c in b else None for c in columns]
        for b in data["results"]["bindings"]
    ]
    return Table(columns, rows)


def plain(term: Term | None) -> str:
    """A term as a person reads it: the IRI, or the literal's lexical form."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal | ox.NamedNode):
        return term.value
    return str(term)


_NUMBERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}


def native(term: Term | None) -> str | int | float | bool | None:
    """A term as a JSON value: numbers and booleans as such, anything else as its text."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _NUMBERS:
                return int(term.value)
            if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
    return None if term is None else plain(term)


def format_table(table: Table, fmt: str) -> str:
    """Render as an aligned ``table``, plain ``csv`` or ``tsv`` values, or a SPARQL results
    format: ``json``, ``xml``, ``sparql-csv``, ``sparql-tsv``."""
    writers = {"json": to_json, "xml": to_xml, "sparql-csv": to_csv, "sparql-tsv": to_tsv}
    if fmt in writers:
        body = writers[fmt](table.columns, table.rows).decode("utf-8")
        return body if body.endswith("\n") else body + "\n"
    cells = [[plain(t) for t in row] for row in table.rows]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(cells)
        return buf.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt}; use one of {', '.join(FORMATS)}")
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(table.columns)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(table.columns, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines) + "\n"
