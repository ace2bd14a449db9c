"""The command line imports a command's module only when that command is used (lod.cli)."""

from __future__ import annotations

import subprocess
import sys

from lod.cli import COMMANDS, main


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys, lod.cli; {code}; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_serving_does_not_load_the_build_pipeline() -> None:
    loaded = _loaded_after("lod.cli.main.get_command(None, 'serve')")
    assert "lod.web.commands" in loaded
    assert not {"pyshacl", "lod.publisher.pipeline", "lod.sheets.commands"} & loaded


def test_every_listed_command_resolves_to_a_command_of_that_name() -> None:
    for name in COMMANDS:
        command = main.get_command(None, name)
        assert command is not None and command.name == name
    assert main.get_command(None, "no-such-command") is None
