"""``nqs validate``: the SHACL validation report of a built store (see ``nqs.validation.run``)."""

from __future__ import annotations

from pathlib import Path

import click

LANGS = ("kk", "ru", "en")


@click.command("validate")
@click.option("--store", type=click.Path(path_type=Path), help="Store location.")
@click.option(
    "--sources",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Source folder whose known-defects.toml applies (repeatable; default: the sources).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
)
@click.option("--lang", type=click.Choice(list(LANGS)), default="en", show_default=True)
@click.option(
    "--show",
    type=click.Choice(["violations", "warnings", "infos"]),
    multiple=True,
    help="Only these severities in the text report (repeatable; default: all).",
)
@click.option("--strict", is_flag=True, help="Exit 1 on any violation, known defects too.")
@click.option("--workers", type=int, help="Processes for the document graphs (default: CPUs).")
def validate_command(
    store: Path | None,
    sources: tuple[Path, ...],
    fmt: str,
    lang: str,
    show: tuple[str, ...],
    strict: bool,
    workers: int | None,
) -> None:
    """Validate the store with the SHACL shapes and print the report; exit 1 when there are
    violations that are not acknowledged known defects (with --strict: any violation)."""
    from nqs.config import load_settings
    from nqs.store import ReadOnlyStore, StoreError
    from nqs.validation.engine import ValidatorDied
    from nqs.validation.report import render_json, render_text, render_turtle
    from nqs.validation.run import validate_store

    try:
        settings = load_settings().override(store=store, sources=sources)
        db = ReadOnlyStore(settings.store).db
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        report = validate_store(db, settings.base_iri, settings.sources, workers)
    except ValidatorDied as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(render_json(report), nl=False)
    elif fmt == "turtle":
        click.echo(render_turtle(report), nl=False)
    else:
        severities = {"violations": "Violation", "warnings": "Warning", "infos": "Info"}
        click.echo(render_text(report, lang, [severities[s] for s in show]), nl=False)
    violations = report.counts()["violations"]
    if report.blocking or (strict and violations):
        raise SystemExit(1)
