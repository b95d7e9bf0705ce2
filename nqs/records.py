"""``nqs load-records``: check a course office's CSV records against the course rules."""

from __future__ import annotations

from pathlib import Path

import click

from nqs.config import bundled_sources
from nqs.namespaces import DEFAULT_BASE_IRI, NQS

COURSE_RULES_SEED = "seeds/001_04ad280e7aaf98fd.txt"


def default_rules() -> Path:
    """The bundled rules for qualification-improvement courses (seed 001)."""
    return bundled_sources() / COURSE_RULES_SEED


@click.command("load-records")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--rules",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Course rules to check against (default: the bundled seed 001).",
)
@click.option(
    "--lang",
    type=click.Choice(["kk", "ru", "en"]),
    default="en",
    show_default=True,
    help="Language of the report.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the records graph as Turtle to this file.",
)
def load_records_command(
    csv_file: Path, rules: Path | None, lang: str, output: Path | None
) -> None:
    """Read course records from CSV_FILE, check them against the course rules and print every
    finding with its line; exit 1 when there are findings."""
    from nqs.loaders.courses.records import load_and_check
    from nqs.loaders.iris import Minter
    from nqs.loaders.model import SourceError

    try:
        graph, findings = load_and_check(
            csv_file, rules or default_rules(), Minter(DEFAULT_BASE_IRI)
        )
    except SourceError as exc:
        raise click.ClickException(str(exc)) from exc
    if output is not None:
        graph.serialize(output, format="turtle")
    records = len(set(graph.subjects(NQS.recordId, None)))
    click.echo(f"{csv_file.name}: {records} records read, {len(findings)} finding(s)")
    for f in findings:
        where = f"line {f.line}" if f.line else "-"
        click.echo(f"  {where:>8}  {f.record:<12} {f.message(lang)}")
    if findings:
        raise SystemExit(1)
