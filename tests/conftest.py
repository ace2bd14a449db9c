"""Fixtures shared by every test package.

- ``repo_root``: the repository (the directory with pyproject.toml).
- ``shared_dir``: ``../shared`` beside the repository; skips the test with a reason if absent.
- ``repo_settings``: Settings whose source directories are the repository's (absolute paths).
- ``built_dist``: the real publication, built once per session into a temporary ``dist/``.
- ``project_under_test``: the publication whose data the data and query checks look at: the
  project in ``LOD_PROJECT_DIR`` (a directory made by ``lod init``), else the repository's
  Osnabrück publication.
- ``publication``: the generic checks' subject, twice: the project under test and a fresh
  ``lod init`` project of another city (Vilnius, 56 partners), so that every rule is seen to
  hold for a city whose data nobody wrote by hand.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from lod.config import Settings
from lod_projects import INIT_CITY, PROJECT_ENV, REPO_ROOT, Project, SourceGraphs, open_project


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
def build_project(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Project], Path]:
    """``lod build`` of a project into a temporary dist/, once per project and session."""
    from lod.publisher.pipeline import build_publication

    built: dict[Path, Path] = {}

    def build(project: Project) -> Path:
        if project.root not in built:
            dist = tmp_path_factory.mktemp("publication") / "dist"
            build_publication(project.settings.replace(dist_dir=dist), project.metadata)
            built[project.root] = dist
        return built[project.root]

    return build


@pytest.fixture(scope="session")
def repository_project(repo_root: Path) -> Project:
    return open_project(repo_root, "repository")


@pytest.fixture(scope="session")
def built_dist(repository_project: Project, build_project: Callable[[Project], Path]) -> Path:
    """``lod build`` of the repository's sources (default base IRI) into a temporary dist/."""
    return build_project(repository_project)


@pytest.fixture(scope="session")
def project_under_test(repository_project: Project) -> Project:
    given = os.environ.get(PROJECT_ENV, "").strip()
    if not given:
        return repository_project
    root = Path(given).expanduser().resolve()
    if not (root / "data").is_dir() or not (root / "metadata" / "publication.ttl").is_file():
        pytest.fail(
            f"{PROJECT_ENV}={given}: not a lod project (it needs data/ and "
            "metadata/publication.ttl, as `lod init` makes them)",
            pytrace=False,
        )
    return open_project(root, root.name)


@pytest.fixture(scope="session")
def init_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """``lod init DIR --city Q216``: what a city's team starts from."""
    from lod.sheets.init import seed_city, write_project
    from lod.sheets.metadata import publication_metadata
    from lod.worlddata import load_world

    root = tmp_path_factory.mktemp("init") / "project"
    world = load_world()
    seed = seed_city(world, INIT_CITY)
    license_iri = "http://dcat-ap.de/def/licenses/cc-by/4.0"
    write_project(
        root,
        seed,
        publication_metadata(world.name(INIT_CITY), INIT_CITY, seed.home_slug, license_iri),
    )
    return open_project(root, f"init-{seed.home_slug}")


@pytest.fixture(scope="session", params=["project", "init"])
def publication(request: pytest.FixtureRequest) -> Project:
    """The subject of a generic check: the project under test, then a fresh init project."""
    name = "project_under_test" if request.param == "project" else "init_project"
    project: Project = request.getfixturevalue(name)
    return project


@pytest.fixture(scope="session")
def sources_of() -> Callable[[Project], SourceGraphs]:
    from lod.publisher.sources import load_files, turtle_files
    from lod.publisher.terms import fill_graph
    from lod.sheets.load import csv_files

    read: dict[Path, SourceGraphs] = {}

    def graphs(project: Project) -> SourceGraphs:
        if project.root not in read:
            s = project.settings

            def load(files: list[Path]) -> Graph:
                return fill_graph(Graph(), load_files(files, s.base_iri).quads())

            data_files = sorted(s.data_dir.glob("*.ttl")) + csv_files(s.data_dir)
            read[project.root] = SourceGraphs(
                load(turtle_files(s.ontology_dir, "ontology")),
                load(data_files),
                load(turtle_files(s.shapes_dir, "shapes")),
            )
        return read[project.root]

    return graphs
