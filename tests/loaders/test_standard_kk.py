"""The Kazakh-template loader against seed 000 ("Балеттанушы"), counted by hand.

Counts were read off the text: the cards start at lines 61, 374 and 513; each "Машықтар:" /
"Білімдер:" list is numbered "1.", "2.", … or, unnumbered, is one item.
"""

from __future__ import annotations

import pytest

from nqs.loaders.read.text import read_text
from nqs.loaders.source import source_info
from nqs.loaders.standard.model import StandardDocument
from nqs.loaders.standard.parse_current import parse_standard_current as parse_standard_kk
from tests.conftest import BALLET

# card → (mandatory functions, additional functions, skills, abilities, knowledge)
HAND_COUNTS = {
    1: (4, 1, 10, 19, 14),
    2: (1, 0, 2, 4, 2),
    3: (1, 1, 4, 8, 7),
}
# card → (other titles, personal competencies, related occupations)
CARD_LISTS = {1: (1, 5, 6), 2: (3, 10, 6), 3: (4, 9, 6)}
# Lines that belong to no element: the four chapter headings.
BOILERPLATE_LINES = [12, 39, 59, 706]


@pytest.fixture(scope="module")
def doc() -> StandardDocument:
    return parse_standard_kk(read_text(BALLET), source_info(BALLET))


def test_passport(doc: StandardDocument) -> None:
    assert doc.title == "Балеттанушы"
    assert doc.code == "R90012023"
    assert doc.language == "kk"
    assert [a.code for a in doc.economic_activities] == ["R", "90", "90.0", "90.01", "90.01.2"]
    assert doc.economic_activities[-1].label == "Концерт қызметі"
    assert doc.description == (
        "Өнертану қызметі; хореографиялық өнердің тарихын, теориясын зерттеуге ықпал ететін "
        "іс-әрекеттер. Хореографиялық өнер саласындағы сыни қызметі."
    )
    assert [(e.title, e.level.low if e.level else None) for e in doc.card_list] == [
        ("Балеттанушы", 6),
        ("Балеттанушы", 7),
        ("Балеттанушы", 8),
    ]


def test_approving_act(doc: StandardDocument) -> None:
    act = doc.approved_by
    assert act is not None
    assert (act.number, act.date, act.annex) == ("150", "2024-04-17", "7")
    assert act.issuer == "Қазақстан Республикасы Мәдениет және ақпарат министрі"


@pytest.mark.parametrize("ordinal", sorted(HAND_COUNTS))
def test_card_counts(doc: StandardDocument, ordinal: int) -> None:
    card = doc.cards[ordinal - 1]
    mandatory = [f for f in card.functions if f.mandatory]
    additional = [f for f in card.functions if not f.mandatory]
    skills = [s for f in card.functions for s in f.skills]
    got = (
        len(mandatory),
        len(additional),
        len(skills),
        sum(len(s.abilities) for s in skills),
        sum(len(s.knowledge) for s in skills),
    )
    assert got == HAND_COUNTS[ordinal]
    lists = (len(card.other_titles), len(card.personal_competencies), len(card.related))
    assert lists == CARD_LISTS[ordinal]


def test_cards(doc: StandardDocument) -> None:
    assert len(doc.cards) == 3
    for card, level in zip(doc.cards, (6, 7, 8), strict=True):
        assert card.name == "Балеттанушы"
        assert card.group_code == "2633-1"
        assert card.occupation_code == "2633-1-001"
        assert card.level is not None and card.level.levels == [level]
        assert card.specialty == "Өнер"
    assert doc.cards[0].education_level == "жоғары білім (бакалавриат, маман дәрежесі, ординатура)"
    assert doc.cards[0].nonformal_link == "Міндетті емес"
    assert doc.cards[2].other_titles[1].code == "2314-0-011"
    assert doc.cards[2].other_titles[1].title == "Оқытушы, доцент, театралдық өнер профессоры, ЖОО"


def test_exact_texts_in_order(doc: StandardDocument) -> None:
    card = doc.cards[0]
    fn2 = card.functions[1]
    assert (fn2.ordinal, fn2.title) == (2, "Сыни жұмысы")
    skill = fn2.skills[0]
    assert skill.title == "Сыни жұмысын ұйымдастыру және жүзеге асыруы"
    assert [a.text for a in skill.abilities] == [
        "Өзіндік талдау әрекеттерін жүзеге асыру және ұйымдастыру дағдыларын меңгеру.",
        "Хореографиялық өнер саласында, ғылыми және мерзімді басылымдарда, интернет "
        "сайттарда мақалалар жазу және жариялау түрінде сыни талдау дағдыларын меңгеру.",
        "Өткен және қазіргі заманның хореографиялық өнерінің стильдері мен бағыттарын "
        "жүйелеу дағдыларын меңгеру.",
    ]
    assert [k.text for k in skill.knowledge][1] == (
        "Өнер сынының жанрларын білу (шолу, шығармашылық портрет, проблемалық мақала және т. б.)."
    )
    # an unnumbered list is one item
    assert [k.text for k in fn2.skills[1].knowledge] == [
        "Көпшілік алдында сөйлеудің түрлері мен формаларын білу"
    ]
    # a compound split at its hyphen across lines keeps the hyphen
    fn4 = card.functions[3]
    assert "арт-фестивальдерді" in fn4.skills[0].abilities[1].text
    additional = card.functions[4]
    assert not additional.mandatory
    assert additional.title == (
        "Ұйымдастыру-басқару жұмысы, баспасөз және шығармашылық одақтармен байланысы"
    )
    assert doc.cards[2].functions[0].skills[0].recognition == "Ұсынылады"


def test_locations(doc: StandardDocument) -> None:
    first = doc.cards[0].functions[0].skills[0].abilities[0]
    assert (first.loc.unit, first.loc.start, first.loc.end) == ("line", 134, 136)
    last_knowledge = doc.cards[2].functions[1].skills[1].knowledge[-1]
    assert (last_knowledge.loc.start, last_knowledge.loc.end) == (675, 676)


def test_footer_and_technical_data(doc: StandardDocument) -> None:
    card = doc.cards[0]
    assert card.personal_competencies[0] == "Ұқыптылық"
    assert card.related[3].title == (
        "Шығармашылық ұжымының / өнер саласындағы маркетингі және қоғаммен байланыс бөлімінің / "
        "мәдениет ұйымының құрылымдық бөлімшесінің жетекшісі"
    )
    tech = doc.technical
    assert tech.state_body == "Қазакстан Республикасының Мәдениет және ақпарат министрлігі"
    assert tech.developers == ["Темірбек Жургенов атындағы Қазақ ұлттық өнер академиясы"]
    assert [a.date for a in tech.approvals] == ["2024-01-10", "2023-11-02", "2024-02-15"]
    assert (tech.version, tech.year, tech.revision_date) == ("1", 2024, "2027-11-03")


def test_nothing_but_boilerplate_unassigned(doc: StandardDocument) -> None:
    assert [b.loc.start for b in doc.unassigned] == BOILERPLATE_LINES
    assert doc.warnings == []
