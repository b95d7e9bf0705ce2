"""The current build of an on-disk store, as its readers and its one writer open it: read-only
by default; writing is a type of its own (:class:`WritableStore`), asked for by name."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from nqs.store.builds import BuildInfo, StoreError, current_build


class ReadOnlyStore:
    """The current build, opened read-only on first use and reopened when a newer build is
    swapped in. Reading the build's description does not open the database."""

    writable = False
    """Whether the database is opened for writing (:class:`WritableStore`)."""

    def __init__(self, store: Path) -> None:
        self.path = store
        self._build: Path | None = None
        self._db: pyoxigraph.Store | None = None
        self._info: BuildInfo | None = None

    def _refresh(self) -> Path:
        build = current_build(self.path)
        if build != self._build:
            self._db = None
            self._info = BuildInfo.read(build)
            self._build = build
        return build

    @property
    def db(self) -> pyoxigraph.Store:
        build = self._refresh()
        if self._db is None:
            assert self._info is not None
            if not self._info.merged:
                raise StoreError(
                    f"{self.path} was built by an older version, whose default graph is "
                    "empty: run 'nqs build' again"
                )
            path = str(build)
            self._db = pyoxigraph.Store(path) if self.writable else pyoxigraph.Store.read_only(path)
        return self._db

    @property
    def info(self) -> BuildInfo:
        self._refresh()
        assert self._info is not None
        return self._info

    @property
    def build(self) -> Path:
        return self._refresh()


class WritableStore(ReadOnlyStore):
    """The current build opened for writing (SPARQL Update, the Graph Store Protocol): one
    process at a time may hold it."""

    writable = True
