"""The query page in a real browser: Debian's Chromium driven by Playwright, against
``nqs serve`` started on a free port over the seed store. One test per feature of the
editor (highlighting, completion, error marks, sorting, filtering, linked IRIs, chart,
permalink, history, languages), each failing on a console error (CSP violations included)
or a request leaving the local server. Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from nqs.config import Settings
from nqs.namespaces import NQS_PREFIX_LINE, sparql_prefixes
from nqs.queries import load_library
from tests.browser.conftest import ARTIFACTS, served, watched_page

pytestmark = pytest.mark.slow

WAIT_MS = 15_000
PAGED_QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 137\n"
# seed 000, line 10: «Кәсіптік стандарт: «Балеттанушы»»; line 42: its code R90012023
BALLET = (
    NQS_PREFIX_LINE + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?standard ?title WHERE {\n"
    "  ?standard a nqs:ProfessionalStandard ; rdfs:label ?title .\n"
    '  FILTER(STR(?title) = "Балеттанушы")\n'
    "}\n"
)
COUNT_BY_CLASS = (
    NQS_PREFIX_LINE + "SELECT ?class (COUNT(?s) AS ?n)\n"
    "WHERE { ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(nqs:))) }\n"
    "GROUP BY ?class ORDER BY DESC(?n) ?class LIMIT 5\n"
)


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


def _editor(page: Page, path: str = "/query") -> None:
    """Open ``path`` and wait for the editor."""
    page.goto(path)
    expect(page.locator("#editor .cm-content")).to_be_visible()


def _set_query(page: Page, text: str) -> None:
    page.evaluate("text => window.NqsQuery.setText(text)", text)


def _text(page: Page) -> str:
    text: str = page.evaluate("() => window.NqsQuery.getText()")
    return text


def _run(page: Page, text: str) -> None:
    _set_query(page, text)
    page.get_by_role("button", name="Run query").click()


def _column(page: Page, n: int) -> list[str]:
    """The texts of the n-th column (1: the first variable) of the shown table page."""
    return page.locator(f"#results-body tbody tr > :nth-child({n + 1})").all_inner_texts()


def test_highlighting_examples_run_and_table(page: Page) -> None:
    _editor(page)
    expect(page.locator("h1")).to_have_text("SPARQL query")
    code = page.locator("#editor .cm-content")
    expect(code.locator("span.tok-keyword").first).to_be_visible()
    for kind in ("keyword", "iri", "pname", "variable", "function"):
        assert code.locator(f"span.tok-{kind}").count() > 0, kind
    # the editor holds the server's starting text, the hidden textarea follows it
    text = _text(page)
    assert text.startswith(NQS_PREFIX_LINE.rstrip("\n"))
    assert page.locator("#query-text").input_value() == text
    expect(page.locator("#editor-status")).to_have_text("No syntax errors.")
    page.screenshot(path=ARTIFACTS / "query-01-page.png")

    library = load_library()
    spec = library["cards-per-level"]
    page.get_by_role("link", name=spec.titles["en"]).click()
    expect(page.locator("#query-text")).to_have_value(spec.text)
    assert _text(page) == spec.text
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
    page.screenshot(path=ARTIFACTS / "query-02-example-results.png")

    # a parameterized example: its form is shown with the default value
    with_param = next(s for s in library.values() if s.parameters)
    param = with_param.parameters[0]
    field = page.locator(f"#param-{with_param.name}-{param.name}")
    expect(field).to_have_value(param.default or "")


def test_every_library_query_passes_the_syntax_check(page: Page) -> None:
    """The editor's parser (SPARQL.js) accepts every query of the library as the page
    loads it, so no example shows a false error mark."""
    _editor(page)
    status = page.locator("#editor-status")
    for spec in load_library().values():
        page.locator(f'a.example__link[data-example="{spec.name}"]').click()
        expect(page.locator("li.is-selected")).to_have_attribute("data-example", spec.name)
        page.evaluate("() => window.NqsEditor.forceLinting(window.NqsQuery.view)")
        expect(status).to_have_text("No syntax errors.")
        assert page.locator("#editor .cm-lintRange-error").count() == 0, spec.name


def test_completion_offers_classes_with_labels(page: Page) -> None:
    """Typing the start of an ontology class offers it with its label; choosing it also
    declares the prefix (here undeclared)."""
    _editor(page)
    _set_query(page, "")
    page.locator("#editor .cm-content").click()
    page.keyboard.type("SELECT ?card WHERE { ?card a nqs:ProfessionC", delay=20)
    options = page.locator(".cm-tooltip-autocomplete li")
    option = options.filter(has_text="nqs:ProfessionCard")
    expect(option).to_be_visible()
    # nqs:ProfessionCard rdfs:label "Profession card"@en (ontology/nqs.ttl, line 88)
    expect(option.locator(".cm-completionDetail")).to_have_text("Profession card · class")
    page.screenshot(path=ARTIFACTS / "query-editor-completion.png")
    option.click()
    text = _text(page)
    assert text.startswith(NQS_PREFIX_LINE)
    assert "?card a nqs:ProfessionCard" in text

    # in Kazakh, the Kazakh label: "Кәсіптің карточкасы"@kk (ontology/nqs.ttl, line 88)
    _editor(page, "/query?lang=kk")
    _set_query(page, NQS_PREFIX_LINE + "SELECT * WHERE { ?s a ")
    page.locator("#editor .cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("nqs:ProfessionC", delay=20)
    option = page.locator(".cm-tooltip-autocomplete li").filter(has_text="nqs:ProfessionCard")
    expect(option.locator(".cm-completionDetail")).to_have_text("Кәсіптің карточкасы · класс")

    # a prefix is completed too
    _set_query(page, "SELECT * WHERE { ?s ?p ?o }\n")
    page.keyboard.press("Control+End")
    page.keyboard.type("sko", delay=20)
    expect(page.locator(".cm-tooltip-autocomplete li").filter(has_text="skos:")).to_be_visible()


def test_errors_marked_before_running(page: Page) -> None:
    _editor(page)
    _set_query(
        page,
        NQS_PREFIX_LINE + "SELECT ?x WHERE { ?x a nqs:Skill . ?x undeclared:p ?y }\n",
    )
    mark = page.locator("#editor .cm-lintRange-error")
    expect(mark).to_have_text("undeclared:")
    status = page.locator("#editor-status")
    expect(status).to_have_text("Syntax error on line 2: the prefix undeclared: is not declared")
    page.screenshot(path=ARTIFACTS / "query-editor-error-prefix.png")

    _set_query(page, "SELECT ?x WHERE {\n  ?x ?y\n}\n")
    expect(mark).to_have_text("}")  # a triple pattern needs an object before the }
    expect(status).to_have_text("Syntax error on line 3: unexpected '}'")
    # nothing was run
    expect(page.locator("#results-status")).to_have_text("Run a query to see its results here.")
    page.screenshot(path=ARTIFACTS / "query-editor-error-syntax.png")


def test_sorting_and_filtering(page: Page) -> None:
    _editor(page)
    _run(
        page, 'SELECT ?name ?n WHERE { VALUES (?name ?n) { ("beta" 2) ("alpha" 10) ("gamma" 1) } }'
    )
    expect(page.locator("#results-body tbody tr")).to_have_count(3)
    assert _column(page, 2) == ["2", "10", "1"]
    sort_n = page.locator("#results-body thead").get_by_role("button", name="?n", exact=True)
    sort_n.click()  # numbers in numeric order, not as text
    expect(page.locator("#results-body thead th").nth(2)).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert _column(page, 2) == ["1", "2", "10"]
    sort_n.click()
    expect(page.locator("#results-body thead th").nth(2)).to_have_attribute(
        "aria-sort", "descending"
    )
    assert _column(page, 2) == ["10", "2", "1"]
    page.locator("#results-body thead").get_by_role("button", name="?name", exact=True).click()
    assert _column(page, 1) == ["alpha", "beta", "gamma"]
    page.screenshot(path=ARTIFACTS / "query-editor-sorted.png")

    page.get_by_label("Filter the rows").fill("gam")
    expect(page.locator("#results-body tbody tr")).to_have_count(1)
    assert _column(page, 1) == ["gamma"]
    expect(page.locator("#results-status")).to_contain_text("1 of 3 rows match the filter.")


def test_paging_keyboard_and_csv_download(page: Page) -> None:
    _editor(page)
    _set_query(page, PAGED_QUERY)
    page.locator("#editor .cm-content").press("Control+Enter")
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
    page.screenshot(path=ARTIFACTS / "query-03-paging.png")

    link = page.locator('#downloads a[data-format="csv"]')
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "results.csv"
    content = Path(download.path()).read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(content)))
    assert table[0] == ["s", "p", "o"]
    assert len(table) == 1 + 137


def test_iris_open_our_pages(page: Page) -> None:
    _editor(page)
    _run(page, BALLET)
    link = page.locator("#results-body td.cell-iri a")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", "/id/standard/R90012023")
    _run(
        page,
        NQS_PREFIX_LINE + "SELECT ?c WHERE { VALUES ?c { nqs:ProfessionCard } }",
    )
    expect(link).to_have_attribute("href", "/ontology#ProfessionCard")
    _run(page, BALLET)
    expect(link).to_have_attribute("href", "/id/standard/R90012023")
    link.click()
    expect(page).to_have_url(re.compile(r"/id/standard/R90012023$"))
    expect(page.locator("h1")).to_contain_text("Балеттанушы")
    page.screenshot(path=ARTIFACTS / "query-editor-iri-opened.png")


def test_permalink_reruns_the_query(page: Page) -> None:
    _editor(page)
    _set_query(page, BALLET)
    href = page.locator("#permalink").get_attribute("href")
    assert href is not None
    url = urlsplit(href)
    assert url.path == "/query" and parse_qs(url.query) == {"query": [BALLET], "run": ["1"]}
    _editor(page, href)
    # results without a click
    expect(page.locator("#results-body td.cell-literal > span").first).to_have_text("Балеттанушы")
    assert _text(page) == BALLET
    page.screenshot(path=ARTIFACTS / "query-editor-permalink.png")

    # a query too long for the address's query part (the server refuses request lines past
    # 4 KB) goes in the fragment, and reruns the same
    spec = max(load_library().values(), key=lambda s: len(s.text))
    page.locator(f'a.example__link[data-example="{spec.name}"]').click()
    text = _text(page)
    href = page.locator("#permalink").get_attribute("href")
    assert href is not None and href.startswith("/query#")
    assert parse_qs(urlsplit(href).fragment) == {"query": [text], "run": ["1"]}
    _editor(page, href)
    assert _text(page) == text
    expect(page.locator("#results-status")).to_contain_text(" in ")
    expect(page.locator("#results-error")).to_be_hidden()
    # and its download, by POST
    with page.expect_download() as info:
        page.locator('#downloads a[data-format="csv"]').click()
    assert info.value.suggested_filename == "results.csv"
    content = Path(info.value.path()).read_text(encoding="utf-8")
    assert next(csv.reader(io.StringIO(content))) == list(spec.columns)


def test_history_and_draft_kept_across_reloads(page: Page) -> None:
    _editor(page)
    first = "SELECT * WHERE { ?s ?p ?o } LIMIT 1\n"
    second = "SELECT * WHERE { ?s ?p ?o } LIMIT 2\n"
    for text in (first, second):
        _run(page, text)
        expect(page.locator("#results-status")).to_contain_text("row")
    draft = sparql_prefixes() + "SELECT ?draft WHERE { ?draft ?p ?o } LIMIT 3\n"
    _set_query(page, draft)
    page.wait_for_timeout(600)  # the draft is kept 300 ms after the last change
    page.reload()
    expect(page.locator("#editor .cm-content")).to_be_visible()
    assert _text(page) == draft
    history = page.locator("#history")
    history.locator("summary").click()
    items = history.locator("button.history__item")
    expect(items).to_have_count(2)
    expect(items.first.locator("code")).to_have_text(second.strip())
    page.screenshot(path=ARTIFACTS / "query-editor-history.png")
    items.nth(1).click()
    assert _text(page) == first
    history.get_by_role("button", name="Clear the history").click()
    expect(items).to_have_count(0)


def test_language_switch(page: Page) -> None:
    _editor(page, "/query?lang=kk")
    expect(page.locator("h1")).to_have_text("SPARQL сұрауы")
    run = page.get_by_role("button", name="Сұрауды орындау")
    expect(run).to_be_visible()
    expect(page.locator("#results-status")).to_have_text(
        "Нәтижелерін осында көру үшін сұрауды орындаңыз."
    )
    _set_query(page, 'SELECT ?x WHERE { VALUES ?x { "a" "b" } }')
    run.click()
    expect(page.locator("#results-status")).to_contain_text("Жолдар: 2,")
    expect(page.locator("#editor-status")).to_have_text("Синтаксистік қателер жоқ.")
    page.screenshot(path=ARTIFACTS / "query-editor-kk.png")
    _editor(page, "/query?lang=ru")
    expect(page.get_by_role("button", name="Выполнить запрос")).to_be_visible()
    expect(page.locator("#permalink")).to_have_text("Постоянная ссылка")


def test_chart_of_a_count_by_label(page: Page) -> None:
    _editor(page)
    _run(page, COUNT_BY_CLASS)
    expect(page.locator("#results-body tbody tr")).to_have_count(5)
    counts = [int(c) for c in _column(page, 2)]
    page.get_by_role("button", name="Chart").click()
    bars = page.locator("#results-chart .chart__bar")
    expect(bars).to_have_count(5)
    widths = bars.evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
    assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1] > 0
    assert page.locator("#results-chart .chart__value").all_inner_texts() == [
        f"{c:,}" for c in counts
    ]
    expect(page.locator("#results-chart .chart__label a").first).to_have_attribute(
        "href", re.compile(r"^/ontology#")
    )
    page.locator("#results-chart").screenshot(path=ARTIFACTS / "query-editor-chart.png")
    # a result that is not a count by a label has no chart
    _run(page, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 3")
    expect(page.locator("#view-switch")).to_be_hidden()
    expect(page.locator("#results-body tbody tr")).to_have_count(3)


def test_construct_downloads_and_errors(page: Page) -> None:
    _editor(page)
    _set_query(page, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5")
    expect(page.locator("#query-form-badge")).to_have_text("CONSTRUCT")
    expect(page.locator('#downloads a[data-format="turtle"]')).to_be_visible()
    formats = page.locator("#downloads a[data-format]")
    assert sorted(formats.evaluate_all("els => els.map(e => e.dataset.format)")) == sorted(
        ["turtle", "nt", "rdfxml", "jsonld"]
    )
    page.get_by_role("button", name="Run query").click()
    expect(page.locator(".graph-preview .cm-content")).to_be_visible()
    with page.expect_download() as info:
        page.locator('#downloads a[data-format="nt"]').click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").strip().splitlines()
    assert len(lines) == 5 and all(line.endswith(" .") for line in lines)
    page.screenshot(path=ARTIFACTS / "query-04-construct.png")

    _set_query(page, "SELEC nothing")
    expect(page.locator("#editor .cm-lintRange-error")).to_have_count(1)
    page.get_by_role("button", name="Run query").click()
    alert = page.locator("#results-error")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("syntax")
    page.screenshot(path=ARTIFACTS / "query-05-error.png")


def test_home_page(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=ARTIFACTS / "home.png", full_page=True)
    page.get_by_role("link", name="Open the query editor").click()
    expect(page).to_have_url(re.compile(r"/query$"))
    expect(page.locator("#editor .cm-content span.tok-keyword").first).to_be_visible()
