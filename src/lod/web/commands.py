"""``lod serve``, ``lod query`` and ``lod publish``: the store and the endpoint from the shell."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lod.config import Settings, load_settings
from lod.errors import LodError
from lod.store import (
    EmbeddedStore,
    LoadSpec,
    QueryResult,
    RemoteStore,
    Store,
    load_spec,
    remote_dataset,
)
from lod.store.formats import FORMATS_BY_KIND, SPARQL_TSV, TURTLE, Format, find_format
from lod.store.loading import parse_graph_option
from lod.store.queries import find_named_query, list_named_queries

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from flask import Flask

_ALL_FORMAT_NAMES = sorted({f.name for fmts in FORMATS_BY_KIND.values() for f in fmts})


def _graph_option(_ctx: Any, _param: Any, values: tuple[str, ...]) -> tuple[tuple[str, Path], ...]:
    try:
        return tuple(parse_graph_option(value) for value in values)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error


def data_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--data/--graph/--dist: what an embedded store loads (default: the built publication)."""
    for option in reversed(
        [
            click.option(
                "--data",
                "data",
                multiple=True,
                metavar="FILE",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="RDF file for the default graph (syntax from the extension: "
                ".ttl .nt .nq .trig .jsonld .rdf .owl); repeatable. "
                "Default: the built publication.",
            ),
            click.option(
                "--graph",
                "graphs",
                multiple=True,
                metavar="IRI=FILE",
                callback=_graph_option,
                help="RDF file for the named graph IRI; repeatable.",
            ),
            click.option(
                "--dist",
                "dist_dir",
                type=click.Path(file_okay=False, path_type=Path),
                help="Built publication directory (default: LOD_DIST_DIR or dist).",
            ),
        ]
    ):
        command = option(command)
    return command


def _settings(**overrides: Any) -> Settings:
    return load_settings({k: v for k, v in overrides.items() if v is not None})


@click.command()
@data_options
@click.option(
    "--store",
    "store_url",
    metavar="URL",
    help="Query a remote SPARQL 1.1 endpoint instead of an embedded store.",
)
@click.option(
    "--store-default-graph",
    metavar="IRI",
    help="With --store: the graph holding the data's default graph (Virtuoso: lod publish --into).",
)
@click.option(
    "--store-path",
    metavar="DIR",
    help="Keep the embedded store on disk in DIR (reused while the data is unchanged).",
)
@click.option("--host", help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default 8080; 0 picks a free one).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=3,
    show_default=True,
    help="Query worker processes of the embedded store (a query past its time is "
    "stopped by ending its worker; queries running over 1 s may use all but one of them).",
)
@click.option(
    "--worker-memory",
    type=click.IntRange(64),
    default=1024,
    show_default=True,
    metavar="MB",
    help="Memory limit of each query worker; a query needing more fails with 503.",
)
@click.option("--timeout", "query_timeout", type=float, help="Seconds a query may run.")
@click.option("--max-results", type=int, help="Most rows or triples a query may return.")
@click.option(
    "--server-workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    envvar="LOD_SERVER_WORKERS",
    help="HTTP worker processes (each loads its own store and query workers).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    default=8,
    show_default=True,
    envvar="LOD_SERVER_THREADS",
    help="Requests each HTTP worker answers at once.",
)
@click.option(
    "--keep-alive",
    type=click.IntRange(0, 3600),
    default=5,
    show_default=True,
    metavar="SECONDS",
    envvar="LOD_KEEP_ALIVE",
    help="How long an idle keep-alive connection stays open.",
)
@click.option(
    "--dev", is_flag=True, help="Use werkzeug's development server (one process) instead."
)
@click.option(
    "--reload-interval",
    type=float,
    metavar="SECONDS",
    help="How often to look for a new build in dist/ and switch to it (default 2; 0: only "
    "on SIGHUP).",
)
@click.option(
    "--allow-service",
    "service_allowlist",
    multiple=True,
    metavar="URL",
    help="An endpoint SERVICE may call; repeatable (default: SERVICE refused).",
)
def serve(
    data: tuple[Path, ...],
    graphs: tuple[tuple[str, Path], ...],
    workers: int,
    worker_memory: int,
    dev: bool,
    server_workers: int,
    threads: int,
    keep_alive: int,
    **options: Any,
) -> None:
    """Serve the SPARQL endpoint and the site (by default: the built publication in dist/)
    on gunicorn, a production HTTP server (--dev: werkzeug's development server).

    A new `lod build` is picked up while serving: every route switches to it at once (checked
    every --reload-interval seconds; SIGHUP also restarts the HTTP workers gracefully on the
    newest build). Files given with --data/--graph are served as they are.

    \b
    Examples:
      lod serve
      lod serve --data cities.ttl --graph https://example.org/g=extra.nt --port 8000
      lod serve --store http://localhost:7878/query

    The app factory also runs under any WSGI server (settings from LOD_* variables):

    \b
      LOD_DIST_DIR=dist gunicorn -w 2 -b 127.0.0.1:8080 'lod.web.app:create_app()'
    """
    from lod.web.server import ServerOptions, run

    if options["service_allowlist"] == ():
        options["service_allowlist"] = None
    settings = _settings(**options)
    try:
        _check_servable(settings, data, graphs)  # a clear error before any process starts
    except LodError as error:
        raise click.ClickException(error.message) from error
    where = _describe_store(settings, data, graphs)

    def make_app() -> Flask:
        return _make_app(settings, data, graphs, workers, worker_memory)

    def announce(url: str) -> None:
        click.echo(f"lod: serving {url}/sparql ({where}); Ctrl+C stops", err=True)
        sys.stderr.flush()

    if dev:
        _serve_dev(make_app, settings, announce)
        return
    server = ServerOptions(settings.host, settings.port, server_workers, threads, keep_alive)
    run(make_app, server, announce)


def _check_servable(
    settings: Settings, data: tuple[Path, ...], graphs: tuple[tuple[str, Path], ...]
) -> None:
    if data or graphs:
        LoadSpec.from_files(data, graphs)
    elif not settings.store_url:
        LoadSpec.from_manifest(settings.dist_dir, settings.base_iri)


def _make_app(
    settings: Settings,
    data: tuple[Path, ...],
    graphs: tuple[tuple[str, Path], ...],
    workers: int,
    worker_memory: int,
) -> Flask:
    """The app of one HTTP worker; files named on the command line are never switched."""
    from lod.store import open_store
    from lod.web.app import create_app

    config = {"QUERY_WORKERS": workers, "QUERY_WORKER_MEMORY_MB": worker_memory}
    store = None
    if data or graphs:
        store = open_store(
            settings,
            data=data,
            graphs=graphs,
            isolated=True,
            workers=workers,
            worker_memory_mb=worker_memory,
        )
    app = create_app(config, settings=settings, store=store)
    warm_up(app)
    return app


def warm_up(app: Flask) -> None:
    """Compute the indexes of the lists, the search and the sitemap in the background now and
    whenever a new build is served, so that no visitor waits for them (a world publication
    reads every name of 52,000 resources: 7 s). A visitor who comes first waits for the same
    computation, not a second one (:meth:`lod.web.served.BoundedCache.remember`)."""
    from lod.web import lists

    def warm() -> None:
        try:
            with app.test_request_context("/"):
                lists.warm_indexes()
        except Exception:  # the pages compute what they need anyway
            log.exception("lod: computing the lists and the search index in advance failed")

    def start() -> None:
        threading.Thread(target=warm, name="lod-warm-up", daemon=True).start()

    app.extensions["lod"].switch.on_swap = start
    start()


def _serve_dev(
    make_app: Callable[[], Flask], settings: Settings, announce: Callable[[str], None]
) -> None:
    """werkzeug's development server (one process, threads), for debugging."""
    from werkzeug.serving import make_server

    try:
        app = make_app()
    except LodError as error:
        raise click.ClickException(error.message) from error
    switch = app.extensions["lod"].switch
    server = make_server(settings.host, settings.port, app, threaded=True)
    announce(f"http://{settings.host}:{server.server_port}")
    # SIGTERM (systemd, docker, kill) stops like Ctrl+C, so the store and its files are cleaned up.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    # SIGHUP: look for a new build in dist/ now (it is also checked every --reload-interval s).
    signal.signal(signal.SIGHUP, lambda _s, _f: threading.Thread(target=switch.check).start())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        switch.close()


@click.command()
@click.argument("query")
@data_options
@click.option(
    "--store", "store_url", metavar="URL", help="Run the query on a remote SPARQL 1.1 endpoint."
)
@click.option(
    "--store-default-graph",
    metavar="IRI",
    help="With --store: the graph holding the data's default graph (Virtuoso: lod publish --into).",
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["auto", *_ALL_FORMAT_NAMES]),
    default="auto",
    show_default=True,
    help="Output format; auto: TSV for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE.",
)
@click.option("--timeout", "query_timeout", type=float, help="Seconds the query may run.")
@click.option("--max-results", type=int, help="Most rows or triples to accept.")
def query(
    query: str,
    data: tuple[Path, ...],
    graphs: tuple[tuple[str, Path], ...],
    format_name: str,
    **options: Any,
) -> None:
    """Run QUERY and print the result. QUERY is a .rq file, the name of a query in queries/,
    or - (read the query from standard input).

    \b
    Examples:
      lod query partner-cities
      lod query my.rq --format csv
      echo 'ASK { ?s ?p ?o }' | lod query - --store http://localhost:7878/query
    """
    settings = _settings(**options)
    text = _read_query(query, settings)
    try:
        store = _cli_store(settings, data, graphs)
        result = store.query(text, timeout=settings.query_timeout, max_results=settings.max_results)
        fmt = _output_format(result, format_name)
        sys.stdout.buffer.write(result.serialize(fmt))
        sys.stdout.buffer.flush()
    except LodError as error:
        raise click.ClickException(error.message) from error


@click.command()
@click.option(
    "--to",
    "endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol endpoint, e.g. http://localhost:7878/store.",
)
@data_options
@click.option(
    "--append", is_flag=True, help="Add to the graphs (POST) instead of replacing them (PUT)."
)
@click.option(
    "--into",
    metavar="IRI",
    help="Send what would go to the default graph into this named graph instead (for "
    "engines whose default graph is the union of all graphs, e.g. Virtuoso).",
)
@click.option(
    "--graph-param",
    default="graph",
    show_default=True,
    help="Name of the Graph Store parameter naming a graph (Virtuoso also takes graph-uri).",
)
@click.option("--user", help="User name, if the endpoint needs one (Basic or Digest auth).")
@click.option(
    "--password", help="Password (or LOD_PUBLISH_PASSWORD).", envvar="LOD_PUBLISH_PASSWORD"
)
def publish(
    endpoint: str,
    data: tuple[Path, ...],
    graphs: tuple[tuple[str, Path], ...],
    dist_dir: Path | None,
    append: bool,
    into: str | None,
    graph_param: str,
    user: str | None,
    password: str | None,
) -> None:
    """Load the publication (or --data/--graph files) into a remote SPARQL engine through
    the SPARQL 1.1 Graph Store HTTP Protocol: PUT replaces each graph, POST (--append) adds.

    \b
    Examples:
      lod publish --to http://localhost:7878/store
      lod publish --to http://localhost:8890/sparql-graph-crud-auth --user dba \\
        --into https://w3id.org/twinning/graph --graph-param graph-uri
    """
    from lod.store.publish import publish as publish_spec

    settings = _settings(dist_dir=dist_dir)
    try:
        spec = load_spec(settings, data, graphs)
        uploads = publish_spec(
            spec,
            endpoint,
            replace=not append,
            user=user,
            password=password,
            into=into,
            graph_param=graph_param,
        )
    except LodError as error:
        raise click.ClickException(error.message) from error
    for upload in uploads:
        click.echo(f"{upload.method} {upload.url} <- {upload.path} ({upload.status})")


def _cli_store(
    settings: Settings, data: tuple[Path, ...], graphs: tuple[tuple[str, Path], ...]
) -> Store:
    if settings.store_url:
        return RemoteStore(settings.store_url, dataset=remote_dataset(settings))
    spec: LoadSpec = load_spec(settings, data, graphs)
    return EmbeddedStore.load(spec, settings.store_path or None)


def _read_query(name: str, settings: Settings) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    named = find_named_query(settings.queries_dir, name.removesuffix(".rq"))
    if named is not None:
        return named.text
    known = ", ".join(q.name for q in list_named_queries(settings.queries_dir)) or "none"
    raise click.BadParameter(
        f"{name!r} is neither a file nor a query in {settings.queries_dir}/ (known: {known})",
        param_hint="QUERY",
    )


def _output_format(result: QueryResult, name: str) -> Format:
    if name == "auto":
        return TURTLE if result.kind == "graph" else SPARQL_TSV
    fmt = find_format(name, result.kind)
    if fmt is None:
        names = ", ".join(f.name for f in result.formats())
        raise click.BadParameter(
            f"{name} cannot hold a {result.kind} result; use one of {names}", param_hint="--format"
        )
    return fmt


def _raise_keyboard_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _describe_store(
    settings: Settings, data: tuple[Path, ...], graphs: tuple[tuple[str, Path], ...]
) -> str:
    if settings.store_url:
        return f"remote store {settings.store_url}"
    files = len(data) + len(graphs)
    source = f"{files} file(s)" if files else f"publication in {settings.dist_dir}"
    # Query workers share one on-disk store (see lod.store.isolated); without --store-path it is
    # a temporary directory, removed when the server stops.
    where = f"in {settings.store_path}" if settings.store_path else "in a temporary directory"
    return f"embedded store {where}, {source}"
