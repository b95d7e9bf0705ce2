"""RDF terms as the linked-data pages hold them, the vocabulary they read, and the mapping
between instance IRIs and this server's paths (``https://w3id.org/kz-nqs/id/X`` is served at
``/id/X``; ontology terms at ``/ontology#Term``)."""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import quote, unquote

import pyoxigraph as ox

from nqs.namespaces import DCTERMS, NQS, ONTOLOGY_IRI, PREFIXES, PROV, RDF, RDFS, SKOS

# Characters that an IRI written between angle brackets may not hold (SPARQL IRIREF).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# The minter quotes each path segment keeping only these (loaders/iris.py).
SEGMENT_SAFE = "-._~"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


class Node(NamedTuple):
    """One RDF term: an IRI, a blank node or a literal (with its language or datatype)."""

    kind: str  # "iri", "bnode" or "literal"
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


def sparql_iri(iri: str) -> str:
    """``<iri>`` for a query text; ValueError for anything that is not a plain IRI."""
    if not iri or _NOT_IN_IRI.search(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


def sparql_literal(text: str) -> str:
    """A plain string literal for a query text, escaped by pyoxigraph."""
    return str(ox.Literal(text))


def sparql_integer(number: int) -> str:
    """An ``xsd:integer`` literal for a query text."""
    return str(ox.Literal(str(int(number)), datatype=ox.NamedNode(XSD_INTEGER)))


def values_block(variable: str, iris: list[str]) -> str:
    """``VALUES ?variable { <a> <b> }`` binding the given IRIs (each checked and escaped)."""
    return f"VALUES ?{variable} {{ {' '.join(sparql_iri(i) for i in iris)} }}"


def in_filter(variable: str, iris: list[str] | tuple[str, ...]) -> str:
    """``FILTER (?variable IN (<a>, <b>))`` (a second VALUES block would make the store
    enumerate every combination)."""
    return f"FILTER (?{variable} IN ({', '.join(sparql_iri(i) for i in iris)}))"


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
