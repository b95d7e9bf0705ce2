"""The interface language (kk, ru or en) and the preferred language of labels, chosen
separately: ``?lang=`` and ``?labels=`` (remembered in cookies), else the browser's
``Accept-Language``, else English. Messages live in ``server/i18n/<lang>.toml``; a message
missing in one language falls back to English."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, request

from nqs.server.pages.terms import Node

LANGUAGES = ("kk", "ru", "en")
DEFAULT = "en"
LANG_COOKIE = "nqs_lang"
LABELS_COOKIE = "nqs_labels"
COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
I18N = Path(__file__).resolve().parent.parent / "i18n"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


@cache
def messages(lang: str) -> dict[str, str]:
    """Every message of one language, by dotted key (``nav.home``)."""
    with (I18N / f"{lang}.toml").open("rb") as fh:
        return _flatten(tomllib.load(fh))


def _chosen(param: str, cookie: str) -> str | None:
    given = request.args.get(param, "").strip().lower()
    if given in LANGUAGES:
        return given
    stored = request.cookies.get(cookie, "")
    return stored if stored in LANGUAGES else None


def ui_language() -> str:
    """The interface language of this request."""
    chosen = _chosen("lang", LANG_COOKIE)
    if chosen:
        return chosen
    best = request.accept_languages.best_match(LANGUAGES)
    return best or DEFAULT


def label_language() -> str:
    """The language labels are preferred in (the interface language unless chosen)."""
    return _chosen("labels", LABELS_COOKIE) or ui_language()


def label_order(first: str) -> tuple[str, ...]:
    """Languages to try for a label, best first: the chosen one, then the others in the
    order of the sources (Kazakh, Russian, English), then untagged text."""
    return (first, *(x for x in LANGUAGES if x != first), "")


def pick(nodes: list[Node], order: tuple[str, ...]) -> Node | None:
    """The literal in the best language of ``order`` (any literal if none matches)."""
    if not nodes:
        return None
    rank = {lang: i for i, lang in enumerate(order)}
    return min(nodes, key=lambda n: (rank.get(n.lang.split("-")[0], len(order)), n.value))


class Translator:
    """``t("nav.home")`` or ``t("count", n=3)``: the message in the interface language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._own = messages(lang)
        self._fallback = messages(DEFAULT)

    def __call__(self, key: str, **values: object) -> str:
        text = self._own.get(key) or self._fallback.get(key) or key
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self._own or key in self._fallback


def switch_url(param: str, lang: str) -> str:
    """This page's address with ``param`` set to ``lang``."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != param]
    args.append((param, lang))
    return request.script_root + request.path + "?" + urlencode(args)


def remember(response: Response) -> Response:
    """Keep a language chosen by ``?lang=`` / ``?labels=`` in a cookie."""
    for param, cookie in (("lang", LANG_COOKIE), ("labels", LABELS_COOKIE)):
        given = request.args.get(param, "").strip().lower()
        if given in LANGUAGES and request.cookies.get(cookie) != given:
            response.set_cookie(cookie, given, max_age=COOKIE_AGE, samesite="Lax", httponly=True)
    return response


def install(app: Flask) -> None:
    """Make ``t``, the languages and the switch links available to every template."""

    @app.context_processor
    def language_context() -> dict[str, Any]:
        lang = ui_language()
        return {
            "t": Translator(lang),
            "ui_lang": lang,
            "label_lang": label_language(),
            "languages": LANGUAGES,
            "language_names": LANGUAGE_NAMES,
            "switch_url": switch_url,
        }

    app.after_request(remember)
