"""Profile ``xkos``: the correspondence tables NKZ ↔ ISCO-08 and OKED ↔ NACE Rev. 2 in XKOS.

Each table is an ``xkos:Correspondence`` that ``xkos:compares`` the two concept schemes and
is ``xkos:madeOf`` one ``xkos:ConceptAssociation`` per link the build derived (the links
graph; rules ``isco-unit-group`` and ``oked-nace``, whose text is the table's description
and which the table ``prov:wasGeneratedBy``). An association names its ``xkos:sourceConcept``
and ``xkos:targetConcept`` and, as ``nqs:mappingRelation``, the SKOS mapping property of the
link (``skos:exactMatch`` or ``skos:broadMatch``); the mapping triples themselves, and the
codes and names of the source concepts, are written alongside."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from nqs.derive.links import LINKS_GRAPH
from nqs.export.files import Artifact, file_name, output
from nqs.export.release import Release
from nqs.export.sparql import select, value
from nqs.export.vocab import (
    DCT,
    EXPORT_PREFIXES,
    ISCO_SCHEME,
    NACE_SCHEME,
    NQS,
    PROV,
    RDF,
    SKOS,
    XKOS,
    by_subject,
    iri,
    text,
)

FOLDER = "xkos"


@dataclass(frozen=True)
class Table:
    rule: str
    """The link rule that derived the table's links."""
    target_scheme: str
    labels: dict[str, str]


TABLES = {
    "nkz-isco08": Table(
        "isco-unit-group",
        ISCO_SCHEME,
        {
            "en": "Correspondence NKZ – ISCO-08",
            "kk": "Сәйкестік кестесі: Кәсіптер жіктеуіші – ISCO-08",
            "ru": "Таблица соответствия НКЗ – ISCO-08",
        },
    ),
    "oked-nace2": Table(
        "oked-nace",
        NACE_SCHEME,
        {
            "en": "Correspondence OKED – NACE Rev. 2",
            "kk": "Сәйкестік кестесі: ЭҚЖЖ – NACE Rev. 2",
            "ru": "Таблица соответствия ОКЭД – NACE Rev. 2",
        },
    ),
}


def table_iri(base: str, name: str) -> str:
    return f"{base}correspondence/{name}"


def xkos_triples(db: ox.Store, base: str) -> tuple[list[ox.Triple], dict[str, int]]:
    triples: list[ox.Triple] = []
    counts = dict.fromkeys(TABLES, 0)

    def add(s: str, p: str, o: ox.Literal | str) -> None:
        triples.append(ox.Triple(iri(s), iri(p), iri(o) if isinstance(o, str) else o))

    links = {ox.Variable("links"): ox.NamedNode(base + LINKS_GRAPH)}
    rows = select(db, "classifier-links", links)
    sources = {value(r["source"]) for r in rows}
    for name, table in TABLES.items():
        corr = table_iri(base, name)
        add(corr, RDF + "type", XKOS + "Correspondence")
        for lang, label in table.labels.items():
            add(corr, SKOS + "prefLabel", text(label, lang))
        add(corr, XKOS + "compares", table.target_scheme)
        add(table.target_scheme, RDF + "type", SKOS + "ConceptScheme")
        name_param = {ox.Variable("name"): ox.Literal(table.rule)}
        for rule in select(db, "link-rule", name_param):
            add(corr, PROV + "wasGeneratedBy", value(rule["rule"]))
            definition = rule["definition"]
            assert isinstance(definition, ox.Literal)
            add(corr, DCT + "description", definition)
    schemes: set[tuple[str, str]] = set()
    for row in rows:
        name, source, target = value(row["table"]), value(row["source"]), value(row["target"])
        relation, scheme = value(row["relation"]), value(row["scheme"])
        corr = table_iri(base, name)
        if (name, scheme) not in schemes:
            schemes.add((name, scheme))
            add(corr, XKOS + "compares", scheme)
            add(scheme, RDF + "type", SKOS + "ConceptScheme")
        target_local = target.rstrip("/").rsplit("/", 1)[-1]
        assoc = f"{corr}/{quote(value(row['code']), safe='.-')}/{quote(target_local, safe='')}"
        add(corr, XKOS + "madeOf", assoc)
        add(assoc, RDF + "type", XKOS + "ConceptAssociation")
        add(assoc, XKOS + "sourceConcept", source)
        add(assoc, XKOS + "targetConcept", target)
        add(assoc, NQS + "mappingRelation", relation)
        add(source, relation, target)
        add(source, RDF + "type", SKOS + "Concept")
        add(source, SKOS + "inScheme", scheme)
        add(source, SKOS + "notation", text(value(row["code"])))
        add(target, RDF + "type", SKOS + "Concept")
        add(target, SKOS + "inScheme", TABLES[name].target_scheme)
        counts[name] += 1
    preferred: set[tuple[str, str | None]] = set()
    for row in select(db, "concept-labels"):
        concept, name_term = value(row["concept"]), row["label"]
        if concept in sources and isinstance(name_term, ox.Literal):
            key = (concept, name_term.language)
            add(concept, SKOS + ("altLabel" if key in preferred else "prefLabel"), name_term)
            preferred.add(key)
    return triples, counts


def export_xkos(
    release: Release, folder: Path, compress: bool, notes: dict[str, Any]
) -> list[Artifact]:
    triples, counts = xkos_triples(release.db, release.base_iri)
    name = f"{FOLDER}/{file_name('kz-nqs-correspondences', 'ttl', compress)}"
    with output(folder / name, compress) as out:
        ox.serialize(by_subject(triples), out, ox.RdfFormat.TURTLE, prefixes=EXPORT_PREFIXES)
    notes["xkos"] = counts
    title = "XKOS correspondence tables NKZ – ISCO-08 and OKED – NACE Rev. 2"
    return [Artifact(name, "xkos", title)]
