"""The triples a mapper makes of one document: an ordered set, cheap to add to.

Mapping a standard makes thousands of triples; adding each to an indexed rdflib graph cost
more than the mapping itself. They are kept here in the order made, without duplicates,
and turned into what a caller needs: N-Triples for the store (through pyoxigraph's
serializer), or an rdflib graph for queries over one document.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from nqs.terms import OxTerm, to_ox

Triple = tuple[Node, URIRef, Node]


class Triples:
    """An ordered set of rdflib triples."""

    def __init__(self) -> None:
        self._triples: dict[Triple, None] = {}

    def add(self, triple: Triple) -> None:
        self._triples[triple] = None

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def graph(self) -> Graph:
        """A new rdflib graph holding the triples."""
        graph = Graph()
        for triple in self._triples:
            graph.add(triple)
        return graph

    def ox_triples(self) -> list[ox.Triple]:
        """The triples as pyoxigraph triples, in order."""
        seen: dict[Node, OxTerm] = {}

        def term(node: Node) -> OxTerm:
            found = seen.get(node)
            if found is None:
                found = seen[node] = to_ox(node)
            return found

        return [ox.Triple(term(s), term(p), term(o)) for s, p, o in self._triples]  # type: ignore[arg-type]

    def ntriples(self) -> bytes:
        """The triples in N-Triples, in order."""
        data = ox.serialize(self.ox_triples(), format=ox.RdfFormat.N_TRIPLES)
        assert data is not None
        return data
