"""The RDF of seed 000: readable IRIs, the core vocabulary, provenance on every entity."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from nqs.config import Settings
from nqs.loaders.documents import LoadedDocument, load_document
from nqs.loaders.iris import Minter, slug
from nqs.namespaces import NQS, NQS_PREFIX_LINE, PROV, RDF, RDFS, SKOS, XSD
from tests.conftest import BALLET

BASE = "https://example.org/kz/"
STD = URIRef(BASE + "standard/R90012023")


@pytest.fixture(scope="module")
def loaded() -> LoadedDocument:
    result = load_document(BALLET, Minter(BASE))
    assert isinstance(result, LoadedDocument)
    return result


@pytest.fixture(scope="module")
def g(loaded: LoadedDocument) -> Graph:
    return loaded.graph


def test_standard(g: Graph) -> None:
    assert (STD, RDF.type, NQS.ProfessionalStandard) in g
    assert (STD, NQS.code, Literal("R90012023")) in g
    assert (STD, RDFS.label, Literal("Балеттанушы", lang="kk")) in g
    assert (STD, NQS.economicActivity, URIRef(BASE + "oked/90.01.2")) in g
    assert (URIRef(BASE + "oked/90.01.2"), SKOS.broader, URIRef(BASE + "oked/90.01")) in g
    assert (URIRef(BASE + "oked/R"), SKOS.notation, Literal("R")) in g
    act = URIRef(BASE + "act/2024-04-17/150")
    assert (STD, NQS.approvedBy, act) in g
    assert (act, NQS.actDate, Literal("2024-04-17", datatype=XSD.date)) in g


def test_cards_functions_skills_items(g: Graph) -> None:
    cards = sorted(str(c) for c in g.objects(STD, NQS.hasCard))
    assert cards == [f"{STD}/card/{n}" for n in (1, 2, 3)]
    card3 = URIRef(f"{STD}/card/3")
    assert (card3, NQS.occupation, URIRef(BASE + "occupation/2633-1-001")) in g
    level = URIRef(BASE + "framework/sqf/R/level/8")
    assert (card3, NQS.qualificationLevel, level) in g
    assert (level, NQS.levelNumber, Literal(8)) in g
    assert (level, NQS.correspondsTo, URIRef(BASE + "framework/nqf/level/8")) in g
    extra = URIRef(f"{STD}/card/1/additional-function/1")
    assert (extra, NQS.mandatory, Literal(False)) in g
    skill = URIRef(f"{STD}/card/1/function/2/skill/1")
    assert (skill, NQS.ordinal, Literal(1)) in g
    abilities = {
        o.toPython()
        for a in g.objects(skill, NQS.hasAbility)
        for o in g.objects(a, NQS.ordinal)
        if isinstance(o, Literal)
    }
    assert abilities == {1, 2, 3}
    ability = URIRef(f"{skill}/ability/1")
    assert (
        ability,
        RDFS.label,
        Literal(
            "Өзіндік талдау әрекеттерін жүзеге асыру және ұйымдастыру дағдыларын меңгеру.",
            lang="kk",
        ),
    ) in g
    assert len(set(g.subjects(RDF.type, NQS.Ability))) == 31
    assert len(set(g.subjects(RDF.type, NQS.Knowledge))) == 23
    assert len(set(g.subjects(RDF.type, NQS.Skill))) == 16
    assert len(set(g.subjects(RDF.type, NQS.LaborFunction))) == 5 + 1 + 2


def test_every_extracted_entity_has_provenance(g: Graph, loaded: LoadedDocument) -> None:
    source = loaded.graph_name
    for cls in (NQS.ProfessionCard, NQS.LaborFunction, NQS.Skill, NQS.Ability, NQS.Knowledge):
        for entity in g.subjects(RDF.type, cls):
            assert (entity, PROV.wasDerivedFrom, source) in g
            start = g.value(entity, NQS.sourceStart)
            end = g.value(entity, NQS.sourceEnd)
            assert isinstance(start, Literal) and isinstance(end, Literal)
            assert start.toPython() <= end.toPython()
            assert g.value(entity, NQS.sourceUnit) == Literal("line")
    assert (source, NQS.sha256, Literal(loaded.source.sha256)) in g


def test_every_label_is_tagged_kazakh(g: Graph) -> None:
    # Sector frameworks are labelled in kk/ru/en from the OKED section names (reference
    # labels, not text of the document).
    frameworks = set(g.subjects(RDF.type, NQS.QualificationFramework))
    for entity, label in g.subject_objects(RDFS.label):
        assert isinstance(label, Literal)
        allowed = ("kk", "ru", "en") if entity in frameworks else ("kk", "en", None)
        assert label.language in allowed
    for entity in g.subjects(RDF.type, NQS.Knowledge):
        assert g.value(entity, RDFS.label).language == "kk"  # type: ignore[union-attr]


def test_iris_do_not_depend_on_load_order() -> None:
    a = load_document(BALLET, Minter(BASE))
    b = load_document(BALLET, Minter(BASE))
    assert isinstance(a, LoadedDocument) and isinstance(b, LoadedDocument)
    assert set(a.graph) == set(b.graph)


def test_slug() -> None:
    assert slug("Балеттанушы") == "balettanushy"
    assert slug("Тестирование Web-приложений") == "testirovanie-web-prilozhenii"


def test_oked_broader_follows_the_code(full_settings: Settings) -> None:
    """Every skos:broader between OKED concepts goes one step up the code (62.01.1 → 62.01
    → 62.0 → 62) or from a division to one section; standards listing two paths (C 26… and
    J 62…) keep them apart."""
    store = pyoxigraph.Store.read_only(str(full_settings.store))
    rows = store.query(
        NQS_PREFIX_LINE
        + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?n ?b WHERE { ?x a nqs:EconomicActivity ; skos:notation ?n ;
            skos:broader/skos:notation ?b }"""
    )
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    pairs = {(r["n"].value, r["b"].value) for r in rows}
    assert pairs
    sections: dict[str, set[str]] = {}
    for narrower, broader in pairs:
        if broader.isalpha():
            assert narrower.isdigit() and len(narrower) == 2, (narrower, broader)
            sections.setdefault(narrower, set()).add(broader)
        else:
            assert narrower.startswith(broader) and narrower != broader, (narrower, broader)
    assert all(len(s) == 1 for s in sections.values()), sections
    assert sections["62"] == {"J"}
