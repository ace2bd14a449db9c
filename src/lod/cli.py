"""The ``lod`` command line. Each concern registers its own commands here."""

from __future__ import annotations

import click

from lod import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lod")
def main() -> None:
    """lod: publish a city's twinning network as validated linked open data."""


def _register() -> None:
    # Imported here so that each concern owns its commands module.
    from lod.publisher.commands import build, validate

    main.add_command(validate)
    main.add_command(build)
    from lod.web.commands import publish, query, serve

    main.add_command(serve)
    main.add_command(query)
    main.add_command(publish)
    from lod.reconcile.commands import reconcile

    main.add_command(reconcile)
    from lod.sheets.commands import init

    main.add_command(init)


_register()
