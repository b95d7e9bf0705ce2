"""The release's files served by the app at ``/dumps/…`` (the ``dumps`` setting): every
``dcat:downloadURL`` of the catalogue answers with the file's bytes and its media type."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from nqs.config import Settings
from nqs.export.run import Options, export
from nqs.server.app import create_app
from tests.export.test_export_common import PUBLIC, release_of

DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
IANA = "http://www.iana.org/assignments/media-types/"


@pytest.fixture(scope="module")
def release_folder(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dumps")
    release = release_of(seed_settings)
    assert release.download_url == PUBLIC + "dumps/"
    export(release, folder, Options(("dump", "esco-csv", "xkos", "dcat"), compress=True))
    export(release, folder, Options(("esco",)))  # a plain file beside the compressed ones
    return folder


@pytest.fixture(scope="module")
def client(seed_settings: Settings, release_folder: Path) -> Iterator[FlaskClient]:
    settings = seed_settings.override(dumps=release_folder, public_url=PUBLIC)
    app = create_app(settings, {"TESTING": True})
    with app.test_client() as c:
        yield c


@dataclass(frozen=True)
class Answer:
    status: int
    mimetype: str
    headers: dict[str, str]
    body: bytes


def fetch(client: FlaskClient, path: str, **headers: str) -> Answer:
    """A GET, its response read and closed (a file is sent from an open file)."""
    with client.get(path, headers=headers) as r:
        return Answer(r.status_code, r.mimetype or "", dict(r.headers), r.get_data())


def distributions(folder: Path) -> list[dict[str, str]]:
    catalog = ox.Store()
    catalog.load(path=folder / "catalog.ttl", format=ox.RdfFormat.TURTLE)
    rows = catalog.query(
        f"""SELECT ?url ?media ?zip ?sum WHERE {{
          ?d a <{DCAT}Distribution> ; <{DCAT}downloadURL> ?url ; <{DCAT}mediaType> ?media ;
             <{SPDX}checksum>/<{SPDX}checksumValue> ?sum .
          OPTIONAL {{ ?d <{DCAT}compressFormat> ?zip }} }}"""
    )
    assert isinstance(rows, ox.QuerySolutions)
    names = [v.value for v in rows.variables]
    return [{n: t.value for n in names if (t := r[n]) is not None} for r in rows]


def test_every_download_url_answers_with_the_file(
    client: FlaskClient, release_folder: Path
) -> None:
    found = distributions(release_folder)
    files = {str(p.relative_to(release_folder)) for p in release_folder.rglob("*") if p.is_file()}
    assert len(found) == len(files) - 3  # all but catalog.ttl, manifest.json, SHA256SUMS
    assert any("zip" in d for d in found) and any("zip" not in d for d in found)
    for d in found:
        url = d["url"]
        assert url.startswith(PUBLIC + "dumps/"), url
        path = url.removeprefix(PUBLIC + "dumps/")
        r = fetch(client, "/dumps/" + path)
        assert r.status == 200, url
        media = d.get("zip", d["media"]).removeprefix(IANA)
        assert r.mimetype == media, url
        assert r.body == (release_folder / path).read_bytes(), url
        assert hashlib.sha256(r.body).hexdigest() == d["sum"], url
        assert r.headers["ETag"] == f'"{d["sum"]}"'


def test_the_catalogue_at_a_stable_address(client: FlaskClient, release_folder: Path) -> None:
    for path in ("/dumps/catalog.ttl", "/dumps/", "/dumps"):
        r = fetch(client, path, Host="elsewhere.example")
        assert r.status == 200 and r.mimetype == "text/turtle"
        assert r.body == (release_folder / "catalog.ttl").read_bytes()
        assert b"elsewhere.example" not in r.body
    r = fetch(client, "/dumps/manifest.json")
    assert r.status == 200 and r.mimetype == "application/json"
    r = fetch(client, "/dumps/SHA256SUMS")
    assert r.status == 200 and r.mimetype == "text/plain"


def test_only_the_release_files(client: FlaskClient, release_folder: Path) -> None:
    (release_folder / "stray.txt").write_text("not part of the release", "utf-8")
    for path in ("/dumps/stray.txt", "/dumps/../build.json", "/dumps/dump/nothing.nq"):
        assert fetch(client, path).status == 404, path


def test_revalidation(client: FlaskClient) -> None:
    r = fetch(client, "/dumps/catalog.ttl")
    again = fetch(client, "/dumps/catalog.ttl", **{"If-None-Match": r.headers["ETag"]})
    assert again.status == 304


def test_no_release_yet(seed_settings: Settings, tmp_path: Path) -> None:
    app = create_app(seed_settings.override(dumps=tmp_path / "none"), {"TESTING": True})
    r = fetch(app.test_client(), "/dumps/catalog.ttl")
    assert r.status == 404
    assert b"nqs export" in r.body
