"""The one binding helper (:mod:`nqs.sparql_bind`) and the one reader of SPARQL-JSON terms
(:func:`nqs.sparql_results.term_from_json`, as the pages read it)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from nqs.server.pages.terms import Node, node_from_term
from nqs.sparql_bind import (
    bind,
    in_filter,
    integer,
    splice,
    term,
    values_block,
    values_rows,
    with_values,
)
from nqs.sparql_results import term_from_json

XSD = "http://www.w3.org/2001/XMLSchema#"
A, B = "https://w3id.org/kz-nqs/id/a", "https://w3id.org/kz-nqs/id/b"


def test_values_block_binds_one_row_per_value() -> None:
    assert values_block("s", [A, ox.Literal('x"y')]) == f'VALUES ?s {{ <{A}> "x\\"y" }}'


def test_values_rows_bind_several_variables() -> None:
    text = values_rows(["c", "?key"], [(A, ox.Literal("a")), (B, ox.Literal("b"))])
    assert text == f'VALUES (?c ?key) {{ (<{A}> "a") (<{B}> "b") }}'


def test_in_filter_and_its_negation() -> None:
    assert in_filter("p", [A, B]) == f"FILTER (?p IN (<{A}>, <{B}>))"
    assert in_filter("p", [A], negate=True) == f"FILTER (?p NOT IN (<{A}>))"


def test_integer_is_typed() -> None:
    assert term(integer(7)) == f'"7"^^<{XSD}integer>'


@pytest.mark.parametrize("bad", ["", "a b", "http://x/>", 'http://x/"', "http://x/{y}"])
def test_a_string_that_is_not_an_iri_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        values_block("s", [bad])


def test_with_values_takes_a_value_or_a_list() -> None:
    text = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    bound = with_values(
        text,
        {ox.Variable("s"): ox.NamedNode(A), ox.Variable("o"): [ox.Literal("1"), ox.Literal("2")]},
    )
    assert f"VALUES (?s) {{ (<{A}>) }}" in bound
    assert 'VALUES (?o) { ("1") ("2") }' in bound
    db = ox.Store()
    db.add(ox.Quad(ox.NamedNode(A), ox.NamedNode(B), ox.Literal("2")))
    db.add(ox.Quad(ox.NamedNode(A), ox.NamedNode(B), ox.Literal("3")))
    result = db.query(bound)
    assert isinstance(result, ox.QuerySolutions)
    assert [r["o"] for r in result] == [ox.Literal("2")]


@pytest.mark.parametrize(
    ("binding", "node"),
    [
        ({"type": "uri", "value": A}, Node("iri", A)),
        ({"type": "bnode", "value": "b0"}, Node("bnode", "b0")),
        ({"type": "literal", "value": "x"}, Node("literal", "x")),
        ({"type": "literal", "value": "x", "xml:lang": "kk"}, Node("literal", "x", "kk")),
        (
            {"type": "literal", "value": "7", "datatype": XSD + "integer"},
            Node("literal", "7", "", XSD + "integer"),
        ),
        ({"type": "literal", "value": "x", "datatype": XSD + "string"}, Node("literal", "x")),
    ],
)
def test_pages_read_json_terms_through_the_one_reader(binding: dict[str, str], node: Node) -> None:
    assert node_from_term(term_from_json(binding)) == node


def test_bind_writes_filters_and_the_limit() -> None:
    text = bind(
        "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10",
        {"o": A},
        filters={"p": [B]},
        exclude={"s": [A]},
        limit=3,
    )
    assert text == (
        f"SELECT ?s WHERE {{ VALUES (?o) {{ (<{A}>) }} FILTER (?p IN (<{B}>)) "
        f"FILTER (?s NOT IN (<{A}>))  ?s ?p ?o }} LIMIT 3"
    )
    with pytest.raises(ValueError):
        bind("SELECT ?s WHERE { ?s ?p ?o }", limit=3)


def test_splice_writes_an_iri_where_no_variable_may_stand_and_the_data() -> None:
    """A placeholder in a comment or a string is text, not an IRI: it stays."""
    update = '# drop <$g>\nDROP SILENT GRAPH <$g> ;\nINSERT DATA { GRAPH <$g> { <a> <b> "<$g>" } }'
    data = [ox.Triple(ox.NamedNode(A), ox.NamedNode(B), ox.Literal('x"y', language="kk"))]
    text = splice(update, {"g": B}, data)
    written = f'<{A}> <{B}> "x\\"y"@kk .'
    assert text == (
        f"# drop <$g>\nDROP SILENT GRAPH <{B}> ;\n"
        f'INSERT DATA {{ {written}  GRAPH <{B}> {{ {written}  <a> <b> "<$g>" }} }}'
    )
    db = ox.Store()
    db.update(text, base_iri=A)
    assert {(str(q.graph_name), q.object.value) for q in db} == {
        ("DEFAULT", 'x"y'),
        (f"<{B}>", 'x"y'),
        (f"<{B}>", "<$g>"),
    }
    with pytest.raises(ValueError):
        splice(update, {"h": B})
    with pytest.raises(ValueError):
        splice(update, {"g": "not an iri"})


def test_bind_takes_variables_bound_together_as_rows() -> None:
    text = bind(
        "SELECT ?s WHERE { ?s ?p ?c }", {"s": A}, rows={("p", "c"): [(A, B), (B, ox.Literal("1"))]}
    )
    assert text == (
        f"SELECT ?s WHERE {{ VALUES (?s) {{ (<{A}>) }} "
        f'VALUES (?p ?c) {{ (<{A}> <{B}>) (<{B}> "1") }}  ?s ?p ?c }}'
    )
