"""What the browser tests share: ``nqs serve`` started the way users start it, Debian's
Chromium driven by Playwright, and pages that fail their test on a console error or a
request leaving the local server.

Chromium is installed by ``scripts/setup.sh`` (``NQS_SETUP_BROWSER=1``); when it is missing
these tests fail rather than skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from nqs.config import Settings

CHROMIUM = Path(os.environ.get("NQS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
NQS = Path(sys.executable).parent / "nqs"
START_TIMEOUT = 60.0
PAGE_TIMEOUT_MS = 20_000
"""How long a page over the whole corpus may take for what a test waits for."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def served(store: Path, log: Path) -> Iterator[str]:
    """``nqs serve`` (gunicorn, one worker) over ``store`` on a free local port, its output
    in ``log``; yields its base URL once ``/health`` answers."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NQS_")}
    cmd = [str(NQS), "serve", "--store", str(store), "--port", str(port), "--workers", "1"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=out, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"nqs serve exited with {proc.returncode}: {log.read_text()}")
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"nqs serve did not answer within {START_TIMEOUT} s"
                    ) from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, for the whole session."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        pytest.fail(
            f"no Chromium at {CHROMIUM}{f' (there is one at {found})' if found else ''}: "
            "install it with `NQS_SETUP_BROWSER=1 bash scripts/setup.sh` "
            "(apt-get install chromium) or set NQS_CHROMIUM"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def watched_page(
    browser: Browser,
    base_url: str,
    timeout_ms: float,
    expected_error: Callable[[str], bool] = lambda text: False,
    **context: Any,
) -> Iterator[Page]:
    """A fresh page in a new browser context (``context``: its options); on leaving, fails
    the test on any console error not ``expected_error`` (CSP violations included) and on
    any request that left the local server."""
    ctx = browser.new_context(base_url=base_url, **context)
    pg = ctx.new_page()
    pg.set_default_timeout(timeout_ms)
    errors: list[str] = []
    foreign: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error" and not expected_error(msg.text):
            errors.append(msg.text)

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("request", lambda req: None if req.url.startswith(base_url) else foreign.append(req.url))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield pg
    finally:
        ctx.close()
    assert not errors, f"errors in the page: {errors}"
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.fixture(scope="module")
def base_url(full_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The whole corpus served by ``nqs serve``, a server for each module (a module that
    serves another store overrides this fixture and :func:`page`, as the query page's
    tests do with the seed store)."""
    with served(full_settings.store, tmp_path_factory.mktemp("serve-full") / "serve.log") as base:
        yield base


@pytest.fixture()
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh page (English interface), watched for errors and foreign requests."""
    with watched_page(
        browser, base_url, PAGE_TIMEOUT_MS, locale="en-US", viewport={"width": 1366, "height": 900}
    ) as pg:
        yield pg
