"""Readable, stable instance IRIs made from official codes and ordinal positions."""

from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import URIRef

from nqs.loaders.model import ActRef
from nqs.loaders.standard.model import StandardDocument

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "iu",
            "ia",
            "a",
            "g",
            "q",
            "n",
            "o",
            "u",
            "u",
            "h",
            "i",
        ],
        strict=True,
    )
)


def slug(text: str) -> str:
    """Lower-case Latin slug of a Kazakh or Russian text (``Балеттанушы`` → ``baletanushy``)."""
    out = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
    return re.sub(r"[^a-z0-9]+", "-", out).strip("-")


class Minter:
    """Makes IRIs under one instance base (``https://w3id.org/kz-nqs/id/`` by default)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def iri(self, *parts: str | int) -> URIRef:
        path = "/".join(quote(str(p), safe="-._~") for p in parts)
        return URIRef(self.base + path)

    def source(self, sha256: str) -> URIRef:
        return self.iri("source", sha256[:16])

    def standard(self, doc: StandardDocument) -> URIRef:
        return self.iri("standard", standard_key(doc))

    def act(self, act: ActRef) -> URIRef:
        return self.iri("act", act.date, act.number)

    def occupation(self, code: str) -> URIRef:
        return self.iri("occupation", code)

    def economic_activity(self, code: str) -> URIRef:
        return self.iri("oked", code)

    def scheme(self, name: str) -> URIRef:
        return self.iri("scheme", name)

    def sector_framework(self, section: str) -> URIRef:
        return self.iri("framework", "sqf", section)

    def sector_level(self, section: str, level: int) -> URIRef:
        return self.iri("framework", "sqf", section, "level", level)

    def nqf_level(self, level: int) -> URIRef:
        return self.iri("framework", "nqf", "level", level)

    def titled_act(self, title: str) -> URIRef:
        """An act cited without number and date (a charter, local rules), by its title."""
        return self.iri("act", slug(title))

    def organisation(self, name: str) -> URIRef:
        return self.iri("organisation", slug(name))

    def record(self, kind: str, key: str) -> URIRef:
        """A course office's record (``course``, ``trainer``, ``participant``,
        ``certificate``) by the identifier the office gave it."""
        return self.iri("record", kind, key)


def standard_key(doc: StandardDocument) -> str:
    """The standard's registry code; for a standard published without one, its approving
    order and annex (``order-222-2022-12-05-annex-22``), else its title as a slug."""
    if doc.code:
        return doc.code
    act = doc.approved_by
    if act is not None and act.annex:
        return f"order-{act.number}-{act.date}-annex-{act.annex}"
    return slug(doc.title)
