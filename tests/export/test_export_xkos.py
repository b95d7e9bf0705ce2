"""Profile ``xkos``: the correspondence tables, checked against the classifier codes of
seed 000 and the links graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from nqs.config import Settings
from nqs.export.run import Options, export
from nqs.namespaces import NQS
from tests.export.test_export_common import release_of

XKOS = "http://rdf-vocabulary.ddialliance.org/xkos#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ID = "https://w3id.org/kz-nqs/id/"
NACE = "http://data.europa.eu/ux2/nace2/"


@pytest.fixture(scope="module")
def tables(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    out = tmp_path_factory.mktemp("xkos")
    export(release_of(seed_settings), out, Options(("xkos",)))
    store = ox.Store()
    store.load(path=out / "xkos" / "kz-nqs-correspondences.ttl", format=ox.RdfFormat.TURTLE)
    return store


def text(term: object) -> str:
    assert isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal)
    return term.value


def associations(store: ox.Store, table: str) -> set[tuple[str, str, str]]:
    rows = store.query(
        f"""PREFIX xkos: <{XKOS}> PREFIX nqs: <{NQS}>
        SELECT ?s ?r ?t WHERE {{ <{ID}correspondence/{table}> xkos:madeOf ?a .
          ?a xkos:sourceConcept ?s ; xkos:targetConcept ?t ; nqs:mappingRelation ?r }}"""
    )
    assert isinstance(rows, ox.QuerySolutions)
    out = set()
    for row in rows:
        s, r, t = row["s"], row["r"], row["t"]
        assert isinstance(s, ox.NamedNode) and isinstance(r, ox.NamedNode)
        assert isinstance(t, ox.NamedNode)
        out.add((s.value, r.value.removeprefix(SKOS), t.value))
    return out


def test_oked_nace_from_the_ballet_standard(tables: ox.Store) -> None:
    """Seed 000 states OKED R, 90, 90.0, 90.01, 90.01.2 (lines 45-49); the first four are
    NACE Rev. 2 codes, the national subclass 90.01.2 falls under NACE class 90.01."""
    assert associations(tables, "oked-nace2") == {
        (ID + "oked/R", "exactMatch", NACE + "R"),
        (ID + "oked/90", "exactMatch", NACE + "90"),
        (ID + "oked/90.0", "exactMatch", NACE + "900"),
        (ID + "oked/90.01", "exactMatch", NACE + "9001"),
        (ID + "oked/90.01.2", "broadMatch", NACE + "9001"),
    }


def test_nkz_isco_is_every_link_of_the_links_graph(
    tables: ox.Store, seed_settings: Settings
) -> None:
    db = release_of(seed_settings).db
    links = {
        (text(q.subject), q.predicate.value.removeprefix(SKOS), text(q.object))
        for q in db.quads_for_pattern(None, None, None, ox.NamedNode(ID + "graph/links"))
        if text(q.object).startswith("http://data.europa.eu/esco/isco/C")
    }
    got = associations(tables, "nkz-isco08")
    assert got == links
    assert (
        ID + "occupation/2633-1-001",
        "broadMatch",
        "http://data.europa.eu/esco/isco/C2633",
    ) in got


def test_tables_compare_their_schemes(tables: ox.Store) -> None:
    compares = {
        (text(q.subject).rsplit("/", 1)[-1], text(q.object))
        for q in tables.quads_for_pattern(None, ox.NamedNode(XKOS + "compares"), None)
    }
    assert compares == {
        ("nkz-isco08", ID + "scheme/nkz"),
        ("nkz-isco08", "http://data.europa.eu/esco/concept-scheme/isco"),
        ("oked-nace2", ID + "scheme/oked"),
        ("oked-nace2", "http://data.europa.eu/ux2/nace2/nace2"),
    }


def test_command_line(seed_settings: Settings, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from nqs.cli import main

    runner = CliRunner()
    store = ["--store", str(seed_settings.store)]
    assert runner.invoke(main, ["export", *store]).exit_code == 2
    # without --out: into the release folder the server serves (the dumps setting)
    dumps = tmp_path / "dumps"
    result = runner.invoke(
        main, ["export", *store, "--profile", "xkos"], env={"NQS_DUMPS": str(dumps)}
    )
    assert result.exit_code == 0, result.output
    assert (dumps / "xkos" / "kz-nqs-correspondences.ttl").is_file()
    assert "/dumps/xkos/kz-nqs-correspondences.ttl" in (dumps / "catalog.ttl").read_text("utf-8")
    result = runner.invoke(
        main,
        [
            "export",
            *store,
            "--profile",
            "xkos",
            "--out",
            str(tmp_path / "out"),
            "--public-url",
            "https://nqs.example.kz/",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "xkos" / "kz-nqs-correspondences.ttl").is_file()
    catalog = (tmp_path / "out" / "catalog.ttl").read_text("utf-8")
    assert "https://nqs.example.kz/sparql" in catalog
    assert "https://nqs.example.kz/dumps/xkos/kz-nqs-correspondences.ttl" in catalog
