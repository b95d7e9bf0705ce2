"""Profile ``esco``: occupations and skills as SKOS concept schemes, the way ESCO models
them.

- Each current profession card is an ``esco:Occupation`` in the scheme
  ``<base>scheme/profession-cards``, named by the card (``skos:prefLabel``) and its other
  titles (``skos:altLabel``), described by its main purpose (``dcterms:description``).
- Its skills, and their ability and knowledge items, are ``esco:Skill`` concepts in
  ``<base>scheme/skills``: ``esco:skillType`` ESCO's ``skill-type/skill`` for skills and
  abilities, ``skill-type/knowledge`` for knowledge; an ability or knowledge item has its
  skill as ``skos:broader``.
- The card ``esco:hasEssentialSkill`` every skill, ability and knowledge item of its
  mandatory labor functions, ``esco:hasOptionalSkill`` those of its additional functions.
- The card's NKZ occupation is an ``esco:Occupation`` of the NKZ scheme and the card's
  ``skos:broader``; the ISCO-08 unit group the occupation maps to (the links graph) is
  ``skos:broader`` of both (``skos:exactMatch`` of an NKZ group that *is* that unit
  group), and the ISCO-08 groups are linked upward by ``skos:broader`` (2633 → 263 → 26 →
  2), ESCO's ISCO concepts ``http://data.europa.eu/esco/isco/C<code>``.
- Labels keep the language of the text they were read from (kk, ru); one
  ``skos:prefLabel`` per language, further names as ``skos:altLabel``.

Superseded versions (with ``nqs:validUntil``) are left out. The model is gathered once
(:func:`gather`) and written both as RDF here and as ESCO's CSV bundle (``esco_csv``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from nqs.export.files import Artifact, file_name, output
from nqs.export.release import Release
from nqs.export.sparql import select, value
from nqs.export.vocab import (
    DCT,
    ESCO,
    ESCO_SKILL_TYPE,
    EXPORT_PREFIXES,
    ISCO_GROUP,
    ISCO_SCHEME,
    RDF,
    SKOS,
    by_subject,
    iri,
    text,
)

FOLDER = "esco"
SKILL = "skill"
KNOWLEDGE = "knowledge"
SCHEME_LABELS = {
    "profession-cards": {
        "en": "Profession cards of the professional standards",
        "kk": "Кәсіптік стандарттардың кәсіп карточкалары",
        "ru": "Карточки профессий профессиональных стандартов",
    },
    "skills": {
        "en": "Skills, abilities and knowledge of the profession cards",
        "kk": "Кәсіп карточкаларының дағдылары, машықтары мен білімдері",
        "ru": "Навыки, умения и знания карточек профессий",
    },
    "nkz": {
        "en": "National Classifier of Occupations (NKZ)",
        "kk": "Кәсіптердің ұлттық жіктеуіші",
        "ru": "Национальный классификатор занятий (НКЗ)",
    },
}


@dataclass
class Names:
    """Names by language: the first of each language is the preferred one."""

    by_lang: dict[str, list[str]] = field(default_factory=dict)

    def add(self, term: ox.Literal | Any) -> None:
        if isinstance(term, ox.Literal) and term.language:
            names = self.by_lang.setdefault(term.language, [])
            if term.value not in names:
                names.append(term.value)

    def preferred(self, lang: str) -> str:
        return next(iter(self.by_lang.get(lang, [])), "")

    def alternative(self, lang: str) -> list[str]:
        return self.by_lang.get(lang, [])[1:]


@dataclass
class Occupation:
    """A card or an NKZ occupation as an ESCO occupation."""

    iri: str
    scheme: str
    names: Names = field(default_factory=Names)
    description: dict[str, str] = field(default_factory=dict)
    code: str = ""
    isco: str = ""
    """The ISCO-08 unit group code (four digits), if the occupation maps to one."""
    broader: list[str] = field(default_factory=list)
    exact: list[str] = field(default_factory=list)
    essential: list[str] = field(default_factory=list)
    optional: list[str] = field(default_factory=list)
    is_card: bool = True


@dataclass
class Skill:
    iri: str
    skill_type: str
    names: Names = field(default_factory=Names)
    broader: list[str] = field(default_factory=list)


@dataclass
class EscoModel:
    base: str
    occupations: dict[str, Occupation] = field(default_factory=dict)
    skills: dict[str, Skill] = field(default_factory=dict)
    isco: set[str] = field(default_factory=set)

    def scheme(self, name: str) -> str:
        return f"{self.base}scheme/{name}"

    def languages(self) -> list[str]:
        langs = {lang for o in self.occupations.values() for lang in o.names.by_lang}
        langs |= {lang for s in self.skills.values() for lang in s.names.by_lang}
        return sorted(langs)

    def counts(self) -> dict[str, int]:
        cards = [o for o in self.occupations.values() if o.is_card]
        types = Counter(s.skill_type for s in self.skills.values())
        return {
            "cards": len(cards),
            "national_occupations": len(self.occupations) - len(cards),
            "isco_groups": len(self.isco),
            "skills": types[SKILL],
            "knowledge": types[KNOWLEDGE],
            "essential": sum(len(o.essential) for o in cards),
            "optional": sum(len(o.optional) for o in cards),
        }


def isco_iri(code: str) -> str:
    return ISCO_GROUP + code


def isco_parent(code: str) -> str | None:
    """The ISCO-08 group one level up: unit 2633 → minor 263 → sub-major 26 → major 2."""
    return code[:-1] or None


def _add_isco(model: EscoModel, code: str) -> None:
    while code:
        model.isco.add(code)
        code = code[:-1]


def _national(model: EscoModel, row: dict[str, Any]) -> Occupation:
    occ_iri = value(row["occupation"])
    occ = model.occupations.get(occ_iri)
    if occ is None:
        occ = Occupation(occ_iri, model.scheme("nkz"), code=value(row["code"]), is_card=False)
        model.occupations[occ_iri] = occ
    isco = value(row.get("isco"))
    if isco:
        code = isco.removeprefix(ISCO_GROUP)
        occ.isco = code
        _add_isco(model, code)
        relation = value(row.get("iscoRelation"))
        target = occ.exact if relation == SKOS + "exactMatch" else occ.broader
        if isco not in target:
            target.append(isco)
    return occ


def _skill(
    model: EscoModel, uri: str, kind: str, label: Any, parent: str | None, target: list[str]
) -> None:
    skill = model.skills.get(uri)
    if skill is None:
        skill = model.skills[uri] = Skill(uri, kind, broader=[parent] if parent else [])
    skill.names.add(label)
    if uri not in target:
        target.append(uri)


def _gather_skills(db: ox.Store, model: EscoModel) -> None:
    items: dict[str, list[dict[str, Any]]] = {}
    for row in select(db, "skill-items"):
        items.setdefault(value(row["skill"]), []).append(row)
    for row in select(db, "card-skills"):
        card = model.occupations.get(value(row["card"]))
        if card is None:
            continue
        target = card.essential if value(row["mandatory"]) == "true" else card.optional
        skill_iri = value(row["skill"])
        _skill(model, skill_iri, SKILL, row["label"], None, target)
        for item in items.get(skill_iri, []):
            kind = KNOWLEDGE if value(item["kind"]) == "knowledge" else SKILL
            _skill(model, value(item["item"]), kind, item["label"], skill_iri, target)


def gather(db: ox.Store, base: str) -> EscoModel:
    """The ESCO view of the current cards, read from the store."""
    model = EscoModel(base)
    for row in select(db, "current-cards"):
        card = model.occupations.setdefault(
            value(row["card"]), Occupation(value(row["card"]), model.scheme("profession-cards"))
        )
        card.names.add(row["label"])
        purpose = row.get("purpose")
        if isinstance(purpose, ox.Literal) and purpose.language:
            card.description.setdefault(purpose.language, purpose.value)
        if "occupation" in row:
            occ = _national(model, row)
            card.code, card.isco = occ.code, occ.isco
            for parent in (occ.iri, *occ.broader, *occ.exact):
                if parent not in card.broader:
                    card.broader.append(parent)
    for row in select(db, "card-titles"):
        model.occupations[value(row["card"])].names.add(row["title"])
    for row in select(db, "occupation-labels"):
        national = model.occupations.get(value(row["occupation"]))
        if national is not None and not national.is_card:
            national.names.add(row["label"])
    _gather_skills(db, model)
    return model


def _labels(add: Any, subject: str, names: Names) -> None:
    for lang in sorted(names.by_lang):
        add(subject, SKOS + "prefLabel", text(names.preferred(lang), lang))
        for alt in names.alternative(lang):
            add(subject, SKOS + "altLabel", text(alt, lang))


def esco_triples(model: EscoModel) -> list[ox.Triple]:
    triples: list[ox.Triple] = []

    def add(s: str, p: str, o: ox.Literal | str) -> None:
        triples.append(ox.Triple(iri(s), iri(p), iri(o) if isinstance(o, str) else o))

    for name, labels in SCHEME_LABELS.items():
        add(model.scheme(name), RDF + "type", SKOS + "ConceptScheme")
        for lang, label in labels.items():
            add(model.scheme(name), SKOS + "prefLabel", text(label, lang))
    add(ISCO_SCHEME, RDF + "type", SKOS + "ConceptScheme")
    for occ in model.occupations.values():
        add(occ.iri, RDF + "type", ESCO + "Occupation")
        add(occ.iri, RDF + "type", SKOS + "Concept")
        add(occ.iri, SKOS + "inScheme", occ.scheme)
        _labels(add, occ.iri, occ.names)
        for lang, description in sorted(occ.description.items()):
            add(occ.iri, DCT + "description", text(description, lang))
        if not occ.is_card:
            add(occ.iri, SKOS + "notation", text(occ.code))
        for parent in occ.broader:
            add(occ.iri, SKOS + "broader", parent)
        if not occ.is_card:
            for match in occ.exact:
                add(occ.iri, SKOS + "exactMatch", match)
        for uri in occ.essential:
            add(occ.iri, ESCO + "hasEssentialSkill", uri)
        for uri in occ.optional:
            add(occ.iri, ESCO + "hasOptionalSkill", uri)
    for code in sorted(model.isco):
        add(isco_iri(code), RDF + "type", SKOS + "Concept")
        add(isco_iri(code), SKOS + "inScheme", ISCO_SCHEME)
        add(isco_iri(code), SKOS + "notation", text(code))
        up = isco_parent(code)
        if up:
            add(isco_iri(code), SKOS + "broader", isco_iri(up))
        else:
            add(isco_iri(code), SKOS + "topConceptOf", ISCO_SCHEME)
    for skill in model.skills.values():
        add(skill.iri, RDF + "type", ESCO + "Skill")
        add(skill.iri, RDF + "type", SKOS + "Concept")
        add(skill.iri, SKOS + "inScheme", model.scheme("skills"))
        add(skill.iri, ESCO + "skillType", ESCO_SKILL_TYPE + skill.skill_type)
        _labels(add, skill.iri, skill.names)
        for parent in skill.broader:
            add(skill.iri, SKOS + "broader", parent)
    return triples


def export_esco(
    release: Release, folder: Path, compress: bool, notes: dict[str, Any]
) -> list[Artifact]:
    model = gather(release.db, release.base_iri)
    name = f"{FOLDER}/{file_name('kz-nqs-esco', 'ttl', compress)}"
    with output(folder / name, compress) as out:
        ox.serialize(
            by_subject(esco_triples(model)), out, ox.RdfFormat.TURTLE, prefixes=EXPORT_PREFIXES
        )
    notes["esco"] = model.counts()
    title = "Occupations (profession cards, NKZ) and skills as ESCO-style SKOS concept schemes"
    return [Artifact(name, "esco", title)]
