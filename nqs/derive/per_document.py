"""The ontology's entailments reasoned per document, then completed over the registry.

A full build's reasoning (:func:`~nqs.derive.reasoning.run_rules` over the whole merge)
grows a little faster than the registry, and it runs in the build's main thread while the
processes that read the documents are idle. Most entailments are about one document's
resources; so each document's closure is derived in the process that read it
(:func:`document_closure`, kept in the build cache beside the document's graph), and the
build only completes the closure for what crosses documents (:func:`completion`).

Notation: ``D_i`` the triples of document ``i``, ``O`` the ontology's, ``L`` the other
asserted graphs' (the links, derived before reasoning), ``E`` all of them; ``C(X)`` the
closure of ``X`` under the compiled rules; ``P_i = C(D_i ∪ O) \\ (D_i ∪ O)``, document
``i``'s *closure part*; ``T_i = D_i ∪ P_i``.

1. Per document (in the worker): the rules compiled from the ontology (once per process)
   run by ``run_rules`` over an in-memory store of ``D_i ∪ O``; ``P_i`` is what they wrote
   into their graph (``run_rules`` writes only triples the store did not hold).
2. In the build: every ``P_i`` goes into the merge, and into ``graph/inferred`` unless
   some graph asserts it (see below). The store then holds ``S0 = E ∪ ⋃ P_i``, a subset of
   ``C(E)`` since the rules are monotone.
3. Completion: semi-naive insertion (:func:`nqs.derive.incremental.insert`, the rules
   matched in Python against the store) from ``Δ0 = L ∪ {t ∈ S0 : t mentions a shared
   node}`` to the fixpoint.

*Nodes and sharing.* A triple's *nodes* are its subject and, unless its predicate is
``rdf:type`` or its object a literal, its object. A node is *shared* when it is a node of
triples of two or more of the sources ``T_1, …, T_n, O``.

*Why the rules' joins only meet at nodes* (checked on the compiled rules by
:func:`joins_at_nodes`, or the registry is reasoned by ``run_rules`` as before): the rules
are compiled per axiom, so predicates and classes are constants of the patterns (the one
variable predicate, ``?_any`` of ``owl:Thing``, occurs once); a variable that occurs in two
patterns of a body is never a predicate nor the object of an ``rdf:type`` pattern, and is
the subject of one of them (so never a literal). So two body triples that share a variable
share a node in the sense above, and a body is connected by its variables (every pattern
holds the variable of the class expression it belongs to, chains are paths).

*Why the completion gives ``C(E)``.* Semi-naive insertion from a store ``S0 ⊆ C(E)``
reaches ``C(E)`` when every rule instance with its body in ``S0`` and its head not in
``S0`` has a body triple in ``Δ0`` (the induction of :mod:`nqs.derive.incremental`, step
6: an instance with a body triple derived later is matched in the pass after that triple's).
Take such an instance with no body triple in ``Δ0``: none is in ``L``, and no node of a
body triple is shared. A body triple ``b`` is then in exactly one source (were it in
``T_i`` and ``T_j``, or in ``O`` and ``T_i``, its subject would be shared): call it
``b``'s source. Two body triples sharing a variable share a node, which belongs to
both sources, so their sources are equal; the body being connected, all its triples come
from one source: ``O`` (⊆ every ``C(D_i ∪ O)``) or one ``T_i``. Either way the body lies
in some ``C(D_i ∪ O)``, which is closed, so the head is in it, hence in ``S0``: a
contradiction. (Without documents, ``S0 = E`` and ``Δ0`` would have to be ``E``: the
build then runs ``run_rules``.)

*Which ``P_i`` triples some graph asserts* (``run_rules`` puts into ``graph/inferred``
only triples the store does not hold): ``t ∈ P_i`` is not in ``D_i ∪ O``; were it in
``D_j`` (``j ≠ i``), its subject would be a node of ``T_i`` and ``T_j``, so shared. So
``t`` is asserted iff it is in ``L``, or its subject is shared and the merge holds it.

Blank nodes: each bulk load names them anew (the worker's and the build's), so a closure
part that names a blank node could not be matched to the store's; it is marked unusable and
the build reasons the registry by ``run_rules``, as before (the documents have none today).
A blank node of a document graph, named anew by the build's load, is a node of that
document only, never shared; the closure parts and the node lists need not name it.

tests/derive/test_per_document.py compares the inferred graph and the merge with a run of
``run_rules`` from scratch, on the bundled sources and on a generated registry.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from nqs.derive import incremental, reasoning
from nqs.derive.reasoning import Compiled, Materialisation, Rule
from nqs.namespaces import ONTOLOGY_IRI
from nqs.store import MERGE, load_graphs

FORMAT = 1
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_WORK_GRAPH = ox.NamedNode("urn:x-nqs:per-document:derived")
_HEADER = "# nqs closure part"

Node = ox.NamedNode | ox.BlankNode


@cache
def version() -> str:
    """The version of a closure part: this module's code and the reasoner's version
    (:func:`~nqs.derive.incremental.reasoner_version`: its code, the ontology's files,
    pyoxigraph), hashed."""
    own = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    text = f"closure {FORMAT} {incremental.reasoner_version()} {own}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


_run_rules = reasoning.run_rules
"""The rules as a worker runs them (bound here: a benchmark that times the build's
``run_rules`` in its main process does not time the workers' runs)."""


@cache
def _ontology() -> tuple[bytes, Compiled]:
    """The ontology's N-Triples and the rules compiled from them (once per process)."""
    from nqs.ontology import ontology_ntriples

    data = ontology_ntriples()
    triples = incremental.parse_triples(data)
    db = ox.Store()
    db.extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(ONTOLOGY_IRI)) for t in triples
    )
    return data, reasoning.compile_ontology(reasoning.ontology_graph(db))


def document_closure(ntriples: bytes) -> bytes:
    """A document's closure part (its graph's N-Triples with the ontology, closed under the
    rules, less both) and the nodes of its graph and closure part, written as
    :class:`ClosurePart` keeps them."""
    ontology, compiled = _ontology()
    db = ox.Store()
    db.bulk_load(input=ontology + ntriples, format=ox.RdfFormat.N_TRIPLES)
    _run_rules(db, compiled, _WORK_GRAPH)
    derived = [q.triple for q in db.quads_for_pattern(None, None, None, _WORK_GRAPH)]
    asserted = incremental.parse_triples(ntriples)
    usable = not any(isinstance(n, ox.BlankNode) for t in derived for n in (t.subject, t.object))
    found = {str(n) for t in [*asserted, *derived] for n in nodes(t)}
    body = ox.serialize(sorted(derived, key=str), format=ox.RdfFormat.N_TRIPLES) or b""
    return ClosurePart(body, "\n".join(sorted(found)).encode(), usable).dump(ntriples)


@dataclass(frozen=True)
class ClosurePart:
    """A document's closure part: its N-Triples, the nodes (N-Triples terms, one a line) of
    the document's graph and closure part, and whether it is usable (no blank node). Kept
    as one text: a header line (:func:`version`, the document graph's SHA-256, the
    N-Triples' length, usable), the N-Triples, the nodes."""

    ntriples: bytes
    nodes: bytes
    usable: bool
    made: bytes = b""
    """The whole text, when made anew by :func:`closure_of` (to be kept)."""

    def dump(self, document: bytes) -> bytes:
        head = f"{_header(document)} {len(self.ntriples)} {int(self.usable)}\n"
        return head.encode() + self.ntriples + self.nodes

    @classmethod
    def load(cls, data: bytes, document: bytes | None) -> ClosurePart | None:
        """The closure part kept in ``data``, if made by this version from ``document``
        (``None``: not checked, as when read again from a file checked before)."""
        line, _, rest = data.partition(b"\n")
        head, size, usable = [*line.decode(errors="replace").rsplit(" ", 2), "", ""][:3]
        if document is not None and head != _header(document):
            return None
        if not size.isdigit() or usable not in ("0", "1"):
            return None
        cut = int(size)
        return cls(rest[:cut], rest[cut:], usable == "1")

    @classmethod
    def read(cls, path: Path) -> ClosurePart:
        """The closure part kept at ``path``, checked before (see :class:`DocumentPart`)."""
        part = cls.load(path.read_bytes(), None)
        if part is None:
            raise ValueError(f"{path}: not a closure part")
        return part


def _header(document: bytes) -> str:
    sha = hashlib.sha256(document).hexdigest()
    return f"{_HEADER} {version()} {sha}"


def closure_of(closure: bytes, ntriples: bytes) -> ClosurePart:
    """The closure part kept in ``closure`` (from a worker or the build cache), or made now
    when it is not this version's for ``ntriples``."""
    part = ClosurePart.load(closure, ntriples) if closure else None
    if part is None:
        made = document_closure(ntriples)
        part = ClosurePart.load(made, ntriples)
        assert part is not None
        part = dataclasses.replace(part, made=made)
    return part


# -- the completion --------------------------------------------------------------------------
def joins_at_nodes(rules: Iterable[Rule]) -> bool:
    """Whether every variable that two patterns of a rule's body share is, in each, a subject
    or the object of a constant predicate other than ``rdf:type``, and a subject in one
    (see the module's docstring); table rules have one pattern."""
    for rule in rules:
        if rule.kind:
            continue
        for body in rule.bodies:
            where: dict[str, list[tuple[int, int]]] = {}
            for i, pattern in enumerate(body):
                for slot, term in enumerate(pattern):
                    if isinstance(term, str):
                        where.setdefault(term, []).append((i, slot))
            for places in where.values():
                if len({i for i, _ in places}) < 2:
                    continue
                if not any(slot == 0 for _, slot in places):
                    return False
                for i, slot in places:
                    p = body[i][1]
                    if slot == 1 or (slot == 2 and (isinstance(p, str) or p == _TYPE)):
                        return False
    return True


def nodes(t: ox.Triple) -> Iterator[Node]:
    """The triple's nodes: its subject, and its object unless a literal or a class."""
    s, o = t.subject, t.object
    assert isinstance(s, ox.NamedNode | ox.BlankNode)
    yield s
    if t.predicate != _TYPE and isinstance(o, ox.NamedNode | ox.BlankNode):
        yield o


@dataclass(frozen=True)
class DocumentPart:
    """A document graph of the build: its name, N-Triples and closure part, or the file
    that keeps its closure part (checked: :meth:`ClosurePart.read`), read each time it is
    needed, so that a registry's closure parts are not all held at once."""

    graph: str
    ntriples: bytes
    kept: ClosurePart | Path

    @property
    def closure(self) -> ClosurePart:
        return self.kept if isinstance(self.kept, ClosurePart) else ClosurePart.read(self.kept)


def _term(text: str) -> Node:
    return ox.NamedNode(text[1:-1]) if text.startswith("<") else ox.BlankNode(text[2:])


def shared_nodes(db: ox.Store, parts: Sequence[DocumentPart]) -> set[Node]:
    """The nodes of two sources or more, the sources being each document's graph with its
    closure part, and the ontology's graph."""
    owner: dict[str, int] = {}
    shared: set[str] = set()

    def see(source: int, found: Iterable[str]) -> None:
        for n in found:
            if owner.setdefault(n, source) != source:
                shared.add(n)

    onto = ox.NamedNode(ONTOLOGY_IRI)
    see(-1, {str(n) for q in db.quads_for_pattern(None, None, None, onto) for n in nodes(q.triple)})
    for index, part in enumerate(parts):
        see(index, part.closure.nodes.decode().split("\n") if part.closure.nodes else ())
    return {_term(n) for n in shared}


def _unassert(db: ox.Store, graph: ox.NamedNode, shared: set[Node], links: set[ox.Triple]) -> None:
    """Out of ``graph`` (not the merge): what some other named graph asserts, which is a
    link or about a shared node (see the module's docstring)."""
    candidates = [t for t in links if _in(db, t, graph)]
    for n in shared:
        candidates += [q.triple for q in db.quads_for_pattern(n, None, None, graph)]
    for t in candidates:
        graphs = db.quads_for_pattern(t.subject, t.predicate, t.object, None)
        if any(
            not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name != graph for q in graphs
        ):
            db.remove(ox.Quad(t.subject, t.predicate, t.object, graph))


def _in(db: ox.Store, t: ox.Triple, graph: ox.NamedNode) -> bool:
    return (
        next(iter(db.quads_for_pattern(t.subject, t.predicate, t.object, graph)), None) is not None
    )


def _delta(db: ox.Store, shared: set[Node], links: set[ox.Triple]) -> set[ox.Triple]:
    """``Δ0``: the links and every triple of the merge that mentions a shared node."""
    out = set(links)
    for n in shared:
        out.update(q.triple for q in db.quads_for_pattern(n, None, None, MERGE))
        out.update(
            q.triple for q in db.quads_for_pattern(None, None, n, MERGE) if q.predicate != _TYPE
        )
    return out


def completion(
    given: Sequence[DocumentPart] | Callable[[], Sequence[DocumentPart]],
) -> reasoning.Update:
    """What brings ``graph/inferred`` and the merge to the closure of the store's asserted
    graphs (the documents of ``given``, the ontology and the links) from the documents'
    closure parts (see the module's docstring): an update for
    :func:`~nqs.derive.reasoning.materialise`, which falls back on ``run_rules`` when the
    argument does not hold (a rule that joins elsewhere, a blank node in a closure part, no
    document). ``given`` may be a function that gives them, called only when the update runs."""

    def update(db: ox.Store, compiled: Compiled, graph: ox.NamedNode) -> Materialisation:
        parts = given() if callable(given) else given
        if not parts or not joins_at_nodes(compiled.rules):
            return reasoning.run_rules(db, compiled, graph)
        if not all(p.closure.usable for p in parts):
            return reasoning.run_rules(db, compiled, graph)
        shared = shared_nodes(db, parts)
        listed = [incremental.Part(p.graph, p.ntriples) for p in parts]
        links = incremental.other_graphs(db, listed, graph)
        load_graphs(db, ((graph.value, p.closure.ntriples) for p in parts))  # one batch held
        _unassert(db, graph, shared, links)
        report = Materialisation()
        delta = _delta(db, shared, links)
        report.per_rule["shared nodes"] = len(shared)
        report.per_rule["completion delta"] = len(delta)
        incremental.insert(db, compiled.rules, graph, delta, report)
        return report

    return update
