"""``nqs build --keep-going``: documents that cannot be loaded are left out, the rest is built,
and what was left out (file, place, reason) is reported in the summary, build.json,
``/health`` and the ``/build`` page. Without it, one bad document refuses the build."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from nqs.cli import main
from nqs.config import Settings, load_settings
from nqs.loaders.iris import Minter
from nqs.namespaces import DEFAULT_BASE_IRI, NQS
from nqs.server.app import create_app
from nqs.store import BuildInfo, ReadOnlyStore, current_build
from tests.conftest import BALLET, CORPUS

DOCX = CORPUS / "Default 1_ Администрирование баз данных.docx"
NOT_AN_ACT = "not a document of a known kind"
# file name -> (place, the start of the reason)
BAD = {
    "notes.txt": (None, NOT_AN_ACT),
    "broken.docx": (None, "not a readable DOCX file"),
    "fake.pdf": (None, "not a readable PDF"),
    "cut.txt": ("line 61", "card 1 has no 'Еңбек функциясы 1:'"),
}


def _write_bad(folder: Path) -> None:
    """Three files broken beyond reading or of no known kind, and a standard cut short
    (an error with a place)."""
    (folder / "notes.txt").write_text("just some notes\n", encoding="utf-8")
    data = DOCX.read_bytes()
    (folder / "broken.docx").write_bytes(data[: len(data) // 2])  # a truncated zip
    (folder / "fake.pdf").write_text("this is not a PDF\n", encoding="utf-8")
    lines = BALLET.read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "cut.txt").write_text("".join(lines[:100]), encoding="utf-8")


@dataclass
class Built:
    sources: Path
    store: Path
    output: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """One keep-going build of the ballet seed and the bad files."""
    root = tmp_path_factory.mktemp("keep-going")
    sources = root / "sources"
    sources.mkdir()
    shutil.copy(BALLET, sources)
    _write_bad(sources)
    store = root / "store"
    r = CliRunner().invoke(
        main,
        ["build", "--sources", str(sources), "--store", str(store), "--keep-going"],
        env={"NQS_KEEP_GOING": None},
    )
    assert r.exit_code == 0, r.output
    return Built(sources, store, r.output)


@pytest.fixture()
def client(built: Built) -> Iterator[FlaskClient]:
    app = create_app(Settings(store=built.store), {"TESTING": True})
    with app.test_client() as c:
        yield c
    evaluator = app.extensions.get("nqs.evaluator")
    if evaluator is not None:
        evaluator.stop()


def test_summary_says_what_was_left_out(built: Built) -> None:
    assert f"loaded  {BALLET.name}" in built.output
    for name, (place, reason) in BAD.items():
        where = f" ({place})" if place else ""
        assert f"LEFT OUT  {built.sources / name}{where}: {reason}" in built.output
    assert "4 documents left out" in built.output.splitlines()[-1]


def test_without_the_flag_the_build_refuses(built: Built) -> None:
    before = current_build(built.store)
    runner = CliRunner()
    args = ["build", "--sources", str(built.sources), "--store", str(built.store)]
    unset: dict[str, str | None] = {"NQS_KEEP_GOING": None}
    for extra, env in (([], unset), (["--no-keep-going"], {"NQS_KEEP_GOING": "1"})):
        r = runner.invoke(main, args + extra, env=env)
        assert r.exit_code == 1, r.output
        assert "4 source document(s) could not be loaded" in r.output
        for name in BAD:
            assert name in r.output
        assert "the previous store (if any) is unchanged" in r.output
        assert current_build(built.store) == before


def test_a_build_with_no_good_document_fails_even_keeping_going(
    built: Built, tmp_path: Path
) -> None:
    before = current_build(built.store)
    sources = tmp_path / "bad"
    sources.mkdir()
    _write_bad(sources)
    r = CliRunner().invoke(
        main,
        ["build", "--sources", str(sources), "--store", str(built.store)],
        env={"NQS_KEEP_GOING": "yes"},  # the setting, from the environment
    )
    assert r.exit_code == 1, r.output
    assert "could not be loaded, and no other: nothing to build" in r.output
    assert current_build(built.store) == before


def test_the_store_holds_only_the_good_document(built: Built) -> None:
    db = ReadOnlyStore(built.store).db
    minter = Minter(DEFAULT_BASE_IRI)
    documents = set()
    for name in BAD:
        sha = hashlib.sha256((built.sources / name).read_bytes()).hexdigest()
        graph = str(minter.source(sha))
        assert not db.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert not db.query(f"ASK {{ ?s ?p <{graph}> }}")
    result = db.query(
        f"SELECT DISTINCT ?g ?file WHERE {{ GRAPH ?g {{ ?g <{NQS.fileName}> ?file }} }}"
    )
    assert isinstance(result, pyoxigraph.QuerySolutions)
    for row in result:
        file = row["file"]
        assert isinstance(file, pyoxigraph.Literal)
        documents.add(file.value)
    assert documents == {BALLET.name}
    info = BuildInfo.read(current_build(built.store))
    assert [d["file"] for d in info.documents] == [BALLET.name]
    good = str(minter.source(hashlib.sha256(BALLET.read_bytes()).hexdigest()))
    graphs = {str(q.value) for q in db.named_graphs()}
    document_graphs = {g for g in graphs if g.startswith(DEFAULT_BASE_IRI + "source/")}
    assert document_graphs == {good}


def test_build_json_lists_what_was_left_out(built: Built) -> None:
    info = BuildInfo.read(current_build(built.store))
    assert [e["file"] for e in info.left_out] == sorted(BAD)  # in the order of discovery
    for entry in info.left_out:
        place, reason = BAD[entry["file"]]
        assert set(entry) == {"file", "place", "message"}
        assert entry["place"] == place
        assert entry["message"].startswith(reason)
        assert str(built.sources) not in entry["message"]  # no path of the build machine


def test_health_shows_what_was_left_out(client: FlaskClient, built: Built) -> None:
    health = client.get("/health").get_json()
    assert health["status"] == "ok"
    assert health["documents"] == 1
    assert health["left_out_count"] == 4
    assert health["left_out"] == BuildInfo.read(current_build(built.store)).left_out


def test_build_page_shows_what_was_left_out(client: FlaskClient) -> None:
    home = client.get("/", query_string={"lang": "en"}).get_data(as_text=True)
    assert 'href="/build"' in home and "Documents left out of this build: 4." in home
    r = client.get("/build", query_string={"lang": "en"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    for name, (place, reason) in BAD.items():
        assert f"<code>{name}</code>" in html
        assert reason.replace("'", "&#39;") in html
        if place:
            assert f"<td>{place}</td>" in html
    assert f"<code>{BALLET.name}</code></a>" in html  # loaded, linked to its page
    kk = client.get("/build", query_string={"lang": "kk"}).get_data(as_text=True)
    assert "Тыс қалдырылған құжаттар" in kk
    ru = client.get("/build", query_string={"lang": "ru"}).get_data(as_text=True)
    assert "Оставленные вне сборки документы" in ru


def test_build_page_without_a_store(tmp_path: Path) -> None:
    app = create_app(Settings(store=tmp_path / "none"), {"TESTING": True})
    r = app.test_client().get("/build", query_string={"lang": "en"})
    assert r.status_code == 503 and "run &#39;nqs build&#39;" in r.get_data(as_text=True)


def test_keep_going_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NQS_KEEP_GOING", raising=False)
    config = tmp_path / "nqs.toml"
    assert load_settings(config).keep_going is False
    config.write_text("[nqs]\nkeep_going = true\n", encoding="utf-8")
    assert load_settings(config).keep_going is True
    monkeypatch.setenv("NQS_KEEP_GOING", "false")
    assert load_settings(config).keep_going is False
    monkeypatch.setenv("NQS_KEEP_GOING", "perhaps")
    with pytest.raises(ValueError, match="keep_going must be true or false"):
        load_settings(config)
