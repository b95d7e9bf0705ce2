"""The one place where namespace IRIs and prefixes are defined."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

NQS = Namespace("https://w3id.org/kz-nqs/ontology#")
ONTOLOGY_IRI = "https://w3id.org/kz-nqs/ontology"
DEFAULT_BASE_IRI = "https://w3id.org/kz-nqs/id/"
NQS_PREFIX_LINE = f"PREFIX nqs: <{NQS}>\n"
"""The SPARQL declaration of the ``nqs:`` prefix, one line."""

ESCO = Namespace("http://data.europa.eu/esco/model#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
ELM = Namespace("http://data.europa.eu/snb/model/elm/")

PREFIXES: dict[str, str] = {
    "nqs": str(NQS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "esco": str(ESCO),
    "eli": str(ELI),
    "schema": str(SCHEMA),
}

__all__ = [
    "DCTERMS",
    "DEFAULT_BASE_IRI",
    "ELI",
    "ELM",
    "ESCO",
    "NQS",
    "NQS_PREFIX_LINE",
    "ONTOLOGY_IRI",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "XSD",
    "sparql_prefixes",
]


def sparql_prefixes() -> str:
    """PREFIX declarations for every project prefix, one per line."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
