"""Pages for people: the home page (search, levels, counts, example queries), the query
page (an editor over ``/sparql``) and the build page (what the store was built from, and the
documents a keep-going build left out, as build.json records them).

The templates get plain data only: example queries as dicts of strings, the project's
prefixes and the endpoint's address. Results are fetched by the page's own script.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for

from nqs import __version__
from nqs.namespaces import NQS, ONTOLOGY_IRI, PREFIXES, sparql_prefixes
from nqs.queries import LibraryQuery, load_library, package_queries
from nqs.query import bindings, with_values
from nqs.server.conditional import page
from nqs.server.pages.browse import counts, levels
from nqs.server.pages.context import Ctx, resource_href
from nqs.server.pages.fetch import LocalGraph, settings
from nqs.server.pages.i18n import Translator, messages, ui_language
from nqs.server.storage import build_info
from nqs.store import BuildInfo, StoreError

bp = Blueprint("ui", __name__)

# Only the app's own files: no inline scripts or styles, nothing from elsewhere.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
LANGUAGES = ("en", "kk", "ru")
ROWS_PER_PAGE = 50
# Download formats (``format`` aliases of the endpoint) for solutions and for graphs.
RESULT_DOWNLOADS = {
    "json": "SPARQL JSON",
    "xml": "SPARQL XML",
    "csv": "CSV",
    "tsv": "TSV",
}
GRAPH_DOWNLOADS = {
    "turtle": "Turtle",
    "nt": "N-Triples",
    "rdfxml": "RDF/XML",
    "jsonld": "JSON-LD",
}


def ui_query(name: str) -> str:
    """The text of the query page's query ``name`` (``ui_queries/NAME.rq``: ``starter``, its
    starting text, and ``vocabulary``, what its editor completes, asked of /sparql), read
    through the registry, without its header lines."""
    return package_queries("nqs.server", "ui", "ui_queries")[name].body


@dataclass
class Example:
    """One library query as the page shows it."""

    name: str
    titles: dict[str, str]
    description: str
    parameters: list[dict[str, str]]
    text: str
    error: str = ""
    columns: list[str] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        """The fields the page's script needs."""
        return {"name": self.name, "title": self.titles.get("en", self.name), "text": self.text}


def _example(spec: LibraryQuery, given: dict[str, str]) -> Example:
    """``spec`` with its parameters bound to ``given`` values, else to their defaults."""
    error = ""
    try:
        text = with_values(spec.text, bindings(given, spec))
    except ValueError as exc:
        error = f"cannot bind the parameters: {exc}"
        text = with_values(spec.text, bindings({}, spec))
        given = {}
    titles = {lang: spec.titles[lang] for lang in LANGUAGES if lang in spec.titles}
    parameters = [
        {
            "name": p.name,
            "type": p.type,
            "default": p.default or "",
            "value": given.get(p.name, p.default or ""),
            "description": p.description,
        }
        for p in spec.parameters
    ]
    return Example(
        name=spec.name,
        titles=titles or {"en": spec.title},
        description=spec.description,
        parameters=parameters,
        text=text,
        error=error,
        columns=list(spec.columns),
    )


def _examples(selected: str | None) -> list[Example]:
    """Every library query; the selected one bound to the request's parameter values."""
    out = []
    for name, spec in load_library().items():
        given: dict[str, str] = {}
        if name == selected:
            declared = {p.name for p in spec.parameters}
            given = {k: v for k, v in request.args.items() if k in declared and v.strip()}
        out.append(_example(spec, given))
    return out


@bp.after_request
def content_security_policy(response: Response) -> Response:
    """These pages load scripts and styles from this server only."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


@bp.get("/")
@page
def home() -> str:
    """What the service is, and where to go next: search, the levels, the counts."""
    nqf, _ = levels(Ctx(LocalGraph()))
    return render_template(
        "home.html",
        examples=_examples(None),
        prefixes=PREFIXES,
        version=__version__,
        counts=counts(),
        nqf=[lv for lv in nqf if lv.link is not None],
        build=_build_info(),
    )


LOW_COVERAGE = 0.99  # the build reports a document with a smaller share of its text read


def _build_info() -> BuildInfo | None:
    """The current build's description: the store's, or the one the remote endpoint's data
    holds (None when there is none)."""
    try:
        return build_info()
    except StoreError:
        return None


@bp.get("/build")
@page
def build_page() -> tuple[str, int] | str:
    """The current build: when, its size and validity, the documents loaded (each linked to
    its page) and those left out with the place and the reason (503 without a store)."""
    info = _build_info()
    if info is None:
        remote = bool(settings().endpoint)
        return render_template("build.html", info=None, documents=[], remote=remote), 503
    base = settings().base_iri
    documents = [
        {
            **d,
            "href": resource_href(d["graph"], base)[0] if d.get("graph") else "",
            "coverage_text": f"{d['coverage']['share']:.1%}" if d.get("coverage") else "",
            "low_coverage": bool(d.get("coverage")) and d["coverage"]["share"] < LOW_COVERAGE,
        }
        for d in info.documents
    ]
    return render_template("build.html", info=info, documents=documents)


def _messages(t: Translator) -> dict[str, str]:
    """The query page's messages (``query.*``) in the interface language, for its script."""
    return {key[len("query.") :]: t(key) for key in messages("en") if key.startswith("query.")}


@bp.get("/query")
@page
def query_page() -> str:
    """The editor, the example queries, and a place for results."""
    selected = request.args.get("example")
    examples = _examples(selected)
    chosen = next((e for e in examples if e.name == selected), None)
    if "query" in request.args:
        text = request.args["query"]
    elif chosen is not None:
        text = chosen.text
    else:
        text = sparql_prefixes() + "\n" + ui_query("starter")
    t = Translator(ui_language())
    page_data = {
        "lang": t.lang,
        "messages": _messages(t),
        "page": url_for("ui.query_page"),
        "base": settings().base_iri,
        "ontology": {"iri": ONTOLOGY_IRI, "ns": str(NQS), "page": url_for("ontology_doc.ontology")},
        "vocabularyQuery": ui_query("vocabulary"),
        "endpoint": url_for("sparql.sparql"),
        "prefixes": PREFIXES,
        "prologue": sparql_prefixes(),
        "rowsPerPage": ROWS_PER_PAGE,
        "examples": [e.as_data() for e in examples],
        "resultDownloads": list(RESULT_DOWNLOADS.items()),
        "graphDownloads": list(GRAPH_DOWNLOADS.items()),
    }
    return render_template(
        "query.html",
        examples=examples,
        chosen=chosen,
        text=text,
        page_data=page_data,
        result_downloads=RESULT_DOWNLOADS,
        version=__version__,
    )
