"""Builds that patch a copy of the current store (issue 22 item 3, nqs.patching): one document
edited, one removed, one added, each built by patching the store of the build before and
compared with a full build of the same sources (every quad of every named graph and of the
merge, as tests/building/test_incremental_build.py compares them); a patched build that fails
leaves the previous store serving, and the next build patches it all the same.

The sources are the five seeds (data/sources/seeds); a change of any size is patched (seed
000 is more than a quarter of their triples, which a build would make whole). Seed 000, lines
102-104 are card 1's main purpose; line 104 reads "орындарындағы практикалық іс-шаралар." and
is edited to end "… іс-шаралар мен семинарлар.". Seed 004 is removed, then added back.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from nqs import patching
from nqs.build import BuildReport, build
from nqs.build_cache import cache_dir
from nqs.config import Settings
from nqs.derive.summary import SUMMARY_GRAPH
from nqs.derive.textkeys import KEYS_GRAPH
from nqs.namespaces import NQS
from nqs.store import builds_dir, current_build
from tests.building.test_incremental_build import (
    NEW_END,
    assert_edited_purpose,
    dataset,
    edit_seed,
)
from tests.conftest import BALLET, SEEDS
from tests.server.test_search_index import search_rows

pytestmark = pytest.mark.slow

BASE = Settings().base_iri
REMOVED = "004_f549413c4f15f9eb.txt"


@dataclass
class Registry:
    sources: Path
    patched: Path
    full: Path

    def build_patched(self) -> BuildReport:
        return build(Settings(store=self.patched, sources=(self.sources,)), allow_invalid=True)

    def build_full(self) -> BuildReport:
        settings = Settings(store=self.full, sources=(self.sources,))
        return build(settings, allow_invalid=True, use_cache=False)


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    root = tmp_path_factory.mktemp("patched")
    sources = root / "sources"
    shutil.copytree(SEEDS, sources)
    registry = Registry(sources, root / "a" / "store", root / "b" / "store")
    first = registry.build_patched()
    assert first.patched == "" and first.read == 5
    with pytest.MonkeyPatch.context() as m:
        m.setattr(patching, "MAX_CHANGE", 1.0)  # seed 000 is most of the five seeds' triples
        yield registry


def _graph(store: Path, name: str) -> set[ox.Triple]:
    """The triples of one named graph of the store's current build."""
    db = ox.Store.read_only(str(current_build(store)))
    quads = db.quads_for_pattern(None, None, None, ox.NamedNode(BASE + name))
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def _patched_equals_full(registry: Registry, summary_patched: bool = True) -> BuildReport:
    """The patched build equals a full one; its text keys were made again for the changed
    subjects, and its summary node by node when ``summary_patched`` (else whole)."""
    previous = current_build(registry.patched).name
    remade: dict[str, bool] = {}
    real = patching._remake

    def spy(db: ox.Store, base: str, m: patching.MadeAfter, *args: Any) -> Any:
        result = real(db, base, m, *args)
        remade[m.name] = result is not None
        return result

    with pytest.MonkeyPatch.context() as m:
        m.setattr(patching, "_remake", spy)
        report = registry.build_patched()
    assert report.patched == previous, report.note
    assert remade == {KEYS_GRAPH: True, SUMMARY_GRAPH: summary_patched}
    full = registry.build_full()
    for name in (SUMMARY_GRAPH, KEYS_GRAPH):
        assert _graph(registry.patched, name) == _graph(registry.full, name), name
    assert dataset(registry.patched) == dataset(registry.full)
    assert search_rows(registry.patched) == search_rows(registry.full)  # the search index
    assert report.triples == full.triples
    assert report.validation.counts() == full.validation.counts()
    assert report.axiom_violations == full.axiom_violations  # rechecked where it changed
    return report


def test_edit(registry: Registry) -> None:
    edit_seed(registry.sources / BALLET.name)
    report = _patched_equals_full(registry)
    assert (report.read, report.reused) == (1, 4)
    assert_edited_purpose(ox.Store.read_only(str(current_build(registry.patched))))


def test_remove(registry: Registry) -> None:
    (registry.sources / REMOVED).rename(registry.sources.parent / REMOVED)
    report = _patched_equals_full(registry)
    assert (report.read, report.reused) == (0, 4)


def test_add(registry: Registry) -> None:
    (registry.sources.parent / REMOVED).rename(registry.sources / REMOVED)
    report = _patched_equals_full(registry)
    assert (report.read, report.reused) == (1, 4)


def _edit_lines(path: Path, edits: dict[int, tuple[str, str]]) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, (old, new) in edits.items():
        assert lines[number - 1] == old
        lines[number - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def _node(store: Path, where: str) -> dict[str, str]:
    """The values of the one summary node ``where`` finds (patterns on ?s)."""
    db = ox.Store.read_only(str(current_build(store)))
    result = db.query(
        f"PREFIX nqs: <{NQS}> SELECT ?p ?o WHERE {{ GRAPH <{BASE}{SUMMARY_GRAPH}> "
        f"{{ {where} ?s ?p ?o }} }}"
    )
    assert isinstance(result, ox.QuerySolutions)
    return {row["p"].value.rsplit("#", 1)[1]: row["o"].value for row in result}


KNOWLEDGE = "арт менеджменттің негізгі қағидаларын"
ITEM_EDITS = {
    # seed 000, card 1: the knowledge written twice (lines 294 and 323), the second changed
    323: ("Арт-менеджменттің негізгі қағидаларын.", "Арт-менеджменттің қағидаларын."),
    # card 1's fourth personal competency (line 353), changed into card 3's first (line 682)
    353: ("Шыдамдылық", "Жүйелі ойлау"),
}


def test_summary_nodes_patched(registry: Registry) -> None:
    """Items and competencies of seed 000 edited: the knowledge of lines 294 and 323 counted
    once (its node's item count 2 -> 1, a node for the new text); card 1's competency
    «Шыдамдылық» (line 353) renamed «Жүйелі ойлау», which card 3 (line 682) names too: in
    sector R the key is named by two cards and ranks first alone (every other key of the
    sector ranks 2 now: the group ranked again), at level 6 «шыдамдылық» has no node. The
    patched summary equals a full build's, made node by node; edited back, likewise."""
    path = registry.sources / BALLET.name
    before = _node(
        registry.patched, f'?s nqs:summaryKind "knowledge" ; nqs:summaryKey "{KNOWLEDGE}" .'
    )
    assert before["itemCount"] == "2"
    _edit_lines(path, {n: pair for n, pair in ITEM_EDITS.items()})
    _patched_equals_full(registry)
    knowledge = _node(
        registry.patched, f'?s nqs:summaryKind "knowledge" ; nqs:summaryKey "{KNOWLEDGE}" .'
    )
    assert knowledge["itemCount"] == "1"
    edited = _node(
        registry.patched,
        '?s nqs:summaryKind "knowledge" ; nqs:summaryKey "арт менеджменттің қағидаларын" .',
    )
    assert (edited["itemCount"], edited["summaryText"]) == ("1", "Арт-менеджменттің қағидаларын.")
    sector = _node(registry.patched, '?s nqs:summarySector "R" ; nqs:summaryKey "жүйелі ойлау" .')
    assert (sector["cardCount"], sector["summaryRank"], sector["groupCardCount"]) == ("2", "1", "3")
    other = _node(registry.patched, '?s nqs:summarySector "R" ; nqs:summaryKey "ұқыптылық" .')
    assert other["summaryRank"] == "2"
    assert _node(registry.patched, '?s nqs:summaryLevel 6 ; nqs:summaryKey "шыдамдылық" .') == {}
    _edit_lines(path, {n: (new, old) for n, (old, new) in ITEM_EDITS.items()})
    _patched_equals_full(registry)
    assert _node(registry.patched, '?s nqs:summaryLevel 6 ; nqs:summaryKey "шыдамдылық" .')


def test_failed_patch_leaves_previous_store(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reasoning of a patched build fails: the store still points at the build before,
    whose quads are unchanged; nothing of the failed build is left (no partial build, no
    partial asserted store); the next build patches the build before."""
    before = current_build(registry.patched)
    quads = dataset(registry.patched)
    edit_seed_back = registry.sources / BALLET.name
    text = edit_seed_back.read_text(encoding="utf-8")
    edit_seed_back.write_text(text.replace(NEW_END, NEW_END.replace(" мен семинарлар", "")))

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("reasoning failed")

    monkeypatch.setattr(patching, "reason_in_place", fail)
    with pytest.raises(RuntimeError, match="reasoning failed"):
        registry.build_patched()
    monkeypatch.undo()
    assert current_build(registry.patched) == before
    assert dataset(registry.patched) == quads
    assert not list(builds_dir(registry.patched).glob("*.partial"))
    asserted = patching.asserted_folder(cache_dir(registry.patched))
    assert [p.name for p in asserted.iterdir()] == [before.name]
    _patched_equals_full(registry)


def test_plan_falls_back_to_a_whole_store(registry: Registry, tmp_path: Path) -> None:
    """The plan of a patch: none for a large change (every seed's graph changed, with the
    threshold back at a quarter), for a store without a build, for a build recorded by other
    code; with the threshold at 1, every graph gone and new (a build made without the cache
    keeps its record and asserted store too)."""
    cache = cache_dir(registry.patched)
    record = json.loads((current_build(registry.patched) / patching.PATCH_RECORD).read_text())
    graphs = list(record["graphs"])
    assert len(graphs) == 5
    changed = [(g, f"<urn:x:{i}> <urn:x:p> <urn:x:o> .\n".encode()) for i, g in enumerate(graphs)]
    with pytest.MonkeyPatch.context() as m:
        m.setattr(patching, "MAX_CHANGE", 0.25)
        change, note = patching.plan(registry.patched, cache, BASE, changed)
    assert change is None and "too large a change" in note
    change, note = patching.plan(tmp_path / "none", cache, BASE, changed)
    assert change is None and "no record" in note
    change, _ = patching.plan(registry.full, cache_dir(registry.full), BASE, changed)
    assert change is not None
    assert sorted(change.gone) == sorted(graphs) and [g for g, _ in change.new] == graphs
    path = current_build(registry.full) / patching.PATCH_RECORD
    text = path.read_text()
    path.write_text(text.replace(record["version"], "0" * 32))
    change, note = patching.plan(registry.full, cache_dir(registry.full), BASE, changed)
    path.write_text(text)
    assert change is None and "other code" in note


COPY = "000_copy.txt"


def test_remove_and_add_a_standard_whose_framework_another_states(registry: Registry) -> None:
    """A copy of seed 000 under another code (its own standard, cards and items, the same
    sectoral framework, levels and order) added, removed, added again: its framework's triples
    never leave the merge (seed 000 states them too), so the summary is patched node by node,
    not made whole, and each build equals a full one."""
    text = (registry.sources / BALLET.name).read_text(encoding="utf-8")
    assert text.count("R90012023") == 1
    copy = registry.sources / COPY
    copy.write_text(text.replace("R90012023", "R90012023-1"), encoding="utf-8")
    report = _patched_equals_full(registry)
    assert report.read == 1
    copy.rename(registry.sources.parent / COPY)
    report = _patched_equals_full(registry)
    assert report.read == 0
    (registry.sources.parent / COPY).rename(copy)
    report = _patched_equals_full(registry)
    assert report.read == 1
    copy.unlink()


def test_edit_a_card_level(registry: Registry) -> None:
    """Seed 000's card 2 moved from NQF level 7 (line 381) to 6, then back: the summary's
    nodes of its old level, which no walk from the card reaches any more, are made again
    too (patched node by node), and each build equals a full one."""
    seed = registry.sources / BALLET.name
    _edit_lines(seed, {381: ("7", "6")})
    _patched_equals_full(registry)
    _edit_lines(seed, {381: ("6", "7")})
    _patched_equals_full(registry)
