"""The PDF reader's rows on the three PDF standards, compared exactly with a fixture.

The fixture (``tests/fixtures/pdf_rows/<stem>.json``) was written by the pdfplumber reader
before it was made faster; the faster reader must give the same rows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nqs.loaders.model import Location, Row
from nqs.loaders.read.pdf import read_pdf
from tests.conftest import ROOT, TESTS

CORPUS = ROOT / "data" / "sources" / "corpus" / "ict-ru"
FIXTURES = TESTS / "fixtures" / "pdf_rows"
PDFS = sorted(CORPUS.glob("*.pdf"))


def expected_rows(path: Path) -> list[Row]:
    data: list[dict[str, Any]] = json.loads(
        (FIXTURES / f"{path.stem}.json").read_text(encoding="utf-8")
    )
    return [
        Row(tuple(r["cells"]), Location(r["unit"], r["start"], r["end"]), r["in_table"])
        for r in data
    ]


def test_all_pdfs_have_fixtures() -> None:
    assert len(PDFS) == 3
    assert sorted(p.stem for p in PDFS) == sorted(f.stem for f in FIXTURES.glob("*.json"))


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name.split("_")[0])
def test_rows_as_before(path: Path) -> None:
    got = read_pdf(path)
    want = expected_rows(path)
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        assert g == w, f"row {i}"
    assert len(got) == len(want)
