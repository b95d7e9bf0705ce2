"""The pages in front of a remote SPARQL endpoint (a real ``oxigraph serve-read-only`` over
the seed build, no local store at all) are the same pages as over the embedded store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from nqs.config import Settings
from nqs.server.app import create_app
from nqs.store import current_build
from tests.servers import BIN, free_port, running

pytestmark = pytest.mark.slow

PATHS = [
    "/",
    "/id/standard/R90012023",
    "/id/standard/R90012023/card/1",
    "/id/standard/order-591-2023-11-20-annex-1/card/3/function/1/skill/1/ability/1",
    "/id/framework/nqf/level/6",
    "/id/position/order-61-2008/1/6",
    "/browse",
    "/browse/oked",
    "/search?q=гылыми",
    "/compare?level=7",
]


def test_pages_over_a_remote_endpoint(seed_settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    args = [
        str(BIN / "oxigraph"),
        "serve-read-only",
        "--location",
        str(current_build(seed_settings.store)),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    with running(args, f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", tmp_path / "ox.log"):
        remote = create_app(
            Settings(
                store=tmp_path / "no-store",
                sources=seed_settings.sources,
                endpoint=f"http://127.0.0.1:{port}/query",
            )
        )
        embedded = create_app(seed_settings)
        try:
            r, e = remote.test_client(), embedded.test_client()
            for path in PATHS:
                a, b = r.get(path), e.get(path)
                assert a.status_code == b.status_code == 200, path
                assert a.get_data(as_text=True) == b.get_data(as_text=True), path
            card = "/id/standard/R90012023/card/1"
            a = r.get(card, headers={"Accept": "text/turtle"})
            b = e.get(card, headers={"Accept": "text/turtle"})
            assert isomorphic(
                Graph().parse(data=a.data, format="turtle"),
                Graph().parse(data=b.data, format="turtle"),
            )
            assert r.get("/id/standard/NOPE").status_code == 404
        finally:
            for app in (remote, embedded):
                app.extensions["nqs.evaluator"].stop()
