"""What ``nqs build`` shows while it runs (issue 21): one plain line per phase with its time
when standard error is not a terminal; a progress bar over the documents and a line per
finished phase on a terminal (rich, here with a console forced to be one)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from nqs.build import build
from nqs.cli import main
from nqs.config import Settings
from nqs.progress import RichPhases, phase_display
from tests.conftest import BALLET, SEEDS

PHASES = ["reading", "loading", "linking", "reasoning", "validating", "swapping"]
NOT_A_TERMINAL = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None}


def phase_lines(text: str) -> list[tuple[str, str]]:
    """The phase lines of ``text``: (phase, what it did)."""
    found = []
    for line in text.splitlines():
        match = re.fullmatch(r"(\w+): \d+\.\d s(?: \((.*)\))?", line)
        if match:
            found.append((match[1], match[2] or ""))
    return found


def test_plain_lines_when_not_on_a_terminal(tmp_path: Path) -> None:
    """Seed 000 and seed 001: the first build reads both; the second keeps both, as their
    files did not change; ``--no-cache`` reads both again. One line per phase, in order,
    on standard error; nothing of a bar."""
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(BALLET, folder)
    shutil.copy(SEEDS / "001_04ad280e7aaf98fd.txt", folder)
    args = ["build", "--sources", str(folder), "--store", str(tmp_path / "store")]
    runner = CliRunner()
    for extra, reading in [
        ([], "0 unchanged (kept), 2 read"),
        ([], "2 unchanged (kept), 0 read"),
        (["--no-cache"], "0 unchanged (kept), 2 read"),
    ]:
        r = runner.invoke(main, args + extra, env=NOT_A_TERMINAL)
        assert r.exit_code == 0, r.output
        lines = phase_lines(r.stderr)
        assert [phase for phase, _ in lines] == PHASES
        assert lines[0] == ("reading", reading)
        assert lines[4][1].endswith("0 blocking")
        assert len(r.stderr.splitlines()) == len(PHASES)
        assert phase_lines(r.stdout) == []
        kept = reading.split()[0]
        assert f"read {reading.split()[3]} document(s), {kept} unchanged kept" in r.stdout


def test_bar_on_a_terminal() -> None:
    """The events of a phase with a count and of one without, on a forced terminal: the bar
    shows the count done and the file last done; each finished phase is a line with its
    time; the bar is gone at the end (transient)."""
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    with phase_display(console) as listener:
        assert isinstance(listener, RichPhases)
        listener.started("reading", 3)
        listener.advanced("reading", "000_ed35bb0e5147c5b7.txt")
        listener.advanced("reading", "001_04ad280e7aaf98fd.txt")
        listener.progress.refresh()
        shown = out.getvalue()
        assert "reading" in shown and "2/3" in shown and "001_04ad280e7aaf98fd.txt" in shown
        listener.advanced("reading", "002_cbc5d0d511fbfc57.txt")
        listener.finished("reading", 1.234, "0 unchanged (kept), 3 read")
        listener.started("linking", None)
        listener.progress.refresh()
        listener.finished("linking", 0.25, "")
    text = out.getvalue()
    assert "✓ reading: 1.2 s (0 unchanged (kept), 3 read)" in text
    assert "✓ linking: 0.2 s" in text or "✓ linking: 0.3 s" in text
    assert not listener.progress.tasks


def test_build_on_a_terminal(tmp_path: Path) -> None:
    """A real build of seed 000 shown on a forced terminal: a line per phase, in order."""
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(BALLET, folder)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    with phase_display(console) as listener:
        report = build(Settings(store=tmp_path / "store", sources=(folder,)), listener)
    done = re.findall(r"✓ (\w+): \d+\.\d s", out.getvalue())
    assert done == PHASES == list(report.phases)
