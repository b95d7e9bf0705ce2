"""The query library itself: headers, parameter binding, the text measure of the
near-duplicate step, and every query running on the whole corpus with the columns it declares."""

from __future__ import annotations

import itertools
import re
import shlex
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from nqs.cli import main
from nqs.config import Settings
from nqs.derive.links import load_rules
from nqs.queries import (
    PARAMETER_TYPES,
    LibraryQuery,
    Parameter,
    QueryFileError,
    load_library,
    parse_query_file,
)
from nqs.query import (
    FORMATS,
    ParameterError,
    Table,
    bindings,
    format_table,
    run_library,
    table_from_json,
    with_values,
)
from nqs.sparql_results import to_json
from nqs.textsim import jaccard, near_duplicates, normalise, words
from tests.conftest import ROOT

LIBRARY = load_library()
# Values for parameters that have no default, so that every query can be run with them set.
SAMPLE_VALUES = {
    "standard": "https://w3id.org/kz-nqs/id/standard/R90012023",
    "position": "https://w3id.org/kz-nqs/id/position/order-61-2008/1/5",
    "sector": "J",
    "major": "2",
}


@pytest.fixture(scope="module")
def db(full_settings: Settings) -> Iterator[ox.Store]:
    yield ox.Store.read_only(str(full_settings.store))


# -- the library and its headers ---------------------------------------------------------------


def test_library_size_and_headers() -> None:
    assert len(LIBRARY) >= 20
    for spec in LIBRARY.values():
        assert set(spec.titles) >= {"en", "kk", "ru"}, spec.name
        assert spec.description, spec.name
        assert spec.columns, spec.name
        assert len(set(spec.columns)) == len(spec.columns), spec.name
        for p in spec.parameters:
            assert p.type in PARAMETER_TYPES, (spec.name, p.name)
            assert p.description, (spec.name, p.name)
            if p.default is not None:
                bindings({p.name: p.default}, spec)  # every default fits its own type


def test_titles_are_unique_and_not_inside_one_another() -> None:
    """Pages and browser tests find an example by its English title."""
    titles = [spec.titles["en"] for spec in LIBRARY.values()]
    for a, b in itertools.permutations(titles, 2):
        assert a.lower() not in b.lower(), (a, b)


def test_link_rules_are_not_research_queries() -> None:
    rules = {rule.name for rule in load_rules()}
    assert rules and not rules & set(LIBRARY)


def test_header_parsing(tmp_path: Path) -> None:
    rq = tmp_path / "x.rq"
    rq.write_text(
        "# title: T\n# title@kk: Т\n# description: D\n# description@ru: Д\n"
        "# param: kind xsd:string {a|b} = a -- which\n"
        "# param: n xsd:integer = 3\n"
        "# param: who IRI -- someone\n"
        "# column: n xsd:integer -- a count\n# column: label\n# post: near-duplicates\n"
        "SELECT ?n ?label WHERE { BIND (1 AS ?n) }\n# column: ignored -- after the header\n",
        encoding="utf-8",
    )
    spec = parse_query_file(rq)
    assert spec.titles == {"en": "T", "kk": "Т"}
    assert spec.description == "D" and spec.descriptions["ru"] == "Д"
    kind, n, who = spec.parameters
    assert (kind.choices, kind.default, kind.description) == (("a", "b"), "a", "which")
    assert (n.type, n.default, n.description) == ("xsd:integer", "3", "")
    assert (who.type, who.default) == ("iri", None)
    assert spec.columns == ["n", "label"]
    assert spec.column_specs[0].type == "xsd:integer" and spec.column_specs[1].type == ""
    assert spec.post == "near-duplicates"


@pytest.mark.parametrize(
    "line",
    [
        "# param: x xsd:float = 1",  # unknown type
        "# param: x xsd:string {a|b} = c",  # default not a choice
        "# param: = 1",
    ],
)
def test_bad_header_lines(tmp_path: Path, line: str) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_text(f"# title: T\n{line}\nSELECT * WHERE {{}}\n", encoding="utf-8")
    with pytest.raises(QueryFileError):
        parse_query_file(rq)


# -- binding -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("xsd:integer", ["3", "-12", "+0"], ["3.5", "x", "", "1e3"]),
        ("xsd:decimal", ["0.75", "1", "-.5"], ["x", "1,5", "nan", "inf"]),
        ("xsd:boolean", ["true", "false"], ["yes", "1", "True"]),
        ("xsd:date", ["2023-12-06"], ["2023-13-01", "06.12.2023", "2023-12-6", "2023"]),
        ("xsd:gYear", ["2025"], ["25", "2025-01"]),
        ("iri", ["https://w3id.org/kz-nqs/id/x"], ["not an iri", "x", "http://a b", "<a>"]),
        ("choice", ["a", "b"], ["c", ""]),
    ],
)
def test_values_are_checked_against_their_types(kind: str, good: list[str], bad: list[str]) -> None:
    param = (
        Parameter("v", kind)
        if kind != "choice"
        else Parameter("v", "xsd:string", choices=("a", "b"))
    )
    spec = LibraryQuery("t", "SELECT * WHERE { }", parameters=[param])
    name = param.name
    for value in good:
        assert bindings({name: value}, spec)[ox.Variable(name)].value == value
    for value in bad:
        with pytest.raises(ParameterError, match=name):
            bindings({name: value}, spec)


def test_unknown_parameter_names_the_known_ones() -> None:
    with pytest.raises(ParameterError, match=r"unknown parameter\(s\): levle .*takes: level"):
        bindings({"levle": "5"}, LIBRARY["level-demands-by-sector"])


def test_values_are_bound_never_pasted() -> None:
    spec = LIBRARY["cards-without-additional-functions"]
    hostile = '") } } ; DROP ALL ; SELECT * { ?s ?p ?o '
    text = with_values(spec.text, bindings({"sector": hostile}, spec))
    # the value is one escaped literal in a VALUES block at the start of the WHERE group
    assert 'VALUES (?sector) { ("\\") } } ; DROP ALL ; SELECT * { ?s ?p ?o ") }' in text
    ox.Store().query(text)  # still one valid query


def test_a_normalised_parameter_is_bound_as_its_text_key() -> None:
    """cards-by-title compares titles by the build's text keys (nqs/derive/textkeys.py), so its
    text is bound in the same normalised form: lower case, ё → е, punctuation as a space."""
    spec = LIBRARY["cards-by-title"]
    assert spec.normalised == ("text",)
    text = with_values(spec.text, bindings({"text": "Программист-Ёлка (WEB)"}, spec))
    assert 'VALUES (?text) { ("программист елка web") }' in text
    hostile = '") } } ; DROP ALL ; SELECT * { ?s ?p ?o '
    ox.Store().query(with_values(spec.text, bindings({"text": hostile}, spec)))


def test_only_a_string_parameter_is_normalised(tmp_path: Path) -> None:
    rq = tmp_path / "x.rq"
    rq.write_text("# title: T\n# param: n xsd:integer = 1\n# normalise: n\nSELECT * {}\n")
    with pytest.raises(QueryFileError, match="normalise names n"):
        parse_query_file(rq)


def test_each_parameter_gets_its_own_values_block() -> None:
    spec = LIBRARY["near-duplicate-items"]
    text = with_values(spec.text, bindings({}, spec))
    for block in (
        'VALUES (?kind) { ("knowledge") }',
        'VALUES (?threshold) { ("0.75"^^<http://www.w3.org/2001/XMLSchema#decimal>) }',
        'VALUES (?across) { ("sector") }',
    ):
        assert block in text


# -- the near-duplicate measure ------------------------------------------------------------------


def test_normalise_and_words() -> None:
    assert normalise("  Языки программирования, ООП;  Ёлка ") == "языки программирования ооп елка"
    assert normalise("Chief\u00a0of «IT»-отдел") == "chief of it отдел"
    # words are cut to six letters: inflected forms meet
    assert words("Современные программы") == words("современных программ") == {"соврем", "програ"}
    assert jaccard(words("а б в"), words("а б г")) == 0.5


def _brute(
    rows: list[tuple[str, str, list[str], list[str]]], t: float, across: str
) -> set[tuple[str, str]]:
    found = set()
    for a, b in itertools.combinations(rows, 2):
        if a[0] == b[0] or jaccard(words(a[0]), words(b[0])) < t:
            continue
        spans = {
            "sector": len(set(a[2]) | set(b[2])) > 1,
            "standard": len(set(a[3]) | set(b[3])) > 1,
            "any": True,
        }[across]
        if spans:
            found.add(tuple(sorted((a[0], b[0]))))
    return found  # type: ignore[return-value]


def test_prefix_filtering_finds_what_a_full_comparison_finds() -> None:
    vocabulary = [
        "основы",
        "методы",
        "языки",
        "программирования",
        "сетевых",
        "технологий",
        "и",
        "сервисов",
        "баз",
        "данных",
    ]
    rows = []
    for i, combo in enumerate(itertools.combinations(vocabulary, 3)):
        rows.append((" ".join(combo), " ".join(combo), ["J" if i % 3 else "C"], [f"s{i % 5}"]))
    for t in (0.3, 0.5, 0.75, 1.0):
        for across in ("sector", "standard", "any"):
            pairs = near_duplicates(rows, t, across)
            assert {(p.a.key, p.b.key) for p in pairs} == _brute(rows, t, across), (t, across)
            assert all(p.similarity >= t for p in pairs)
    with pytest.raises(ValueError):
        near_duplicates(rows, 0, "sector")
    with pytest.raises(ValueError):
        near_duplicates(rows, 0.5, "nowhere")


# -- every query on the whole corpus ---------------------------------------------------------------


def _sample(spec: LibraryQuery) -> dict[str, str]:
    return {p.name: SAMPLE_VALUES[p.name] for p in spec.parameters if p.default is None}


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_query_runs_with_its_declared_columns(db: ox.Store, name: str) -> None:
    spec = LIBRARY[name]
    started = time.perf_counter()
    table = run_library(db, spec)
    assert table.columns == spec.columns
    assert table.rows, f"{name} gives no rows with its defaults"
    if spec.parameters:
        given = _sample(spec) | {p.name: p.default for p in spec.parameters if p.default}
        assert run_library(db, spec, given).columns == spec.columns
    assert time.perf_counter() - started < 20, f"{name} is slow"
    for c, column in zip(spec.column_specs, range(len(spec.columns)), strict=True):
        for row in table.rows:
            term = row[column]
            if term is None:
                continue
            if c.type == "iri":
                assert isinstance(term, ox.NamedNode), (name, c.name)
            elif c.type in ("xsd:integer", "xsd:decimal"):
                assert isinstance(term, ox.Literal), (name, c.name)
                float(term.value)


def test_formats_round_trip(db: ox.Store) -> None:
    table = run_library(db, LIBRARY["career-ladder"])
    again = table_from_json(to_json(table.columns, table.rows))
    assert again.columns == table.columns and again.rows == table.rows
    for fmt in FORMATS:
        assert "Профессор" in format_table(table, fmt), fmt
    assert format_table(table, "table").splitlines()[-1] == "(6 rows)"
    assert format_table(table, "sparql-csv").startswith("position,positionName,step")
    assert format_table(table, "xml").startswith('<?xml version="1.0"?>')
    assert format_table(table, "sparql-tsv").startswith("?position\t")
    assert format_table(Table(["a"], []), "table").endswith("(0 rows)\n")
    with pytest.raises(ValueError):
        format_table(table, "yaml")


# -- the guide shows today's answers -------------------------------------------------------------

GUIDE = ROOT / "docs" / "queries-guide.md"
_CONSOLE = re.compile(r"```console\n\$ nqs query ([^\n]*)\n(.*?)```", re.S)


def test_the_guide_shows_what_the_commands_print(full_settings: Settings) -> None:
    blocks = _CONSOLE.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    runner = CliRunner()
    for command, shown in blocks:
        args = ["query", *shlex.split(command)]
        if "--list" not in args:
            args[1:1] = ["--store", str(full_settings.store)]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert result.output == shown, command
