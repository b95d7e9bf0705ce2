"""Profile ``esco-csv``: the ESCO view (:mod:`nqs.export.esco`) as ESCO's CSV bundle, for
partners that do not read RDF.

The files and columns are those of ESCO's CSV download (v1.1): per language
``occupations_<lang>.csv``, ``skills_<lang>.csv`` and ``ISCOGroups_<lang>.csv`` (the
concepts named in that language, with those names: a concept the sources do not name in a
language is not in that language's files; an ISCO-08 group is named by the NKZ group that is
``skos:exactMatch`` to it, the only name the sources give), and
``occupationSkillRelations.csv``, ``broaderRelationsOccPillar.csv`` and
``broaderRelationsSkillPillar.csv`` (every concept). Lists inside a cell (alternative labels) are
separated by newlines and scheme lists by ", ", as in ESCO's files; UTF-8, RFC 4180
quoting. Columns the sources give nothing for (hidden labels, modification dates, scope
notes, reuse levels, regulated-profession notes) are kept, empty.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nqs.export.esco import (
    KNOWLEDGE,
    EscoModel,
    Names,
    Occupation,
    gather,
    isco_iri,
    isco_parent,
)
from nqs.export.files import Artifact
from nqs.export.release import Release
from nqs.export.vocab import ISCO_GROUP, ISCO_SCHEME, text

FOLDER = "esco-csv"
STATUS = "released"
OCCUPATION_COLUMNS = [
    "conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels",
    "status", "modifiedDate", "regulatedProfessionNote", "scopeNote", "definition",
    "inScheme", "description", "code",
]  # fmt: skip
SKILL_COLUMNS = [
    "conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels",
    "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition", "inScheme",
    "description",
]  # fmt: skip
ISCO_COLUMNS = [
    "conceptType", "conceptUri", "code", "preferredLabel", "status", "altLabels", "inScheme",
    "description",
]  # fmt: skip
RELATION_COLUMNS = ["occupationUri", "relationType", "skillType", "skillUri"]
BROADER_COLUMNS = ["conceptType", "conceptUri", "broaderType", "broaderUri"]
SKILL_TYPES = {"skill": "skill/competence", KNOWLEDGE: "knowledge"}


def _write(path: Path, columns: list[str], rows: Iterable[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def occupation_rows(model: EscoModel, lang: str) -> Iterable[dict[str, str]]:
    for occ in model.occupations.values():
        if not occ.names.preferred(lang):
            continue  # not named in this language
        yield {
            "conceptType": "Occupation",
            "conceptUri": occ.iri,
            "iscoGroup": occ.isco,
            "preferredLabel": occ.names.preferred(lang),
            "altLabels": "\n".join(occ.names.alternative(lang)),
            "status": STATUS,
            "inScheme": occ.scheme,
            "description": occ.description.get(lang, ""),
            "code": occ.code,
        }


def skill_rows(model: EscoModel, lang: str) -> Iterable[dict[str, str]]:
    for skill in model.skills.values():
        if not skill.names.preferred(lang):
            continue  # not named in this language
        yield {
            "conceptType": "KnowledgeSkillCompetence",
            "conceptUri": skill.iri,
            "skillType": SKILL_TYPES[skill.skill_type],
            "preferredLabel": skill.names.preferred(lang),
            "altLabels": "\n".join(skill.names.alternative(lang)),
            "status": STATUS,
            "inScheme": model.scheme("skills"),
        }


def isco_names(model: EscoModel) -> dict[str, Names]:
    """The names of ISCO-08 groups the sources give: those of the NKZ groups that are
    ``skos:exactMatch`` to them (the NKZ builds on ISCO-08), by group IRI."""
    names: dict[str, Names] = {}
    for occ in model.occupations.values():
        for group in occ.exact:
            for lang, labels in occ.names.by_lang.items():
                for label in labels:
                    names.setdefault(group, Names()).add(text(label, lang))
    return names


def isco_rows(model: EscoModel, lang: str) -> Iterable[dict[str, str]]:
    names = isco_names(model)
    for code in sorted(model.isco):
        group = names.get(isco_iri(code), Names())
        if not group.preferred(lang):
            continue  # not named in this language
        yield {
            "conceptType": "ISCOGroup",
            "conceptUri": isco_iri(code),
            "code": code,
            "preferredLabel": group.preferred(lang),
            "status": STATUS,
            "altLabels": "\n".join(group.alternative(lang)),
            "inScheme": ISCO_SCHEME,
        }


def relation_rows(model: EscoModel) -> Iterable[dict[str, str]]:
    for occ in model.occupations.values():
        for relation, skills in (("essential", occ.essential), ("optional", occ.optional)):
            for uri in skills:
                skill_type = SKILL_TYPES[model.skills[uri].skill_type]
                yield {
                    "occupationUri": occ.iri,
                    "relationType": relation,
                    "skillType": skill_type,
                    "skillUri": uri,
                }


def _concept_type(model: EscoModel, uri: str) -> str:
    return "ISCOGroup" if uri.startswith(ISCO_GROUP) else "Occupation"


def occupation_broader_rows(model: EscoModel) -> Iterable[dict[str, str]]:
    occ: Occupation
    for occ in model.occupations.values():
        for parent in occ.broader:
            yield {
                "conceptType": "Occupation",
                "conceptUri": occ.iri,
                "broaderType": _concept_type(model, parent),
                "broaderUri": parent,
            }
    for code in sorted(model.isco):
        parent_code = isco_parent(code)
        if parent_code:
            yield {
                "conceptType": "ISCOGroup",
                "conceptUri": isco_iri(code),
                "broaderType": "ISCOGroup",
                "broaderUri": isco_iri(parent_code),
            }


def skill_broader_rows(model: EscoModel) -> Iterable[dict[str, str]]:
    for skill in model.skills.values():
        for parent in skill.broader:
            yield {
                "conceptType": "KnowledgeSkillCompetence",
                "conceptUri": skill.iri,
                "broaderType": "KnowledgeSkillCompetence",
                "broaderUri": parent,
            }


def export_esco_csv(release: Release, folder: Path, notes: dict[str, Any]) -> list[Artifact]:
    model = gather(release.db, release.base_iri)
    files: list[tuple[str, list[str], Iterable[dict[str, str]], str]] = []
    for lang in model.languages():
        files += [
            (f"occupations_{lang}.csv", OCCUPATION_COLUMNS, occupation_rows(model, lang),
             f"Occupations (profession cards, NKZ occupations) named in {lang}"),
            (f"skills_{lang}.csv", SKILL_COLUMNS, skill_rows(model, lang),
             f"Skills and knowledge named in {lang}"),
            (f"ISCOGroups_{lang}.csv", ISCO_COLUMNS, isco_rows(model, lang),
             f"ISCO-08 groups the occupations fall under, named in {lang} by the sources"),
        ]  # fmt: skip
    files += [
        ("occupationSkillRelations.csv", RELATION_COLUMNS, relation_rows(model),
         "Essential and optional skills of each occupation"),
        ("broaderRelationsOccPillar.csv", BROADER_COLUMNS, occupation_broader_rows(model),
         "Broader relations of occupations and ISCO-08 groups"),
        ("broaderRelationsSkillPillar.csv", BROADER_COLUMNS, skill_broader_rows(model),
         "Broader relations of abilities and knowledge to their skills"),
    ]  # fmt: skip
    artifacts = []
    for name, columns, rows, title in files:
        _write(folder / FOLDER / name, columns, rows)
        artifacts.append(Artifact(f"{FOLDER}/{name}", "esco-csv", title))
    notes["esco-csv"] = {"languages": model.languages(), **model.counts()}
    return artifacts
