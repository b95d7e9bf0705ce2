"""Map typical qualification characteristics of positions to RDF, with provenance.

IRIs (under the minter's base), for order № 61 of 2008:
``position/order-61-2008/section/1``, ``position/order-61-2008/1/5`` (section 1, position 5),
``…/1/5/duty/2``, ``…/1/5/knowledge/3``, ``…/1/5/requirement/1``,
``…/requirement/1/education/1``, ``…/requirement/1/experience/1``, a sub-position
``position/order-61-2008/2/8/sub/1``; acts by number and date (``act/2008-02-12/61``) or by
title (``act/gylym-turaly``); amendments ``act/2008-02-12/61/amendment/1``; concepts
``education-level/higher`` and ``academic-degree/phd``.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from nqs.loaders.graph_builder import GraphBuilder, plain
from nqs.loaders.iris import Minter
from nqs.loaders.model import CitedAct, Location
from nqs.loaders.operative import map_operative
from nqs.loaders.positions.model import (
    Amendment,
    PositionsDocument,
    Requirement,
    Section,
    TextItem,
)
from nqs.loaders.positions.model import (
    Position as PositionModel,
)
from nqs.loaders.positions.parse import KNOWN_ACTS
from nqs.loaders.triples import Triples
from nqs.namespaces import DCTERMS, NQS, RDF, RDFS, SKOS, XSD

EDUCATION_LEVELS = {
    "higher": ("жоғары білім", "higher education"),
    "technical-vocational": (
        "техникалық және кәсіптік білім",
        "technical and vocational education",
    ),
    "secondary-vocational": ("орта кәсіптік білім", "secondary vocational education"),
}
DEGREES = {
    "doctor-of-sciences": ("ғылым докторы", "Doctor of Sciences"),
    "candidate-of-sciences": ("ғылым кандидаты", "Candidate of Sciences"),
    "phd": ("философия докторы (PhD)", "Doctor of Philosophy (PhD)"),
    "master": ("магистр", "Master"),
}


# Acts cited by title, by key: their Kazakh titles mint their IRIs in either language.
KK_TITLES = {key: title for key, _, title, _ in KNOWN_ACTS}


class PositionsMapper(GraphBuilder):
    """Builds the graph of one positions document; ``run`` returns it."""

    def __init__(self, doc: PositionsDocument, minter: Minter) -> None:
        self.doc = doc
        super().__init__(doc.source, minter, doc.language)
        act = doc.order.act
        self.key = f"order-{act.number}-{act.date[:4]}"
        self.order = minter.act(act)
        self.acts: dict[str, URIRef] = {}

    def cited_act(self, cited: CitedAct) -> URIRef:
        """A cited act; one cited by title only is minted from its Kazakh title, so that
        the order in either language names the same act."""
        if cited.ref is None and cited.key in KK_TITLES:
            iri = self.mint.titled_act(KK_TITLES[cited.key])
            self.entity(iri, NQS.LegalAct, cited.title, cited.loc)
            self.add(iri, DCTERMS.title, self.text(cited.title))
            return iri
        return super().cited_act(cited)

    # -- primitives ------------------------------------------------------------------------
    def concept(self, scheme: str, code: str, labels: tuple[str, str], loc: Location) -> URIRef:
        """A concept of a scheme of the project's (education levels, academic degrees),
        placed with its scheme where the document first names it."""
        iri = self.mint.iri(scheme, code)
        scheme_iri = self.mint.scheme(scheme)
        cls = NQS.EducationLevel if scheme == "education-level" else NQS.AcademicDegree
        self.add(scheme_iri, RDF.type, SKOS.ConceptScheme)
        self.place(scheme_iri, loc)
        self.add(iri, RDF.type, cls)
        self.place(iri, loc)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.inScheme, scheme_iri)
        self.add(iri, SKOS.notation, Literal(code))
        for label, lang in zip(labels, ("kk", "en"), strict=True):
            self.add(iri, SKOS.prefLabel, Literal(label, lang=lang))
            self.add(iri, RDFS.label, Literal(label, lang=lang))
        return iri

    # -- document --------------------------------------------------------------------------
    def run(self) -> Triples:
        self.source_document(self.doc.source, self.doc.warnings)
        for cited in self.doc.acts:
            self.acts[cited.key] = self.cited_act(cited)
        self.approving_order()
        for section in self.doc.sections:
            self.section(section)
        for amendment in self.doc.amendments:
            self.amendment(amendment)
        return self.triples

    def approving_order(self) -> None:
        order = self.doc.order
        iri = self.act(order.act, order.loc)
        self.add(iri, DCTERMS.title, self.text(order.title))
        self.add(iri, NQS.inForce, Literal(self.doc.in_force))
        if self.doc.operative is not None:
            map_operative(self, iri, self.doc.operative)
        if self.doc.annex_title:
            self.add(iri, NQS.annexTitle, self.text(self.doc.annex_title))
        if order.registration_number:
            self.add(iri, NQS.registrationNumber, Literal(order.registration_number))
        if order.registration_date:
            date = Literal(order.registration_date, datatype=XSD.date)
            self.add(iri, NQS.registrationDate, date)
        if order.repealed_by is not None:
            repeal = self.act(order.repealed_by, order.repeal_loc)
            self.add(iri, NQS.repealedBy, repeal)
            self.add(iri, NQS.validUntil, Literal(order.repealed_by.date, datatype=XSD.date))
        for key in order.cites:
            self.add(iri, NQS.implementsAct, self.acts[key])

    # -- sections and positions ------------------------------------------------------------
    def section(self, section: Section) -> None:
        iri = self.mint.iri("position", self.key, "section", section.number)
        self.entity(iri, NQS.PositionSection, section.title, section.loc)
        self.add(iri, NQS.sectionNumber, Literal(section.number))
        self.add(iri, NQS.approvedBy, self.order)
        for pos in section.positions:
            node = self.position(pos, iri)
            for sub in pos.subpositions:
                self.add(self.position(sub, iri), NQS.subPositionOf, node)

    def position_iri(self, section: int, number: int, sub: int | None = None) -> URIRef:
        if sub is None:
            return self.mint.iri("position", self.key, section, number)
        return self.mint.iri("position", self.key, section, number, "sub", sub)

    def position(self, pos: PositionModel, section: URIRef) -> URIRef:
        iri = self.entity(self.position_iri(*pos.key), NQS.Position, pos.name, pos.loc)
        self.add(iri, NQS.inSection, section)
        self.add(iri, NQS.ordinal, plain(pos.sub or pos.number))
        self.add(iri, NQS.approvedBy, self.order)
        if pos.duties_text:
            self.add(iri, NQS.dutiesText, self.text(pos.duties_text))
        if pos.knowledge_text:
            self.add(iri, NQS.knowledgeText, self.text(pos.knowledge_text))
        for item in pos.duties:
            self.add(iri, NQS.hasDuty, self.item(iri, "duty", NQS.Duty, item))
        for item in pos.knowledge:
            node = self.item(iri, "knowledge", NQS.PositionKnowledge, item)
            for key in item.acts:
                self.add(node, NQS.refersToAct, self.acts[key])
            self.add(iri, NQS.mustKnow, node)
        for req in pos.requirements:
            self.add(iri, NQS.hasRequirement, self.requirement(iri, req))
        years = pos.min_experience_years
        if years is not None:
            self.add(iri, NQS.minExperienceYears, Literal(years))
        for section_no, number in pos.prior_positions:
            self.add(iri, NQS.requiresExperienceIn, self.position_iri(section_no, number))
        return iri

    def item(self, parent: URIRef, kind: str, cls: URIRef, item: TextItem) -> URIRef:
        iri = self.entity(URIRef(f"{parent}/{kind}/{item.ordinal}"), cls, item.text, item.loc)
        self.add(iri, NQS.ordinal, plain(item.ordinal))
        return iri

    def requirement(self, position: URIRef, req: Requirement) -> URIRef:
        iri = URIRef(f"{position}/requirement/{req.ordinal}")
        self.entity(iri, NQS.QualificationRequirement, req.text, req.loc)
        self.add(iri, NQS.ordinal, plain(req.ordinal))
        for n, edu in enumerate(req.education, start=1):
            node = self.entity(
                URIRef(f"{iri}/education/{n}"), NQS.EducationRequirement, edu.text, req.loc
            )
            for level in edu.levels:
                concept = self.concept("education-level", level, EDUCATION_LEVELS[level], req.loc)
                self.add(node, NQS.educationLevelCategory, concept)
            for profile in edu.profiles:
                self.add(node, NQS.educationProfile, self.text(profile))
            if edu.specialty:
                self.add(node, NQS.specialtyName, self.text(edu.specialty))
            self.add(iri, NQS.educationOption, node)
        for degree in req.degrees:
            concept = self.concept("academic-degree", degree.code, DEGREES[degree.code], req.loc)
            self.add(iri, NQS.acceptedDegree, concept)
            if degree.science:
                self.add(iri, NQS.degreeScience, self.text(degree.science))
        if req.academic_title is not None:
            self.add(iri, NQS.requiresAcademicTitle, Literal(req.academic_title == "required"))
            if req.academic_title == "alternative":
                self.add(iri, NQS.academicTitleMayReplaceDegree, Literal(True))
        for n, exp in enumerate(req.experience, start=1):
            node = URIRef(f"{iri}/experience/{n}")
            self.entity(node, NQS.ExperienceRequirement, exp.text, req.loc)
            self.add(node, NQS.requiredYears, Literal(exp.years))
            if exp.kind:
                self.add(node, NQS.experienceKind, self.text(exp.kind))
            if exp.prior is not None:
                self.add(node, NQS.priorPositionName, self.text(exp.prior.position_name))
                self.add(node, NQS.priorPositionYears, Literal(exp.prior.years))
                if exp.prior.position is not None:
                    self.add(node, NQS.priorPosition, self.position_iri(*exp.prior.position))
            self.add(iri, NQS.experienceOption, node)
        return iri

    # -- amendments ------------------------------------------------------------------------
    def amendment(self, amendment: Amendment) -> None:
        iri = URIRef(f"{self.order}/amendment/{amendment.ordinal}")
        self.entity(iri, NQS.Amendment, amendment.text, amendment.loc)
        self.add(iri, NQS.ordinal, plain(amendment.ordinal))
        amending = self.act(amendment.act, amendment.loc)
        self.add(amending, NQS.amends, self.order)
        self.add(iri, NQS.amendingAct, amending)
        self.add(iri, NQS.amendedAct, self.order)
        self.add(iri, NQS.amendmentDate, Literal(amendment.act.date, datatype=XSD.date))
        self.add(iri, NQS.appliesThroughout, Literal(amendment.throughout))
        if amendment.position is not None:
            self.add(iri, NQS.amendedPart, self.position_iri(*amendment.position))
        for phrase in amendment.old_phrases:
            self.add(iri, NQS.oldText, self.text(phrase))
        if amendment.new_phrase:
            self.add(iri, NQS.newText, self.text(amendment.new_phrase))
        if amendment.entry_into_force:
            self.add(iri, NQS.entryIntoForceText, self.text(amendment.entry_into_force))


def map_positions(doc: PositionsDocument, minter: Minter) -> Triples:
    """The RDF graph of one parsed positions document."""
    return PositionsMapper(doc, minter).run()
