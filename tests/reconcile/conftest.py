"""Fixtures of the reconcile tests: real ``oxigraph serve`` endpoints shaped like Wikidata's
query service (the bundled 2016 P190 crawl, with and without hand-made cases), and the real
publication built once (``built_dist``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "web"))  # the shared backends module
sys.path.insert(0, str(Path(__file__).parent))

from lod_test_backends import OxigraphServer, oxigraph_binary, start_oxigraph  # noqa: E402
from wikidata_shape import (  # noqa: E402
    Claim,
    load,
    ntriples,
    snapshot_names,
    snapshot_pairs,
    with_cases,
)


@pytest.fixture(scope="session")
def crawl(shared_dir: Path) -> Path:
    dataset = shared_dir / "datasets" / "twinning"
    if not (dataset / "relations.tsv").is_file():
        pytest.skip(f"{dataset} (the 2016 Wikidata P190 crawl) is absent")
    return dataset


def _endpoint(claims: list[Claim], names: dict[str, str]) -> Iterator[OxigraphServer]:
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph CLI (pip package oxigraph) is not installed")
    server = start_oxigraph(timeout_s=30)
    try:
        load(server.store_url, ntriples(claims, names))
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def wikidata_2016(crawl: Path) -> Iterator[OxigraphServer]:
    """The 2016 crawl as it is: every pair a qualifier-less statement."""
    claims = [Claim(a, b) for a, b in snapshot_pairs(crawl)]
    yield from _endpoint(claims, snapshot_names(crawl))


@pytest.fixture(scope="session")
def wikidata_cases(crawl: Path) -> Iterator[OxigraphServer]:
    """The 2016 crawl with the hand-made cases of :data:`wikidata_shape.CASES`."""
    yield from _endpoint(with_cases(snapshot_pairs(crawl)), snapshot_names(crawl))
