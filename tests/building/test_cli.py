"""The ``nqs`` command line, in process and as a real server process."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from nqs.cli import main
from nqs.config import Settings
from nqs.namespaces import NQS
from nqs.search_index import SEARCH_INDEX
from nqs.store import current_build
from tests.conftest import BALLET
from tests.servers import BIN, free_port, running


def test_build_and_query(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / BALLET.name).write_bytes(BALLET.read_bytes())
    store = tmp_path / "store"
    runner = CliRunner()
    r = runner.invoke(main, ["build", "--sources", str(folder), "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert "loaded  000_ed35bb0e5147c5b7.txt" in r.output
    assert "store: made whole (no record of the current build to patch)" in r.output
    r = runner.invoke(main, ["build", "--sources", str(folder), "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert "read 0 document(s), 1 unchanged kept from the last build" in r.output
    assert re.search(r"^store: a copy of build \S+, patched for the change$", r.output, re.M)
    assert (current_build(store) / SEARCH_INDEX).is_file()  # made by the patched build too
    r = runner.invoke(main, ["query", "--store", str(store), "cards-per-level"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split() == ["level", "cards", "occupations"]
    assert [line.split() for line in lines[2:5]] == [
        ["6", "1", "1"],
        ["7", "1", "1"],
        ["8", "1", "1"],
    ]
    r = runner.invoke(
        main,
        [
            "query",
            "--store",
            str(store),
            "--format",
            "csv",
            "standard-skills",
            "--param",
            "code=R90012023",
        ],
    )
    assert r.exit_code == 0, r.output
    assert len(r.output.strip().splitlines()) == 1 + 16


def test_query_file_text_and_formats(seed_settings: Settings, tmp_path: Path) -> None:
    rq = tmp_path / "n.rq"
    rq.write_text(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{NQS.Knowledge}> "
        'FILTER(STRSTARTS(STR(?s), "https://w3id.org/kz-nqs/id/standard/R90012023/")) }'
    )
    runner = CliRunner()
    store = str(seed_settings.store)
    r = runner.invoke(main, ["query", "--store", store, "--format", "json", str(rq)])
    assert json.loads(r.output)["results"]["bindings"][0]["n"]["value"] == "23"
    r = runner.invoke(main, ["query", "--store", store, "--format", "tsv", rq.read_text()])
    assert r.output.split() == ["n", "23"]
    r = runner.invoke(main, ["query", "--store", store, "SELECT nonsense"])
    assert r.exit_code == 1 and "syntax error" in r.output
    r = runner.invoke(main, ["query", "--list"])
    assert "cards-per-level" in r.output


def test_store_from_environment(seed_settings: Settings) -> None:
    runner = CliRunner()
    env = {"NQS_STORE": str(seed_settings.store)}
    r = runner.invoke(main, ["query", "ASK { ?s ?p ?o }"], env=env)
    assert r.output.strip() == "true"


def test_build_error_names_file(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "notes.txt").write_text("just some notes\n", encoding="utf-8")
    r = CliRunner().invoke(
        main, ["build", "--sources", str(folder), "--store", str(tmp_path / "s")]
    )
    assert r.exit_code == 1
    assert "notes.txt" in r.output and "not a document of a known kind" in r.output


@pytest.mark.slow
def test_serve_as_a_real_process(seed_settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    args = [str(BIN / "nqs"), "serve", "--store", str(seed_settings.store), "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    with running(args, base + "/health", tmp_path / "serve.log"):
        query = (
            f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{NQS.Ability}> "
            'FILTER(STRSTARTS(STR(?s), "https://w3id.org/kz-nqs/id/standard/R90012023/")) }'
        )
        url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
        with urllib.request.urlopen(url, timeout=10) as resp:
            data = json.load(resp)
        assert data["results"]["bindings"][0]["n"]["value"] == "31"
