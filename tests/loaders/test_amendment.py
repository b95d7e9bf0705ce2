"""Seed 004, order № 616 amending order № 591: each change against a reading by hand,
the versions it makes, the amendments, a diff, and the as-of-a-date query."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from nqs.loaders.amendment.map import map_amendment
from nqs.loaders.amendment.model import AmendmentDocument
from nqs.loaders.amendment.parse import looks_like_amendment, parse_amendment
from nqs.loaders.iris import Minter
from nqs.loaders.model import Block, Location, SourceError, SourceInfo
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.loaders.standard.model import LaborFunction
from nqs.namespaces import NQS, PROV, RDF, RDFS, XSD
from nqs.ontology import ontology_paths
from nqs.queries import load_library
from nqs.query import bindings, run, to_table
from nqs.worddiff import side, word_diff
from tests.conftest import BALLET, SEEDS, TESTS

SEED = SEEDS / "004_f549413c4f15f9eb.txt"
FIXTURE = TESTS / "fixtures" / "amendment" / "order_616.json"
BASE = "https://example.org/kz/"
STD = BASE + "standard/order-591-2023-11-20-annex-1"
ACT = URIRef(BASE + "act/2023-12-06/616")
DAY = Literal("2023-12-06", datatype=XSD.date)


@pytest.fixture(scope="module")
def hand() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def doc() -> AmendmentDocument:
    return parse_amendment(read_text(SEED), source_info(SEED))


@pytest.fixture(scope="module")
def g(doc: AmendmentDocument) -> Graph:
    return map_amendment(doc, Minter(BASE)).graph()


def _as_read(fn: LaborFunction, texts: dict[str, str]) -> list[dict[str, Any]]:
    """A parsed row in the fixture's form, with texts replaced by their fixture names."""
    names = {v: k for k, v in texts.items()}
    return [
        {
            "skill": s.ordinal,
            "title": names.get(s.title, s.title),
            "abilities": [names.get(i.text, i.text) for i in s.abilities],
            "knowledge": [names.get(i.text, i.text) for i in s.knowledge],
        }
        for s in fn.skills
    ]


# -- parsing -------------------------------------------------------------------------------------


def test_recognised_and_acts(doc: AmendmentDocument, hand: dict[str, Any]) -> None:
    assert looks_like_amendment(read_text(SEED))
    assert not looks_like_amendment(read_text(BALLET))
    assert not looks_like_amendment(read_text(SEEDS / "002_cbc5d0d511fbfc57.txt"))
    assert (doc.amending.number, doc.amending.date) == tuple(hand["amending"].values())
    assert (doc.amended.number, doc.amended.date) == tuple(hand["amended"].values())
    assert doc.effective == hand["effective"]
    assert doc.effective_rule == "signing"
    assert doc.effective_loc == Location("line", 545, 545)


def test_each_change_matches_the_reading_by_hand(
    doc: AmendmentDocument, hand: dict[str, Any]
) -> None:
    texts: dict[str, str] = hand["texts"]
    assert len(doc.changes) == len(hand["rows"])
    for change, row in zip(doc.changes, hand["rows"], strict=True):
        assert (change.card, change.card_name) == (row["card"], row["card_name"])
        assert change.function == row["function"]
        assert change.old.title == change.new.title == row["function_title"]
        assert [change.old_loc.start, change.old_loc.end] == row["old_lines"]
        assert [change.new_loc.start, change.new_loc.end] == row["new_lines"]
        assert _as_read(change.old, texts) == row["old"]
        assert _as_read(change.new, texts) == row["new"]
        edits = [[e.skill, e.kind, e.ordinal, e.old, e.new] for e in change.edits]
        expected = [[s, k, n, texts[o], texts[w]] for s, k, n, o, w in row["edits"]]
        assert edits == expected


def test_interleaved_columns_are_reconstructed(doc: AmendmentDocument) -> None:
    first = doc.changes[0].old  # "1-еңбек" on line 21, "функциясы: Оқыту" on line 51
    assert (first.ordinal, first.title) == (1, "Оқыту")
    assert first.loc == Location("line", 21, 51)
    knowledge = first.skills[0].knowledge  # item 1 before the page break, 2-3 after it
    assert [k.loc.start for k in knowledge] == [44, 55, 58]
    last = doc.changes[-1].new  # "функциясы: Оқыту 3. жоғары …" on line 490
    assert last.skills[0].knowledge[2].loc == Location("line", 490, 492)
    assert any("repeated start of a skill title" in w.message for w in doc.warnings)


def test_paragraph_16_replaced(doc: AmendmentDocument, hand: dict[str, Any]) -> None:
    para = hand["paragraph"]
    (change,) = doc.paragraphs
    assert (change.paragraph, change.heading) == (para["number"], para["heading"])
    assert [change.loc.start, change.loc.end] == para["lines"]
    assert change.developers == para["developers"]
    assert change.contacts_dropped == para["contacts"]


def test_only_boilerplate_unassigned(doc: AmendmentDocument) -> None:
    # the formula (line 9), points 2-4 (528-545) and the signature (546-550) are the
    # order's operative part
    assert [b.loc.start for b in doc.unassigned] == []


def test_bad_input_raises_source_error(tmp_path: Path) -> None:
    lines = read_text(SEED)
    src = SourceInfo(tmp_path / "bad.txt", "text/plain", "0" * 64)
    with pytest.raises(SourceError, match="БҰЙЫРАМЫН"):
        parse_amendment([b for b in lines if "БҰЙЫРАМЫН" not in b.text], src)
    broken = [b for b in lines if b.loc.start != 87]  # no "деген жол …" after the 1st text
    with pytest.raises(SourceError) as err:
        parse_amendment(broken, src)
    assert err.value.loc is not None
    # cut inside the first quotation: the unclosed quote is left unread (with a warning, as
    # for any text cut short), and the first change has no new wording
    cut = [Block(b.text, b.loc) for b in lines if b.loc.start < 100]
    with pytest.raises(SourceError, match="old text without its new wording"):
        parse_amendment(cut, src)


# -- the word diff -------------------------------------------------------------------------------


def test_word_diff_by_hand(hand: dict[str, Any]) -> None:
    texts = hand["texts"]
    diff = word_diff(texts["C3_A1_OLD"], texts["C3_A1_NEW"])
    assert [[s.op, s.text] for s in diff] == hand["diff_card3_ability1"]
    assert side(diff, "old") == texts["C3_A1_OLD"]
    assert side(diff, "new") == texts["C3_A1_NEW"]
    assert word_diff("a b", "a b") == [("equal", ("a", "b"))]


def test_diff_in_graph(g: Graph, hand: dict[str, Any]) -> None:
    change = URIRef(str(ACT) + "/amendment/1/change/1")
    old = URIRef(STD + "/card/3/function/1/skill/1/ability/1")
    assert (change, NQS.oldVersion, old) in g
    assert (change, NQS.newVersion, URIRef(str(old) + "/v/2023-12-06")) in g
    segments = sorted(
        (
            int(str(g.value(s, NQS.segmentIndex))),
            str(g.value(s, NQS.diffOperation)),
            str(g.value(s, NQS.diffText)),
        )
        for s in g.objects(change, NQS.hasDiffSegment)
    )
    assert [[op, text] for _, op, text in segments] == hand["diff_card3_ability1"]


# -- versions and amendments ---------------------------------------------------------------------


def test_versions(g: Graph, hand: dict[str, Any]) -> None:
    texts = hand["texts"]
    changed = {
        (row["card"], row["function"], e[0], e[1], e[2]): (texts[e[3]], texts[e[4]])
        for row in hand["rows"]
        for e in row["edits"]
    }
    assert len(changed) == 7
    for (card, fn, skill, kind, n), (old_text, new_text) in changed.items():
        old = URIRef(f"{STD}/card/{card}/function/{fn}/skill/{skill}/{kind}/{n}")
        new = URIRef(f"{old}/v/2023-12-06")
        skill_iri = URIRef(f"{STD}/card/{card}/function/{fn}/skill/{skill}")
        assert (old, RDFS.label, Literal(old_text, lang="kk")) in g
        assert (new, RDFS.label, Literal(new_text, lang="kk")) in g
        assert (old, NQS.validUntil, DAY) in g
        assert (old, NQS.supersededBy, new) in g
        assert (new, NQS.validFrom, DAY) in g
        assert (new, NQS.validUntil, None) not in g
        assert (old, NQS.validFrom, None) not in g
        assert (skill_iri, NQS.hasAbility, old) in g
        assert (skill_iri, NQS.hasAbility, new) in g
    versions = {s for s in g.subjects(NQS.validFrom, None)}
    assert len(versions) == 7 + 1  # the abilities and paragraph 16
    unchanged = URIRef(f"{STD}/card/3/function/1/skill/1/ability/2")
    assert (unchanged, RDFS.label, Literal(texts["A2"], lang="kk")) in g
    for s in (unchanged, URIRef(f"{STD}/card/3/function/1/skill/1"), URIRef(f"{STD}/card/3")):
        assert (s, NQS.validFrom, None) not in g
        assert (s, NQS.validUntil, None) not in g
        assert (s, NQS.supersededBy, None) not in g
    assert not any("/v/" in str(s) for s in g.subjects(RDF.type, NQS.Skill))


def test_one_amendment_per_change(g: Graph) -> None:
    amendments = set(g.subjects(RDF.type, NQS.Amendment))
    assert amendments == {URIRef(f"{ACT}/amendment/{n}") for n in range(1, 6)}
    for a in amendments:
        assert (a, NQS.amendingAct, ACT) in g
        assert (a, NQS.amendedAct, URIRef(BASE + "act/2023-11-20/591")) in g
        assert (a, NQS.effectiveDate, DAY) in g
        assert (a, NQS.hasTextChange, None) in g
    assert (ACT, NQS.amends, URIRef(BASE + "act/2023-11-20/591")) in g
    second = URIRef(f"{ACT}/amendment/2")
    assert (second, NQS.amendedCard, URIRef(STD + "/card/3")) in g
    assert (second, NQS.amendedFunction, URIRef(STD + "/card/3/function/3")) in g
    assert len(set(g.objects(URIRef(f"{ACT}/amendment/1"), NQS.hasTextChange))) == 2


def test_paragraph_in_graph(g: Graph, hand: dict[str, Any]) -> None:
    old = URIRef(STD + "/paragraph/16")
    new = URIRef(STD + "/paragraph/16/v/2023-12-06")
    assert (old, NQS.supersededBy, new) in g
    assert (new, NQS.validFrom, DAY) in g
    orgs = {str(o) for o in g.objects(new, NQS.developerOrganisation)}
    assert orgs == set(hand["paragraph"]["developers"])
    assert not any("552 38 87" in str(o) or "Сырымбетова" in str(o) for o in g.objects())


def test_provenance_and_labels(g: Graph, doc: AmendmentDocument) -> None:
    source = Minter(BASE).source(doc.source.sha256)
    for cls in (
        NQS.ProfessionalStandard,
        NQS.ProfessionCard,
        NQS.LaborFunction,
        NQS.Skill,
        NQS.Ability,
        NQS.Knowledge,
        NQS.Amendment,
        NQS.TextChange,
        NQS.StandardParagraph,
    ):
        entities = set(g.subjects(RDF.type, cls))
        assert entities, cls
        for e in entities:
            assert (e, PROV.wasDerivedFrom, source) in g
            assert (e, NQS.sourceUnit, Literal("line")) in g
            assert (e, NQS.sourceStart, None) in g and (e, NQS.sourceEnd, None) in g
            assert all(getattr(o, "language", None) == "kk" for o in g.objects(e, RDFS.label))


def test_every_term_declared(g: Graph) -> None:
    ontology = Graph()
    for path in ontology_paths():
        ontology.parse(path)
    used = {p for p in g.predicates() if str(p).startswith(str(NQS))}
    used |= {o for o in g.objects(None, RDF.type) if str(o).startswith(str(NQS))}
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert used - declared == set()


# -- as of a date --------------------------------------------------------------------------------


def _as_of(store: ox.Store, date: str) -> dict[tuple[int, int, int, str, int], str]:
    query = load_library()["as-of-standard"]
    given = {"date": date, "standard": STD}
    table = to_table(run(store, query.text, bindings(given, query)))  # type: ignore[arg-type]
    out: dict[tuple[int, int, int, str, int], str] = {}
    for row in table.rows:
        card, fn, skill, kind, n, text = (c.value for c in row[1:7])  # type: ignore[union-attr]
        key = (int(card), int(fn), int(skill), kind, int(n))
        assert key not in out, f"two versions of {key} on {date}"
        out[key] = text
    return out


def test_as_of_query(g: Graph, hand: dict[str, Any]) -> None:
    store = ox.Store()
    store.load(g.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    texts = hand["texts"]
    before, on, after = (_as_of(store, d) for d in ("2023-12-01", "2023-12-06", "2024-01-01"))
    assert len(before) == len(on) == 36
    assert before[(3, 1, 1, "ability", 1)] == texts["C3_A1_OLD"]
    assert on[(3, 1, 1, "ability", 1)] == after[(3, 1, 1, "ability", 1)] == texts["C3_A1_NEW"]
    assert before[(3, 3, 1, "ability", 1)] == texts["M_A1_OLD"]
    assert after[(3, 3, 1, "ability", 1)] == texts["M_A1_NEW"]
    assert before[(4, 1, 1, "knowledge", 3)] == after[(4, 1, 1, "knowledge", 3)]
    assert sum(before[k] != after[k] for k in before) == 7
