"""The ontology document at /ontology: HTML for browsers, RDF by Accept or ?format=."""

from __future__ import annotations

from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from nqs.namespaces import NQS, ONTOLOGY_IRI, OWL, RDF
from nqs.ontology import ontology_paths
from nqs.terms import to_rdflib

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
ALIASES = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "nt": "application/n-triples",
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in ontology_paths():
        graph.parse(path)
    return graph


class Ids(HTMLParser):
    """The ids, the languages of elements and the inline scripts and styles of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.langs: set[str] = set()
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if found.get("lang"):
            self.langs.add(str(found["lang"]))
        if tag == "style" or (tag == "script" and "src" not in found) or "style" in found:
            self.inline.append(tag)


def test_browsers_get_html_with_an_anchor_for_every_term(
    client: FlaskClient, ontology: Graph
) -> None:
    r = client.get("/ontology", headers={"Accept": BROWSER})
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "Accept" in r.headers.get("Vary", "")
    page = Ids()
    page.feed(r.get_data(as_text=True))
    terms = {
        str(s).removeprefix(str(NQS))
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(NQS))
    }
    assert len(terms) > 280
    assert terms - page.ids == set()  # /ontology#Term lands on the term's section
    assert {"kk", "ru", "en"} <= page.langs
    assert page.inline == []  # the page's styles come from the server's own files
    text = r.get_data(as_text=True)
    version = str(ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo))
    assert f"{ONTOLOGY_IRI}/{version}" in text and "creativecommons.org/licenses/by/4.0" in text
    assert "Кәсіптің карточкасы" in text and "Карточка профессии" in text
    css = client.get("/static/ontology.css")
    assert css.status_code == 200
    css.close()


def test_html_when_the_client_accepts_anything(client: FlaskClient) -> None:
    assert client.get("/ontology").mimetype == "text/html"
    assert client.get("/ontology", headers={"Accept": "*/*"}).mimetype == "text/html"


@pytest.mark.parametrize("media", list(RDF_FORMATS))
def test_rdf_clients_get_the_ontology_graph(
    client: FlaskClient, ontology: Graph, media: str
) -> None:
    r = client.get("/ontology", headers={"Accept": f"{media}, text/html;q=0.5"})
    assert r.status_code == 200 and r.mimetype == media
    assert "Accept" in r.headers.get("Vary", "")
    served = Graph()  # parsed by pyoxigraph: an independent reader
    for t in ox.parse(r.get_data(), format=RDF_FORMATS[media]):
        served.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    assert isomorphic(served, ontology)


@pytest.mark.parametrize(("alias", "media"), list(ALIASES.items()))
def test_format_parameter(client: FlaskClient, alias: str, media: str) -> None:
    r = client.get("/ontology", query_string={"format": alias}, headers={"Accept": BROWSER})
    assert r.status_code == 200 and r.mimetype == media
    assert client.get("/ontology?format=html", headers={"Accept": "text/turtle"}).mimetype == (
        "text/html"
    )


def test_unknown_and_unacceptable_formats(client: FlaskClient) -> None:
    assert client.get("/ontology?format=docx").status_code == 400
    r = client.get("/ontology", headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 406 and "Accept" in r.headers.get("Vary", "")


def test_version_iri_and_revalidation(client: FlaskClient, ontology: Graph) -> None:
    version = str(ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo))
    assert client.get(f"/ontology/{version}").status_code == 200
    assert client.get("/ontology/0.0.1").status_code == 404
    first = client.get("/ontology", headers={"Accept": "text/turtle"})
    again = client.get(
        "/ontology", headers={"Accept": "text/turtle", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
