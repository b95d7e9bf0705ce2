"""``nqs validate``: the SHACL validation report of a built store (see ``nqs.validation.run``),
or of the build a separate SPARQL server holds (``--endpoint``: copied into a scratch store
by :mod:`nqs.store.snapshot`, as ``nqs export --endpoint`` does, then validated alike)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import click

LANGS = ("kk", "ru", "en")


@click.command("validate")
@click.option("--store", type=click.Path(path_type=Path), help="Store location.")
@click.option(
    "--endpoint",
    help="Validate the build this separate SPARQL 1.1 server holds instead of the embedded"
    " store (setting endpoint): it is copied into a scratch store first.",
)
@click.option(
    "--endpoint-graph",
    help="The endpoint's graph that holds the build's merge, left out of the copy"
    " (setting endpoint_graph).",
)
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
    endpoint: str | None,
    endpoint_graph: str | None,
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
    from nqs.store.backends import BackendError, QueryError
    from nqs.store.snapshot import endpoint_snapshot
    from nqs.validation.engine import ValidatorDied
    from nqs.validation.report import render_json, render_text, render_turtle
    from nqs.validation.run import validate_store

    with ExitStack() as scratch:  # the copy of an endpoint's build, removed at the end
        try:
            settings = load_settings().override(
                store=store, sources=sources, endpoint=endpoint, endpoint_graph=endpoint_graph
            )
            if settings.endpoint:
                click.echo(f"copying the build from {settings.endpoint}", err=True)
                db = endpoint_snapshot(settings, scratch)[0]
            else:
                db = ReadOnlyStore(settings.store).db
        except (StoreError, ValueError, QueryError, BackendError) as exc:
            raise click.ClickException(str(exc)) from exc
        try:
            report = validate_store(db, settings.base_iri, settings.sources, workers)
        except ValidatorDied as exc:
            raise click.ClickException(str(exc)) from exc
        del db  # closed before its scratch folder is removed
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
