"""The home page of a large publication (more relations than ``home.LARGE_RELATIONS``): the
counts and the largest networks only, without maps and timelines, read with queries bounded by
what is shown. A slice of the bundled world data (its largest cities' networks) stands in for
the whole world, which takes minutes to build (``LOD_TEST_FULL_WORLD=1``, test_init_world)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Graph

from lod.config import Settings
from lod.publisher.sources import load_files
from lod.publisher.terms import fill_graph
from lod.sheets.init import seed_world
from lod.sheets.schema import CITIES, NETWORKS, RELATIONS
from lod.sheets.write import write_sheet
from lod.store.embedded import EmbeddedStore
from lod.store.loading import LoadSpec
from lod.web import home
from lod.web.app import create_app
from lod.worlddata import load_world


@pytest.fixture(scope="module")
def large_store(
    tmp_path_factory: pytest.TempPathFactory, repo_root: Path
) -> Iterator[EmbeddedStore]:
    """The relations of the world's cities with the most partners, until there are more
    than LARGE_RELATIONS (the rows as `lod init --world` writes them, mapped as `lod build`
    maps them)."""
    seed = seed_world(load_world())
    per_home: dict[str, list[dict[str, str]]] = {}
    for row in seed.relations:
        per_home.setdefault(row["home_city"], []).append(row)
    relations: list[dict[str, str]] = []
    for rows in sorted(per_home.values(), key=len, reverse=True):
        relations += rows
        if len(relations) > home.LARGE_RELATIONS + 100:
            break
    homes = {r["home_city"] for r in relations}
    named = homes | {r["partner_city"] for r in relations}
    data = tmp_path_factory.mktemp("large") / "data"
    data.mkdir()
    (data / "concepts.ttl").write_text(
        (repo_root / "data" / "concepts.ttl").read_text(encoding="utf-8"), encoding="utf-8"
    )
    write_sheet(data / CITIES.file_name, CITIES, [c for c in seed.cities if c["id"] in named])
    write_sheet(
        data / NETWORKS.file_name, NETWORKS, [n for n in seed.networks if n["home_city"] in homes]
    )
    write_sheet(data / RELATIONS.file_name, RELATIONS, relations)
    graph = fill_graph(Graph(), load_files(sorted(data.iterdir())).quads())
    graph.serialize(data.parent / "large.nt", format="nt", encoding="utf-8")
    store = EmbeddedStore.load(LoadSpec.from_files((data.parent / "large.nt",)))
    yield store
    store.close()


@pytest.fixture
def large_client(large_store: EmbeddedStore) -> FlaskClient:
    settings = Settings().replace(dataset_slug="world-twinning")
    return create_app({"TESTING": True}, settings=settings, store=large_store).test_client()


def test_the_large_home_page_shows_counts_and_the_largest_networks(
    large_client: FlaskClient,
) -> None:
    response = large_client.get("/?lang=en", headers={"Accept": "text/html"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    summary = re.search(r"([\d ]+) cities, ([\d ]+) relations in ([\d ]+) networks", page)
    assert summary is not None, page[:2000]
    assert int(summary[2].replace(" ", "")) > home.LARGE_RELATIONS
    sections = page.count('<section class="network"')
    assert 1 <= sections <= home.SHOWN_NETWORKS
    assert '<figure class="map">' not in page and '<figure class="timeline">' not in page
    assert "/list/relations" in page
    tables = re.findall(r"<tbody>(.*?)</tbody>", page, re.S)
    assert tables and all(t.count("<tr>") <= home.SHOWN_ROWS for t in tables)
    assert re.search(r"All \d+ relations</a>", page)  # more rows than shown: a link to all


def test_the_largest_network_comes_first(large_store: EmbeddedStore) -> None:
    settings = Settings().replace(dataset_slug="world-twinning")
    overview = home.network_overview(large_store, settings)
    assert overview.summary is not None
    sizes = [n.total for n in overview.networks]  # all relations, not the rows shown
    assert sizes == sorted(sizes, reverse=True) and len(sizes) <= home.SHOWN_NETWORKS
    assert sizes[0] > home.SHOWN_ROWS  # so the order is by all relations, not by the rows shown
