"""The Kazakh and Russian versions of the positions order (seed 003, tests/fixtures/forms/
003_ru.txt), the amending order (seed 004, 004_ru.txt) and the course rules (seed 001,
001_ru.txt) build together, each pair into one store, and the registry shapes
nqsh:PositionsLanguageVersions, nqsh:AmendmentLanguageVersions and
nqsh:CourseRulesLanguageVersions find them in agreement. The shape cases
tests/shapes/{positions,amendment,course}-versions-{ok,bad} test each shape alone, the bad
ones with one element taken out of the Russian copy. The operative parts of the orders (points,
sub-points, signatories) agree too (nqsh:OperativeLanguageVersions), and a point taken out of
the Russian amending order is reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nqs.build import build
from nqs.config import Settings
from nqs.validation.report import Finding, Report
from nqs.validation.run import ValidationFailed
from tests.conftest import SEEDS, TESTS

FORMS = TESTS / "fixtures" / "forms"
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


OPERATIVE = "#OperativeLanguageVersions>"


def _findings(report: Report, shape: str) -> list[Finding]:
    return [f for f in report.findings if f.result.shape.endswith(shape)]


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_versions_validate_clean(kind: str, tmp_path: Path) -> None:
    """Each pair agrees, and so do the operative parts of the orders (points, sub-points,
    signatories: nqsh:OperativeLanguageVersions)."""
    kk, ru, shape = PAIRS[kind]
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(kk, folder)
    shutil.copy(ru, folder)
    report = build(Settings(store=tmp_path / "store", sources=(folder,))).validation
    assert report.blocking == []
    assert _findings(report, shape) == []
    assert _findings(report, OPERATIVE) == []


def test_missing_point_names_both_versions(tmp_path: Path) -> None:
    """The Russian amending order without point 3 (lines 540-541, «3. Контроль за исполнением
    …»): what follows is read as point 2's, so the Kazakh points 3 (lines 540-541) and 4
    (line 545) are reported, each naming both documents and its place."""
    kk, ru, _ = PAIRS["amendment"]
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(kk, folder)
    lines = ru.read_text(encoding="utf-8").split("\n")
    assert lines[539].strip().startswith("3. Контроль за исполнением настоящего приказа")
    assert lines[540].startswith("вице-министра науки и высшего образования")
    broken = folder / "004_ru_missing_point.txt"
    broken.write_text("\n".join(lines[:539] + lines[541:]), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        build(Settings(store=tmp_path / "store", sources=(folder,)))
    report = failed.value.report
    findings = {f.value: f for f in _findings(report, OPERATIVE)}
    assert sorted(findings) == [f"act/2023-12-06/616/point/{k}" for k in (3, 4)]
    three = findings["act/2023-12-06/616/point/3"]
    assert three.blocking
    assert [name for name, _, _ in three.documents] == [kk.name]  # the one that states it
    assert three.result.message("en") == (
        f"point/3 ({kk.name}, lines 540-541) is not in the ru version of the act's operative "
        f"part ({broken.name}): the points and signatories of its Kazakh and Russian versions "
        "differ."
    )
