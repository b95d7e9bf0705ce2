"""Reasoning per document, completed over the registry (nqs.derive.per_document, issue 22):
the inferred graph, the merge and the violations equal a run of ``run_rules`` from scratch,
on the bundled sources and on a generated registry of copies (bench/registry.py); an
entailment that needs two documents (a property chain through a labor function that one
document lists on a card and another describes) is found by the completion only.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from nqs.build import load_sources
from nqs.build_cache import BuildCache, DocumentRecord
from nqs.config import Settings
from nqs.derive import per_document
from nqs.derive.incremental import parse_triples
from nqs.derive.links import apply_links
from nqs.derive.per_document import ClosurePart, DocumentPart, closure_of, completion
from nqs.derive.reasoning import (
    INFERRED_GRAPH,
    Materialisation,
    Rule,
    compile_ontology,
    materialise,
)
from nqs.namespaces import NQS, ONTOLOGY_IRI
from nqs.ontology import ontology_ntriples
from nqs.store import MERGE, load_graphs
from tests.conftest import BALLET, ROOT, SOURCES

pytestmark = pytest.mark.slow

BASE = Settings().base_iri
INFERRED = ox.NamedNode(BASE + INFERRED_GRAPH)
ESSENTIAL = ox.NamedNode("http://data.europa.eu/esco/model#hasEssentialSkill")


def store(graphs: list[tuple[str, bytes]]) -> ox.Store:
    """The documents and the ontology, linked: the store as the build reasons over it."""
    db = ox.Store()
    load_graphs(db, [(ONTOLOGY_IRI, ontology_ntriples()), *graphs])
    apply_links(db, BASE)
    return db


def triples(db: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> set[ox.Triple]:
    return {q.triple for q in db.quads_for_pattern(None, None, None, graph)}


def named(found: set[ox.Triple]) -> set[ox.Triple]:
    """The triples without a blank node (the ontology's are named anew by each parse)."""
    blank = ox.BlankNode
    return {
        t for t in found if not isinstance(t.subject, blank) and not isinstance(t.object, blank)
    }


def both_ways(
    graphs: list[tuple[str, bytes]], closures: list[bytes]
) -> tuple[Materialisation, ox.Store]:
    """Reason the graphs by ``run_rules`` and per document; assert that both give the same
    inferred graph, merge, derived triples and violations; the per-document report and
    store."""
    anew = store(graphs)
    reference = materialise(anew, BASE)
    db = store(graphs)
    parts = [
        DocumentPart(g, nt, closure_of(c, nt)) for (g, nt), c in zip(graphs, closures, strict=True)
    ]
    report = materialise(db, BASE, completion(parts))
    assert "completion delta" in report.per_rule  # not the fallback on run_rules
    assert triples(db, INFERRED) == triples(anew, INFERRED)
    assert len(triples(anew, INFERRED)) == reference.triples == report.triples
    assert named(triples(db, MERGE)) == named(triples(anew, MERGE))
    assert len(triples(db, MERGE)) == len(triples(anew, MERGE))
    assert parse_triples(report.derived) == parse_triples(reference.derived)
    assert report.violations == reference.violations
    return report, db


def records_of(loaded: list[DocumentRecord]) -> tuple[list[tuple[str, bytes]], list[bytes]]:
    return [(r.graph_name, r.ntriples) for r in loaded], [r.closure for r in loaded]


def test_bundled_sources_per_document_equal_run_rules() -> None:
    loaded, _ = load_sources(Settings(sources=(SOURCES,)))
    assert len(loaded) == 33
    # the workers that read the documents made their closure parts, of this version
    assert all(ClosurePart.load(r.closure, r.ntriples) for r in loaded)
    report, _ = both_ways(*records_of(loaded))
    assert report.triples > 40_000


def _registry_module() -> object:
    path = ROOT / "bench" / "registry.py"
    spec = importlib.util.spec_from_file_location("bench_registry", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_registry_per_document_equal_run_rules(tmp_path: Path) -> None:
    """37 standards: the 29 bundled ones and 8 copies (shared skills, levels, occupations)."""
    registry = _registry_module()
    written = registry.make_registry(37, tmp_path / "sources")  # type: ignore[attr-defined]
    loaded, _ = load_sources(Settings(sources=(tmp_path / "sources",)))
    assert len(loaded) == len(written) == 41
    both_ways(*records_of(loaded))


CARD = "https://example.org/card/1"
FUNCTION = "https://example.org/card/1/function/1"
SKILL = "https://example.org/card/1/function/1/skill/1"
# the card lists its function; the other document says the function is mandatory and its skill
CARDS = f"<{CARD}> <{NQS.hasLaborFunction}> <{FUNCTION}> .\n".encode()
FUNCTIONS = (
    f"<{FUNCTION}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NQS.LaborFunction}> .\n"
    f'<{FUNCTION}> <{NQS.mandatory}> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'
    f"<{FUNCTION}> <{NQS.hasSkill}> <{SKILL}> .\n"
).encode()


def test_an_entailment_across_documents_is_completed() -> None:
    """esco:hasEssentialSkill's chain (hasLaborFunction, isMandatoryFunction, hasSkill:
    ontology/alignments.ttl) needs both documents: neither closure part holds it."""
    graphs = [
        ("https://example.org/graph/cards", CARDS),
        ("https://example.org/graph/fn", FUNCTIONS),
    ]
    closures = [per_document.document_closure(nt) for _, nt in graphs]
    entailed = ox.Triple(ox.NamedNode(CARD), ESSENTIAL, ox.NamedNode(SKILL))
    for (_, nt), closure in zip(graphs, closures, strict=True):
        part = ClosurePart.load(closure, nt)
        assert part is not None and part.usable
        assert str(entailed).encode() not in part.ntriples
    report, db = both_ways(graphs, closures)
    assert report.per_rule["shared nodes"] >= 1
    assert entailed in triples(db, INFERRED)


def test_closure_part_is_for_its_document_and_version() -> None:
    closure = per_document.document_closure(FUNCTIONS)
    assert ClosurePart.load(closure, FUNCTIONS) is not None
    assert ClosurePart.load(closure, CARDS) is None  # another document graph
    assert (
        ClosurePart.load(closure.replace(per_document.version().encode(), b"0" * 32), FUNCTIONS)
        is None
    )
    assert closure_of(b"", FUNCTIONS).made == closure  # made anew when missing


def test_the_rules_join_at_nodes_only() -> None:
    """The argument's premise, on the ontology's rules; a rule that joins on a class is
    refused (the build then reasons with ``run_rules``)."""
    db = store([])
    from nqs.derive.reasoning import ontology_graph

    compiled = compile_ontology(ontology_graph(db))
    assert per_document.joins_at_nodes(compiled.rules)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    p = ox.NamedNode(str(NQS.hasSkill))
    on_class = Rule(
        "x", "CONSTRUCT {} WHERE {}", bodies=((("?x", rdf_type, "?c"), ("?y", p, "?c")),)
    )
    assert not per_document.joins_at_nodes([on_class])


def test_the_build_cache_keeps_a_documents_closure_part(tmp_path: Path) -> None:
    """Seed 000's record, read by a worker, keeps its closure part beside its N-Triples;
    read back, it is the same, and a closure part made anew for it replaces it."""
    folder = tmp_path / "sources"
    folder.mkdir()
    source = folder / BALLET.name
    source.write_bytes(BALLET.read_bytes())
    loaded, _ = load_sources(Settings(sources=(folder,)))
    (record,) = loaded
    part = ClosurePart.load(record.closure, record.ntriples)
    assert part is not None and part.usable and part.ntriples
    cache = BuildCache(tmp_path / "cache", BASE)
    cache.keep_document(record)
    kept = BuildCache(tmp_path / "cache", BASE).document(source, record.source.sha256)
    assert kept is not None and kept.reused and kept.closure == record.closure
    kept.closure = b"# not a closure part\n"
    assert closure_of(kept.closure, kept.ntriples).made == record.closure
    kept.closure = record.closure + b"\n"
    cache.keep_closure(kept)
    again = BuildCache(tmp_path / "cache", BASE).document(source, record.source.sha256)
    assert again is not None and again.closure == record.closure + b"\n"


def test_a_closure_part_with_a_blank_node_falls_back_on_run_rules() -> None:
    """A labor function that is a blank node: its type nqs:MandatoryLaborFunction (by the
    equivalence of nqs.ttl, line 185) names it, which the build's load would name anew; the
    closure part is not usable and the registry is reasoned by run_rules, the same graph."""
    blank = FUNCTIONS.replace(f"<{FUNCTION}>".encode(), b"_:function")
    graphs = [("https://example.org/graph/cards", CARDS), ("https://example.org/graph/fn", blank)]
    closures = [per_document.document_closure(nt) for _, nt in graphs]
    parts = [
        DocumentPart(g, nt, closure_of(c, nt)) for (g, nt), c in zip(graphs, closures, strict=True)
    ]
    assert [p.closure.usable for p in parts] == [True, False]
    db, anew = store(graphs), store(graphs)
    report = materialise(db, BASE, completion(parts))
    assert "completion delta" not in report.per_rule
    reference = materialise(anew, BASE)
    assert report.triples == reference.triples > 0
    assert named(triples(db, INFERRED)) == named(triples(anew, INFERRED))
