"""Run a SPARQL query against the store: a library query by name, a ``.rq`` file or text.

Parameter values are bound by one helper, :func:`with_values`, which writes them as RDF terms
(serialized by pyoxigraph, so escaped) into a ``VALUES`` block at the start of the query's
WHERE group. (pyoxigraph's own ``substitutions`` only binds projected variables.)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from nqs.namespaces import PREFIXES
from nqs.queries import LibraryQuery, load_library
from nqs.sparql_results import to_json
from nqs.sparql_text import where_group_start

XSD = "http://www.w3.org/2001/XMLSchema#"
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


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


def _typed(value: str, datatype: str) -> ox.NamedNode | ox.Literal:
    prefix, _, local = datatype.partition(":")
    if datatype in ("iri", "IRI", "uri"):
        return ox.NamedNode(value)
    iri = XSD + local if prefix == "xsd" else PREFIXES.get(prefix, "") + local
    if iri == XSD + "string":
        return ox.Literal(value)
    return ox.Literal(value, datatype=ox.NamedNode(iri))


def bindings(
    given: dict[str, str], spec: LibraryQuery | None
) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """Values for the query's parameters: the given ones, else the declared defaults."""
    declared = {p.name: p for p in spec.parameters} if spec else {}
    unknown = set(given) - set(declared) if spec else set()
    if unknown:
        raise ValueError(f"unknown parameter(s): {', '.join(sorted(unknown))}")
    out: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    for name, param in declared.items():
        value = given.get(name, param.default)
        if value is not None:
            out[ox.Variable(name)] = _typed(value, param.type)
    if not spec:
        out.update({ox.Variable(k): ox.Literal(v) for k, v in given.items()})
    return out


def with_values(text: str, values: dict[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    """The query with the given variables bound by a ``VALUES`` block."""
    if not values:
        return text
    names = " ".join(str(v) for v in values)
    terms = " ".join(str(t) for t in values.values())
    at = where_group_start(text)
    return f"{text[:at]} VALUES ({names}) {{ ({terms}) }} {text[at:]}"


def run(
    db: ox.Store,
    text: str,
    params: dict[ox.Variable, ox.NamedNode | ox.Literal] | None = None,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Evaluate over the union of all graphs as the default graph."""
    return db.query(with_values(text, params or {}), use_default_graph_as_union=True)


def to_table(solutions: ox.QuerySolutions) -> Table:
    columns = [v.value for v in solutions.variables]
    rows = [[solution[c] for c in columns] for solution in solutions]
    return Table(columns, rows)


def plain(term: Term | None) -> str:
    """A term as a person reads it: the IRI, or the literal's lexical form."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal | ox.NamedNode):
        return term.value
    return str(term)


def format_table(table: Table, fmt: str) -> str:
    """Render as an aligned ``table``, ``csv``, ``tsv`` or ``json`` (SPARQL JSON results)."""
    if fmt == "json":
        return to_json(table.columns, table.rows).decode("utf-8") + "\n"
    cells = [[plain(t) for t in row] for row in table.rows]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(cells)
        return buf.getvalue()
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(table.columns)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(table.columns, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines) + "\n"
