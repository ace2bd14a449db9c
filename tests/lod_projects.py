"""Lod projects as the tests see them: the repository's Osnabrück publication, a project named by
``LOD_PROJECT_DIR``, a fresh ``lod init`` project (fixtures in conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from lod.config import PROJECT_FILE, Settings, project_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
PROJECT_ENV = "LOD_PROJECT_DIR"
OSNABRUECK_SLUG = "osnabrueck-twinning"
# The city of the init project: many partners, several known only from the 2016 crawl (names of
# unknown language, no coordinates), so the generic checks meet every kind of seeded row.
INIT_CITY = "Q216"


@dataclass(frozen=True)
class Project:
    """A lod project: its directory, its settings (lod.toml applied, directories absolute)."""

    label: str
    root: Path
    settings: Settings

    @property
    def metadata(self) -> Path:
        return self.root / "metadata" / "publication.ttl"

    @property
    def slug(self) -> str:
        return self.settings.dataset_slug

    @property
    def base(self) -> str:
        return self.settings.base_iri

    @property
    def is_osnabrueck(self) -> bool:
        return self.slug == OSNABRUECK_SLUG


def open_project(root: Path, label: str) -> Project:
    """The project in ``root`` as ``lod`` run there would see it (lod.toml, not the environment:
    the tests must not depend on the caller's LOD_* variables)."""
    toml = project_settings(root / PROJECT_FILE)
    dirs = {
        name: root / str(toml.get(name, default))
        for name, default in (
            ("ontology_dir", "ontology"),
            ("data_dir", "data"),
            ("shapes_dir", "shapes"),
            ("queries_dir", "queries"),
        )
    }
    settings = Settings().replace(**toml).replace(**dirs)
    return Project(label, root, settings)


@dataclass(frozen=True)
class SourceGraphs:
    """A project's sources as rdflib graphs: Turtle and CSV alike (as ``lod build`` reads them)."""

    ontology: Graph
    data: Graph
    shapes: Graph


Row = dict[str, str | None]


def store_of(dist: Path) -> ox.Store:
    """A store holding a built publication as its endpoint serves it: the dump and the catalog."""
    store = ox.Store()
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    store.bulk_load(path=str(dist / f"{manifest['slug']}.nt"), format=ox.RdfFormat.N_TRIPLES)
    store.bulk_load(path=str(dist / "catalog.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def query_runner(store: ox.Store, queries: Path) -> Callable[[str], list[Row]]:
    """Run ``{queries}/{name}.rq``; each row maps a variable name to the term's value (or None)."""

    def run_query(name: str) -> list[Row]:
        result = store.query((queries / f"{name}.rq").read_text(encoding="utf-8"))
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        return [
            {var: None if s[var] is None else s[var].value for var in names}  # type: ignore[union-attr]
            for s in result
        ]

    return run_query


def shacl_report(ontology: Graph, data: Graph, shapes: Graph) -> Graph:
    """pyshacl's results graph for a project's sources; fails the test on a violation."""
    from pyshacl import validate

    conforms, results, text = validate(
        ontology + data, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    assert isinstance(results, Graph)
    assert conforms, text
    return results
