"""Library queries whose answers are small enough to work out by reading the sources.

Where the numbers come from:
- seed 000 («Балеттанушы», code R90012023, sector R): three cards at SQF levels 6, 7, 8 (lines
  61, 374, 513), all NKZ 2633-1-001; per card (mandatory, additional functions, skills,
  abilities, knowledge) = (4, 1, 10, 19, 14), (1, 0, 2, 4, 2), (1, 1, 4, 8, 7), and (personal
  competencies, related occupations) = (5, 6), (10, 6), (9, 6) — the hand counts of
  tests/loaders/test_standard_kk.py, re-read for the lists below (lines 347-372, 482-512, 679-704);
  education levels at lines 75-79, 388-392, 527-533; planned revision 03.11.2027 (line 724);
- seed 002 (the NQF): pathways at lines 408-448, descriptors in tests/fixtures/nqf;
- seed 003 (positions): Профессор needs 5 years with at least one as доцент (lines 221-223),
  Доцент 5 years with one as аға оқытушы (240-243), Аға оқытушы 3 years with one as оқытушы
  (269-272);
- seed 004 (order № 616): the changed abilities of tests/fixtures/amendment/order_616.json;
- the acts' dates as the seeds state them (see docs/versions.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest

from nqs.config import Settings
from nqs.queries import load_library
from nqs.query import Table, plain, run_library
from tests.conftest import TESTS

LIBRARY = load_library()
FIXTURES = TESTS / "fixtures"
BASE = "https://w3id.org/kz-nqs/id/"
BALLET = BASE + "standard/R90012023"
ORDER_591 = BASE + "standard/order-591-2023-11-20-annex-1"
POSITIONS = BASE + "position/order-61-2008/1/"


@pytest.fixture(scope="module")
def db(full_settings: Settings) -> Iterator[ox.Store]:
    yield ox.Store.read_only(str(full_settings.store))


def rows(db: ox.Store, name: str, **given: str) -> list[dict[str, str]]:
    table: Table = run_library(db, LIBRARY[name], given)
    return [{c: plain(t) for c, t in zip(table.columns, row, strict=True)} for row in table.rows]


def pick(records: list[dict[str, str]], *keys: str) -> list[tuple[str, ...]]:
    return [tuple(r[k] for k in keys) for r in records]


# -- seed 000: the sector R -----------------------------------------------------------------------


def test_level_sector_matrix_for_the_ballet_standard(db: ox.Store) -> None:
    found = [r for r in rows(db, "level-sector-matrix") if r["sector"] == "R"]
    assert pick(found, "level", "standards", "cards", "occupations") == [
        ("6", "1", "1", "1"),
        ("7", "1", "1", "1"),
        ("8", "1", "1", "1"),
    ]


@pytest.mark.parametrize(
    ("level", "education", "counts"),
    [
        ("6", "жоғары білім (бакалавриат, маман дәрежесі, ординатура)", ("5", "10", "5")),
        ("7", "жоғары оқу орнынан кейінгі білім (магистратура, резидентура)", ("1", "2", "10")),
        (
            "8",
            "жоғары оқу орнынан кейінгі білім (PhD докторантура, PhD дәрежесі, осы саладағы PhD "
            "дәрежесі, ғылым кандидаты, ғылым докторы)",
            ("2", "4", "9"),
        ),
    ],
)
def test_level_demands_in_sector_r(
    db: ox.Store, level: str, education: str, counts: tuple[str, ...]
) -> None:
    (row,) = [r for r in rows(db, "level-demands-by-sector", level=level) if r["sector"] == "R"]
    assert row["cards"] == "1"
    assert row["education"] == education
    assert row["experience"] == ""  # the Kazakh template's experience field is empty
    # levels 6-8 of the NQF pathway (seed 002): every route ends "…, практикалық тәжірибе.";
    # level 6 has one (line 435), level 7 two (438-439), level 8 three (443-448)
    routes = {"6": 1, "7": 2, "8": 3}[level]
    expected = "; ".join(f"route {k}: experience required" for k in range(1, routes + 1))
    assert row["nqfExperience"] == expected
    got = (row["functionsPerCard"], row["skillsPerCard"], row["competenciesPerCard"])
    assert tuple(str(float(v)) for v in got) == tuple(str(float(v)) for v in counts)


def test_nqf_pathway_experience_by_level(db: ox.Store) -> None:
    """Level 4: a route with three years of practice and one without (lines 427-430); level 5:
    vocational education with practical experience, or higher education "практикалық
    тәжірибенің болуы талап етілмейді" (432-433)."""
    (j4,) = [r for r in rows(db, "level-demands-by-sector", level="4") if r["sector"] == "J"]
    assert j4["nqfExperience"] == (
        "route 1: experience required (at least 3 years); route 2: no experience required"
    )
    (j5,) = [r for r in rows(db, "level-demands-by-sector", level="5") if r["sector"] == "J"]
    assert j5["nqfExperience"] == ("route 1: experience required; route 2: no experience required")


BALLET_COMPETENCIES = {
    # card 1 (lines 350-354), card 2 (485-494), card 3 (682-690)
    "Ұқыптылық", "Дербестік және жауапкершілік", "Күйзеліске тұрақтылық", "Шыдамдылық",
    "Ойлау икемділігі",
    "Тез шешім қабылдай білу", "Мақсаткерлік", "Тәртіптілік", "Эмоциялық парасат", "Дәлдік",
    "Белсенді азаматтық ұстаным", "Қарым-қатынас", "Дипломатиялық", "Жауапкершілік",
    "Өзін-өзі ұйымдастыру.",
    "Жүйелі ойлау", "Стратегиялық ойлау", "Зейінді шоғырландыру және бақылау", "Жобалық ойлау",
    "Көшбасшылық", "Өзіндік тиімділік", "Нәтижеге жеке жауапкершілік", "Команда құру",
    "Өзінің ғылыми, педагогикалық және шығармашылық деңгейін арттыру.",
}  # fmt: skip


def test_competencies_of_sector_r(db: ox.Store) -> None:
    """24 different competencies, each on one of the three cards: all share rank 1."""
    found = [r for r in rows(db, "competencies-by-sector") if r["sector"] == "R"]
    assert {r["competency"] for r in found} == BALLET_COMPETENCIES
    assert {(r["rank"], r["cards"], r["share"]) for r in found} == {("1", "1", "0.333")}


def test_competencies_at_level_8(db: ox.Store) -> None:
    """Level 8 has two cards, the ballet card 3 and one ICT card; each competency is on one."""
    found = rows(db, "competencies-by-level", top="1")
    level8 = {r["competency"] for r in found if r["level"] == "8"}
    card3 = {
        "Жүйелі ойлау", "Стратегиялық ойлау", "Зейінді шоғырландыру және бақылау",
        "Жобалық ойлау", "Көшбасшылық", "Өзіндік тиімділік", "Нәтижеге жеке жауапкершілік",
        "Команда құру", "Өзінің ғылыми, педагогикалық және шығармашылық деңгейін арттыру.",
    }  # fmt: skip
    assert card3 <= level8
    assert {(r["rank"], r["cards"], r["share"]) for r in found if r["level"] == "8"} == {
        ("1", "1", "0.5")
    }


RELATED = {
    "6": [
        "Балетмейстер қоюшы", "Мәдени ұйымдастырушы", "Өнер жобасының көркемдік жетекшісі",
        "Драматург", "Көркемдік жетекшісі",
    ],
    "7": [
        "Балет сыншысы", "Көркемдік жетекші", "Бас ғылыми қызметкер",
        "Шығармашылық ұйымдар бөлімінің меңгерушісі",
        "Әдеби-драмалық бөлімнің меңгерушісі (жетекшісі).", "Оқытушысы",
    ],
    "8": [
        "Балет зерттеушісі", "Мәдениет және өнер ұйымдарының басшысы",
        "Ғылыми орталықтың/зертхананың басшысы", "Бас ғылыми қызметкер / сарапшы",
        "Аға ғылыми қызметкер / сарапшы", "Ғылыми қызметкер / сарапшы",
    ],
}  # fmt: skip


def test_related_occupations_in_sector_r(db: ox.Store) -> None:
    found = rows(db, "related-occupations", sector="R")
    assert len(found) == 18
    for r in found:
        assert r["card"].startswith(BALLET + "/card/")
        assert r["relatedLevel"] == r["level"]  # each card names occupations at its own level
        assert r["relatedCard"] == ""  # no card of sector R bears any of these titles
    for level, names in RELATED.items():
        named = [r["related"] for r in found if r["level"] == level]
        assert len(named) == 6
        assert set(names) <= set(named)
    # the sixth name at level 6 runs over three lines of the source (lines 364-367)
    (long_name,) = {r["related"] for r in found if r["level"] == "6"} - set(RELATED["6"])
    assert long_name.startswith("Шығармашылық ұжымының / өнер саласындағы маркетингі")


def test_sector_profile_of_sector_r(db: ox.Store) -> None:
    (r,) = [r for r in rows(db, "sector-profile") if r["sector"] == "R"]
    got = pick([r], "standards", "cards", "mandatoryFunctions", "additionalFunctions", "skills")
    assert got == [("1", "3", "6", "2", "16")]
    assert (r["abilities"], r["knowledge"], r["competencies"]) == ("31", "23", "24")
    assert (r["lowestLevel"], r["highestLevel"]) == ("6", "8")
    assert "Arts, entertainment and recreation" in r["name"]


def test_cards_without_additional_functions_in_sector_r(db: ox.Store) -> None:
    found = rows(db, "cards-without-additional-functions", sector="R")
    assert pick(found, "card", "levels", "sectors", "functions") == [
        (BALLET + "/card/2", "7", "R", "1")
    ]


def test_education_agrees_with_the_pathway_in_sector_r(db: ox.Store) -> None:
    """Card 1 states higher education with bachelor's and ordinatura (level 6: higher,
    bachelor, residency), card 2 postgraduate with master's (level 7), card 3 postgraduate with
    PhD (level 8): all agree."""
    assert rows(db, "education-pathway-mismatch", sector="R") == []


def test_education_mismatches_read_in_the_sources(db: ox.Store) -> None:
    """Both disagreements are in the texts: «Бизнес аналитики…» (PDF 58, page 4), card 1 at
    level 4: «Уровень образования: общее среднее»; «Разработка систем обработки и хранения
    больших данных» (Kind2 18), card 9 «Программист компьютерного зрения» at level 6:
    «Уровень образования: послевузовское (7 уровень МСКО)»."""
    found = rows(db, "education-pathway-mismatch")
    assert pick(found, "card", "level", "sector", "education", "stated") == [
        (BASE + "standard/biznes-analitiki-i-upravlenie-proektami-it/card/1", "4", "J",
         "общее среднее", "general-secondary"),
        (BASE + "standard/order-222-2022-12-05-annex-18/card/9", "6", "J", "послевузовское",
         "postgraduate"),
    ]  # fmt: skip
    assert set(found[0]["pathway"].split()) == {
        "technical-vocational", "basic-secondary", "post-secondary", "additional-professional"
    }  # fmt: skip
    assert set(found[1]["pathway"].split()) == {"higher", "bachelor", "residency"}


def test_cards_by_title(db: ox.Store) -> None:
    found = rows(db, "cards-by-title", text="БАЛЕТ")
    assert pick(found, "card", "level", "sector", "code") == [
        (BALLET + f"/card/{n}", str(n + 5), "R", "2633-1-001") for n in (1, 2, 3)
    ]
    # an other title of all three cards (lines 100, 413, 552): «1432-0-003 - Бас өнертанушы»
    found = rows(db, "cards-by-title", text="бас өнертанушы")
    assert pick(found, "card", "matched") == [
        (BALLET + f"/card/{n}", "Бас өнертанушы") for n in (1, 2, 3)
    ]
    assert rows(db, "cards-by-title", text='") } SELECT') == []


def test_revision_due(db: ox.Store) -> None:
    """The ballet standard plans its revision on 03.11.2027; a year-only date counts as its
    31 December."""
    due = {r["standard"]: r for r in rows(db, "revision-due", date="2028-01-01")}
    assert due[BALLET]["dueBy"] == "2027-11-03" and due[BALLET]["sector"] == "R"
    assert BALLET not in {r["standard"] for r in rows(db, "revision-due", date="2027-11-03")}
    year_only = BASE + "standard/order-222-2022-12-05-annex-4"  # «2025»
    assert due[year_only]["planned"] == "2025" and due[year_only]["dueBy"] == "2025-12-31"
    before = {r["standard"] for r in rows(db, "revision-due", date="2025-12-31")}
    after = {r["standard"] for r in rows(db, "revision-due", date="2026-01-01")}
    assert year_only not in before and year_only in after


def test_standard_skills_of_the_ballet_standard(db: ox.Store) -> None:
    found = rows(db, "standard-skills", code="R90012023")
    assert len(found) == 10 + 2 + 4
    assert sum(int(r["abilities"]) for r in found) == 19 + 4 + 8
    assert sum(int(r["knowledge"]) for r in found) == 14 + 2 + 7


# -- seed 002: the NQF ----------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["1", "5", "8"])
def test_nqf_level(db: ox.Store, level: str) -> None:
    hand = json.loads((FIXTURES / "nqf" / "descriptors.json").read_text(encoding="utf-8"))
    found = {r["aspect"]: r["text"] for r in rows(db, "nqf-level", level=level)}
    for aspect in ("knowledge", "skills", "competence"):
        assert " ".join(found[aspect].split()) == " ".join(hand[level][aspect].split())
    assert found["EQF"] == level
    assert found["pathway"].startswith(
        {"1": "Бастауыштан кем емес", "5": "Техникалық және кәсіби білім", "8": "Жоғары оқу"}[level]
    )


# -- seed 003: positions --------------------------------------------------------------------------


def test_career_ladder_of_the_professor(db: ox.Store) -> None:
    found = rows(db, "career-ladder", position=POSITIONS + "5")
    assert pick(found, "step", "rung", "rungName", "minYears", "yearsOnRung") == [
        ("1", POSITIONS + "6", "Доцент", "5", "1"),
        ("2", POSITIONS + "7", "Аға оқытушы", "5", "1"),
        ("3", POSITIONS + "8", "Оқытушы", "3", "1"),
    ]
    everyone = rows(db, "career-ladder")
    assert pick(everyone, "position", "step") == [
        (POSITIONS + "5", "1"), (POSITIONS + "5", "2"), (POSITIONS + "5", "3"),
        (POSITIONS + "6", "1"), (POSITIONS + "6", "2"),
        (POSITIONS + "7", "1"),
    ]  # fmt: skip


def test_positions_experience(db: ox.Store) -> None:
    found = {r["position"]: r for r in rows(db, "positions-experience", minYears="5")}
    professor = found[POSITIONS + "5"]
    assert (professor["years"], professor["priorPosition"], professor["priorYears"]) == (
        "5",
        "доцент",
        "1",
    )
    assert "doctor-of-sciences" in professor["degrees"] and professor["education"] == "higher"
    assert found[POSITIONS + "1"]["years"] == "7"  # the rector: 7 years (line 90)
    assert POSITIONS + "7" not in found  # аға оқытушы: 3 years


# -- seed 004 and the acts ------------------------------------------------------------------------


def test_standard_changes_by_order_616(db: ox.Store) -> None:
    hand: dict[str, Any] = json.loads(
        (FIXTURES / "amendment" / "order_616.json").read_text(encoding="utf-8")
    )
    texts = hand["texts"]
    expected = set()
    for row in hand["rows"]:
        for skill, kind, n, old, new in row["edits"]:
            element = f"{ORDER_591}/card/{row['card']}/function/{row['function']}"
            expected.add((f"{element}/skill/{skill}/{kind}/{n}", texts[old], texts[new]))
    found = rows(db, "standard-changes")
    abilities = {
        (r["element"], r["oldText"], r["newText"]) for r in found if "/ability/" in r["element"]
    }
    assert abilities == expected and len(expected) == 7
    assert {(r["date"], r["change"]) for r in found} == {("2023-12-06", "changed")}
    (paragraph,) = [r for r in found if r["element"].endswith("/paragraph/16")]
    # the paragraph's old wording is not quoted by the order: its heading labels both versions
    assert paragraph["newText"] == f"16. {hand['paragraph']['heading']}"
    assert all(r["amendment"].startswith(BASE + "act/2023-12-06/616/amendment/") for r in found)
    # the change took effect on 06.12.2023: nothing after it, nothing before it
    assert rows(db, "standard-changes", **{"from": "2023-12-06", "to": "2024-12-31"}) == []
    assert rows(db, "standard-changes", **{"from": "2023-01-01", "to": "2023-12-05"}) == []
    assert rows(db, "standard-changes", standard=BALLET) == []


def _acts(db: ox.Store, date: str) -> set[str]:
    return {r["act"].removeprefix(BASE + "act/") for r in rows(db, "acts-in-force", date=date)}


def test_acts_in_force(db: ox.Store) -> None:
    nqf_order = "2013-12-18/665-%D3%A9-%D0%BC"  # joint order № 665-ө-м / № 6, signed 18.12.2013
    # and 10.01.2014, repealed by joint order № 851 / № 656 (09.11.2015 and 25.11.2015)
    assert nqf_order not in _acts(db, "2014-01-05")
    assert nqf_order in _acts(db, "2014-06-01")
    assert nqf_order in _acts(db, "2015-11-20")
    assert nqf_order not in _acts(db, "2015-11-25")
    # order № 61 of 12.02.2008, repealed by order № 338 of 13.07.2009
    assert "2008-02-12/61" in _acts(db, "2009-01-01")
    assert "2008-02-12/61" not in _acts(db, "2009-07-13")
    # order № 591 of 20.11.2023 and order № 616 of 06.12.2023; order № 150 of 17.04.2024
    on = _acts(db, "2024-01-01")
    assert {"2023-11-20/591", "2023-12-06/616", "2022-12-05/222"} <= on
    assert "2024-04-17/150" not in on and "2024-04-17/150" in _acts(db, "2024-04-17")
    (amending,) = [
        r for r in rows(db, "acts-in-force", date="2024-01-01") if r["act"].endswith("/616")
    ]
    assert amending["amends"] == BASE + "act/2023-11-20/591"
