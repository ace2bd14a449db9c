"""The ``lod`` command line. Each concern owns its commands module, imported when used.

Imported lazily so that ``lod serve`` does not load the build pipeline (pySHACL) into the HTTP
server, nor ``lod --help`` everything: each command's module is imported when it is run or its
help is shown (click's lazy-loading group pattern).
"""

from __future__ import annotations

import importlib

import click

from lod import __version__

# Command name → "module:attribute" of its click command, in the order of --help.
COMMANDS = {
    "validate": "lod.publisher.commands:validate",
    "build": "lod.publisher.commands:build",
    "serve": "lod.web.commands:serve",
    "query": "lod.web.commands:query",
    "publish": "lod.web.commands:publish",
    "reconcile": "lod.reconcile.commands:reconcile",
    "init": "lod.sheets.commands:init",
}


class CommandsByConcern(click.Group):
    """A group whose commands are imported from their concern's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=CommandsByConcern, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lod")
def main() -> None:
    """lod: publish a city's twinning network as validated linked open data."""
