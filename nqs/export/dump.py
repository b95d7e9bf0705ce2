"""Profile ``dump``: the whole store in six RDF formats, streamed to disk.

N-Quads, TriG and JSON-LD hold the store as it is: every named graph (one per source
document, the ontology, the links, the inferred graph) and the default graph, their merge;
N-Triples, Turtle and RDF/XML, which cannot name graphs, hold the merge: every distinct
triple once. pyoxigraph writes straight from the store's indexes, so nothing is held in
memory twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from nqs.export import jsonld
from nqs.export.files import Artifact, file_name, output
from nqs.export.release import Release
from nqs.export.vocab import (
    EXPORT_PREFIXES,
    JSON_LD,
    N_QUADS,
    N_TRIPLES,
    RDF_XML,
    TRIG,
    TURTLE,
    FileFormat,
)

FOLDER = "dump"
STEM = "kz-nqs"
DATASET_FORMATS = (N_QUADS, TRIG, JSON_LD)
GRAPH_FORMATS = (N_TRIPLES, TURTLE, RDF_XML)


def title(fmt: FileFormat) -> str:
    if fmt in DATASET_FORMATS:
        return (
            f"Full dump, {fmt.name}: every named graph (source documents, ontology, links, "
            "inferred) and the default graph, their merge"
        )
    return f"Full dump, {fmt.name}: the merge of all graphs, each distinct triple once"


def prefixes(fmt: FileFormat) -> dict[str, str] | None:
    return EXPORT_PREFIXES if fmt in (TURTLE, TRIG, RDF_XML) else None


def write_format(release: Release, fmt: FileFormat, path: Path, compress: bool) -> None:
    db = release.db
    assert fmt.rdf is not None
    with output(path, compress) as out:
        if fmt is JSON_LD:
            jsonld.write_dataset(db, release.graphs(), out)
        elif fmt in DATASET_FORMATS:
            db.dump(out, fmt.rdf, prefixes=prefixes(fmt))
        else:
            db.dump(out, fmt.rdf, from_graph=ox.DefaultGraph(), prefixes=prefixes(fmt))


def export_dump(release: Release, folder: Path, compress: bool) -> list[Artifact]:
    """Write the dumps and the JSON-LD context into ``folder/dump``."""
    artifacts = []
    for fmt in (*DATASET_FORMATS, *GRAPH_FORMATS):
        name = f"{FOLDER}/{file_name(STEM, fmt.extension, compress)}"
        write_format(release, fmt, folder / name, compress)
        artifacts.append(Artifact(name, "dump", title(fmt)))
    context = f"{FOLDER}/{jsonld.CONTEXT_FILE}"
    (folder / context).write_text(jsonld.context_text(), encoding="utf-8")
    artifacts.append(Artifact(context, "dump", "JSON-LD context of the JSON-LD dump"))
    return artifacts


def remove_old(folder: Path) -> None:
    shutil.rmtree(folder / FOLDER, ignore_errors=True)
