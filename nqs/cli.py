"""The ``nqs`` command: thin subcommands over the library."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from nqs import __version__
from nqs.config import Settings, load_settings

if TYPE_CHECKING:
    from nqs.loaders.model import Block
    from nqs.store.backends import Backend


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings().override(**overrides)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


@click.group()
@click.version_option(__version__, prog_name="nqs")
def main() -> None:
    """Knowledge graph of Kazakhstan's National Qualification System."""


@main.command()
@click.option(
    "--sources",
    "sources",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Folder of source documents (repeatable; default: the bundled sources).",
)
@click.option("--store", type=click.Path(path_type=Path), help="Store location.")
@click.option("-v", "--verbose", is_flag=True, help="Print every warning.")
@click.option(
    "--allow-invalid",
    is_flag=True,
    help="Swap the store in even with violations (build.json and /health mark it invalid).",
)
@click.option(
    "--keep-going/--no-keep-going",
    "keep_going",
    default=None,
    help="Leave out the documents that cannot be loaded (listed in the summary, build.json,"
    " /health and /build) and build the rest, instead of refusing the build"
    " (setting keep_going, NQS_KEEP_GOING; default: refuse).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every document again, not only those whose file changed since the last build"
    " of this store (the build cache, <store>.cache, is renewed).",
)
def build(
    sources: tuple[Path, ...],
    store: Path | None,
    verbose: bool,
    allow_invalid: bool,
    keep_going: bool | None,
    no_cache: bool,
) -> None:
    """Build the graph from the source folders into the store, validated with the SHACL
    shapes: a document that cannot be loaded (unless --keep-going leaves it out) and
    violations that are not known defects of the documents stop the build. Documents whose
    file did not change since the last build of the store are not read again. Each phase
    is shown on standard error as it runs (a progress bar on a terminal, else a line each)."""
    from nqs.build import BuildError, left_out_entry
    from nqs.build import build as run_build
    from nqs.build_cache import cache_dir
    from nqs.loaders.documents import COVERAGE_TARGET, not_read
    from nqs.loaders.read import EXTENSIONS
    from nqs.progress import phase_display
    from nqs.store import StoreError
    from nqs.validation.engine import ValidatorDied
    from nqs.validation.run import ValidationFailed

    settings = _settings(sources=sources, store=store, keep_going=keep_going)
    try:
        with phase_display() as listener:
            report = run_build(
                settings, listener, allow_invalid=allow_invalid, use_cache=not no_cache
            )
    except (BuildError, StoreError, ValidationFailed, ValidatorDied) as exc:
        hint = ""
        if isinstance(exc, BuildError) and not settings.keep_going:
            hint = "\n(with --keep-going, such documents are left out and the rest is built)"
        raise click.ClickException(
            f"{exc}\nthe previous store (if any) is unchanged{hint}"
        ) from exc
    for doc in report.loaded:
        covered = doc.coverage.describe()
        if not doc.counts:
            click.echo(
                f"loaded  {doc.source.name}: {doc.kind} ({doc.format}); {doc.triples}"
                f" triples; {covered}"
            )
            continue
        n = doc.counts
        click.echo(
            f"loaded  {doc.source.name}: {doc.kind} ({doc.format}); {n['cards']} cards,"
            f" {n['mandatory'] + n['additional']} functions, {n['skills']} skills,"
            f" {n['abilities']} abilities, {n['knowledge']} knowledge; {doc.triples}"
            f" triples; {covered}; {n['warnings']} warnings"
        )
        if verbose:
            for warning in doc.warnings:
                click.echo(f"  warning: {warning}")
    low = [d for d in report.loaded if d.coverage.share < COVERAGE_TARGET]
    for doc in low:
        click.echo(f"LOW COVERAGE  {doc.source.name}: {doc.coverage.describe()}; 'nqs inspect'")
    for error in report.left_out:
        entry = left_out_entry(error)
        place = f" ({entry['place']})" if entry["place"] else ""
        click.echo(f"LEFT OUT  {error.path}{place}: {entry['message']}")
    for note in report.cache_warnings:
        click.echo(f"CACHE  {note}")
    readable = ", ".join(sorted(EXTENSIONS))
    for path, what in not_read(settings.sources):
        click.echo(f"NOT READ  {path}: {what}; the loaders read {readable} (save it as one)")
    click.echo(
        f"read {report.read} document(s), {report.reused} unchanged kept from the last build"
        f" ({cache_dir(settings.store)})"
    )
    if report.patched:
        click.echo(f"store: a copy of build {report.patched}, patched for the change")
    elif report.note:
        click.echo(f"store: made whole ({report.note})")
    counts = report.validation.counts()
    click.echo(
        f"validated: {counts['violations']} violation(s) ({counts['known_defects']} known"
        f" defects, {counts['blocking']} blocking), {counts['warnings']} warning(s),"
        f" {counts['infos']} info(s); 'nqs validate' prints the report"
    )
    for v in report.axiom_violations:
        click.echo(f"AXIOM  {v.resource}: {v.axiom}")
    invalid = "" if report.validation.valid else " (INVALID: built with --allow-invalid)"
    click.echo(f"built {report.build_id}: {report.triples} triples in {settings.store}{invalid}")
    if report.left_out:
        left = len(report.left_out)
        click.echo(
            f"{left} document{'s' if left != 1 else ''} left out (--keep-going), listed above,"
            f" in build.json and at /build; {len(report.loaded)} loaded"
        )


@main.command()
@click.option("--store", type=click.Path(path_type=Path), help="Store location.")
@click.option("--host", help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, help="Port (default 8000).")
@click.option("--workers", type=int, help="Worker processes (default 2).")
def serve(store: Path | None, host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the store: SPARQL endpoint at /sparql. With the endpoint setting (NQS_ENDPOINT),
    serve a remote SPARQL endpoint's data instead: no local store is needed."""
    from nqs.server.serve import serve as run_serve
    from nqs.store import StoreError, current_build

    settings = _settings(store=store, host=host, port=port, workers=workers)
    if not settings.endpoint:
        try:
            current_build(settings.store)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    run_serve(settings)


@main.command()
@click.argument("query_arg", metavar="QUERY", required=False)
@click.option("--store", type=click.Path(path_type=Path), help="Store location.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "xml", "sparql-csv", "sparql-tsv"]),
    default="table",
    show_default=True,
    help="An aligned table, plain CSV/TSV values, or a SPARQL results format "
    "(json, xml, sparql-csv, sparql-tsv).",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A value for a library query's parameter (repeatable).",
)
@click.option("--list", "list_queries", is_flag=True, help="List the query library.")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Answer as of this date (YYYY-MM-DD): the versions and acts valid then "
    "(the embedded store only).",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Ask this SPARQL 1.1 server instead of the embedded store (setting endpoint).",
)
@click.option(
    "--endpoint-graph",
    metavar="IRI",
    help="The endpoint's graph that holds the build's merge (setting endpoint_graph).",
)
def query(
    query_arg: str | None,
    store: Path | None,
    fmt: str,
    params: tuple[str, ...],
    list_queries: bool,
    as_of: datetime | None,
    endpoint: str | None,
    endpoint_graph: str | None,
) -> None:
    """Run QUERY: a library query name, a .rq file or SPARQL text, on the embedded store or
    on a separate SPARQL server (--endpoint)."""
    import pyoxigraph as ox

    from nqs import query as q
    from nqs.queries import load_library
    from nqs.store import StoreError
    from nqs.store.backends import BackendError, BackendTimeout, Dataset, QueryError

    library = load_library()
    if list_queries:
        for name, entry in library.items():
            shown = " ".join(
                f"{p.name}={p.default}" if p.default is not None else f"[{p.name}]"
                for p in entry.parameters
            )
            click.echo(f"{name:36} {entry.title}" + (f"  ({shown})" if shown else ""))
        return
    if not query_arg:
        raise click.UsageError("give a QUERY, or --list")
    given = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep:
            raise click.UsageError(f"--param {p!r} is not KEY=VALUE")
        given[key] = value
    settings = _settings(store=store, endpoint=endpoint, endpoint_graph=endpoint_graph)
    try:
        text, spec = q.resolve(query_arg, library)
        values = q.bindings(given, spec)
        backend = _query_backend(settings, as_of)
        outcome = backend.query(q.with_values(text, values), Dataset(), sys.maxsize)
    except (StoreError, FileNotFoundError, ValueError, QueryError, BackendError) as exc:
        raise click.ClickException(str(exc)) from exc
    except BackendTimeout as exc:
        raise click.ClickException(f"the query ran past the time limit: {exc}") from exc
    except SyntaxError as exc:
        raise click.ClickException(f"query syntax error: {exc}") from exc
    if outcome.kind == "select":
        try:
            table = q.finish(q.outcome_table(outcome), spec, given)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(q.format_table(table, fmt), nl=False)
    elif outcome.kind == "ask":
        click.echo("true" if outcome.boolean else "false")
    else:
        body = ox.serialize(q.outcome_triples(outcome), format=ox.RdfFormat.TURTLE) or b""
        click.echo(body.decode("utf-8"), nl=False)


def _query_backend(settings: Settings, as_of: datetime | None) -> Backend:
    """The store ``nqs query`` asks: the settings' endpoint or embedded store, or the
    embedded store's view as of a date."""
    from nqs.derive.asof import as_of_view
    from nqs.store import ReadOnlyStore
    from nqs.store.backends import DatabaseBackend, open_backend

    if as_of is None:
        return open_backend(settings)
    if settings.endpoint:
        raise click.UsageError(
            "--as-of reads the build's named graphs from the embedded store; "
            "it cannot be combined with an endpoint"
        )
    db = ReadOnlyStore(settings.store).db
    return DatabaseBackend(as_of_view(db, as_of.date().isoformat()))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def inspect(files: tuple[Path, ...]) -> None:
    """Parse FILES and show, per card, what was read, with every warning and every block
    that was assigned to no element."""
    from dataclasses import astuple

    from nqs.build import read_limits
    from nqs.loaders.documents import coverage, parse_document
    from nqs.loaders.model import SourceError
    from nqs.loaders.read.limits import reading_limits
    from nqs.loaders.standard.model import StandardDocument
    from nqs.loaders.standard.summary import card_counts

    failed = False
    limits = read_limits(_settings())
    for path in files:
        try:
            with reading_limits(limits):
                parsed = parse_document(path)
        except SourceError as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
            continue
        doc = parsed.document
        covered = coverage(parsed.stream, doc)
        kind = f"{parsed.loader.kind} ({parsed.format.name})"
        click.echo(f"{path.name}: {kind}, {covered.describe()}")
        if not isinstance(doc, StandardDocument):
            for warning in doc.warnings:
                click.echo(f"  warning: {warning}")
            _echo_unassigned(doc.unassigned)
            continue
        click.echo(f"  «{doc.title}» ({doc.language}), {len(doc.cards)} cards")
        click.echo("  card  level  mandatory  additional  skills  abilities  knowledge  name")
        for card in doc.cards:
            level = "-".join(str(n) for n in card.level.levels) if card.level else "?"
            row = "".join(f"{v:>11}" for v in astuple(card_counts(card)))
            click.echo(f"  {card.ordinal:>4}  {level:>5}{row}  {card.name}")
        for warning in doc.warnings:
            click.echo(f"  warning: {warning}")
        _echo_unassigned(doc.unassigned)
    if failed:
        raise SystemExit(1)


def _echo_unassigned(blocks: list[Block]) -> None:
    for block in blocks:
        text = block.text.replace("\n", " ")
        click.echo(f"  unassigned {block.loc.label()}: {text[:100]}")


from nqs.records import load_records_command  # noqa: E402  (registered after the group exists)

main.add_command(load_records_command)

from nqs.validation.cli import validate_command  # noqa: E402

main.add_command(validate_command)

from nqs.export.cli import export_command  # noqa: E402

main.add_command(export_command)
