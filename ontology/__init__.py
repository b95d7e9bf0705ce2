"""The ontology's Turtle modules, shipped as package data (``nqs.ontology``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def ontology_paths() -> list[Path]:
    """The ontology's Turtle modules: the core (``nqs.ttl``) and one per further area."""
    folder = Path(str(resources.files("nqs.ontology")))
    return sorted(folder.glob("*.ttl"))
