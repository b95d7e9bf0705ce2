"""Validation of the bundled sources: the report, the known defects, the build's refusal to
swap in a graph with violations, ``nqs validate``."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF, SH

from nqs.build import build
from nqs.cli import main
from nqs.config import Settings
from nqs.namespaces import NQS
from nqs.store import BuildInfo, ReadOnlyStore, current_build
from nqs.validation.defects import (
    DEFECTS_FILE,
    DefectListError,
    KnownDefect,
    load_defects,
    read_defects,
)
from nqs.validation.report import Report, render_text
from nqs.validation.run import ValidationFailed, validate_store
from nqs.validation.shapes import NQSH
from tests.conftest import BALLET, ROOT, SEEDS, SOURCES

BASE = "https://w3id.org/kz-nqs/id/"


@pytest.fixture(scope="module")
def full_report(full_settings: Settings) -> Report:
    return validate_store(ReadOnlyStore(full_settings.store).db, BASE, (SOURCES,))


def _bundled() -> list[KnownDefect]:
    return read_defects(SOURCES / DEFECTS_FILE)


def test_bundled_sources_have_no_violations_but_the_known_defects(full_report: Report) -> None:
    """The report's violations are exactly the acknowledged defects, one for one."""
    found = sorted(
        (f.known.key() if f.known else ("unacknowledged", f.result.focus, f.result.shape, ""))
        for f in full_report.findings
        if f.severity == "Violation"
    )
    assert found == sorted(d.key() for d in _bundled())
    assert full_report.stale == []
    assert full_report.blocking == []
    assert full_report.valid


def test_known_defects_name_bundled_documents() -> None:
    files = {p.name: p for p in SOURCES.rglob("*") if p.is_file()}
    for defect in _bundled():
        path = files[defect.document]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == defect.sha256
        assert defect.reason and defect.cause in ("document", "loader")
    keys = [d.key() for d in _bundled()]
    assert len(keys) == len(set(keys))


def test_known_defects_by_kind(full_report: Report) -> None:
    """Hand counts from reading the documents: 56 cards give no NKZ code (blank «Код»,
    «-», «Новая профессия»), 9 give a four-digit unit group. None is the loaders': the one
    the PDF reader caused (PDF 56, card 8: an education row continued on the next page, its
    specialty read without its name) is gone since such a row is read as one."""
    by_shape: dict[str, int] = {}
    causes: dict[str, int] = {}
    for f in full_report.findings:
        if f.known:
            by_shape[f.known.shape] = by_shape.get(f.known.shape, 0) + 1
            causes[f.known.cause] = causes.get(f.known.cause, 0) + 1
    assert by_shape["CardOccupation"] == 56
    assert by_shape["CardOccupationCode"] == 9
    assert by_shape["FunctionSkills"] == 3 and by_shape["QualificationCode"] == 3
    assert causes == {"document": 75}


def test_findings_name_standard_card_and_element(full_report: Report) -> None:
    seed = [f for f in full_report.findings if f.result.shape.endswith("#FunctionLists>")]
    assert len(seed) == 1
    f = seed[0]
    assert [name for name, _, _ in f.documents] == ["000_ed35bb0e5147c5b7.txt"]
    assert f.location == "line 218-250"
    assert f.context["en"] == (
        "Professional standard R90012023 «Балеттанушы», profession card 1 «Балеттанушы», "
        "labor function 3 «Редакциялық және баспа жұмысы»"
    )
    assert f.context["ru"].startswith("Профессиональный стандарт R90012023 «Балеттанушы»")
    assert f.context["kk"].startswith("Кәсіптік стандарт R90012023 «Балеттанушы»")
    messages = dict(f.result.messages)
    assert set(messages) == {"kk", "ru", "en"}
    skill = "Бұқаралық ақпарат құралдарында редакциялық жұмыстарды жүргізу."
    assert messages["ru"] == f"У трудовой функции навык «{skill}» дан дважды."
    assert messages["kk"] == f"Еңбек функциясында «{skill}» дағдысы екі рет берілген."


def test_warnings_and_infos_reviewed(full_report: Report) -> None:
    """The categories of warnings and infos listed in docs/validation.md, and no others."""
    shapes = {
        f.result.shape.strip("<>").rsplit("#", 1)[-1]
        for f in full_report.findings
        if f.severity != "Violation"
    }
    assert shapes == {
        "AmendedStandardKnown",
        "CardCompetencyList",
        "DraftStandard",
        "HistoricalApproval",
        "OccupationNames",
        "RelatedLevelStated",
        "SkillLists",
    }
    docs = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    for shape in shapes:
        assert f"nqsh:{shape}" in docs


# -- the build --------------------------------------------------------------------------------


def _changed_ballet(folder: Path) -> Path:
    """The ballet standard with one byte more: the same defect, but not the acknowledged text."""
    folder.mkdir()
    copy = folder / BALLET.name
    copy.write_bytes(BALLET.read_bytes() + b"\n")
    return folder


def test_build_refuses_a_graph_with_violations(tmp_path: Path) -> None:
    store = tmp_path / "store"
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(BALLET, good)
    first = build(Settings(store=store, sources=(good,)))
    assert first.validation.valid and first.validation.counts()["known_defects"] == 1
    before = current_build(store)
    bad = _changed_ballet(tmp_path / "bad")
    with pytest.raises(ValidationFailed) as failure:
        build(Settings(store=store, sources=(bad,)))
    assert current_build(store) == before
    assert "nqsh:FunctionLists" in str(failure.value)
    assert failure.value.report.counts()["blocking"] == 1


def test_build_allow_invalid_marks_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    bad = _changed_ballet(tmp_path / "bad")
    report = build(Settings(store=store, sources=(bad,)), allow_invalid=True)
    assert not report.validation.valid
    info = BuildInfo.read(current_build(store))
    assert info.valid is False
    assert info.validation["blocking"] == 1 and info.validation["violations"] == 1
    from nqs.server.app import create_app

    client = create_app(Settings(store=store), {"TESTING": True}).test_client()
    assert client.get("/health").get_json()["valid"] is False


def test_a_defect_list_in_the_sources_acknowledges(tmp_path: Path) -> None:
    bad = _changed_ballet(tmp_path / "bad")
    sha = hashlib.sha256((bad / BALLET.name).read_bytes()).hexdigest()
    (bad / DEFECTS_FILE).write_text(
        f"""[[defect]]
document = "{BALLET.name}"
sha256 = "{sha}"
focus = "standard/R90012023/card/1/function/3"
shape = "FunctionLists"
reason = "Lines 222-239: skills 1 and 2 of function 3 have the same title."
""",
        encoding="utf-8",
    )
    report = build(Settings(store=tmp_path / "store", sources=(bad,)))
    assert report.validation.valid
    assert [f.known.source for f in report.validation.findings if f.known] == [
        str((bad / DEFECTS_FILE).resolve())
    ]


def test_defect_lists_are_checked(tmp_path: Path) -> None:
    path = tmp_path / DEFECTS_FILE
    path.write_text('[[defect]]\ndocument = "x"\n', encoding="utf-8")
    with pytest.raises(DefectListError, match="lacks"):
        read_defects(path)
    path.write_text(
        '[[defect]]\ndocument = "x"\nsha256 = "0"\nfocus = "f"\nshape = "S"\nreason = "r"\n'
        'cause = "weather"\n',
        encoding="utf-8",
    )
    with pytest.raises(DefectListError, match="cause"):
        read_defects(path)
    path.write_text("not = [toml", encoding="utf-8")
    with pytest.raises(DefectListError):
        read_defects(path)
    assert {d.key() for d in load_defects()} == {d.key() for d in _bundled()}


# -- nqs validate -----------------------------------------------------------------------------


def test_validate_command(seed_settings: Settings) -> None:
    runner = CliRunner()
    store = str(seed_settings.store)
    r = runner.invoke(main, ["validate", "--store", store, "--sources", str(SEEDS)])
    assert r.exit_code == 0, r.output
    first = r.output.splitlines()[0]
    assert first.startswith("1 violation(s): 0 blocking, 1 acknowledged as known defects;")
    assert "VIOLATION  nqsh:FunctionLists  [known defect]" in r.output
    r = runner.invoke(main, ["validate", "--store", store, "--strict"])
    assert r.exit_code == 1
    r = runner.invoke(main, ["validate", "--store", store, "--lang", "kk", "--show", "violations"])
    assert "БҰЗУШЫЛЫҚ  nqsh:FunctionLists  [белгілі ақау]" in r.output
    assert "ЕСКЕРТУ" not in r.output
    r = runner.invoke(main, ["validate", "--store", store, "--format", "json"])
    data = json.loads(r.output)
    assert data["valid"] is True and data["counts"]["known_defects"] == 1
    known = [x for x in data["results"] if x["known_defect"]]
    assert known[0]["documents"] == [BALLET.name]
    assert set(known[0]["message"]) == {"kk", "ru", "en"}
    r = runner.invoke(main, ["validate", "--store", store, "--format", "turtle"])
    graph = Graph()
    graph.parse(data=r.output, format="turtle")
    results = set(graph.subjects(RDF.type, SH.ValidationResult))
    assert len(results) == len(data["results"])
    reasons = list(graph.objects(None, NQS.knownDefectReason))
    assert len(reasons) == 1
    shapes = set(graph.objects(None, SH.sourceShape))
    assert NQSH.FunctionLists in shapes


def test_validate_command_exits_1_on_violations(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build(Settings(store=store, sources=(_changed_ballet(tmp_path / "bad"),)), allow_invalid=True)
    r = CliRunner().invoke(main, ["validate", "--store", str(store)])
    assert r.exit_code == 1
    assert r.output.startswith("1 violation(s): 1 blocking, 0 acknowledged")


def test_validate_command_without_store(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["validate", "--store", str(tmp_path / "none")])
    assert r.exit_code == 1 and "nqs build" in r.output


def test_text_report_puts_blocking_first(full_report: Report) -> None:
    text = render_text(full_report, "ru")
    assert text.splitlines()[0].endswith("info(s)")
    assert "НАРУШЕНИЕ" in text and "известный дефект" in text


def test_report_counts_match_build_info(full_settings: Settings, full_report: Report) -> None:
    info = BuildInfo.read(current_build(full_settings.store))
    assert info.valid is True
    assert info.validation == full_report.counts()
    db = ox.Store.read_only(str(current_build(full_settings.store)))
    assert len(db) > 0
