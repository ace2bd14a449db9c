"""README, --help and behaviour stay in step."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from lod.cli import main
from lod.config import describe_settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_setting_with_its_variable() -> None:
    for name, _default, help_text in describe_settings():
        assert f"`{name}` | `LOD_{name.upper()}`" in README, name
        assert help_text in README, name


def test_readme_names_every_command() -> None:
    for command in main.list_commands(None):  # type: ignore[arg-type]
        assert f"lod {command}" in README, command


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for command in main.list_commands(None):  # type: ignore[arg-type]
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage: main" in result.output or "Usage: lod" in result.output


def test_readme_gives_the_two_commands() -> None:
    assert "bash scripts/serve" in README
    assert "bash scripts/test" in README
