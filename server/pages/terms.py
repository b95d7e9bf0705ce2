"""RDF terms as the linked-data pages hold them and the vocabulary they read (from
:mod:`nqs.nodes`, shared with the build's search index), and the mapping between instance
IRIs and this server's paths (``https://w3id.org/kz-nqs/id/X`` is served at ``/id/X``;
ontology terms at ``/ontology#Term``)."""

from __future__ import annotations

from urllib.parse import quote, unquote

from nqs.namespaces import PREFIXES
from nqs.nodes import ELEMENT_LINKS as ELEMENT_LINKS
from nqs.nodes import N as N
from nqs.nodes import Node as Node
from nqs.nodes import V as V
from nqs.nodes import node_from_term as node_from_term
from nqs.nodes import ontology_fragment as ontology_fragment

# The minter quotes each path segment keeping only these (loaders/iris.py).
SEGMENT_SAFE = "-._~"


def iri_node(value: str) -> Node:
    return Node("iri", value)


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in one of the project's namespaces, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            local = iri[len(ns) :]
            if all(c.isalnum() or c in "_-." for c in local):
                return f"{prefix}:{local}"
    return iri


def local_path(iri: str, base: str) -> str | None:
    """The part of an instance IRI after the base, quoted for a URL path; None for IRIs
    outside the base."""
    if not iri.startswith(base) or len(iri) == len(base):
        return None
    return quote(iri[len(base) :], safe="/%" + SEGMENT_SAFE + "!$&'()*+,;=:@")


def candidate_iris(path: str, base: str) -> list[str]:
    """The instance IRIs a request path (as decoded by the server) may stand for: each
    segment quoted as the minter quotes it, then the path as given."""
    minted = base + "/".join(quote(seg, safe=SEGMENT_SAFE) for seg in path.split("/"))
    plain = base + quote(unquote(path), safe="/" + SEGMENT_SAFE + "!$&'()*+,;=:@")
    out = [minted]
    if plain != minted:
        out.append(plain)
    return out
