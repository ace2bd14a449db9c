"""`lod init DIR --world`: the whole bundled world graph as one buildable publication.

The build of the full world takes minutes (tens of thousands of relations through the SHACL
gate), so the everyday test builds a slice of it made by the same code; the full run is
``LOD_TEST_FULL_WORLD=1 pytest -m slow tests/sheets/test_init_world.py``.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from lod.cli import main
from lod.publisher.pipeline import build_publication
from lod.sheets.init import seed_world, write_project
from lod.sheets.metadata import world_metadata
from lod.worlddata import SOURCE_2016, SOURCE_2026_LINKS, World, load_world
from lod_projects import open_project

LICENSE = "http://dcat-ap.de/def/licenses/cc-by/4.0"


def world_slice(world: World, cities: int) -> World:
    """The first ``cities`` cities that have links (in QID order) and the links among them."""
    keep = set(sorted(set(world.links_2016) | set(world.links_2026), key=_order)[:cities])

    def within(links: dict[str, set[str]]) -> dict[str, set[str]]:
        kept = {a: bs & keep for a, bs in links.items() if a in keep}
        return {a: bs for a, bs in kept.items() if bs}

    return World(
        cities={q: c for q, c in world.cities.items() if q in keep},
        names_2016={q: n for q, n in world.names_2016.items() if q in keep},
        links_2026=within(world.links_2026),
        links_2016=within(world.links_2016),
    )


def _order(qid: str) -> int:
    return int(qid[1:])


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _check(root: Path, world: World) -> None:
    """Every link of both snapshots, from both cities, naming exactly the snapshots that say it;
    then the project builds."""
    relations = _rows(root / "data" / "relations.csv")
    pairs = {(r["home_city"], r["partner_city"]): set(r["source_url"].split()) for r in relations}
    cities = {r["wikidata"]: r["id"] for r in _rows(root / "data" / "cities.csv")}
    for snapshot, links, source in (
        ("2026", world.links_2026, SOURCE_2026_LINKS),
        ("2016", world.links_2016, SOURCE_2016),
    ):
        for a, partners in links.items():
            for b in partners:
                assert source in pairs[(cities[a], cities[b])], (snapshot, a, b)
    said = sum(len(bs) for links in (world.links_2016, world.links_2026) for bs in links.values())
    assert len(pairs) == len(relations) <= said
    assert {r["confirmed"] for r in relations} == {"no"}
    project = open_project(root, "world")
    result = build_publication(project.settings.replace(dist_dir=root / "dist"), project.metadata)
    assert result.report.conforms


def test_a_slice_of_the_world_builds(tmp_path: Path) -> None:
    world = world_slice(load_world(), 200)  # 123 cities with links among them, 712 relations
    seed = seed_world(world)
    assert len(seed.relations) > 500
    write_project(tmp_path / "world", seed, world_metadata(seed.home_slug, LICENSE))
    _check(tmp_path / "world", world)


def test_world_and_city_exclude_each_other(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--world", "--city", "Q64"])
    assert result.exit_code == 2 and "give either --city QID or --world" in result.output
    assert not (tmp_path / "p").exists()


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("LOD_TEST_FULL_WORLD"),
    reason="the full world build takes minutes: set LOD_TEST_FULL_WORLD=1 to run it",
)
def test_the_whole_world_builds(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "world"), "--world"])
    assert result.exit_code == 0, result.output
    _check(tmp_path / "world", load_world())
