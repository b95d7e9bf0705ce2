"""``nqs export --push``: every graph PUT to a real ``oxigraph serve`` with the Graph Store
Protocol, read back and compared as graphs; pushing twice changes nothing."""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from nqs.cli import main
from nqs.config import Settings
from nqs.export.push import PushError, push
from nqs.export.release import Release
from nqs.export.stats import graph_key
from tests.export.test_export_common import canonical, release_of
from tests.servers import BIN, free_port, running

pytestmark = pytest.mark.slow


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    args = [
        str(BIN / "oxigraph"),
        "serve",
        "--location",
        str(tmp_path / "db"),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    with running(args, f"http://127.0.0.1:{port}/", tmp_path / "oxigraph.log") as url:
        yield url


def remote_graphs(url: str) -> dict[str, set[ox.Quad]]:
    """Every named graph of the remote store and its default graph (key ""), read back one
    by one (GET)."""
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"})
    request = urllib.request.Request(
        f"{url}query?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request) as response:
        solutions = ox.parse_query_results(response.read(), ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [s["g"].value for s in solutions if isinstance(s["g"], ox.NamedNode)]
    out = {}
    for name in ["", *names]:
        target = f"graph={urllib.parse.quote(name, safe='')}" if name else "default"
        get = urllib.request.Request(
            f"{url}store?{target}", headers={"Accept": "application/n-triples"}
        )
        with urllib.request.urlopen(get) as response:
            triples = ox.parse(response.read(), format=ox.RdfFormat.N_TRIPLES)
            out[name] = canonical(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return out


def local_graphs(release: Release) -> dict[str, set[ox.Quad]]:
    return {
        graph_key(g): canonical(
            ox.Quad(q.subject, q.predicate, q.object)
            for q in release.db.quads_for_pattern(None, None, None, g)
        )
        for g in [ox.DefaultGraph(), *release.db.named_graphs()]
    }


def test_push_twice_and_read_back(oxigraph: str, seed_settings: Settings) -> None:
    release = release_of(seed_settings)
    first = push(release, oxigraph + "store", token="secret")
    assert len(first) == len(list(release.db.named_graphs())) + 1  # and the merge
    assert all(p.status in (200, 201, 204) for p in first)
    expected = local_graphs(release)
    assert remote_graphs(oxigraph) == expected
    push(release, oxigraph + "store", token="secret")
    assert remote_graphs(oxigraph) == expected


def test_push_from_the_command_line(oxigraph: str, seed_settings: Settings) -> None:
    result = CliRunner().invoke(
        main, ["export", "--store", str(seed_settings.store), "--push", oxigraph + "store"]
    )
    assert result.exit_code == 0, result.output
    graphs = len(list(release_of(seed_settings).db.named_graphs()))
    assert result.output.count("PUT ") == graphs + 1  # and the merge, the default graph


def test_push_secrets_from_the_environment_or_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed_settings: Settings
) -> None:
    """The bearer token from NQS_PUSH_TOKEN or --token-file, the password from
    NQS_PUSH_PASSWORD or --password-file (a file wins over the variable): what reaches the
    push. Never from the command line (tests/export/test_push_auth.py)."""
    given: list[tuple[object, object]] = []

    def fake_push(*args: object, **kwargs: object) -> list[object]:
        token = args[2] if len(args) > 2 else kwargs.get("token")
        given.append((token, kwargs.get("password")))
        return []

    monkeypatch.setattr("nqs.export.push.push", fake_push)
    base = ["export", "--store", str(seed_settings.store), "--push", "http://127.0.0.1:9/s"]
    token_file = tmp_path / "token"
    token_file.write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("NQS_PUSH_TOKEN", "from-env")
    monkeypatch.setenv("NQS_PUSH_PASSWORD", "pw-env")
    runs = [
        base,
        [*base, "--token-file", str(token_file)],
        [*base, "--password-file", str(token_file)],
    ]
    for args in runs:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    assert given == [("from-env", "pw-env"), ("from-file", "pw-env"), ("from-env", "from-file")]


def test_refused_push_is_an_error(oxigraph: str, seed_settings: Settings) -> None:
    with pytest.raises(PushError, match="HTTP 404"):
        push(release_of(seed_settings), oxigraph + "no-such-endpoint")
