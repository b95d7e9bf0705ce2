"""``nqs validate --endpoint`` (issue 19.4): the build a real ``oxigraph serve`` holds (the seed
build's N-Quads dump, its default graph the merge), or a real Virtuoso 7 (the merge loaded into
a named graph, given as ``--endpoint-graph``), is copied into a scratch store by
``nqs.store.snapshot``, as ``nqs export --endpoint`` does, and validated as the embedded store
is: the same report. Virtuoso's case is skipped, saying why, where it cannot be installed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from nqs.cli import main
from nqs.config import Settings
from tests.conftest import BALLET, SEEDS
from tests.servers import nquads_dump, oxigraph_serving, virtuoso_missing, virtuoso_serving

pytestmark = pytest.mark.slow

MERGE_GRAPH = "https://w3id.org/kz-nqs/id/graph/merge-seed"
"""Virtuoso's graph for the merge of the seed build."""


@pytest.fixture(scope="module")
def endpoints(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, list[str]]]:
    """The ``--endpoint`` options of an ``oxigraph serve`` and of a Virtuoso (when it can
    run) over the seed build's dump."""
    folder = tmp_path_factory.mktemp("validate-endpoint")
    dumps = folder / "dumps"
    dump = nquads_dump(seed_settings.store, dumps / "seed.nq")
    with ExitStack() as stack:
        found = {"oxigraph": ["--endpoint", stack.enter_context(oxigraph_serving(dump, folder))]}
        if not virtuoso_missing():
            virtuoso = stack.enter_context(virtuoso_serving(folder / "virtuoso", [dumps]))
            virtuoso.load(dump, MERGE_GRAPH)
            found["virtuoso"] = ["--endpoint", virtuoso.sparql, "--endpoint-graph", MERGE_GRAPH]
        yield found


def _report(source: list[str]) -> dict[str, Any]:
    """The JSON report ``nqs validate SOURCE --format json`` prints (the seeds' defects)."""
    args = ["validate", *source, "--sources", str(SEEDS), "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output[-1000:]
    data: dict[str, Any] = json.loads(result.output[result.output.index("{") :])
    return data


@pytest.mark.parametrize("which", ["oxigraph", "virtuoso"])
def test_validate_a_separate_server(
    seed_settings: Settings, endpoints: dict[str, list[str]], which: str
) -> None:
    """The same counts and results as on the embedded store: one violation, the known defect
    of seed 000 (data/sources/known-defects.toml, lines 9-14: labor function 3 of card 1,
    shape FunctionLists; its two skills, lines 222 and 237 of the seed, have the same title
    «Бұқаралық ақпарат құралдарында редакциялық жұмыстарды жүргізу.»)."""
    if which not in endpoints:
        pytest.skip(f"no Virtuoso: {virtuoso_missing()}")
    embedded = _report(["--store", str(seed_settings.store)])
    remote = _report(endpoints[which])
    assert remote["counts"] == embedded["counts"]
    assert remote["counts"]["violations"] == 1 and remote["counts"]["known_defects"] == 1
    assert remote["valid"] is True
    assert remote["results"] == embedded["results"]
    known = [x for x in remote["results"] if x["known_defect"]]
    assert [x["documents"] for x in known] == [[BALLET.name]]
    assert known[0]["focus"].endswith("standard/R90012023/card/1/function/3")


def test_validate_an_endpoint_without_a_build(tmp_path: Path) -> None:
    """An endpoint that answers but holds no build is an error naming it, not a traceback."""
    empty = tmp_path / "empty.nq"
    empty.write_text("", encoding="utf-8")
    with oxigraph_serving(empty, tmp_path / "ox") as url:
        result = CliRunner().invoke(main, ["validate", "--endpoint", url])
    assert result.exit_code == 1
    assert f"{url} holds no graph of a build" in result.output
