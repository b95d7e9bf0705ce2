"""The Kazakh and Russian versions of the positions order (seed 003, tests/fixtures/forms/
003_ru.txt), the amending order (seed 004, 004_ru.txt) and the course rules (seed 001,
001_ru.txt) build together, each pair into one store, and the registry shapes
nqsh:PositionsLanguageVersions, nqsh:AmendmentLanguageVersions and
nqsh:CourseRulesLanguageVersions find them in agreement. The shape cases
tests/shapes/{positions,amendment,course}-versions-{ok,bad} test each shape alone, the bad
ones with one element taken out of the Russian copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nqs.build import build
from nqs.config import Settings
from nqs.validation_report import Finding, Report
from tests.conftest import SEEDS

FORMS = Path(__file__).parent / "fixtures" / "forms"
PAIRS = {
    "positions": (
        SEEDS / "003_443e69a912bd565d.txt",
        FORMS / "003_ru.txt",
        "#PositionsLanguageVersions>",
    ),
    "amendment": (
        SEEDS / "004_f549413c4f15f9eb.txt",
        FORMS / "004_ru.txt",
        "#AmendmentLanguageVersions>",
    ),
    "courses": (
        SEEDS / "001_04ad280e7aaf98fd.txt",
        FORMS / "001_ru.txt",
        "#CourseRulesLanguageVersions>",
    ),
}  # fmt: skip


def _findings(report: Report, shape: str) -> list[Finding]:
    return [f for f in report.findings if f.result.shape.endswith(shape)]


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_versions_validate_clean(kind: str, tmp_path: Path) -> None:
    kk, ru, shape = PAIRS[kind]
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(kk, folder)
    shutil.copy(ru, folder)
    report = build(Settings(store=tmp_path / "store", sources=(folder,))).validation
    assert report.blocking == []
    assert _findings(report, shape) == []
