"""Shared fixtures: a store built from the seeds, the app and its test client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from nqs.build import build
from nqs.config import Settings, bundled_sources
from nqs.server.app import create_app

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
"""The test folder: its fixtures/ and data/ are shared by every stage's tests."""
SOURCES = bundled_sources()
SEEDS = SOURCES / "seeds"
CORPUS = SOURCES / "corpus" / "ict-ru"
BALLET = SEEDS / "000_ed35bb0e5147c5b7.txt"


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store built once from the five seeds."""
    store = tmp_path_factory.mktemp("seed-store") / "store"
    settings = Settings(store=store, sources=(SEEDS,))
    build(settings)
    return settings


@pytest.fixture(scope="session")
def ballet_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A small store built once from seed 000 alone (one standard, three cards)."""
    folder = tmp_path_factory.mktemp("ballet-sources")
    (folder / BALLET.name).write_bytes(BALLET.read_bytes())
    settings = Settings(store=tmp_path_factory.mktemp("ballet-store") / "store", sources=(folder,))
    build(settings)
    return settings


@pytest.fixture(scope="session")
def full_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store built once from every bundled source (the seeds and the ICT corpus)."""
    store = tmp_path_factory.mktemp("full-store") / "store"
    settings = Settings(store=store, sources=(SOURCES,))
    build(settings)
    return settings


@contextmanager
def running_app(settings: Settings) -> Iterator[Flask]:
    """The app on ``settings``' store, for tests; its query evaluator stopped after."""
    app = create_app(settings, {"TESTING": True})
    try:
        yield app
    finally:
        evaluator = app.extensions.get("nqs.evaluator")
        if evaluator is not None:
            evaluator.stop()


@pytest.fixture()
def app(seed_settings: Settings) -> Iterator[Flask]:
    with running_app(seed_settings) as app:
        yield app


@pytest.fixture()
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as c:
        yield c
