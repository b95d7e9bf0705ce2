"""Profiles ``esco`` and ``esco-csv`` against counts read by hand from the sources: the
Kazakh seed 000 («Балеттанушы», tests/loaders/test_standard_kk.py) and the Russian «Default 1»
standard (tests/fixtures/standards/default_1.json)."""

from __future__ import annotations

import csv
import itertools
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from nqs.build import build
from nqs.config import Settings
from nqs.export.release import Release
from nqs.export.run import Options, export
from nqs.namespaces import NQS
from tests.conftest import CORPUS
from tests.export.test_export_common import release_of
from tests.standard_fixtures import fixture

ESCO = "http://data.europa.eu/esco/model#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ID = "https://w3id.org/kz-nqs/id/"
BALLET_1 = ID + "standard/R90012023/card/1"
ISCO = "http://data.europa.eu/esco/isco/C"

# ESCO's CSV bundle (v1.1), as ESCO publishes it
OCCUPATION_COLUMNS = (
    "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,"
    "modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code"
)
SKILL_COLUMNS = (
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,"
    "status,modifiedDate,scopeNote,definition,inScheme,description"
)
ISCO_COLUMNS = "conceptType,conceptUri,code,preferredLabel,status,altLabels,inScheme,description"
RELATION_COLUMNS = "occupationUri,relationType,skillType,skillUri"
BROADER_COLUMNS = "conceptType,conceptUri,broaderType,broaderUri"


def exported(release: Release, folder: Path) -> Path:
    export(release, folder, Options(("esco", "esco-csv")))
    return folder


@pytest.fixture(scope="module")
def seed_out(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return exported(release_of(seed_settings), tmp_path_factory.mktemp("esco-seed"))


@pytest.fixture(scope="module")
def graph(seed_out: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=seed_out / "esco" / "kz-nqs-esco.ttl", format=ox.RdfFormat.TURTLE)
    return store


def text(term: object) -> str:
    assert isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal)
    return term.value


def objects(store: ox.Store, s: str, p: str) -> set[str]:
    quads = store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)
    return {text(q.object) for q in quads}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_ballet_card_as_occupation(graph: ox.Store) -> None:
    assert {ESCO + "Occupation", SKOS + "Concept"} <= objects(
        graph, BALLET_1, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    )
    labels = graph.quads_for_pattern(ox.NamedNode(BALLET_1), ox.NamedNode(SKOS + "prefLabel"), None)
    assert [q.object for q in labels] == [ox.Literal("Балеттанушы", language="kk")]
    # card 1 lists one other title: "1432-0-003 - Бас өнертанушы" (seed 000, line 100)
    assert objects(graph, BALLET_1, SKOS + "altLabel") == {"Бас өнертанушы"}
    assert objects(graph, BALLET_1, SKOS + "broader") == {
        ID + "occupation/2633-1-001",
        ISCO + "2633",
    }
    # ISCO-08 groups up to the major group
    chain = [ISCO + c for c in ("2633", "263", "26", "2")]
    for child, parent in itertools.pairwise(chain):
        assert objects(graph, child, SKOS + "broader") == {parent}


def test_ballet_essential_and_optional(graph: ox.Store) -> None:
    essential = objects(graph, BALLET_1, ESCO + "hasEssentialSkill")
    optional = objects(graph, BALLET_1, ESCO + "hasOptionalSkill")
    # card 1: 4 mandatory + 1 additional functions, 10 skills, 19 abilities, 14 knowledge;
    # the additional function (lines 297-346): 2 skills, 2 + 3 abilities, 1 + 1 knowledge
    assert (len(essential), len(optional)) == (10 + 19 + 14 - 9, 9)
    kinds = {s: objects(graph, s, ESCO + "skillType").pop() for s in essential | optional}
    knowledge = [s for s, t in kinds.items() if t.endswith("/knowledge")]
    assert len(knowledge) == 14
    assert all(
        t == "http://data.europa.eu/esco/skill-type/skill"
        for s, t in kinds.items()
        if "/knowledge/" not in s
    )
    ability = BALLET_1 + "/function/2/skill/1/ability/1"
    assert objects(graph, ability, SKOS + "broader") == {BALLET_1 + "/function/2/skill/1"}
    assert objects(graph, ability, SKOS + "prefLabel") == {
        "Өзіндік талдау әрекеттерін жүзеге асыру және ұйымдастыру дағдыларын меңгеру."
    }


def test_superseded_versions_are_left_out(graph: ox.Store, seed_settings: Settings) -> None:
    db = release_of(seed_settings).db
    old = {text(q.subject) for q in db.quads_for_pattern(None, ox.NamedNode(NQS.validUntil), None)}
    assert old  # seed 004 amends order 591
    skills = {text(q.subject) for q in graph.quads_for_pattern(None, None, None)}
    assert not old & skills


def test_csv_columns_are_escos(seed_out: Path) -> None:
    folder = seed_out / "esco-csv"
    expected = {
        "occupations_kk.csv": OCCUPATION_COLUMNS,
        "skills_kk.csv": SKILL_COLUMNS,
        "ISCOGroups_kk.csv": ISCO_COLUMNS,
        "occupationSkillRelations.csv": RELATION_COLUMNS,
        "broaderRelationsOccPillar.csv": BROADER_COLUMNS,
        "broaderRelationsSkillPillar.csv": BROADER_COLUMNS,
    }
    for name, header in expected.items():
        assert (folder / name).read_text("utf-8").splitlines()[0] == header, name


def test_csv_matches_the_rdf(seed_out: Path, graph: ox.Store) -> None:
    folder = seed_out / "esco-csv"
    relations = rows(folder / "occupationSkillRelations.csv")
    for kind in ("essential", "optional"):
        from_csv = {
            (r["occupationUri"], r["skillUri"]) for r in relations if r["relationType"] == kind
        }
        prop = ESCO + ("hasEssentialSkill" if kind == "essential" else "hasOptionalSkill")
        from_rdf = {
            (text(q.subject), text(q.object))
            for q in graph.quads_for_pattern(None, ox.NamedNode(prop), None)
        }
        assert from_csv == from_rdf
    card = next(r for r in rows(folder / "occupations_kk.csv") if r["conceptUri"] == BALLET_1)
    assert (card["preferredLabel"], card["altLabels"], card["iscoGroup"], card["code"]) == (
        "Балеттанушы",
        "Бас өнертанушы",
        "2633",
        "2633-1-001",
    )
    knowledge = [
        r for r in relations if r["occupationUri"] == BALLET_1 and r["skillType"] == "knowledge"
    ]
    assert len(knowledge) == 14


def test_russian_standard_counted_by_hand(tmp_path: Path) -> None:
    """«Default 1»: three cards, no additional functions; card 1 has four mandatory
    functions of one skill each with (abilities, knowledge) = (4,3), (5,4), (2,4), (1,1)."""
    name = "Default 1_ Администрирование баз данных.docx"
    (tmp_path / "src").mkdir()
    shutil.copy(CORPUS / name, tmp_path / "src" / name)
    settings = Settings(store=tmp_path / "store", sources=(tmp_path / "src",))
    build(settings)
    out = exported(release_of(settings), tmp_path / "out")
    hand = fixture("default_1")
    relations = rows(out / "esco-csv" / "occupationSkillRelations.csv")
    card = ID + "standard/order-222-2022-12-05-annex-1/card/1"
    mine = [r for r in relations if r["occupationUri"] == card]
    skills = hand["skills"][0]
    assert len(mine) == sum(1 + a + k for fn in skills for a, k in fn)
    assert sum(r["skillType"] == "knowledge" for r in mine) == sum(
        k for fn in skills for _, k in fn
    )
    assert all(r["relationType"] == "essential" for r in relations)
    occupations = rows(out / "esco-csv" / "occupations_ru.csv")
    cards = [r for r in occupations if "/card/" in r["conceptUri"]]
    assert len(cards) == hand["cards"]
    assert [c["preferredLabel"] for c in cards] == hand["card_names"]


@pytest.fixture(scope="module")
def full_out(full_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return exported(release_of(full_settings), tmp_path_factory.mktemp("esco-full"))


@pytest.mark.slow
def test_language_files_hold_the_concepts_named_in_that_language(full_out: Path) -> None:
    """A concept the sources do not name in a language is not in that language's files;
    every row has its name (the Russian cards' skills are not in skills_kk.csv)."""
    folder = full_out / "esco-csv"
    esco = ox.Store()
    esco.load(path=full_out / "esco" / "kz-nqs-esco.ttl", format=ox.RdfFormat.TURTLE)
    named: dict[str, dict[str, str]] = {}
    for q in esco.quads_for_pattern(None, ox.NamedNode(SKOS + "prefLabel"), None):
        assert isinstance(q.object, ox.Literal)
        named.setdefault(q.object.language or "", {})[text(q.subject)] = q.object.value
    assert {"kk", "ru"} <= set(named)  # (and the schemes in en)
    relations = rows(folder / "occupationSkillRelations.csv")
    for lang in ("kk", "ru"):
        for kind in ("occupations", "skills"):
            found = rows(folder / f"{kind}_{lang}.csv")
            assert found and all(r["preferredLabel"] for r in found), (kind, lang)
            assert all(named[lang][r["conceptUri"]] == r["preferredLabel"] for r in found)
            column = "occupationUri" if kind == "occupations" else "skillUri"
            related = {r[column] for r in relations} & named[lang].keys()
            assert related <= {r["conceptUri"] for r in found}, (kind, lang)
    skills = {lang: rows(folder / f"skills_{lang}.csv") for lang in ("kk", "ru")}
    assert len(skills["ru"]) > 10 * len(skills["kk"]) > 0  # the corpus is mostly Russian
    # ISCO-08 groups: named by the NKZ group that is the same group (skos:exactMatch)
    groups = {lang: rows(folder / f"ISCOGroups_{lang}.csv") for lang in ("kk", "ru")}
    assert all(r["preferredLabel"] for lang in groups for r in groups[lang])
    by_code = {r["code"]: r["preferredLabel"] for r in groups["ru"]}
    assert by_code["2132"] == "Разработчики программного обеспечения"
    assert by_code["2139"] == "IT-специалисты, не вошедшие в другие группы"
    for r in groups["ru"]:
        nkz = ID + "occupation/" + r["code"]
        assert (ISCO + r["code"]) in objects(esco, nkz, SKOS + "exactMatch")
        assert named["ru"][nkz] == r["preferredLabel"]
