"""Helpers shared by the export tests (no tests here): a release of a built store, the
store's content as a canonical dataset, and files read back."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from nqs.config import Settings
from nqs.export.release import Release
from nqs.store import ReadOnlyStore

PUBLIC = "https://nqs.example.kz/"


def release_of(settings: Settings) -> Release:
    source = ReadOnlyStore(settings.store)
    info = source.info
    return Release(
        db=source.db,
        info=info,
        base_iri=settings.base_iri,
        version=info.version,
        public_url=PUBLIC,
        download_url=f"{PUBLIC}dumps/",
    )


def canonical(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The quads with blank nodes relabelled canonically (RDFC-1.0): two datasets are
    isomorphic exactly when their canonical sets are equal."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def store_dataset(db: ox.Store) -> set[ox.Quad]:
    return canonical(db.quads_for_pattern(None, None, None, None))


def store_union(db: ox.Store) -> set[ox.Quad]:
    """The union of all named graphs, as default-graph quads."""
    quads = db.quads_for_pattern(None, None, None, None)
    return canonical(
        ox.Quad(q.subject, q.predicate, q.object)
        for q in quads
        if not isinstance(q.graph_name, ox.DefaultGraph)
    )


def store_merge(db: ox.Store) -> set[ox.Quad]:
    """The store's default graph, the merge of its named graphs."""
    return canonical(db.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def parsed(path: Path, fmt: ox.RdfFormat) -> set[ox.Quad]:
    return canonical(ox.parse(path=path, format=fmt))


def rdflib_quads(path: Path, fmt: str) -> set[ox.Quad]:
    """Read with rdflib (an independent parser) and hand over as N-Quads."""
    dataset = rdflib.Dataset()
    with warnings.catch_warnings(), path.open("rb") as fh:
        # rdflib's JSON-LD parser calls its own deprecated Dataset.default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(fh, format=fmt)
        data = dataset.serialize(format="nquads", encoding="utf-8")
    return canonical(ox.parse(data, format=ox.RdfFormat.N_QUADS))
