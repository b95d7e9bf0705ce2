"""Incremental reasoning: the closure of a changed registry updated from the previous build's.

A build keeps, beside the store (``<store>.cache/reasoning/``), what its reasoning started
from and what it derived: the SHA-256 of each document graph's N-Triples (and where the
build cache holds them), the triples of the other asserted graphs (the links), and every
triple the rules derived (kept or not: :attr:`~nqs.derive.reasoning.Materialisation.derived`).
The next build, when the reasoner and the ontology are the same, updates that closure for
what changed instead of deriving everything anew (:func:`update`), by delete and rederive
(DRed) with semi-naive evaluation:

1. ``removed`` (the triples of the documents dropped or changed and the previous links,
   less those of the documents added or changed and the new links) and ``added`` (the
   other way round) are the change, each a superset of what really left or entered the
   asserted graphs (a triple on both sides was and is asserted).
2. The previous derived triples ``D`` are loaded into ``graph/inferred`` and the merge.
3. *Over-deletion*: every rule instance with a body triple among ``removed`` (then among what
   was over-deleted last) is matched against the merge plus ``removed`` (a superset of the
   previous closure); its head, if in ``D``, is over-deleted; until nothing new.
4. The over-deleted triples leave ``graph/inferred`` (and the merge, unless asserted).
5. *Rederivation*: each over-deleted or removed triple that one rule instance still derives
   from what is left is derived again.
6. *Insertion*: from the rederived and the ``added`` triples, semi-naive passes to the
   fixpoint (each pass matches the rule instances with a body triple among the last delta).
7. Triples of ``D`` that are now asserted leave ``graph/inferred`` (not the merge).

Why this equals a run from scratch (the closure of the new asserted graphs ``E'``): what is
left after step 4 is derivable from ``E'`` (every instance that derived a triple left has
no body triple removed or over-deleted, by step 3, which matched a superset of the previous
closure: over-deleting more is safe, step 5 and 6 put back what still holds); and every
triple of the closure of ``E'`` is there after step 6, by induction on its derivation:
its instance's body triples are all present; if they all were after step 4, the triple was
either left, or over-deleted or removed and so rederived in step 5; otherwise the last of
them to arrive came in a delta of step 6, whose pass matched the instance. Blank nodes
would have no stable identity between builds: a change or a closure with one is reasoned
anew. tests/derive/test_incremental_reasoning.py compares both ways on the bundled sources.

The rules are matched in Python (:class:`View`): their patterns' constant predicates and
classes index the delta, the other patterns are looked up in the store's indexes, binding
a variable at a time; a one-pattern rule with a table (:func:`~nqs.derive.reasoning.from_delta`)
is a lookup.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from nqs.derive import reasoning
from nqs.derive.reasoning import (
    Body,
    Compiled,
    Materialisation,
    Pattern,
    Rule,
    from_delta,
    in_graph,
)
from nqs.files import write_whole
from nqs.namespaces import ONTOLOGY_IRI
from nqs.store import MERGE, add_to_graph, remove_from_graph

STATE_FORMAT = 1
MAX_CHANGE = 0.25
"""A change of more than this share of the documents' triples is reasoned anew."""
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

Binding = dict[str, Any]
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


# -- matching rules in Python ---------------------------------------------------------------
class View:
    """The triples rules are matched against: the store's merge, and ``extra`` triples held in
    memory (the removed ones, while over-deleting)."""

    def __init__(self, db: ox.Store, extra: Iterable[ox.Triple] = ()) -> None:
        self.db = db
        self.extra: dict[ox.NamedNode, list[ox.Triple]] = {}
        for t in extra:
            self.extra.setdefault(t.predicate, []).append(t)

    def match(self, s: Term | None, p: Term | None, o: Term | None) -> Iterator[Any]:
        """The triples (or quads of the merge) matching the pattern (None: any)."""
        if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode | None):
            return
        assert not isinstance(s, ox.Triple)
        yield from self.db.quads_for_pattern(s, p, o, MERGE)
        groups = [self.extra.get(p, [])] if p is not None else list(self.extra.values())
        for group in groups:
            for t in group:
                if (s is None or t.subject == s) and (o is None or t.object == o):
                    yield t

    def has(self, t: ox.Triple) -> bool:
        return next(self.match(t.subject, t.predicate, t.object), None) is not None


def _unify(
    pattern: Pattern, t: Any, binding: Binding, not_literal: frozenset[str]
) -> Binding | None:
    """``binding`` extended so that ``pattern`` is ``t`` (None: it cannot be)."""
    out, copied = binding, False
    for slot, value in zip(pattern, (t.subject, t.predicate, t.object), strict=True):
        if isinstance(slot, str):
            bound = out.get(slot)
            if bound is None:
                if slot in not_literal and isinstance(value, ox.Literal):
                    return None
                if not copied:
                    out, copied = dict(out), True
                out[slot] = value
            elif bound != value:
                return None
        elif slot != value:
            return None
    return out


def _resolve(slot: Any, binding: Binding) -> Any:
    return binding.get(slot) if isinstance(slot, str) else slot


def _bound(pattern: Pattern, binding: Binding) -> int:
    return sum(_resolve(slot, binding) is not None for slot in pattern)


def solutions(
    view: View, patterns: Body, binding: Binding, not_literal: frozenset[str]
) -> Iterator[Binding]:
    """The bindings that extend ``binding`` and match every pattern in ``view`` (the most
    bound pattern first, looked up in the store's indexes)."""
    if not patterns:
        yield binding
        return
    best = max(range(len(patterns)), key=lambda i: _bound(patterns[i], binding))
    pattern, rest = patterns[best], patterns[:best] + patterns[best + 1 :]
    s, p, o = (_resolve(slot, binding) for slot in pattern)
    for t in view.match(s, p, o):
        more = _unify(pattern, t, binding, not_literal)
        if more is not None:
            yield from solutions(view, rest, more, not_literal)


def _heads(rule: Rule, binding: Binding) -> Iterator[ox.Triple]:
    for pattern in rule.head:
        s, p, o = (_resolve(slot, binding) for slot in pattern)
        if isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(p, ox.NamedNode):
            yield ox.Triple(s, p, o)


def derive(view: View, rules: Sequence[Rule], delta: set[ox.Triple]) -> set[ox.Triple]:
    """The heads of every rule instance, matched in ``view``, with a body triple in
    ``delta`` (semi-naive: each body pattern in turn matched to the delta)."""
    by_predicate: dict[ox.NamedNode, list[ox.Triple]] = {}
    for t in delta:
        by_predicate.setdefault(t.predicate, []).append(t)
    out: set[ox.Triple] = set()
    for rule in rules:
        if rule.kind:
            out |= from_delta(rule, delta)
            continue
        for body in rule.bodies:
            for i, pattern in enumerate(body):
                rest = body[:i] + body[i + 1 :]
                p = pattern[1]
                if isinstance(p, str):
                    candidates: Iterable[ox.Triple] = delta
                else:
                    candidates = by_predicate.get(p, []) if isinstance(p, ox.NamedNode) else []
                for t in candidates:
                    start = _unify(pattern, t, {}, rule.not_literal)
                    if start is None:
                        continue
                    for binding in solutions(view, rest, start, rule.not_literal):
                        out.update(_heads(rule, binding))
    return out


@dataclass
class _Reverse:
    """A table rule's pairs by their second member."""

    rule: Rule

    def __post_init__(self) -> None:
        self.index: dict[str, list[ox.NamedNode]] = {}
        for a, b in self.rule.pairs:
            self.index.setdefault(b, []).append(ox.NamedNode(a))

    def derives(self, view: View, h: ox.Triple) -> bool:
        """Whether one instance of the rule derives ``h`` in ``view``."""
        s, p, o = h.subject, h.predicate, h.object
        kind = self.rule.kind
        if kind in ("subclass", "domain", "range"):
            if p != _TYPE or not isinstance(o, ox.NamedNode):
                return False
            for a in self.index.get(o.value, ()):
                if kind == "subclass" and view.has(ox.Triple(s, _TYPE, a)):
                    return True
                if kind == "domain" and next(view.match(s, a, None), None) is not None:
                    return True
                if kind == "range" and next(view.match(None, a, s), None) is not None:
                    return True
            return False
        for a in self.index.get(p.value, ()):
            if kind == "subproperty" and view.has(ox.Triple(s, a, o)):
                return True
            if kind == "inverse" and not isinstance(o, ox.Literal):
                assert not isinstance(o, ox.Triple)
                if view.has(ox.Triple(o, a, s)):
                    return True
        return False


def rederivable(
    view: View, rules: Sequence[Rule], h: ox.Triple, tables: dict[str, _Reverse]
) -> bool:
    """Whether one rule instance derives ``h`` from what ``view`` holds (``tables``: the
    table rules' :class:`_Reverse` by name)."""
    for rule in rules:
        if rule.kind:
            if tables[rule.name].derives(view, h):
                return True
            continue
        for template in rule.head:
            start = _unify(template, h, {}, rule.not_literal)
            if start is None:
                continue
            for body in rule.bodies:
                if next(solutions(view, body, start, rule.not_literal), None) is not None:
                    return True
    return False


# -- the update -----------------------------------------------------------------------------
def update(
    db: ox.Store,
    compiled: Compiled,
    graph: ox.NamedNode,
    removed: set[ox.Triple],
    added: set[ox.Triple],
    changed: set[ox.Triple] | None = None,
) -> Materialisation:
    """Bring ``graph`` (holding the previous derived triples, also in the merge) and the
    merge (the new asserted graphs besides) to the new closure (steps 3-7 of the module's
    docstring). With ``changed`` (the triples the caller put into ``graph`` before), the
    report's :attr:`~nqs.derive.reasoning.Materialisation.changed` is them and what the
    update took out of ``graph`` or put there (over-deleted, rederived, inserted)."""
    rules = compiled.rules
    for rule in rules:
        if not rule.kind and not rule.bodies:
            raise ValueError(f"rule {rule.name} has no triple patterns to match")
    report = Materialisation(incremental=True)
    old = View(db, removed)
    over: set[ox.Triple] = set()
    delta = set(removed)
    while delta:
        report.passes += 1
        delta = {h for h in derive(old, rules, delta) if h not in over and in_graph(db, h, graph)}
        over |= delta
    remove_from_graph(db, graph, over)
    now = View(db)
    tables = {rule.name: _Reverse(rule) for rule in rules if rule.kind}
    candidates = {h for h in over | removed if not reasoning._stored(db, h)}
    again = {h for h in candidates if rederivable(now, rules, h, tables)}
    add_to_graph(db, graph, again)
    report.per_rule["over-deleted"] = len(over)
    report.per_rule["rederived"] = len(again)
    if changed is not None:
        report.changed = changed | over | again
    insert(db, rules, graph, again | added, report)
    asserted = [t for t in added if in_graph(db, t, graph)]
    for t in asserted:
        db.remove(ox.Quad(t.subject, t.predicate, t.object, graph))
    return report


def insert(
    db: ox.Store,
    rules: Sequence[Rule],
    graph: ox.NamedNode,
    delta: set[ox.Triple],
    report: Materialisation,
) -> None:
    """Step 6, insertion: semi-naive passes from ``delta`` (triples in the merge) to the
    fixpoint, each pass matching the rule instances with a body triple among the last delta
    against the merge; what they derive that the merge does not hold goes into ``graph`` and
    the merge (counted in ``report``: passes, ``inserted``)."""
    now = View(db)
    while delta:
        report.passes += 1
        delta = {h for h in derive(now, rules, delta) if not reasoning._stored(db, h)}
        add_to_graph(db, graph, delta)
        report.per_rule["inserted"] = report.per_rule.get("inserted", 0) + len(delta)
        if report.changed is not None:
            report.changed |= delta


# -- the state kept between builds -------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """One document graph of a build: its name, N-Triples and the file that keeps them."""

    graph: str
    ntriples: bytes
    kept_at: Path | None = None


def reasoner_version() -> str:
    """The reasoner's code, the ontology's files and pyoxigraph's version, hashed."""
    from nqs.ontology import ontology_paths

    digest = hashlib.sha256(f"state {STATE_FORMAT} pyoxigraph {ox.__version__}\0".encode())
    for path in [Path(reasoning.__file__), Path(__file__), *sorted(ontology_paths())]:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES) or b""


def parse_triples(data: bytes) -> set[ox.Triple]:
    """The triples of N-Triples (pyoxigraph parses into quads of the default graph, and a
    quad never equals a triple)."""
    return {q.triple for q in ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES)}


def may_hold_blank(ntriples: bytes) -> bool:
    """Whether N-Triples may hold a blank node: a line that starts with one (the subject), or
    one after an IRI (the object; or, rarely, a literal that holds ``> _:``: no harm). Three
    substring searches, not a multi-line regular expression: at 1,000 standards the build
    asks this of 720 MB (12 s by the expression, 1.3 s so)."""
    return ntriples.startswith(b"_:") or b"\n_:" in ntriples or b"> _:" in ntriples


def has_blank(triples: Iterable[ox.Triple]) -> bool:
    return any(
        isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples
    )


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def other_graphs(db: ox.Store, parts: Sequence[Part], graph: ox.NamedNode) -> set[ox.Triple]:
    """The triples of the asserted graphs that are neither a document's nor the ontology's
    (the links), as reasoning starts."""
    skip = {ox.NamedNode(p.graph) for p in parts} | {ox.NamedNode(ONTOLOGY_IRI), graph}
    return {
        ox.Triple(q.subject, q.predicate, q.object)
        for g in db.named_graphs()
        if isinstance(g, ox.NamedNode) and g not in skip
        for q in db.quads_for_pattern(None, None, None, g)
    }


@dataclass
class Change:
    """What changed since the state's build: the triples removed and added (supersets)."""

    removed: set[ox.Triple]
    added: set[ox.Triple]
    derived: bytes


class ReasoningState:
    """The state a store's builds keep in ``folder`` (see the module's docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.note = ""
        """Why the last :meth:`change` found none (reasoned anew)."""
        self.warning = ""
        """The kept state found but not used, and why (corrupt, or not what it says)."""

    def change(self, parts: Sequence[Part], others: set[ox.Triple]) -> Change | None:
        """The change from the kept state to ``parts`` and ``others``, or None (reason anew):
        no state, another reasoner or ontology, an entry missing or altered, blank nodes,
        or a change of more than :data:`MAX_CHANGE` of the documents' triples."""
        try:
            state = json.loads((self.folder / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.note = "no previous closure"
            return None
        if state.get("format") != STATE_FORMAT or state.get("version") != reasoner_version():
            self.note = "another reasoner or ontology"
            return None
        try:
            return self._change(state, parts, others)
        except (OSError, KeyError, TypeError, ValueError, SyntaxError) as exc:
            self.note = "the previous closure cannot be read"
            self.warning = f"{self.folder / 'state.json'}: not used, {exc or type(exc).__name__}"
            return None

    def _change(
        self, state: dict[str, Any], parts: Sequence[Part], others: set[ox.Triple]
    ) -> Change | None:
        kept: dict[str, list[str]] = state["parts"]
        now = {p.graph: _sha(p.ntriples) for p in parts}
        gone = [g for g, (sha, _) in kept.items() if now.get(g) != sha]
        new = [p for p in parts if kept.get(p.graph, [None])[0] != now[p.graph]]
        total = sum(len(p.ntriples) for p in parts)
        changed = sum(len(p.ntriples) for p in new)
        if changed > MAX_CHANGE * total:
            self.note = f"{len(new)} of {len(parts)} documents changed"
            return None
        removed: set[ox.Triple] = set()
        for g in gone:
            sha, path = kept[g]
            data = (self.folder.parent / path).read_bytes()
            if _sha(data) != sha:
                raise ValueError(f"{path} is not the document graph it was")
            removed |= parse_triples(data)
        added: set[ox.Triple] = set()
        for p in new:
            added |= parse_triples(p.ntriples)
        # what both sides hold stays asserted: an edited document's unchanged triples are
        # neither removed nor added (its graph is named anew, its triples mostly the same)
        before, after = removed | self._read("others"), added | others
        removed, added = before - after, after - before
        derived = (self.folder / "derived.nt").read_bytes()
        if _sha(derived) != state["derived"]:
            raise ValueError("derived.nt is not the closure it was")
        if has_blank(removed) or has_blank(added):
            self.note = "a blank node in the change"
            return None
        return Change(removed, added, derived)

    def _read(self, name: str) -> set[ox.Triple]:
        return parse_triples((self.folder / f"{name}.nt").read_bytes())

    def forget(self) -> None:
        """Remove the kept state (a build that patched the store updated its closure in
        place and did not keep it here)."""
        (self.folder / "state.json").unlink(missing_ok=True)

    def keep(self, parts: Sequence[Part], others: set[ox.Triple], derived: bytes) -> None:
        """Keep what this build's reasoning started from and ``derived`` (N-Triples;
        nothing, and the previous state removed, when a blank node or a document's entry is
        missing)."""
        state = self.folder / "state.json"
        state.unlink(missing_ok=True)
        blank = may_hold_blank(derived) or has_blank(others)
        if blank or any(p.kept_at is None for p in parts):
            return
        data = derived
        write_whole(self.folder / "derived.nt", data)
        write_whole(self.folder / "others.nt", _ntriples(others))
        entries = {
            p.graph: [_sha(p.ntriples), os.path.relpath(str(p.kept_at), self.folder.parent)]
            for p in parts
        }
        record = {
            "format": STATE_FORMAT,
            "version": reasoner_version(),
            "derived": _sha(data),
            "parts": entries,
        }
        write_whole(state, json.dumps(record).encode())


def reason(
    db: ox.Store,
    base_iri: str,
    parts: Sequence[Part],
    folder: Path | None,
    reuse: bool = True,
    anew: reasoning.Update | None = None,
) -> Materialisation:
    """:func:`~nqs.derive.reasoning.materialise`, updating the closure that ``folder`` keeps
    (when ``reuse`` and it can: :meth:`ReasoningState.change`) instead of deriving it anew
    (by ``anew`` when given, e.g. :func:`nqs.derive.per_document.completion`, else by
    :func:`~nqs.derive.reasoning.run_rules`), and keeping the new one there."""
    graph = ox.NamedNode(base_iri + reasoning.INFERRED_GRAPH)
    others = other_graphs(db, parts, graph)
    state = ReasoningState(folder) if folder else None
    change = state.change(parts, others) if state and reuse else None
    if change is None:
        report = reasoning.materialise(db, base_iri, anew)
    else:
        quads = change.derived.replace(b" .\n", f" <{graph.value}> .\n".encode())
        db.bulk_load(input=quads + change.derived, format=ox.RdfFormat.N_QUADS)

        def updated(db: ox.Store, compiled: Compiled, graph: ox.NamedNode) -> Materialisation:
            return update(db, compiled, graph, change.removed, change.added)

        report = reasoning.materialise(db, base_iri, updated)
    if state:
        report.note, report.warning = state.note, state.warning
        state.keep(parts, others, report.derived)
    return report
