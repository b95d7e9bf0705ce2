"""Labels come from documents: markup in them must reach the reader as text. A copy of seed
000 with a ``<script>`` element in a skill's title and an attribute-breaking string in an
ability is built into a store of its own, and every page that shows those labels is checked."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from nqs.build import build
from nqs.config import Settings
from nqs.server.app import create_app
from tests.conftest import BALLET, ROOT

SCRIPT = "<script>alert('x')</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
SKILL = "/id/standard/R90012023/card/1/function/1/skill/1"


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    folder = tmp_path_factory.mktemp("injected-sources")
    lines = BALLET.read_text(encoding="utf-8").split("\n")
    # line 128 starts the title of card 1, function 1, skill 1; line 134 its first ability
    assert lines[127] == "Өзіндік ғылыми-зерттеу"
    assert lines[133].startswith("1. Хореографиялық өнердің")
    lines[127] = f"Өзіндік {SCRIPT} ғылыми-зерттеу"
    lines[133] = lines[133].replace("Хореографиялық", f"Хореографиялық {ATTRIBUTE}")
    (folder / BALLET.name).write_text("\n".join(lines), encoding="utf-8")
    settings = Settings(
        store=tmp_path_factory.mktemp("injected-store") / "store", sources=(folder,)
    )
    # the copy differs from the seed, so the seed's acknowledged defects (a skill listed
    # twice, seed 000 lines 218-250) are not recognised as such: build it all the same
    build(settings, allow_invalid=True)
    app = create_app(settings, {"TESTING": True})
    with app.test_client() as client:
        yield client
    app.extensions["nqs.evaluator"].stop()


def _safe(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "onerror=alert(1)>" not in html.replace("&gt;", "")  # never as markup


@pytest.mark.parametrize(
    "path",
    [
        SKILL,
        SKILL + "/ability/1",
        "/id/standard/R90012023/card/1",
        "/id/standard/R90012023/card/1/function/1",
        "/search?q=alert",
        "/search?q=" + SCRIPT,
        "/compare?level=6",
        "/id/source/" + "x",  # a 404 page
    ],
)
def test_markup_in_labels_is_text(injected: FlaskClient, path: str) -> None:
    html = injected.get(path).get_data(as_text=True)
    _safe(html)
    if path not in ("/id/source/x", "/compare?level=6"):
        # the injected text is on the page, as text
        assert ESCAPED_SCRIPT in html or "&#34;&gt;&lt;img" in html


def test_the_skill_title_is_escaped_where_it_is_shown(injected: FlaskClient) -> None:
    html = injected.get(SKILL).get_data(as_text=True)
    assert f'<h1 lang="kk">Өзіндік {ESCAPED_SCRIPT} ғылыми-зерттеу' in html
    html = injected.get(SKILL + "/ability/1").get_data(as_text=True)
    assert "Хореографиялық &#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_rdf_keeps_the_text_as_it_was(injected: FlaskClient) -> None:
    turtle = injected.get(SKILL, headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert SCRIPT in turtle


def test_suggestions_carry_text_not_markup(injected: FlaskClient) -> None:
    r = injected.get("/search/suggest", query_string={"q": "alert"})
    # data for the page's script, never rendered by the browser as a document
    assert r.mimetype == "application/json"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    labels = [hit["label"] for hit in json.loads(r.get_data(as_text=True))["results"]]
    assert any(SCRIPT in label for label in labels)
    assert any(ATTRIBUTE in label for label in labels)
    # the page script puts them in with textContent only
    script = (ROOT / "server/static/pages.js").read_text()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
