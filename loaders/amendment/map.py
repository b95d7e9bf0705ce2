"""Map a parsed amending order to RDF: the amended standard's elements in versions, one
``nqs:Amendment`` per change, and the word-level diff of each changed text.

IRIs. The amended standard is named as :func:`nqs.loaders.iris.standard_key` names a
standard without a code: by its approving order and annex. The order text gives neither the
standard's code nor an annex number; an order approving one standard has it as its only
annex, so annex ``1`` is used: ``standard/order-591-2023-11-20-annex-1``. Cards, functions,
skills and items follow the standard mapper (``…/card/3/function/1/skill/1/ability/3``).

Versions. Only an element whose text really changed gets a new version,
``<element IRI>/v/<date it took effect>``, with ``nqs:validFrom``; the element itself (the
text as order № 591 approved it) keeps its IRI and gets ``nqs:validUntil`` and
``nqs:supersededBy``. Unchanged elements keep their plain IRI and no dates. A parent links
to both versions of a child (``nqs:hasAbility`` …), so "current" is "no ``nqs:validUntil``"
and "as of D" is "no ``nqs:validFrom`` after D and no ``nqs:validUntil`` on or before D".
An unchanged element carries the location of its (identical) text in the new wording.

Amendments. ``<act>/amendment/N`` (``nqs:Amendment``), one per instruction of the order, with
the act that made it, the act it amends, the date it took effect, what it changed and the
old and new texts of the whole row; ``…/change/K`` (``nqs:TextChange``) links each old version
to its new one, with the diff as ``…/diff/<language>/I`` nodes (``nqs:DiffSegment``:
``nqs:segmentIndex``, ``nqs:diffOperation`` equal/delete/insert, ``nqs:diffText``).

Languages. The order is published in Kazakh and in Russian with the same layout; every IRI
above is made from numbers and dates (the acts, the standard's order and annex, card,
function, skill and item numbers, the instruction's and the change's ordinals, the date of
effect), never from a text, so both versions of the order give the same resources, each
text a literal in the document's language, and the labels the mapper writes (the rendered
row, an amendment's label) are its :data:`LABELS` in that language. Only the word diff is
of one language's texts: its segments are numbered per language (``…/diff/kk/3``,
``…/diff/ru/3``), so that both languages' diffs can stand in one graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef

from nqs.loaders.amendment.model import AmendmentDocument, ParagraphChange, RowChange
from nqs.loaders.graph_builder import GraphBuilder
from nqs.loaders.iris import Minter
from nqs.loaders.model import ActRef, Location
from nqs.loaders.operative import map_operative
from nqs.loaders.standard.model import Item, LaborFunction, Skill, StandardDocument
from nqs.loaders.triples import Triples
from nqs.namespaces import DCTERMS, NQS, PROV, RDF, RDFS, XSD
from nqs.worddiff import word_diff

ASSUMED_ANNEX = "1"
Text = tuple[str, Location]


@dataclass(frozen=True)
class Labels:
    """The texts the mapper writes itself, in one language (the others are the order's)."""

    function: str
    skill: str
    abilities: str
    knowledge: str
    amendment: str
    """The label of a changed row: ``{ordinal}``, ``{card}``, ``{function}``."""
    paragraph: str
    """A paragraph of the standard: ``{number}``."""
    change: str
    """An instruction of the order: ``{ordinal}``."""


LABELS = {
    "kk": Labels(
        function="{}-еңбек функциясы: {}",
        skill="{}-дағды: {}",
        abilities="Біліктер:",
        knowledge="Білімдер:",
        amendment="{ordinal}-өзгеріс: {card}-кәсіптер карточкасы, {function}-еңбек функциясы",
        paragraph="{number}-тармақ",
        change="{ordinal}-өзгеріс",
    ),
    "ru": Labels(
        function="Трудовая функция {}: {}",
        skill="Навык {}: {}",
        abilities="Умения:",
        knowledge="Знания:",
        amendment="Изменение {ordinal}: карточка профессии {card}, трудовая функция {function}",
        paragraph="пункт {number}",
        change="Изменение {ordinal}",
    ),
}


@dataclass(frozen=True)
class _Changed:
    """An element whose text changed: its old and new versions (either may be absent)."""

    old: URIRef | None
    new: URIRef | None
    old_text: str | None
    new_text: str | None
    loc: Location


def standard_iri(doc: AmendmentDocument, minter: Minter) -> URIRef:
    """The amended standard, named by its approving order and (assumed) annex 1."""
    act = ActRef(doc.amended.issuer, doc.amended.number, doc.amended.date, ASSUMED_ANNEX)
    stub = StandardDocument(
        doc.source, doc.language, doc.standard_title, doc.standard_loc, approved_by=act
    )
    return minter.standard(stub)


def render(fn: LaborFunction, labels: Labels = LABELS["kk"]) -> str:
    """A row as reconstructed, one element per line."""
    lines = [labels.function.format(fn.ordinal, fn.title)]
    for skill in fn.skills:
        lines.append(labels.skill.format(skill.ordinal, skill.title))
        lines.append(labels.abilities)
        lines += [f"{i.ordinal}. {i.text}" for i in skill.abilities]
        lines.append(labels.knowledge)
        lines += [f"{i.ordinal}. {i.text}" for i in skill.knowledge]
    return "\n".join(lines)


class AmendmentMapper(GraphBuilder):
    """Builds the graph of one amending order; ``run`` returns it."""

    def __init__(self, doc: AmendmentDocument, minter: Minter) -> None:
        self.doc = doc
        super().__init__(doc.source, minter, doc.language)
        self.labels = LABELS[doc.language]
        self.date = Literal(doc.effective, datatype=XSD.date)
        self.changed: list[_Changed] = []

    # -- primitives ----------------------------------------------------------------------------
    def version(self, plain: URIRef) -> URIRef:
        return URIRef(f"{plain}/v/{self.doc.effective}")

    def versioned(
        self, plain: URIRef, cls: URIRef, ordinal: int, old: Text | None, new: Text | None
    ) -> tuple[URIRef | None, URIRef | None]:
        """The element's old and current IRIs; a new version only when the text changed."""
        if old is not None and new is not None and old[0] == new[0]:
            self.entity(plain, cls, new[0], new[1])
            self.add(plain, NQS.ordinal, Literal(ordinal))
            return plain, plain
        before = after = None
        if old is not None:
            before = self.entity(plain, cls, old[0], old[1])
            self.add(before, NQS.ordinal, Literal(ordinal))
            self.add(before, NQS.validUntil, self.date)
        if new is not None:
            after = self.entity(self.version(plain), cls, new[0], new[1])
            self.add(after, NQS.ordinal, Literal(ordinal))
            self.add(after, NQS.validFrom, self.date)
        if before is not None and after is not None:
            self.add(before, NQS.supersededBy, after)
        locs = [t[1] for t in (old, new) if t is not None]
        where = locs[0].span(locs[-1])
        self.changed.append(
            _Changed(before, after, old[0] if old else None, new[0] if new else None, where)
        )
        return before, after

    def link(
        self,
        parents: tuple[URIRef | None, URIRef | None],
        prop: URIRef,
        kids: tuple[URIRef | None, URIRef | None],
    ) -> None:
        """Old parent → old child, current parent → current child."""
        for parent, kid in zip(parents, kids, strict=True):
            if parent is not None and kid is not None:
                self.add(parent, prop, kid)

    # -- document ------------------------------------------------------------------------------
    def run(self) -> Triples:
        doc = self.doc
        self.source_document(self.doc.source, self.doc.warnings)
        amending = self.act(doc.amending, doc.loc)
        self.add(amending, DCTERMS.title, self.text(doc.title))
        if doc.operative is not None:
            map_operative(self, amending, doc.operative)
        amended = self.act(doc.amended, doc.header_loc or doc.loc)
        if doc.amended_title:
            self.add(amended, DCTERMS.title, self.text(doc.amended_title))
        self.add(amending, NQS.amends, amended)
        self.add(amending, NQS.entryIntoForce, self.date)
        std = self.entity(
            standard_iri(doc, self.mint),
            NQS.ProfessionalStandard,
            doc.standard_title,
            doc.standard_loc,
        )
        self.add(std, NQS.approvedBy, amended)
        for change in doc.changes:
            self.row_change(std, amending, amended, change)
        for para in doc.paragraphs:
            self.paragraph(std, amending, amended, para)
        return self.triples

    # -- a changed row -------------------------------------------------------------------------
    def row_change(self, std: URIRef, amending: URIRef, amended: URIRef, change: RowChange) -> None:
        card = self.entity(
            URIRef(f"{std}/card/{change.card}"),
            NQS.ProfessionCard,
            change.card_name,
            change.card_loc,
        )
        self.add(card, NQS.ordinal, Literal(change.card))
        self.add(std, NQS.hasCard, card)
        self.changed = []
        old, new = change.old, change.new
        plain = URIRef(f"{card}/function/{new.ordinal}")
        fns = self.versioned(
            plain, NQS.LaborFunction, new.ordinal, (old.title, old.loc), (new.title, new.loc)
        )
        for fn in {f for f in fns if f is not None}:
            self.add(fn, NQS.mandatory, Literal(True))
            self.add(card, NQS.hasLaborFunction, fn)
        a = {s.ordinal: s for s in old.skills}
        b = {s.ordinal: s for s in new.skills}
        for k in sorted(a.keys() | b.keys()):
            self.skill(plain, fns, k, a.get(k), b.get(k))
        node = self.amendment(amending, amended, std, change.ordinal, change.loc)
        self.add(
            node,
            RDFS.label,
            self.text(
                self.labels.amendment.format(
                    ordinal=change.ordinal, card=change.card, function=new.ordinal
                )
            ),
        )
        self.add(node, NQS.amendedCard, card)
        self.add(node, NQS.amendedFunction, plain)
        for k in change.skills:
            self.add(node, NQS.amendedSkill, URIRef(f"{plain}/skill/{k}"))
        self.add(node, NQS.oldText, self.text(render(old, self.labels)))
        self.add(node, NQS.newText, self.text(render(new, self.labels)))
        self.text_changes(node)

    def skill(
        self,
        fn: URIRef,
        fns: tuple[URIRef | None, URIRef | None],
        k: int,
        old: Skill | None,
        new: Skill | None,
    ) -> None:
        plain = URIRef(f"{fn}/skill/{k}")
        skills = self.versioned(
            plain,
            NQS.Skill,
            k,
            (old.title, old.loc) if old else None,
            (new.title, new.loc) if new else None,
        )
        self.link(fns, NQS.hasSkill, skills)
        for kind, prop, cls in (
            ("ability", NQS.hasAbility, NQS.Ability),
            ("knowledge", NQS.hasKnowledge, NQS.Knowledge),
        ):
            a, b = _items(old, kind), _items(new, kind)
            for n in sorted(a.keys() | b.keys()):
                items = self.versioned(
                    URIRef(f"{plain}/{kind}/{n}"), cls, n, _text(a.get(n)), _text(b.get(n))
                )
                self.link(skills, prop, items)

    # -- amendments ----------------------------------------------------------------------------
    def amendment(
        self, amending: URIRef, amended: URIRef, std: URIRef, ordinal: int, loc: Location
    ) -> URIRef:
        node = URIRef(f"{amending}/amendment/{ordinal}")
        self.add(node, RDF.type, NQS.Amendment)
        self.add(node, PROV.wasDerivedFrom, self.source)
        self.add(node, NQS.sourceUnit, Literal(loc.unit))
        self.add(node, NQS.sourceStart, Literal(loc.start))
        self.add(node, NQS.sourceEnd, Literal(loc.end))
        self.add(node, NQS.amendmentNumber, Literal(ordinal))
        self.add(node, NQS.amendingAct, amending)
        self.add(node, NQS.amendedAct, amended)
        self.add(node, NQS.amendedStandard, std)
        self.add(node, NQS.effectiveDate, self.date)
        return node

    def text_changes(self, amendment: URIRef) -> None:
        for k, ch in enumerate(self.changed, start=1):
            node = URIRef(f"{amendment}/change/{k}")
            label = f"{ch.old_text or '–'} → {ch.new_text or '–'}"
            self.entity(node, NQS.TextChange, label, ch.loc)
            self.add(amendment, NQS.hasTextChange, node)
            if ch.old is not None:
                self.add(node, NQS.oldVersion, ch.old)
            if ch.new is not None:
                self.add(node, NQS.newVersion, ch.new)
            if ch.old_text is not None:
                self.add(node, NQS.oldText, self.text(ch.old_text))
            if ch.new_text is not None:
                self.add(node, NQS.newText, self.text(ch.new_text))
            if ch.old_text is not None and ch.new_text is not None:
                self.diff(node, ch.old_text, ch.new_text, ch.loc)

    def diff(self, change: URIRef, old: str, new: str, loc: Location) -> None:
        """The word diff of a change, each segment placed where the change is read."""
        for i, seg in enumerate(word_diff(old, new), start=1):
            node = URIRef(f"{change}/diff/{self.lang}/{i}")
            self.add(node, RDF.type, NQS.DiffSegment)
            self.place(node, loc)
            self.add(node, NQS.segmentIndex, Literal(i))
            self.add(node, NQS.diffOperation, Literal(seg.op))
            self.add(node, NQS.diffText, self.text(seg.text))
            self.add(change, NQS.hasDiffSegment, node)

    # -- a replaced paragraph ------------------------------------------------------------------
    def paragraph(
        self, std: URIRef, amending: URIRef, amended: URIRef, para: ParagraphChange
    ) -> None:
        """The paragraph as order № 591 had it (text not known) is superseded by its new
        wording, kept word for word but for the contact persons (personal data): a marker
        stands in their place and the new version, the amendment and its text change are
        flagged ``nqs:personalDataOmitted``; of the developers only the organisations are
        kept as values."""
        plain = URIRef(f"{std}/paragraph/{para.paragraph}")
        instruction = Location(para.loc.unit, para.loc.start, para.loc.start)
        label = self.labels.paragraph.format(number=para.paragraph)
        old = self.entity(plain, NQS.StandardParagraph, label, instruction)
        new_text = para.text
        new = self.entity(
            self.version(plain),
            NQS.StandardParagraph,
            f"{para.paragraph}. {para.heading}",
            para.new_loc,
        )
        for iri in (old, new):
            self.add(iri, NQS.paragraphNumber, Literal(para.paragraph))
            self.add(std, NQS.hasParagraph, iri)
        self.add(old, NQS.validUntil, self.date)
        self.add(old, NQS.supersededBy, new)
        self.add(new, NQS.validFrom, self.date)
        for org in para.developers:
            self.add(new, NQS.developerOrganisation, self.text(org))
        node = self.amendment(amending, amended, std, para.ordinal, para.loc)
        change = self.labels.change.format(ordinal=para.ordinal)
        self.add(node, RDFS.label, self.text(f"{change}: {label}"))
        self.add(node, NQS.newText, self.text(new_text))
        self.changed = [_Changed(old, new, None, new_text, para.new_loc)]
        self.text_changes(node)
        if para.contacts_dropped:
            omitted = Literal(True)
            for iri in (new, node, URIRef(f"{node}/change/1")):
                self.add(iri, NQS.personalDataOmitted, omitted)


def _items(skill: Skill | None, kind: str) -> dict[int, Item]:
    if skill is None:
        return {}
    return {i.ordinal: i for i in (skill.abilities if kind == "ability" else skill.knowledge)}


def _text(item: Item | None) -> Text | None:
    return (item.text, item.loc) if item is not None else None


def map_amendment(doc: AmendmentDocument, minter: Minter) -> Triples:
    """The RDF graph of one parsed amending order."""
    return AmendmentMapper(doc, minter).run()
