"""Validators for the pages and resource descriptions: an entity tag and a modification
time tied to the current build (and to the server's own code, which shapes the pages), so
that a client revalidating an answer it holds gets 304 Not Modified without the answer
being made again.

In front of a remote endpoint the build is the one the endpoint's data describes
(:func:`nqs.server.storage.build_info`). There are none with updates enabled: then the data
can change without a new build."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, wraps
from pathlib import Path
from typing import ParamSpec

from flask import Response, current_app, make_response, request
from flask.typing import ResponseReturnValue
from werkzeug.http import is_resource_modified

import nqs
from nqs import __version__
from nqs.config import Settings
from nqs.server.answer_cache import Memory
from nqs.server.pages.i18n import label_language, ui_language
from nqs.server.storage import build_info
from nqs.store import StoreError

SERVER = Path(__file__).resolve().parent
PAGE_CACHE_CONTROL = "no-cache"  # kept, but revalidated before each use
DATA_CACHE_CONTROL = "public, max-age=60"
# The request headers a page's language is chosen by (besides ?lang= and ?labels=).
LANGUAGE_VARY = ("Accept-Language", "Cookie")

P = ParamSpec("P")


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime | None


def build_time() -> datetime | None:
    """When the current build finished (the data cannot have changed since)."""
    try:
        finished = build_info().finished
    except StoreError:
        return None
    try:
        return datetime.fromisoformat(finished).replace(microsecond=0)
    except ValueError:
        return None


@cache
def code_stamp() -> tuple[str, datetime]:
    """A digest of the code and files that make the answers (this server package and the
    modules and packages of ``nqs`` beside it), and the time the newest of them was changed."""
    digest = hashlib.sha256(__version__.encode())
    newest = 0.0
    files = [p for p in SERVER.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += Path(nqs.__file__).resolve().parent.rglob("*.py")  # its packages too (store, …)
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest()[:16], datetime.fromtimestamp(int(newest), UTC)


def validators(*representation: str) -> Validators | None:
    """The validators of this request's answer in ``representation`` (media type,
    languages: whatever else chooses the bytes); None when the data may change under a
    build (updates enabled) or there is no build (here or at the remote endpoint)."""
    settings: Settings = current_app.config["NQS_SETTINGS"]
    if settings.update_token:
        return None
    try:
        build = build_info().build_id
    except StoreError:
        return None
    code, code_time = code_stamp()
    args = sorted(request.args.items(multi=True))
    key = repr((build, code, request.path, args, representation))
    built = build_time()
    modified = max(built, code_time) if built else None
    return Validators(hashlib.sha256(key.encode()).hexdigest()[:32], modified)


Kept = tuple[int, list[tuple[str, str]], bytes]
RESPONSES = "nqs.responses"


def _responses() -> Memory[Kept] | None:
    """This worker's memory of whole responses by entity tag (``answer_cache_mb`` shared
    with the query answers); None when off."""
    if RESPONSES not in current_app.extensions:
        settings: Settings = current_app.config["NQS_SETTINGS"]
        limit = settings.answer_cache_mb * 1024 * 1024
        made = Memory[Kept](limit, lambda kept: len(kept[2])) if limit > 0 else None
        current_app.extensions[RESPONSES] = made
    memory: Memory[Kept] | None = current_app.extensions[RESPONSES]
    return memory


def stamp(response: Response, found: Validators | None, cache_control: str) -> Response:
    """``response`` with the validators (a successful answer only); a whole 200 answer is
    kept under its entity tag, which names everything that chose its bytes."""
    if found is not None and (response.status_code == 200 or response.status_code == 304):
        response.set_etag(found.etag)
        if found.last_modified is not None:
            response.last_modified = found.last_modified
        response.headers["Cache-Control"] = cache_control
        if response.status_code == 200:
            remember(found.etag, response)
    return response


def remember(etag: str, response: Response) -> None:
    """Keep a whole 200 answer under its entity tag (not a streamed one)."""
    memory = _responses()
    if memory is not None and not response.is_streamed:
        memory.put(
            etag, (response.status_code, list(response.headers.items()), response.get_data())
        )


def remembered(etag: str) -> Response | None:
    """The answer kept under ``etag``, made again from its status, headers and bytes."""
    memory = _responses()
    kept = memory.get(etag) if memory is not None else None
    if kept is None:
        return None
    status, headers, body = kept
    return Response(body, status=status, headers=headers)


def not_modified(found: Validators | None, cache_control: str) -> Response | None:
    """304 when the client's copy is current (``If-None-Match``, else
    ``If-Modified-Since``); the answer kept under the same entity tag when there is one;
    None when the answer must be made."""
    if found is None:
        return None
    if is_resource_modified(request.environ, etag=found.etag, last_modified=found.last_modified):
        return remembered(found.etag)
    response = Response(status=304)
    del response.headers["Content-Type"]
    return stamp(response, found, cache_control)


def revalidated(
    representation: Callable[[], tuple[str, ...]], vary: tuple[str, ...]
) -> Callable[[Callable[P, ResponseReturnValue]], Callable[P, Response]]:
    """A page view answered with validators, and with 304 to a client whose copy is
    current; ``representation`` gives what besides the address and the build chooses the
    page (its languages), ``vary`` the request headers that choose it."""

    def decorate(view: Callable[P, ResponseReturnValue]) -> Callable[P, Response]:
        @wraps(view)
        def answer(*args: P.args, **kwargs: P.kwargs) -> Response:
            found = validators(*representation())
            response = not_modified(found, PAGE_CACHE_CONTROL)
            if response is None:
                response = stamp(make_response(view(*args, **kwargs)), found, PAGE_CACHE_CONTROL)
            response.vary.update(vary)
            return response

        return answer

    return decorate


def languages() -> tuple[str, ...]:
    """What chooses a page besides its address and the build: the interface language and
    the language of labels."""
    return (ui_language(), label_language())


def _page_representation() -> tuple[str, ...]:
    return ("page", *languages())


page = revalidated(_page_representation, LANGUAGE_VARY)
"""A page in the interface language: validators, 304, ``Vary: Accept-Language, Cookie``."""
