"""Entailments of the ontology, materialised at build time into a graph of their own.

The ontology's axioms (in the store's ontology graph) are compiled into SPARQL CONSTRUCT
rules, OWL 2 RL style: class and property hierarchies, inverse, symmetric and transitive
properties, domains and ranges, owl:hasValue, owl:someValuesFrom and owl:intersectionOf /
owl:unionOf class expressions, owl:hasSelf, property chains. The rules run over the store's
default graph (the merge of every named graph) until they derive nothing new; what they
derive goes into ``graph/inferred`` under the instance base, so that asserted and inferred
triples can be told apart, and into the merge. A triple already in the store is not added
again.

What is kept are the entailments about the graph's resources: their types (named classes
only) and their property values. Not kept: anything about the ontology's own terms, types
such as ``owl:Thing``, ``owl:sameAs``, and the triples of properties used only inside
``owl:hasSelf`` restrictions (devices for property chains). :func:`owlrl_entailments`
computes the same kept set with owlrl's OWL 2 RL closure, the reference the tests compare
against.

Axioms that can only be violated (functional and inverse-functional properties, cardinality
1, disjoint classes) are checked, not used to derive ``owl:sameAs``: :func:`materialise`
returns each violation found.

The checks' queries are fixed texts, files of the query registry (``nqs/derive/queries/``:
functional, inverse-functional, max-one, their candidates, disjoint-classes) bound by
:func:`nqs.sparql_bind.bind`. The CONSTRUCT rules are not: they are generated from the
ontology's axioms (one per class axiom, chain and transitive property, one table per kind of
pair), so that they follow the ontology as it is; their tables are written by
:func:`nqs.sparql_bind.values_rows`. Each rule also carries its WHERE clause as triple
patterns, which the incremental update (:mod:`nqs.derive.incremental`) matches in Python.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from nqs.namespaces import ONTOLOGY_IRI, OWL, RDF, RDFS, XSD
from nqs.queries import package_queries
from nqs.sparql_bind import bind, term, values_rows
from nqs.store import MERGE, add_to_graph, graph_size, remove_from_graph
from nqs.terms import OxTerm, to_ox, to_rdflib

INFERRED_GRAPH = "graph/inferred"
MAX_PASSES = 20  # the rules reach their fixpoint in a few passes; more means a bug
VOCABULARY = (str(RDF), str(RDFS), str(OWL), str(XSD))
NOT_KEPT_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}
DATATYPES = {RDFS.Literal, RDF.langString, RDF.PlainLiteral, RDF.XMLLiteral}
_TYPE = ox.NamedNode(str(RDF.type))


# -- class expressions --------------------------------------------------------------------
@dataclass(frozen=True)
class Named:
    iri: URIRef


@dataclass(frozen=True)
class HasValue:
    prop: URIRef
    value: Node


@dataclass(frozen=True)
class SomeValues:
    prop: URIRef
    filler: Expr


@dataclass(frozen=True)
class HasSelf:
    prop: URIRef


@dataclass(frozen=True)
class And:
    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Other:
    """A class expression the rules do not use (cardinalities, complements, …)."""

    node: Node


Expr = Named | HasValue | SomeValues | HasSelf | And | Or | Other


def _list(g: Graph, node: Node | None) -> list[Node]:
    return [] if node is None else list(Collection(g, node))


def parse_class(g: Graph, node: Node) -> Expr:
    """The class expression at ``node`` of the ontology graph."""
    if isinstance(node, URIRef):
        return Named(node)
    prop = g.value(node, OWL.onProperty)
    if isinstance(prop, URIRef):
        value = g.value(node, OWL.hasValue)
        if value is not None:
            return HasValue(prop, value)
        some = g.value(node, OWL.someValuesFrom)
        if some is not None:
            return SomeValues(prop, parse_class(g, some))
        if g.value(node, OWL.hasSelf) is not None:
            return HasSelf(prop)
        return Other(node)
    members = g.value(node, OWL.intersectionOf)
    if members is not None:
        return And(tuple(parse_class(g, m) for m in _list(g, members)))
    members = g.value(node, OWL.unionOf)
    if members is not None:
        return Or(tuple(parse_class(g, m) for m in _list(g, members)))
    return Other(node)


def _value(node: Node) -> OxTerm:
    """The term to bind for ``node`` (IRIs and literals of the ontology: a blank node in a
    query text would be a variable)."""
    if isinstance(node, URIRef | Literal):
        return to_ox(node)
    raise ValueError(f"no SPARQL term for {node!r}")


def _term(node: Node) -> str:
    """``node`` written in SPARQL (IRIs and literals of the ontology)."""
    return term(_value(node))


class _Vars:
    def __init__(self) -> None:
        self.count = itertools.count()

    def fresh(self) -> str:
        return f"?v{next(self.count)}"


def condition(expr: Expr, var: str, names: _Vars) -> str | None:
    """A graph pattern that holds when ``var`` is a member of ``expr`` (None: not usable)."""
    if isinstance(expr, Named):
        if expr.iri == OWL.Thing:
            return f"{var} ?_any{next(names.count)} ?_val{next(names.count)} ."
        return f"{var} a {_term(expr.iri)} ."
    if isinstance(expr, HasValue):
        return f"{var} {_term(expr.prop)} {_term(expr.value)} ."
    if isinstance(expr, HasSelf):
        return f"{var} {_term(expr.prop)} {var} ."
    if isinstance(expr, SomeValues):
        other = names.fresh()
        filler = "" if expr.filler == Named(OWL.Thing) else condition(expr.filler, other, names)
        if filler is None:
            return None
        return f"{var} {_term(expr.prop)} {other} . {filler}"
    if isinstance(expr, And):
        parts = [condition(p, var, names) for p in expr.parts]
        return None if any(p is None for p in parts) else " ".join(p for p in parts if p)
    if isinstance(expr, Or):
        parts = [condition(p, var, names) for p in expr.parts]
        if any(p is None for p in parts):
            return None
        return " UNION ".join(f"{{ {p} }}" for p in parts if p)
    return None


def consequences(expr: Expr, var: str) -> list[str] | None:
    """The triples that membership of ``expr`` entails for ``var`` (None: none usable)."""
    if isinstance(expr, Named):
        return [] if expr.iri in NOT_KEPT_TYPES else [f"{var} a {_term(expr.iri)} ."]
    if isinstance(expr, HasValue):
        return [f"{var} {_term(expr.prop)} {_term(expr.value)} ."]
    if isinstance(expr, HasSelf):
        return [f"{var} {_term(expr.prop)} {var} ."]
    if isinstance(expr, And):
        out: list[str] = []
        for part in expr.parts:
            more = consequences(part, var)
            if more is not None:
                out += more
        return out
    return None


PatternTerm = str | ox.NamedNode | ox.Literal
"""A slot of a rule's triple pattern: a variable (``"?x"``) or a constant."""
Pattern = tuple[PatternTerm, PatternTerm, PatternTerm]
Body = tuple[Pattern, ...]


def _constant(node: Node) -> ox.NamedNode | ox.Literal:
    value = _value(node)
    assert isinstance(value, ox.NamedNode | ox.Literal)
    return value


def condition_bodies(expr: Expr, var: str, fresh: Callable[[], str]) -> list[Body] | None:
    """:func:`condition` as triple patterns: the alternatives (a UNION's branches) of the
    graph pattern that holds when ``var`` is a member of ``expr`` (None: not usable)."""
    if isinstance(expr, Named):
        if expr.iri == OWL.Thing:
            return [((var, fresh(), fresh()),)]
        return [((var, _TYPE, _constant(expr.iri)),)]
    if isinstance(expr, HasValue):
        return [((var, _constant(expr.prop), _constant(expr.value)),)]
    if isinstance(expr, HasSelf):
        return [((var, _constant(expr.prop), var),)]
    if isinstance(expr, SomeValues):
        other = fresh()
        fillers: list[Body] | None = [()]
        if expr.filler != Named(OWL.Thing):
            fillers = condition_bodies(expr.filler, other, fresh)
        if fillers is None:
            return None
        return [((var, _constant(expr.prop), other), *f) for f in fillers]
    if isinstance(expr, And | Or):
        parts = [condition_bodies(p, var, fresh) for p in expr.parts]
        if any(p is None for p in parts):
            return None
        usable = [p for p in parts if p is not None]
        if isinstance(expr, Or):
            return [body for part in usable for body in part]
        return [tuple(itertools.chain(*bodies)) for bodies in itertools.product(*usable)]
    return None


def consequence_patterns(expr: Expr, var: str) -> list[Pattern] | None:
    """:func:`consequences` as triple patterns."""
    if isinstance(expr, Named):
        return [] if expr.iri in NOT_KEPT_TYPES else [(var, _TYPE, _constant(expr.iri))]
    if isinstance(expr, HasValue):
        return [(var, _constant(expr.prop), _constant(expr.value))]
    if isinstance(expr, HasSelf):
        return [(var, _constant(expr.prop), var)]
    if isinstance(expr, And):
        out: list[Pattern] = []
        for part in expr.parts:
            more = consequence_patterns(part, var)
            if more is not None:
                out += more
        return out
    return None


# -- rules ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    """One CONSTRUCT that derives only triples not yet in the store.

    A rule of one triple pattern joined with a table of pairs (``kind`` subclass,
    subproperty, inverse, domain or range, with its ``pairs``) is applied, in the passes
    after the first, to the triples the pass before derived only (semi-naive evaluation:
    :func:`from_delta`). A rule of several patterns runs again only when the previous pass
    derived a triple that one of its patterns can match (:meth:`touched`)."""

    name: str
    query: str
    kind: str = ""
    pairs: frozenset[tuple[str, str]] = frozenset()
    bodies: tuple[Body, ...] = ()
    """The WHERE clause as triple patterns, one body per alternative (a rule of several
    patterns; the incremental update matches them in Python: :mod:`nqs.derive.incremental`)."""
    head: Body = ()
    not_literal: frozenset[str] = frozenset()
    """Variables that the WHERE clause does not let be literals."""
    only_new: bool = False
    """The query derives only triples the store does not hold (one head triple, guarded by
    FILTER NOT EXISTS): what it finds need not be looked up again."""

    @property
    def iris(self) -> frozenset[str]:
        """The IRIs of the rule's WHERE clause (predicates, classes and values)."""
        return frozenset(_IRI.findall(self.query.split(" WHERE ", 1)[1]))

    def touched(self, predicates: set[str], types: set[str]) -> bool:
        """Whether triples of these predicates and ``rdf:type`` triples of these classes can
        match one of the rule's patterns (each has a constant predicate, and an ``rdf:type``
        pattern a constant class, unless the rule reads any property of a resource)."""
        if _ANY_PROPERTY in self.query:
            return True
        iris = self.iris
        if str(RDF.type) in iris and types:
            return True
        return bool(iris & (predicates - {str(RDF.type)})) or bool(iris & types)


_IRI = re.compile(r"<([^<>\s]+)>")
_ANY_PROPERTY = "?_any"


def _guarded(
    name: str,
    templates: list[str],
    where: str,
    bodies: list[Body],
    head: list[Pattern],
    not_literal: frozenset[str] = frozenset(),
) -> Rule:
    """A rule whose head triples are each checked to be new (FILTER NOT EXISTS); ``bodies``
    and ``head`` are ``where`` and ``templates`` as triple patterns."""
    text = " ".join(templates)
    new = " || ".join(f"NOT EXISTS {{ {t} }}" for t in templates)
    query = f"CONSTRUCT {{ {text} }} WHERE {{ {where} FILTER({new}) }}"
    return Rule(
        name,
        query,
        bodies=tuple(bodies),
        head=tuple(head),
        not_literal=not_literal,
        only_new=len(templates) == 1,
    )


def _table(
    name: str,
    template: str,
    pairs: set[tuple[Node, Node]],
    variables: str,
    pattern: str,
    condition: str = "",
) -> Rule:
    """A one-pattern rule: the ``pairs`` (bound to ``variables``) joined with ``pattern``, its
    head the ``template`` when new (see :func:`from_delta` for its later passes)."""
    new = f"FILTER(NOT EXISTS {{ {template} }})"
    table = _values(variables, pairs)
    query = f"CONSTRUCT {{ {template} }} WHERE {{ {table} {pattern} {condition} {new} }}"
    pairs_ = frozenset((str(a), str(b)) for a, b in pairs)
    return Rule(name, query, name, pairs_, only_new=True)


def from_delta(rule: Rule, delta: Iterable[ox.Triple]) -> set[ox.Triple]:
    """What a one-pattern rule derives from the triples ``delta`` (in Python: the pattern
    is one triple, the table a lookup)."""
    index: dict[str, list[ox.NamedNode]] = {}
    for a, b in rule.pairs:
        index.setdefault(a, []).append(ox.NamedNode(b))
    out: set[ox.Triple] = set()
    for t in delta:
        s, p, o = t.subject, t.predicate, t.object
        if rule.kind == "subclass":
            if p == _TYPE and isinstance(o, ox.NamedNode):
                out.update(ox.Triple(s, _TYPE, d) for d in index.get(o.value, ()))
            continue
        targets = index.get(p.value, ())
        if not targets or (rule.kind in ("inverse", "range") and isinstance(o, ox.Literal)):
            continue
        for q in targets:
            if rule.kind == "subproperty":
                out.add(ox.Triple(s, q, o))
            elif rule.kind == "inverse":
                assert not isinstance(o, ox.Literal)
                out.add(ox.Triple(o, q, s))
            elif rule.kind == "domain":
                out.add(ox.Triple(s, _TYPE, q))
            elif rule.kind == "range":
                assert not isinstance(o, ox.Literal)
                out.add(ox.Triple(o, _TYPE, q))
    return out


def _values(variables: str, rows: Iterable[tuple[Node, ...]]) -> str:
    table = [[_value(n) for n in row] for row in sorted(set(rows))]
    return values_rows(variables.split(), table)


@dataclass
class Compiled:
    """The rules and checks compiled from one ontology graph."""

    rules: list[Rule] = field(default_factory=list)
    self_properties: set[URIRef] = field(default_factory=set)
    functional: set[URIRef] = field(default_factory=set)
    inverse_functional: set[URIRef] = field(default_factory=set)
    max_one: set[tuple[URIRef, URIRef]] = field(default_factory=set)  # (class, property)
    disjoint: set[tuple[URIRef, URIRef]] = field(default_factory=set)


def _iris(nodes: Iterable[Node]) -> set[URIRef]:
    return {n for n in nodes if isinstance(n, URIRef)}


def _is_datatype(g: Graph, node: Node) -> bool:
    if isinstance(node, URIRef):
        return str(node).startswith(str(XSD)) or node in DATATYPES
    return (node, RDF.type, RDFS.Datatype) in g


def compile_ontology(g: Graph) -> Compiled:
    """The rules and the checks that the axioms of ``g`` give."""
    out = Compiled()
    names = _Vars()
    fresh = _Vars().fresh
    sub_class: set[tuple[Node, Node]] = set()
    for s, o in g.subject_objects(RDFS.subClassOf):
        sub_class.add((s, o))
    for s, o in g.subject_objects(OWL.equivalentClass):
        sub_class |= {(s, o), (o, s)}
    for node in g.subjects(OWL.intersectionOf, None):
        for member in _list(g, g.value(node, OWL.intersectionOf)):
            sub_class.add((node, member))
    for node in g.subjects(OWL.unionOf, None):
        if not _is_datatype(g, node):
            for member in _list(g, g.value(node, OWL.unionOf)):
                sub_class.add((member, node))
    named_pairs: set[tuple[Node, Node]] = set()
    for sub, sup in sub_class:
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            if sup not in NOT_KEPT_TYPES:
                named_pairs.add((sub, sup))
            continue
        cond = condition(parse_class(g, sub), "?x", names)
        cons = consequences(parse_class(g, sup), "?x")
        if cond and cons:
            bodies = condition_bodies(parse_class(g, sub), "?x", fresh)
            head = consequence_patterns(parse_class(g, sup), "?x")
            assert bodies is not None and head is not None
            out.rules.append(_guarded(f"class {sub} ⊑ {sup}", cons, cond, bodies, head))
    if named_pairs:
        out.rules.append(_table("subclass", "?x a ?d .", named_pairs, "?c ?d", "?x a ?c ."))

    sub_prop: set[tuple[Node, Node]] = set(g.subject_objects(RDFS.subPropertyOf))
    for s, o in g.subject_objects(OWL.equivalentProperty):
        sub_prop |= {(s, o), (o, s)}
    if sub_prop:
        out.rules.append(_table("subproperty", "?x ?q ?y .", sub_prop, "?p ?q", "?x ?p ?y ."))
    inverse: set[tuple[Node, Node]] = set()
    for s, o in g.subject_objects(OWL.inverseOf):
        inverse |= {(s, o), (o, s)}
    inverse |= {(p, p) for p in g.subjects(RDF.type, OWL.SymmetricProperty)}
    if inverse:
        out.rules.append(_table("inverse", "?y ?q ?x .", inverse, "?p ?q", "?x ?p ?y ."))
    for p in g.subjects(RDF.type, OWL.TransitiveProperty):
        t, c = _term(p), _constant(p)
        out.rules.append(
            _guarded(
                f"transitive {p}",
                [f"?x {t} ?z ."],
                f"?x {t} ?y . ?y {t} ?z .",
                [(("?x", c, "?y"), ("?y", c, "?z"))],
                [("?x", c, "?z")],
            )
        )
    for prop, chain in g.subject_objects(OWL.propertyChainAxiom):
        steps = _list(g, chain)
        hops = " ".join(f"?c{i} {_term(s)} ?c{i + 1} ." for i, s in enumerate(steps))
        body = tuple((f"?c{i}", _constant(s), f"?c{i + 1}") for i, s in enumerate(steps))
        end = f"?c{len(steps)}"
        out.rules.append(
            _guarded(
                f"chain {prop}",
                [f"?c0 {_term(prop)} {end} ."],
                hops,
                [body],
                [("?c0", _constant(prop), end)],
            )
        )

    domains: set[tuple[Node, Node]] = set()
    ranges: set[tuple[Node, Node]] = set()
    for prop, cls in g.subject_objects(RDFS.domain):
        if isinstance(cls, URIRef) and cls not in NOT_KEPT_TYPES:
            domains.add((prop, cls))
        elif not isinstance(cls, URIRef):
            cons = consequences(parse_class(g, cls), "?x")
            head = consequence_patterns(parse_class(g, cls), "?x")
            if cons and head:
                where, body = f"?x {_term(prop)} ?y .", (("?x", _constant(prop), "?y"),)
                out.rules.append(_guarded(f"domain {prop}", cons, where, [body], head))
    for prop, cls in g.subject_objects(RDFS.range):
        if _is_datatype(g, cls) or (prop, RDF.type, OWL.DatatypeProperty) in g:
            continue
        if isinstance(cls, URIRef) and cls not in NOT_KEPT_TYPES:
            ranges.add((prop, cls))
        elif not isinstance(cls, URIRef):
            cons = consequences(parse_class(g, cls), "?y")
            head = consequence_patterns(parse_class(g, cls), "?y")
            if cons and head:
                where = f"?x {_term(prop)} ?y . FILTER(!isLiteral(?y))"
                body = (("?x", _constant(prop), "?y"),)
                rule = _guarded(f"range {prop}", cons, where, [body], head, frozenset({"?y"}))
                out.rules.append(rule)
    if domains:
        out.rules.append(_table("domain", "?x a ?d .", domains, "?p ?d", "?x ?p ?y ."))
    if ranges:
        out.rules.append(
            _table("range", "?y a ?d .", ranges, "?p ?d", "?x ?p ?y .", "FILTER(!isLiteral(?y))")
        )

    out.self_properties = _iris(
        p for r in g.subjects(OWL.hasSelf, None) for p in g.objects(r, OWL.onProperty)
    )
    out.functional = _iris(g.subjects(RDF.type, OWL.FunctionalProperty))
    out.inverse_functional = _iris(g.subjects(RDF.type, OWL.InverseFunctionalProperty))
    for cls, restriction in g.subject_objects(RDFS.subClassOf):
        on = g.value(restriction, OWL.onProperty)
        one = [g.value(restriction, k) for k in (OWL.cardinality, OWL.maxCardinality)]
        if (
            isinstance(cls, URIRef)
            and isinstance(on, URIRef)
            and any(isinstance(v, Literal) and v.toPython() == 1 for v in one)
        ):
            out.max_one.add((cls, on))
    for a, b in g.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            out.disjoint.add((a, b))
    for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [m for m in _list(g, g.value(node, OWL.members)) if isinstance(m, URIRef)]
        out.disjoint |= set(itertools.combinations(members, 2))
    return out


# -- reading the store ---------------------------------------------------------------------
def ontology_graph(db: ox.Store) -> Graph:
    """The store's ontology graph as an rdflib graph."""
    g = Graph()
    for q in db.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_IRI)):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g


# -- what is kept --------------------------------------------------------------------------
Triple = tuple[Node, Node, Node]


def kept(triples: Iterable[Triple], ontology: Graph, self_props: set[URIRef]) -> set[Triple]:
    """The entailments about the graph's resources (see the module's docstring)."""
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    terms.add(URIRef(ONTOLOGY_IRI))
    out: set[Triple] = set()
    for s, p, o in triples:
        if not isinstance(s, URIRef) or s in terms or str(s).startswith(VOCABULARY):
            continue
        if p == RDF.type:
            if not isinstance(o, URIRef) or o in NOT_KEPT_TYPES:
                continue
        elif str(p).startswith(VOCABULARY) or p in self_props or isinstance(o, BNode):
            continue
        out.add((s, p, o))
    return out


def _kept_test(ontology: Graph, self_props: set[URIRef]) -> Callable[[ox.Triple], bool]:
    """:func:`kept` for one pyoxigraph triple (the same test, without converting the
    registry's inferred triples to rdflib terms)."""
    terms = {str(s) for s in ontology.subjects() if isinstance(s, URIRef)}
    terms.add(ONTOLOGY_IRI)
    not_kept_types = {str(t) for t in NOT_KEPT_TYPES}
    selfs = {str(p) for p in self_props}
    rdf_type = str(RDF.type)

    def test(t: ox.Triple) -> bool:
        s, p, o = t.subject, t.predicate.value, t.object
        if not isinstance(s, ox.NamedNode) or s.value in terms or s.value.startswith(VOCABULARY):
            return False
        if p == rdf_type:
            return isinstance(o, ox.NamedNode) and o.value not in not_kept_types
        return not (p.startswith(VOCABULARY) or p in selfs or isinstance(o, ox.BlankNode))

    return test


# -- running -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Violation:
    """A resource that an axiom which can only be violated says cannot be."""

    axiom: str
    resource: str


@dataclass
class Materialisation:
    """What a run derived, per rule, and the violations found."""

    triples: int = 0
    passes: int = 0
    per_rule: dict[str, int] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)
    derived: bytes = b""
    """Every triple the rules derived that the store did not hold, kept or not, as
    N-Triples (what an incremental update starts from: :mod:`nqs.derive.incremental`);
    empty when the run only updated what a change touched (:attr:`changed`). Written by the
    store, not made of Python objects: at 1,000 standards 1.4 million triples, which as a
    list took 1.4 GB at their peak."""
    dropped: list[ox.Triple] = field(default_factory=list)
    """The derived triples not kept (the hasSelf devices, anything about ontology terms): a
    build that patches this one's store puts them back before updating its closure."""
    changed: set[ox.Triple] | None = None
    """The triples of the graph a patched build's update may have changed (its previous
    derived triples put back, over-deleted, rederived, inserted; see :mod:`nqs.patching`):
    only these can be new there, so :func:`materialise` looks for what it does not keep
    among those still in the graph and leaves :attr:`derived` as it is. ``None``: any triple
    of the graph may be new."""
    incremental: bool = False
    """Whether the closure was updated from the previous build's, not derived anew."""
    note: str = ""
    """Why it was derived anew when a previous closure was looked for."""
    warning: str = ""
    """The previous closure found but not used (corrupt), and why."""


def _construct(db: ox.Store, query: str) -> list[ox.Triple]:
    result = db.query(query)
    assert isinstance(result, ox.QueryTriples)
    return list(result)


def _select(db: ox.Store, query: str) -> Iterator[ox.QuerySolution]:
    result = db.query(query)
    assert isinstance(result, ox.QuerySolutions)
    yield from result


def _stored(db: ox.Store, t: ox.Triple) -> bool:
    """The triple is in the store (in the merge of its graphs)."""
    return (
        next(iter(db.quads_for_pattern(t.subject, t.predicate, t.object, MERGE)), None) is not None
    )


def run_rules(db: ox.Store, compiled: Compiled, graph: ox.NamedNode) -> Materialisation:
    """Apply the rules until nothing new is derived, writing into ``graph`` and the merge.

    The first pass runs every rule over the whole merge; each later pass reads what the
    pass before it derived (semi-naive: see :class:`Rule`), so that the passes after the
    first cost what they derive, not what the registry holds."""
    report = Materialisation()
    delta: set[ox.Triple] | None = None  # None: the first pass
    for _ in range(MAX_PASSES):
        report.passes += 1
        if delta is not None:
            predicates = {t.predicate.value for t in delta}
            types = {
                t.object.value
                for t in delta
                if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode)
            }
        added: set[ox.Triple] = set()
        for rule in compiled.rules:
            if delta is None or (not rule.kind and rule.touched(predicates, types)):
                found = set(_construct(db, rule.query))
                checked = rule.only_new  # its FILTER NOT EXISTS saw the store as it is now
            elif rule.kind:
                found, checked = from_delta(rule, delta), False
            else:
                continue
            new = found if checked else {t for t in found if t not in added and not _stored(db, t)}
            if new:
                add_to_graph(db, graph, new)
                report.per_rule[rule.name] = report.per_rule.get(rule.name, 0) + len(new)
                added |= new
        if not added:
            break
        delta = added
    else:
        raise RuntimeError(f"the rules still derive new triples after {MAX_PASSES} passes")
    return report


Resource = ox.NamedNode | ox.BlankNode | ox.Literal
"""A term an axiom check can be about (a literal: what an inverse-functional property points
at)."""


def check(
    db: ox.Store, compiled: Compiled, around: Iterable[Resource] | None = None
) -> list[Violation]:
    """Resources that violate a functional, inverse-functional, cardinality-1 or
    disjointness axiom; with ``around``, only those among these terms (see :func:`recheck`).

    Each check is made in two steps, linear in the registry: one grouping query finds the
    candidates (a resource with two distinct values of a functional property, two
    distinct classes of the disjoint pairs, ...), then the axiom's own query, read for the
    candidates only, says which violate it (two literals of the same value are not two
    values). The axiom's query over the whole store joined every value of a resource with
    every other, per property: quadratic in the values, and slow at registry scale. The
    queries are ``nqs/derive/queries/*.rq`` (functional, inverse-functional, max-one and
    their candidates, disjoint-classes), bound by :func:`nqs.sparql_bind.bind`. For the
    terms ``around``, the candidates are looked up term by term in the store's indexes
    instead (a query of the whole store joined to the terms as a ``VALUES`` block read the
    whole store: 43 s for 621 terms at 1,000 standards)."""
    near = None if around is None else _Around(db, set(around))
    found: list[Violation] = []
    if compiled.functional:
        props = sorted(compiled.functional)
        nodes = None if near is None else near.many_values(*props)
        found += [
            Violation(f"functional {r['p'].value}", r["x"].value)
            for r in _checked(db, "functional", {"p": props}, nodes)
        ]
    if compiled.inverse_functional:
        props = sorted(compiled.inverse_functional)
        terms = None if near is None else near.many_subjects(*props)
        found += [
            Violation(f"inverse-functional {r['p'].value}", r["x"].value)
            for r in _checked(db, "inverse-functional", {"p": props}, terms)
        ]
    by_class: dict[URIRef, list[URIRef]] = {}
    for cls, prop in sorted(compiled.max_one):
        by_class.setdefault(cls, []).append(prop)
    for cls, props in by_class.items():
        nodes = None if near is None else near.many_values(*props, of=cls)
        found += [
            Violation(f"at most one {r['p'].value} for a {r['c'].value}", r["x"].value)
            for r in _checked(db, "max-one", {"c": cls, "p": props}, nodes)
        ]
    if compiled.disjoint:
        found += _disjoint(db, compiled.disjoint, near)
    return found


class _Around:
    """The candidates of the axiom checks among given terms, each looked up in the merge."""

    def __init__(self, db: ox.Store, terms: set[Resource]) -> None:
        self.db = db
        self.nodes = sorted((t for t in terms if not isinstance(t, ox.Literal)), key=str)
        self.terms = sorted(terms, key=str)

    def _distinct(
        self, s: ox.NamedNode | ox.BlankNode | None, p: ox.NamedNode, o: OxTerm | None
    ) -> int:
        quads = self.db.quads_for_pattern(s, p, o, MERGE)
        return len({q.object if o is None else q.subject for q in itertools.islice(quads, 3)})

    def many_values(self, *props: URIRef, of: URIRef | None = None) -> list[Resource]:
        """The nodes (of the class ``of``) with two values or more of one of ``props``."""
        ps = [ox.NamedNode(str(p)) for p in props]
        cls = None if of is None else ox.NamedNode(str(of))
        return [
            x
            for x in self.nodes
            if (cls is None or _stored(self.db, ox.Triple(x, _TYPE, cls)))
            and any(self._distinct(x, p, None) > 1 for p in ps)
        ]

    def many_subjects(self, *props: URIRef) -> list[Resource]:
        """The terms that two subjects or more point at by one of ``props``."""
        ps = [ox.NamedNode(str(p)) for p in props]
        return [x for x in self.terms if any(self._distinct(None, p, x) > 1 for p in ps)]

    def classes(self, wanted: set[str]) -> Iterator[tuple[Resource, set[str]]]:
        """Each node with the classes of ``wanted`` it has."""
        for x in self.nodes:
            quads = self.db.quads_for_pattern(x, _TYPE, None, MERGE)
            yield x, {q.object.value for q in quads if isinstance(q.object, ox.NamedNode)} & wanted


def _checked(
    db: ox.Store,
    name: str,
    values: dict[str, _Values],
    candidates: Sequence[Resource] | None,
) -> list[ox.QuerySolution]:
    """The rows of the axiom's query ``name``: for ``candidates`` when given (none: no
    rows), else for those its grouping query finds (:func:`_two_steps`)."""
    if candidates is None:
        return _two_steps(db, name, values)
    if not candidates:
        return []
    if any(isinstance(x, ox.BlankNode) for x in candidates):  # VALUES cannot name one
        wanted = set(candidates)
        return [r for r in _two_steps(db, name, values) if r["x"] in wanted]
    return list(_select(db, _bound(name, {**values, "x": candidates})))


def recheck(
    db: ox.Store, compiled: Compiled, previous: Sequence[Violation], changed: Iterable[ox.Triple]
) -> list[Violation]:
    """What :func:`check` finds, after the triples ``changed`` (those that left or entered
    the merge, asserted or derived, or may have), given what it found before (``previous``).

    Each axiom is about one resource ``x`` and reads only triples with ``x`` as their subject
    (functional, cardinality 1, disjointness: ``x``'s values and classes) or their object
    (inverse-functional: what points at ``x``). So only the subjects and objects of the
    changed triples can start or stop violating one: the previous violations of the other
    resources stand, and those terms are checked again (their previous violations dropped;
    a resource is matched by its value, as :class:`Violation` names it; a blank node, by
    its label in this store: the changed triples are the store's, or were read back from
    its own dump)."""
    around: set[Resource] = set()
    for t in changed:
        for node in (t.subject, t.object):
            if isinstance(node, ox.Triple):  # RDF-star: no resource to look up
                return check(db, compiled)
            around.add(node)
    values = {term.value for term in around}
    return [*(v for v in previous if v.resource not in values), *check(db, compiled, around)]


def _violation_order(v: Violation) -> tuple[str, str]:
    return (v.axiom, v.resource)


def _query(name: str) -> str:
    return package_queries("nqs.derive", "derive")[name].text


_Term = URIRef | ox.NamedNode | ox.Literal | ox.BlankNode
_Values = _Term | Sequence[_Term]


def _bindable(node: _Term) -> Resource:
    return node if isinstance(node, Resource) else ox.NamedNode(str(node))


def _bound(name: str, values: Mapping[str, _Values]) -> str:
    """The query ``name`` with ``values`` (terms, or lists of terms) bound."""
    terms: dict[str, Resource | list[Resource]] = {}
    for k, v in values.items():
        if isinstance(v, str | Resource):  # a URIRef is a str
            terms[k] = _bindable(v)
        else:
            terms[k] = [_bindable(x) for x in v]
    return bind(_query(name), terms)


def _two_steps(db: ox.Store, name: str, values: dict[str, _Values]) -> list[ox.QuerySolution]:
    """The rows of the axiom's query ``name``, read for the candidates that the query
    ``name-candidates`` finds (every resource when one of them is a blank node, which
    ``VALUES`` cannot name)."""
    nodes = {r["x"] for r in _select(db, _bound(f"{name}-candidates", dict(values)))}
    bound: dict[str, _Values] = dict(values)
    if not any(isinstance(n, ox.BlankNode) for n in nodes):
        bound["x"] = sorted((n for n in nodes if isinstance(n, ox.NamedNode)), key=str)
    return list(_select(db, _bound(name, bound)))


def _disjoint(
    db: ox.Store, pairs: set[tuple[URIRef, URIRef]], near: _Around | None = None
) -> list[Violation]:
    """Resources of two disjoint classes (among the terms of ``near`` alone, when given):
    the classes of the pairs each resource has (one grouping query, or a lookup per term),
    then the pairs among them (a resource has few)."""
    disjoint = {(str(a), str(b)) for a, b in pairs}
    classes = sorted({c for pair in pairs for c in pair})
    typed: Iterable[tuple[OxTerm | None, set[str]]]
    if near is None:
        rows = _select(db, _bound("disjoint-classes", {"c": classes}))
        typed = ((row["x"], set(_literal(row["classes"]).value.split())) for row in rows)
    else:
        typed = near.classes({str(c) for c in classes})
    found: set[Violation] = set()
    for resource, mine in typed:
        for a, b in itertools.product(mine, mine):
            if (a, b) in disjoint:
                assert resource is not None
                found.add(Violation(f"disjoint {a} {b}", resource.value))
    return sorted(found, key=_violation_order)


def _literal(term: OxTerm | None) -> ox.Literal:
    assert isinstance(term, ox.Literal)
    return term


Update = Callable[[ox.Store, Compiled, ox.NamedNode], Materialisation]
"""What brings ``graph/inferred`` (and the merge) to the closure of the store's asserted
graphs, given the compiled rules: :func:`run_rules`, or an incremental update."""


def materialise(
    db: ox.Store,
    base_iri: str,
    update: Update | None = None,
    previous: Sequence[Violation] | None = None,
    asserted: Iterable[ox.Triple] = (),
) -> Materialisation:
    """Derive the ontology's entailments over the whole store (its default graph, the merge
    of its named graphs) into its ``graph/inferred`` and the merge, and check the axioms
    that can only be violated. ``update`` derives them instead of :func:`run_rules` (see
    :mod:`nqs.derive.incremental`). When it reports the derived triples it may have changed,
    ``previous`` (the violations of the store before the change) and ``asserted`` (the
    asserted triples that left or entered the merge) make the checks read only the resources
    the change touched (:func:`recheck`)."""
    graph = ox.NamedNode(base_iri + INFERRED_GRAPH)
    onto = ontology_graph(db)
    compiled = compile_ontology(onto)
    report = (update or run_rules)(db, compiled, graph)
    # Drop what is not kept: the hasSelf devices (and anything about ontology terms).
    is_kept = _kept_test(onto, compiled.self_properties)
    if report.changed is None:
        report.derived = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""
        triples = (
            ox.Triple(q.subject, q.predicate, q.object)
            for q in db.quads_for_pattern(None, None, None, graph)
        )
        dropped = [t for t in triples if not is_kept(t)]
    else:  # only the changed triples can be new (and not kept)
        dropped = sorted(
            (t for t in report.changed if not is_kept(t) and in_graph(db, t, graph)), key=str
        )
    remove_from_graph(db, graph, dropped)
    report.triples = graph_size(db, graph)
    report.dropped = dropped
    if previous is None or report.changed is None:
        found = check(db, compiled)
    else:
        # a derived triple not kept is in the merge neither now nor when ``previous`` was found
        kept_changes = (t for t in report.changed if is_kept(t))
        found = recheck(db, compiled, previous, itertools.chain(kept_changes, asserted))
    report.violations = sorted(found, key=_violation_order)
    return report


def in_graph(db: ox.Store, t: ox.Triple, graph: ox.NamedNode) -> bool:
    """Whether ``graph`` holds ``t``."""
    return next(db.quads_for_pattern(t.subject, t.predicate, t.object, graph), None) is not None


def owlrl_entailments(data: Graph, ontology: Graph) -> set[Triple]:
    """The kept entailments of ``data`` with ``ontology`` by owlrl's OWL 2 RL closure (with
    its extension for owl:hasSelf): the reference the faster rules are tested against."""
    import owlrl

    merged = Graph()
    for triple in itertools.chain(data, ontology):
        merged.add(triple)
    before = set(merged)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Extension, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(merged)
    self_props = compile_ontology(ontology).self_properties
    return kept((t for t in merged if t not in before), ontology, self_props)


# -- HermiT --------------------------------------------------------------------------------
@dataclass(frozen=True)
class HermitResult:
    """HermiT's verdict on a graph, and how long loading and reasoning took."""

    consistent: bool
    unsatisfiable: tuple[str, ...]
    load_seconds: float
    reason_seconds: float
    output: str


def hermit_consistency(
    ntriples: bytes, classify: bool = False, memory_mb: int = 2000
) -> HermitResult:
    """Load ``ntriples`` (the ontology and the data) into an owlready2 world and ask HermiT
    whether it is consistent; with ``classify``, also which named classes are unsatisfiable.

    owlready2's ``sync_reasoner_hermit`` also classifies every individual (HermiT's ``-I``),
    which takes minutes on the whole corpus; consistency is the question here, so HermiT is
    run, on the world owlready2 loaded and saved, with its consistency action (``-k``) only.
    xsd:date and xsd:gYear are outside the OWL 2 datatype map: HermiT treats them as opaque
    (``--ignoreUnsupportedDatatypes``)."""
    import io
    import subprocess
    import tempfile
    import time

    import owlready2
    from owlready2 import reasoning

    started = time.perf_counter()
    world = owlready2.World()
    world.get_ontology("https://w3id.org/kz-nqs/consistency-check").load(
        fileobj=io.BytesIO(ntriples), format="ntriples"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/world.nt"
        with open(path, "wb") as out:
            world.save(out, format="ntriples")
        world.close()
        loaded = time.perf_counter()
        command = [
            owlready2.JAVA_EXE,
            f"-Xmx{memory_mb}M",
            "-cp",
            reasoning._HERMIT_CLASSPATH,
            "org.semanticweb.HermiT.cli.CommandLine",
            "-k",
            *(["-c"] if classify else []),
            "--ignoreUnsupportedDatatypes",
            f"file://{path}",
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    finished = time.perf_counter()
    output = done.stdout + done.stderr
    if done.returncode != 0 and "InconsistentOntologyException" not in output:
        raise RuntimeError(f"HermiT failed:\n{output[-2000:]}")
    nothing = re.findall(r"EquivalentClasses\(([^)]*owl#Nothing[^)]*)\)", done.stdout)
    unsatisfiable = tuple(
        sorted(
            iri
            for group in nothing
            for iri in re.findall(r"<([^>]+)>", group)
            if not iri.endswith("owl#Nothing")
        )
    )
    return HermitResult(
        consistent=done.returncode == 0 and "is satisfiable" in done.stdout,
        unsatisfiable=unsatisfiable,
        load_seconds=loaded - started,
        reason_seconds=finished - loaded,
        output=output,
    )


def graph_ntriples(db: ox.Store) -> bytes:
    """Every triple of the store (the merge of its graphs, its default graph) as N-Triples."""
    return db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=MERGE) or b""
