"""Validators on the resource descriptions, the pages and the JSON-LD context: an ETag and
a Last-Modified tied to the build, different for each representation, and 304 to a client
whose copy is current."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from nqs.build import build
from nqs.config import Settings
from nqs.server.app import create_app
from tests.conftest import BALLET

RESOURCE = "/id/standard/R90012023/card/1"
PAGES = ["/", "/browse", "/search?q=балет", "/compare", "/build", "/query", RESOURCE]
RDF_MEDIA = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]


def _stop(app: Flask) -> None:
    evaluator = app.extensions.get("nqs.evaluator")
    if evaluator is not None:
        evaluator.stop()


@pytest.fixture()
def app(ballet_settings: Settings) -> Iterator[Flask]:
    app = create_app(ballet_settings, {"TESTING": True})
    yield app
    _stop(app)


@pytest.fixture()
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as c:
        yield c


@pytest.mark.parametrize("path", PAGES)
def test_pages_revalidate(client: FlaskClient, path: str) -> None:
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    etag, modified = r.headers["ETag"], r.headers["Last-Modified"]
    assert {"Accept-Language", "Cookie"} <= set(r.vary)
    again = client.get(path, headers={"Accept": "text/html", "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert {"Accept-Language", "Cookie"} <= set(again.vary)
    later = client.get(path, headers={"Accept": "text/html", "If-Modified-Since": modified})
    assert later.status_code == 304
    # a stale tag is answered in full, whatever the date says
    stale = client.get(
        path,
        headers={"Accept": "text/html", "If-None-Match": '"old"', "If-Modified-Since": modified},
    )
    assert stale.status_code == 200 and stale.data == r.data


def test_page_tags_differ_by_language_and_address(client: FlaskClient) -> None:
    tags = {
        client.get("/browse", headers={"Accept-Language": lang}).headers["ETag"]
        for lang in ("kk", "ru", "en")
    }
    assert len(tags) == 3
    assert (
        client.get("/browse?labels=ru").headers["ETag"]
        != client.get("/browse?labels=kk").headers["ETag"]
    )
    assert (
        client.get("/search?q=балет").headers["ETag"] != client.get("/search?q=bal").headers["ETag"]
    )
    # the language remembered in a cookie chooses the page too
    client.set_cookie("nqs_lang", "kk")
    by_cookie = client.get("/browse", headers={"Accept-Language": "en"})
    kk = client.get("/browse", headers={"Accept-Language": "kk"})
    assert by_cookie.headers["ETag"] == kk.headers["ETag"]


def test_resource_tags_differ_per_representation(client: FlaskClient) -> None:
    """Every format of a resource, and its page in each language, has a tag of its own;
    each revalidates to 304 and keeps ``Vary: Accept``."""
    tags = {}
    for media in [*RDF_MEDIA, "text/html"]:
        r = client.get(RESOURCE, headers={"Accept": media})
        assert r.status_code == 200 and r.mimetype == media
        assert "Accept" in r.vary and r.headers["Last-Modified"]
        tags[media] = r.headers["ETag"]
        again = client.get(RESOURCE, headers={"Accept": media, "If-None-Match": tags[media]})
        assert again.status_code == 304 and "Accept" in again.vary
    assert len(set(tags.values())) == len(tags)
    # another format's tag is not this one's
    other = client.get(
        RESOURCE, headers={"Accept": "text/turtle", "If-None-Match": tags["application/ld+json"]}
    )
    assert other.status_code == 200 and other.mimetype == "text/turtle"
    ru = client.get(RESOURCE, headers={"Accept": "text/html", "Accept-Language": "ru"})
    assert ru.headers["ETag"] != tags["text/html"]
    assert {"Accept", "Accept-Language", "Cookie"} <= set(ru.vary)
    turtle = client.get(RESOURCE, headers={"Accept": "text/turtle", "Accept-Language": "ru"})
    assert turtle.headers["ETag"] == tags["text/turtle"]  # RDF does not depend on it
    assert "Accept-Language" not in turtle.vary


def test_no_tag_for_what_is_not_found(client: FlaskClient) -> None:
    r = client.get("/id/standard/NO-SUCH", headers={"Accept": "text/turtle"})
    assert r.status_code == 404 and "ETag" not in r.headers
    r = client.get("/id/standard/NO-SUCH", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "ETag" not in r.headers


def test_context_document_revalidates(client: FlaskClient) -> None:
    r = client.get("/context.jsonld")
    assert r.status_code == 200 and r.mimetype == "application/ld+json"
    again = client.get("/context.jsonld", headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304


def test_tags_follow_the_build(tmp_path: Path) -> None:
    """The same address gets another tag, and a later date, once another build of the
    store is swapped in."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / BALLET.name).write_bytes(BALLET.read_bytes())
    settings = Settings(store=tmp_path / "store", sources=(folder,))
    build(settings)
    app = create_app(settings, {"TESTING": True})
    with app.test_client() as c:
        before = [c.get(path, headers={"Accept": "text/turtle"}) for path in (RESOURCE, "/browse")]
        time.sleep(1.1)  # Last-Modified has whole seconds
        build(settings)
        for old in before:
            path = RESOURCE if old.mimetype == "text/turtle" else "/browse"
            headers = {"Accept": "text/turtle", "If-None-Match": old.headers["ETag"]}
            new = c.get(path, headers=headers)
            assert new.status_code == 200 and new.headers["ETag"] != old.headers["ETag"]
            headers = {"Accept": "text/turtle", "If-Modified-Since": old.headers["Last-Modified"]}
            assert c.get(path, headers=headers).status_code == 200
    _stop(app)


def test_no_validators_when_updates_are_enabled(ballet_settings: Settings) -> None:
    """With updates enabled the data can change without a build: nothing is tagged."""
    settings = Settings(store=ballet_settings.store, update_token="secret")
    app = create_app(settings, {"TESTING": True})
    with app.test_client() as c:
        for path in ("/browse", RESOURCE):
            r = c.get(path)
            assert r.status_code == 200
            assert "ETag" not in r.headers and "Last-Modified" not in r.headers
    _stop(app)


def test_no_validators_in_front_of_a_remote_endpoint(tmp_path: Path) -> None:
    """In front of a remote endpoint no local build describes the data: queries and pages
    go to the endpoint untagged (and need no local store)."""
    settings = Settings(store=tmp_path / "no-store", endpoint="http://127.0.0.1:9/sparql")
    app = create_app(settings, {"TESTING": True})
    with app.test_client() as c:
        r = c.get("/sparql", query_string={"query": "ASK {}"})
        assert r.status_code == 503 and "unreachable" in r.get_data(as_text=True)
        assert "ETag" not in r.headers
        r = c.get("/browse")
        assert r.status_code == 503 and "ETag" not in r.headers
    _stop(app)
