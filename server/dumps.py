"""The release's files at ``/dumps/…``: what ``nqs export`` wrote into the release folder
(the ``dumps`` setting), with the DCAT catalogue at ``/dumps/catalog.ttl``.

Only the files the release's ``manifest.json`` lists are served (and the manifest and
``SHA256SUMS`` themselves), byte for byte, with the media type the catalogue states for
them (``application/gzip`` for a compressed file, whose catalogue entry gives the
``dcat:compressFormat``), an ETag made of the file's SHA-256 and ranges. The addresses in
the catalogue are written by ``nqs export`` from the ``public_url`` setting (its
``--download-url``), never from a request's Host header."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, send_file

from nqs.config import Settings
from nqs.export.files import CHECKSUMS, MANIFEST, Manifest
from nqs.export.vocab import GZIP_MEDIA_TYPE, JSON, TEXT, format_of
from nqs.server.errors import plain_error

bp = Blueprint("dumps", __name__)
PREFIX = "/dumps"
CATALOG = "catalog.ttl"


def folder() -> Path:
    settings: Settings = current_app.config["NQS_SETTINGS"]
    return settings.dumps


def media_type(path: str) -> str:
    """The media type a release file is served with."""
    if path.endswith(".gz"):
        return GZIP_MEDIA_TYPE
    if path == MANIFEST:
        return JSON.media_type
    if path == CHECKSUMS:
        return TEXT.media_type
    return format_of(path).media_type


def served(release: Path) -> dict[str, str]:
    """The files of the release that are served: path → SHA-256 ('' if not recorded)."""
    manifest = Manifest.read(release)
    if manifest is None:
        return {}
    files = {a.path: a.sha256 for a in manifest.files}
    files.setdefault(MANIFEST, "")
    files.setdefault(CHECKSUMS, "")
    return files


@bp.route(f"{PREFIX}/<path:path>", methods=["GET", "HEAD"])
def release_file(path: str) -> Response:
    release = folder()
    files = served(release)
    if not files:
        return plain_error(404, "no release has been exported: run 'nqs export --profile all'")
    if path not in files or not (release / path).is_file():
        return plain_error(404, f"no file {path} in the release")
    return send_file(
        (release / path).resolve(),
        mimetype=media_type(path),
        conditional=True,
        etag=files[path] or True,
        max_age=300,
    )


@bp.route(PREFIX, methods=["GET", "HEAD"])
@bp.route(f"{PREFIX}/", methods=["GET", "HEAD"])
def release_index() -> Response:
    """The catalogue describes the release and every file of it."""
    return release_file(CATALOG)
