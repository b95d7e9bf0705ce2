"""Seed 003 (typical qualification characteristics of positions): the structure of its lists
and requirements is the text's (issue 18). Expected values are read by hand from
data/sources/seeds/003_443e69a912bd565d.txt at the lines quoted; whole-document checks
compare every position, in Kazakh and in Russian (tests/fixtures/forms/003_ru.txt)."""

from __future__ import annotations

import pytest

from nqs.loaders.positions.model import Position, PositionsDocument
from nqs.loaders.positions.parse import parse_positions
from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from tests.conftest import ROOT, SEEDS

SEED = SEEDS / "003_443e69a912bd565d.txt"
RU = ROOT / "tests" / "fixtures" / "forms" / "003_ru.txt"


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
