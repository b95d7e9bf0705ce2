"""The pages for people: home, the query page, its assets and its security headers."""

from __future__ import annotations

import json
import re
import tomllib
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient
from markupsafe import escape

from nqs.namespaces import PREFIXES
from nqs.queries import load_library
from tests.conftest import ROOT

SERVER = ROOT / "server"
ASSETS = sorted(
    p
    for folder in (SERVER / "templates", SERVER / "static")
    for p in folder.rglob("*")
    if p.is_file()
)
TEXT_ASSETS = [p for p in ASSETS if p.suffix in (".html", ".js", ".css", ".svg", ".txt")]
EXTERNAL = re.compile(r"(?i)(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}|\burl\(\s*['\"]?(?:https?:|//)")
VENDOR = SERVER / "static" / "vendor"
# The vendored editor names these W3C namespaces as identifiers (SPARQL.js: rdf: and xsd:
# datatypes; CodeMirror: the SVG namespace of the elements it creates); nothing is fetched
# from them. Any other address in a vendored file fails the test.
NAMESPACE_IRIS = re.compile(
    r"http://www\.w3\.org/(?:1999/02/22-rdf-syntax-ns#|2001/XMLSchema#|2000/svg[\"'])"
)


class _Links(HTMLParser):
    """The ``src`` and ``href`` values, and script elements, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]
        if tag == "script":
            self.scripts.append(found)


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _page_data(html: str) -> dict[str, object]:
    m = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
    assert m, "no page data"
    data: dict[str, object] = json.loads(m.group(1))
    return data


def test_home(client: FlaskClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert 'href="/query"' in html
    for name, spec in load_library().items():
        assert f"/query?example={name}" in html
        assert escape(spec.titles["en"]) in html


def test_query_page_lists_examples_in_three_languages(client: FlaskClient) -> None:
    r = client.get("/query")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    library = load_library()
    assert library
    for spec in library.values():
        for lang in ("en", "kk", "ru"):
            assert escape(spec.titles[lang]) in html
    data = _page_data(html)
    examples = data["examples"]
    assert isinstance(examples, list)
    assert [e["name"] for e in examples] == list(library)
    assert data["endpoint"] == "/sparql"
    assert data["prefixes"] == PREFIXES


def test_editor_starts_with_the_prefixes(client: FlaskClient) -> None:
    html = client.get("/query").get_data(as_text=True)
    editor = re.search(r"<textarea[^>]*id=\"query-text\"[^>]*>(.*?)</textarea>", html, re.S)
    assert editor
    for prefix, iri in PREFIXES.items():
        assert f"PREFIX {prefix}: &lt;{iri}&gt;" in editor.group(1)
    assert '<label for="query-text">' in html


def _with_param(kind: str) -> tuple[str, str, str | None]:
    """A library query, the name and default of its first parameter of type ``kind`` that
    has a default and takes any value as given (no choices, not normalised to meet the text
    keys)."""
    for spec in load_library().values():
        for p in spec.parameters:
            free = not p.choices and p.name not in spec.normalised
            if p.type == kind and p.default is not None and free:
                return spec.name, p.name, p.default
    pytest.fail(f"no library query has a parameter of type {kind}")


def test_parameters_shown_with_defaults_and_bound(client: FlaskClient) -> None:
    name, param, default = _with_param("xsd:string")
    html = client.get("/query").get_data(as_text=True)
    assert f'id="param-{name}-{param}"' in html and f'value="{default}"' in html
    r = client.get("/query", query_string={"example": name, param: 'X"Y'})
    html = r.get_data(as_text=True)
    assert f'data-example="{name}" aria-current="true"' in html
    # bound as an escaped literal in a VALUES block, then HTML-escaped in the editor
    assert f"VALUES (?{param}) {{ (&#34;X\\&#34;Y&#34;) }}" in html


def test_bad_parameter_value_is_reported(client: FlaskClient) -> None:
    name, param, _ = _with_param("iri")
    r = client.get("/query", query_string={"example": name, param: "not an iri"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'class="error" role="alert">cannot bind the parameters' in html
    assert "not an iri" not in html.split("<textarea", 1)[1].split("</textarea>")[0]


def test_example_text_is_the_library_text_with_defaults(client: FlaskClient) -> None:
    html = client.get("/query").get_data(as_text=True)
    examples = _page_data(html)["examples"]
    assert isinstance(examples, list)
    library = load_library()
    for e in examples:
        spec = library[e["name"]]
        assert spec.text.rstrip().splitlines()[-1] in e["text"]
        for p in spec.parameters:
            assert (f"VALUES (?{p.name}" in e["text"]) == (p.default is not None), p.name


def test_query_parameter_prefills_the_editor(client: FlaskClient) -> None:
    html = client.get("/query", query_string={"query": "ASK { <a> <b> '<c>' }"}).get_data(
        as_text=True
    )
    assert "ASK { &lt;a&gt; &lt;b&gt; &#39;&lt;c&gt;&#39; }</textarea>" in html


def test_download_links(client: FlaskClient) -> None:
    html = client.get("/query").get_data(as_text=True)
    hrefs = [u for u in _links(html).urls if u.startswith("/sparql?")]
    assert {re.search(r"format=(\w+)", h).group(1) for h in hrefs} == {  # type: ignore[union-attr]
        "json",
        "xml",
        "csv",
        "tsv",
    }
    csv = client.get(next(h for h in hrefs if "format=csv" in h))
    assert csv.status_code == 200 and csv.mimetype == "text/csv"


def test_security_headers(client: FlaskClient) -> None:
    for path in ("/", "/query"):
        csp = client.get(path).headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["default-src"] == "'none'"
        assert "unsafe" not in csp


def test_no_inline_scripts_or_styles(client: FlaskClient) -> None:
    for path in ("/", "/query"):
        html = client.get(path).get_data(as_text=True)
        assert " style=" not in html and "<style" not in html
        assert not re.search(r"\son[a-z]+=", html)
        for script in _links(html).scripts:
            assert script.get("src") or script.get("type") == "application/json"


def test_assets_served(client: FlaskClient) -> None:
    for path in ("/", "/query"):
        html = client.get(path).get_data(as_text=True)
        local = [u for u in _links(html).urls if u.startswith("/static/")]
        assert local
        for url in local:
            r = client.get(url)
            assert r.status_code == 200, url
            r.close()


@pytest.mark.parametrize("path", TEXT_ASSETS, ids=lambda p: str(p.relative_to(SERVER)))
def test_no_external_urls(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.is_relative_to(VENDOR):
        text = NAMESPACE_IRIS.sub("", text)
    found = EXTERNAL.findall(text)
    assert not found, f"{path.name} refers to other hosts: {found}"


def test_all_assets_are_checked() -> None:
    """Every file under templates/ and static/ is text checked above, or a favicon."""
    others = {p.name for p in ASSETS} - {p.name for p in TEXT_ASSETS}
    assert others == {"favicon.png", "favicon.ico"}


def test_query_page_in_kazakh_and_russian(client: FlaskClient) -> None:
    """Every string of the page in the interface language: the button, the headings and the
    script's messages (page data)."""
    for lang, run, results in (
        ("kk", "Сұрауды орындау", "Нәтижелер"),
        ("ru", "Выполнить запрос", "Результаты"),
        ("en", "Run query", "Results"),
    ):
        html = client.get("/query", query_string={"lang": lang}).get_data(as_text=True)
        assert f'id="run-button">{run}</button>' in html, lang
        assert f'id="results-heading" class="panel__title">{results}</h2>' in html, lang
        data = _page_data(html)
        assert data["lang"] == lang
        messages = data["messages"]
        assert isinstance(messages, dict) and messages["run"] == run


def test_query_messages_in_three_languages() -> None:
    """Each query.* message is in en, kk and ru, with the same {names}; kk and ru translated."""
    tables = {
        lang: tomllib.loads((SERVER / "i18n" / f"{lang}.toml").read_text(encoding="utf-8"))["query"]
        for lang in ("en", "kk", "ru")
    }
    assert tables["en"].keys() == tables["kk"].keys() == tables["ru"].keys()
    for key, text in tables["en"].items():
        names = set(re.findall(r"\{(\w+)\}", text))
        for lang in ("kk", "ru"):
            assert set(re.findall(r"\{(\w+)\}", tables[lang][key])) == names, (lang, key)
            assert tables[lang][key] != text, (lang, key)


def test_permalink_reruns_the_query(client: FlaskClient) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 3"
    html = client.get("/query", query_string={"query": query, "run": "1"}).get_data(as_text=True)
    permalink = re.search(r'<a class="button" id="permalink" href="([^"]+)"', html)
    assert permalink
    url = urlsplit(unescape(permalink.group(1)))
    assert url.path == "/query"
    assert parse_qs(url.query) == {"query": [query], "run": ["1"]}


def test_vocabulary_for_completion(client: FlaskClient) -> None:
    """The editor's completion asks /sparql for the classes and properties with their labels:
    nqs:ProfessionCard is a class labelled "Profession card"@en, "Кәсіптің карточкасы"@kk,
    "Карточка профессии"@ru (ontology/nqs.ttl, lines 87-88)."""
    data = _page_data(client.get("/query").get_data(as_text=True))
    query = data["vocabularyQuery"]
    assert isinstance(query, str)
    r = client.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert r.status_code == 200
    rows = r.get_json()["results"]["bindings"]
    card = PREFIXES["nqs"] + "ProfessionCard"
    labels = {
        (b["label"]["value"], b["label"].get("xml:lang"))
        for b in rows
        if b["term"]["value"] == card and "label" in b
    }
    assert labels == {
        ("Profession card", "en"),
        ("Кәсіптің карточкасы", "kk"),
        ("Карточка профессии", "ru"),
    }
    assert {b["kind"]["value"] for b in rows if b["term"]["value"] == card} == {"class"}
    occupation = PREFIXES["nqs"] + "occupation"
    assert {b["kind"]["value"] for b in rows if b["term"]["value"] == occupation} == {"property"}


def test_vendored_editor_matches_its_pins() -> None:
    """The vendored bundle's VERSIONS.txt lists the versions scripts/vendor_editor pins, and
    its licences are kept beside it."""
    repo = SERVER.parent
    pins = json.loads((repo / "scripts" / "vendor_editor" / "package.json").read_text())
    folder = SERVER / "static" / "vendor" / "codemirror"
    listed = dict(
        line.split("\t")[:2]
        for line in (folder / "VERSIONS.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    for name, version in pins["dependencies"].items():
        assert listed.get(name) == version, name
    licences = (folder / "LICENSES.txt").read_text(encoding="utf-8")
    for name in listed:
        assert f"== {name} {listed[name]} ==" in licences
    assert "esbuild" not in listed  # the bundler is not in the bundle
