"""Every SPARQL text of the project (the research library, the link rules, the export
queries, the queries of the pages, of the derivations and of the validation) parses, and
every ``nqs:`` term it names is declared in the ontology: a query that misspells a class or
property would answer nothing, silently."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql import prepareQuery, prepareUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from nqs.namespaces import NQS, RDF
from nqs.ontology import ontology_paths
from nqs.sparql_syntax import parse
from tests.conftest import ROOT

FOLDERS = (
    ROOT / "queries",
    ROOT / "queries" / "links",
    ROOT / "nqs" / "export" / "queries",
    ROOT / "server" / "pages" / "queries",
    ROOT / "nqs" / "search_queries",
    ROOT / "nqs" / "derive" / "queries",
    ROOT / "nqs" / "validation" / "queries",
    ROOT / "server" / "gsp_queries",
    ROOT / "nqs" / "store" / "queries",
    ROOT / "loaders" / "queries",
    ROOT / "server" / "ui_queries",
)
QUERIES = sorted(p for folder in FOLDERS for p in folder.glob("*.rq"))
# Queries over any resource or any property (the pages' fetches of a resource's triples, the
# classes and properties they are given as values; the validation's whole graph): they name
# no nqs: term of their own.
GENERIC = {
    "server/pages/queries/" + name + ".rq"
    for name in (
        "attached",
        "class-counts",
        "class-triples",
        "concept-counts",
        "derived-count",
        "derived-top",
        "description",
        "is-object",
        "links-in-count",
        "links-in",
        "pairs",
        "step-back",
        "step-forward",
        "triples",
        "types",
        "vocabulary-labels",
    )
} | {
    # the search index's: the classes and properties are given as values
    *(
        f"nqs/search_queries/{name}.rq"
        for name in ("index-entries", "index-types", "names", "parent-links-via", "parent-links")
    ),
    "nqs/validation/queries/whole-graph.rq",
    # the text keys' texts: the property and the classes are given as values
    "nqs/derive/queries/texts.rq",
    "nqs/derive/queries/texts-of-classes.rq",
}
# The reasoner's axiom checks read the properties and classes they are given (the ontology's
# functional, inverse-functional, cardinality-one and disjointness axioms).
GENERIC |= {
    f"nqs/derive/queries/{name}.rq"
    for name in (
        "disjoint-classes",
        "functional-candidates",
        "functional",
        "inverse-functional-candidates",
        "inverse-functional",
        "max-one-candidates",
        "max-one",
    )
}
# The graph store's queries and updates read and write any triples of a graph.
GENERIC |= {f"server/gsp_queries/{p.name}" for p in (ROOT / "server" / "gsp_queries").glob("*.rq")}
# The storage seam's merge, sizes, copy of a graph and triples only a graph holds, the
# export's VoID counts and blank-node quads, and the query page's starting text and
# vocabulary read any triples.
GENERIC |= {
    *(
        f"nqs/store/queries/{n}.rq"
        for n in ("merge", "merge-size", "graph-sizes", "graph", "graph-alone", "probe")
    ),
    *(
        f"nqs/export/queries/{n}.rq"
        for n in ("property-counts", "class-counts", "subject-count", "blank-quads")
    ),
    "server/ui_queries/starter.rq",
    "server/ui_queries/vocabulary.rq",
}


def iris(node: object) -> Iterator[URIRef]:
    """Every IRI in a parsed query's algebra, property paths included."""
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, CompValue | dict):
        for value in node.values():
            yield from iris(value)
    elif isinstance(node, list | tuple | set | frozenset):
        for value in node:
            yield from iris(value)
    elif isinstance(node, SequencePath | AlternativePath):
        yield from iris(node.args)
    elif isinstance(node, InvPath | NegatedPath):
        yield from iris(getattr(node, "arg", None) or getattr(node, "args", ()))
    elif isinstance(node, MulPath):
        yield from iris(node.path)


@pytest.fixture(scope="module")
def declared() -> set[URIRef]:
    graph = Graph()
    for path in ontology_paths():
        graph.parse(path, format="turtle")
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}


def test_every_folder_holds_queries() -> None:
    """24 library queries, 5 link rules, 16 export queries (4 of them the VoID counts and the
    delta's blank-node quads), 26 queries of the pages, 7 of the search index, 18 of the
    derivations (7 of them the reasoner's axiom checks, 2 the text keys', 4 the summary
    graph's), 2 of the validation, 7 of the graph store, 7 of the storage seam (one of them
    the triples only one graph holds, which a patched build drops), 2 of the loaders and 2 of
    the query page (counted in the folders)."""
    counts = {
        folder.relative_to(ROOT).as_posix(): len(list(folder.glob("*.rq"))) for folder in FOLDERS
    }
    assert counts == {
        "queries": 24,
        "queries/links": 5,
        "nqs/export/queries": 16,
        "server/pages/queries": 26,
        "nqs/search_queries": 7,
        "nqs/derive/queries": 18,
        "nqs/validation/queries": 2,
        "server/gsp_queries": 6,
        "nqs/store/queries": 7,
        "loaders/queries": 2,
        "server/ui_queries": 2,
    }


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_nqs_term_is_declared(path: Path, declared: set[URIRef]) -> None:
    text = path.read_text(encoding="utf-8")
    query = prepareUpdate(text) if parse(text).kind == "update" else prepareQuery(text)
    used = {iri for iri in iris(query.algebra) if iri.startswith(str(NQS))}
    generic = path.relative_to(ROOT).as_posix() in GENERIC
    assert bool(used) != generic, f"{path.name} names no nqs: term" if not generic else path.name
    assert sorted(used - declared) == []


def test_the_walk_reaches_paths_and_optional_parts() -> None:
    """cards-per-level names four terms (read in the file): a class, a path of two properties
    and one in an OPTIONAL; a misspelled one is not declared."""
    query = prepareQuery((ROOT / "queries" / "cards-per-level.rq").read_text(encoding="utf-8"))
    found = {iri for iri in iris(query.algebra) if iri.startswith(str(NQS))}
    assert found == {NQS.ProfessionCard, NQS.qualificationLevel, NQS.levelNumber, NQS.occupation}
    typo = prepareQuery(f"PREFIX nqs: <{NQS}> SELECT * {{ ?c ^nqs:qualificationLevl ?l }}")
    assert set(iris(typo.algebra)) == {NQS.qualificationLevl}
