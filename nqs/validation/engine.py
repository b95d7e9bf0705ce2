"""Running the shapes with pySHACL: per document graph in parallel processes, and the
cross-document shapes once over the whole graph.

The whole graph is the union of every named graph of a build (documents, links, ontology)
as one set of triples. In-document shapes (``shapes/document-*.ttl``) are validated per
*unit*: a document graph with the ontology, or several document graphs together when they
describe the same nodes (an amending act and the standard it amends). Cross-document shapes
(``shapes/registry.ttl``) are validated over the whole graph. Together they give the report
that plain pySHACL gives over the whole graph with all the shapes
(tests/validation/test_validate_*.py).

pySHACL reads the data through an in-memory pyoxigraph store: SPARQL-based constraints then
run in Oxigraph rather than in rdflib's SPARQL engine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyoxigraph as ox
import pyshacl
from pyshacl.graph_abstraction import OxigraphDataGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from nqs.children import NotedPool, ended
from nqs.ontology import ontology_paths
from nqs.queries import package_queries
from nqs.validation.shapes import DOCUMENT, REGISTRY, shapes_graph, targeted_classes

SEVERITIES = ("Violation", "Warning", "Info")
# The whole graph is what the documents state, the links derived from them and the ontology:
# the store's merge (its default graph) without the entailments materialised by the reasoner
# (nqs.derive.reasoning), which are in the inferred graph and in no other named graph
# (queries/whole-graph.rq names it).
INFERRED_GRAPH = "graph/inferred"


class StoreGraph(OxigraphDataGraph):
    """pySHACL's view of a pyoxigraph store, with two fixes of pySHACL 0.40's adapter.

    pySHACL writes ``datagraph or shapes_graph`` for every result it reports, and the truth
    of an Oxigraph data graph is its length, which Oxigraph counts with a query over the
    whole store: one such count per result. This adapter answers ``True`` instead. And it
    answers "no objects" for a literal subject instead of passing it to Oxigraph."""

    def __bool__(self) -> bool:
        return True

    # A literal is never a subject; pySHACL asks (sh:node on a literal value) and Oxigraph
    # refuses a literal in the subject position, so these answer nothing, as rdflib does.
    def objects(self, subject: Any = None, predicate: Any = None, unique: bool = False) -> Any:
        if isinstance(subject, Literal):
            return iter(())
        return super().objects(subject, predicate, unique=unique)

    def predicate_objects(self, subject: Any = None, unique: bool = False) -> Any:
        if isinstance(subject, Literal):
            return iter(())
        return super().predicate_objects(subject, unique=unique)


@dataclass(frozen=True, order=True)
class Result:
    """One validation result, with every term in N-Triples form (picklable, comparable).

    Two results are equal when they have the same focus node, path, shape, severity,
    constraint component, value and messages; ``scope`` says which shapes gave it."""

    focus: str
    path: str
    shape: str
    severity: str
    component: str
    value: str
    messages: tuple[tuple[str, str], ...]
    scope: str = field(default="", compare=False)

    def key(self) -> tuple[str, str, str, str, str, str]:
        """(focus, path, shape, severity, component, value)."""
        return (self.focus, self.path, self.shape, self.severity, self.component, self.value)

    def message(self, lang: str = "en") -> str:
        texts = dict(self.messages)
        return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


@dataclass(frozen=True)
class DocumentData:
    """One document graph as the engine needs it: its name and its triples."""

    graph: str
    file: str
    sha256: str
    ntriples: bytes


@dataclass(frozen=True)
class DocumentCheck:
    """The results of one document validated alone, and the nodes it mints."""

    graph: str
    results: tuple[Result, ...]
    owned: frozenset[str]


def canonical(term: Node | None) -> str:
    """A term in N-Triples form; a plain literal and an xsd:string literal are one term."""
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        term = Literal(str(term))
    if isinstance(term, BNode):
        return "_:b"  # blank nodes never appear as values of the shapes' paths
    return str(term.n3())


def path_text(report: Graph, shapes: Graph, path: Node | None) -> str:
    """A result path: an IRI in N-Triples form, a complex path as ``seq(…)``, ``alt(…)``,
    ``inv(…)`` of its parts (its blank nodes named by structure, so that two reports compare)."""
    if path is None:
        return ""
    if not isinstance(path, BNode):
        return canonical(path)
    for graph in (report, shapes):
        first = graph.value(path, RDF.first)
        if first is not None:
            return f"seq({' '.join(path_text(report, shapes, p) for p in Collection(graph, path))})"
        for kind, name in ((SH.alternativePath, "alt"), (SH.inversePath, "inv")):
            inner = graph.value(path, kind)
            if inner is not None:
                if graph.value(inner, RDF.first) is not None:
                    parts = " ".join(path_text(report, shapes, p) for p in Collection(graph, inner))
                    return f"{name}({parts})"
                return f"{name}({path_text(report, shapes, inner)})"
    return "_:path"


# -- the ontology ----------------------------------------------------------------------------


@cache
def ontology_ntriples() -> bytes:
    graph = Graph()
    for path in ontology_paths():
        graph.parse(path, format="turtle")
    return graph.serialize(format="nt", encoding="utf-8")


@cache
def _document_shapes() -> tuple[Graph, frozenset[URIRef]]:
    shapes = shapes_graph(DOCUMENT)
    ontology = Graph()
    ontology.parse(data=ontology_ntriples(), format="nt")
    return shapes, frozenset(targeted_classes(shapes, ontology))


# -- running pySHACL -------------------------------------------------------------------------


def memory_store(parts: Iterable[bytes]) -> ox.Store:
    """An in-memory store whose default graph holds the union of the N-Triples parts."""
    store = ox.Store()
    for data in parts:
        store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    return store


def run_shapes(data: ox.Store | Graph, shapes: Graph, scope: str) -> list[Result]:
    """Validate ``data`` (a store, read through its union graph, or an rdflib graph) against
    ``shapes``; every result, deduplicated."""
    target = StoreGraph(data) if isinstance(data, ox.Store) else data
    _, report, _ = pyshacl.validate(
        target, shacl_graph=shapes, inference="none", advanced=True, inplace=True
    )
    if not isinstance(report, Graph):
        raise RuntimeError(f"pySHACL could not validate: {report}")
    return results_of(report, shapes, scope)


def results_of(report: Graph, shapes: Graph, scope: str) -> list[Result]:
    """The results of a pySHACL report graph, with the language of every message."""
    templates = _Templates(shapes)
    out: set[Result] = set()
    top = [
        n
        for r in report.subjects(RDF.type, SH.ValidationReport)
        for n in report.objects(r, SH.result)
    ]
    for node in top:  # not the nested sh:detail results of sh:node and the like
        shape = report.value(node, SH.sourceShape)
        constraint = report.value(node, SH.sourceConstraint)
        severity = report.value(node, SH.resultSeverity)
        component = report.value(node, SH.sourceConstraintComponent)
        messages = sorted(
            (templates.language(m, constraint, shape), str(m))
            for m in report.objects(node, SH.resultMessage)
            if isinstance(m, Literal)
        )
        out.add(
            Result(
                focus=canonical(report.value(node, SH.focusNode)),
                path=path_text(report, shapes, report.value(node, SH.resultPath)),
                shape=canonical(shape),
                severity=str(severity).rsplit("#", 1)[-1],
                component=str(component).rsplit("#", 1)[-1],
                value=canonical(report.value(node, SH.value)),
                messages=tuple(messages),
                scope=scope,
            )
        )
    return sorted(out)


class _Templates:
    """Every ``sh:message`` of the shapes as a pattern, to tell the language of a message:
    pySHACL drops the language tag of a message whose ``{?var}`` it fills in."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.cache: dict[Node, list[tuple[re.Pattern[str], str]]] = {}

    def patterns(self, node: Node) -> list[tuple[re.Pattern[str], str]]:
        if node not in self.cache:
            found = []
            for message in self.shapes.objects(node, SH.message):
                if isinstance(message, Literal) and message.language:
                    parts = re.split(r"\{[?$]\w+\}", str(message))
                    pattern = re.compile("(?s)" + ".*".join(re.escape(p) for p in parts))
                    found.append((pattern, message.language))
            self.cache[node] = found
        return self.cache[node]

    def language(self, message: Literal, constraint: Node | None, shape: Node | None) -> str:
        if message.language:
            return message.language
        text = str(message)
        for node in (constraint, shape):
            if node is None:
                continue
            for pattern, lang in self.patterns(node):
                if pattern.fullmatch(text):
                    return lang
        return ""


# -- in-document shapes, per unit --------------------------------------------------------------


def check_unit(parts: Sequence[bytes]) -> list[Result]:
    """The in-document shapes over one unit: document graphs and the ontology."""
    shapes, _ = _document_shapes()
    return run_shapes(memory_store([ontology_ntriples(), *parts]), shapes, DOCUMENT)


def owned_nodes(store: ox.Store, targeted: frozenset[URIRef]) -> frozenset[str]:
    """The subjects a document mints: those with a type that in-document shapes target, or
    with no type at all. Subjects typed only with other classes (levels, occupations, OKED
    concepts, legal acts, …) are shared nodes that many documents repeat."""
    types: dict[str, set[str]] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode):
            continue
        kinds = types.setdefault(subject.value, set())
        if quad.predicate.value == str(RDF.type) and isinstance(quad.object, ox.NamedNode):
            kinds.add(quad.object.value)
    names = {str(c) for c in targeted}
    return frozenset(s for s, kinds in types.items() if not kinds or kinds & names)


def check_document(document: DocumentData) -> DocumentCheck:
    """One document graph validated alone (with the ontology), and the nodes it mints."""
    shapes, targeted = _document_shapes()
    own = memory_store([document.ntriples])
    owned = owned_nodes(own, targeted)
    own.bulk_load(input=ontology_ntriples(), format=ox.RdfFormat.N_TRIPLES)
    results = run_shapes(own, shapes, DOCUMENT)
    return DocumentCheck(document.graph, tuple(results), owned)


def units(checks: Sequence[DocumentCheck]) -> list[list[str]]:
    """Groups of document graphs that share a minted node (union–find), in input order."""
    parent = {c.graph: c.graph for c in checks}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    first_owner: dict[str, str] = {}
    for check in checks:
        for node in check.owned:
            other = first_owner.setdefault(node, check.graph)
            if other != check.graph:
                parent[root(check.graph)] = root(other)
    groups: dict[str, list[str]] = {}
    for check in checks:
        groups.setdefault(root(check.graph), []).append(check.graph)
    return list(groups.values())


class ValidatorDied(Exception):
    """A worker process checking the documents with the shapes died (killed by the kernel's
    out-of-memory killer, a crash in a library): the documents cannot be validated."""

    def __init__(self, file: str | None, exitcode: int | None) -> None:
        self.file = file
        self.exitcode = exitcode
        what = f"validating {file}" if file else "validating the documents"
        super().__init__(f"the process {what} with the shapes died ({ended(exitcode)})")


class DocumentChecks:
    """The in-document shapes over every document, running: each document alone in a worker
    process (the processes start here, so start it from the main thread), then, in
    :meth:`results`, documents that share minted nodes once more together, as one unit."""

    def __init__(self, documents: Sequence[DocumentData], workers: int | None = None) -> None:
        self.documents = {d.graph: d for d in documents}
        count = max(1, min(len(documents), workers or os.cpu_count() or 1))
        self.pool = NotedPool(count)  # the workers die with the build
        self.jobs = [self.pool.submit(d.file, check_document, d) for d in documents]

    def results(self) -> list[Result]:
        """Every document's results; :class:`ValidatorDied` if a worker process died."""
        try:
            checks = [job.result() for job in self.jobs]
        except BrokenProcessPool:
            raise ValidatorDied(*self.pool.died()) from None
        finally:
            self.pool.shutdown()
        found = {c.graph: list(c.results) for c in checks}
        for group in units(checks):
            if len(group) > 1:  # rare: validated here, in this process
                joint = check_unit([self.documents[g].ntriples for g in group])
                for graph in group:
                    found.pop(graph)
                found[group[0]] = joint
        return sorted({r for results in found.values() for r in results})


def check_documents(documents: Sequence[DocumentData], workers: int | None = None) -> list[Result]:
    """The in-document shapes over every document (see :class:`DocumentChecks`)."""
    if not documents:
        return []
    return DocumentChecks(documents, workers).results()


# -- cross-document shapes, over the whole graph ---------------------------------------------


def union_store(db: ox.Store) -> ox.Store:
    """The whole graph of a store as one set of triples, in memory: the store's merge (its
    default graph) without the inferred graph."""
    triples = db.query(package_queries("nqs.validation", "validation")["whole-graph"].text)
    assert isinstance(triples, ox.QueryTriples)
    data = triples.serialize(format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return memory_store([data])


def check_registry(whole: ox.Store) -> list[Result]:
    """The cross-document shapes over the whole graph (a deduplicated store)."""
    return run_shapes(whole, shapes_graph(REGISTRY), REGISTRY)


def plain_validate(whole: ox.Store | Graph) -> list[Result]:
    """Plain pySHACL: every shape over the whole graph in one call (the reference that the
    split validation must equal)."""
    return run_shapes(whole, shapes_graph(DOCUMENT, REGISTRY), "")
