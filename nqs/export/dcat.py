"""The release described with DCAT-AP and VoID: ``catalog.ttl``.

A catalog holds the dataset series ``<base>dataset``; the release ``<base>release/<build>``
is one dataset of that series (``dcat:inSeries``), with its version, issue date, licence,
the SPARQL endpoint (a ``dcat:DataService``), one distribution per file of the export
(media type, EU file type, size, SHA-256), the VoID statistics (triples per named graph,
instances per class, triples per property) and, when exported against a previous release,
the triples added and removed per graph (``nqs:GraphChange``) and ``dcat:previousVersion``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from nqs.export.delta import Delta
from nqs.export.files import Artifact
from nqs.export.release import Release
from nqs.export.stats import Statistics
from nqs.export.vocab import (
    ADMS,
    DCAT,
    DCT,
    EXPORT_PREFIXES,
    FOAF,
    GZIP_MEDIA_TYPE,
    IANA,
    KAZAKHSTAN,
    LANGUAGES,
    NQS,
    OWL,
    RDF,
    SD,
    SPDX,
    VOID,
    by_subject,
    iri,
    text,
    typed,
)

CATALOG = "catalog.ttl"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER = "kz-nqs project"
TITLES = {
    "en": "Knowledge graph of Kazakhstan's National Qualification System",
    "kk": "Қазақстанның Ұлттық біліктілік жүйесінің білім графы",
    "ru": "Граф знаний Национальной системы квалификаций Казахстана",
}
DESCRIPTIONS = {
    "en": "The official texts of Kazakhstan's National Qualification System (the National "
    "Qualification Framework, professional standards with their profession cards, labor "
    "functions, skills, abilities and knowledge, typical qualification characteristics "
    "of positions, and the acts that approve and amend them) read into one linked RDF "
    "graph; every fact keeps its source document and its place in it.",
    "kk": "Қазақстанның Ұлттық біліктілік жүйесінің ресми мәтіндері (Ұлттық біліктілік "
    "шеңбері, кәсіптік стандарттар және олардың кәсіп карточкалары, еңбек функциялары, "
    "дағдылар, машықтар мен білімдер, лауазымдардың үлгілік біліктілік сипаттамалары, "
    "оларды бекітетін және өзгертетін актілер) бір байланысқан RDF графына оқылған; әр "
    "дерек өзінің бастапқы құжаты мен ондағы орнын сақтайды.",
    "ru": "Официальные тексты Национальной системы квалификаций Казахстана (Национальная "
    "рамка квалификаций, профессиональные стандарты с карточками профессий, трудовыми "
    "функциями, навыками, умениями и знаниями, типовые квалификационные характеристики "
    "должностей, а также утверждающие и изменяющие их акты), прочитанные в один связанный "
    "RDF-граф; каждый факт хранит исходный документ и место в нём.",
}


class Triples:
    """A small graph being written: subjects by IRI, literals and IRIs as objects."""

    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        obj = iri(o) if isinstance(o, str) else o
        self.triples.append(ox.Triple(iri(s), iri(p), obj))

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(by_subject(self.triples))


def _slug(path: str) -> str:
    return quote(path.replace("/", "-"), safe="-._")


def describe_catalog(out: Triples, release: Release, license_iri: str) -> None:
    base = release.base_iri
    catalog, series, publisher = f"{base}catalog", release.series, f"{base}publisher"
    out.add(catalog, RDF + "type", DCAT + "Catalog")
    out.add(catalog, DCAT + "dataset", series)
    out.add(catalog, DCAT + "dataset", release.iri)
    out.add(catalog, DCAT + "service", f"{base}service/sparql")
    out.add(catalog, DCT + "publisher", publisher)
    out.add(catalog, DCT + "license", license_iri)
    out.add(publisher, RDF + "type", FOAF + "Agent")
    out.add(publisher, FOAF + "name", text(PUBLISHER))
    for subject in (catalog, series, release.iri):
        for lang, value in TITLES.items():
            out.add(subject, DCT + "title", text(value, lang))
        for lang, value in DESCRIPTIONS.items():
            out.add(subject, DCT + "description", text(value, lang))
    out.add(series, RDF + "type", DCAT + "DatasetSeries")
    out.add(series, DCT + "publisher", publisher)
    service = f"{base}service/sparql"
    out.add(service, RDF + "type", DCAT + "DataService")
    out.add(service, RDF + "type", SD + "Service")
    out.add(service, DCT + "title", text("SPARQL 1.1 endpoint", "en"))
    out.add(service, DCAT + "endpointURL", release.sparql_endpoint)
    out.add(service, SD + "endpoint", release.sparql_endpoint)
    out.add(service, DCAT + "servesDataset", release.iri)
    out.add(service, DCT + "license", license_iri)


def describe_release(out: Triples, release: Release, license_iri: str) -> None:
    r = release.iri
    for kind in (DCAT + "Dataset", VOID + "Dataset"):
        out.add(r, RDF + "type", kind)
    out.add(r, DCAT + "inSeries", release.series)
    out.add(r, DCAT + "version", text(release.version))
    out.add(r, OWL + "versionInfo", text(release.version))
    out.add(r, DCT + "identifier", text(release.info.build_id))
    out.add(r, DCT + "issued", typed(release.issued, "date"))
    out.add(r, DCT + "modified", typed(release.info.finished, "dateTime"))
    out.add(r, DCT + "license", license_iri)
    out.add(r, DCT + "publisher", f"{release.base_iri}publisher")
    out.add(r, DCT + "spatial", KAZAKHSTAN)
    for lang in ("kk", "ru"):
        out.add(r, DCT + "language", LANGUAGES[lang])
    out.add(r, VOID + "sparqlEndpoint", release.sparql_endpoint)
    out.add(r, VOID + "uriSpace", text(release.base_iri))
    out.add(r, DCAT + "accessService", f"{release.base_iri}service/sparql")


def describe_statistics(out: Triples, release: Release, stats: Statistics) -> None:
    r = release.iri
    out.add(r, VOID + "triples", typed(stats.triples, "integer"))
    out.add(r, VOID + "distinctSubjects", typed(stats.subjects, "integer"))
    out.add(r, VOID + "classes", typed(len(stats.classes), "integer"))
    out.add(r, VOID + "properties", typed(len(stats.properties), "integer"))
    for n, (graph, count) in enumerate(stats.graphs.items(), start=1):
        subset = f"{r}/graph/{n}"
        out.add(r, VOID + "subset", subset)
        out.add(subset, RDF + "type", VOID + "Dataset")
        out.add(subset, RDF + "type", SD + "NamedGraph" if graph else SD + "Graph")
        if graph:
            out.add(subset, SD + "name", graph)
        out.add(subset, VOID + "triples", typed(count, "integer"))
    for n, (cls, count) in enumerate(stats.classes.items(), start=1):
        part = f"{r}/class/{n}"
        out.add(r, VOID + "classPartition", part)
        out.add(part, VOID + "class", cls)
        out.add(part, VOID + "entities", typed(count, "integer"))
    for n, (prop, count) in enumerate(stats.properties.items(), start=1):
        part = f"{r}/property/{n}"
        out.add(r, VOID + "propertyPartition", part)
        out.add(part, VOID + "property", prop)
        out.add(part, VOID + "triples", typed(count, "integer"))


def describe_distribution(
    out: Triples, release: Release, artifact: Artifact, license_iri: str
) -> None:
    d = f"{release.iri}/distribution/{_slug(artifact.path)}"
    fmt = artifact.format
    out.add(release.iri, DCAT + "distribution", d)
    out.add(d, RDF + "type", DCAT + "Distribution")
    out.add(d, DCT + "title", text(artifact.title, "en"))
    out.add(d, DCAT + "accessURL", release.download(artifact.path))
    out.add(d, DCAT + "downloadURL", release.download(artifact.path))
    out.add(d, DCAT + "mediaType", fmt.media_type_iri)
    out.add(d, DCT + "format", fmt.file_type_iri)
    if artifact.compressed:
        out.add(d, DCAT + "compressFormat", IANA + GZIP_MEDIA_TYPE)
    out.add(d, DCAT + "byteSize", typed(artifact.bytes, "nonNegativeInteger"))
    out.add(d, DCT + "license", license_iri)
    checksum = f"{d}/checksum"
    out.add(d, SPDX + "checksum", checksum)
    out.add(checksum, RDF + "type", SPDX + "Checksum")
    out.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
    out.add(checksum, SPDX + "checksumValue", typed(artifact.sha256, "hexBinary"))


def describe_delta(out: Triples, release: Release, delta: Delta) -> None:
    r = release.iri
    previous = delta.previous.get("iri")
    if previous:
        out.add(r, DCAT + "previousVersion", previous)
    note = (
        f"Changes since release {delta.previous.get('version', '?')} "
        f"({delta.previous.get('build_id', '?')}): "
        f"{sum(delta.added.values())} triples added, {sum(delta.removed.values())} removed."
    )
    out.add(r, ADMS + "versionNotes", text(note, "en"))
    for n, graph in enumerate(delta.graphs(), start=1):
        change = f"{r}/change/{n}"
        out.add(r, NQS + "graphChange", change)
        out.add(change, RDF + "type", NQS + "GraphChange")
        if graph:
            out.add(change, NQS + "changedGraph", graph)
        out.add(change, NQS + "addedTriples", typed(delta.added.get(graph, 0), "integer"))
        out.add(change, NQS + "removedTriples", typed(delta.removed.get(graph, 0), "integer"))


def write_catalog(
    folder: Path,
    release: Release,
    stats: Statistics,
    artifacts: list[Artifact],
    delta: Delta | None,
    license_iri: str = LICENSE,
) -> Artifact:
    """Write ``catalog.ttl`` describing the release and the given files."""
    out = Triples()
    describe_catalog(out, release, license_iri)
    describe_release(out, release, license_iri)
    describe_statistics(out, release, stats)
    for artifact in sorted(artifacts, key=lambda a: a.path):
        describe_distribution(out, release, artifact, license_iri)
    if delta is not None:
        describe_delta(out, release, delta)
    path = folder / CATALOG
    ox.serialize(out, str(path), ox.RdfFormat.TURTLE, prefixes=EXPORT_PREFIXES)
    return Artifact(CATALOG, "dcat", "DCAT-AP and VoID description of the release")
