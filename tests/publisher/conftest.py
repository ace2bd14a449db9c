"""Fixtures of the publisher tests: a small source tree (fixtures/mini) copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lod.config import Settings

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the mini sources (ontology/, data/, shapes/), free to change."""
    target = tmp_path / "src"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def mini_settings(mini: Path, tmp_path: Path) -> Settings:
    return Settings().replace(
        ontology_dir=mini / "ontology",
        data_dir=mini / "data",
        shapes_dir=mini / "shapes",
        dist_dir=tmp_path / "out" / "dist",
    )


@pytest.fixture
def metadata(repo_root: Path) -> Path:
    return repo_root / "metadata" / "publication.ttl"
