"""Live fixtures: the app served by a real HTTP server on 127.0.0.1 (free port), over the
embedded store and over a real ``oxigraph serve`` and a real Virtuoso, each filled with
``lod publish``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "web"))  # the shared backends module

from lod_test_backends import (  # noqa: E402
    BASE,
    OxigraphServer,
    VirtuosoServer,
    fixture_spec,
    oxigraph_binary,
    publish_fixture,
    published_virtuoso,
    serving,
    start_oxigraph,
    virtuoso_dataset,
)

from lod.config import Settings  # noqa: E402
from lod.store import RemoteStore, Store  # noqa: E402
from lod.store.isolated import IsolatedStore  # noqa: E402
from lod.web.app import create_app  # noqa: E402

pytestmark = pytest.mark.live


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[OxigraphServer]:
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph CLI (pip package oxigraph) is not installed")
    server = start_oxigraph(timeout_s=5)
    publish_fixture(server)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[VirtuosoServer]:
    yield from published_virtuoso()


@pytest.fixture(scope="session")
def embedded_store() -> Iterator[IsolatedStore]:
    store = IsolatedStore(fixture_spec(), workers=2)
    yield store
    store.close()


@pytest.fixture(scope="session", params=["embedded", "remote", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Store:
    if request.param == "embedded":
        embedded: Store = request.getfixturevalue("embedded_store")
        return embedded
    version = fixture_spec().version
    if request.param == "virtuoso":
        virtuoso: VirtuosoServer = request.getfixturevalue("virtuoso_server")
        return RemoteStore(virtuoso.query_url, version=version, dataset=virtuoso_dataset())
    server: OxigraphServer = request.getfixturevalue("oxigraph_server")
    return RemoteStore(server.query_url, version=version)


@pytest.fixture(scope="session")
def live_settings() -> Settings:
    return Settings().replace(base_iri=BASE, queries_dir=Path("/nonexistent"))


@pytest.fixture(scope="session")
def endpoint(store: Store, live_settings: Settings) -> Iterator[str]:
    """The URL of /sparql on a live server."""
    app = create_app(settings=live_settings, store=store)
    with serving(app) as base:
        yield base + "/sparql"
