"""The one JSON-LD compactor (:class:`nqs.export.jsonld.Compactor`), used by the export's
stream and by the server's resource descriptions (:func:`nqs.server.pages.rdf.compact_json_ld`)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from nqs.export.jsonld import Compactor
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, PREFIXES, RDF, RDFS
from nqs.server.pages.rdf import compact_json_ld

CARD = ox.NamedNode(f"{DEFAULT_BASE_IRI}standard/R90012023/card/1")
# seed 000, line 376: "Кәсіптің атауы: Балеттанушы"
TRIPLES = [
    ox.Triple(CARD, ox.NamedNode(str(RDF.type)), ox.NamedNode(NQS.ProfessionCard)),
    ox.Triple(CARD, ox.NamedNode(str(RDFS.label)), ox.Literal("Балеттанушы", language="kk")),
    ox.Triple(
        CARD,
        ox.NamedNode(NQS.ordinal),
        ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ),
]
NODE = {
    "@id": f"{DEFAULT_BASE_IRI}standard/R90012023/card/1",
    "@type": ["nqs:ProfessionCard"],
    "rdfs:label": [{"@value": "Балеттанушы", "@language": "kk"}],
    "nqs:ordinal": [{"@value": "1", "@type": "xsd:integer"}],
}


def test_triples_and_quads_give_the_same_node() -> None:
    compact = Compactor(dict(PREFIXES))
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in TRIPLES]
    assert list(compact.nodes(TRIPLES)) == list(compact.nodes(quads)) == [NODE]


def test_the_server_writes_the_compactors_nodes() -> None:
    document = json.loads(compact_json_ld(TRIPLES, "/context.jsonld"))
    assert document == {"@context": "/context.jsonld", "@graph": [NODE]}


def test_a_triple_term_has_no_json_ld_form() -> None:
    quoted = ox.Triple(CARD, ox.NamedNode(str(RDFS.label)), ox.Literal("x"))
    with pytest.raises(ValueError, match="RDF-star"):
        list(Compactor({}).nodes([ox.Triple(CARD, ox.NamedNode(str(RDFS.label)), quoted)]))
