"""``nqs build``: a fresh store swapped in only on success; failures leave the old one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph
import pytest

from nqs.build import BuildError, build
from nqs.config import Settings
from nqs.namespaces import NQS
from nqs.store import ReadOnlyStore, StoreError, builds_dir, current_build, new_build
from tests.conftest import BALLET, SEEDS

COUNT_CARDS = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c a <{NQS.ProfessionCard}> }}"


def cards(store: Path) -> int:
    result = ReadOnlyStore(store).db.query(COUNT_CARDS)
    assert isinstance(result, pyoxigraph.QuerySolutions)
    term = next(iter(result))["n"]
    assert isinstance(term, pyoxigraph.Literal)
    return int(term.value)


@pytest.fixture()
def ballet_only(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(BALLET, folder)
    return folder


def test_build_then_rebuild_swaps(tmp_path: Path, ballet_only: Path) -> None:
    store = tmp_path / "store"
    first = build(Settings(store=store, sources=(ballet_only,)))
    assert store.is_symlink() and cards(store) == 3
    first_dir = current_build(store)
    second = build(Settings(store=store, sources=(ballet_only,)))
    assert second.build_id != first.build_id
    assert current_build(store) != first_dir
    assert cards(store) == 3
    assert not list(builds_dir(store).glob("*.partial"))


def test_failed_build_keeps_previous_store(tmp_path: Path, ballet_only: Path) -> None:
    store = tmp_path / "store"
    build(Settings(store=store, sources=(ballet_only,)))
    before = current_build(store)
    (ballet_only / "broken.txt").write_text("Кәсіптік стандарт: «X»\nnot a standard\n", "utf-8")
    with pytest.raises(BuildError) as err:
        build(Settings(store=store, sources=(ballet_only,)))
    assert "broken.txt" in str(err.value)
    assert current_build(store) == before
    assert cards(store) == 3
    assert not list(builds_dir(store).glob("*.partial"))


def test_interrupted_build_keeps_previous_store(tmp_path: Path, ballet_only: Path) -> None:
    store = tmp_path / "store"
    build(Settings(store=store, sources=(ballet_only,)))
    before = current_build(store)
    with pytest.raises(KeyboardInterrupt), new_build(store) as (work, _db):
        assert work.exists()
        raise KeyboardInterrupt
    assert current_build(store) == before
    assert not list(builds_dir(store).glob("*.partial"))


def test_old_builds_are_pruned(tmp_path: Path, ballet_only: Path) -> None:
    store = tmp_path / "store"
    for _ in range(5):
        build(Settings(store=store, sources=(ballet_only,)))
    assert len([p for p in builds_dir(store).iterdir() if p.is_dir()]) == 3


def test_reader_follows_a_new_build(tmp_path: Path, ballet_only: Path) -> None:
    store = tmp_path / "store"
    build(Settings(store=store, sources=(ballet_only,)))
    reader = ReadOnlyStore(store)
    first = reader.info.build_id
    build(Settings(store=store, sources=(ballet_only,)))
    assert reader.info.build_id != first


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="run 'nqs build' first"):
        current_build(tmp_path / "nowhere")


def test_seed_build_loads_every_seed(seed_settings: Settings) -> None:
    info = ReadOnlyStore(seed_settings.store).info
    loaded = {d["file"]: d["kind"] for d in info.documents}
    assert loaded == {
        BALLET.name: "professional-standard",
        "001_04ad280e7aaf98fd.txt": "course-rules",
        "002_cbc5d0d511fbfc57.txt": "qualification-framework",
        "003_443e69a912bd565d.txt": "qualification-characteristics",
        "004_f549413c4f15f9eb.txt": "amending-order",
    }
    assert len(list(SEEDS.glob("*.txt"))) == 5
