"""What a user meets first on the pages (issue 21, item 2), in Chromium against ``nqs serve``
over the store of the whole corpus: the autocomplete of "тест", the OKED tree, the A–Z index
in Kazakh and Russian, the favicon and the SPARQL endpoint's page. Screenshots go to
``tests/artifacts/first-*.png``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from nqs.server.pages.browse import KAZAKH, RUSSIAN
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.slow


def _shot(page: Page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=ARTIFACTS / f"first-{name}.png", full_page=full_page)


def test_autocomplete_names_each_resource_once(page: Page) -> None:
    # PdfDefault 55, pages 4 and 11: the qualification "130411 2 Тестировщик" of five cards
    page.goto("/")
    box = page.locator("#site-search")
    box.click()
    box.press_sequentially("тест", delay=30)
    options = page.locator("#site-search-list [role=option]")
    expect(options.first).to_be_visible()
    tester = options.filter(
        has=page.locator(".suggest__label", has_text=re.compile("^Тестировщик$"))
    )
    expect(tester).to_have_count(1)
    expect(tester.locator(".suggest__kind")).to_have_text("Education qualification")
    expect(tester.locator(".suggest__context")).to_contain_text("and 4 more")
    expect(
        page.locator("#site-search-list .suggest__kind", has_text="Other resources")
    ).to_have_count(0)
    _shot(page, "01-autocomplete", full_page=False)


def test_oked_tree_sections_at_the_top(page: Page) -> None:
    # Kind2 46, row 7 lists 26.2 without 26: it is under 26, under section C
    page.goto("/browse/oked")
    tree = page.get_by_role("navigation", name=re.compile("OKED"))
    top = tree.locator(":scope > ul.tree > li")
    codes = [c.strip() for c in top.locator(":scope > details > summary .code").all_inner_texts()]
    assert "26.2" not in codes and "26" not in codes
    assert {"C", "J"} <= set(codes)
    section_c = top.filter(has=page.locator(":scope > details > summary a[href$='/oked/C']"))
    expect(section_c.locator("a[href$='/oked/26.2']")).to_be_visible()
    _shot(page, "02-oked")


def test_index_in_kazakh_and_russian(page: Page) -> None:
    page.goto("/browse/index?lang=kk")
    nav = page.locator("nav.letters")
    expect(nav.locator("a[aria-current=page]")).to_have_text("А")
    shown = [x.strip() for x in nav.locator("a").all_inner_texts()]
    assert shown[0] == "А"
    kazakh = [x for x in shown if x in KAZAKH]
    assert shown[: len(kazakh)] == kazakh == sorted(kazakh, key=KAZAKH.index)
    _shot(page, "03-index-kk")
    page.goto("/browse/index?lang=ru")
    expect(nav.locator("a[aria-current=page]")).to_have_text("А")
    shown = [x.strip() for x in nav.locator("a").all_inner_texts()]
    russian = [x for x in shown if x in RUSSIAN]
    assert shown[: len(russian)] == russian == sorted(russian, key=RUSSIAN.index)
    assert "Ә" in shown and shown.index("Ә") > len(russian) - 1
    _shot(page, "04-index-ru")


def test_favicon(page: Page, base_url: str) -> None:
    r = page.request.get(base_url + "/favicon.ico")
    assert r.status == 200
    assert r.headers["content-type"] == "image/vnd.microsoft.icon"


def test_sparql_endpoint_page(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="SPARQL endpoint").click()
    expect(page).to_have_url(re.compile(r"/sparql$"))
    expect(page.locator("h1")).to_have_text("SPARQL endpoint")
    expect(page.locator("dl.facts")).to_contain_text("sd:SPARQL11Query")
    _shot(page, "05-sparql-en")
    page.get_by_role("navigation", name="Interface language").get_by_role(
        "link", name="Қазақша"
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.locator("h1")).to_have_text("SPARQL қол жеткізу нүктесі")
    _shot(page, "06-sparql-kk")
    expect(page.locator("p.formats").get_by_role("link", name="Turtle")).to_have_attribute(
        "href", "/sparql?format=turtle"
    )
