"""The registry benchmark's generator (bench/registry.py, issue 22): copies of the bundled
standards are distinct standards, and a registry of them builds.

Hand-read identities of the originals: «Default 1_ Администрирование баз данных.docx» is
«Приложение № 1» to order «№222 от 05.12.2022г.» (its first table rows); seed 000 is annex
7 («7-», «қосымша», lines 6–8) to order № 150 (line 6), code R90012023 (line 42), title
«Балеттанушы» (line 10).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest

from nqs.build import build
from nqs.config import load_settings
from nqs.loaders.documents import load_document
from nqs.loaders.iris import Minter
from nqs.namespaces import DEFAULT_BASE_IRI, NQS
from tests.conftest import ROOT


def _load_registry() -> ModuleType:
    """bench/registry.py, a script (``bench`` is no package), loaded as a module."""
    path = ROOT / "bench" / "registry.py"
    spec = importlib.util.spec_from_file_location("bench_registry", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


registry = _load_registry()
DEFAULT_1 = registry.CORPUS / "Default 1_ Администрирование баз данных.docx"
SEED_000 = registry.SEEDS / registry.SEED_STANDARD
NQF_SEED = registry.SEEDS / "002_cbc5d0d511fbfc57.txt"


def test_plan_counts_standards() -> None:
    """29 standards are the bundled ones; more are copies of the Word files and seed 000,
    round after round (25 Word files and one text per round)."""
    bundled = registry.plan(29)
    assert [e.round for e in bundled] == [0] * 29
    assert {e.source for e in bundled} == set(registry.bundled_standards())
    more = registry.plan(29 + 26 + 2)
    assert [e.round for e in more[29:]] == [1] * 26 + [2, 2]
    assert all(registry.copyable(e.source) for e in more[29:])
    assert more[-2].source == DEFAULT_1
    assert len({e.name for e in more}) == len(more)


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Default 1 in rounds 1 (through python-docx) and 2 (from round 1's XML), seed 000 in
    round 1."""
    folder = tmp_path_factory.mktemp("registry")
    first = registry.write_entry(registry.Entry(DEFAULT_1, 1), folder)
    ident = registry.identity_of(DEFAULT_1)
    second = registry.write_entry(registry.Entry(DEFAULT_1, 2), folder, ident, first)
    seed = registry.write_entry(registry.Entry(SEED_000, 1), folder)
    return [first, second, seed]


def test_copies_have_new_identities(copies: list[Path]) -> None:
    first, second, seed = (registry.identity_of(p) for p in copies)
    assert first == registry.Identity("Администрирование баз данных (копия 1)", None, "1222", "1")
    assert second == registry.Identity("Администрирование баз данных (копия 2)", None, "2222", "1")
    assert seed == registry.Identity("Балеттанушы (1-көшірме)", "R90012023-1", "1150", "7")


def test_copies_are_distinct_standards(copies: list[Path]) -> None:
    minter = Minter(DEFAULT_BASE_IRI)
    originals = [load_document(p, minter) for p in (DEFAULT_1, SEED_000)]
    made = [load_document(p, minter) for p in copies]
    standards = {minter.standard(d.document) for d in originals + made}  # type: ignore[arg-type]
    graphs = {d.graph_name for d in originals + made}
    assert len(standards) == len(graphs) == 5
    assert {str(minter.standard(d.document)) for d in made} == {  # type: ignore[arg-type]
        DEFAULT_BASE_IRI + "standard/order-1222-2022-12-05-annex-1",
        DEFAULT_BASE_IRI + "standard/order-2222-2022-12-05-annex-1",
        DEFAULT_BASE_IRI + "standard/R90012023-1",
    }
    # the copies say what their originals say: as many triples, but for the new identity
    assert [len(d.triples) for d in made] == [len(originals[0].triples)] * 2 + [
        len(originals[1].triples)
    ]


def test_registry_of_copies_builds(copies: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    for path in [*copies, DEFAULT_1, NQF_SEED]:
        (folder / path.name).write_bytes(path.read_bytes())
    settings = load_settings().override(sources=(folder,), store=tmp_path / "store")
    report = build(settings, allow_invalid=True)
    assert len(report.loaded) == 5 and not report.left_out
    db = ox.Store.read_only(str((tmp_path / "store").resolve()))
    rows = db.query(
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{NQS.ProfessionalStandard}> }}"
    )
    assert isinstance(rows, ox.QuerySolutions)
    count = next(iter(rows))["n"]
    assert isinstance(count, ox.Literal) and count.value == "4"
