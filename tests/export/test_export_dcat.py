"""The DCAT-AP / VoID description written by every export run, and the delta against a
previous release."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from nqs.build import build
from nqs.config import Settings
from nqs.export.release import Release
from nqs.export.run import Options, export
from nqs.namespaces import NQS, ONTOLOGY_IRI
from tests.conftest import SEEDS
from tests.export.test_export_common import PUBLIC, release_of, store_dataset

DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
SPDX = "http://spdx.org/rdf/terms#"
DCT = "http://purl.org/dc/terms/"
IANA = "http://www.iana.org/assignments/media-types/"
COURSE_RULES = "001_04ad280e7aaf98fd.txt"


@pytest.fixture(scope="module")
def release(seed_settings: Settings) -> Release:
    return release_of(seed_settings)


@pytest.fixture(scope="module")
def out(release: Release, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dcat")
    export(release, folder, Options(("dump", "xkos", "dcat"), compress=True))
    return folder


def catalog(folder: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=folder / "catalog.ttl", format=ox.RdfFormat.TURTLE)
    return store


def one(store: ox.Store, query: str) -> list[dict[str, str]]:
    rows = store.query(
        f"PREFIX dcat: <{DCAT}> PREFIX void: <{VOID}> PREFIX sd: <{SD}> PREFIX spdx: <{SPDX}> "
        f"PREFIX dct: <{DCT}> PREFIX nqs: <{NQS}> " + query
    )
    assert isinstance(rows, ox.QuerySolutions)
    names = [v.value for v in rows.variables]
    return [{n: t.value for n in names if (t := r[n]) is not None} for r in rows]


def test_release_is_described(out: Path, release: Release) -> None:
    store = catalog(out)
    rows = one(
        store,
        f"""SELECT ?version ?issued ?license ?endpoint WHERE {{
        <{release.iri}> a dcat:Dataset ; dcat:inSeries <{release.series}> ;
          dcat:version ?version ; dct:issued ?issued ; dct:license ?license ;
          void:sparqlEndpoint ?endpoint }}""",
    )
    assert rows == [
        {
            "version": release.info.version,
            "issued": release.info.finished[:10],
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "endpoint": PUBLIC + "sparql",
        }
    ]


def test_triples_per_graph(out: Path, release: Release) -> None:
    rows = one(
        catalog(out),
        f"""SELECT ?g ?n WHERE {{ <{release.iri}> void:subset ?s .
        ?s sd:name ?g ; void:triples ?n }}""",
    )
    counted = {
        g.value: sum(1 for _ in release.db.quads_for_pattern(None, None, None, g))
        for g in release.db.named_graphs()
    }
    assert {r["g"]: int(r["n"]) for r in rows} == counted


def test_classes_and_properties(out: Path, release: Release) -> None:
    store = catalog(out)
    classes = {
        r["c"]: int(r["n"])
        for r in one(
            store,
            f"""SELECT ?c ?n WHERE {{
        <{release.iri}> void:classPartition [ void:class ?c ; void:entities ?n ] }}""",
        )
    }
    cards = {
        q.subject
        for q in release.db.quads_for_pattern(
            None,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(NQS + "ProfessionCard"),
            None,
        )
    }
    assert classes[NQS + "ProfessionCard"] == len(cards)
    props = {
        r["p"]: int(r["n"])
        for r in one(
            store,
            f"""SELECT ?p ?n WHERE {{
        <{release.iri}> void:propertyPartition [ void:property ?p ; void:triples ?n ] }}""",
        )
    }
    union = {
        (q.subject, q.predicate, q.object)
        for q in release.db.quads_for_pattern(None, None, None, None)
    }
    assert sum(props.values()) == len(union)
    total = one(store, f"SELECT ?n WHERE {{ <{release.iri}> void:triples ?n }}")
    assert int(total[0]["n"]) == len(union)


def test_distributions_with_checksums(out: Path, release: Release) -> None:
    rows = one(
        catalog(out),
        f"""SELECT ?url ?media ?size ?sum ?zip WHERE {{
        <{release.iri}> dcat:distribution ?d . ?d dcat:downloadURL ?url ;
          dcat:mediaType ?media ; dcat:byteSize ?size ;
          spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ;
                          spdx:checksumValue ?sum ] .
        OPTIONAL {{ ?d dcat:compressFormat ?zip }} }}""",
    )
    files = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    described = {r["url"].removeprefix(release.download_url) for r in rows}
    assert described == files - {"catalog.ttl", "manifest.json", "SHA256SUMS"}
    media = {
        ".nq": "application/n-quads",
        ".trig": "application/trig",
        ".jsonld": "application/ld+json",
        ".nt": "application/n-triples",
        ".ttl": "text/turtle",
        ".rdf": "application/rdf+xml",
    }
    for row in rows:
        path = out / row["url"].removeprefix(release.download_url)
        assert int(row["size"]) == path.stat().st_size
        assert row["sum"] == hashlib.sha256(path.read_bytes()).hexdigest()
        plain = path.name.removesuffix(".gz")
        assert row["media"] == IANA + media["." + plain.rsplit(".", 1)[1]]
        assert ("zip" in row) == path.name.endswith(".gz")


def test_delta_against_previous_release(release: Release, out: Path, tmp_path: Path) -> None:
    """The next release drops seed 001: its graph's triples are all removed, and the
    ontology graph (with blank nodes) has not changed."""
    (tmp_path / "src").mkdir()
    for seed in SEEDS.iterdir():
        if seed.name != COURSE_RULES:
            shutil.copy(seed, tmp_path / "src" / seed.name)
    settings = Settings(store=tmp_path / "store", sources=(tmp_path / "src",))
    build(settings)
    nxt = release_of(settings)
    export(nxt, tmp_path / "next", Options(("dcat",), previous=out))
    notes = json.loads((tmp_path / "next" / "manifest.json").read_text("utf-8"))["notes"]
    before, after = store_dataset(release.db), store_dataset(nxt.db)
    assert notes["delta"]["removed"] == len(before - after)
    assert notes["delta"]["added"] == len(after - before)
    course = next(d["graph"] for d in release.info.documents if d["file"] == COURSE_RULES)
    in_graph = sum(1 for _ in release.db.quads_for_pattern(None, None, None, ox.NamedNode(course)))
    assert notes["delta"]["graphs"][course] == {"added": 0, "removed": in_graph}
    assert ONTOLOGY_IRI not in notes["delta"]["graphs"]
    removed = ox.parse(path=tmp_path / "next" / "delta" / "removed.nq", format=ox.RdfFormat.N_QUADS)
    assert set(removed) == before - after
    changes = one(
        catalog(tmp_path / "next"),
        f"""SELECT ?g ?a ?r WHERE {{
        <{nxt.iri}> dcat:previousVersion <{release.iri}> ; nqs:graphChange ?c .
        ?c nqs:changedGraph ?g ; nqs:addedTriples ?a ; nqs:removedTriples ?r }}""",
    )
    assert {r["g"]: (int(r["a"]), int(r["r"])) for r in changes}[course] == (0, in_graph)


def test_export_queries_parse_and_have_headers() -> None:
    from importlib import resources

    from nqs.queries import parse_query_file

    folder = Path(str(resources.files("nqs.export").joinpath("queries")))
    files = sorted(folder.glob("*.rq"))
    assert files
    for path in files:
        query = parse_query_file(path)
        assert query.titles and query.description, path.name
        ox.Store().query(query.text)  # parses (raises SyntaxError otherwise)
