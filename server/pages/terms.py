"""RDF terms as the linked-data pages hold them, the vocabulary they read, and the mapping
between instance IRIs and this server's paths (``https://w3id.org/kz-nqs/id/X`` is served at
``/id/X``; ontology terms at ``/ontology#Term``)."""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote, unquote

import pyoxigraph as ox

from nqs.namespaces import DCTERMS, NQS, ONTOLOGY_IRI, PREFIXES, PROV, RDF, RDFS, SKOS
from nqs.sparql_results import XSD_STRING, Term

# The minter quotes each path segment keeping only these (loaders/iris.py).
SEGMENT_SAFE = "-._~"


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


def iri_node(value: str) -> Node:
    return Node("iri", value)


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


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in one of the project's namespaces, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            local = iri[len(ns) :]
            if all(c.isalnum() or c in "_-." for c in local):
                return f"{prefix}:{local}"
    return iri


def local_path(iri: str, base: str) -> str | None:
    """The part of an instance IRI after the base, quoted for a URL path; None for IRIs
    outside the base."""
    if not iri.startswith(base) or len(iri) == len(base):
        return None
    return quote(iri[len(base) :], safe="/%" + SEGMENT_SAFE + "!$&'()*+,;=:@")


def candidate_iris(path: str, base: str) -> list[str]:
    """The instance IRIs a request path (as decoded by the server) may stand for: each
    segment quoted as the minter quotes it, then the path as given."""
    minted = base + "/".join(quote(seg, safe=SEGMENT_SAFE) for seg in path.split("/"))
    plain = base + quote(unquote(path), safe="/" + SEGMENT_SAFE + "!$&'()*+,;=:@")
    out = [minted]
    if plain != minted:
        out.append(plain)
    return out


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
