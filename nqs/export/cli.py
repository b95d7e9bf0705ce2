"""``nqs export``: write the exports for partner registries, or push the graphs to a
partner's store."""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from nqs.export.run import PROFILES

if TYPE_CHECKING:
    import pyoxigraph as ox

    from nqs.config import Settings
    from nqs.store import BuildInfo

TOKEN_ENV = "NQS_PUSH_TOKEN"
PASSWORD_ENV = "NQS_PUSH_PASSWORD"


def secret(option: str, argv: str | None, file: Path | None, env: str) -> str | None:
    """A secret for --push, from ``--<name>-file`` or else the environment variable ``env``;
    never from the command line, where every user of the machine reads it in the process
    list (``option`` given there is refused). The file's one line, without its line end."""
    if argv is not None:
        raise click.UsageError(
            f"{option} is refused: a secret on the command line is visible to every user in"
            f" the process list; set {env} or give {option}-file PATH"
        )
    if file is None:
        return os.environ.get(env) or None
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise click.UsageError(f"{option}-file {file}: cannot be read ({exc})") from exc
    value = text.rstrip("\r\n")
    if not value or "\n" in value:
        raise click.UsageError(f"{option}-file {file}: give the secret alone on one line")
    return value


def _source(settings: Settings, scratch: ExitStack) -> tuple[ox.Store, BuildInfo]:
    """The build to export: the embedded store's current build, or a copy of the one the
    settings' endpoint holds (:mod:`nqs.store.snapshot`), in a folder removed when
    ``scratch`` closes."""
    from nqs.store import ReadOnlyStore
    from nqs.store.snapshot import endpoint_snapshot

    if not settings.endpoint:
        source = ReadOnlyStore(settings.store)
        return source.db, source.info
    click.echo(f"copying the build from {settings.endpoint}", err=True)
    return endpoint_snapshot(settings, scratch)


@click.command("export")
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    type=click.Choice([*PROFILES, "all"]),
    help="What to export (repeatable): dump, dcat, esco, esco-csv, elm, xkos, or all.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory (default: the dumps setting, the release folder the server serves).",
)
@click.option("--store", type=click.Path(path_type=Path), help="Store location.")
@click.option("--gzip", "compress", is_flag=True, help="Compress the RDF dumps with gzip.")
@click.option(
    "--previous",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Export directory of a previous release: also write the triples added and removed.",
)
@click.option("--version", "version", help="Release version (default: the build's version).")
@click.option(
    "--public-url",
    help="Public base URL of the server; its /sparql is the endpoint "
    "(default: the public_url setting, else host and port).",
)
@click.option(
    "--download-url",
    help="Where the export directory is published (default: <public-url>/dumps/, where the "
    "server serves the dumps setting's folder).",
)
@click.option("--license", "license_iri", help="Licence IRI of the data (default: CC BY 4.0).")
@click.option("--validate", is_flag=True, help="Validate the ELM export with pySHACL.")
@click.option("--push", "push_url", help="Graph Store Protocol endpoint: PUT every graph there.")
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"File holding the bearer token for --push (or the {TOKEN_ENV} environment variable).",
)
@click.option("--token", "token_argv", hidden=True, help="Refused: a secret on the command line.")
@click.option(
    "--user",
    help="User for --push, with a password (--password-file): answered to the store's Digest"
    " (or Basic) challenge, as Virtuoso's /sparql-graph-crud-auth asks.",
)
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"File holding the password for --push with --user (or the {PASSWORD_ENV}"
    " environment variable).",
)
@click.option(
    "--password", "password_argv", hidden=True, help="Refused: a secret on the command line."
)
@click.option(
    "--default-graph",
    "push_default_graph",
    help="Push the default graph (the merge) as this named graph: for a store whose default "
    "graph is all its graphs (Virtuoso); the server then sends it as default-graph-uri "
    "(setting endpoint_graph).",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Export the build a separate SPARQL 1.1 server holds, copied from it, instead of the"
    " embedded store (setting endpoint).",
)
@click.option(
    "--endpoint-graph",
    metavar="IRI",
    help="The endpoint's graph that holds the build's merge, left out of the copy"
    " (setting endpoint_graph).",
)
def export_command(
    profiles: tuple[str, ...],
    out: Path | None,
    store: Path | None,
    compress: bool,
    previous: Path | None,
    version: str | None,
    public_url: str | None,
    download_url: str | None,
    license_iri: str | None,
    validate: bool,
    push_url: str | None,
    token_file: Path | None,
    token_argv: str | None,
    user: str | None,
    password_file: Path | None,
    password_argv: str | None,
    push_default_graph: str | None,
    endpoint: str | None,
    endpoint_graph: str | None,
) -> None:
    """Export the graph for partner registries (--profile … --out DIR) and/or push every
    named graph to a partner's store (--push URL)."""
    from nqs.config import load_settings
    from nqs.export.dcat import LICENSE
    from nqs.export.files import ExportError
    from nqs.export.push import PushError, push
    from nqs.export.release import Release
    from nqs.export.run import Options, export
    from nqs.store import StoreError
    from nqs.store.backends import BackendError, QueryError

    if not profiles and not push_url:
        raise click.UsageError("give --profile NAME [--out DIR], or --push URL")
    token = secret("--token", token_argv, token_file, TOKEN_ENV)
    password = secret("--password", password_argv, password_file, PASSWORD_ENV)
    try:
        settings = load_settings().override(
            store=store, dumps=out, endpoint=endpoint, endpoint_graph=endpoint_graph
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    out = settings.dumps
    scratch = ExitStack()  # the copy of an endpoint's build, removed at the end
    try:
        db, info = _source(settings, scratch)
        public = public_url or settings.public_url or f"http://{settings.host}:{settings.port}/"
        release = Release(
            db=db,
            info=info,
            base_iri=settings.base_iri,
            version=version or info.version,
            public_url=public,
            download_url=download_url or f"{public.rstrip('/')}/dumps/",
        )
        if profiles:
            chosen = PROFILES if "all" in profiles else profiles
            options = Options(chosen, compress, previous, validate, license_iri or LICENSE)
            export(release, out, options, progress=lambda m: click.echo(m, err=True))
            click.echo(f"exported {', '.join(p for p in PROFILES if p in chosen)} to {out}")
        if push_url:
            pushed = push(
                release,
                push_url,
                token,
                progress=lambda m: click.echo(m),
                user=user,
                password=password,
                default_graph=push_default_graph,
            )
            click.echo(f"pushed {len(pushed)} graph(s) to {push_url}")
    except (StoreError, ExportError, PushError, QueryError, BackendError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        scratch.close()
