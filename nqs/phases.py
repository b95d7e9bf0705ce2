"""The phases of a build as it runs, told to whoever shows them (issue 21).

The build says when each phase starts (with the number of items it goes through, when it
has one: the documents), when an item is done and when the phase ends, with the seconds it
took and a short summary; it knows nothing of terminals. ``nqs build`` renders these events
(:mod:`nqs.progress`): a progress bar on a terminal, one plain line per phase elsewhere.
"""

from __future__ import annotations

import time
from typing import Protocol


class PhaseListener(Protocol):
    """Told of a build's phases, in order: each phase starts, advances, finishes."""

    def started(self, phase: str, total: int | None) -> None:
        """``phase`` began; it goes through ``total`` items (None: no count)."""

    def advanced(self, phase: str, item: str) -> None:
        """One item of ``phase`` is done (e.g. a document's file name)."""

    def finished(self, phase: str, seconds: float, summary: str) -> None:
        """``phase`` ended after ``seconds``; ``summary`` says what it did (may be empty)."""


class Phases:
    """Times a build's phases and tells a listener (if any). One phase runs at a time:
    :meth:`start` ends the one running."""

    def __init__(self, listener: PhaseListener | None = None) -> None:
        self.listener = listener
        self.seconds: dict[str, float] = {}
        """Each finished phase's time, in the order they ran."""
        self._current: str | None = None
        self._began = 0.0
        self.summary = ""
        """What the running phase did, said when it ends (set by the build as it goes)."""

    def start(self, phase: str, total: int | None = None) -> None:
        self.end()
        self._current, self._began, self.summary = phase, time.perf_counter(), ""
        if self.listener:
            self.listener.started(phase, total)

    def advance(self, item: str) -> None:
        if self.listener and self._current:
            self.listener.advanced(self._current, item)

    def end(self) -> None:
        """End the running phase, if any."""
        if self._current is None:
            return
        phase, self._current = self._current, None
        seconds = time.perf_counter() - self._began
        self.seconds[phase] = seconds
        if self.listener:
            self.listener.finished(phase, seconds, self.summary)
