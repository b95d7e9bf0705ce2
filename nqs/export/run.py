"""One export run: the chosen profiles into a directory, then its description.

Every run ends by (re)writing the description of everything the directory holds:
``catalog.ttl`` (DCAT-AP and VoID), ``manifest.json`` (the same as plain data) and
``SHA256SUMS``. Several runs of the same build may write into one directory, profile by
profile; a directory holding another build's export is refused."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nqs.export.dcat import LICENSE, write_catalog
from nqs.export.delta import Delta, export_delta
from nqs.export.files import (
    CHECKSUMS,
    MANIFEST,
    Artifact,
    ExportError,
    Manifest,
    finish,
    write_checksums,
)
from nqs.export.release import Release
from nqs.export.stats import statistics

PROFILES = ("dump", "esco", "esco-csv", "elm", "xkos", "dcat")
"""In the order they run: ``dcat`` (the description) last."""


@dataclass(frozen=True)
class Options:
    """What to export and how."""

    profiles: tuple[str, ...]
    compress: bool = False
    previous: Path | None = None
    validate: bool = False
    license: str = LICENSE


Writer = Callable[[Release, Path, Options, Manifest], list[Artifact]]


def _dump(release: Release, folder: Path, options: Options, manifest: Manifest) -> list[Artifact]:
    from nqs.export.dump import export_dump, remove_old

    remove_old(folder)
    return export_dump(release, folder, options.compress)


def _esco(release: Release, folder: Path, options: Options, manifest: Manifest) -> list[Artifact]:
    from nqs.export.esco import export_esco

    return export_esco(release, folder, options.compress, manifest.notes)


def _esco_csv(
    release: Release, folder: Path, options: Options, manifest: Manifest
) -> list[Artifact]:
    from nqs.export.esco_csv import export_esco_csv

    return export_esco_csv(release, folder, manifest.notes)


def _elm(release: Release, folder: Path, options: Options, manifest: Manifest) -> list[Artifact]:
    from nqs.export.elm import export_elm

    return export_elm(release, folder, options.validate, manifest.notes)


def _xkos(release: Release, folder: Path, options: Options, manifest: Manifest) -> list[Artifact]:
    from nqs.export.xkos import export_xkos

    return export_xkos(release, folder, options.compress, manifest.notes)


def _dcat(release: Release, folder: Path, options: Options, manifest: Manifest) -> list[Artifact]:
    return []  # the description is written by every run (see ``export``)


WRITERS: dict[str, Writer] = {
    "dump": _dump,
    "esco": _esco,
    "esco-csv": _esco_csv,
    "elm": _elm,
    "xkos": _xkos,
    "dcat": _dcat,
}


def _open_manifest(folder: Path, release: Release) -> Manifest:
    manifest = Manifest.read(folder)
    if manifest is None:
        return Manifest(release.describe())
    if manifest.release.get("build_id") != release.info.build_id:
        raise ExportError(
            f"{folder} holds the export of build {manifest.release.get('build_id')}, "
            f"not of the current build {release.info.build_id}: use an empty directory"
        )
    manifest.release = release.describe()
    return manifest


def export(
    release: Release,
    folder: Path,
    options: Options,
    progress: Callable[[str], None] | None = None,
) -> Manifest:
    """Write the profiles, the delta (with ``options.previous``) and the description."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _open_manifest(folder, release)
    say = progress or (lambda _: None)
    for profile in (p for p in PROFILES if p in options.profiles):
        start = time.monotonic()
        artifacts = [
            finish(folder, a) for a in WRITERS[profile](release, folder, options, manifest)
        ]
        manifest.replace_profile(profile, artifacts)
        say(f"{profile}: {len(artifacts)} file(s) in {time.monotonic() - start:.1f} s")
    delta = Delta.from_notes(manifest.notes["delta"]) if "delta" in manifest.notes else None
    if options.previous is not None:
        delta, artifacts = export_delta(release, options.previous, folder, options.compress)
        manifest.replace_profile("delta", [finish(folder, a) for a in artifacts])
        manifest.notes["delta"] = delta.describe()
        say(
            f"delta: {manifest.notes['delta']['added']} added, "
            f"{manifest.notes['delta']['removed']} removed"
        )
    described = [a for a in manifest.files if a.profile != "description"]
    stats = statistics(release)
    catalog = write_catalog(folder, release, stats, described, delta, options.license)
    catalog.profile = "description"
    manifest.replace_profile("description", [finish(folder, catalog)])
    manifest.notes["statistics"] = {
        "triples": stats.triples,
        "quads": stats.quads,
        "graphs": stats.graphs,
    }
    manifest.write(folder)
    listed = [*manifest.files, finish(folder, Artifact(MANIFEST, "description", "Manifest"))]
    write_checksums(folder, listed)
    say(f"description: {folder / 'catalog.ttl'}, {folder / MANIFEST}, {folder / CHECKSUMS}")
    return manifest
