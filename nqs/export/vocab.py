"""Outside vocabularies the exports write: namespaces, media types and file types.

(The project's own prefixes are in :mod:`nqs.namespaces`; these are used by the exports only.)
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from nqs.namespaces import PREFIXES

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
ADMS = "http://www.w3.org/ns/adms#"
XKOS = "http://rdf-vocabulary.ddialliance.org/xkos#"
ELM = "http://data.europa.eu/snb/model/elm/"
ESCO = "http://data.europa.eu/esco/model#"
ROV = "http://www.w3.org/ns/regorg#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
PROV = "http://www.w3.org/ns/prov#"
NQS = PREFIXES["nqs"]

IANA = "http://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
COUNTRY = "http://publications.europa.eu/resource/authority/country"
LANGUAGE = "http://publications.europa.eu/resource/authority/language"
KAZAKHSTAN = COUNTRY + "/KAZ"
LANGUAGES = {"kk": LANGUAGE + "/KAZ", "ru": LANGUAGE + "/RUS", "en": LANGUAGE + "/ENG"}

ESCO_SKILL_TYPE = "http://data.europa.eu/esco/skill-type/"
ISCO_SCHEME = "http://data.europa.eu/esco/concept-scheme/isco"
ISCO_GROUP = "http://data.europa.eu/esco/isco/C"
NACE_SCHEME = "http://data.europa.eu/ux2/nace2/nace2"
NACE = "http://data.europa.eu/ux2/nace2/"

EXPORT_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "dcat": DCAT,
    "void": VOID,
    "sd": SD,
    "spdx": SPDX,
    "foaf": FOAF,
    "adms": ADMS,
    "xkos": XKOS,
    "elm": ELM,
}


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def text(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


@dataclass(frozen=True)
class FileFormat:
    """A serialization a file is written in: its media type and the EU file-type code."""

    name: str
    extension: str
    media_type: str
    file_type: str
    rdf: ox.RdfFormat | None = None

    @property
    def media_type_iri(self) -> str:
        return IANA + self.media_type

    @property
    def file_type_iri(self) -> str:
        return FILE_TYPE + self.file_type


N_TRIPLES = FileFormat(
    "N-Triples", "nt", "application/n-triples", "RDF_N_TRIPLES", ox.RdfFormat.N_TRIPLES
)
TURTLE = FileFormat("Turtle", "ttl", "text/turtle", "RDF_TURTLE", ox.RdfFormat.TURTLE)
N_QUADS = FileFormat("N-Quads", "nq", "application/n-quads", "RDF_N_QUADS", ox.RdfFormat.N_QUADS)
TRIG = FileFormat("TriG", "trig", "application/trig", "RDF_TRIG", ox.RdfFormat.TRIG)
RDF_XML = FileFormat("RDF/XML", "rdf", "application/rdf+xml", "RDF_XML", ox.RdfFormat.RDF_XML)
JSON_LD = FileFormat("JSON-LD", "jsonld", "application/ld+json", "JSON_LD", ox.RdfFormat.JSON_LD)
CSV = FileFormat("CSV", "csv", "text/csv", "CSV")
JSON = FileFormat("JSON", "json", "application/json", "JSON")
TEXT = FileFormat("text", "txt", "text/plain", "TXT")
GZIP_MEDIA_TYPE = "application/gzip"

FORMATS = {f.extension: f for f in (N_TRIPLES, TURTLE, N_QUADS, TRIG, RDF_XML, JSON_LD, CSV, JSON)}


def format_of(name: str) -> FileFormat:
    """The format of a file by its name (``x.nq.gz`` → N-Quads); plain text if unknown."""
    stem = name.removesuffix(".gz")
    return FORMATS.get(stem.rsplit(".", 1)[-1], TEXT)


def by_subject(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples with those of one subject together (in order of first appearance), so
    that Turtle writes each subject once."""
    first: dict[object, int] = {}
    for t in triples:
        first.setdefault(t.subject, len(first))
    return sorted(triples, key=lambda t: first[t.subject])
