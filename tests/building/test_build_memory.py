"""What a full build holds in memory (issue 22 item 2: peak memory of 1,000 standards):
the in-document checks' worker processes forked before the documents are read (a process
forked later shares, and is counted with, all the build's memory at that time), the
documents' closure parts read back from the build cache one at a time, not all held, and
the graphs bulk-loaded from a generator, one batch at a time."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

import nqs.build
import nqs.store.builds
from nqs.build import build
from nqs.build_cache import CLOSURE_SUFFIX, BuildCache, cache_dir, texts_json
from nqs.config import Settings
from nqs.derive.per_document import ClosurePart, DocumentPart, document_closure
from nqs.store import load_graphs
from tests.conftest import BALLET

EX = "https://example.org/"
# two hand-written document graphs: a card and its title, and a labor function
CARD = f'<{EX}card> <{EX}title> "Балет әртісі" .\n<{EX}card> <{EX}has> <{EX}fn> .\n'.encode()
FUNCTION = f'<{EX}fn> <{EX}title> "Қойылымға дайындалу" .\n'.encode()


def test_the_checks_workers_are_forked_before_the_documents_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 000 alone: when reading starts, the one worker of its in-document check is
    already a child of the build; after the build its record holds no closure part, the
    build cache does (made of its N-Triples, by this version)."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(BALLET, folder)
    before = {p.pid for p in multiprocessing.active_children()}
    seen: list[int] = []
    reading = nqs.build.load_sources

    def counted(*args: Any, **kwargs: Any) -> Any:
        seen.append(len({p.pid for p in multiprocessing.active_children()} - before))
        return reading(*args, **kwargs)

    monkeypatch.setattr(nqs.build, "load_sources", counted)
    store = tmp_path / "store"
    report = build(Settings(store=store, sources=(folder,)), allow_invalid=True)
    assert seen == [1]
    (record,) = report.loaded
    assert record.closure == b""
    kept = BuildCache(cache_dir(store), Settings().base_iri).ntriples_path(record)
    data = kept.with_suffix(CLOSURE_SUFFIX).read_bytes()
    assert ClosurePart.load(data, record.ntriples) is not None


def test_a_closure_part_kept_in_a_file_is_read_when_used(tmp_path: Path) -> None:
    """A document part that names the file of its closure part reads the same part as the
    one held (checked against the document's N-Triples when it was made)."""
    data = document_closure(FUNCTION)
    path = tmp_path / f"fn{CLOSURE_SUFFIX}"
    path.write_bytes(data)
    held = ClosurePart.load(data, FUNCTION)
    assert held is not None
    assert DocumentPart(f"{EX}graph/fn", FUNCTION, path).closure == held
    assert DocumentPart(f"{EX}graph/fn", FUNCTION, held).closure == held
    path.write_bytes(b"# not a closure part\n")
    with pytest.raises(ValueError, match="not a closure part"):
        _ = DocumentPart(f"{EX}graph/fn", FUNCTION, path).closure


def test_graphs_load_from_a_generator_one_batch_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The card's 2 triples and the function's 1, each in its graph and the merge: the
    same store from a generator, in batches of one part (told in order), as from a list."""
    parts = [(f"{EX}graph/card", CARD), (f"{EX}graph/fn", FUNCTION)]
    whole = ox.Store()
    load_graphs(whole, parts)
    monkeypatch.setattr(nqs.store.builds, "LOAD_BATCH", 1)
    told: list[int] = []
    one_by_one = ox.Store()
    load_graphs(one_by_one, (p for p in parts), told.append)
    assert told == [0, 1]
    assert set(one_by_one) == set(whole)
    assert len(whole) == 2 * 3
    merge = list(whole.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert len(merge) == 3


def test_source_texts_written_entry_by_entry_read_as_one_object(tmp_path: Path) -> None:
    """source-text.json, written document by document, is the JSON of the whole mapping (a
    PDF's page, a Word file's rows, a document with no texts left out)."""
    sources = [("a" * 64, (("page 1", 1, 2, '«Кәсіп» "q"'),)), ("b" * 64, ())]
    sources.append(("c" * 64, (("row", 3, 3, "x\ny"), ("row", 4, 4, "z"))))
    loaded: Any = [
        type(
            "Record",
            (),
            {"source": type("Source", (), {"sha256": sha}), "texts_json": texts_json(texts)},
        )
        for sha, texts in sources
    ]
    nqs.build.write_source_texts(tmp_path, loaded)
    text = (tmp_path / nqs.store.builds.SOURCE_TEXTS).read_text(encoding="utf-8")
    whole = {sha: [list(t) for t in texts] for sha, texts in sources if texts}
    assert text == json.dumps(whole, ensure_ascii=False)
    assert json.loads(text)["c" * 64][0] == ["row", 3, 3, "x\ny"]
