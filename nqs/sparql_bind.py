"""The one home for writing values into a SPARQL text: every value is an RDF term serialized
by pyoxigraph (so escaped), never pasted as it came.

- :func:`bind` binds the values of a query of the registry (:mod:`nqs.queries`): for each
  variable a ``VALUES`` block at the start of its WHERE group (a single value or a list, one
  row per value), or one block for several variables bound together (rows of values),
  ``FILTER (?v IN (…))`` or ``NOT IN`` lists, and the LIMIT;
  :func:`with_values` is its form for the typed parameters of the library;
- :func:`values_block` (one variable, one row per value) and :func:`values_rows` (several
  variables, rows of values) write a ``VALUES`` block for a text built in code (the
  reasoner's rules);
- :func:`in_filter` writes ``FILTER (?v IN (…))`` for a variable bound elsewhere in the
  pattern (a second ``VALUES`` block over another variable would make the store enumerate
  every combination of the two lists before joining).
- :func:`splice` writes into an update what SPARQL lets no variable stand for: the IRI of
  ``DROP GRAPH`` and of the ``GRAPH`` blocks of ``INSERT DATA``, and the triples of its data
  (an ``INSERT DATA`` takes neither variables nor ``VALUES``; the graph store's updates,
  ``server/gsp_queries/``).

A plain ``str`` given as a value is an IRI, checked (:func:`iri`); other values are pyoxigraph
terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox

from nqs.sparql_syntax import parse

Value = ox.NamedNode | ox.Literal | ox.BlankNode
Bindable = Value | str
"""A value to bind: a term, or a ``str`` that is an IRI."""

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
Values = Mapping[str, Bindable | Sequence[Bindable]]
"""Values by the name of their variable: each a value or a list of values."""
Bound = Values | Mapping[ox.Variable, Value | Sequence[Value]]
"""Values by variable (its name or itself)."""

# Characters that an IRI written between angle brackets may not hold (SPARQL IRIREF).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri(value: str) -> ox.NamedNode:
    """The IRI ``value`` as a term; ValueError for anything that is not a plain IRI."""
    if not value or _NOT_IN_IRI.search(value):
        raise ValueError(f"not an IRI: {value!r}")
    return ox.NamedNode(value)


def term(value: Bindable) -> str:
    """``value`` written in SPARQL (a ``str`` is an IRI)."""
    return str(iri(value) if isinstance(value, str) else value)


def integer(number: int) -> ox.Literal:
    """``number`` as an ``xsd:integer`` literal."""
    return ox.Literal(str(int(number)), datatype=ox.NamedNode(XSD_INTEGER))


def _variable(name: str | ox.Variable) -> str:
    """``?name`` (a name given with its ``?`` or ``$`` is taken as is)."""
    return str(name) if isinstance(name, ox.Variable) else str(ox.Variable(name.lstrip("?$")))


def values_block(variables: str | ox.Variable, values: Iterable[Bindable]) -> str:
    """``VALUES ?v { a b … }``: one row for each value (each checked and escaped)."""
    return f"VALUES {_variable(variables)} {{ {' '.join(term(v) for v in values)} }}"


def values_rows(variables: Sequence[str | ox.Variable], rows: Iterable[Sequence[Bindable]]) -> str:
    """``VALUES (?a ?b) { (x y) … }``: one row for each sequence of values, in order."""
    head = " ".join(_variable(v) for v in variables)
    body = " ".join("(" + " ".join(term(v) for v in row) + ")" for row in rows)
    return f"VALUES ({head}) {{ {body} }}"


def in_filter(
    variable: str | ox.Variable, values: Iterable[Bindable], *, negate: bool = False
) -> str:
    """``FILTER (?v IN (a, b, …))`` (see the module's note on two ``VALUES`` blocks), or
    ``FILTER (?v NOT IN (…))`` when ``negate``."""
    test = "NOT IN" if negate else "IN"
    return f"FILTER ({_variable(variable)} {test} ({', '.join(term(v) for v in values)}))"


def bind(
    text: str,
    values: Bound | None = None,
    *,
    rows: Mapping[tuple[str, ...], Iterable[Sequence[Bindable]]] | None = None,
    filters: Mapping[str, Sequence[Bindable]] | None = None,
    exclude: Mapping[str, Sequence[Bindable]] | None = None,
    limit: int | None = None,
) -> str:
    """``text`` with, at the start of its WHERE group, a ``VALUES`` block for each variable of
    ``values`` (one row for a single value, one row per value for a list: joined, the blocks
    bind every combination), one for each tuple of variables of ``rows`` (bound together,
    one row per sequence of values: the store plans one table, where separate blocks can
    make it scan a pattern whose predicate is a bound variable), a ``FILTER (?v IN (…))``
    for each of ``filters`` (where a second list of ``VALUES`` would make the store
    enumerate combinations), a ``FILTER (?v NOT IN (…))`` for each of ``exclude``; with
    ``limit``, the number of its top-level LIMIT replaced (ValueError if it has none)."""
    request = parse(text)
    if limit is not None:
        span = request.limit_span
        if span is None:
            raise ValueError("the query states no LIMIT to set")
        text = f"{text[: span[0]]}{int(limit)}{text[span[1] :]}"
    blocks = [
        values_rows([v], [[t]] if isinstance(t, Value | str) else [[x] for x in t])
        for v, t in (values or {}).items()
    ]
    blocks += [values_rows(v, list(r)) for v, r in (rows or {}).items()]
    blocks += [in_filter(v, list(t)) for v, t in (filters or {}).items()]
    blocks += [in_filter(v, list(t), negate=True) for v, t in (exclude or {}).items()]
    if not blocks:
        return text
    at = request.where_group_start
    return f"{text[:at]} {' '.join(blocks)} {text[at:]}"


def with_values(text: str, values: Mapping[ox.Variable, Value | Sequence[Value]]) -> str:
    """The query with each given variable bound by a ``VALUES`` block of its own, at the
    start of its WHERE group: one row for a single value, one row per value for a list
    (joined, the blocks bind every combination of the variables' values)."""
    return bind(text, values) if values else text


def splice(
    text: str,
    iris: Mapping[str, str | ox.NamedNode] | None = None,
    data: Iterable[ox.Triple] = (),
) -> str:
    """The update ``text`` with each IRI written ``<$name>`` replaced by the IRI
    ``iris[name]`` (a ``str`` is checked by :func:`iri`; ValueError for a name not given),
    and the triples of ``data`` written, each ``s p o .``, at the start of every block of
    data of its ``INSERT DATA`` or ``DELETE DATA`` (the default graph's and each ``GRAPH``
    block's). Every term is serialised by pyoxigraph, so escaped. For what :func:`bind`
    cannot bind: a query's values go through :func:`bind`."""
    request = parse(text)
    given = iris or {}
    edits: list[tuple[int, int, str]] = []
    for name, start, end in request.placeholders:
        if name not in given:
            raise ValueError(f"no IRI given for <${name}>")
        edits.append((start, end, term(given[name])))
    if request.data_block_starts:
        written = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in data)
        edits += [(at, at, f" {written} ") for at in request.data_block_starts]
    pieces: list[str] = []
    done = 0
    for start, end, value in sorted(edits):
        pieces += [text[done:start], value]
        done = end
    return "".join([*pieces, text[done:]])
