"""``nqs export --push`` with a user and password: the Digest answer of RFC 7616 (MD5 and
SHA-256) and RFC 2617, a Basic answer, and challenges as stores write them; the token and
password never taken from the command line. Against a real Virtuoso in
tests/server/test_store_parity.py."""

from __future__ import annotations

import base64
from pathlib import Path

import click
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from nqs.cli import main
from nqs.export.cli import secret
from nqs.export.push import Credentials, graph_url

RFC7616 = (
    'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm={alg}, '
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'
)
CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"


def answer(header: str, user: str, password: str, cnonce: str, method: str, url: str) -> str:
    creds = Credentials(user=user, password=password, cnonce=lambda: cnonce)
    assert creds.challenged(header)
    found = creds.header(method, url)
    assert found is not None
    return found


def test_rfc7616_examples() -> None:
    url = "http://www.example.org/dir/index.html"
    for alg, response in (
        ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
        ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
    ):
        header = answer(RFC7616.format(alg=alg), "Mufasa", "Circle of Life", CNONCE, "GET", url)
        assert header.startswith("Digest ")
        assert f'response="{response}"' in header
        assert (
            'uri="/dir/index.html"' in header and "qop=auth" in header and "nc=00000001" in header
        )
        assert 'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"' in header


def test_rfc2617_example_and_the_count() -> None:
    challenge = (
        'Digest realm="testrealm@host.com", qop="auth,auth-int", '
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'
    )
    creds = Credentials(user="Mufasa", password="Circle Of Life", cnonce=lambda: "0a4f113b")
    assert creds.challenged(challenge)
    first = creds.header("GET", "http://host.com/dir/index.html")
    assert first is not None and 'response="6629fae49393a05397450978507c4ef1"' in first
    second = creds.header("GET", "http://host.com/dir/index.html")
    assert second is not None and "nc=00000002" in second  # the nonce used again, counted


def test_virtuoso_challenge_and_basic() -> None:
    virtuoso = (
        'Digest realm="SPARQL", domain="/sparql-graph-crud-auth", '
        'nonce="21f5c9291ca5c602f543ce57287e6e1d", opaque="5ebe2294ecd0e0f08eab7690d2a6ee69", '
        'stale="false", qop="auth", algorithm="MD5"'
    )
    url = "http://127.0.0.1:8890/sparql-graph-crud-auth?graph=http%3A%2F%2Fx%2Fg"
    header = answer(virtuoso, "dba", "dba", "00", "PUT", url)
    assert 'uri="/sparql-graph-crud-auth?graph=http%3A%2F%2Fx%2Fg"' in header
    basic = Credentials(user="u", password="p")
    assert basic.challenged('Basic realm="store"')
    assert basic.header("PUT", url) == "Basic " + base64.b64encode(b"u:p").decode()
    both = Credentials(user="u", password="p")
    assert both.challenged('Basic realm="a", ' + virtuoso)
    assert (both.header("PUT", url) or "").startswith("Digest ")  # the stronger scheme
    assert not Credentials(user="u", password="p").challenged("Negotiate abc")
    assert Credentials(token="t").header("PUT", url) == "Bearer t"


def test_the_merge_pushed_as_a_named_graph() -> None:
    assert graph_url("http://s/store", ox.DefaultGraph()) == "http://s/store?default"
    assert (
        graph_url("http://s/crud", ox.DefaultGraph(), "https://w3id.org/kz-nqs/id/graph/merge")
        == "http://s/crud?graph=https%3A%2F%2Fw3id.org%2Fkz-nqs%2Fid%2Fgraph%2Fmerge"
    )


@pytest.mark.parametrize(
    ("option", "env"), [("--token", "NQS_PUSH_TOKEN"), ("--password", "NQS_PUSH_PASSWORD")]
)
def test_secrets_on_the_command_line_are_refused(option: str, env: str) -> None:
    """A secret given as an argument is refused before anything is read or sent, with the
    ways to give it instead; the refusal does not repeat the secret."""
    args = ["export", "--push", "http://127.0.0.1:9/store", "--user", "u", option, "s3cr3t"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert f"{option} is refused" in result.output
    assert env in result.output and f"{option}-file PATH" in result.output
    assert "s3cr3t" not in result.output


def test_secret_files_are_read_to_their_line_end(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("t0ken\n", encoding="utf-8")
    assert secret("--token", None, token, "NQS_PUSH_TOKEN") == "t0ken"
    token.write_text("two\nlines\n", encoding="utf-8")
    with pytest.raises(click.UsageError, match="alone on one line"):
        secret("--token", None, token, "NQS_PUSH_TOKEN")
    with pytest.raises(click.UsageError, match="cannot be read"):
        secret("--token", None, tmp_path / "missing", "NQS_PUSH_TOKEN")


def test_secret_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NQS_PUSH_PASSWORD", "from-env")
    assert secret("--password", None, None, "NQS_PUSH_PASSWORD") == "from-env"
    given = tmp_path / "password"
    given.write_text("from-file", encoding="utf-8")
    assert secret("--password", None, given, "NQS_PUSH_PASSWORD") == "from-file"
    monkeypatch.delenv("NQS_PUSH_PASSWORD")
    assert secret("--password", None, None, "NQS_PUSH_PASSWORD") is None
