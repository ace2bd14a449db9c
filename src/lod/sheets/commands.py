"""``lod init``: start a project for any city of the bundled world data, for the whole world
data, or for a city as a live SPARQL endpoint (Wikidata's) knows it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from lod.publisher.commands import handle_errors
from lod.reconcile.wikidata import DEFAULT_TIMEOUT, WDQS, EndpointError
from lod.sheets.init import LICENSES, Seed, check_target, seed_city, seed_world, write_project
from lod.sheets.live import seed_from_endpoint
from lod.sheets.metadata import live_basis, publication_metadata, world_metadata
from lod.worlddata import load_world

ENDPOINT_FAILED = 2  # as `lod reconcile`: the endpoint, not the input, is at fault


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--city", "qid", help="Wikidata ID of the home city, e.g. Q3955.")
@click.option(
    "--world",
    "world_wide",
    is_flag=True,
    help="Instead of one city: every city and every link of both snapshots, in one publication.",
)
@click.option(
    "--from-wikidata",
    "endpoint",
    is_flag=False,
    flag_value=WDQS,
    default=None,
    metavar="[URL]",
    help=f"Seed --city from a live SPARQL endpoint instead of the bundled snapshots "
    f"(default {WDQS}).",
)
@click.option(
    "--timeout",
    type=float,
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds to wait for each answer of --from-wikidata.",
)
@click.option(
    "--license",
    "license_name",
    type=click.Choice(sorted(LICENSES)),
    default="cc-by-4.0",
    show_default=True,
    help="Licence of the published data.",
)
@handle_errors
def init(
    directory: Path,
    qid: str | None,
    world_wide: bool,
    endpoint: str | None,
    timeout: float,
    license_name: str,
) -> None:
    """Create a buildable project in DIRECTORY for a city, seeded from Wikidata-derived data."""
    if bool(qid) == world_wide:
        raise click.UsageError("give either --city QID or --world")
    if endpoint and world_wide:
        raise click.UsageError("--from-wikidata seeds one city: give --city QID")
    check_target(directory)
    license_iri = LICENSES[license_name]
    if world_wide:
        seed = seed_world(load_world())
        write_project(directory, seed, world_metadata(seed.home_slug, license_iri))
        click.echo(
            f"Created {directory}: {len(seed.cities)} cities, {len(seed.relations)} relations "
            "(each link seen from both cities; data/*.csv, marked not yet confirmed). Next: "
            f"cd {directory} && lod build && lod serve"
        )
        return
    home = (qid or "").strip().upper()
    if endpoint:
        seed, metadata = _live(endpoint, home, timeout, license_iri)
    else:
        world = load_world()
        seed = seed_city(world, home)
        metadata = publication_metadata(world.name(home), home, seed.home_slug, license_iri)
    write_project(directory, seed, metadata)
    click.echo(
        f"Created {directory}: {_home_name(seed)} and {len(seed.relations)} partner "
        f"cities (data/*.csv, marked not yet confirmed). Next: cd {directory} && lod build && "
        "lod serve"
    )


def _live(endpoint: str, home: str, timeout: float, license_iri: str) -> tuple[Seed, str]:
    """The seed and metadata from the endpoint; on failure exit 2, with nothing written."""
    try:
        seed = seed_from_endpoint(endpoint, home, timeout)
    except EndpointError as error:
        click.echo(f"lod init: {error}; nothing was written", err=True)
        raise click.exceptions.Exit(ENDPOINT_FAILED) from error
    day = datetime.now(UTC).date().isoformat()
    basis = live_basis(endpoint, day)
    return seed, publication_metadata(_home_name(seed), home, seed.home_slug, license_iri, basis)


def _home_name(seed: Seed) -> str:
    row = seed.cities[0]
    return row.get("name_en") or row.get("name_de") or row.get("name") or seed.home_qid
