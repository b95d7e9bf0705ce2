"""The release being exported: the current build of the store and what identifies it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from nqs.store import BuildInfo, merge_size

GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


@dataclass(frozen=True)
class Release:
    """One build of the store as a published release.

    ``public_url`` is where the server answers (its ``/sparql`` is the endpoint);
    ``download_url`` is where the export directory is published."""

    db: ox.Store
    info: BuildInfo
    base_iri: str
    version: str
    public_url: str
    download_url: str

    @property
    def iri(self) -> str:
        return f"{self.base_iri}release/{self.info.build_id}"

    @property
    def series(self) -> str:
        """The dataset of which every release is a version."""
        return f"{self.base_iri}dataset"

    @property
    def issued(self) -> str:
        """The day the build finished (``xsd:date``)."""
        return self.info.finished[:10]

    @property
    def sparql_endpoint(self) -> str:
        return self.public_url.rstrip("/") + "/sparql"

    def download(self, path: str) -> str:
        return self.download_url.rstrip("/") + "/" + path

    @property
    def triples(self) -> int:
        """The triples of the merge of all graphs (the default graph), each once."""
        return merge_size(self.db)

    def graphs(self) -> list[GraphName]:
        """Every graph with content: the default graph (when not empty), then the named
        graphs in IRI order."""
        named: list[GraphName] = sorted(self.db.named_graphs(), key=lambda g: str(g))
        default = next(iter(self.db.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
        return ([ox.DefaultGraph()] if default is not None else []) + named

    def describe(self) -> dict[str, Any]:
        """The release as the manifest records it."""
        return {
            "iri": self.iri,
            "series": self.series,
            "version": self.version,
            "build_id": self.info.build_id,
            "issued": self.issued,
            "modified": self.info.finished,
            "base_iri": self.base_iri,
            "triples": self.triples,
            "quads": len(self.db),
            "sparql_endpoint": self.sparql_endpoint,
        }
