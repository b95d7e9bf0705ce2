"""Map a parsed professional standard to RDF in the core vocabulary, with provenance.

One named graph per source document: the graph is named by the source document's IRI.

A card's level is a level of its sector's framework (``framework/sqf/<OKED section>``). The
sector is the OKED section the standard states; a standard stated without OKED (the older
Russian template's "Default" files) names its main group instead ("Основная группа:
Информационно-коммуникационные технологии"), and the names in ``SECTOR_GROUPS`` map such a
group to its OKED section. Otherwise the framework is ``framework/sqf/unspecified``.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from nqs.loaders.graph_builder import GraphBuilder, plain
from nqs.loaders.iris import Minter
from nqs.loaders.model import CitedAct, Location
from nqs.loaders.standard.model import (
    Card,
    CodedTitle,
    EconomicActivityRef,
    GeneralProvisions,
    Item,
    LaborFunction,
    LevelSpec,
    Skill,
    StandardDocument,
    VersionEntry,
)
from nqs.loaders.triples import Triples
from nqs.namespaces import DCTERMS, NQS, RDF, RDFS, SKOS, XSD

# Main group names (lower case, as the standards write them) → OKED section letter. Only
# names whose section is beyond doubt; extend when a new sector's standards are added.
SECTOR_GROUPS: dict[str, str] = {
    "информационно-коммуникационные технологии": "J",
    "информационно-коммуникационные технологии (икт)": "J",
    "икт": "J",
    "ақпараттық-коммуникациялық технологиялар": "J",
}
# OKED (ГК РК 03-2019) section names by language: English from NACE Rev. 2, of which OKED
# sections are the same; Russian and Kazakh only where checked against the sources or the
# classifier. A language missing here falls back to the label the standard itself gives.
SECTION_NAMES: dict[str, dict[str, str]] = {
    "A": {"en": "Agriculture, forestry and fishing"},
    "B": {"en": "Mining and quarrying"},
    "C": {
        "en": "Manufacturing",
        "ru": "Обрабатывающая промышленность",
        "kk": "Өңдеу өнеркәсібі",
    },
    "D": {"en": "Electricity, gas, steam and air conditioning supply"},
    "E": {"en": "Water supply; sewerage, waste management and remediation activities"},
    "F": {"en": "Construction"},
    "G": {"en": "Wholesale and retail trade; repair of motor vehicles and motorcycles"},
    "H": {"en": "Transportation and storage"},
    "I": {"en": "Accommodation and food service activities"},
    "J": {
        "en": "Information and communication",
        "ru": "Информация и связь",
        "kk": "Ақпарат және байланыс",
    },
    "K": {"en": "Financial and insurance activities"},
    "L": {"en": "Real estate activities"},
    "M": {"en": "Professional, scientific and technical activities"},
    "N": {"en": "Administrative and support service activities"},
    "O": {"en": "Public administration and defence; compulsory social security"},
    "P": {"en": "Education", "ru": "Образование", "kk": "Білім беру"},
    "Q": {"en": "Human health and social work activities"},
    "R": {
        "en": "Arts, entertainment and recreation",
        "ru": "Искусство, развлечения и отдых",
        "kk": "Өнер, ойын-сауық және демалыс",
    },
    "S": {"en": "Other service activities", "ru": "Предоставление прочих видов услуг"},
    "T": {"en": "Activities of households as employers"},
    "U": {"en": "Activities of extraterritorial organisations and bodies"},
}
FRAMEWORK_LABEL = {
    "en": "Sectoral qualification framework: {name} (OKED section {section})",
    "ru": "Отраслевая рамка квалификаций: {name} (секция ОКЭД {section})",
    "kk": "Салалық біліктілік шеңбері: {name} (ЭҚЖЖ {section} секциясы)",
}
UNSPECIFIED_LABEL = {
    "en": "Sectoral qualification framework of an unstated sector",
    "ru": "Отраслевая рамка квалификаций неуказанной отрасли",
    "kk": "Саласы көрсетілмеген салалық біліктілік шеңбері",
}


def oked_parent(code: str) -> str | None:
    """The code one level up in OKED: subclass ``62.01.1`` → class ``62.01`` → group
    ``62.0`` → division ``62``; None above a division (its section is not in the code)."""
    if "." not in code:
        return None
    head, tail = code.rsplit(".", 1)
    return f"{head}.{tail[:-1]}" if len(tail) > 1 else head


# NACE Rev. 2 (and so OKED, ГК РК 03-2019) sections by their divisions: the last division
# of each section (A 01–03, B 05–09, C 10–33, D 35, E 36–39, F 41–43, G 45–47, H 49–53,
# I 55–56, J 58–63, K 64–66, L 68, M 69–75, N 77–82, O 84, P 85, Q 86–88, R 90–93, S 94–96,
# T 97–98, U 99), as shapes/registry.ttl checks them.
SECTION_ENDS: tuple[tuple[int, str], ...] = (
    (3, "A"),
    (9, "B"),
    (33, "C"),
    (35, "D"),
    (39, "E"),
    (43, "F"),
    (47, "G"),
    (53, "H"),
    (56, "I"),
    (63, "J"),
    (66, "K"),
    (68, "L"),
    (75, "M"),
    (82, "N"),
    (84, "O"),
    (85, "P"),
    (88, "Q"),
    (93, "R"),
    (96, "S"),
    (98, "T"),
    (99, "U"),
)


def division_section(division: str) -> str | None:
    """The OKED section of a two-digit division (``26`` → ``C``, ``62`` → ``J``); None for
    anything else."""
    if len(division) != 2 or not division.isdigit():
        return None
    number = int(division)
    return next((section for end, section in SECTION_ENDS if number <= end), None)


def oked_chain(code: str) -> list[str]:
    """The codes above ``code`` in OKED, nearest first, up to its section when the
    classifier gives it: ``26.20.0`` → ``26.20``, ``26.2``, ``26``, ``C``."""
    chain: list[str] = []
    parent = oked_parent(code)
    while parent is not None:
        chain.append(parent)
        parent = oked_parent(parent)
    division = chain[-1] if chain else code
    section = division_section(division)
    if section is not None and section != code:
        chain.append(section)
    return chain


def listed_order(refs: list[EconomicActivityRef]) -> list[str]:
    """The codes listed, each once, in the order listed."""
    return list(dict.fromkeys(ref.code for ref in refs))


def sector_section(doc: StandardDocument) -> str | None:
    """The OKED section of the standard's sector: the section it states, else the section
    of its main group (the first group name) by ``SECTOR_GROUPS``."""
    for activity in doc.economic_activities:
        if activity.code.isalpha():
            return activity.code
    if doc.group_names:
        return SECTOR_GROUPS.get(" ".join(doc.group_names[0].lower().split()))
    return None


TEXT_FIELDS = {
    "heading": NQS.cardHeading,
    "level_note": NQS.levelNote,
    "handbook": NQS.handbookName,
    "handbook_level": NQS.handbookLevel,
    "education_level": NQS.educationLevel,
    "specialty": NQS.specialty,
    "qualification": NQS.qualificationName,
    "experience": NQS.experienceRequirement,
    "nonformal_link": NQS.nonformalLearningLink,
    "purpose": NQS.mainPurpose,
}


class StandardMapper(GraphBuilder):
    """Builds the graph of one standard; ``graph`` holds the result."""

    def __init__(self, doc: StandardDocument, minter: Minter) -> None:
        self.doc = doc
        super().__init__(doc.source, minter, doc.language)
        self.section = sector_section(doc)

    # -- primitives ------------------------------------------------------------------------
    def where(self, card: Card, key: str, own: Location | None = None) -> Location:
        """The place of a part of ``card``: its own, else the card's place of ``key``
        (``competencies/2``), of its field (``competencies``), else the whole card's."""
        field_key = key.split("/", 1)[0]
        return own or card.places.get(key) or card.places.get(field_key) or card.loc

    def doc_place(self, key: str, own: Location | None = None) -> Location:
        """The place of a part of the document: its own, else ``places[key]``, else the
        title's (what the document as a whole states)."""
        return own or self.doc.places.get(key) or self.doc.loc

    def concept(self, iri: URIRef, cls: URIRef, notation: str, scheme: URIRef) -> URIRef:
        self.add(iri, RDF.type, cls)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.notation, Literal(notation))
        self.add(iri, SKOS.inScheme, scheme)
        return iri

    # -- document --------------------------------------------------------------------------
    def run(self) -> Triples:
        doc = self.doc
        self.source_document(doc.source, doc.warnings)
        std = self.entity(self.mint.standard(doc), NQS.ProfessionalStandard, doc.title, doc.loc)
        if doc.code:
            self.add(std, NQS.code, Literal(doc.code))
        if doc.description:
            self.add(std, DCTERMS.description, self.text(doc.description))
        if doc.purpose:
            self.add(std, NQS.developmentPurpose, self.text(doc.purpose))
        self.provisions(std, doc.provisions)
        for name in doc.group_names:
            self.add(std, NQS.professionalGroup, self.text(name))
        leaves = self.economic_activities(doc.economic_activities)
        if leaves:
            # the main activity: the most specific code of the first section listed; the
            # most specific codes of any further path are additional activities
            main = max(leaves, key=lambda leaf: (leaf[0] == leaves[0][0], len(leaf[1])))
            self.add(std, NQS.economicActivity, main[2])
            for leaf in leaves:
                if leaf is not main:
                    self.add(std, NQS.additionalEconomicActivity, leaf[2])
        if doc.approved_by:
            act = self.act(doc.approved_by, self.doc_place("approved_by"))
            self.add(std, NQS.approvedBy, act)
            if doc.approved_by.annex:
                self.add(std, NQS.annexNumber, Literal(doc.approved_by.annex))
        self.technical(std)
        for card in doc.cards:
            self.add(std, NQS.hasCard, self.card(std, card))
        return self.triples

    def provisions(self, std: URIRef, provisions: GeneralProvisions) -> None:
        """Scope, cited laws, and the glossary as a SKOS scheme of the standard's own:
        terms with ``skos:definition``, abbreviations with the expansion as preferred label
        and the abbreviation as ``skos:altLabel``."""
        if provisions.scope:
            self.add(std, NQS.scope, self.text(provisions.scope))
        for cited in provisions.cited_acts:
            self.add(std, NQS.cites, self.cited_law(cited))
        if not provisions.glossary:
            return
        scheme = URIRef(f"{std}/glossary")
        first = provisions.glossary[0].loc
        self.entity(scheme, NQS.StandardGlossary, self.doc.title, first)
        self.add(scheme, RDF.type, SKOS.ConceptScheme)
        self.add(std, NQS.hasGlossary, scheme)
        counts = {"term": 0, "abbreviation": 0}
        for entry in provisions.glossary:
            counts[entry.kind] += 1
            iri = URIRef(f"{scheme}/{entry.kind}/{counts[entry.kind]}")
            if entry.kind == "term":
                self.entity(iri, NQS.GlossaryTerm, entry.term, entry.loc)
                self.add(iri, SKOS.prefLabel, self.text(entry.term))
                if entry.definition:
                    self.add(iri, SKOS.definition, self.text(entry.definition))
            else:
                label = entry.definition or entry.term
                self.entity(iri, NQS.Abbreviation, label, entry.loc)
                self.add(iri, SKOS.prefLabel, self.text(label))
                self.add(iri, SKOS.altLabel, self.text(entry.term))
            self.add(iri, RDF.type, SKOS.Concept)
            self.add(iri, SKOS.inScheme, scheme)
            self.add(iri, NQS.ordinal, plain(counts[entry.kind]))

    def cited_law(self, cited: CitedAct) -> URIRef:
        """A law the provisions cite: by number and date when known, else by the key the
        parser gave it (one key for the law's Kazakh and Russian titles, see
        ``parse_provisions.LAW_KEYS``), so that both language versions cite one resource."""
        if cited.ref is not None:
            return self.cited_act(cited)
        iri = self.entity(self.mint.iri("act", cited.key), NQS.LegalAct, cited.title, cited.loc)
        self.add(iri, DCTERMS.title, self.text(cited.title))
        return iri

    def economic_activities(
        self, refs: list[EconomicActivityRef]
    ) -> list[tuple[str | None, str, URIRef]]:
        """OKED concepts as listed, each ``skos:broader`` its parent by the code's structure
        (``62.01.1`` → ``62.01`` → ``62.0`` → ``62`` → its section by :data:`SECTION_ENDS`);
        a code above a listed one that the document does not list (``26`` and ``C`` above
        ``26.2``) is minted with its code only (its name comes from the documents that list
        it; a section gets its name from :data:`SECTION_NAMES`) and placed where the code
        under it was read. Returns the most specific codes listed (those no other code
        listed is under), each as (its section, its code, its IRI), those in the section of
        the first code listed first."""
        nodes: dict[str, URIRef] = {}
        section_of: dict[str, str | None] = {}
        inner: set[str] = set()
        section: str | None = None
        listed = {ref.code for ref in refs}
        for ref in refs:
            iri = self.oked_concept(ref.code, ref.loc)
            self.add(iri, SKOS.prefLabel, self.text(ref.label))
            self.add(iri, RDFS.label, self.text(ref.label))
            nodes[ref.code] = iri
            if ref.code.isalpha():
                section = ref.code
                section_of[ref.code] = ref.code
                continue
            chain = oked_chain(ref.code)
            if not chain and section is not None:
                # a division the classifier does not place: the section listed above it
                chain = [section]
            section_of[ref.code] = next((c for c in chain if c.isalpha()), section)
            inner.update(c for c in chain if c in listed)
            child = iri
            for code in chain:
                parent = nodes.get(code)
                if parent is None:
                    parent = self.implied_oked(code, ref.loc)
                    nodes[code] = parent
                self.add(child, SKOS.broader, parent)
                if code in listed:
                    break
                child = parent
        order = listed_order(refs)
        leaves = [(section_of[c], c, nodes[c]) for c in order if c not in inner]
        # the first section listed (of the first code listed) first: the main activity's
        first = section_of[order[0]] if order else None
        return sorted(leaves, key=lambda leaf: leaf[0] != first)

    def oked_concept(self, code: str, loc: Location | None) -> URIRef:
        """The OKED concept of ``code`` in the scheme (a section as a top concept), placed
        at ``loc``."""
        scheme = self.mint.scheme("oked")
        iri = self.concept(self.mint.economic_activity(code), NQS.EconomicActivity, code, scheme)
        if code.isalpha():
            self.add(iri, SKOS.topConceptOf, scheme)
        self.place(iri, self.doc_place("economic_activities", loc))
        return iri

    def implied_oked(self, code: str, loc: Location | None) -> URIRef:
        """An OKED code the document implies but does not list: its code (and a section's
        name from :data:`SECTION_NAMES`), no name invented."""
        iri = self.oked_concept(code, loc)
        for lang, name in SECTION_NAMES.get(code, {}).items():
            self.add(iri, SKOS.prefLabel, Literal(name, lang=lang))
            self.add(iri, RDFS.label, Literal(name, lang=lang))
        return iri

    def technical(self, std: URIRef) -> None:
        t = self.doc.technical
        if t.state_body:
            self.add(std, NQS.stateBody, self.text(t.state_body))
        for org in t.developers:
            self.add(std, NQS.developer, self.text(org))
        for org in t.experts:
            self.add(std, NQS.expertOrganisation, self.text(org))
        for org in t.updated_by:
            self.add(std, NQS.updatedBy, self.text(org))
        for n, approval in enumerate(t.approvals, start=1):
            node = URIRef(f"{std}/approval/{n}")
            self.add(node, RDF.type, NQS.Approval)
            self.add(node, RDFS.label, self.text(approval.body))
            self.place(node, self.doc_place("technical", approval.loc))
            self.add(node, NQS.approvalDate, Literal(approval.date, datatype=XSD.date))
            if approval.number:
                self.add(node, NQS.approvalNumber, Literal(approval.number))
            if approval.act is not None:
                act = self.act(approval.act, approval.loc)
                self.add(node, NQS.approvingAct, act)
            self.add(std, NQS.hasApproval, node)
        for n, version in enumerate(t.versions, start=1):
            self.add(std, NQS.hasVersion, self.version(std, n, version))
        if t.version:
            self.add(std, NQS.versionNumber, Literal(t.version))
        if t.year:
            self.add(std, NQS.versionYear, Literal(t.year, datatype=XSD.gYear))
        if t.revision_date:
            # a date, or only the year when the document gives no more ("2025 год")
            kind = XSD.date if len(t.revision_date) == 10 else XSD.gYear
            self.add(std, NQS.plannedRevision, Literal(t.revision_date, datatype=kind))

    def version(self, std: URIRef, n: int, version: VersionEntry) -> URIRef:
        """A version the technical data record, labelled as written, at its row and the
        row of its planned revision."""
        loc = version.loc.span(version.revision_loc) if version.revision_loc else version.loc
        node = self.entity(URIRef(f"{std}/version/{n}"), NQS.StandardVersion, version.text, loc)
        self.add(node, NQS.ordinal, plain(n))
        if version.number:
            self.add(node, NQS.versionNumber, Literal(version.number))
        if version.year:
            self.add(node, NQS.versionYear, Literal(version.year, datatype=XSD.gYear))
        if version.revision_date:
            kind = XSD.date if len(version.revision_date) == 10 else XSD.gYear
            self.add(node, NQS.plannedRevision, Literal(version.revision_date, datatype=kind))
        return node

    # -- cards -----------------------------------------------------------------------------
    def card(self, std: URIRef, card: Card) -> URIRef:
        iri = self.entity(
            URIRef(f"{std}/card/{card.ordinal}"), NQS.ProfessionCard, card.name, card.loc
        )
        self.add(iri, NQS.ordinal, plain(card.ordinal))
        if card.occupation_code:
            self.add(iri, NQS.occupation, self.occupation(card))
        if card.level:
            self.level(iri, card.level, self.where(card, "level"))
        for attr, prop in TEXT_FIELDS.items():
            value = getattr(card, attr)
            if value and value != "-":
                self.add(iri, prop, self.text(value))
        for n, title in enumerate(card.other_titles, start=1):
            node = self.coded(URIRef(f"{iri}/other-title/{n}"), NQS.AlternativeTitle, title)
            self.place(node, self.where(card, f"other_titles/{n}", title.loc))
            if title.code:
                self.add(node, NQS.namesOccupation, self.mint.occupation(title.code))
            self.add(iri, NQS.otherTitle, node)
        for n, title in enumerate(card.handbook_links, start=1):
            node = URIRef(f"{iri}/handbook-link/{n}")
            self.add(iri, NQS.handbookLink, self.coded(node, NQS.HandbookEntry, title))
            self.place(node, self.where(card, f"handbook_links/{n}", title.loc))
        for fn in card.functions:
            self.add(iri, NQS.hasLaborFunction, self.function(iri, fn))
        for n, text in enumerate(card.personal_competencies, start=1):
            loc = self.where(card, f"competencies/{n}")
            pc = self.entity(URIRef(f"{iri}/competency/{n}"), NQS.PersonalCompetency, text, loc)
            self.add(pc, NQS.ordinal, plain(n))
            self.add(iri, NQS.hasPersonalCompetency, pc)
        for text in card.technical_regulations:
            self.add(iri, NQS.technicalRegulation, self.text(text))
        for n, rel in enumerate(card.related, start=1):
            node = URIRef(f"{iri}/related/{n}")
            self.add(node, RDF.type, NQS.RelatedOccupation)
            self.add(node, RDFS.label, self.text(rel.title))
            rel_loc = self.where(card, f"related/{n}", rel.loc)
            self.place(node, rel_loc)
            self.add(node, NQS.ordinal, plain(n))
            if rel.level:
                self.level(node, rel.level, rel_loc, NQS.relatedLevel)
            if rel.code:
                self.add(node, SKOS.notation, Literal(rel.code))
                self.add(node, NQS.namesOccupation, self.mint.occupation(rel.code))
            self.add(iri, NQS.relatedOccupation, node)
        for n, edu in enumerate(card.education_links, start=1):
            node = URIRef(f"{iri}/education-link/{n}")
            self.add(node, RDF.type, NQS.EducationLink)
            self.add(node, RDFS.label, self.text(edu.level))
            edu_loc = self.where(card, f"education_links/{n}", edu.loc)
            self.place(node, edu_loc)
            self.add(node, NQS.educationLevel, self.text(edu.level))
            if edu.isced:
                self.add(node, NQS.iscedLevel, Literal(edu.isced))
            for k, spec in enumerate(edu.specialties, start=1):
                spec_node = self.coded(URIRef(f"{node}/specialty/{k}"), NQS.Specialty, spec)
                self.place(spec_node, spec.loc or edu_loc)
                self.add(node, NQS.specialtyRef, spec_node)
            for k, q in enumerate(edu.qualifications, start=1):
                q_node = self.coded(
                    URIRef(f"{node}/qualification/{k}"), NQS.EducationQualification, q
                )
                self.place(q_node, q.loc or edu_loc)
                self.add(node, NQS.qualificationRef, q_node)
            self.add(iri, NQS.educationLink, node)
        return iri

    def coded(self, node: URIRef, cls: URIRef, title: CodedTitle) -> URIRef:
        """A title with its code from a classifier or handbook (``skos:notation``)."""
        self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, self.text(title.title))
        if title.code:
            self.add(node, SKOS.notation, Literal(title.code))
        return node

    def occupation(self, card: Card) -> URIRef:
        """The NKZ occupation with its group and ISCO unit group as broader concepts, taken
        from the code itself (a stated group that disagrees is reported by the parser)."""
        code = card.occupation_code or ""
        scheme = self.mint.scheme("nkz")
        occ = self.concept(self.mint.occupation(code), NQS.Occupation, code, scheme)
        loc = self.where(card, "occupation")
        self.place(occ, loc)
        name = card.occupation_title or card.name
        self.add(occ, SKOS.prefLabel, self.text(name))
        self.add(occ, RDFS.label, self.text(name))
        parts = code.split("-")
        chain = ["-".join(parts[:k]) for k in range(len(parts) - 1, 0, -1)]
        child = occ
        for notation in chain:
            parent = self.concept(self.mint.occupation(notation), NQS.Occupation, notation, scheme)
            self.place(parent, loc)  # read from the code itself
            self.add(parent, RDFS.label, Literal(notation))
            self.add(child, SKOS.broader, parent)
            child = parent
        return occ

    def level(
        self,
        subject: URIRef,
        spec: LevelSpec,
        loc: Location,
        prop: URIRef = NQS.qualificationLevel,
    ) -> None:
        """Link to the level(s) of the sector's framework, each corresponding to the NQF level
        of the same number; a level is placed where the document first names it."""
        section = self.section or "unspecified"
        framework = self.sector_framework()
        for number in spec.levels:
            lvl = self.mint.sector_level(section, number)
            self.add(lvl, RDF.type, NQS.QualificationLevel)
            self.place(lvl, loc)
            self.add(lvl, RDFS.label, Literal(f"SQF {section} level {number}", lang="en"))
            self.add(lvl, NQS.levelNumber, plain(number))
            self.add(lvl, NQS.inFramework, framework)
            self.add(lvl, NQS.correspondsTo, self.mint.nqf_level(number))
            self.add(subject, prop, lvl)
        if spec.sublevel:
            self.add(subject, NQS.sublevel, self.text(spec.sublevel))

    def sector_framework(self) -> URIRef:
        """The sector's framework, labelled from its OKED section, linked to that section."""
        section = self.section
        framework = self.mint.sector_framework(section or "unspecified")
        self.add(framework, RDF.type, NQS.QualificationFramework)
        self.place(framework, self.sector_place())
        if section is None:
            for lang, label in UNSPECIFIED_LABEL.items():
                self.add(framework, RDFS.label, Literal(label, lang=lang))
            return framework
        names = dict(SECTION_NAMES.get(section, {}))
        stated = next((a.label for a in self.doc.economic_activities if a.code == section), None)
        if stated and self.lang not in names:
            names[self.lang] = stated
        for lang, name in names.items():
            template = FRAMEWORK_LABEL.get(lang, FRAMEWORK_LABEL["en"])
            self.add(
                framework,
                RDFS.label,
                Literal(template.format(name=name, section=section), lang=lang),
            )
        scheme = self.mint.scheme("oked")
        oked = self.concept(
            self.mint.economic_activity(section), NQS.EconomicActivity, section, scheme
        )
        self.place(oked, self.sector_place())
        if not any(a.code == section for a in self.doc.economic_activities):
            # Sector read from the main group: the section concept gets its name here.
            for lang, name in SECTION_NAMES.get(section, {}).items():
                self.add(oked, SKOS.prefLabel, Literal(name, lang=lang))
                self.add(oked, RDFS.label, Literal(name, lang=lang))
        self.add(framework, NQS.sectorActivity, oked)
        return framework

    def sector_place(self) -> Location:
        """Where the sector was read: its OKED section's line, else the main group's."""
        stated = next(
            (a.loc for a in self.doc.economic_activities if a.code == self.section and a.loc),
            None,
        )
        return stated or self.doc_place("groups" if self.doc.group_names else "sector")

    # -- functions, skills, items ----------------------------------------------------------
    def function(self, card: URIRef, fn: LaborFunction) -> URIRef:
        kind = "function" if fn.mandatory else "additional-function"
        iri = self.entity(
            URIRef(f"{card}/{kind}/{fn.ordinal}"), NQS.LaborFunction, fn.title, fn.loc
        )
        self.add(iri, NQS.ordinal, plain(fn.ordinal))
        self.add(iri, NQS.mandatory, plain(fn.mandatory))
        for skill in fn.skills:
            self.add(iri, NQS.hasSkill, self.skill(iri, skill))
        return iri

    def skill(self, fn: URIRef, skill: Skill) -> URIRef:
        kind = "task" if skill.is_task else "skill"
        iri = self.entity(URIRef(f"{fn}/{kind}/{skill.ordinal}"), NQS.Skill, skill.title, skill.loc)
        if skill.is_task:
            self.add(iri, RDF.type, NQS.Task)
        if skill.implicit:
            self.add(iri, NQS.implicitSkill, plain(True))
        self.add(iri, NQS.ordinal, plain(skill.ordinal))
        if skill.recognition and skill.recognition != "-":
            self.add(iri, NQS.recognition, self.text(skill.recognition))
        for item in skill.abilities:
            self.add(iri, NQS.hasAbility, self.item(iri, "ability", NQS.Ability, item))
        for item in skill.knowledge:
            self.add(iri, NQS.hasKnowledge, self.item(iri, "knowledge", NQS.Knowledge, item))
        return iri

    def item(self, skill: URIRef, kind: str, cls: URIRef, item: Item) -> URIRef:
        iri = self.entity(URIRef(f"{skill}/{kind}/{item.ordinal}"), cls, item.text, item.loc)
        self.add(iri, NQS.ordinal, plain(item.ordinal))
        return iri


def map_standard(doc: StandardDocument, minter: Minter) -> Triples:
    """The RDF graph of one parsed standard."""
    return StandardMapper(doc, minter).run()
