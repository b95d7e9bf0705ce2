"""Seed 003 (typical qualification characteristics of positions): the structure of its lists
and requirements is the text's (issue 18). Expected values are read by hand from
data/sources/seeds/003_443e69a912bd565d.txt at the lines quoted; whole-document checks
compare every position, in Kazakh and in Russian (tests/fixtures/forms/003_ru.txt)."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Literal, URIRef

from nqs.loaders.iris import Minter
from nqs.loaders.positions.map import map_positions
from nqs.loaders.positions.model import Position, PositionsDocument
from nqs.loaders.positions.parse import TOKEN, parse_positions
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.namespaces import DEFAULT_BASE_IRI, NQS, RDFS
from tests.conftest import ROOT, SEEDS

SEED = SEEDS / "003_443e69a912bd565d.txt"
RU = ROOT / "tests" / "fixtures" / "forms" / "003_ru.txt"
MINT = Minter(DEFAULT_BASE_IRI)
POS = DEFAULT_BASE_IRI + "position/order-61-2008/"
CONSTITUTION = URIRef(DEFAULT_BASE_IRI + "act/qazaqstan-respublikasynyn-konstitutsiiasy")


@pytest.fixture(scope="module")
def doc() -> PositionsDocument:
    return parse_positions(read_text(SEED), source_info(SEED))


@pytest.fixture(scope="module")
def ru() -> PositionsDocument:
    return parse_positions(read_text(RU), source_info(RU))


def find(doc: PositionsDocument, key: str) -> Position:
    section, number = (int(p) for p in key.split("/"))
    return doc.sections[section - 1].positions[number - 1]


def everyone(doc: PositionsDocument) -> list[Position]:
    return [t for s in doc.sections for p in s.positions for t in (p, *p.subpositions)]


# -- experience: its own words, not those of the requirement before it ---------------------
@pytest.mark.parametrize(
    ("key", "lines", "experience"),
    [
        # lines 88-90: «… ғылыми атағы және білім ұйымдары мен/немесе … 7 жылдан кем болмауы.»
        (
            "1/1",
            (88, 90),
            "білім ұйымдары мен/немесе білімді басқару органдарында басшы қызметтегі "
            "еңбек өтілі 7 жылдан кем болмауы",
        ),
        # lines 124-130 and 162-165: «… ғылыми атағы және білім ұйымдарында басшы …»
        (
            "1/2",
            (124, 130),
            "білім ұйымдарында басшы қызметтегі немесе мамандығы бойынша еңбек өтілі "
            "5 жылдан кем болмауы",
        ),
        (
            "1/3",
            (162, 165),
            "білім ұйымдарында басшы қызметтегі немесе мамандығы бойынша еңбек өтілі "
            "5 жылдан кем болмауы",
        ),
        # lines 221-223: «… ғылым докторы ғылыми дәрежесі және ғылыми-педагогикалық …»
        (
            "1/5",
            (221, 223),
            "ғылыми-педагогикалық қызметтегі еңбек өтілі 5 жылдан кем болмауы, оның ішінде "
            "доцент қызметінде кем дегенде бір жыл болуы",
        ),
    ],
)
def test_experience_text_is_its_own(
    doc: PositionsDocument, key: str, lines: tuple[int, int], experience: str
) -> None:
    [req] = find(doc, key).requirements
    assert (req.loc.start, req.loc.end) == lines
    assert [e.text for e in req.experience] == [experience]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_experience_holds_the_education_or_degree_before_it(
    doc: PositionsDocument, ru: PositionsDocument, lang: str
) -> None:
    """In the whole document, no experience text holds an education, a degree or the
    academic title of its requirement, nor starts with the conjunction joining it to them."""
    d = doc if lang == "kk" else ru
    title = "ғылыми атағы" if lang == "kk" else "звание"
    checked = 0
    for pos in everyone(d):
        for req in pos.requirements:
            for exp in req.experience:
                checked += 1
                assert req.text.find(exp.text) >= 0, exp.text
                assert title not in exp.text, (pos.name, exp.text)
                assert not any(e.text in exp.text for e in req.education), (pos.name, exp.text)
                assert not any(g.text in exp.text for g in req.degrees), (pos.name, exp.text)
                assert exp.text.split()[0] not in {"және", "немесе", "и", "или"}, exp.text
    # 29 in the text: «… жыл(дан) кем болмауы/емес» 29 times; «не менее N лет/года» 32 times,
    # 3 of them the years in a prior position («в том числе в должности …»)
    assert checked == 29


# -- education: alternatives only where the text lists them, each whole -------------------
PSYCHOLOGY = [
    '"Психология" мамандығы бойынша жоғары кәсіптік білімі',
    'қайта даярлау факультетіне арналған "Практикалық психология" мамандығы бойынша '
    "қосымша жоғары медициналық немесе педагогикалық білімі",
]


@pytest.mark.parametrize(("key", "lines"), [("3/16", (1265, 1268)), ("3/21", (1386, 1389))])
def test_one_education_with_two_profiles_is_one_alternative(
    doc: PositionsDocument, key: str, lines: tuple[int, int]
) -> None:
    """Lines 1265-1268 (and 1386-1389): «"Психология" мамандығы бойынша жоғары кәсіптік
    білімі немесе қайта даярлау факультетіне арналған "Практикалық психология" мамандығы
    бойынша қосымша жоғары медициналық немесе педагогикалық білімі.»: two alternatives, the
    second a higher medical or pedagogical education."""
    req = find(doc, key).requirements[0]
    assert (req.loc.start, req.loc.end) == lines
    assert [e.text for e in req.education] == PSYCHOLOGY
    assert [e.specialty for e in req.education] == ["Психология", "Практикалық психология"]
    assert req.education[1].levels == ("higher",)
    assert req.education[1].profiles == ("медициналық", "педагогикалық")


def test_other_alternatives_kept_apart(doc: PositionsDocument) -> None:
    """Lines 939-941 (3/5): «"Дефектология" мамандығы бойынша жоғары педагогикалық немесе
    психология мамандығы бойынша медициналық білім …»: two specialties, two alternatives;
    lines 1306-1307 (3/18): «жоғары немесе техникалық және кәсіптік (…) білім»: two levels."""
    defect = find(doc, "3/5").requirements[0]
    assert defect.loc.start == 939
    assert [e.text for e in defect.education] == [
        '"Дефектология" мамандығы бойынша жоғары педагогикалық',
        "психология мамандығы бойынша медициналық білім",
    ]
    assert [e.specialty for e in defect.education] == ["Дефектология", "психология"]
    music = find(doc, "3/18").requirements[0]
    assert (music.loc.start, music.loc.end) == (1306, 1307)
    assert [e.text for e in music.education] == [
        "жоғары",
        "техникалық және кәсіптік (арнайы орта, кәсіптік орта) білім",
    ]


def test_every_alternative_is_whole_and_the_versions_agree(
    doc: PositionsDocument, ru: PositionsDocument
) -> None:
    """In the whole document, an alternative never starts with a bare profile word (the
    rest of a split «медициналық немесе педагогикалық»), and the Kazakh and Russian texts
    list as many alternatives in every requirement."""
    kk_all, ru_all = everyone(doc), everyone(ru)
    assert len(kk_all) == len(ru_all)
    for k, r in zip(kk_all, ru_all, strict=True):
        for a, b in zip(k.requirements, r.requirements, strict=True):
            assert len(a.education) == len(b.education), (k.name, a.text, b.text)
            for e in a.education:
                assert e.text.split()[0] not in {"педагогикалық", "медициналық"}, e.text
            for e in b.education:
                assert e.text.split()[0] not in {"педагогическое", "медицинское"}, e.text


# -- must-know lists: the text's items, in its order ------------------------------------------
def test_knowledge_of_3_26_starts_with_the_constitution(doc: PositionsDocument) -> None:
    """Lines 1529-1533 (words moved within their lines by the extraction): «Қазақстан
    Республикасының Конституциясын, Қазақстан Республикасының "Білім туралы", "Қазақстан
    Республикасындағы баланың құқықтары туралы", "Сыбайлас жемқорлықпен күрес туралы"
    Заңдарын, педагогика және психология негіздерін.»: three items, the laws one item that
    names each law, in the text's words («Заңдарын»)."""
    pos = find(doc, "3/26")
    assert [k.text for k in pos.knowledge] == [
        "Қазақстан Республикасының Конституциясын",
        'Қазақстан Республикасының "Білім туралы", "Қазақстан Республикасындағы баланың '
        'құқықтары туралы", "Сыбайлас жемқорлықпен күрес туралы" Заңдарын',
        "педагогика және психология негіздерін",
    ]
    assert [k.acts for k in pos.knowledge] == [
        ("constitution",),
        ("law-education", "law-child-rights", "law-anti-corruption"),
        (),
    ]
    assert [(k.loc.start, k.loc.end) for k in pos.knowledge] == [
        (1529, 1529),
        (1529, 1532),
        (1533, 1533),
    ]


def test_knowledge_in_the_graph(doc: PositionsDocument) -> None:
    """…/3/26/knowledge/1 is the Constitution; …/knowledge/2 refers to each of its laws."""
    g = map_positions(doc, MINT).graph()
    first = URIRef(POS + "3/26/knowledge/1")
    assert (URIRef(POS + "3/26"), NQS.mustKnow, first) in g
    assert g.value(first, RDFS.label) == Literal("Қазақстан Республикасының Конституциясын", "kk")
    assert len(set(g.objects(URIRef(POS + "3/26/knowledge/2"), NQS.refersToAct))) == 3
    # the whole document: the 51 lists that name the Constitution (51 «Білуге міндетті:»
    # paragraphs, each with «Конституциясын», once «Конституциясы») start with it
    starts = [
        s
        for s in set(g.subjects(NQS.mustKnow, None))
        for a in g.objects(URIRef(f"{s}/knowledge/1"), NQS.refersToAct)
        if a == CONSTITUTION
    ]
    naming = {
        s
        for s, k in g.subject_objects(NQS.mustKnow)
        for a in g.objects(k, NQS.refersToAct)
        if a == CONSTITUTION
    }
    assert len(naming) == len(starts) == 51


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_list_keeps_the_text_words_and_order(
    doc: PositionsDocument, ru: PositionsDocument, lang: str
) -> None:
    """In the whole document: every list starts with the Constitution (51 of 51), every
    item's words are words of its list (none added: no «Заңы» where the text says
    «Заңдарын»), no word is in two items, and items follow the lines of the text."""
    d = doc if lang == "kk" else ru
    lists = [p for p in everyone(d) if p.knowledge_text]
    assert len([p for p in lists if "Конституци" in (p.knowledge_text or "")]) == 51
    assert len([p for p in lists if p.knowledge[0].acts == ("constitution",)]) == 51
    for pos in lists:
        text = Counter(TOKEN.findall(pos.knowledge_text or ""))
        used: Counter[str] = Counter()
        for item in pos.knowledge:
            used += Counter(TOKEN.findall(item.text))
        assert not used - text, (pos.name, used - text)
        starts = [k.loc.start for k in pos.knowledge]
        assert starts == sorted(starts), pos.name
    assert not [w for w in d.warnings if "knowledge" in w.message]


def test_an_unshuffled_list_is_cut_into_its_own_phrases(doc: PositionsDocument) -> None:
    """Lines 81-86 (1/1) and 304-306 (1/9), in the text's order: each item is a phrase of
    the list as written."""
    for key in ("1/1", "1/9"):
        pos = find(doc, key)
        assert pos.knowledge_text is not None
        assert all(k.text in pos.knowledge_text for k in pos.knowledge), key
    assert [k.text for k in find(doc, "1/9").knowledge] == [
        "Қазақстан Республикасының Конституциясын",
        'Қазақстан Республикасының "Білім туралы", "Ғылым туралы", "Сыбайлас жемқорлықпен '
        'күрес туралы" Заңдарын',
        "педагогика мен психология негіздерін",
    ]
