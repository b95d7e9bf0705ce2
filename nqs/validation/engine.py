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

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import pyoxigraph as ox
import pyshacl
from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
from pyshacl.graph_abstraction import OxigraphDataGraph
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from pyshacl.shape import Shape
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from nqs.children import NotedPool, ended
from nqs.ontology import ontology_paths
from nqs.queries import package_queries
from nqs.sparql_syntax import parse
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
    answers "no objects" for a literal subject instead of passing it to Oxigraph. And it is
    read as the store's default graph alone (:meth:`is_multigraph`)."""

    def __bool__(self) -> bool:
        return True

    # A built store's named graphs repeat its default graph (the merge), and pySHACL reads a
    # store with named graphs through their union, which meets each triple once per graph:
    # this adapter is read as one graph, the default graph.
    @classmethod
    def is_multigraph(cls) -> bool:
        return False

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
    digest: str = ""
    """The SHA-256 of ``ntriples`` (hex), where the caller has it already."""

    @cached_property
    def ntriples_sha256(self) -> str:
        """The SHA-256 of ``ntriples`` (hex): :attr:`digest`, else computed once."""
        return self.digest or hashlib.sha256(self.ntriples).hexdigest()


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

    def __init__(self, file: str | None, exitcode: int | None, what: str = "") -> None:
        """``what``: what the process did, where it was not checking documents."""
        self.file = file
        self.exitcode = exitcode
        if not what:
            what = f"validating {file or 'the documents'} with the shapes"
        super().__init__(f"the process {what} died ({ended(exitcode)})")


class DocumentChecks:
    """The in-document shapes over every document, running: each document alone in a worker
    process (the processes start here, so start it from the main thread), then, in
    :meth:`results`, documents that share minted nodes once more together, as one unit."""

    def __init__(
        self,
        documents: Sequence[DocumentData],
        workers: int | None = None,
        pool: NotedPool | None = None,
    ) -> None:
        """``pool``: the worker processes to run the checks in, started already (a build
        forks them before it holds every document: a process forked later shares, and is
        counted with, all the memory of the build at that time); shut down once done."""
        self.documents = {d.graph: d for d in documents}
        count = max(1, min(len(documents), workers or os.cpu_count() or 1))
        self.pool = pool or NotedPool(count)  # the workers die with the build
        self.jobs = [self._submit(d) for d in documents]

    def _submit(self, document: DocumentData) -> Future[DocumentCheck]:
        try:
            return self.pool.submit(document.file, check_document, document)
        except BrokenProcessPool as exc:  # a worker died already: :meth:`results` names it
            broken: Future[DocumentCheck] = Future()
            broken.set_exception(exc)
            return broken

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
    """The cross-document shapes over the whole graph (a deduplicated store): their SPARQL
    constraints each in one query (:class:`WholeGraphConstraint`), the rest with pySHACL."""
    return check_whole(whole, shapes_graph(REGISTRY), REGISTRY)


def check_whole(whole: ox.Store, shapes: Graph, scope: str) -> list[Result]:
    """``shapes`` over the whole graph: what pySHACL gives, the SPARQL constraints of node
    shapes run each in one query (:class:`WholeGraphConstraint`)."""
    fast = whole_graph_constraints(shapes)
    results = set(run_shapes(whole, without_constraints(shapes, fast), scope))
    data = StoreGraph(whole)
    templates = _Templates(shapes)
    focus: dict[Node, set[Node]] = {}
    for constraint in fast:
        if constraint.shape.node not in focus:
            focus[constraint.shape.node] = constraint.focus_nodes(data)
        results.update(constraint.check(data, focus[constraint.shape.node], templates, scope))
    return sorted(results)


# A SPARQL-based constraint of a node shape that no other shape refers to runs over the whole
# graph in one query: pySHACL runs its query once per focus node with $this pre-bound (a query
# per card, occupation, act …, 146 s at 1,000 standards). Here the shape's focus nodes are
# found as pySHACL finds them, and the query runs once with a VALUES block binding $this to
# each of them opening its WHERE clause, which joins every pattern and filter of the query with
# each focus node as the pre-bound query does; each solution is reported as pySHACL reports it
# (its ?value, or the focus node; the messages with the solution's variables filled in). A
# focus node that is not an IRI is queried pre-bound, as pySHACL does. The test
# tests/validation/test_registry_fast.py compares both on graphs that break every constraint.
# Constraints this does not cover stay with pySHACL: a property shape's, one that selects
# ?failure or ?path, uses $PATH, $currentShape, $shapesGraph or parameters, has a sub-select
# or does not select $this, and those of a shape that another shape refers to (sh:node, …).
# What a query selects, names and nests, and where its WHERE clause opens, are read from its
# parse (nqs.sparql_syntax), so a comment or a string never counts.
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
# What a node shape whose only constraints run over the whole graph may state besides them
# (and annotations: rdfs:label, …).
_PLAIN = {RDF.type, SH.severity, SH.message, SH.deactivated, SH.sparql, SH.name, SH.description,
          SH.order, SH.group, *_TARGETS}  # fmt: skip


@dataclass(frozen=True)
class WholeGraphConstraint:
    """One SPARQL-based constraint of a node shape, run once over the whole graph."""

    shape: Shape
    helper: SPARQLQueryHelper
    where: int  # the offset in the query's text just after the brace opening its WHERE group

    def focus_nodes(self, data: StoreGraph) -> set[Node]:
        """The shape's focus nodes, found by pySHACL."""
        find: Any = self.shape.focus_nodes
        return set(find(data))

    def rows(self, data: StoreGraph, focus: set[Node]) -> dict[Node, list[dict[str, Node]]]:
        """The solutions of the query with $this bound to each focus node in turn, by focus
        node: one query for the IRIs (a VALUES block of them opens its WHERE clause), one
        query per other node (pre-bound, as pySHACL runs it)."""
        text = self.helper.select_text
        iris = sorted(f"<{n}>" for n in focus if isinstance(n, URIRef))
        queries: list[tuple[str, dict[str, Any] | None]] = []
        if iris:
            where = self.where
            values = f"VALUES ?this {{ {' '.join(iris)} }}\n"
            queries.append((text[:where] + values + text[where:], None))
        queries.extend((text, {"this": n}) for n in focus if not isinstance(n, URIRef))
        found: dict[Node, list[dict[str, Node]]] = {}
        helper: Any = self.helper
        for query, bindings in queries:
            for row in data.query(helper.apply_prefixes(query), initBindings=bindings):
                bound: dict[str, Node] = row.asdict()  # type: ignore[union-attr,assignment]
                this = bound.get("this")
                if this is not None:
                    found.setdefault(this, []).append(bound)
        return found

    def check(
        self, data: StoreGraph, focus: set[Node], templates: _Templates, scope: str = REGISTRY
    ) -> set[Result]:
        """The results pySHACL gives for the focus nodes (see pySHACL's
        ``SPARQLBasedConstraint._evaluate_sparql_constraint``)."""
        out: set[Result] = set()
        shape, node = self.shape, self.helper.node
        messages = [*shape.message, *(self.helper.messages or ())]
        for this, rows in self.rows(data, focus).items():
            for row in rows:
                variables = {k: v for k, v in row.items() if k not in ("this", "value")}
                value = row.get("value", this)
                texts = {
                    _fill(str(m.value), variables, this, value)
                    for m in messages
                    if isinstance(m, Literal)
                }
                out.add(
                    Result(
                        focus=canonical(this),
                        path="",
                        shape=canonical(shape.node),
                        severity=str(shape.severity).rsplit("#", 1)[-1],
                        component="SPARQLConstraintComponent",
                        value=canonical(value),
                        messages=tuple(
                            sorted(
                                (templates.language(Literal(t), node, shape.node), t) for t in texts
                            )
                        ),
                        scope=scope,
                    )
                )
        return out


def _fill(message: str, variables: dict[str, Node], this: Node, value: Node) -> str:
    """A message with the solution's variables filled in, as pySHACL fills them (its
    ``_format_sparql_based_result_message``: the other variables, then $this and ?value)."""
    for name, term in [*variables.items(), ("this", this), ("value", value)]:
        message = re.sub(f"{{[?$]{name}}}", str(term), message)
    return message


def _values_at(helper: Any) -> int | None:
    """Where the focus nodes' VALUES block goes in the constraint's query when the
    whole-graph run gives pySHACL's results for it (read from the parse of
    :mod:`nqs.sparql_syntax`), else None."""
    if helper.parameters:
        return None
    try:
        request = parse(helper.select_text)
        outline = request.select_outline
        helper.check_invalid_sparql(helper.select_text)
    except Exception:  # pySHACL reports it: leave the constraint to pySHACL
        return None
    if outline is None or outline.projected is None:
        return None
    if "this" not in outline.projected or outline.projected & {"failure", "path"}:
        return None
    if outline.variables & {"PATH", "currentShape", "shapesGraph"}:
        return None
    if outline.sub_selects:  # a VALUES block does not bind inside a sub-select
        return None
    return request.where_group_start


def whole_graph_constraints(shapes: Graph) -> list[WholeGraphConstraint]:
    """The SPARQL-based constraints of ``shapes`` that run over the whole graph at once."""
    graph = ShapesGraph(shapes)
    referred = set(shapes.objects())
    out = []
    for shape in graph.shapes:
        if shape.is_property_shape or shape.deactivated or shape.node in referred:
            continue
        if not any(shapes.objects(shape.node, SH.sparql)):
            continue
        shape.set_advanced(True)
        for helper in SPARQLBasedConstraint(shape).sparql_constraints:
            if helper.deactivated:
                continue
            messages = helper.messages or any(shape.message)  # else pySHACL words one
            where = _values_at(helper) if messages else None
            if where is not None:
                out.append(WholeGraphConstraint(shape, helper, where))
    return sorted(out, key=lambda c: (str(c.shape.node), str(c.helper.node)))


def without_constraints(shapes: Graph, constraints: Sequence[WholeGraphConstraint]) -> Graph:
    """A copy of ``shapes`` without the given constraints, and without the shapes left with
    nothing else to check (pySHACL would find their focus nodes for nothing)."""
    rest = Graph(store="SimpleMemory")
    for prefix, namespace in shapes.namespaces():  # pySHACL's own messages name terms by them
        rest.bind(prefix, namespace, override=True, replace=True)
    for triple in shapes:
        rest.add(triple)
    for constraint in constraints:
        rest.remove((constraint.shape.node, SH.sparql, constraint.helper.node))
    if any(shapes.subjects(RDF.type, SH.ConstraintComponent)):
        return rest  # parameters of its own: any predicate may be one
    for node in {c.shape.node for c in constraints}:
        stated = {p for p in rest.predicates(node, None) if str(p).startswith(str(SH))}
        if stated <= _PLAIN - {SH.sparql}:
            rest.remove((node, None, None))
    return rest


def plain_validate(whole: ox.Store | Graph) -> list[Result]:
    """Plain pySHACL: every shape over the whole graph in one call (the reference that the
    split validation must equal)."""
    return run_shapes(whole, shapes_graph(DOCUMENT, REGISTRY), "")
