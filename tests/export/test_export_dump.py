"""Profile ``dump``: every format parses back to the store's content (graph isomorphism,
checked on canonical forms), gzip on request, checksums, the published context."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from nqs.config import Settings
from nqs.export.files import read_input
from nqs.export.jsonld import context, context_text
from nqs.export.release import Release
from nqs.export.run import Options, export
from nqs.namespaces import PREFIXES
from tests.export.test_export_common import (
    canonical,
    parsed,
    rdflib_quads,
    release_of,
    store_dataset,
    store_merge,
    store_union,
)

DATASETS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
GRAPHS = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "rdf": ox.RdfFormat.RDF_XML}


@pytest.fixture(scope="module")
def release(seed_settings: Settings) -> Release:
    return release_of(seed_settings)


@pytest.fixture(scope="module")
def dumped(release: Release, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dump")
    export(release, out, Options(("dump",)))
    return out


@pytest.mark.parametrize("ext", DATASETS)
def test_dataset_formats_round_trip(release: Release, dumped: Path, ext: str) -> None:
    got = parsed(dumped / "dump" / f"kz-nqs.{ext}", DATASETS[ext])
    assert got == store_dataset(release.db)
    graphs = {q.graph_name for q in got}
    assert graphs == {*release.db.named_graphs(), ox.DefaultGraph()}  # and the merge


@pytest.mark.parametrize("ext", GRAPHS)
def test_graph_formats_hold_the_merge(release: Release, dumped: Path, ext: str) -> None:
    got = parsed(dumped / "dump" / f"kz-nqs.{ext}", GRAPHS[ext])
    assert got == store_merge(release.db) == store_union(release.db)


def distinct_triples(db: ox.Store) -> int:
    count = db.query(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert isinstance(count, ox.QuerySolutions)
    distinct = next(iter(count))["n"]
    assert isinstance(distinct, ox.Literal)
    return int(distinct.value)


def test_merge_has_each_distinct_triple_once(release: Release, dumped: Path) -> None:
    lines = (dumped / "dump" / "kz-nqs.nt").read_text("utf-8").splitlines()
    assert len(lines) == len(set(lines)) == distinct_triples(release.db)
    assert len(lines) < len(release.db)  # the seeds repeat some triples (acts) across graphs


def test_counts_agree(release: Release, dumped: Path) -> None:
    """The manifest, the VoID description and the dumps count the same: triples as the
    merge (N-Triples lines), quads as stored (N-Quads lines)."""
    triples = len((dumped / "dump" / "kz-nqs.nt").read_text("utf-8").splitlines())
    quads = len((dumped / "dump" / "kz-nqs.nq").read_text("utf-8").splitlines())
    assert triples == distinct_triples(release.db)
    assert quads == len(release.db)
    manifest = json.loads((dumped / "manifest.json").read_text("utf-8"))
    assert manifest["release"]["triples"] == triples
    assert manifest["release"]["quads"] == quads
    stats = manifest["notes"]["statistics"]
    assert stats["triples"] == triples and stats["quads"] == quads
    assert sum(stats["graphs"].values()) + triples == quads  # the named graphs and the merge
    catalog = ox.Store()
    catalog.load(path=dumped / "catalog.ttl", format=ox.RdfFormat.TURTLE)
    void = "http://rdfs.org/ns/void#"
    result = catalog.query(f"SELECT ?n WHERE {{ <{release.iri}> <{void}triples> ?n }}")
    assert isinstance(result, ox.QuerySolutions)
    assert [int(r["n"].value) for r in result] == [triples]


def test_jsonld_reads_back_with_rdflib(release: Release, dumped: Path) -> None:
    assert rdflib_quads(dumped / "dump" / "kz-nqs.jsonld", "json-ld") == store_dataset(release.db)


def test_jsonld_uses_the_published_context(dumped: Path) -> None:
    written = (dumped / "dump" / "kz-nqs-context.jsonld").read_text("utf-8")
    assert written == context_text()
    assert PREFIXES.items() <= context().items()
    head = json.loads((dumped / "dump" / "kz-nqs.jsonld").read_text("utf-8"))
    assert head["@context"] == context()
    named = [item["@graph"] for item in head["@graph"] if "@graph" in item]
    merge = [item for item in head["@graph"] if "@graph" not in item]  # the default graph
    for nodes in (named[0], merge):
        assert any(key.startswith("nqs:") for node in nodes for key in node)


def test_checksums(dumped: Path) -> None:
    sums = (dumped / "SHA256SUMS").read_text("utf-8").splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in sums}
    files = {str(p.relative_to(dumped)) for p in dumped.rglob("*") if p.is_file()}
    assert set(listed) == files - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((dumped / name).read_bytes()).hexdigest() == digest
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=dumped, check=True)


def test_gzip(release: Release, tmp_path: Path) -> None:
    export(release, tmp_path, Options(("dump",), compress=True))
    names = sorted(p.name for p in (tmp_path / "dump").iterdir())
    assert names == [
        "kz-nqs-context.jsonld",
        "kz-nqs.jsonld.gz",
        "kz-nqs.nq.gz",
        "kz-nqs.nt.gz",
        "kz-nqs.rdf.gz",
        "kz-nqs.trig.gz",
        "kz-nqs.ttl.gz",
    ]
    data = gzip.decompress((tmp_path / "dump" / "kz-nqs.trig.gz").read_bytes())
    assert canonical(ox.parse(data, format=ox.RdfFormat.TRIG)) == store_dataset(release.db)


def test_another_builds_directory_is_refused(
    release: Release, dumped: Path, tmp_path: Path
) -> None:
    shutil.copytree(dumped, tmp_path / "old")
    manifest = json.loads((tmp_path / "old" / "manifest.json").read_text("utf-8"))
    manifest["release"]["build_id"] = "some-other-build"
    (tmp_path / "old" / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    from nqs.export.files import ExportError

    with pytest.raises(ExportError, match="some-other-build"):
        export(release, tmp_path / "old", Options(("xkos",)))


@pytest.mark.slow
def test_full_corpus_round_trip(full_settings: Settings, tmp_path: Path) -> None:
    release = release_of(full_settings)
    export(release, tmp_path, Options(("dump",), compress=True))
    expected = store_dataset(release.db)
    for name, fmt in (("nq", ox.RdfFormat.N_QUADS), ("jsonld", ox.RdfFormat.JSON_LD)):
        with read_input(tmp_path / "dump" / f"kz-nqs.{name}.gz") as fh:
            assert canonical(ox.parse(fh, format=fmt)) == expected, name
    with read_input(tmp_path / "dump" / "kz-nqs.ttl.gz") as fh:
        assert canonical(ox.parse(fh, format=ox.RdfFormat.TURTLE)) == store_merge(release.db)
