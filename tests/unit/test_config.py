from __future__ import annotations

from pathlib import Path

import pytest

from lod.config import Settings, describe_settings, load_settings


def test_defaults_serve_on_localhost_8080() -> None:
    settings = load_settings(environ={})
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.store_url == ""


def test_environment_overrides_defaults_and_is_typed() -> None:
    settings = load_settings(
        environ={
            "LOD_PORT": "9000",
            "LOD_QUERY_TIMEOUT": "2.5",
            "LOD_DIST_DIR": "/tmp/x",
            "LOD_SERVICE_ALLOWLIST": "https://query.wikidata.org/sparql, http://a/",
        }
    )
    assert settings.port == 9000
    assert settings.query_timeout == 2.5
    assert settings.dist_dir == Path("/tmp/x")
    assert settings.service_allowlist == ("https://query.wikidata.org/sparql", "http://a/")


def test_explicit_overrides_win_over_environment() -> None:
    settings = load_settings({"port": 1234}, environ={"LOD_PORT": "9000"})
    assert settings.port == 1234


def test_none_override_keeps_the_value() -> None:
    assert load_settings({"port": None}, environ={}).port == 8080


def test_unknown_setting_is_refused() -> None:
    with pytest.raises(KeyError, match="unknown setting: colour"):
        Settings().replace(colour="red")


def test_every_setting_has_help() -> None:
    for name, _default, help_text in describe_settings():
        assert help_text.strip(), name
