"""``lod validate`` and ``lod build``.

Errors the user can fix (a missing directory, malformed Turtle, SHACL violations, an unwritable
dist/) are printed on stderr without a traceback and exit 1; usage errors exit 2 (click).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import click

from lod.config import Settings, load_settings
from lod.errors import LodError
from lod.publisher.pipeline import DEFAULT_METADATA, Timings, build_publication, validate_sources

F = TypeVar("F", bound=Callable[..., Any])

_dir = click.Path(file_okay=False, path_type=Path)


def source_options(command: F) -> F:
    """Options shared by both commands; each overrides the matching setting (see lod.config)."""
    for name, help_text in (
        ("shapes-dir", "Directory of the SHACL shapes."),
        ("data-dir", "Directory of the source data."),
        ("ontology-dir", "Directory of the ontology's Turtle files."),
    ):
        command = click.option(f"--{name}", type=_dir, default=None, help=help_text)(command)
    return click.option("--timings", is_flag=True, help="Print the time each stage took (stderr).")(
        command
    )


def handle_errors(command: F) -> F:
    """Turn lod's errors and OS errors into a message on stderr and exit code 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except LodError as error:
            click.echo(str(error), err=True)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"{where}{error.strerror or error}", err=True)
        raise click.exceptions.Exit(1)

    return wrapper  # type: ignore[return-value]


def check_base_iri(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or not value.endswith("/"):
        raise click.BadParameter(f"{value!r} is not an absolute http(s) IRI ending in '/'")
    return value


def settings_from(**options: Any) -> Settings:
    overrides = {
        "ontology_dir": options.get("ontology_dir"),
        "data_dir": options.get("data_dir"),
        "shapes_dir": options.get("shapes_dir"),
        "dist_dir": options.get("dist"),
        "base_iri": options.get("base_iri"),
        "dataset_slug": options.get("dataset_slug"),
    }
    return load_settings({k: v for k, v in overrides.items() if v is not None})


def print_timings(timings: Timings) -> None:
    for stage, seconds in timings.seconds.items():
        click.echo(f"timing: {stage}: {seconds:.3f} s", err=True)


@click.command()
@source_options
@handle_errors
def validate(timings: bool, **options: Any) -> None:
    """Check ontology and data against the SHACL shapes; exit 1 on violations."""
    clock = Timings()
    report = validate_sources(settings_from(**options), clock)
    click.echo(report.text())
    if timings:
        print_timings(clock)
    if not report.conforms:
        raise click.exceptions.Exit(1)


@click.command()
@click.option("--base-iri", callback=check_base_iri, help="Base IRI to publish under.")
@click.option("--dist", type=_dir, default=None, help="Directory to write the publication to.")
@click.option("--dataset-slug", default=None, help="Short name of the dataset (file names, IRIs).")
@click.option(
    "--metadata",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_METADATA,
    show_default=True,
    help="Turtle file describing the publication (seed of the DCAT catalog).",
)
@click.option(
    "--reconcile",
    "reconcile_endpoint",
    is_flag=False,
    flag_value="https://query.wikidata.org/sparql",
    default=None,
    metavar="[URL]",
    help="Also compare with Wikidata (default endpoint: WDQS) and store the drift report in "
    "the publication; without it the previous report is kept.",
)
@source_options
@handle_errors
def build(metadata: Path, timings: bool, reconcile_endpoint: str | None, **options: Any) -> None:
    """Validate, derive and write the publication (dumps, VoID, DCAT) to dist/ atomically."""
    from lod.reconcile.commands import BuildStep

    clock = Timings()
    settings = settings_from(**options)
    step = BuildStep(settings, reconcile_endpoint)
    try:
        result = build_publication(settings, metadata, clock, extras=step)
    finally:
        if timings:
            print_timings(clock)
    warnings = [f for f in result.report.findings if f.severity != "Violation"]
    if warnings:
        click.echo(result.report.text(), err=True)
    manifest = result.manifest
    click.echo(
        f"Built {result.dist}: {manifest['triples']} triples, version {manifest['version'][:12]}, "
        f"{len(manifest['files'])} files."
    )
    if step.failure:
        click.echo(f"reconcile failed, the previous report was kept: {step.failure}", err=True)
        raise click.exceptions.Exit(2)
    if step.summary:
        counts = ", ".join(f"{n} {status}" for status, n in step.summary["counts"].items())
        click.echo(f"Reconciled with {step.summary['endpoint']}: {counts}.")
