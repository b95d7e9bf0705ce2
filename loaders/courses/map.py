"""Map parsed course rules to RDF: the rules as a legal act, their points in exact wording,
and the structured values (course kinds and hours, formats, groupings, trainer
qualifications, certificate, support, monitoring) that course records are checked against.

Rule entities live under the rules' IRI: ``{rules}/point/3.13``, ``{rules}/course/1``,
``{rules}/format/online``, ``{rules}/trainer-qualification/5``, ``{rules}/certificate``.

Texts are tagged with the document's language. Every IRI is made from numbers, codes and
keys, never from the language's wording: the rules and their provider are keyed by their
Kazakh names (``title_key``, ``provider.key``), a cited act by its number and date, or, cited
by its title alone, by its Kazakh title; so the rules in Kazakh and in Russian give the same
elements.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from nqs.loaders.courses.model import (
    ActCitation,
    AnnexPart,
    CourseRulesDocument,
    Option,
    PeriodRule,
    RulePoint,
)
from nqs.loaders.graph_builder import GraphBuilder, plain
from nqs.loaders.iris import Minter
from nqs.loaders.triples import Triples
from nqs.namespaces import DCTERMS, NQS, RDF, XSD


class CourseRulesMapper(GraphBuilder):
    """Builds the graph of one rules document; ``graph`` holds the result."""

    def __init__(self, doc: CourseRulesDocument, minter: Minter) -> None:
        self.doc = doc
        super().__init__(doc.source, minter, doc.language)
        self.provider_key = doc.provider.key or doc.provider.name
        self.rules = minter.titled_act(f"{self.provider_key} {doc.title_key or doc.title}")

    def stated_in(self, iri: URIRef, *numbers: str) -> None:
        for number in numbers:
            self.add(iri, NQS.statedIn, URIRef(f"{self.rules}/point/{number}"))

    def run(self) -> Triples:
        self.source_document(self.doc.source, self.doc.warnings)
        doc, rules = self.doc, self.rules
        self.entity(rules, NQS.LegalAct, doc.title, doc.loc)
        self.add(rules, RDF.type, NQS.CourseRules)
        self.add(rules, DCTERMS.title, self.text(doc.title))
        self.add(rules, NQS.issuedBy, self.provider())
        self.sections()
        self.basis()
        self.courses()
        self.options()
        self.trainers()
        self.certificate()
        self.periods()
        self.annexes()
        return self.triples

    def provider(self) -> URIRef:
        org = self.doc.provider
        iri = self.mint.organisation(self.provider_key)
        self.entity(iri, NQS.Organisation, org.name, org.loc)
        if org.parent_body:
            self.add(iri, NQS.parentBody, self.text(org.parent_body))
        if org.legal_form:
            self.add(iri, NQS.legalForm, self.text(org.legal_form))
        return iri

    # -- text ------------------------------------------------------------------------------
    def sections(self) -> None:
        for section in self.doc.sections:
            iri = URIRef(f"{self.rules}/section/{section.number}")
            self.entity(iri, NQS.RuleSection, section.title, section.loc)
            self.add(iri, NQS.pointNumber, Literal(str(section.number)))
            self.add(self.rules, NQS.hasSection, iri)
            for point in section.points:
                self.add(iri, NQS.hasPoint, self.point(point))

    def point(self, point: RulePoint) -> URIRef:
        iri = URIRef(f"{self.rules}/point/{point.number}")
        self.entity(iri, NQS.RulePoint, point.text, point.loc)
        self.add(iri, NQS.pointNumber, Literal(point.number))
        for item in point.items:
            node = self.entity(
                URIRef(f"{iri}/item/{item.ordinal}"), NQS.RuleItem, item.text, item.loc
            )
            self.add(node, NQS.itemNumber, plain(item.ordinal))
            self.add(iri, NQS.hasItem, node)
        return iri

    def annexes(self) -> None:
        sheets = 0
        for annex in self.doc.annexes:
            if annex.number is None:
                sheets += 1
                iri = URIRef(f"{self.rules}/sheet/{sheets}")
            else:
                iri = URIRef(f"{self.rules}/annex/{annex.number}")
            self.entity(iri, NQS.Annex, annex.title, annex.loc)
            self.add(iri, NQS.itemNumber, plain(annex.number or sheets))
            self.add(self.rules, NQS.hasAnnex, iri)
            for part in annex.parts:
                self.add(iri, NQS.hasAnnexPart, self.annex_part(iri, part))

    def annex_part(self, annex: URIRef, part: AnnexPart) -> URIRef:
        """A field or paragraph of an annex (``{annex}/part/3``) and the items it lists."""
        cls = NQS.FormField if part.kind == "field" else NQS.AnnexParagraph
        iri = self.entity(URIRef(f"{annex}/part/{part.ordinal}"), cls, part.text, part.loc)
        self.add(iri, NQS.itemNumber, plain(part.ordinal))
        for item in part.items:
            node = URIRef(f"{iri}/item/{item.ordinal}")
            self.entity(node, NQS.AnnexListItem, item.text, item.loc)
            self.add(node, NQS.itemNumber, plain(item.ordinal))
            self.add(iri, NQS.hasListItem, node)
        return iri

    # -- acts ------------------------------------------------------------------------------
    def basis(self) -> None:
        for cited in self.doc.basis:
            node = URIRef(f"{self.rules}/basis/{cited.ordinal}")
            self.entity(node, NQS.ActCitation, cited.text, cited.loc)
            self.add(node, NQS.itemNumber, plain(cited.ordinal))
            self.stated_in(node, "1.2")
            self.add(self.rules, NQS.hasCitation, node)
            if cited.amended_as_of:
                self.add(node, NQS.amendedAsOf, Literal(cited.amended_as_of, datatype=XSD.date))
            if cited.kind == "approved-form" and cited.title:
                self.add(node, DCTERMS.title, self.text(cited.title))
            act = self.citation_act(cited)
            if act is not None:
                self.add(node, NQS.citesAct, act)
                self.add(self.rules, NQS.basedOn, act)

    def citation_act(self, cited: ActCitation) -> URIRef | None:
        """The cited act: by number and date (as every loader mints it), else by title."""
        if cited.act is not None:
            iri = self.act(cited.act, cited.loc)
        elif cited.title:
            key = cited.key or cited.title
            iri = self.entity(self.mint.titled_act(key), NQS.LegalAct, cited.title, cited.loc)
        else:
            return None
        if cited.title and cited.kind != "approved-form":
            self.add(iri, DCTERMS.title, self.text(cited.title))
        return iri

    # -- structured values -----------------------------------------------------------------
    def option(self, kind: str, cls: URIRef, option: Option, link: URIRef) -> URIRef:
        iri = self.entity(
            URIRef(f"{self.rules}/{kind}/{option.code}"), cls, option.text, option.loc
        )
        self.add(iri, NQS.recordCode, Literal(option.code))
        self.stated_in(iri, option.point)
        self.add(self.rules, link, iri)
        return iri

    def courses(self) -> None:
        for kind in self.doc.course_kinds:
            iri = self.entity(
                URIRef(f"{self.rules}/course/{kind.ordinal}"), NQS.Course, kind.name, kind.loc
            )
            self.add(iri, NQS.academicHours, Literal(kind.hours))
            self.add(iri, NQS.recordCode, Literal(kind.code))
            self.add(iri, NQS.provider, self.mint.organisation(self.provider_key))
            self.stated_in(iri, kind.point)
            for code in kind.groupings:
                self.add(iri, NQS.offeredAs, URIRef(f"{self.rules}/grouping/{code}"))
            self.add(self.rules, NQS.hasCourse, iri)

    def options(self) -> None:
        doc = self.doc
        for option in doc.formats:
            self.option("format", NQS.CourseFormat, option, NQS.allowsFormat)
        for option in doc.study_modes:
            self.option("study-mode", NQS.StudyMode, option, NQS.allowsStudyMode)
        for grouping in doc.groupings:
            iri = self.option("grouping", NQS.CourseGrouping, grouping, NQS.allowsGrouping)
            self.stated_in(iri, *grouping.points)
            if grouping.min_participants:
                self.add(iri, NQS.minParticipants, Literal(grouping.min_participants))
            if grouping.min_applications:
                self.add(iri, NQS.minApplications, Literal(grouping.min_applications))
        for document in doc.required_documents:
            iri = URIRef(f"{self.rules}/required-document/{document.ordinal}")
            self.entity(iri, NQS.RequiredDocument, document.text, document.loc)
            self.add(iri, NQS.itemNumber, plain(document.ordinal))
            self.stated_in(iri, document.point)
            self.add(self.rules, NQS.requiresDocument, iri)
        rule = doc.assessment
        if rule is not None:
            iri = self.entity(
                URIRef(f"{self.rules}/assessment"), NQS.AssessmentRule, rule.text, rule.loc
            )
            self.stated_in(iri, *rule.points)
            for stage in rule.stages:
                self.add(iri, NQS.assessmentStage, self.text(stage))
            if rule.max_retakes_per_year:
                self.add(iri, NQS.maxRetakesPerYear, Literal(rule.max_retakes_per_year))
            self.add(self.rules, NQS.hasAssessment, iri)

    def trainers(self) -> None:
        for q in self.doc.trainer_qualifications:
            iri = URIRef(f"{self.rules}/trainer-qualification/{q.ordinal}")
            self.entity(iri, NQS.TrainerQualification, q.text, q.loc)
            self.add(iri, NQS.itemNumber, plain(q.ordinal))
            self.stated_in(iri, "3.5")
            for code in q.codes:
                self.add(iri, NQS.recordCode, Literal(code))
            if q.experience_years:
                self.add(iri, NQS.experienceYears, Literal(q.experience_years))
            self.add(self.rules, NQS.trainerQualification, iri)

    def certificate(self) -> None:
        rule = self.doc.certificate
        if rule is None:
            return
        iri = self.entity(
            URIRef(f"{self.rules}/certificate"), NQS.CertificateRule, rule.text, rule.loc
        )
        self.stated_in(iri, *rule.points)
        if rule.validity is not None:
            self.add(iri, NQS.validityText, self.text(rule.validity.text))
            self.add(iri, NQS.validityYears, Literal(rule.validity.years))
        for field in rule.fields:
            node = self.entity(
                URIRef(f"{iri}/field/{field.ordinal}"), NQS.CertificateField, field.text, field.loc
            )
            self.add(node, NQS.itemNumber, plain(field.ordinal))
            self.add(node, NQS.recordCode, Literal(field.code))
            self.stated_in(node, field.point)
            self.add(iri, NQS.statesField, node)
        self.add(self.rules, NQS.hasCertificateRule, iri)

    def periods(self) -> None:
        support, monitoring = self.doc.support, self.doc.monitoring
        if support is not None:
            iri = self.period("post-course-support", NQS.PostCourseSupportRule, support)
            self.add(iri, NQS.periodYears, Literal(support.years))
            self.add(self.rules, NQS.hasSupportRule, iri)
        if monitoring is not None:
            iri = self.period("monitoring", NQS.MonitoringRule, monitoring)
            self.add(iri, NQS.maxIntervalYears, Literal(monitoring.years))
            self.add(self.rules, NQS.hasMonitoringRule, iri)

    def period(self, name: str, cls: URIRef, rule: PeriodRule) -> URIRef:
        iri = self.entity(URIRef(f"{self.rules}/{name}"), cls, rule.text, rule.loc)
        self.stated_in(iri, *rule.points)
        return iri


def map_course_rules(doc: CourseRulesDocument, minter: Minter) -> Triples:
    """The RDF graph of one parsed rules document."""
    return CourseRulesMapper(doc, minter).run()
