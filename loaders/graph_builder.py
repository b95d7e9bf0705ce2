"""The base of every mapper: one graph for one source document, with provenance.

Every extracted entity gets its type, its label in the language of the source text,
``prov:wasDerivedFrom`` the source document, and the place it was read from.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.term import Node

from nqs.loaders.iris import Minter
from nqs.loaders.model import ActRef, CitedAct, Location, SourceInfo
from nqs.loaders.triples import Triples
from nqs.namespaces import DCTERMS, NQS, PROV, RDF, RDFS, XSD

# the terms of every entity, made once (a namespace makes a new term at each attribute use)
_TYPE, _LABEL, _DERIVED_FROM = RDF.type, RDFS.label, PROV.wasDerivedFrom
_UNIT, _START, _END = NQS.sourceUnit, NQS.sourceStart, NQS.sourceEnd


@lru_cache(maxsize=4096, typed=True)
def plain(value: str | int | bool) -> Literal:
    """The literal of a number, flag or code, made once: a document repeats the same few
    (ordinals, line and row numbers, ``"row"``) thousands of times."""
    return Literal(value)


class GraphBuilder:
    """Holds the triples being made, the minter, and the source document's IRI."""

    def __init__(self, source: SourceInfo, minter: Minter, lang: str = "kk") -> None:
        self.mint = minter
        self.lang = lang
        self.triples = Triples()
        self.source = minter.source(source.sha256)
        self.placed: set[URIRef] = set()

    def add(self, s: Node, p: URIRef, o: Node) -> None:
        self.triples.add((s, p, o))

    def text(self, value: str) -> Literal:
        """A literal in the language of the source text."""
        return Literal(value, lang=self.lang)

    def source_document(self, src: SourceInfo, warnings: Iterable[object] = ()) -> None:
        """The source document itself: file name, media type, checksum, language, and the
        recoverable oddities found while reading it."""
        s = self.source
        self.add(s, RDF.type, NQS.SourceDocument)
        self.add(s, RDFS.label, Literal(src.name))
        self.add(s, NQS.fileName, Literal(src.name))
        self.add(s, DCTERMS["format"], Literal(src.media_type))
        self.add(s, NQS.sha256, Literal(src.sha256))
        self.add(s, DCTERMS.language, Literal(self.lang))
        for warning in warnings:
            self.add(s, NQS.loadWarning, Literal(str(warning)))

    def entity(self, iri: URIRef, cls: URIRef, label: str, loc: Location | None) -> URIRef:
        """Type, label and provenance (source document and place) of an extracted entity."""
        add = self.triples.add
        add((iri, _TYPE, cls))
        add((iri, _LABEL, self.text(label)))
        return self.place(iri, loc)

    def place(self, iri: URIRef, loc: Location | None) -> URIRef:
        """``prov:wasDerivedFrom`` the source document and the place ``iri`` was read from.

        A resource the document names more than once (a sector level of several cards, a
        classifier code) keeps the first place only, so that its unit, start and end in
        this document's graph stay one place; its places in other documents are in their
        own graphs."""
        add = self.triples.add
        add((iri, _DERIVED_FROM, self.source))
        if loc is not None and iri not in self.placed:
            self.placed.add(iri)
            add((iri, _UNIT, plain(loc.unit)))
            add((iri, _START, plain(loc.start)))
            add((iri, _END, plain(loc.end)))
        return iri

    def act(self, act: ActRef, loc: Location | None) -> URIRef:
        """A numbered act, with the same IRI and label form in every loader."""
        iri = self.mint.act(act)
        day = "{2}.{1}.{0}".format(*act.date.split("-"))
        self.entity(iri, NQS.LegalAct, f"{act.issuer}: № {act.number}, {day}", loc)
        self.add(iri, NQS.actNumber, Literal(act.number))
        self.add(iri, NQS.actDate, Literal(act.date, datatype=XSD.date))
        self.add(iri, NQS.issuer, self.text(act.issuer))
        return iri

    def cited_act(self, cited: CitedAct) -> URIRef:
        """A law or code a document names: by number and date when known, else by title,
        so that every document citing it meets the same resource."""
        if cited.ref is not None:
            iri = self.act(cited.ref, cited.loc)
        else:
            iri = self.entity(
                self.mint.titled_act(cited.title), NQS.LegalAct, cited.title, cited.loc
            )
        self.add(iri, DCTERMS.title, self.text(cited.title))
        return iri
