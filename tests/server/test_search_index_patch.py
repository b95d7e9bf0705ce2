"""The search index patched in place (nqs.search_index.patch, what a patched build does)
against the index made whole of the same store: the five seeds' merge copied into memory,
changed a few triples at a time, the previous index patched for the subjects of the changed
triples, and compared with the index made whole of the changed store (every row, resource by
resource; the A–Z names; the searches of tests/server/test_search_index.py). Each change
reaches rows of resources whose own triples did not change: an other title's label (its
card's names), a function's label (its skills' context), a level's number (its cards' and
their elements' level). The names are read from seed 000
(data/sources/seeds/000_ed35bb0e5147c5b7.txt): line 55 "1) Балеттанушы - 6 уровень ОРК"
(card 1, level 6); line 100 "1432-0-003 - Бас өнертанушы" (card 1's other title); lines
124-125 "Еңбек функциясы 1: Ғылыми-зерттеу жұмысы"; lines 127-130 "Дағды 1: Өзіндік
ғылыми-зерттеу жұмыстарын ұйымдастыру және жүзеге асыруы"."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from nqs import search_index
from nqs.config import Settings
from nqs.derive.summary import SUMMARY_GRAPH
from nqs.search_index import (
    INDEXED_CLASSES,
    READ,
    SEARCH_INDEX,
    IndexFile,
    Lookup,
    fold,
    make,
    patch,
)
from nqs.server.pages.vocab import SEARCH_KINDS
from nqs.store import current_build
from tests.server.test_search_index import QUERIES

pytestmark = pytest.mark.slow

NQS = "https://w3id.org/kz-nqs/ontology#"
CARD = "https://w3id.org/kz-nqs/id/standard/R90012023/card/1"
TITLE = CARD + "/other-title/1"
FUNCTION = CARD + "/function/1"
SKILL = FUNCTION + "/skill/1"
LEVEL = "https://w3id.org/kz-nqs/id/framework/sqf/R/level/6"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DEFAULT = ox.DefaultGraph()

Change = Callable[[ox.Store], tuple[set[ox.Triple], set[ox.Triple]]]
"""Triples taken out of a store and put in: (removed, added)."""


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _p(name: str) -> ox.NamedNode:
    return ox.NamedNode(NQS + name)


def _kk(text: str) -> ox.Literal:
    return ox.Literal(text, language="kk")


def _about(
    db: ox.Store, s: str | None, p: ox.NamedNode | None, o: ox.NamedNode | None
) -> set[ox.Triple]:
    quads = db.quads_for_pattern(_n(s) if s else None, p, o, DEFAULT)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def relabel_title(db: ox.Store) -> tuple[set[ox.Triple], set[ox.Triple]]:
    """Card 1's other title (line 100) renamed: only the title's triples change."""
    old = ox.Triple(_n(TITLE), LABEL, _kk("Бас өнертанушы"))
    assert old in _about(db, TITLE, LABEL, None)
    return {old}, {ox.Triple(_n(TITLE), LABEL, _kk("Бас хореограф-зерттеуші"))}


def relabel_function(db: ox.Store) -> tuple[set[ox.Triple], set[ox.Triple]]:
    """Function 1 (line 125) renamed: its skills' context changes."""
    old = ox.Triple(_n(FUNCTION), LABEL, _kk("Ғылыми-зерттеу жұмысы"))
    assert old in _about(db, FUNCTION, LABEL, None)
    return {old}, {ox.Triple(_n(FUNCTION), LABEL, _kk("Зерттеу жұмысы"))}


def renumber_level(db: ox.Store) -> tuple[set[ox.Triple], set[ox.Triple]]:
    """Level 6 (line 55) given the number 9: its cards' and their elements' level."""
    old = _about(db, LEVEL, _p("levelNumber"), None)
    assert [str(t.object) for t in old] == ['"6"^^<http://www.w3.org/2001/XMLSchema#integer>']
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    return old, {ox.Triple(_n(LEVEL), _p("levelNumber"), ox.Literal("9", datatype=integer))}


def move_skill(db: ox.Store) -> tuple[set[ox.Triple], set[ox.Triple]]:
    """Skill 1 of function 1 (line 127) put under function 2."""
    old = ox.Triple(_n(FUNCTION), _p("hasSkill"), _n(SKILL))
    assert old in _about(db, FUNCTION, _p("hasSkill"), None)
    return {old}, {ox.Triple(_n(CARD + "/function/2"), _p("hasSkill"), _n(SKILL))}


def add_skill(db: ox.Store) -> tuple[set[ox.Triple], set[ox.Triple]]:
    """A new skill under function 1."""
    new = _n(FUNCTION + "/skill/9")
    return set(), {
        ox.Triple(new, TYPE, _p("Skill")),
        ox.Triple(new, LABEL, _kk("Балет сынын жазу")),
        ox.Triple(_n(FUNCTION), _p("hasSkill"), new),
    }


def remove_skill(db: ox.Store) -> tuple[set[ox.Triple], set[ox.Triple]]:
    """Skill 1 of function 1 gone, and every triple naming it."""
    return _about(db, SKILL, None, None) | _about(db, None, None, _n(SKILL)), set()


def unread(db: ox.Store) -> tuple[set[ox.Triple], set[ox.Triple]]:
    """A triple the index does not read (card 1's line number): nothing to patch."""
    return _about(db, CARD, _p("sourceStart"), None), set()


def _copy(db: ox.Store) -> ox.Store:
    """The merge of ``db`` in a store in memory."""
    out = ox.Store()
    out.extend(
        ox.Quad(q.subject, q.predicate, q.object)
        for q in db.quads_for_pattern(None, None, None, DEFAULT)
    )
    return out


@pytest.fixture(scope="module")
def seeds(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ox.Store, Path]:
    """The seeds' merge in memory, and its index made whole."""
    db = _copy(ox.Store.read_only(str(current_build(seed_settings.store))))
    folder = tmp_path_factory.mktemp("before")
    make(db, folder)
    return db, folder / SEARCH_INDEX


def _patched(
    seeds: tuple[ox.Store, Path], change: Change, tmp: Path
) -> tuple[IndexFile, IndexFile]:
    """The index of the seeds patched for ``change``, and the index made whole after it."""
    before, index = seeds
    after = _copy(before)
    removed, added = change(after)
    for t in removed:
        after.remove(ox.Quad(t.subject, t.predicate, t.object))
    after.extend(ox.Quad(t.subject, t.predicate, t.object) for t in added)
    subjects = {t.subject for t in removed | added if isinstance(t.subject, ox.NamedNode)}
    patched = tmp / "patched.sqlite"
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(index, patched)
    assert patch(patched, Lookup(before), Lookup(after), subjects)
    (tmp / "whole").mkdir()
    return IndexFile(patched), IndexFile(make(after, tmp / "whole"))


def _same(patched: IndexFile, whole: IndexFile) -> None:
    assert patched.rows() == whole.rows()
    assert patched.az() == whole.az()
    for query in QUERIES:
        for kinds in (None, ("skill",), ("card", "occupation")):
            found = patched.search(fold(query), kinds, SEARCH_KINDS, 25)
            assert found == whole.search(fold(query), kinds, SEARCH_KINDS, 25), query


CHANGES = (
    relabel_title,
    relabel_function,
    renumber_level,
    move_skill,
    add_skill,
    remove_skill,
    unread,
)


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_the_patched_index_is_the_whole_one(
    seeds: tuple[ox.Store, Path], change: Change, tmp_path: Path
) -> None:
    patched, whole = _patched(seeds, change, tmp_path)
    _same(patched, whole)


def _hit(index: IndexFile, query: str, kind: str, iri: str) -> object:
    found = index.search(fold(query), (kind,), SEARCH_KINDS, 500)
    return next(h for h in found.hits if h.iri == iri or iri in h.same)


def test_what_the_patch_changed(seeds: tuple[ox.Store, Path], tmp_path: Path) -> None:
    """The rows that changed though their resource's triples did not."""
    before = IndexFile(seeds[1])
    assert _hit(before, "бас өнертанушы", "card", CARD) is not None
    patched, _ = _patched(seeds, relabel_title, tmp_path / "title")
    assert _hit(patched, "хореограф-зерттеуші", "card", CARD) is not None
    skill = "өзіндік ғылыми-зерттеу жұмыстарын ұйымдастыру"
    assert _hit(before, skill, "skill", SKILL).context == "Ғылыми-зерттеу жұмысы"  # type: ignore[attr-defined]
    patched, _ = _patched(seeds, relabel_function, tmp_path / "function")
    assert _hit(patched, skill, "skill", SKILL).context == "Зерттеу жұмысы"  # type: ignore[attr-defined]
    assert _hit(before, skill, "skill", SKILL).level == 6  # type: ignore[attr-defined]
    patched, _ = _patched(seeds, renumber_level, tmp_path / "level")
    assert _hit(patched, skill, "skill", SKILL).level == 9  # type: ignore[attr-defined]


def test_the_summary_holds_nothing_the_index_reads(seed_settings: Settings) -> None:
    """A patched build remakes the summary without naming its nodes among the changed
    subjects (nqs/build.py _changed_subjects): none of their triples may be one the index
    reads."""
    db = ox.Store.read_only(str(current_build(seed_settings.store)))
    graph = ox.NamedNode(seed_settings.base_iri + SUMMARY_GRAPH)
    quads = list(db.quads_for_pattern(None, None, None, graph))
    assert quads  # the seeds have a summary
    classes = {ox.NamedNode(c) for c in INDEXED_CLASSES}
    read = {q for q in quads if q.predicate.value in READ or q.object in classes}
    assert not read


def test_make_patches_the_previous_build_s_index_or_makes_it_whole(
    seeds: tuple[ox.Store, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """make: the previous build's index patched when it is given with the changed subjects,
    else (no subjects: any may have changed; too many; no index of this format) made whole."""
    before, _ = seeds
    previous = tmp_path / "previous"  # a build directory: its store and its index
    stored = ox.Store(str(previous))
    stored.bulk_extend(before.quads_for_pattern(None, None, None, DEFAULT))
    make(stored, previous)
    del stored
    after = _copy(before)
    removed, added = relabel_function(after)
    for t in removed:
        after.remove(ox.Quad(t.subject, t.predicate, t.object))
    after.extend(ox.Quad(t.subject, t.predicate, t.object) for t in added)
    subjects = {ox.NamedNode(FUNCTION)}
    whole = IndexFile(make(after, _folder(tmp_path / "whole")))
    patched: list[bool] = []
    real = search_index.patch

    def spy(*args: Any) -> bool:
        patched.append(real(*args))
        return patched[-1]

    monkeypatch.setattr(search_index, "patch", spy)
    found = IndexFile(make(after, _folder(tmp_path / "patched"), previous, subjects))
    assert patched == [True]
    _same(found, whole)
    found = IndexFile(make(after, _folder(tmp_path / "any"), previous, None))
    assert patched == [True]  # not patched: made whole
    _same(found, whole)
    monkeypatch.setattr(search_index, "MAX_TOUCHED", 0)
    found = IndexFile(make(after, _folder(tmp_path / "many"), previous, subjects))
    assert patched == [True]
    _same(found, whole)


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path
