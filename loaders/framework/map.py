"""Map a parsed NQF order to RDF, with provenance.

What is minted (under the instance base):

- ``framework/nqf`` the framework edition (also a ``skos:ConceptScheme`` of its levels);
  ``framework/nqf/level/N`` its levels, with ``…/descriptor/{competence,skills,knowledge}``,
  ``…/pathway`` and ``…/pathway/route/K``, and ``…/alignment/eqf``;
  ``framework/nqf/provision/N`` the numbered paragraphs; ``framework/nqf/term/N`` the
  glossary concepts in ``scheme/nqf-glossary``.
- ``education-level/KEY`` education levels named by the pathways (``scheme/education-level``),
  ``skos:closeMatch`` to this project's ISCED 2011 level concepts ``isced-2011/N``
  (``scheme/isced-2011``, notation ``"0"``…``"8"``): the EU vocabularies publish EQF levels
  (``http://data.europa.eu/snb/eqf/N``) but no ISCED 2011 *level* IRIs this project could
  verify, so the levels are minted here.
- ``act/DATE/NUMBER`` legal acts; a joint order is named by the first part its citation
  names, and each part (issuer, number, date) is a ``…/part/K`` node.

The EQF correspondence stated in paragraph 1 is both a direct ``skos:closeMatch`` triple and
an ``nqs:Alignment`` node (subject, relation, object) that carries the provenance, so plain
SPARQL 1.1 can ask where the alignment comes from.

The order is read in Kazakh or Russian: texts and labels are tagged with the document's
language, and the labels this mapper writes itself (levels, alignments, the glossary scheme,
education levels, a cited law) are its :class:`Labels` in that language. Every IRI is made
from numbers, codes and keys, never from a text: the same order in either language gives the
same IRIs (a glossary term is ``term/N`` by its item number, an education level by its key,
an act by its date and number, a law by its official number).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Literal, URIRef

from nqs.loaders.framework.model import (
    CitedLaw,
    GlossaryTerm,
    JointAct,
    NqfDocument,
    NqfLevel,
    Pathway,
    PathwayRoute,
)
from nqs.loaders.graph_builder import GraphBuilder, plain
from nqs.loaders.iris import Minter
from nqs.loaders.model import ActRef, Location
from nqs.loaders.operative import map_operative
from nqs.loaders.triples import Triples
from nqs.namespaces import DCTERMS, NQS, RDF, RDFS, SKOS, XSD

EQF = "http://data.europa.eu/snb/eqf/"
DESCRIPTOR_TERMS = {
    "competence": (NQS.CompetenceDescriptor, NQS.competenceDescriptor),
    "skills": (NQS.SkillsDescriptor, NQS.skillsDescriptor),
    "knowledge": (NQS.KnowledgeDescriptor, NQS.knowledgeDescriptor),
}
# Education levels: key → (Kazakh label, Russian label, English label, ISCED 2011 levels,
# broader key).
EDUCATION_LEVELS: dict[str, tuple[str, str, str, tuple[int, ...], str | None]] = {
    "primary": ("Бастауыш білім", "Начальное образование", "Primary education", (1,), None),
    "basic-secondary": (
        "Негізгі орта білім",
        "Основное среднее образование",
        "Basic secondary education",
        (2,),
        None,
    ),
    "general-secondary": (
        "Жалпы орта білім",
        "Общее среднее образование",
        "General secondary education",
        (3,),
        None,
    ),
    "technical-vocational": (
        "Техникалық және кәсіби білім",
        "Техническое и профессиональное образование",
        "Technical and vocational education",
        (3, 4),
        None,
    ),
    "post-secondary": (
        "Ортадан кейінгі білім",
        "Послесреднее образование",
        "Post-secondary education",
        (4,),
        None,
    ),
    "higher": ("Жоғары білім", "Высшее образование", "Higher education", (6,), None),
    "bachelor": ("Бакалавриат", "Бакалавриат", "Bachelor's programme", (6,), "higher"),
    "postgraduate": (
        "Жоғары оқу орнынан кейінгі білім",
        "Послевузовское образование",
        "Postgraduate education",
        (),
        None,
    ),
    "residency": ("Резидентура", "Резидентура", "Medical residency", (), "postgraduate"),
    "master": ("Магистратура", "Магистратура", "Master's programme", (7,), "postgraduate"),
    "doctoral": (
        "Докторантура",
        "Докторантура",
        "Doctoral programme (PhD, profile doctorate)",
        (8,),
        "postgraduate",
    ),
    "additional-professional": (
        "Қосымша кәсіби білім",
        "Дополнительное профессиональное образование",
        "Additional professional education",
        (),
        None,
    ),
    "vocational-training": (
        "Кәсіби даярлау",
        "Профессиональная подготовка",
        "Vocational training (short courses, training at work)",
        (),
        None,
    ),
}
ISCED_LEVELS = {
    0: "Early childhood education",
    1: "Primary education",
    2: "Lower secondary education",
    3: "Upper secondary education",
    4: "Post-secondary non-tertiary education",
    5: "Short-cycle tertiary education",
    6: "Bachelor's or equivalent level",
    7: "Master's or equivalent level",
    8: "Doctoral or equivalent level",
}


@dataclass(frozen=True)
class Labels:
    """The labels the mapper writes in one language (the texts it copies are the document's).

    ``defines_class`` maps a glossary term, as written, to the ontology class it defines: by
    the term, not by its number, so that another edition that numbers its glossary otherwise
    still links its terms."""

    level: Callable[[int], str]
    level_short: Callable[[int], str]
    glossary: str
    education_levels: str
    law: Callable[[str], str]
    law_issuer: str
    defines_class: dict[str, URIRef]


LABELS = {
    "kk": Labels(
        level=lambda n: f"Ұлттық біліктілік шеңберінің {n}-деңгейі",
        level_short=lambda n: f"ҰБШ {n}-деңгейі",
        glossary="ҰБШ-да қолданылатын негізгі терминдер",
        education_levels="Білім деңгейлері",
        law=lambda title: f"«{title}» Қазақстан Республикасының Заңы",
        law_issuer="Қазақстан Республикасы",
        defines_class={
            "біліктілік деңгейі": NQS.QualificationLevel,
            "білім": NQS.Knowledge,
            "дағды": NQS.Skill,
            "еңбек функциясы": NQS.LaborFunction,
            "кәсіби міндет": NQS.Task,
            "кәсіби стандарт": NQS.ProfessionalStandard,
            "кәсіп": NQS.Occupation,
            "ҰБШ": NQS.QualificationFramework,
            "салалық біліктілік шеңберлері": NQS.QualificationFramework,
        },
    ),
    "ru": Labels(
        level=lambda n: f"{n}-й уровень Национальной рамки квалификаций",
        level_short=lambda n: f"{n}-й уровень НРК",
        glossary="Основные термины, применяемые в НРК",
        education_levels="Уровни образования",
        law=lambda title: f"Закон Республики Казахстан «{title}»",
        law_issuer="Республика Казахстан",
        defines_class={
            "уровень квалификации": NQS.QualificationLevel,
            "знание": NQS.Knowledge,
            "навык": NQS.Skill,
            "трудовая функция": NQS.LaborFunction,
            "профессиональная задача": NQS.Task,
            "профессиональный стандарт": NQS.ProfessionalStandard,
            "профессия": NQS.Occupation,
            "НРК": NQS.QualificationFramework,
            "отраслевые рамки квалификаций": NQS.QualificationFramework,
        },
    ),
}


def _day(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"


class NqfMapper(GraphBuilder):
    """Builds the graph of one NQF order; ``graph`` holds the result."""

    def __init__(self, doc: NqfDocument, minter: Minter) -> None:
        self.doc = doc
        super().__init__(doc.source, minter, doc.language)
        self.labels = LABELS[doc.language]
        self.framework = minter.iri("framework", "nqf")

    # -- primitives ------------------------------------------------------------------------
    # -- document --------------------------------------------------------------------------
    def run(self) -> Triples:
        doc = self.doc
        self.source_document(self.doc.source, self.doc.warnings)
        act = self.joint_act(doc.act)
        self.add(act, NQS.inForce, Literal(doc.in_force))
        self.add(act, DCTERMS.title, self.text(doc.title))
        if doc.operative is not None:
            map_operative(self, act, doc.operative)
        if doc.amends:
            self.add(act, NQS.amends, self.joint_act(doc.amends))
        if doc.repealed_by:
            self.add(act, NQS.repealedBy, self.joint_act(doc.repealed_by))
        fw = self.entity(self.framework, NQS.QualificationFramework, doc.framework_title, None)
        self.location(fw, doc.framework_loc)
        self.add(fw, RDF.type, SKOS.ConceptScheme)
        self.add(fw, SKOS.prefLabel, self.text(doc.framework_title))
        self.add(fw, NQS.approvedBy, act)
        for law in doc.laws:
            self.add(fw, NQS.cites, self.law(law))
        for p in doc.provisions:
            node = self.entity(URIRef(f"{fw}/provision/{p.number}"), NQS.Provision, p.text, p.loc)
            self.add(node, NQS.sequenceNumber, Literal(p.number))
            self.add(fw, NQS.hasProvision, node)
        self.glossary(doc.glossary)
        for level in doc.levels:
            self.level(level)
        return self.triples

    def location(self, iri: URIRef, loc: Location) -> None:
        self.add(iri, NQS.sourceUnit, Literal(loc.unit))
        self.add(iri, NQS.sourceStart, Literal(loc.start))
        self.add(iri, NQS.sourceEnd, Literal(loc.end))

    # -- legal acts ------------------------------------------------------------------------
    def joint_act(self, act: JointAct) -> URIRef:
        """A (joint) order, named by its first part; every part's number, date and issuer."""
        first = act.parts[0]
        iri = self.mint.act(ActRef(issuer=first.issuer, number=first.number, date=first.date))
        label = "; ".join(f"{p.issuer}: № {p.number}, {_day(p.date)}" for p in act.parts)
        self.entity(iri, NQS.LegalAct, label, act.loc)
        for k, part in enumerate(act.parts, start=1):
            self.add(iri, NQS.actNumber, Literal(part.number))
            self.add(iri, NQS.actDate, Literal(part.date, datatype=XSD.date))
            self.add(iri, NQS.issuer, self.text(part.issuer))
            node = self.entity(
                URIRef(f"{iri}/part/{k}"),
                NQS.JointActPart,
                f"{part.issuer}: № {part.number}, {_day(part.date)}",
                act.loc,
            )
            self.add(node, NQS.sequenceNumber, Literal(k))
            self.add(node, NQS.partNumber, Literal(part.number))
            self.add(node, NQS.partDate, Literal(part.date, datatype=XSD.date))
            self.add(node, NQS.partIssuer, self.text(part.issuer))
            self.add(iri, NQS.hasJointPart, node)
        if act.title:
            self.add(iri, DCTERMS.title, self.text(act.title))
        if act.registration_number:
            self.add(iri, NQS.registrationNumber, Literal(act.registration_number))
        if act.registration_date:
            self.add(iri, NQS.registrationDate, Literal(act.registration_date, datatype=XSD.date))
        if act.publication:
            self.add(iri, NQS.publicationNote, self.text(act.publication))
        return iri

    def law(self, law: CitedLaw) -> URIRef:
        """A cited law, minted from its official number so that other loaders meet it."""
        number = law.number or law.title
        issuer = self.labels.law_issuer
        iri = self.mint.act(ActRef(issuer=issuer, number=number, date=law.date))
        self.entity(iri, NQS.LegalAct, self.labels.law(law.title), law.loc)
        self.add(iri, DCTERMS.title, self.text(law.title))
        self.add(iri, NQS.actDate, Literal(law.date, datatype=XSD.date))
        self.add(iri, NQS.issuer, self.text(issuer))
        if law.number:
            self.add(iri, NQS.actNumber, Literal(law.number))
        return iri

    # -- glossary --------------------------------------------------------------------------
    def glossary(self, terms: list[GlossaryTerm]) -> None:
        scheme = self.mint.scheme("nqf-glossary")
        self.entity(scheme, SKOS.ConceptScheme, self.labels.glossary, None)
        if terms:
            self.location(scheme, terms[0].loc.span(terms[-1].loc))
        self.add(scheme, NQS.glossaryOf, self.framework)
        for t in terms:
            iri = self.entity(
                self.mint.iri("framework", "nqf", "term", t.number), NQS.GlossaryTerm, t.term, t.loc
            )
            self.add(iri, RDF.type, SKOS.Concept)
            self.add(iri, SKOS.prefLabel, self.text(t.term))
            self.add(iri, SKOS.definition, self.text(t.definition))
            self.add(iri, SKOS.notation, Literal(str(t.number)))
            self.add(iri, NQS.sequenceNumber, Literal(t.number))
            self.add(iri, SKOS.inScheme, scheme)
            self.add(iri, SKOS.topConceptOf, scheme)
            defined = self.labels.defines_class.get(t.term)
            if defined is not None:
                self.add(iri, NQS.definesClass, defined)

    # -- levels ----------------------------------------------------------------------------
    def level(self, level: NqfLevel) -> None:
        n = level.number
        iri = self.entity(
            self.mint.nqf_level(n),
            NQS.QualificationLevel,
            self.labels.level(n),
            level.loc,
        )
        self.add(iri, RDFS.label, Literal(f"NQF level {n}", lang="en"))
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.prefLabel, self.text(self.labels.level_short(n)))
        self.add(iri, SKOS.notation, Literal(str(n)))
        self.add(iri, SKOS.inScheme, self.framework)
        self.add(iri, SKOS.topConceptOf, self.framework)
        self.add(iri, NQS.levelNumber, plain(n))
        self.add(iri, NQS.inFramework, self.framework)
        for kind, descriptor in level.descriptors.items():
            cls, prop = DESCRIPTOR_TERMS[kind]
            node = self.entity(URIRef(f"{iri}/descriptor/{kind}"), cls, descriptor.text, None)
            self.location(node, descriptor.loc)
            self.add(node, RDF.type, NQS.LevelDescriptor)
            self.add(iri, prop, node)
            self.add(iri, NQS.hasDescriptor, node)
        if level.pathway is not None:
            self.add(iri, NQS.hasPathway, self.pathway(iri, level.pathway))
        self.eqf(iri, n)

    def eqf(self, level: URIRef, n: int) -> None:
        """Paragraph 1: the level corresponds to the EQF level of the same number."""
        loc = self.doc.eqf_statement
        if loc is None:
            return
        target = URIRef(f"{EQF}{n}")
        self.add(level, SKOS.closeMatch, target)
        node = self.entity(
            URIRef(f"{level}/alignment/eqf"),
            NQS.Alignment,
            f"{self.labels.level_short(n)} ≈ EQF {n}",
            loc,
        )
        self.add(node, NQS.alignmentSubject, level)
        self.add(node, NQS.alignmentRelation, SKOS.closeMatch)
        self.add(node, NQS.alignmentObject, target)

    def pathway(self, level: URIRef, pathway: Pathway) -> URIRef:
        iri = self.entity(URIRef(f"{level}/pathway"), NQS.LevelPathway, pathway.text, pathway.loc)
        for route in pathway.routes:
            self.add(iri, NQS.hasRoute, self.route(iri, route))
        for key in pathway.education_levels:
            self.add(iri, NQS.refersToEducationLevel, self.mint.iri("education-level", key))
        return iri

    def route(self, pathway: URIRef, route: PathwayRoute) -> URIRef:
        iri = self.entity(
            URIRef(f"{pathway}/route/{route.number}"), NQS.PathwayRoute, route.text, route.loc
        )
        self.add(iri, NQS.sequenceNumber, Literal(route.number))
        for key in route.education_levels:
            self.add(iri, NQS.refersToEducationLevel, self.education_level(key, route.loc))
        if route.experience_required is not None:
            self.add(iri, NQS.experienceRequired, Literal(route.experience_required))
        if route.min_experience_years is not None:
            self.add(iri, NQS.minPracticeYears, Literal(route.min_experience_years))
        return iri

    def education_level(self, key: str, loc: Location) -> URIRef:
        """An education-level concept (first named at ``loc``), aligned to ISCED 2011."""
        iri = self.mint.iri("education-level", key)
        if (iri, RDF.type, NQS.EducationLevel) in self.triples:
            return iri
        kk_label, ru_label, en_label, isced, broader = EDUCATION_LEVELS[key]
        label = ru_label if self.lang == "ru" else kk_label
        scheme = self.mint.scheme("education-level")
        self.add(scheme, RDF.type, SKOS.ConceptScheme)
        self.place(scheme, loc)
        self.add(scheme, RDFS.label, Literal("Education levels", lang="en"))
        self.add(scheme, RDFS.label, self.text(self.labels.education_levels))
        self.entity(iri, NQS.EducationLevel, label, loc)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.prefLabel, self.text(label))
        self.add(iri, SKOS.prefLabel, Literal(en_label, lang="en"))
        self.add(iri, SKOS.notation, Literal(key))
        self.add(iri, SKOS.inScheme, scheme)
        if broader:
            self.add(iri, SKOS.broader, self.education_level(broader, loc))
        else:
            self.add(iri, SKOS.topConceptOf, scheme)
        for number in isced:
            self.add(iri, SKOS.closeMatch, self.isced(number, loc))
        return iri

    def isced(self, number: int, loc: Location) -> URIRef:
        """This project's concept for an ISCED 2011 level (reference data, not extracted),
        placed with its scheme where the education level aligned to it is named."""
        scheme = self.mint.scheme("isced-2011")
        iri = self.mint.iri("isced-2011", number)
        self.add(scheme, RDF.type, SKOS.ConceptScheme)
        self.place(scheme, loc)
        self.place(iri, loc)
        self.add(scheme, RDFS.label, Literal("ISCED 2011 levels of education", lang="en"))
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.inScheme, scheme)
        self.add(iri, SKOS.notation, Literal(str(number)))
        self.add(iri, SKOS.prefLabel, Literal(ISCED_LEVELS[number], lang="en"))
        self.add(iri, RDFS.label, Literal(f"ISCED 2011 level {number}", lang="en"))
        return iri


def map_nqf(doc: NqfDocument, minter: Minter) -> Triples:
    """The RDF graph of one parsed NQF order."""
    return NqfMapper(doc, minter).run()
