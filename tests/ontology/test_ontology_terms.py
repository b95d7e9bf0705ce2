"""Every class and property the loaders, the link rules and the reasoner put in the graph is
declared in the ontology, in kk, ru and en, with its sources; and the declarations hold on
the whole built corpus (domains and ranges, functional properties, cardinalities,
disjointness)."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from nqs.config import Settings
from nqs.derive.reasoning import check, compile_ontology, ontology_graph
from nqs.namespaces import DCTERMS, NQS, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS
from nqs.ontology import ontology_paths
from nqs.store import ReadOnlyStore

LANGUAGES = {"en", "kk", "ru"}
KINDS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
}
# Properties of any listed or versioned element: no domain is meaningful.
NO_DOMAIN = {"ordinal", "sourceUnit", "sourceStart", "sourceEnd", "validFrom", "validUntil"}
# supersededBy links two versions of the same kind of thing, whatever it is.
NO_RANGE = {"supersededBy"}
NO_DOMAIN |= NO_RANGE
# Modules of other parts of the project (validation reports, exports, pages).
OTHER_MODULES = {"validation.ttl", "export.ttl", "ui.ttl"}
GLOSSARY = "https://w3id.org/kz-nqs/id/framework/nqf/term/"
LAW = URIRef("https://adilet.zan.kz/rus/docs/Z2300000014")
INFERRED = "https://w3id.org/kz-nqs/id/graph/inferred"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in ontology_paths():
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def db(full_settings: Settings) -> ox.Store:
    return ReadOnlyStore(full_settings.store).db


def used_terms(db: ox.Store) -> tuple[set[str], set[str]]:
    """The classes and the predicates used in every graph but the ontology's."""
    not_ontology = f"FILTER(?g != <{ONTOLOGY_IRI}>)"
    classes = _values(db, f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?s a ?x }} {not_ontology} }}")
    predicates = _values(
        db, f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?s ?x ?o }} {not_ontology} }}"
    )
    return classes, predicates


def _value(term: object) -> str:
    """The IRI, blank node id or lexical form of a term ("" for the default graph)."""
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal) else ""


def _values(db: ox.Store, query: str) -> set[str]:
    result = db.query(query)
    assert isinstance(result, ox.QuerySolutions)
    return {row["x"].value for row in result}


def nqs_terms(ontology: Graph) -> set[URIRef]:
    return {
        s
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(NQS))
    }


def langs(ontology: Graph, term: URIRef, prop: URIRef) -> Counter[str | None]:
    return Counter(o.language for o in ontology.objects(term, prop) if isinstance(o, Literal))


def test_every_used_term_is_declared(db: ox.Store, ontology: Graph) -> None:
    classes, predicates = used_terms(db)
    assert len(classes) > 80 and len(predicates) > 200  # the whole corpus, not a seed
    declared_classes = set(map(str, ontology.subjects(RDF.type, OWL.Class)))
    property_kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    declared_props = {str(s) for k in property_kinds for s in ontology.subjects(RDF.type, k)}
    declared_props.add(str(RDF.type))
    declared_props.add(str(RDFS.label))  # built into OWL as an annotation property
    assert classes - declared_classes == set()
    assert predicates - declared_props == set()


def test_used_outside_terms_say_where_they_are_defined(db: ox.Store, ontology: Graph) -> None:
    classes, predicates = used_terms(db)
    outside = {URIRef(t) for t in classes | predicates if not t.startswith(str(NQS))} - {
        RDF.type,
        RDFS.label,
    }
    for term in outside:
        assert (term, RDFS.isDefinedBy, None) in ontology, term
        assert set(langs(ontology, term, RDFS.label)) >= LANGUAGES, term


def test_every_ontology_term_has_labels_and_definitions_in_three_languages(
    ontology: Graph,
) -> None:
    terms = nqs_terms(ontology)
    assert len(terms) > 280
    for term in terms:
        kinds = set(ontology.objects(term, RDF.type))
        assert kinds & KINDS, term
        assert langs(ontology, term, RDFS.label) >= Counter(LANGUAGES), term
        definitions = langs(ontology, term, SKOS.definition)
        assert definitions == Counter(LANGUAGES), (term, definitions)
        assert (term, RDFS.isDefinedBy, URIRef(ONTOLOGY_IRI)) in ontology, term


def test_object_and_datatype_properties_have_domain_and_range() -> None:
    """In the modules of the ontology proper; the modules that other parts of the project
    add for their own terms (OTHER_MODULES) state domains and ranges where they find them
    meaningful, and are covered by the other tests."""
    ontology = Graph()
    for path in ontology_paths():
        if path.name not in OTHER_MODULES:
            ontology.parse(path)
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            if not str(prop).startswith(str(NQS)):
                continue
            name = str(prop).removeprefix(str(NQS))
            assert name in NO_RANGE or (prop, RDFS.range, None) in ontology, prop
            assert name in NO_DOMAIN or (prop, RDFS.domain, None) in ontology, prop


def test_definitions_cite_the_nqf_glossary_and_the_law(db: ox.Store, ontology: Graph) -> None:
    # The glossary terms that the NQF loader links to a class (nqs:definesClass) are the
    # sources of those classes' definitions, and the Kazakh definition is the glossary's.
    result = db.query(
        f"PREFIX nqs: <{NQS}> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?term ?class ?text WHERE { ?term nqs:definesClass ?class ; "
        "skos:definition ?text FILTER(STRSTARTS(STR(?term), '" + GLOSSARY + "')) }"
    )
    assert isinstance(result, ox.QuerySolutions)
    rows = [(r["term"].value, r["class"].value, r["text"].value) for r in result]
    assert len(rows) == 9  # items 2, 3, 4, 7, 8, 9, 10, 12, 13 of section 5
    for term, cls, text in rows:
        assert (URIRef(cls), DCTERMS.source, URIRef(term)) in ontology, (cls, term)
        kk = [
            str(d)
            for d in ontology.objects(URIRef(cls), SKOS.definition)
            if isinstance(d, Literal) and d.language == "kk"
        ]
        assert text.rstrip(".").lower() in kk[0].lower(), (cls, text)
    # Article 1 of the Law: knowledge (item 2), skill (item 3), profession (item 5).
    for name in ("Knowledge", "Skill", "Occupation"):
        assert (NQS[name], DCTERMS.source, LAW) in ontology
    assert set(langs(ontology, LAW, RDFS.label)) == LANGUAGES


def test_ontology_header(ontology: Graph) -> None:
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ontology
    version = str(ontology.value(onto, OWL.versionInfo))
    assert ontology.value(onto, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")
    assert (onto, DCTERMS.license, None) in ontology
    assert (onto, DCTERMS.creator, None) in ontology
    notes = [str(n) for n in ontology.objects(onto, SKOS.changeNote)]
    assert any(n.startswith(version) for n in notes)


def _classes_below(ontology: Graph, node: Node) -> set[Node] | None:
    """The named classes (with their subclasses) a domain or range allows; None when it is
    not a named class or a union of them."""
    if isinstance(node, URIRef):
        tops = [node]
    else:
        members = ontology.value(node, OWL.unionOf)
        if members is None:
            return None
        tops = [m for m in Collection(ontology, members) if isinstance(m, URIRef)]
    out: set[Node] = set()
    todo: list[Node] = list(tops)
    while todo:
        cls = todo.pop()
        if cls not in out:
            out.add(cls)
            todo += list(ontology.subjects(RDFS.subClassOf, cls))
    return out


def test_domains_and_ranges_hold_on_the_asserted_corpus(db: ox.Store, ontology: Graph) -> None:
    """Each subject (object) of an nqs property is asserted, by a document or a link rule,
    to be of a class its domain (range) allows: the declarations describe the data, they do
    not retype it."""
    types: dict[str, set[URIRef]] = {}
    for q in db.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, None):
        if _value(q.graph_name) not in (INFERRED, ONTOLOGY_IRI):
            types.setdefault(_value(q.subject), set()).add(URIRef(_value(q.object)))
    wrong: list[str] = []
    for axiom, position in ((RDFS.domain, "subject"), (RDFS.range, "object")):
        for prop, cls in ontology.subject_objects(axiom):
            if not str(prop).startswith(str(NQS)):
                continue
            if position == "object" and (prop, RDF.type, OWL.ObjectProperty) not in ontology:
                continue
            allowed = _classes_below(ontology, cls)
            if allowed is None or OWL.Thing in allowed:
                continue
            pattern = db.quads_for_pattern(None, ox.NamedNode(str(prop)), None, None)
            for q in pattern:
                if _value(q.graph_name) in (INFERRED, ONTOLOGY_IRI):
                    continue
                node = q.subject if position == "subject" else q.object
                if not types.get(_value(node), set()) & allowed:
                    wrong.append(f"{prop} {position} {_value(node)}")
    assert wrong == []


def test_functional_cardinality_and_disjointness_axioms_hold(db: ox.Store) -> None:
    compiled = compile_ontology(ontology_graph(db))
    assert len(compiled.functional) > 60 and len(compiled.inverse_functional) > 25
    assert len(compiled.disjoint) > 300 and len(compiled.max_one) >= 10
    assert check(db, compiled) == []


def test_russian_cards_have_at_most_one_occupation(db: ox.Store) -> None:
    """A card whose profession has several NKZ codes gives them as other titles; the card
    itself has at most one nqs:occupation (checked independently of the reasoner)."""
    result = db.query(
        f"PREFIX nqs: <{NQS}> "
        "SELECT (MAX(?n) AS ?most) (COUNT(?c) AS ?cards) WHERE { "
        "{ SELECT ?c (COUNT(DISTINCT ?o) AS ?n) WHERE { ?c a nqs:ProfessionCard "
        "OPTIONAL { ?c nqs:occupation ?o } } GROUP BY ?c } }"
    )
    assert isinstance(result, ox.QuerySolutions)
    row = next(iter(result))
    assert int(row["most"].value) == 1 and int(row["cards"].value) == 204
