"""Text keys: the normalised form of the texts that queries compare, made once at build time.

Queries that compare texts ignoring case, ``ё``/``е``, punctuation and spacing (the
competencies, items and titles of the library, the related occupations of a card) read the
key instead of normalising the text at query time. SPARQL engines disagree on string
functions over Cyrillic data: Virtuoso 7 lower-cases the bytes of a stored UTF-8 string
rather than its characters (``LCASE`` gives invalid UTF-8, which a following ``REPLACE``
mangles) and matches ``REGEX(…, "i")`` case-sensitively outside ASCII. A key made here is
the same literal on every engine.

The key is :func:`nqs.textsim.normalise`, the normalisation the library states in words:
lower case, ``ё`` → ``е``, every run of characters other than letters and digits → one
space, trimmed; on every text of the bundled build it is what
``REPLACE(REPLACE(REPLACE(LCASE(?t), "ё", "е"), "[^\\p{L}\\p{N}]+", " "), "^ | $", "")``
gives in Oxigraph. Each key keeps the language tag of its text, so a resource with texts in
two languages has one key per language (pair them with ``LANG``).

The keys go into the named graph ``graph/text-keys`` under the instance base, and into the
merge (the default graph) where queries read them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

import pyoxigraph as ox

from nqs.derive.reasoning import INFERRED_GRAPH
from nqs.namespaces import NQS, RDF, RDFS
from nqs.queries import package_queries
from nqs.sparql_bind import bind
from nqs.store import MERGE, graph_size
from nqs.textsim import normalise

KEYS_GRAPH = "graph/text-keys"
_TYPE = ox.NamedNode(str(RDF.type))

LABELLED_CLASSES = (
    "ProfessionCard",
    "AlternativeTitle",
    "RelatedOccupation",
    "PersonalCompetency",
    "Knowledge",
    "Ability",
)
"""The classes whose labels get a key (``nqs:labelKey``): of resources asserted to be of one
by a document or a link rule (not only inferred)."""

KEYED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (str(RDFS.label), str(NQS.labelKey), LABELLED_CLASSES),
    (str(NQS.educationLevel), str(NQS.educationLevelKey), ()),
    (str(NQS.levelNote), str(NQS.levelNoteKey), ()),
)
"""(text property, key property, classes of the subjects; empty: any subject)."""


def key_literal(text: ox.Literal) -> ox.Literal:
    """The key of a literal, with its language tag (a plain string when it has none)."""
    if text.language:
        return ox.Literal(normalise(text.value), language=text.language)
    return ox.Literal(normalise(text.value))


def _texts(
    db: ox.Store, prop: str, classes: tuple[str, ...], inferred: str
) -> Iterator[tuple[ox.NamedNode, ox.Literal]]:
    """The subjects and texts of ``prop``, of subjects asserted (not inferred) to be of one of
    ``classes`` when they are given (``nqs/derive/queries/texts-of-classes.rq``, else
    ``texts.rq``)."""
    queries = package_queries("nqs.derive", "derive")
    if classes:
        # the property and the classes in one block: as two, Oxigraph 0.5 scans ?s ?prop ?t
        pairs = [(prop, f"{NQS}{c}") for c in classes]
        text = bind(
            queries["texts-of-classes"].text,
            {"inferred": inferred},
            rows={("prop", "class"): pairs},
        )
    else:
        text = bind(queries["texts"].text, {"prop": prop})
    result = db.query(text)
    assert isinstance(result, ox.QuerySolutions)
    for row in result:
        s, t = row["s"], row["t"]
        if isinstance(s, ox.NamedNode) and isinstance(t, ox.Literal):
            yield s, t


def _texts_of(
    db: ox.Store,
    prop: str,
    classes: tuple[str, ...],
    inferred: str,
    subjects: Collection[ox.NamedNode],
) -> set[tuple[ox.NamedNode, ox.Literal]]:
    """What :func:`_texts` selects, for ``subjects`` only, looked up subject by subject (the
    queries joined to a VALUES block of thousands of subjects took minutes in Oxigraph 0.5):
    a subject with a type of ``classes`` in a named graph other than ``inferred`` (when
    classes are given), its literals of ``prop`` in the merge."""
    types = {ox.NamedNode(f"{NQS}{c}") for c in classes}
    predicate, reasoner = ox.NamedNode(prop), ox.NamedNode(inferred)
    found: set[tuple[ox.NamedNode, ox.Literal]] = set()
    for s in subjects:
        if types and not any(
            q.object in types
            and isinstance(q.graph_name, ox.NamedNode)
            and q.graph_name != reasoner
            for q in db.quads_for_pattern(s, _TYPE, None, None)
        ):
            continue
        for q in db.quads_for_pattern(s, predicate, None, ox.DefaultGraph()):
            if isinstance(q.object, ox.Literal):
                found.add((s, q.object))
    return found


def text_keys(
    db: ox.Store, base_iri: str, subjects: Collection[ox.NamedNode] | None = None
) -> set[ox.Triple]:
    """The keys of every keyed text in the merge (of ``subjects`` only, when given: a
    subject's keys depend on the merge's triples about it alone, its texts and its asserted
    classes)."""
    if subjects is not None and not subjects:
        return set()
    triples: set[ox.Triple] = set()
    for prop, key, classes in KEYED:
        predicate = ox.NamedNode(key)
        inferred = base_iri + INFERRED_GRAPH
        texts = (
            _texts(db, prop, classes, inferred)
            if subjects is None
            else _texts_of(db, prop, classes, inferred, subjects)
        )
        for subject, text in texts:
            triples.add(ox.Triple(subject, predicate, key_literal(text)))
    return triples


def add_text_keys(db: ox.Store, base_iri: str) -> int:
    """Add the keys of every keyed text in the merge; returns how many there are.

    Written by Oxigraph's bulk loader (``bulk_extend``, not one transaction, as a full build
    writes the documents and the summary) as the queries give the texts, none held (at
    1,000 standards 317,000 keys, twice; a key made twice is stored once)."""
    graph = ox.NamedNode(base_iri + KEYS_GRAPH)
    inferred = base_iri + INFERRED_GRAPH
    db.bulk_extend(
        ox.Quad(subject, predicate, key_literal(text), g)
        for prop, key, classes in KEYED
        for predicate in (ox.NamedNode(key),)
        for subject, text in _texts(db, prop, classes, inferred)
        for g in (graph, MERGE)
    )
    return graph_size(db, graph)
