"""The entailments materialised at build time: kept apart in their own graph, equal to
owlrl's OWL 2 RL closure, and making the alignments answer in plain SPARQL."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from nqs.config import Settings
from nqs.derive.reasoning import (
    INFERRED_GRAPH,
    materialise,
    ontology_graph,
    owlrl_entailments,
)
from nqs.namespaces import DEFAULT_BASE_IRI, ONTOLOGY_IRI, sparql_prefixes
from nqs.store import ReadOnlyStore
from nqs.terms import to_rdflib

INFERRED = DEFAULT_BASE_IRI + INFERRED_GRAPH
BALLET = DEFAULT_BASE_IRI + "standard/R90012023/"


@pytest.fixture(scope="module")
def seed(seed_settings: Settings) -> ox.Store:
    return ReadOnlyStore(seed_settings.store).db


@pytest.fixture(scope="module")
def full(full_settings: Settings) -> ox.Store:
    return ReadOnlyStore(full_settings.store).db


def rows(db: ox.Store, query: str) -> list[dict[str, str]]:
    result = db.query(sparql_prefixes() + query)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: r[n].value for n in names if r[n] is not None} for r in result]


def number(db: ox.Store, query: str) -> int:
    (row,) = rows(db, query)
    return int(next(iter(row.values())))


def inferred(db: ox.Store) -> set[tuple[object, object, object]]:
    quads = db.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED))
    return {(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in quads}


@pytest.mark.slow
def test_the_rules_derive_what_owlrl_derives_on_the_seed_store(seed: ox.Store) -> None:
    """owlrl's closure (OWL 2 RL with its owl:hasSelf extension, about 30 s) of the asserted
    graphs and the ontology, restricted to the entailments kept, equals the inferred graph."""
    data = Graph()
    for q in seed:  # the named graphs (not the merge), but the ontology and the inferred
        if str(q.graph_name) not in (f"<{ONTOLOGY_IRI}>", f"<{INFERRED}>", "DEFAULT"):
            data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    reference = owlrl_entailments(data, ontology_graph(seed))
    ours = inferred(seed)
    assert len(ours) > 1000
    assert ours == reference


def test_materialising_again_changes_nothing(seed: ox.Store) -> None:
    copy = ox.Store()
    copy.extend(seed)
    report = materialise(copy, DEFAULT_BASE_IRI)
    assert report.violations == []
    assert inferred(copy) == inferred(seed)
    assert report.triples == len(inferred(seed))


def test_inferred_triples_are_kept_apart(full: ox.Store) -> None:
    assert (
        number(full, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}")
        > 40000
    )
    # nothing asserted elsewhere is repeated, and the owl:hasSelf devices are not kept
    assert not rows(
        full,
        f"SELECT ?s WHERE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(?g != <{INFERRED}>) }} LIMIT 1",
    )
    assert not rows(
        full,
        "SELECT ?s WHERE { { ?s nqs:isMandatoryFunction ?o } UNION "
        "{ ?s nqs:isAdditionalFunction ?o } UNION { ?s owl:sameAs ?o } } LIMIT 1",
    )


def test_esco_occupations_are_the_profession_cards(full: ox.Store) -> None:
    cards = number(full, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a nqs:ProfessionCard }")
    esco = number(full, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a esco:Occupation }")
    schema = number(full, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a schema:Occupation }")
    assert cards == esco == schema == 204


def test_skill_types(full: ox.Store) -> None:
    types = rows(
        full,
        "SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { "
        "VALUES ?class { nqs:Skill nqs:Ability nqs:Knowledge } ?x a ?class ; esco:skillType ?t "
        "BIND(STRAFTER(STR(?t), 'skill-type/') AS ?type) FILTER(?type = "
        "IF(?class = nqs:Knowledge, 'knowledge', 'skill')) } GROUP BY ?class",
    )
    counted = {r["class"].split("#")[1]: int(r["n"]) for r in types}
    expected = rows(
        full,
        "SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { "
        "VALUES ?class { nqs:Skill nqs:Ability nqs:Knowledge } ?x a ?class } GROUP BY ?class",
    )
    assert counted == {r["class"].split("#")[1]: int(r["n"]) for r in expected}
    assert not rows(
        full, "SELECT ?x WHERE { ?x a esco:Skill FILTER NOT EXISTS { ?x esco:skillType ?t } }"
    )


def test_essential_and_optional_skills_of_the_ballet_cards(seed: ox.Store) -> None:
    """Read by hand in seed 000: card 2 has one mandatory function (2 skills, 4 abilities,
    2 knowledge) and no additional one; card 3 has one mandatory function (2 skills with 2
    abilities and 2 knowledge each) and one additional function (2 skills, 4 abilities, 3
    knowledge)."""
    for card, essential, optional in ((2, 8, 0), (3, 10, 9)):
        iri = f"<{BALLET}card/{card}>"
        assert (
            number(
                seed,
                f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {iri} esco:hasEssentialSkill ?s }}",
            )
            == essential
        )
        assert (
            number(
                seed,
                f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {iri} esco:hasOptionalSkill ?s }}",
            )
            == optional
        )
    skill = f"<{BALLET}card/3/additional-function/1/skill/1>"
    assert rows(seed, f"SELECT ?c WHERE {{ {skill} esco:isOptionalSkillFor ?c }}") == [
        {"c": f"{BALLET}card/3"}
    ]


def test_essential_skills_follow_the_mandatory_functions(full: ox.Store) -> None:
    """Over the corpus, the ESCO links equal what a plain path query over the asserted
    structure gives."""
    for link, flag in (("hasEssentialSkill", "true"), ("hasOptionalSkill", "false")):
        derived = number(full, f"SELECT (COUNT(DISTINCT *) AS ?n) WHERE {{ ?c esco:{link} ?s }}")
        by_path = number(
            full,
            "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?c nqs:hasLaborFunction ?f . "
            f"?f nqs:mandatory {flag} ; nqs:hasSkill ?k . "
            "{ BIND(?k AS ?s) } UNION { ?k nqs:hasAbility ?s } UNION { ?k nqs:hasKnowledge ?s } }",
        )
        assert derived == by_path > 0


def test_inverses_of_the_part_of_properties(full: ox.Store) -> None:
    for has, of in (
        ("hasCard", "cardOf"),
        ("hasLaborFunction", "laborFunctionOf"),
        ("hasSkill", "skillOf"),
        ("hasAbility", "abilityOf"),
        ("hasKnowledge", "knowledgeOf"),
    ):
        assert not rows(
            full, f"SELECT ?a WHERE {{ ?a nqs:{has} ?b FILTER NOT EXISTS {{ ?b nqs:{of} ?a }} }}"
        )
    assert number(full, "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?c nqs:cardOf ?s }") == 204


def test_frameworks_and_classifiers_are_concept_schemes(full: ox.Store) -> None:
    schemes = {r["s"] for r in rows(full, "SELECT DISTINCT ?s WHERE { ?s a skos:ConceptScheme }")}
    assert {DEFAULT_BASE_IRI + "scheme/nkz", DEFAULT_BASE_IRI + "scheme/oked"} <= schemes
    assert not rows(
        full,
        "SELECT ?l WHERE { ?l a nqs:QualificationLevel ; nqs:inFramework ?f "
        "FILTER NOT EXISTS { ?l a skos:Concept ; skos:inScheme ?f . ?f a skos:ConceptScheme } }",
    )
    # the hierarchy both ways, and the ISCO-08 concepts as broader concepts of the NKZ ones
    broader = number(full, "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?a skos:broader ?b }")
    narrower = number(full, "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?b skos:narrower ?a }")
    assert broader == narrower > 200
    assert rows(
        full,
        "SELECT ?o WHERE { ?o a nqs:Occupation ; skos:broader ?isco "
        "FILTER(STRSTARTS(STR(?isco), 'http://data.europa.eu/esco/isco/C')) } LIMIT 1",
    )


def test_legal_acts_in_eli_and_schema_org(full: ox.Store) -> None:
    acts = number(full, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a nqs:LegalAct }")
    assert (
        number(full, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a eli:LegalResource }") == acts
    )
    assert (
        number(full, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:Legislation }") == acts
    )
    repeals = rows(full, "SELECT ?a ?b WHERE { ?b eli:repeals ?a }")
    repealed = rows(full, "SELECT ?a ?b WHERE { ?a nqs:repealedBy ?b }")
    assert sorted(map(str, repeals)) == sorted(map(str, repealed)) and repealed
    # The NQF order (seed 002) and order No. 61 (seed 003) say they were repealed.
    not_in_force = rows(
        full,
        "SELECT DISTINCT ?a WHERE { ?a eli:in_force eli:InForce-notInForce ; "
        "schema:legislationLegalForce schema:NotInForce }",
    )
    assert (
        len(not_in_force)
        == number(full, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a nqs:inForce false }")
        == 2
    )
    assert (
        number(
            full,
            "SELECT (COUNT(*) AS ?n) WHERE { ?a nqs:actDate ?d "
            "FILTER NOT EXISTS { ?a eli:date_document ?d } }",
        )
        == 0
    )


def test_new_versions_are_revisions_of_the_old(full: ox.Store) -> None:
    superseded = rows(full, "SELECT ?old ?new WHERE { ?old nqs:supersededBy ?new }")
    revisions = rows(full, "SELECT ?old ?new WHERE { ?new prov:wasRevisionOf ?old }")
    assert sorted(map(str, superseded)) == sorted(map(str, revisions)) and superseded
