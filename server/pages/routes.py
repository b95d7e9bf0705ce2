"""The ``browse`` blueprint: a page (or an RDF description) for every instance IRI under
``/id/``, search with autocomplete, the classifier trees and level overview, the
alphabetical index, and the cross-sector comparison."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState

from nqs import __version__
from nqs.server.conditional import (
    DATA_CACHE_CONTROL,
    LANGUAGE_VARY,
    PAGE_CACHE_CONTROL,
    languages,
    not_modified,
    page,
    stamp,
    validators,
)
from nqs.server.errors import plain_error
from nqs.server.evaluator import QueryTimeout
from nqs.server.negotiation import FORMAT_PARAMETERS
from nqs.server.pages.browse import alphabet, levels, tree
from nqs.server.pages.compare import LEVELS, Sector, chart, columns, sectors
from nqs.server.pages.context import Ctx, Link, Text, resource_href
from nqs.server.pages.fetch import (
    LocalGraph,
    ask,
    describe_into,
    inverse_into,
    select,
    settings,
    summaries_into,
)
from nqs.server.pages.fetch import (
    query as page_query,
)
from nqs.server.pages.i18n import install as install_languages
from nqs.server.pages.page import (
    Fact,
    InverseGroup,
    Provenance,
    Versions,
    inverse_groups,
    other_facts,
    provenance,
    versions,
    versions_into,
)
from nqs.server.pages.proxy import PublicURL
from nqs.server.pages.rdf import (
    CONTEXT_PATH,
    DOWNLOADS,
    HTML,
    JSON_LD,
    context_document,
    description,
    negotiate,
)
from nqs.server.pages.search import Hit, grouped, search
from nqs.server.pages.terms import N, V, candidate_iris, ontology_fragment
from nqs.server.pages.view_acts import act, amendment, position, source, text_change
from nqs.server.pages.view_kinds import KindView
from nqs.server.pages.view_levels import concept, framework, level
from nqs.server.pages.view_standard import card, element, function, skill, standard
from nqs.server.pages.vocab import KINDS, SEARCH_KINDS
from nqs.server.ui import CONTENT_SECURITY_POLICY
from nqs.store.backends import BackendError

bp = Blueprint("ld", __name__)

INVERSE_LIMIT = 300
SUGGESTIONS = 10
FAVICON_MAX_AGE = 7 * 24 * 3600
FAVICON_TYPE = "image/vnd.microsoft.icon"
RESULTS_PER_KIND = 25
RESULTS_ONE_KIND = 500
SVG_NS = "http://www.w3.org/2000/svg"

View = Callable[[Ctx, str], KindView]
VIEWS: dict[str, View] = {
    "standard": standard,
    "card": card,
    "function": function,
    "skill": skill,
    "ability": element,
    "knowledge": element,
    "competency": element,
    "duty": element,
    "level": level,
    "framework": framework,
    "occupation": concept,
    "activity": concept,
    "act": act,
    "amendment": amendment,
    "change": text_change,
    "position": position,
    "source": source,
}


@dataclass
class ResourcePage:
    """Everything the resource template shows, as plain data."""

    iri: str
    kind: str
    kinds: list[Link]
    title: Text
    code: str
    crumbs: list[Link]
    downloads: list[tuple[str, str, str]]
    view: KindView
    facts: list[Fact]
    inverse: list[InverseGroup]
    inverse_total: int
    inverse_shown: int
    versions: Versions
    provenance: Provenance


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    """Interface languages for every page, and the public URL behind a reverse proxy."""
    app = state.app
    assert isinstance(app, Flask)
    install_languages(app)
    public = app.config["NQS_SETTINGS"].public_url
    if public:
        app.wsgi_app = PublicURL(app.wsgi_app, public)  # type: ignore[method-assign]
    app.jinja_env.globals.setdefault("version", __version__)


@bp.after_request
def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    if response.mimetype == HTML:
        response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.errorhandler(QueryTimeout)
@bp.errorhandler(BackendError)
def _unavailable(exc: Exception) -> tuple[str, int]:
    return render_template("ld_error.html", status=503, message_key="error.unavailable"), 503


def _locate(graph: LocalGraph, path: str) -> str | None:
    """The instance IRI that ``path`` (after ``/id/``) names, if the graph knows it."""
    candidates = candidate_iris(path, settings().base_iri)
    try:
        describe_into(graph, candidates)
    except ValueError:
        return None
    for iri in candidates:
        if graph.out.get(iri):
            return iri
    for iri in candidates:
        if ask(page_query("is-object", {"x": iri})):
            return iri
    return None


def _page(graph: LocalGraph, iri: str) -> ResourcePage:
    ctx = Ctx(graph)
    kind = ctx.kind(iri)
    view = VIEWS[kind](ctx, iri) if kind in VIEWS else KindView("ld_generic.html")
    versions_into(ctx, [iri])
    skip = {*view.inverse_shown, V.DERIVED_FROM}
    total = inverse_into(graph, iri, INVERSE_LIMIT, skip)
    own = graph.out[iri].items()
    summaries_into(graph, [o.value for p, os in own if p != V.DERIVED_FROM for o in os if o.is_iri])
    prov = provenance(ctx, iri)
    kinds = [
        replace(ctx.link(t), text=ctx.term(t))
        for t in sorted(graph.types(iri), key=lambda t: (not t.startswith(N("")), t))
    ]
    inverse = inverse_groups(ctx, iri, skip)
    shown_inverse = sum(len(g.links) for g in inverse)
    here = request.script_root + request.path
    return ResourcePage(
        iri,
        kind,
        kinds,
        ctx.name(iri),
        graph.value(iri, V.NOTATION) or graph.value(iri, N("code")) or "",
        view.crumbs,
        [(f"{here}?format={name}", media, label) for name, media, label in DOWNLOADS],
        view,
        other_facts(ctx, iri, view.shown),
        inverse,
        total,
        shown_inverse,
        versions(ctx, iri),
        prov,
    )


@bp.get("/id/")
def id_root() -> Response:
    # absolute only from the configured public URL, never from the request's Host
    external = bool(settings().public_url)
    return redirect(url_for("ld.browse", _external=external))  # type: ignore[return-value]


def context_url() -> str:
    """The address JSON-LD answers name their context by: under the public URL when one is
    configured, else relative to this server (never from the request's Host header)."""
    public = settings().public_url
    if public:
        return public.rstrip("/") + CONTEXT_PATH
    return request.script_root + CONTEXT_PATH


@bp.route(CONTEXT_PATH, methods=["GET", "HEAD"])
def json_ld_context() -> Response:
    """The JSON-LD context of the resource descriptions: the project's prefixes."""
    body, etag = context_document()
    response = Response(body, mimetype=JSON_LD)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.make_conditional(request)
    return response


@bp.route("/id/<path:path>", methods=["GET", "HEAD"])
def resource(path: str) -> Response | tuple[str, int] | str:
    """The page of a resource for browsers; its RDF description for RDF clients."""
    names = [v for name in FORMAT_PARAMETERS for v in request.args.getlist(name)]
    media = negotiate(names, request.headers.get("Accept"))
    if media is None:
        response = plain_error(
            406, "not acceptable; offered: text/html, " + ", ".join(m for _, m, _ in DOWNLOADS)
        )
        response.vary.add("Accept")
        return response
    if media == HTML:
        representation: tuple[str, ...] = (media, *languages())
        cache_control = PAGE_CACHE_CONTROL
    else:
        representation = (media, context_url() if media == JSON_LD else "")
        cache_control = DATA_CACHE_CONTROL
    found = validators(*representation)
    unchanged = not_modified(found, cache_control)
    if unchanged is not None:
        unchanged.vary.add("Accept")
        if media == HTML:
            unchanged.vary.update(LANGUAGE_VARY)
        return unchanged
    graph = LocalGraph()
    iri = _locate(graph, path)
    if iri is None:
        if media != HTML:
            response = plain_error(404, "no such resource")
            response.vary.add("Accept")
            return response
        return render_template("ld_error.html", status=404, message_key="error.not_found"), 404
    links = ", ".join(
        f"<{url_for('ld.resource', path=path, format=name, _external=True)}>; "
        f'rel="alternate"; type="{media}"'
        for name, media, _ in DOWNLOADS
    )
    if media != HTML:
        body = description(iri, media, context_url())
        response = Response(body, mimetype=media)
        response.headers["Link"] = links
    else:
        page = _page(graph, iri)
        response = Response(render_template("resource.html", page=page), mimetype=HTML)
        response.headers["Link"] = links
    response.vary.add("Accept")
    return stamp(response, found, cache_control)


@bp.get("/search")
@page
def search_page() -> str:
    query = request.args.get("q", "").strip()
    kind = request.args.get("kind", "")
    kinds = (kind,) if kind in SEARCH_KINDS else None
    hits = search(query, kinds) if query else []
    limit = RESULTS_ONE_KIND if kinds else RESULTS_PER_KIND
    ctx = Ctx(LocalGraph())
    groups = []
    for k, found in grouped(hits):
        links = []
        for hit in found[:limit]:
            href, external = resource_href(hit.iri, ctx.base)
            links.append(
                (Link(href, hit.text, hit.lang, kind=k, iri=hit.iri, external=external), hit)
            )
        groups.append((k, links, len(found)))
    return render_template(
        "search.html", query=query, kind=kind if kinds else "", groups=groups, total=len(hits)
    )


@bp.get("/search/suggest")
@page
def suggest() -> Response:
    """Up to ten names matching ``q`` (JSON, for the search box's autocomplete)."""
    query = request.args.get("q", "").strip()
    hits = search(query)[:SUGGESTIONS] if len(query) >= 2 else []
    ctx = Ctx(LocalGraph())
    names = kind_names(ctx, hits)
    out = []
    for hit in hits:
        href, _ = resource_href(hit.iri, ctx.base)
        more = (
            ctx.t("search.same", n=len(hit.same))
            if hit.same
            else ctx.t("search.level", n=hit.level)
            if hit.level is not None
            else ""
        )
        context = " · ".join(x for x in (hit.context, more) if x)
        out.append(
            {
                "label": hit.text,
                "lang": hit.lang,
                "kind": names[hit.iri],
                "href": href,
                "matched": hit.matched,
                "context": context,
            }
        )
    return jsonify(query=query, results=out)


def kind_names(ctx: Ctx, hits: list[Hit]) -> dict[str, str]:
    """What each hit is, in the interface language: the label of its class in the ontology
    (the class that gives its page kind, else a class of ours: an education qualification,
    a glossary …), the kind's name only when it has no class of ours."""
    types: dict[str, set[str]] = {}
    if hits:
        rows = select(page_query("types", {"s": [h.iri for h in hits]}))
        for row in rows:
            types.setdefault(row["s"].value, set()).add(row["t"].value)
    names: dict[str, str] = {}
    for hit in hits:
        found = types.get(hit.iri, set())
        ours = sorted(t for t in found if ontology_fragment(t))
        cls = next((c for c, _ in KINDS if c in found), ours[0] if ours else None)
        names[hit.iri] = ctx.term(cls) if cls else ctx.t(f"kind.{hit.kind}")
    return names


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The site's icon where browsers look for it without a page (``static/favicon.ico``:
    ``static/favicon.png`` in an ICO container)."""
    static = current_app.static_folder or ""
    response = Response(_read_bytes(Path(static) / "favicon.ico"), mimetype=FAVICON_TYPE)
    response.cache_control.public = True
    response.cache_control.max_age = FAVICON_MAX_AGE
    return response


@cache
def _read_bytes(path: Path) -> bytes:
    return path.read_bytes()


@bp.get("/browse")
@page
def browse() -> str:
    ctx = Ctx(LocalGraph())
    nqf, loose = levels(ctx)
    return render_template("browse_levels.html", nqf=nqf, loose=loose)


@bp.get("/browse/oked")
@page
def browse_oked() -> str:
    ctx = Ctx(LocalGraph())
    roots = tree(ctx, N("EconomicActivity"), N("economicActivity"), N("economicActivity"))
    return render_template("browse_tree.html", roots=roots, which="oked")


@bp.get("/browse/nkz")
@page
def browse_nkz() -> str:
    ctx = Ctx(LocalGraph())
    roots = tree(ctx, N("Occupation"), None, N("occupation"))
    return render_template("browse_tree.html", roots=roots, which="nkz")


@bp.get("/browse/index")
@page
def browse_index() -> str:
    ctx = Ctx(LocalGraph())
    letters, chosen, groups = alphabet(ctx, request.args.get("letter"))
    return render_template("browse_index.html", letters=letters, chosen=chosen, groups=groups)


def _comparison_request(ctx: Ctx) -> tuple[int, list[Sector], list[Sector]]:
    """The level asked for (0 if none), every sector, and the sectors asked for (all when
    none is)."""
    everything = sectors(ctx)
    try:
        number = int(request.args.get("level", "0"))
    except ValueError:
        number = 0
    wanted = set(request.args.getlist("sector"))
    chosen = [s for s in everything if s.code in wanted] or everything
    return number, everything, chosen


@bp.get("/compare")
@page
def compare() -> str:
    ctx = Ctx(LocalGraph())
    number, everything, chosen = _comparison_request(ctx)
    if number not in LEVELS:
        levels_with_cards = sorted({n for s in everything for n in s.counts})
        number = next(
            (n for n in levels_with_cards if sum(1 for s in everything if n in s.counts) > 1),
            levels_with_cards[0] if levels_with_cards else 0,
        )
    at_level = [s for s in chosen if number in s.counts]
    return render_template(
        "compare.html",
        number=number,
        levels=LEVELS,
        sectors=everything,
        chosen={s.code for s in chosen},
        columns=columns(ctx, number, at_level),
        chart=chart(ctx, chosen),
        shown=chosen,
        xmlns="",
    )


@bp.get("/compare/chart.svg")
@page
def compare_chart() -> Response:
    """The chart alone, as an SVG image."""
    ctx = Ctx(LocalGraph())
    _, _, chosen = _comparison_request(ctx)
    svg = render_template("ld_chart.html", chart=chart(ctx, chosen), shown=chosen, xmlns=SVG_NS)
    return Response(svg, mimetype="image/svg+xml")
