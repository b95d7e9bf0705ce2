"""A small change built by patching a copy of the current store (issue 22 item 3).

A build whose documents differ from the current build's in a few graphs makes its store as
a copy of the current one (:func:`nqs.store.new_build` with ``base``: hard links, a few
milliseconds) and changes in it only what the change touches, instead of loading every
graph again and moving the closure in and out:

1. the document graphs that left or changed are removed (each triple from the merge too,
   unless another graph still holds it) and the new ones added (:func:`patch_documents`);
2. the links are derived again in full, on a copy of the previous build's *asserted
   store* (its documents, ontology and links as they were before reasoning, a checkpoint
   kept in ``<store>.cache/asserted/<build id>``, patched the same way): the link rules
   must not see the closure, the text keys or the build's description; what differs from
   the current links graph is removed from and added to it (:func:`relink`);
3. the closure in ``graph/inferred`` is updated in place by delete and rederive
   (:func:`nqs.derive.incremental.update`), from the triples that left and entered the
   asserted graphs, after the derived triples the previous build did not keep are put
   back (``not-kept.nt`` in its build directory) (:func:`reason_in_place`);
4. the graphs made after reasoning (the text keys, the summary) are made again where the
   change can change them (the text keys of the changed triples' subjects, the summary's
   nodes of the keys and groups they reach: :class:`MadeAfter`; over the whole merge when
   the closure was derived anew or the change is large) and the difference applied; their
   triples that the rules or the axiom checks could read (a full build's do not see them:
   the text keys of ``nqs:levelNoteKey``, whose domain gives a type; the summary's
   functional properties) are taken out of the merge, where the rules and checks read,
   before the closure is updated, their named graph left whole, and put back after, as is
   the previous build's description.

The result is the store a full build makes (tests/building/test_incremental_build.py
compares them quad by quad). A build takes this path when the current build recorded
what it was made of (``patch.json``: each graph's SHA-256, made by the same code, see
:func:`patch_version`), its asserted store is kept, no graph of the change holds a blank
node, and the change is at most :data:`MAX_CHANGE` of the
documents' triples (:func:`plan`); otherwise it builds in full.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from nqs import __version__
from nqs.derive import incremental, reasoning
from nqs.derive.incremental import (
    has_blank,
    may_hold_blank,
    parse_triples,
    reasoner_version,
    update,
)
from nqs.derive.links import LINKS_GRAPH, apply_links
from nqs.derive.reasoning import Compiled, Materialisation, Violation, materialise
from nqs.files import write_whole
from nqs.sparql_bind import bind, splice, values_block
from nqs.store import (
    MERGE,
    StoreError,
    add_to_graph,
    current_build,
    load_graphs,
    remove_from_graph,
)
from nqs.store.builds import store_query
from nqs.store.description import BUILD_GRAPH

FORMAT = 1
PATCH_RECORD = "patch.json"
NOT_KEPT = "not-kept.nt"
MAX_CHANGE = incremental.MAX_CHANGE
"""A change of more of the documents' triples (or graphs) than this share is built whole."""
ASSERTED = "asserted"
"""The cache's folder of asserted stores (``<store>.cache/asserted/<build id>``)."""

Loader = Callable[[ox.Store, Sequence[tuple[str, bytes]]], None]
Maker = Callable[[ox.Store, str], set[ox.Triple]]
"""What makes a derived graph's triples from the store (e.g. the text keys)."""
SubjectMaker = Callable[[ox.Store, str, set[ox.NamedNode]], set[ox.Triple]]
"""What makes those of a derived graph's triples whose subject is one of the given nodes."""


Patcher = Callable[
    [ox.Store, str, set[ox.Triple]],
    tuple[set[ox.NamedNode], set[ox.Triple]] | None,
]
"""Given the triples of the merge that changed (asserted, derived, and those of the graphs
made before), the subjects of a made graph whose triples may change and their triples now
(the graph as the previous build made it is in the store, whole, meanwhile); None when the
graph must be made whole."""


@dataclass(frozen=True)
class MadeAfter:
    """A graph a build makes after reasoning: its name under the base, what makes its
    triples over the whole merge, and what makes again only the triples a change can change:
    ``of_subjects``, for a graph whose triples about a subject depend on the merge's triples
    about that subject alone (the text keys), made again for the subjects of the triples that
    changed, asserted or derived; or ``patch`` (the summary, :data:`Patcher`). A graph made
    from the merge alone (``merge_only``: never from which graph states a triple, as the text
    keys' asserted classes are) is given only the triples that left or entered the merge: a
    document's triple that an unchanged document also states is no change for it."""

    name: str
    make: Maker
    of_subjects: SubjectMaker | None = None
    patch: Patcher | None = None
    merge_only: bool = False


_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def patch_version() -> str:
    """The code that makes a build's graphs from its documents' N-Triples, hashed: the
    reasoner and ontology (:func:`~nqs.derive.incremental.reasoner_version`), the link
    rules, the text keys, the store's layout and this module."""
    root = Path(__file__).parent
    digest = hashlib.sha256(f"patch {FORMAT} {__version__} {reasoner_version()}\0".encode())
    from nqs.derive.links import rules_dir

    paths = [
        root / "build.py",
        Path(__file__),
        *sorted((root / "derive").rglob("*.py")),
        *sorted((root / "derive").rglob("*.rq")),
        *sorted((root / "store").rglob("*.py")),
        *sorted((root / "store").rglob("*.rq")),
        *sorted(rules_dir().glob("*.rq")),
    ]
    for path in paths:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _graph_sha(graph: str, ntriples: bytes, digests: Mapping[str, str] | None) -> str:
    """A document graph's SHA-256: the one the caller has (``digests``), else computed."""
    return (digests or {}).get(graph) or _sha(ntriples)


def asserted_folder(cache: Path) -> Path:
    return cache / ASSERTED


def keep_record(
    build: Path,
    base_iri: str,
    parts: Sequence[tuple[str, bytes]],
    dropped: list[ox.Triple],
    change: Plan | None = None,
    violations: Sequence[Violation] = (),
    digests: Mapping[str, str] | None = None,
) -> None:
    """Write what a later build needs to patch this one: ``patch.json`` (each document
    graph's SHA-256 and whether it may hold a blank node, taken from the build patched,
    ``change``, for the graphs it had; the axioms' ``violations``, which its checks keep for
    the resources the change does not touch) and the derived triples not kept. ``digests``:
    the graphs' SHA-256 where the caller has them (the others are computed)."""
    data = ox.serialize(sorted(dropped, key=str), format=ox.RdfFormat.N_TRIPLES) or b""
    write_whole(build / NOT_KEPT, data)
    known = change.kept if change else {}
    graphs: dict[str, list[object]] = {}
    for graph, ntriples in parts:
        sha = _graph_sha(graph, ntriples, digests)
        entry = known.get(graph)
        graphs[graph] = entry if entry and entry[0] == sha else [sha, may_hold_blank(ntriples)]
    record = {
        "format": FORMAT,
        "version": patch_version(),
        "base_iri": base_iri,
        "graphs": graphs,
        "not_kept": _sha(data),
        "violations": [[v.axiom, v.resource] for v in violations],
    }
    write_whole(build / PATCH_RECORD, json.dumps(record).encode())


@dataclass
class Plan:
    """A change to patch into a copy of the current build."""

    previous: Path
    """The current build's directory (the store copied)."""
    asserted: Path
    """Its asserted store (documents, ontology, links), in the cache."""
    gone: list[str]
    """The graphs that left or changed."""
    new: list[tuple[str, bytes]]
    """The graphs that came or changed, with their N-Triples."""
    not_kept: bytes
    kept: dict[str, list[object]]
    """The current build's record of its document graphs (``patch.json``)."""
    violations: list[Violation] | None = None
    """The axioms' violations in the current build (None: not recorded)."""


def plan(
    store: Path,
    cache: Path,
    base_iri: str,
    parts: Sequence[tuple[str, bytes]],
    digests: Mapping[str, str] | None = None,
) -> tuple[Plan | None, str]:
    """The patch from the current build to ``parts`` (each document's graph and N-Triples;
    the ontology is the same when :func:`patch_version` is), or None and why it must be
    built in full; ``digests``: the graphs' SHA-256 where the caller has them."""
    try:
        previous = current_build(store)
        record = json.loads((previous / PATCH_RECORD).read_text(encoding="utf-8"))
        not_kept = (previous / NOT_KEPT).read_bytes()
    except (StoreError, OSError, ValueError):
        return None, "no record of the current build to patch"
    asserted = asserted_folder(cache) / previous.name
    if record.get("format") != FORMAT or record.get("version") != patch_version():
        return None, "the current build was made by other code"
    if record.get("base_iri") != base_iri or _sha(not_kept) != record.get("not_kept"):
        return None, "the current build's record does not match"
    if not asserted.is_dir():
        return None, "the current build's asserted store is not kept"
    kept: dict[str, list[object]] = record["graphs"]
    now = {g: _graph_sha(g, nt, digests) for g, nt in parts}
    gone = [g for g, (sha, _) in kept.items() if now.get(g) != sha]
    new = [(g, nt) for g, nt in parts if (kept.get(g) or [None])[0] != now[g]]
    total = sum(len(nt) for _, nt in parts)
    if sum(len(nt) for _, nt in new) > MAX_CHANGE * total or len(gone) > MAX_CHANGE * len(kept):
        return None, f"{len(new)} graphs new, {len(gone)} gone: too large a change"
    if any(kept[g][1] for g in gone) or any(may_hold_blank(nt) for _, nt in new):
        return None, "a blank node in the change"
    found = record.get("violations")
    violations = None if found is None else [Violation(axiom, x) for axiom, x in found]
    return Plan(previous, asserted, gone, new, not_kept, kept, violations), ""


# -- patching --------------------------------------------------------------------------------
def graph_triples(db: ox.Store, graph: ox.NamedNode) -> set[ox.Triple]:
    """The triples of one named graph."""
    return {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in db.quads_for_pattern(None, None, None, graph)
    }


def drop_graph(db: ox.Store, graph: ox.NamedNode) -> None:
    """Remove a named graph, and from the merge the triples no other graph holds (found by
    ``nqs/store/queries/graph-alone.rq``, evaluated by the store: removing the triples one
    by one, each looked up in every graph from Python, cost ten times as much)."""
    alone = db.query(bind(store_query("graph-alone"), {"graph": graph}))
    assert isinstance(alone, ox.QueryTriples)
    merged = [ox.Quad(t.subject, t.predicate, t.object, MERGE) for t in alone]
    db.remove_graph(graph)
    for quad in merged:
        db.remove(quad)


def add_graph(db: ox.Store, graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
    """Add triples without blank nodes to a named graph and the merge, in one bulk load."""
    load_graphs(db, [(graph.value, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")])


def set_graph(db: ox.Store, graph: ox.NamedNode, triples: set[ox.Triple]) -> set[ox.Triple]:
    """Make a named graph hold ``triples``, changing only the difference (the merge
    likewise); the triples it held."""
    old = graph_triples(db, graph)
    remove_from_graph(db, graph, old - triples)
    add_to_graph(db, graph, sorted(triples - old, key=str))
    return old


def patch_documents(db: ox.Store, change: Plan, load: Loader) -> set[ox.Triple]:
    """Remove the graphs that left or changed, add the new ones (with ``load``, as a full
    build does); the removed graphs' triples."""
    removed: set[ox.Triple] = set()
    for name in change.gone:
        graph = ox.NamedNode(name)
        removed |= graph_triples(db, graph)
        drop_graph(db, graph)
    load(db, change.new)
    return removed


def asserted_store(change: Plan, target: Path, load: Loader, base_iri: str) -> set[ox.Triple]:
    """The asserted store of the new build at ``target`` (the previous one copied and
    patched, its links derived again); the new links."""
    ox.Store.read_only(str(change.asserted)).backup(str(target))
    db = ox.Store(str(target))
    patch_documents(db, change, load)
    links = ox.NamedNode(base_iri + LINKS_GRAPH)
    drop_graph(db, links)
    apply_links(db, base_iri)
    new = graph_triples(db, links)
    db.flush()
    del db
    return new


def keep_asserted(db: ox.Store, target: Path) -> None:
    """Keep the asserted store as it is now (before reasoning) at ``target``."""
    db.flush()
    db.backup(str(target))


def settle_asserted(cache: Path, partial: Path, ok: bool) -> None:
    """After the build: its asserted store (``<id>.partial``) becomes the only one kept
    when ``ok``, else it is removed."""
    folder = asserted_folder(cache)
    if not ok:
        shutil.rmtree(partial, ignore_errors=True)
        return
    final = partial.with_name(partial.name.removesuffix(".partial"))
    partial.rename(final)
    for other in folder.iterdir():
        if other != final:
            shutil.rmtree(other, ignore_errors=True)


@dataclass
class Asserted:
    """What left and entered the asserted graphs (documents and links)."""

    removed_documents: set[ox.Triple]
    added_documents: set[ox.Triple]
    old_links: set[ox.Triple]
    new_links: set[ox.Triple]


@dataclass(frozen=True)
class Readable:
    """What a rule's pattern or an axiom check can read: triples of these predicates, and
    ``rdf:type`` triples of these classes (anything, when a pattern's predicate is a
    variable)."""

    predicates: frozenset[str]
    classes: frozenset[str]
    anything: bool


def _readable(compiled: Compiled) -> Readable:
    """What can match a pattern of a rule or be read by an axiom check (by a triple's
    predicate, and the class of an ``rdf:type`` triple)."""
    predicates: set[str] = set()
    classes: set[str] = set()
    anything = False
    for rule in compiled.rules:
        if rule.kind:
            firsts = {a for a, _ in rule.pairs}
            if rule.kind == "inverse":  # matched both ways
                firsts |= {b for _, b in rule.pairs}
            (classes if rule.kind == "subclass" else predicates).update(firsts)
            continue
        for _, p, o in (pattern for body in rule.bodies for pattern in body):
            if isinstance(p, str) or (p == _TYPE and isinstance(o, str)):
                anything = anything or isinstance(p, str)
                predicates.add(_TYPE.value)
            elif p == _TYPE and isinstance(o, ox.NamedNode):
                classes.add(o.value)
            elif isinstance(p, ox.NamedNode):
                predicates.add(p.value)
    predicates |= {str(p) for p in compiled.functional | compiled.inverse_functional}
    predicates |= {str(p) for _, p in compiled.max_one}
    classes |= {str(c) for pair in compiled.disjoint for c in pair}
    classes |= {str(c) for c, _ in compiled.max_one}

    return Readable(frozenset(predicates), frozenset(classes), anything)


def _of_subjects(db: ox.Store, graph: ox.NamedNode, subjects: set[ox.NamedNode]) -> set[ox.Triple]:
    """The triples of ``graph`` about ``subjects``, looked up subject by subject."""
    return {
        ox.Triple(q.subject, q.predicate, q.object)
        for s in subjects
        for q in db.quads_for_pattern(s, None, None, graph)
    }


_OUT = """DELETE { ?s ?p ?o } WHERE {
  %s GRAPH <$graph> { ?s ?p ?o }
  FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER (?other != <$graph>) }
}"""
_BACK = "INSERT { ?s ?p ?o } WHERE { %s GRAPH <$graph> { ?s ?p ?o } }"
"""Take out of the merge a named graph's triples of the predicates (or classes) bound by
``VALUES`` that no other named graph holds; put them back into the merge (which holds every
named graph's triples). A ``FILTER (?p IN (…))`` instead tests every triple of the graph:
16 s for the text keys at 1,000 standards."""


def _in_merge(db: ox.Store, update: str, graph: ox.NamedNode, readable: Readable) -> None:
    """Run ``update`` (:data:`_OUT` or :data:`_BACK`) for the triples of ``graph`` that
    ``readable`` can read, in the store (one update per block of values, no triple through
    Python)."""
    filters = [""] if readable.anything else []
    if readable.predicates and not readable.anything:
        filters.append(values_block("p", sorted(readable.predicates)))
    if readable.classes and not readable.anything:
        filters.append(
            f"{values_block('p', [_TYPE])} {values_block('o', sorted(readable.classes))}"
        )
    for f in filters:
        db.update(splice(update % f, {"graph": graph}))


def _remake(
    db: ox.Store,
    base_iri: str,
    m: MadeAfter,
    changed: set[ox.Triple] | None,
) -> tuple[set[ox.NamedNode], set[ox.Triple]] | None:
    """The subjects of ``m``'s graph a change can change and their triples now, or None:
    made whole."""
    if changed is None:
        return None
    if m.patch is not None:
        return m.patch(db, base_iri, changed)
    if m.of_subjects is not None:
        subjects = {t.subject for t in changed if isinstance(t.subject, ox.NamedNode)}
        return subjects, m.of_subjects(db, base_iri, subjects)
    return None


def _stated_before(db: ox.Store, t: ox.Triple, base_iri: str, new_graphs: set[str]) -> bool:
    """Whether a graph that the change left as it was asserts ``t`` (a document's or the
    ontology's: not one of the build's own graphs under ``<base>graph/``, the links, the
    closure, ..., nor one of the change's new graphs)."""
    own = base_iri + "graph/"
    return any(
        isinstance(q.graph_name, ox.NamedNode)
        and q.graph_name.value not in new_graphs
        and not q.graph_name.value.startswith(own)
        for q in db.quads_for_pattern(t.subject, t.predicate, t.object, None)
    )


def reason_in_place(
    db: ox.Store,
    base_iri: str,
    change: Plan,
    asserted: Asserted,
    made_after: Sequence[MadeAfter],
) -> Materialisation:
    """Update the closure in ``graph/inferred`` and the merge for the change (the previous
    derived triples not kept put back first), then the graphs a full build makes after
    reasoning (``made_after``, in order), made again over the whole merge (or, where they
    can be, only what the changed triples can change: :class:`MadeAfter`) and changed by the
    difference: their triples that the rules or the axiom checks could read (a full build's
    do not see them: :func:`_readable`, found by predicate and class) are taken out of the
    merge before the update (:func:`_in_merge`; the rules and checks read the merge alone) and
    put back after, their named graph kept whole meanwhile. No made graph is read whole into
    Python unless it is made whole. The previous build's description is dropped first.
    :func:`~nqs.derive.reasoning.materialise`'s report."""
    drop_graph(db, ox.NamedNode(base_iri + BUILD_GRAPH))
    before = asserted.removed_documents | asserted.old_links
    after = asserted.added_documents | asserted.new_links
    documents = (before - after) | (after - before)  # the graphs' difference
    # a triple that a document left or brought but another document states too (a level,
    # an occupation, restated by hundreds of standards) neither left nor entered the merge:
    # no change for the rules, the axiom checks and the graphs made from the merge alone (the
    # text keys, which read where a class is asserted, see the whole difference)
    new_graphs = {name for name, _ in change.new}
    removed = {t for t in before - after if not reasoning._stored(db, t)}
    added = {t for t in after - before if not _stated_before(db, t, base_iri, new_graphs)}
    blank = has_blank(documents)
    not_kept = parse_triples(change.not_kept)
    readable: list[Readable] = []

    def updated(db: ox.Store, compiled: Compiled, graph: ox.NamedNode) -> Materialisation:
        readable.append(_readable(compiled))
        for name in (m.name for m in made_after):
            _in_merge(db, _OUT, ox.NamedNode(base_iri + name), readable[0])
        if blank:  # no stable identity between builds: derived anew
            drop_graph(db, graph)
            return reasoning.run_rules(db, compiled, graph)
        add_to_graph(db, graph, not_kept)
        return update(db, compiled, graph, removed, added, changed=set(not_kept))

    report = materialise(db, base_iri, updated, change.violations, removed | added)
    report.incremental = not blank
    report.note = "the store of the previous build patched"
    # the previous build's not-kept triples, put back and dropped again, changed nothing
    derived = None if report.changed is None else report.changed - not_kept
    changed = None if derived is None else documents | derived
    in_merge = None if derived is None else removed | added | derived
    for m in made_after:
        made = ox.NamedNode(base_iri + m.name)
        remade = _remake(db, base_iri, m, in_merge if m.merge_only else changed)
        if remade is None:
            new, held = m.make(db, base_iri), graph_triples(db, made)
        else:
            stale, new = remade
            held = _of_subjects(db, made, stale)
        remove_from_graph(db, made, held - new)
        add_to_graph(db, made, sorted(new - held, key=str))
        _in_merge(db, _BACK, made, readable[0])
        if changed is not None and in_merge is not None:
            changed |= held ^ new
            in_merge |= held ^ new
    return report
