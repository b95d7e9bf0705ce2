"""The changes since a previous release: the triples added and removed, per graph.

The previous release is read from the N-Quads dump in its export directory (streamed into
a temporary on-disk store), and each side is looked up in the other's indexes, graph by
graph. Blank nodes have no identity across releases, so the quads with blank nodes are
compared after canonical relabelling (RDFC-1.0) of each side; in the change files they
carry their canonical labels (``_:c14n0``, …)."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from nqs.export.files import Artifact, ExportError, Manifest, file_name, output, read_input
from nqs.export.release import GraphName, Release
from nqs.export.sparql import query_text
from nqs.export.stats import graph_key

FOLDER = "delta"


@dataclass
class Delta:
    """Counts of added and removed triples per graph (``""`` = default graph)."""

    previous: dict[str, Any]
    added: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    removed: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def graphs(self) -> list[str]:
        return sorted(set(self.added) | set(self.removed))

    @classmethod
    def from_notes(cls, notes: dict[str, Any]) -> Delta:
        """The delta as :meth:`describe` recorded it in a manifest."""
        delta = cls(previous=notes["previous"])
        for graph, counts in notes["graphs"].items():
            delta.added[graph] = counts["added"]
            delta.removed[graph] = counts["removed"]
        return delta

    def describe(self) -> dict[str, Any]:
        return {
            "previous": self.previous,
            "added": sum(self.added.values()),
            "removed": sum(self.removed.values()),
            "graphs": {
                g: {"added": self.added.get(g, 0), "removed": self.removed.get(g, 0)}
                for g in self.graphs()
            },
        }


def previous_dump(folder: Path) -> tuple[Path, dict[str, Any]]:
    """The N-Quads dump of the release exported into ``folder``, and that release."""
    manifest = Manifest.read(folder)
    if manifest is None:
        raise ExportError(f"{folder} holds no export (no manifest.json)")
    for artifact in manifest.files:
        if artifact.profile == "dump" and artifact.path.removesuffix(".gz").endswith(".nq"):
            return folder / artifact.path, manifest.release
    raise ExportError(f"{folder} holds no N-Quads dump: export it with --profile dump")


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _contains(db: ox.Store, quad: ox.Quad) -> bool:
    found = db.quads_for_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name)
    return next(iter(found), None) is not None


def _blank_quads(db: ox.Store) -> set[ox.Quad]:
    """The quads with blank nodes (``queries/blank-quads.rq``), canonically relabelled."""
    rows = db.query(query_text("blank-quads"))
    assert isinstance(rows, ox.QuerySolutions)
    quads = []
    for row in rows:
        s, p, o, g = row["s"], row["p"], row["o"], row["g"]
        assert isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(p, ox.NamedNode)
        assert o is not None and not isinstance(g, ox.Literal | ox.Triple)
        quads.append(ox.Quad(s, p, o, g if g is not None else ox.DefaultGraph()))
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def _graphs(db: ox.Store) -> list[GraphName]:
    return [ox.DefaultGraph(), *sorted(db.named_graphs(), key=str)]


def _changes(
    this: ox.Store, other: ox.Store, blank_extra: set[ox.Quad], counts: dict[str, int]
) -> Iterator[ox.Quad]:
    """Quads of ``this`` that ``other`` lacks; counted per graph as they are yielded."""
    for graph in _graphs(this):
        for quad in this.quads_for_pattern(None, None, None, graph):
            if not _has_blank(quad) and not _contains(other, quad):
                counts[graph_key(graph)] += 1
                yield quad
    for quad in sorted(blank_extra, key=str):
        counts[graph_key(quad.graph_name)] += 1
        yield quad


def _write(quads: Iterable[ox.Quad], path: Path, compress: bool) -> None:
    with output(path, compress) as out:
        ox.serialize(quads, out, ox.RdfFormat.N_QUADS)


def export_delta(
    release: Release, previous: Path, folder: Path, compress: bool
) -> tuple[Delta, list[Artifact]]:
    """Write ``delta/added.nq`` and ``delta/removed.nq`` against the release in
    ``previous``."""
    dump, info = previous_dump(previous)
    delta = Delta(previous=info)
    with tempfile.TemporaryDirectory(prefix="nqs-previous-") as tmp:
        old = ox.Store(tmp)
        with read_input(dump) as fh:
            old.bulk_load(fh, ox.RdfFormat.N_QUADS)
        now_blank, old_blank = _blank_quads(release.db), _blank_quads(old)
        since = info.get("version", "?")
        names = {
            "added": (release.db, old, now_blank - old_blank, delta.added),
            "removed": (old, release.db, old_blank - now_blank, delta.removed),
        }
        artifacts = []
        for name, (this, other, extra, counts) in names.items():
            path = f"{FOLDER}/{file_name(name, 'nq', compress)}"
            _write(_changes(this, other, extra, counts), folder / path, compress)
            title = f"Triples {name} since release {since} ({info.get('build_id', '')})"
            artifacts.append(Artifact(path, "dcat", title))
        del old
    return delta, artifacts
