"""The ontology's Turtle modules, shipped as package data (``nqs.ontology``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pyoxigraph


def ontology_paths() -> list[Path]:
    """The ontology's Turtle modules: the core (``nqs.ttl``) and one per further area."""
    folder = Path(str(resources.files("nqs.ontology")))
    return sorted(folder.glob("*.ttl"))


def ontology_ntriples() -> bytes:
    """The ontology's files as one N-Triples text, parsed as ``bulk_load`` parses them
    (blank nodes fresh at each call)."""
    triples = [t for path in ontology_paths() for t in pyoxigraph.parse(path=str(path))]
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
