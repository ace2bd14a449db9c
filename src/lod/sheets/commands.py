"""``lod init``: start a project for any city of the bundled world data."""

from __future__ import annotations

from pathlib import Path

import click

from lod.publisher.commands import handle_errors
from lod.sheets.init import LICENSES, check_target, seed_city, write_project
from lod.sheets.metadata import publication_metadata
from lod.worlddata import load_world


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--city", "qid", required=True, help="Wikidata ID of the home city, e.g. Q3955.")
@click.option(
    "--license",
    "license_name",
    type=click.Choice(sorted(LICENSES)),
    default="cc-by-4.0",
    show_default=True,
    help="Licence of the published data.",
)
@handle_errors
def init(directory: Path, qid: str, license_name: str) -> None:
    """Create a buildable project in DIRECTORY for a city, seeded from Wikidata-derived data."""
    check_target(directory)
    world = load_world()
    seed = seed_city(world, qid.strip().upper())
    metadata = publication_metadata(world, seed.home_qid, seed.home_slug, LICENSES[license_name])
    write_project(directory, seed, metadata)
    click.echo(
        f"Created {directory}: {world.name(seed.home_qid)} and {len(seed.relations)} partner "
        f"cities (data/*.csv, marked not yet confirmed). Next: cd {directory} && lod build && "
        "lod serve"
    )
