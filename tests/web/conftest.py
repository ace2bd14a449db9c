"""Fixtures: the same tests run on the embedded store (query workers) and on two real remote
engines (``oxigraph serve`` and Virtuoso, each filled through ``lod publish``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lod_test_backends import (
    BASE,
    OxigraphServer,
    VirtuosoServer,
    fixture_spec,
    oxigraph_binary,
    publish_fixture,
    published_virtuoso,
    start_oxigraph,
    virtuoso_dataset,
)

from lod.config import Settings
from lod.store import RemoteStore, Store
from lod.store.isolated import IsolatedStore
from lod.web.app import create_app

BACKENDS = ["embedded", "remote", "virtuoso"]


@pytest.fixture(scope="session")
def embedded_store() -> Iterator[IsolatedStore]:
    store = IsolatedStore(fixture_spec(), workers=2)
    yield store
    store.close()


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[OxigraphServer]:
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph CLI (pip package oxigraph) is not installed")
    server = start_oxigraph()
    publish_fixture(server)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[VirtuosoServer]:
    yield from published_virtuoso()


@pytest.fixture(scope="session", params=BACKENDS)
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


@pytest.fixture
def backend(request: pytest.FixtureRequest, store: Store) -> str:
    """The name of the store's backend, for the few tests whose answer is engine-defined."""
    return str(request.node.callspec.params["store"])


@pytest.fixture
def queries_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "queries"
    directory.mkdir()
    (directory / "cities.rq").write_text(
        "# title@en: All cities\n# title@de: Alle Städte\n"
        "# description@en: Every city with its label.\n# description@de: Jede Stadt.\n"
        "PREFIX tw: <https://w3id.org/twinning/ontology/>\n"
        "SELECT ?city WHERE { ?city a tw:City }\n",
        encoding="utf-8",
    )
    return directory


@pytest.fixture
def settings(queries_dir: Path) -> Settings:
    return Settings().replace(base_iri=BASE, queries_dir=queries_dir, query_timeout=10.0)


@pytest.fixture
def app(store: Store, settings: Settings) -> Flask:
    return create_app({"TESTING": True}, settings=settings, store=store)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
