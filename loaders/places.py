"""Which typed resources of a document's graph lack the place they were read from.

Every resource a loader mints in a document's named graph carries ``prov:wasDerivedFrom``
the document and one place in it (``nqs:sourceUnit``, ``nqs:sourceStart``,
``nqs:sourceEnd``); the only exception is the ``nqs:SourceDocument`` itself, which is the
whole file (described by its name and checksum). :func:`unplaced` lists the exceptions to
that rule in one document's graph, :func:`unplaced_in_store` in every document graph of a
built store, by class (``queries/unplaced.rq``, ``queries/unplaced-in-store.rq``);
``python -m nqs.loaders.places FILE_OR_FOLDER...`` prints them.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from nqs.namespaces import NQS
from nqs.queries import package_queries

Unplaced = dict[str, list[str]]
"""Class IRI → the IRIs of its resources without a place (sorted)."""


def loader_query(name: str) -> str:
    """The text of the loaders' query ``name`` (``loaders/queries/NAME.rq``), read through
    the registry of :mod:`nqs.queries`."""
    return package_queries("nqs.loaders", "loader")[name].text


def _grouped(pairs: list[tuple[str, str]]) -> Unplaced:
    out: defaultdict[str, list[str]] = defaultdict(list)
    for cls, x in pairs:
        out[cls].append(x)
    return {cls: sorted(xs) for cls, xs in sorted(out.items())}


def unplaced(graph: Graph) -> Unplaced:
    """The typed resources of one document's graph (but the source document) without
    ``prov:wasDerivedFrom`` the document and a whole place, by class."""
    rows = graph.query(loader_query("unplaced"))
    return _grouped([(str(r.cls), str(r.x)) for r in rows])  # type: ignore[union-attr]


def unplaced_in_store(store: ox.Store) -> dict[str, Unplaced]:
    """:func:`unplaced` for every document graph of a built store, by graph IRI (graphs
    with none are left out)."""
    pairs: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.query(loader_query("unplaced-in-store")):  # type: ignore[union-attr]
        pairs[row["doc"].value].append((row["cls"].value, row["x"].value))
    return {doc: _grouped(found) for doc, found in sorted(pairs.items())}


def short(iri: str) -> str:
    """``nqs:Term`` for the project's ontology terms, else the IRI."""
    return iri.replace(str(NQS), "nqs:").replace("http://www.w3.org/2004/02/skos/core#", "skos:")


def main(args: list[str]) -> int:
    """Load each file (or every file under each folder) and print its unplaced resources by
    class; the exit code is 1 when any has one."""
    from nqs.loaders.documents import discover, load_document
    from nqs.loaders.iris import Minter
    from nqs.namespaces import DEFAULT_BASE_IRI

    paths = [Path(a) for a in args]
    files = [p for p in paths if p.is_file()] + discover([p for p in paths if p.is_dir()])
    missing = 0
    for path in files:
        doc = load_document(path, Minter(DEFAULT_BASE_IRI))
        found = unplaced(doc.graph)
        count = len({x for xs in found.values() for x in xs})
        missing += count
        by_class = ", ".join(f"{short(c)} {len(xs)}" for c, xs in found.items())
        print(
            f"{path.name}: {count} resources without a place{'; ' + by_class if by_class else ''}"
        )
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
