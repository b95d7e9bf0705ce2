"""Incremental builds (issue 22): a build of a store reuses the documents whose source did not
change since the store's last build (nqs.build_cache), and its store equals a full build's.

The bundled sources less one corpus standard are built into store A; then one seed's line is
edited, one corpus standard dropped and the one left out added, and A is built again (two
documents read, thirty reused); the changed sources are built in full (no cache) into store
B. A and B are compared as datasets: every quad of every named graph and of the merge, blank
nodes canonicalised by pyoxigraph; the build's own description (graph/build and its triples
in the merge: its id, time and record) is left aside, as it names each build.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from nqs.build import BuildReport, build
from nqs.build_cache import TEXTS_SUFFIX, cache_dir
from nqs.config import Settings
from nqs.namespaces import NQS
from nqs.store import MERGE, SOURCE_TEXTS, current_build
from nqs.store.description import BUILD_GRAPH
from tests.conftest import BALLET, SOURCES

pytestmark = pytest.mark.slow

BASE = Settings().base_iri
ADDED = "Kind2 6_ Проведение веб-мониторинга.docx"  # left out of the first build
DROPPED = "Default 8_ Разработка технической документации.docx"
PHASES = ["reading", "loading", "linking", "reasoning", "validating", "swapping"]

# Seed 000, lines 102-104, card 1's main purpose, whose last line (104) reads
# "орындарындағы практикалық іс-шаралар." and is edited to end "… іс-шаралар мен семинарлар."
EDITED_LINE = 104
OLD_END = "орындарындағы практикалық іс-шаралар."
NEW_END = "орындарындағы практикалық іс-шаралар мен семинарлар."


class Recorder:
    """A phase listener that notes every event."""

    def __init__(self) -> None:
        self.starts: list[tuple[str, int | None]] = []
        self.items: dict[str, list[str]] = {}
        self.ends: list[str] = []

    def started(self, phase: str, total: int | None) -> None:
        self.starts.append((phase, total))

    def advanced(self, phase: str, item: str) -> None:
        self.items.setdefault(phase, []).append(item)

    def finished(self, phase: str, seconds: float, summary: str) -> None:
        self.ends.append(phase)


@dataclass
class Builds:
    first: BuildReport
    incremental: BuildReport
    full: BuildReport
    events: Recorder
    a: Path
    b: Path


def edit_seed(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[EDITED_LINE - 1] == OLD_END
    lines[EDITED_LINE - 1] = NEW_END
    path.write_text("\n".join(lines), encoding="utf-8")


def assert_edited_purpose(db: ox.Store) -> None:
    """Card 1 of seed 000 has the main purpose that :func:`edit_seed` wrote."""
    card = ox.NamedNode(f"{BASE}standard/R90012023/card/1")
    purpose = ox.NamedNode(NQS.mainPurpose)
    (value,) = [q.object for q in db.quads_for_pattern(card, purpose, None, MERGE)]
    assert isinstance(value, ox.Literal)
    assert value.value.endswith(NEW_END.removeprefix("орындарындағы "))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    root = tmp_path_factory.mktemp("incremental")
    sources = root / "sources"
    shutil.copytree(SOURCES, sources)
    corpus = sources / "corpus" / "ict-ru"
    added = corpus / ADDED
    kept_aside = root / ADDED
    added.rename(kept_aside)
    a, b = root / "a" / "store", root / "b" / "store"
    first = build(Settings(store=a, sources=(sources,)), allow_invalid=True)
    edit_seed(sources / "seeds" / BALLET.name)
    (corpus / DROPPED).unlink()
    kept_aside.rename(added)
    events = Recorder()
    incremental = build(Settings(store=a, sources=(sources,)), events, allow_invalid=True)
    full = build(Settings(store=b, sources=(sources,)), allow_invalid=True, use_cache=False)
    return Builds(first, incremental, full, events, a, b)


def dataset(store: Path) -> set[str]:
    """Every quad of the store's current build but its description, blank nodes
    canonicalised, in N-Quads."""
    db = ox.Store.read_only(str(current_build(store)))
    described = ox.NamedNode(BASE + BUILD_GRAPH)
    own = {q.subject for q in db.quads_for_pattern(None, None, None, described)}
    quads = [
        q
        for q in db
        if q.graph_name != described
        and not (isinstance(q.graph_name, ox.DefaultGraph) and q.subject in own)
    ]
    data = ox.Dataset(quads)
    data.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in data}


def test_unchanged_documents_are_reused(builds: Builds) -> None:
    """32 documents first, all read; then 32 again: the edited seed and the added standard
    read, the 30 others (33 bundled less the dropped and the added) taken from the cache."""
    assert (builds.first.read, builds.first.reused) == (32, 0)
    assert (builds.incremental.read, builds.incremental.reused) == (2, 30)
    read = sorted(d.source.name for d in builds.incremental.loaded if not d.reused)
    assert read == sorted([BALLET.name, ADDED])
    assert DROPPED not in {d.source.name for d in builds.incremental.loaded}
    assert (builds.full.read, builds.full.reused) == (32, 0)
    assert builds.incremental.cache_warnings == []


def test_phases_told_in_order(builds: Builds) -> None:
    events = builds.events
    assert [name for name, _ in events.starts] == PHASES
    assert events.ends == PHASES
    assert dict(events.starts)["reading"] == 32
    assert sorted(events.items["reading"]) == sorted(d.source.name for d in builds.full.loaded)
    assert len(events.items["validating"]) == 32
    assert list(builds.incremental.phases) == PHASES


def test_incremental_build_equals_full_build(builds: Builds) -> None:
    """The incremental build patched a copy of the first build's store (nqs.patching)."""
    assert builds.incremental.patched == builds.first.build_id, builds.incremental.note
    assert builds.full.patched == ""
    one, other = dataset(builds.a), dataset(builds.b)
    assert len(one) > 100_000
    assert one == other
    assert builds.incremental.triples == builds.full.triples
    assert builds.incremental.validation.counts() == builds.full.validation.counts()
    assert builds.incremental.axiom_violations == builds.full.axiom_violations
    info = [json.loads((current_build(s) / "build.json").read_text()) for s in (builds.a, builds.b)]
    assert info[0]["documents"] == info[1]["documents"]


def test_the_change_is_in_the_graph(builds: Builds) -> None:
    """Card 1's main purpose ends with the edited line; the dropped standard's graph is gone,
    the added one's is there."""
    db = ox.Store.read_only(str(current_build(builds.a)))
    assert_edited_purpose(db)
    files = {
        str(q.object) for q in db.quads_for_pattern(None, ox.NamedNode(NQS.fileName), None, MERGE)
    }
    assert f'"{ADDED}"' in files and f'"{DROPPED}"' not in files


def test_cache_keeps_only_the_last_build(builds: Builds) -> None:
    """After a build, the cache holds an entry (JSON and N-Triples) per document of it."""
    documents = cache_dir(builds.a) / "documents"
    assert len(list(documents.glob("*.json"))) == 32
    assert len(list(documents.glob("*.nt"))) == 32
    assert len(list(documents.glob(f"*{TEXTS_SUFFIX}"))) == 32
    assert len(list((cache_dir(builds.a) / "checks").glob("*.json"))) == 32


def test_corrupt_or_foreign_entries_are_not_used(tmp_path: Path) -> None:
    """Seed 000 alone: its entry's N-Triples cut short, then its entry replaced by another
    document's: each time it is read again, with a warning naming the entry, and the graph
    is the same; --no-cache reads it though the entry is sound. Its check cut short: made
    again, with a warning, and the validation's counts are those of a build without cache."""
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(BALLET, folder)
    store = tmp_path / "store"
    settings = Settings(store=store, sources=(folder,))
    build(settings)
    before = dataset(store)
    (entry,) = (cache_dir(store) / "documents").glob("*.json")
    nt = entry.with_suffix(".nt")
    nt.write_bytes(nt.read_bytes()[:-100])
    report = build(settings)
    assert (report.read, report.reused) == (1, 0)
    assert [w.split(": ", 1)[0] for w in report.cache_warnings] == [str(entry)]
    assert "SHA-256" in report.cache_warnings[0]
    assert dataset(store) == before
    texts = entry.with_suffix(TEXTS_SUFFIX)
    said = (current_build(store) / SOURCE_TEXTS).read_bytes()
    assert texts.read_bytes() == b"[]"  # a text file: no places kept
    texts.write_bytes(b'[["line", 1, 1, "invented"]]')
    report = build(settings)
    assert (report.read, report.reused) == (1, 0)
    assert [w.split(": ", 1)[0] for w in report.cache_warnings] == [str(entry)]
    assert "texts" in report.cache_warnings[0] and "SHA-256" in report.cache_warnings[0]
    assert (current_build(store) / SOURCE_TEXTS).read_bytes() == said
    data = json.loads(entry.read_text())
    data["sha256"] = "0" * 64  # an entry of another file under this one's name
    entry.write_text(json.dumps(data))
    report = build(settings)
    assert (report.read, report.reused) == (1, 0)
    assert "made of another file" in report.cache_warnings[0]
    assert (build(settings).reused, build(settings, use_cache=False).read) == (1, 1)
    assert dataset(store) == before
    (check,) = (cache_dir(store) / "checks").glob("*.json")
    check.write_text('{"format": 1, "checker": ', encoding="utf-8")  # cut short
    report = build(settings)
    assert [w.split(": ", 1)[0] for w in report.cache_warnings] == [str(check)]
    assert "cannot be read" in report.cache_warnings[0]
    counts = report.validation.counts()
    report = build(settings)  # the check, made again, is kept again
    assert report.cache_warnings == [] and report.validation.counts() == counts
    report = build(settings, use_cache=False)
    assert report.validation.counts() == counts
