"""The linked-data pages in a real browser: Debian's Chromium driven by Playwright, against
``nqs serve`` over the store of the whole corpus. Walks from the home page to a level, a card
and a skill; searches in Kazakh typed without the letters' marks; switches the interface
language; opens a comparison of sectors. Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.slow

CARD = "/id/standard/R90012023/card/1"
# seed 000, lines 127-130: skill 1 of labor function 1 of card 1
SKILL_TITLE = "Өзіндік ғылыми-зерттеу жұмыстарын ұйымдастыру және жүзеге асыруы"


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"walk-{name}.png", full_page=True)


def test_walk_from_home_to_a_skill(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _shot(page, "01-home")
    page.get_by_role("link", name=re.compile(r"^6 NQF level 6")).click()
    expect(page).to_have_url(re.compile(r"/id/framework/nqf/level/6$"))
    expect(page.locator("h1")).to_have_text(re.compile("NQF level 6|6-деңгейі"))
    _shot(page, "02-level")
    page.locator(f'table a[href="{CARD}"]').click()
    expect(page).to_have_url(re.compile(re.escape(CARD) + "$"))
    expect(page.locator("h1")).to_have_text("Балеттанушы")
    expect(page.get_by_role("heading", name="Labor functions")).to_be_visible()
    _shot(page, "03-card")
    skill = page.get_by_role("region", name=SKILL_TITLE)
    skill.get_by_role("link", name=SKILL_TITLE, exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(CARD) + "/function/1/skill/1$"))
    expect(page.locator("h1")).to_have_text(SKILL_TITLE)
    crumbs = page.get_by_role("navigation", name="Where this is").get_by_role("link")
    expect(crumbs).to_have_count(3)
    expect(page.locator("pre.source-lines .is-marked").first).to_contain_text("Дағды 1:")
    _shot(page, "04-skill")


def test_search_in_kazakh_without_marks(page: Page) -> None:
    page.goto("/")
    box = page.locator("#site-search")
    box.click()
    box.press_sequentially("гылыми-зерттеу жумысы", delay=20)
    options = page.locator("#site-search-list [role=option]")
    expect(options.first).to_be_visible()
    expect(page.locator("#site-search")).to_have_attribute("aria-expanded", "true")
    expect(options.filter(has_text="Ғылыми-зерттеу жұмысы").first).to_be_visible()
    _shot(page, "05-autocomplete")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Escape")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q="))
    expect(page.get_by_role("heading", name=re.compile("^Labor functions"))).to_be_visible()
    expect(page.locator(f'a[href="{CARD}/function/1"]')).to_be_visible()
    _shot(page, "06-search")


def test_switch_language(page: Page) -> None:
    page.goto(CARD)
    page.get_by_role("navigation", name="Interface language").get_by_role(
        "link", name="Қазақша"
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.get_by_role("heading", name="Еңбек функциялары")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Балеттанушы")
    _shot(page, "07-kazakh")
    # the choice is kept on the next page
    page.get_by_role("link", name="Деңгейлер", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    page.get_by_role("navigation", name="Интерфейс тілі").get_by_role(
        "link", name="Русский"
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text("Уровни квалификации")
    _shot(page, "08-russian")


def test_open_a_comparison(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Compare sectors").click()
    expect(page.locator("h1")).to_have_text("Compare sectors")
    page.get_by_label("Level", exact=True).select_option("6")
    sectors = page.get_by_role("group", name="Sectors (sectoral frameworks)")
    for box in sectors.get_by_role("checkbox").all():
        box.uncheck()
    sectors.get_by_role("checkbox", name=re.compile(r"\bJ\b")).check()
    sectors.get_by_role("checkbox", name=re.compile(r"\bR\b")).check()
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"level=6"))
    expect(
        page.get_by_role("img", name=re.compile("Cards, labor functions and skills"))
    ).to_be_visible()
    columns = page.locator("section.compare-column")
    expect(columns).to_have_count(2)
    expect(columns.nth(1)).to_contain_text("Балеттанушы")
    _shot(page, "09-compare")
