"""What ``nqs build`` shows while it runs (issue 21): the build's phases (:mod:`nqs.phases`)
rendered on standard error.

On a terminal, with ``rich``: the running phase with a progress bar over its documents (the
file last done beside it) or a pulsing bar where the phase has no count, and each finished
phase as a line with its time. Elsewhere (a pipe, a log file), one plain line per finished
phase: ``reading: 12.3 s (31 unchanged (kept), 2 read)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from nqs.phases import PhaseListener


def phase_line(phase: str, seconds: float, summary: str) -> str:
    """A finished phase as one line: its name, its time and what it did."""
    return f"{phase}: {seconds:.1f} s" + (f" ({summary})" if summary else "")


class PlainPhases:
    """One line per finished phase, to a file that is not a terminal."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def started(self, phase: str, total: int | None) -> None:
        pass

    def advanced(self, phase: str, item: str) -> None:
        pass

    def finished(self, phase: str, seconds: float, summary: str) -> None:
        print(phase_line(phase, seconds, summary), file=self.out, flush=True)


class RichPhases:
    """The running phase as a progress bar, each finished phase as a line above it."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def started(self, phase: str, total: int | None) -> None:
        self.task = self.progress.add_task(phase, total=total, item="")

    def advanced(self, phase: str, item: str) -> None:
        if self.task is not None:
            self.progress.update(self.task, advance=1, item=item)

    def finished(self, phase: str, seconds: float, summary: str) -> None:
        if self.task is not None:
            self.progress.remove_task(self.task)
            self.task = None
        self.progress.console.print(f"[green]✓[/green] {phase_line(phase, seconds, summary)}")


class CountColumn(ProgressColumn):
    """``12/33`` for a phase with a count, nothing for one without."""

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("")
        return Text(f"{int(task.completed)}/{int(task.total)}", style="progress.download")


def bar(console: Console) -> Progress:
    """The progress display of a build's phases on ``console``."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<11}"),
        BarColumn(),
        CountColumn(),
        TimeElapsedColumn(),
        TextColumn("[dim]{task.fields[item]}"),
        console=console,
        transient=True,
    )


@contextmanager
def phase_display(console: Console | None = None) -> Iterator[PhaseListener]:
    """A listener that shows the build's phases on ``console`` (default: standard error),
    with bars if it is a terminal, else as plain lines; the bar is gone when the block ends."""
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield PlainPhases(console.file)
        return
    with bar(console) as progress:
        yield RichPhases(progress)
