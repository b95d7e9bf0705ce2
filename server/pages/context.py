"""What every view needs: the fetched graph, the label languages, the messages, and how to
turn a resource into a link (plain data for the templates)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request

from nqs.server.pages.fetch import LocalGraph, settings
from nqs.server.pages.i18n import Translator, label_language, label_order, pick, ui_language
from nqs.server.pages.terms import Node, V, local_path, ontology_fragment
from nqs.server.pages.vocab import Vocabulary, kind_of, vocabulary


@dataclass
class Link:
    """A resource as a link: its address, its name (in ``lang``) and its code."""

    href: str
    text: str
    lang: str = ""
    code: str = ""
    kind: str = ""
    iri: str = ""
    external: bool = False


@dataclass
class Text:
    """A literal as shown: its text and language."""

    text: str
    lang: str = ""


def resource_href(iri: str, base: str) -> tuple[str, bool]:
    """The page address for an IRI (this server's for instance IRIs and ontology terms)
    and whether it leaves this server."""
    root = request.script_root
    path = local_path(iri, base)
    if path is not None:
        return f"{root}/id/{path}", False
    fragment = ontology_fragment(iri)
    if fragment is not None:
        return f"{root}/ontology" + (f"#{fragment}" if fragment else ""), False
    return iri, True


def fallback_name(iri: str, base: str) -> str:
    """A name for a resource without a label: the end of its IRI."""
    rest = iri[len(base) :] if iri.startswith(base) else iri
    parts = [p for p in rest.replace("#", "/").split("/") if p]
    return "/".join(parts[-2:]) if len(parts) > 1 else (parts[0] if parts else iri)


class Ctx:
    """One page's view of the data."""

    def __init__(self, graph: LocalGraph) -> None:
        self.graph = graph
        self.base = settings().base_iri
        self.ui_lang = ui_language()
        self.order = label_order(label_language())
        self.t = Translator(self.ui_lang)
        self._vocab: Vocabulary | None = None
        self._links: dict[str, tuple[int, Link]] = {}

    @property
    def vocab(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = vocabulary()
        return self._vocab

    def term(self, iri: str) -> str:
        """The label of a class or property in the interface language."""
        return self.vocab.label(iri, label_order(self.ui_lang), self.t)

    def best(self, nodes: list[Node]) -> Text | None:
        found = pick(nodes, self.order)
        return Text(found.value, found.lang) if found else None

    def literal(self, s: str, p: str) -> Text | None:
        return self.best(self.graph.literals(s, p))

    def name(self, iri: str) -> Text:
        """The resource's label in the preferred language (``rdfs:label`` before
        ``skos:prefLabel``), else in another language, else its code or IRI."""
        g = self.graph
        rank = {lang: i for i, lang in enumerate(self.order)}
        found = [
            (rank.get(n.lang.split("-")[0], len(rank)), i, n.value, n)
            for i, p in enumerate((V.LABEL, V.PREF_LABEL))
            for n in g.literals(iri, p)
        ]
        if found:
            best = min(found)[3]
            return Text(best.value, best.lang)
        code = self.graph.value(iri, V.NOTATION)
        if code:
            return Text(code)
        return Text(fallback_name(iri, self.base))

    def kind(self, iri: str) -> str:
        return kind_of(self.graph.types(iri))

    def link(self, iri: str) -> Link:
        """The resource as a link (the same object while the graph is unchanged: copy it
        with :func:`dataclasses.replace` to change it)."""
        known = self._links.get(iri)
        if known is not None and known[0] == self.graph.size:
            return known[1]
        made = self._make_link(iri)
        self._links[iri] = (self.graph.size, made)
        return made

    def _make_link(self, iri: str) -> Link:
        href, external = resource_href(iri, self.base)
        name = self.name(iri)
        code = self.graph.value(iri, V.NOTATION) or ""
        if code == name.text:
            code = ""
        return Link(href, name.text, name.lang, code, self.kind(iri), iri, external)

    def links(self, iris: list[str], by_ordinal: bool = False) -> list[Link]:
        ordered = self.ordered(iris) if by_ordinal else sorted(iris, key=self.sort_key)
        return [self.link(i) for i in ordered]

    def broader(self, iri: str) -> str | None:
        """The concept directly above ``iri`` in its own classifier (``skos:broader`` to a
        concept of this graph; a broader match elsewhere does not count)."""
        ups = [b for b in self.graph.iris(iri, V.BROADER) if b.startswith(self.base)]
        return sorted(ups)[0] if ups else None

    def ordinal(self, iri: str) -> int:
        found = self.graph.integer(iri, V.nqs("ordinal"))
        return found if found is not None else 10**6

    def ordered(self, iris: list[str]) -> list[str]:
        """In document order (``nqs:ordinal``), ties by IRI."""
        return sorted(set(iris), key=lambda i: (self.ordinal(i), i))

    def sort_key(self, iri: str) -> tuple[str, str]:
        return (self.name(iri).text.casefold(), iri)
