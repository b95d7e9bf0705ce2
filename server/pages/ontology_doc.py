"""The ontology document at ``/ontology``: HTML for people, Turtle, JSON-LD, RDF/XML or
N-Triples for RDF clients (by ``Accept`` or ``?format=``), always with ``Vary: Accept``.

Ontology terms are hash IRIs (``https://w3id.org/kz-nqs/ontology#ProfessionCard``): the HTML
gives every ``nqs:`` term a section whose id is the term's name, so ``/ontology#Term`` lands
on it. The page is generated here from the ontology graph (the Turtle modules the build
loads), in kk, ru and en, and handed to the template as plain data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

from flask import Blueprint, Response, render_template, request
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from nqs import __version__
from nqs.namespaces import (
    DCTERMS,
    DEFAULT_BASE_IRI,
    NQS,
    ONTOLOGY_IRI,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    SKOS,
)
from nqs.ontology import ontology_paths
from nqs.server.errors import plain_error
from nqs.server.negotiation import GRAPH_NAMES, choose

bp = Blueprint("ontology_doc", __name__)

LANGUAGES = ("en", "kk", "ru")
GLOSSARY_TERM = DEFAULT_BASE_IRI + "framework/nqf/term/"
LANGUAGE_NAMES = {"en": "English", "kk": "Қазақша", "ru": "Русский"}
HTML = "text/html"
# Media type → rdflib serializer name; the first is the answer to a client that accepts
# anything (a browser's own Accept header names text/html first anyway).
OFFERS: dict[str, str] = {
    HTML: "html",
    "application/xhtml+xml": "html",
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
}
DOWNLOADS = {"turtle": "Turtle", "jsonld": "JSON-LD", "rdfxml": "RDF/XML", "nt": "N-Triples"}
PREFIX_NAMES = {
    **PREFIXES,
    "void": "http://rdfs.org/ns/void#",
    "vann": "http://purl.org/vocab/vann/",
    "esco-skill-type": "http://data.europa.eu/esco/skill-type/",
}
KINDS = (  # section anchor, OWL kind, section title, the kind in words
    ("classes", OWL.Class, "Classes", "class"),
    ("object-properties", OWL.ObjectProperty, "Object properties", "object property"),
    ("datatype-properties", OWL.DatatypeProperty, "Datatype properties", "datatype property"),
    (
        "annotation-properties",
        OWL.AnnotationProperty,
        "Annotation properties",
        "annotation property",
    ),
    ("individuals", OWL.NamedIndividual, "Individuals", "individual"),
)
CHARACTERISTICS: dict[Node, str] = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.SymmetricProperty: "symmetric",
    OWL.TransitiveProperty: "transitive",
}


# -- the plain data the template gets -------------------------------------------------------
@dataclass(frozen=True)
class Ref:
    """A link to a term (on this page when it has a section here, else its IRI)."""

    text: str
    href: str
    iri: str


@dataclass
class Fact:
    """One line of a term's description: a name and its values (links or text)."""

    name: str
    values: list[Ref | str]


@dataclass
class TermDoc:
    anchor: str
    iri: str
    curie: str
    kind: str
    labels: dict[str, str]
    definitions: dict[str, str]
    facts: list[Fact] = field(default_factory=list)
    sources: list[Ref] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    outside: bool = False


@dataclass
class Section:
    anchor: str
    title: str
    terms: list[TermDoc]


@dataclass
class OntologyPage:
    iri: str
    version_iri: str
    version: str
    prior_version: str
    modified: str
    license: str
    creators: list[str]
    titles: dict[str, str]
    descriptions: dict[str, str]
    changes: list[str]
    sections: list[Section]
    outside: list[TermDoc]
    disjoint_groups: list[list[Ref]]
    namespaces: list[tuple[str, str]]
    counts: dict[str, int]


# -- building the page ---------------------------------------------------------------------
class _Writer:
    """Turns the ontology graph into the page's plain data."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.here = {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}
        self.disjoint: dict[Node, set[Node]] = {}
        for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
            members = list(Collection(g, g.value(node, OWL.members) or RDF.nil))
            for m in members:
                self.disjoint.setdefault(m, set()).update(o for o in members if o != m)

    def curie(self, iri: str) -> str:
        best = ""
        for prefix, ns in PREFIX_NAMES.items():
            if iri.startswith(ns) and len(ns) > len(PREFIX_NAMES.get(best, "")):
                best = prefix
        return f"{best}:{iri[len(PREFIX_NAMES[best]) :]}" if best else iri

    def anchor(self, iri: str) -> str:
        if iri.startswith(str(NQS)):
            return iri[len(str(NQS)) :]
        return "x-" + "".join(c if c.isalnum() else "-" for c in self.curie(iri))

    def ref(self, node: Node) -> Ref | str:
        if isinstance(node, URIRef):
            iri = str(node)
            href = f"#{self.anchor(iri)}" if node in self.here else iri
            return Ref(self.curie(iri), href, iri)
        if isinstance(node, Literal):
            return str(node)
        return self.expression(node)

    def text(self, node: Node) -> str:
        value = self.ref(node)
        return value.text if isinstance(value, Ref) else value

    def expression(self, node: Node) -> str:
        """A class expression in Manchester-like words."""
        g = self.g
        prop = g.value(node, OWL.onProperty)
        if prop is not None:
            p = self.text(prop)
            if (value := g.value(node, OWL.hasValue)) is not None:
                return f"{p} value {self.text(value)}"
            if (some := g.value(node, OWL.someValuesFrom)) is not None:
                return f"{p} some {self.text(some)}"
            if g.value(node, OWL.hasSelf) is not None:
                return f"{p} Self"
            for key, word in (
                (OWL.cardinality, "exactly"),
                (OWL.qualifiedCardinality, "exactly"),
                (OWL.maxCardinality, "max"),
                (OWL.minCardinality, "min"),
            ):
                if (n := g.value(node, key)) is not None:
                    return f"{p} {word} {n}"
            return p
        for key, word in ((OWL.intersectionOf, " and "), (OWL.unionOf, " or ")):
            if (members := g.value(node, key)) is not None:
                return "(" + word.join(self.text(m) for m in Collection(g, members)) + ")"
        return "(an anonymous class)"

    def langs(self, term: URIRef, prop: URIRef) -> dict[str, str]:
        out: dict[str, str] = {}
        for o in self.g.objects(term, prop):
            if isinstance(o, Literal) and (o.language or "en") in LANGUAGES:
                out.setdefault(o.language or "en", str(o))
        return {lang: out[lang] for lang in LANGUAGES if lang in out}

    def values(self, term: URIRef, prop: URIRef, inverse: bool = False) -> list[Ref | str]:
        nodes = self.g.subjects(prop, term) if inverse else self.g.objects(term, prop)
        out = [self.ref(n) for n in nodes]
        return sorted(out, key=lambda v: v.text if isinstance(v, Ref) else v)

    def term(self, iri: URIRef, kind: str) -> TermDoc:
        g = self.g
        doc = TermDoc(
            anchor=self.anchor(str(iri)),
            iri=str(iri),
            curie=self.curie(str(iri)),
            kind=kind,
            labels=self.langs(iri, RDFS.label),
            definitions=self.langs(iri, SKOS.definition),
            outside=not str(iri).startswith(str(NQS)),
        )
        facts: list[tuple[str, list[Ref | str]]] = [
            (
                "characteristics",
                [CHARACTERISTICS[k] for k in g.objects(iri, RDF.type) if k in CHARACTERISTICS],
            ),
            ("subclass of", self.values(iri, RDFS.subClassOf)),
            ("equivalent to", self.values(iri, OWL.equivalentClass)),
            ("superclass of", self.values(iri, RDFS.subClassOf, inverse=True)),
            (
                "disjoint with",
                sorted(
                    {
                        *self.values(iri, OWL.disjointWith),
                        *self.values(iri, OWL.disjointWith, inverse=True),
                        *map(self.ref, self.disjoint.get(iri, ())),
                    },
                    key=lambda v: v.text if isinstance(v, Ref) else v,
                ),
            ),
            ("subproperty of", self.values(iri, RDFS.subPropertyOf)),
            ("superproperty of", self.values(iri, RDFS.subPropertyOf, inverse=True)),
            (
                "inverse of",
                self.values(iri, OWL.inverseOf) + self.values(iri, OWL.inverseOf, inverse=True),
            ),
            ("domain", self.values(iri, RDFS.domain)),
            ("range", self.values(iri, RDFS.range)),
            (
                "property chains",
                [
                    " ∘ ".join(self.text(s) for s in Collection(g, c))
                    for c in g.objects(iri, OWL.propertyChainAxiom)
                ],
            ),
            ("in the domain of", self.values(iri, RDFS.domain, inverse=True)),
            ("in the range of", self.values(iri, RDFS.range, inverse=True)),
            ("different from", self.values(iri, OWL.differentFrom)),
            ("defined by", self.values(iri, RDFS.isDefinedBy) if doc.outside else []),
        ]
        doc.facts = [Fact(name, vals) for name, vals in facts if vals]
        for source in sorted(g.objects(iri, DCTERMS.source), key=str):
            if isinstance(source, URIRef):
                title = self.langs(source, RDFS.label).get("en", self.curie(str(source)))
                if str(source).startswith(GLOSSARY_TERM):
                    item = str(source).removeprefix(GLOSSARY_TERM)
                    title = f"NQF glossary (seed 002, section 5), item {item}"
                doc.sources.append(Ref(title, str(source), str(source)))
        doc.notes = [str(n) for n in g.objects(iri, SKOS.editorialNote)]
        return doc

    def page(self) -> OntologyPage:
        g = self.g
        onto = URIRef(ONTOLOGY_IRI)
        sections: list[Section] = []
        outside: list[TermDoc] = []
        seen: set[URIRef] = set()
        for anchor, kind_iri, title, kind in KINDS:
            terms = sorted(
                (
                    s
                    for s in g.subjects(RDF.type, kind_iri)
                    if isinstance(s, URIRef) and s not in seen
                ),
                key=lambda s: str(s).lower(),
            )
            seen |= set(terms)
            mine = [self.term(t, kind) for t in terms]
            sections.append(Section(anchor, title, [t for t in mine if not t.outside]))
            outside += [t for t in mine if t.outside]
        groups = []
        for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
            members = g.value(node, OWL.members)
            if members is not None:
                groups.append(
                    [r for r in map(self.ref, Collection(g, members)) if isinstance(r, Ref)]
                )
        used = {t.curie.split(":")[0] for s in sections for t in s.terms} | {
            t.curie.split(":")[0] for t in outside
        }
        return OntologyPage(
            iri=ONTOLOGY_IRI,
            version_iri=str(g.value(onto, OWL.versionIRI) or ""),
            version=str(g.value(onto, OWL.versionInfo) or ""),
            prior_version=str(g.value(onto, OWL.priorVersion) or ""),
            modified=str(g.value(onto, DCTERMS.modified) or ""),
            license=str(g.value(onto, DCTERMS.license) or ""),
            creators=sorted(str(c) for c in g.objects(onto, DCTERMS.creator)),
            titles=self.langs(onto, RDFS.label),
            descriptions=self.langs(onto, RDFS.comment),
            changes=sorted((str(c) for c in g.objects(onto, SKOS.changeNote)), reverse=True),
            sections=sections,
            outside=sorted(outside, key=lambda t: t.curie),
            disjoint_groups=groups,
            namespaces=sorted((p, ns) for p, ns in PREFIX_NAMES.items() if p in used or p == "nqs"),
            counts={s.anchor: len(s.terms) for s in sections},
        )


# -- the cached document -------------------------------------------------------------------
@dataclass(frozen=True)
class Document:
    graph: Graph
    page: OntologyPage
    etag: str


@lru_cache(maxsize=1)
def document() -> Document:
    """The ontology graph and its page, built once per process from the Turtle modules."""
    g = Graph()
    for path in ontology_paths():
        g.parse(path)
    for prefix, ns in PREFIX_NAMES.items():
        g.bind(prefix, ns, override=True)
    digest = hashlib.sha256(g.serialize(format="nt", encoding="utf-8")).hexdigest()[:16]
    return Document(g, _Writer(g).page(), digest)


@lru_cache(maxsize=8)
def serialized(rdflib_format: str) -> bytes:
    data = document().graph.serialize(format=rdflib_format, encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _chosen() -> tuple[str, str] | None:
    """The media type and rdflib format to answer with; None when nothing is acceptable."""
    alias = request.args.get("format")
    if alias:
        media = HTML if alias == "html" else GRAPH_NAMES.get(alias.lower(), "")
        return (media, OFFERS[media]) if media in OFFERS else ("", "")
    best: tuple[str, str] | None = choose(request.accept_mimetypes, OFFERS)
    return best


@bp.get("/ontology")
def ontology() -> Response:
    chosen = _chosen()
    response: Response
    if chosen is None:
        offered = ", ".join(OFFERS)
        response = plain_error(406, f"no acceptable format; offered: {offered}")
    elif not chosen[0]:
        names = ", ".join(["html", *DOWNLOADS])
        response = plain_error(400, f"unknown format {request.args['format']!r}; one of {names}")
    else:
        media, rdflib_format = chosen
        doc = document()
        if rdflib_format == "html":
            body = render_template(
                "ontology.html",
                page=doc.page,
                languages=LANGUAGES,
                language_names=LANGUAGE_NAMES,
                downloads=DOWNLOADS,
                version=__version__,
            )
            response = Response(body, mimetype=HTML)
        else:
            response = Response(serialized(rdflib_format), mimetype=media)
        response.set_etag(f"{doc.etag}-{rdflib_format}")
        response.make_conditional(request)
    response.headers.add("Vary", "Accept")
    return response


@bp.get("/ontology/<version>")
def ontology_version(version: str) -> Response:
    """The version IRI of the current version serves the same document."""
    current = document().page.version
    answer: Response = (
        ontology()
        if version == current
        else plain_error(404, f"only the current version ({current}) is served")
    )
    return answer
