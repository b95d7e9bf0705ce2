"""The build's description in the data: who the build is, readable by a SPARQL query.

Every build writes one resource, ``<base>build/<build id>`` (an ``nqs:Build``), into its
named graph ``graph/build`` and into the merge: its id (``nqs:buildId``, which begins with
the time it started, so that a later build sorts after), its size (``void:triples``, the
merge's triples, this description included) and its whole record (``nqs:buildRecord``: the
text of ``build.json``, with the time it finished). No ``xsd:dateTime`` literal: stores and
parsers write one in different lexical forms (``Z`` or ``+00:00``), which would make the
dumps read back differently. A server
in front of a remote SPARQL endpoint (setting ``endpoint``) has no ``build.json`` of its own:
it reads this description from the endpoint (:data:`DESCRIPTION_QUERY`,
``queries/build-description.rq``) for ``/health``,
the ``/build`` page and the validators (ETag, Last-Modified) of its answers, so that these
describe the data the endpoint holds.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pyoxigraph as ox

from nqs.namespaces import NQS, RDF, XSD
from nqs.store import BuildInfo, add_to_graph
from nqs.store.builds import store_query

BUILD_GRAPH = "graph/build"
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"

DESCRIPTION_QUERY = store_query("build-description")
"""The newest build described in the data (one, unless several builds were loaded)."""


def build_iri(base_iri: str, build_id: str) -> str:
    return f"{base_iri}build/{build_id}"


def description(info: BuildInfo, base_iri: str) -> list[ox.Triple]:
    """The triples that describe the build recorded by ``info``."""
    subject = ox.NamedNode(build_iri(base_iri, info.build_id))
    record = json.dumps(info.__dict__, ensure_ascii=False, sort_keys=True)
    return [
        ox.Triple(subject, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(NQS.Build))),
        ox.Triple(subject, ox.NamedNode(str(NQS.buildId)), ox.Literal(info.build_id)),
        ox.Triple(
            subject,
            ox.NamedNode(VOID_TRIPLES),
            ox.Literal(str(info.triples), datatype=ox.NamedNode(str(XSD.integer))),
        ),
        ox.Triple(subject, ox.NamedNode(str(NQS.buildRecord)), ox.Literal(record)),
    ]


def describe_build(db: ox.Store, info: BuildInfo, base_iri: str) -> BuildInfo:
    """Add the build's description to its graph and the merge; returns ``info`` with the
    counts that include it (the triples of the merge and the quads as stored)."""
    size = len(description(info, base_iri))  # the same number whatever the values
    counted = replace(info, triples=info.triples + size, quads=info.quads + 2 * size)
    add_to_graph(db, ox.NamedNode(base_iri + BUILD_GRAPH), description(counted, base_iri))
    return counted


def info_from_record(record: str) -> BuildInfo:
    """The build record of a description (:data:`DESCRIPTION_QUERY`'s ``?record``)."""
    data = json.loads(record)
    known = set(BuildInfo.__dataclass_fields__)
    return BuildInfo(**{k: v for k, v in data.items() if k in known})
