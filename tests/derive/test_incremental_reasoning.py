"""Incremental reasoning (issue 22): the closure updated from the previous build's
(nqs.derive.incremental) equals the closure derived anew, for the bundled sources less one
standard reasoned first, then with one corpus standard removed, one added, seed 000 edited,
and all three at once.

Seed 000 is edited in its text (line 104, card 1's main purpose, read again) and in its graph:
card 3's additional function 1 made mandatory (``nqs:mandatory`` true, not false), so that
its skills' ``esco:hasOptionalSkill`` links of card 3 are over-deleted and
``esco:hasEssentialSkill`` ones derived instead.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from nqs.build import load_sources
from nqs.build_cache import DocumentRecord
from nqs.config import Settings
from nqs.derive.incremental import Part, parse_triples, reason
from nqs.derive.links import apply_links
from nqs.derive.reasoning import INFERRED_GRAPH, materialise
from nqs.loaders.documents import load_document
from nqs.loaders.iris import Minter
from nqs.namespaces import NQS, ONTOLOGY_IRI
from nqs.ontology import ontology_ntriples
from nqs.store import MERGE, load_graphs
from tests.conftest import BALLET, SOURCES

pytestmark = pytest.mark.slow

BASE = Settings().base_iri
INFERRED = ox.NamedNode(BASE + INFERRED_GRAPH)
ADDED = "Kind2 6_ Проведение веб-мониторинга.docx"  # left out of the first closure
DROPPED = "Default 8_ Разработка технической документации.docx"
# Seed 000, line 104: the last line of card 1's main purpose, edited.
EDITED_LINE = 104
OLD_END = "орындарындағы практикалық іс-шаралар."
NEW_END = "орындарындағы практикалық іс-шаралар мен семинарлар."
FLAG = (
    f"<{BASE}standard/R90012023/card/3/additional-function/1> "
    f'<{NQS.mandatory}> "{{}}"^^<http://www.w3.org/2001/XMLSchema#boolean>'
)
CARD_3 = ox.NamedNode(f"{BASE}standard/R90012023/card/3")
OPTIONAL = ox.NamedNode("http://data.europa.eu/esco/model#hasOptionalSkill")


@dataclass
class Sources:
    records: dict[str, DocumentRecord]
    edited: DocumentRecord


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    loaded, _ = load_sources(Settings(sources=(SOURCES,)))
    folder = tmp_path_factory.mktemp("edited")
    lines = BALLET.read_text(encoding="utf-8").split("\n")
    assert lines[EDITED_LINE - 1] == OLD_END
    lines[EDITED_LINE - 1] = NEW_END
    (folder / BALLET.name).write_text("\n".join(lines), encoding="utf-8")
    edited = DocumentRecord.of(load_document(folder / BALLET.name, Minter(BASE)))
    old, new = FLAG.format("false").encode(), FLAG.format("true").encode()
    assert edited.ntriples.count(old) == 1
    edited.ntriples = edited.ntriples.replace(old, new)
    return Sources({r.source.name: r for r in loaded}, edited)


def store(folder: Path, records: list[DocumentRecord]) -> tuple[ox.Store, list[Part]]:
    """A store of the documents and the ontology, linked (as a build has it when it
    reasons); the parts, their N-Triples kept in ``folder``/documents."""
    db = ox.Store()
    parts = [(ONTOLOGY_IRI, ontology_ntriples()), *((r.graph_name, r.ntriples) for r in records)]
    load_graphs(db, parts)
    apply_links(db, BASE)
    kept = folder / "documents"
    kept.mkdir(parents=True, exist_ok=True)
    out = []
    for r in records:
        path = kept / f"{hashlib.sha256(r.ntriples).hexdigest()}.nt"
        path.write_bytes(r.ntriples)
        out.append(Part(r.graph_name, r.ntriples, path))
    return db, out


def triples(db: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> set[ox.Triple]:
    return {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in db.quads_for_pattern(None, None, None, graph)
    }


def named(found: set[ox.Triple]) -> set[ox.Triple]:
    """The triples without a blank node."""
    blank = ox.BlankNode
    return {
        t for t in found if not isinstance(t.subject, blank) and not isinstance(t.object, blank)
    }


@pytest.fixture(scope="module")
def previous(sources: Sources, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The closure of the bundled sources less ADDED, kept in a folder."""
    folder = tmp_path_factory.mktemp("previous")
    records = [r for name, r in sources.records.items() if name != ADDED]
    db, parts = store(folder, records)
    report = reason(db, BASE, parts, folder / "reasoning")
    assert not report.incremental and report.triples > 40_000
    assert (folder / "reasoning" / "state.json").is_file()
    return folder


def changed(sources: Sources, change: str) -> list[DocumentRecord]:
    out = []
    for name, record in sources.records.items():
        if name == ADDED and change not in ("added", "all"):
            continue
        if name == DROPPED and change in ("removed", "all"):
            continue
        if name == BALLET.name and change in ("edited", "all"):
            record = sources.edited
        out.append(record)
    return out


@pytest.mark.parametrize("change", ["removed", "added", "edited", "all"])
def test_incremental_closure_equals_closure_anew(
    sources: Sources, previous: Path, tmp_path: Path, change: str
) -> None:
    folder = tmp_path / "incremental"
    shutil.copytree(previous, folder)
    records = changed(sources, change)
    db, parts = store(folder, records)
    report = reason(db, BASE, parts, folder / "reasoning")
    assert report.incremental
    anew, _ = store(tmp_path / "anew", records)
    reference = materialise(anew, BASE)
    assert report.violations == reference.violations
    assert parse_triples(report.derived) == parse_triples(reference.derived)
    assert triples(db, INFERRED) == triples(anew, INFERRED)
    assert len(triples(anew, INFERRED)) == reference.triples > 40_000
    # the merges, but for the ontology's blank nodes (each parse of it names them anew)
    assert named(triples(db, MERGE)) == named(triples(anew, MERGE))
    optional = set(anew.quads_for_pattern(CARD_3, OPTIONAL, None, MERGE))
    assert (len(optional) == 0) == (change in ("edited", "all"))
    # the state kept is the new closure's: a second update from it changes nothing
    again, parts = store(tmp_path / "again", records)
    shutil.copytree(folder / "reasoning", tmp_path / "again" / "reasoning")
    second = reason(again, BASE, parts, tmp_path / "again" / "reasoning")
    assert second.incremental
    assert triples(again, INFERRED) == triples(anew, INFERRED)


def test_a_state_that_cannot_be_used_is_reasoned_anew(
    sources: Sources, previous: Path, tmp_path: Path
) -> None:
    """Its derived triples cut short: a warning naming the state, reasoned anew, and the state
    kept then is sound. Another reasoner's state, or a change of more than a quarter of the
    documents' triples (seed 000 alone, edited): reasoned anew without a warning."""
    folder = tmp_path / "corrupt"
    shutil.copytree(previous, folder)
    derived = folder / "reasoning" / "derived.nt"
    derived.write_bytes(derived.read_bytes()[:-100])
    records = changed(sources, "removed")
    db, parts = store(folder, records)
    report = reason(db, BASE, parts, folder / "reasoning")
    assert not report.incremental
    assert report.warning.startswith(f"{folder / 'reasoning' / 'state.json'}: not used")
    assert "derived.nt" in report.warning
    again, parts = store(folder, records)
    second = reason(again, BASE, parts, folder / "reasoning")
    assert second.incremental and second.warning == ""
    assert triples(again, INFERRED) == triples(db, INFERRED)

    alone = tmp_path / "alone"
    ballet = [sources.records[BALLET.name]]
    db, parts = store(alone, ballet)
    assert not reason(db, BASE, parts, alone / "reasoning").incremental
    state = alone / "reasoning" / "state.json"
    data = json.loads(state.read_text())
    state.write_text(json.dumps({**data, "version": "0" * 32}))
    db, parts = store(alone, ballet)
    report = reason(db, BASE, parts, alone / "reasoning")
    assert (report.incremental, report.note, report.warning) == (
        False,
        "another reasoner or ontology",
        "",
    )
    db, parts = store(alone, [sources.edited])
    report = reason(db, BASE, parts, alone / "reasoning")
    assert (report.incremental, report.note) == (False, "1 of 1 documents changed")
