"""The query page in a real browser: Debian's Chromium driven by Playwright, against
``nqs serve`` started on a free port over the seed store. Screenshots go
to ``tests/artifacts/``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from nqs.config import Settings
from nqs.queries import load_library
from tests.browser.conftest import ARTIFACTS, served, watched_page

pytestmark = pytest.mark.slow

WAIT_MS = 15_000
PAGED_QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 137\n"


@pytest.fixture(scope="module")
def base_url(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed store served by ``nqs serve``."""
    with served(seed_settings.store, tmp_path_factory.mktemp("serve") / "serve.log") as base:
        yield base


@pytest.fixture()
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh page, watched for errors (but the 400 of a bad query, which the page shows)
    and foreign requests."""
    with watched_page(
        browser,
        base_url,
        WAIT_MS,
        expected_error=lambda text: "the server responded with a status of 400" in text,
        accept_downloads=True,
        viewport={"width": 1440, "height": 1000},
    ) as pg:
        yield pg


def _set_query(page: Page, text: str) -> None:
    page.locator("#query-text").fill(text)


def test_highlighting_examples_run_and_table(page: Page) -> None:
    page.goto("/query")
    expect(page.locator("h1")).to_have_text("SPARQL query")
    code = page.locator("#query-highlight")
    expect(code.locator("span.tok-keyword").first).to_be_visible()
    for kind in ("keyword", "iri", "pname", "variable", "function"):
        assert code.locator(f"span.tok-{kind}").count() > 0, kind
    # the overlay shows exactly the editor's text
    text = page.locator("#query-text").input_value()
    assert text.startswith("PREFIX nqs: <https://w3id.org/kz-nqs/ontology#>")
    assert code.inner_text().rstrip("\n") == text.rstrip("\n")
    page.screenshot(path=ARTIFACTS / "query-01-page.png", full_page=True)

    library = load_library()
    spec = library["cards-per-level"]
    page.get_by_role("link", name=spec.titles["en"]).click()
    expect(page.locator("#query-text")).to_have_value(spec.text)
    expect(page.locator("li.is-selected")).to_have_attribute("data-example", spec.name)
    assert page.url.endswith(f"/query?example={spec.name}")
    page.get_by_role("button", name="Run query").click()
    rows = page.locator("#results-body table tbody tr")
    expect(rows.first).to_be_visible()
    headers = page.locator("#results-body thead th").all_inner_texts()
    assert headers == ["#", *[f"?{c}" for c in spec.columns]]
    assert rows.count() >= 1
    expect(page.locator("#results-status")).to_contain_text("row")
    expect(page.locator("#pager")).to_be_hidden()
    page.screenshot(path=ARTIFACTS / "query-02-example-results.png", full_page=True)

    # a parameterized example: its form is shown with the default value
    with_param = next(s for s in library.values() if s.parameters)
    param = with_param.parameters[0]
    field = page.locator(f"#param-{with_param.name}-{param.name}")
    expect(field).to_have_value(param.default or "")


def test_paging_keyboard_and_csv_download(page: Page) -> None:
    page.goto("/query")
    _set_query(page, PAGED_QUERY)
    page.locator("#query-text").press("Control+Enter")
    rows = page.locator("#results-body table tbody tr")
    expect(rows).to_have_count(50)
    pager = page.locator("#pager")
    expect(pager).to_be_visible()
    expect(page.locator("#pager-info")).to_have_text("Page 1 of 3 · rows 1–50 of 137")
    expect(pager.get_by_role("button", name="Previous")).to_be_disabled()
    pager.get_by_role("button", name="Next").click()
    expect(page.locator("#pager-info")).to_have_text("Page 2 of 3 · rows 51–100 of 137")
    expect(rows.first.locator("th")).to_have_text("51")
    pager.get_by_role("button", name="Last").click()
    expect(rows).to_have_count(37)
    expect(pager.get_by_role("button", name="Next")).to_be_disabled()
    page.screenshot(path=ARTIFACTS / "query-03-paging.png", full_page=True)

    link = page.locator('#downloads a[data-format="csv"]')
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "results.csv"
    content = Path(download.path()).read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(content)))
    assert table[0] == ["s", "p", "o"]
    assert len(table) == 1 + 137


def test_construct_downloads_and_errors(page: Page) -> None:
    page.goto("/query")
    _set_query(page, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5")
    expect(page.locator("#query-form-badge")).to_have_text("CONSTRUCT")
    expect(page.locator('#downloads a[data-format="turtle"]')).to_be_visible()
    formats = page.locator("#downloads a[data-format]")
    assert sorted(formats.evaluate_all("els => els.map(e => e.dataset.format)")) == sorted(
        ["turtle", "nt", "rdfxml", "jsonld"]
    )
    page.get_by_role("button", name="Run query").click()
    expect(page.locator("pre.graph-preview")).to_be_visible()
    with page.expect_download() as info:
        page.locator('#downloads a[data-format="nt"]').click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").strip().splitlines()
    assert len(lines) == 5 and all(line.endswith(" .") for line in lines)
    page.screenshot(path=ARTIFACTS / "query-04-construct.png", full_page=True)

    _set_query(page, "SELEC nothing")
    page.get_by_role("button", name="Run query").click()
    alert = page.locator("#results-error")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("syntax")
    page.screenshot(path=ARTIFACTS / "query-05-error.png", full_page=True)


def test_home_page(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=ARTIFACTS / "home.png", full_page=True)
    page.get_by_role("link", name="Open the query editor").click()
    expect(page).to_have_url(re.compile(r"/query$"))
    expect(page.locator("#query-highlight span.tok-keyword").first).to_be_visible()
