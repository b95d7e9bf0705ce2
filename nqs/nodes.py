"""RDF terms as the pages and the search index hold them (:class:`Node`, made of a
pyoxigraph term or a results binding), the vocabulary they read by name (:class:`V`,
:data:`N`), and the links from a container down to its elements. The server's pages
(:mod:`nqs.server.pages.terms`) and the build's search index (:mod:`nqs.search_index`) share
them; they depend on no server module."""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox

from nqs.namespaces import DCTERMS, NQS, ONTOLOGY_IRI, PROV, RDF, RDFS, SKOS
from nqs.sparql_results import XSD_STRING, Term


class Node(NamedTuple):
    """One RDF term: an IRI, a blank node or a literal (with its language or datatype)."""

    kind: str  # "iri", "bnode", "literal" (or "triple", an RDF-star term)
    value: str
    lang: str = ""
    datatype: str = ""

    @property
    def is_iri(self) -> bool:
        return self.kind == "iri"

    @property
    def is_literal(self) -> bool:
        return self.kind == "literal"


def node_from_term(term: Term) -> Node:
    """The page's :class:`Node` for a pyoxigraph term (as :func:`nqs.sparql_results.
    term_from_json` reads a results binding): a plain string literal has no datatype, a
    language-tagged one its tag; an RDF-star triple is a node of kind ``triple`` written in
    N-Triples."""
    if isinstance(term, ox.NamedNode):
        return Node("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Node("bnode", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Node("literal", term.value, term.language)
        datatype = term.datatype.value
        return Node("literal", term.value, "", "" if datatype == XSD_STRING else datatype)
    return Node("triple", str(term))


def ontology_fragment(iri: str) -> str | None:
    """The term name of an ``nqs:`` IRI (``ProfessionCard``), "" for the ontology itself,
    None for any other IRI."""
    if iri == ONTOLOGY_IRI:
        return ""
    ns = str(NQS)
    if iri.startswith(ns):
        return iri[len(ns) :]
    return None


class V:
    """The IRIs the pages read, by name."""

    TYPE = str(RDF.type)
    LABEL = str(RDFS.label)
    COMMENT = str(RDFS.comment)
    PREF_LABEL = str(SKOS.prefLabel)
    ALT_LABEL = str(SKOS.altLabel)
    NOTATION = str(SKOS.notation)
    BROADER = str(SKOS.broader)
    IN_SCHEME = str(SKOS.inScheme)
    BROAD_MATCH = str(SKOS.broadMatch)
    CLOSE_MATCH = str(SKOS.closeMatch)
    DEFINITION = str(SKOS.definition)
    TITLE = str(DCTERMS.title)
    DESCRIPTION = str(DCTERMS.description)
    DERIVED_FROM = str(PROV.wasDerivedFrom)

    @staticmethod
    def nqs(name: str) -> str:
        return str(NQS) + name


N = V.nqs
# Parent → child links from a card or position down to its items (the names a search hit
# is shown under, the first steps of a standard's containment path).
ELEMENT_LINKS = (
    N("hasCard"),
    N("hasLaborFunction"),
    N("hasSkill"),
    N("hasAbility"),
    N("hasKnowledge"),
    N("hasPersonalCompetency"),
    N("hasDuty"),
    N("mustKnow"),
)
