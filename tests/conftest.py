"""Fixtures shared by every test package.

- ``repo_root``: the repository (the directory with pyproject.toml).
- ``shared_dir``: ``../shared`` beside the repository; skips the test with a reason if absent.
- ``repo_settings``: Settings whose source directories are the repository's (absolute paths).
- ``built_dist``: the real publication, built once per session into a temporary ``dist/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lod.config import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_dir(repo_root: Path) -> Path:
    shared = repo_root.parent / "shared"
    if not shared.is_dir():
        pytest.skip(
            f"{shared} is absent: the shared standards and facts live beside the repository"
        )
    return shared


@pytest.fixture(scope="session")
def repo_settings(repo_root: Path) -> Settings:
    return Settings().replace(
        ontology_dir=repo_root / "ontology",
        data_dir=repo_root / "data",
        shapes_dir=repo_root / "shapes",
        queries_dir=repo_root / "queries",
    )


@pytest.fixture(scope="session")
def built_dist(
    repo_root: Path, repo_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """``lod build`` of the repository's sources (default base IRI) into a temporary dist/."""
    from lod.publisher.pipeline import build_publication

    dist = tmp_path_factory.mktemp("publication") / "dist"
    build_publication(repo_settings.replace(dist_dir=dist), repo_root / "metadata/publication.ttl")
    return dist
