"""Profile ``elm``: the current profession cards as European Learning Model qualifications,
one JSON-LD document with ELM's own context (``data/elm/edc-ap-context.jsonld``, inline).

Per card (its IRI is the qualification's ``@id``):

- ``title``: the card's name; ``description``: its main purpose; ``language``: the
  language of its text (EU language authority table);
- ``nqfLevel``: the NQF level its sectoral level corresponds to; ``eqfLevel``: the EQF
  level the NQF states for that level (``skos:closeMatch`` in the NQF's alignment, seed
  002). The basis is stated in an ``additionalNote``;
- ``learningOutcome``: every ability and knowledge item of the mandatory labor functions
  (``dcType`` the EDC skill type ``skill`` / ``knowledge``). Additional functions are
  optional and ELM has no optional outcome, so they are left out;
- ``identifier``: the NKZ code of the card's occupation; ``entitlesTo``: a learning
  entitlement whose ``limitNationalOccupation`` is that NKZ occupation;
- ``publisher``: the body that approved the standard (its state body, else the issuer of
  the approving act), located in Kazakhstan. The sources name no body that awards the
  qualification, so there is no ``awardingOpportunity``.

Concepts referred to (EQF and NQF levels, NKZ occupations, skill types, languages, the
country) are described in the document with their schemes, as the shapes require. What
the sources cannot give is listed in ``docs/export.md`` (ISCED-F field, NQF in the QDR
list, entitlement type and status, levels of cards known only from an amending act)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from nqs.export.files import Artifact
from nqs.export.release import Release
from nqs.export.sparql import select, value
from nqs.export.vocab import KAZAKHSTAN, LANGUAGES

FOLDER = "elm"
FILE = "kz-nqs-qualifications.jsonld"
CONTEXT_FILE = "edc-ap-context.jsonld"
EQF_SCHEME = "http://data.europa.eu/snb/eqf/25831c2"
SKILL_TYPE_SCHEME = "http://data.europa.eu/snb/skill-type/25831c2"
SKILL_TYPE = "http://data.europa.eu/snb/skill-type/"
COUNTRY_SCHEME = "http://publications.europa.eu/resource/authority/country"
LANGUAGE_SCHEME = "http://publications.europa.eu/resource/authority/language"
NKZ_SCHEME_NAME = "National Classifier of Occupations of Kazakhstan (NKZ)"


def elm_folder() -> Path:
    return Path(str(resources.files("nqs.data").joinpath("elm")))


def elm_context() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((elm_folder() / CONTEXT_FILE).read_text("utf-8"))
    return data


def _lang_map(term: Any) -> dict[str, str]:
    if isinstance(term, ox.Literal) and term.language:
        return {term.language: term.value}
    return {}


@dataclass
class Card:
    iri: str
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    occupation: str = ""
    code: str = ""
    nqf: set[str] = field(default_factory=set)
    eqf: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    publisher: str = ""


class ElmDocument:
    """The JSON-LD document being assembled: qualifications, then the nodes they refer to."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.bodies: dict[str, str] = {}

    def node(self, node_id: str, **props: Any) -> None:
        node = self.nodes.setdefault(node_id, {"@id": node_id})
        for key, val in props.items():
            if isinstance(val, dict) and isinstance(node.get(key), dict):
                for lang, text in val.items():
                    node[key].setdefault(lang, text)
            else:
                node.setdefault(key, val)

    def concept(self, iri: str, scheme: str, **props: Any) -> str:
        self.node(iri, **{"@type": "Concept", "inScheme": scheme}, **props)
        self.node(scheme, **{"@type": "ConceptScheme"})
        return iri

    def body(self, name: ox.Literal) -> str:
        """A blank node for an organisation in Kazakhstan, one per name."""
        key = f"{name.value}@{name.language}"
        if key not in self.bodies:
            node_id = f"_:body-{len(self.bodies) + 1}"
            self.bodies[key] = node_id
            country = self.concept(KAZAKHSTAN, COUNTRY_SCHEME, notation="KAZ")
            address = {"@type": "Address", "countryCode": country}
            location = {"@type": "Location", "address": address}
            self.node(
                node_id,
                **{"@type": "Organisation", "legalName": _lang_map(name), "location": location},
            )
        return self.bodies[key]


def _cards(db: ox.Store, doc: ElmDocument) -> dict[str, Card]:
    cards: dict[str, Card] = {}
    for row in select(db, "current-cards"):
        card = cards.setdefault(value(row["card"]), Card(value(row["card"])))
        card.title.update(_lang_map(row["label"]))
        card.description.update(_lang_map(row.get("purpose")))
        if "occupation" in row:
            card.occupation, card.code = value(row["occupation"]), value(row["code"])
    eqf_of: dict[str, tuple[str, str]] = {}
    for row in select(db, "nqf-eqf"):
        eqf_of.setdefault(value(row["nqf"]), (value(row["eqf"]), value(row.get("alignment"))))
    nqf_levels: dict[str, tuple[str, dict[str, str]]] = {}
    for row in select(db, "nqf-levels"):
        scheme, names = nqf_levels.setdefault(value(row["nqf"]), (value(row.get("scheme")), {}))
        for lang, name in _lang_map(row.get("label")).items():
            names.setdefault(lang, name)
    for row in select(db, "card-levels"):
        card_or_none = cards.get(value(row["card"]))
        if card_or_none is None:
            continue
        card, nqf = card_or_none, value(row["nqf"])
        card.nqf.add(nqf)
        scheme, label = nqf_levels.get(nqf, ("", {}))
        doc.concept(nqf, scheme or nqf + "/scheme", prefLabel=label)
        if nqf in eqf_of:
            eqf, wording = eqf_of[nqf]
            card.eqf.add(eqf)
            doc.concept(eqf, EQF_SCHEME)
            number = value(row["number"])
            card.notes.append(
                f"NQF and EQF level: the card's level {number} in its sector's framework "
                f"corresponds to NQF level {number}, and the NQF states that level's "
                f"correspondence to EQF level {eqf.rsplit('/', 1)[-1]} "
                f"(skos:closeMatch: «{wording}»)."
            )
    return cards


def _outcomes(db: ox.Store, doc: ElmDocument, cards: dict[str, Card]) -> None:
    items: dict[str, list[dict[str, Any]]] = {}
    for row in select(db, "skill-items"):
        items.setdefault(value(row["skill"]), []).append(row)
    for row in select(db, "card-skills"):
        card = cards.get(value(row["card"]))
        if card is None or value(row["mandatory"]) != "true":
            continue
        for item in items.get(value(row["skill"]), []):
            kind = "knowledge" if value(item["kind"]) == "knowledge" else "skill"
            outcome = value(item["item"])
            if outcome in card.outcomes:
                continue
            card.outcomes.append(outcome)
            skill_type = doc.concept(SKILL_TYPE + kind, SKILL_TYPE_SCHEME)
            doc.node(
                outcome,
                **{"@type": "LearningOutcome", "title": _lang_map(item["label"])},
                dcType=skill_type,
            )


def _occupations(db: ox.Store, doc: ElmDocument, cards: dict[str, Card], nkz: str) -> None:
    names: dict[str, dict[str, list[str]]] = {}
    for row in select(db, "occupation-labels"):
        label = row["label"]
        if isinstance(label, ox.Literal) and label.language:
            by_lang = names.setdefault(value(row["occupation"]), {})
            by_lang.setdefault(label.language, []).append(label.value)
    for card in cards.values():
        if not card.occupation:
            continue
        by_lang = names.get(card.occupation, {})
        pref = {lang: labels[0] for lang, labels in by_lang.items()}
        alt = {lang: labels[1:] for lang, labels in by_lang.items() if labels[1:]}
        props: dict[str, Any] = {"notation": card.code, "prefLabel": pref}
        if alt:
            props["altLabel"] = alt
        doc.concept(card.occupation, nkz, **props)


def _publishers(db: ox.Store, doc: ElmDocument, cards: dict[str, Card]) -> None:
    for row in select(db, "card-publishers"):
        card, body = cards.get(value(row["card"])), row["body"]
        if card is not None and not card.publisher and isinstance(body, ox.Literal):
            card.publisher = doc.body(body)


def qualification(card: Card, doc: ElmDocument, nkz: str) -> dict[str, Any]:
    q: dict[str, Any] = {"@id": card.iri, "@type": "Qualification", "title": card.title}
    if card.description:
        q["description"] = card.description
    languages = [doc.concept(LANGUAGES[lang], LANGUAGE_SCHEME) for lang in sorted(card.title)]
    q["language"] = languages
    if card.eqf:
        q["eqfLevel"] = sorted(card.eqf)
    if card.nqf:
        q["nqfLevel"] = sorted(card.nqf)
    if card.notes:
        q["additionalNote"] = [{"@type": "Note", "noteLiteral": {"en": n}} for n in card.notes]
    if card.outcomes:
        q["learningOutcome"] = card.outcomes
    if card.occupation:
        q["identifier"] = [
            {
                "@type": "Identifier",
                "notation": card.code,
                "schemeName": NKZ_SCHEME_NAME,
                "schemeId": nkz,
            }
        ]
        occupation = doc.nodes[card.occupation]
        q["entitlesTo"] = [
            {
                "@type": "LearningEntitlementSpecification",
                "title": occupation.get("prefLabel") or card.title,
                "limitNationalOccupation": card.occupation,
            }
        ]
    if card.publisher:
        q["publisher"] = card.publisher
    return q


def elm_document(db: ox.Store, base: str) -> dict[str, Any]:
    """The ELM JSON-LD document of every current profession card."""
    doc = ElmDocument()
    nkz = f"{base}scheme/nkz"
    cards = _cards(db, doc)
    _outcomes(db, doc, cards)
    _occupations(db, doc, cards, nkz)
    _publishers(db, doc, cards)
    graph = [qualification(card, doc, nkz) for card in cards.values()]
    graph += list(doc.nodes.values())
    return {"@context": elm_context()["@context"], "@graph": graph}


def export_elm(
    release: Release, folder: Path, validate: bool, notes: dict[str, Any]
) -> list[Artifact]:
    document = elm_document(release.db, release.base_iri)
    path = folder / FOLDER / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    qualifications = [n for n in document["@graph"] if n.get("@type") == "Qualification"]
    notes["elm"] = {
        "qualifications": len(qualifications),
        "learning_outcomes": sum(len(q.get("learningOutcome", [])) for q in qualifications),
    }
    artifacts = [Artifact(f"{FOLDER}/{FILE}", "elm", "Profession cards as ELM qualifications")]
    if validate:
        from nqs.export.elm_validate import validate_file

        report = validate_file(path)
        report_name = f"{FOLDER}/shacl-report.ttl"
        report.graph.serialize(folder / report_name, format="turtle")
        notes["elm"]["violations"] = report.summary()
        artifacts.append(Artifact(report_name, "elm", "pySHACL report (LOQ and MDR shapes)"))
    return artifacts
