"""Fixtures for the linked-data tests: the real publication (``built_dist``) in a real store.

Imported by the test modules of the resource pages and the harvesting endpoints (tests/web),
the live dereferencing tests (tests/live) and the browser test (tests/browser). Names are
prefixed ``pub_`` so they do not shadow the SPARQL tests' ``app``/``client``/``store``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient

from lod.config import Settings
from lod.store import EmbeddedStore, LoadSpec, QueryResult, Store
from lod.web.app import create_app

BASE = "https://w3id.org/twinning/"
TW = rdflib.Namespace(BASE + "ontology/")
CITY = rdflib.Namespace(BASE + "id/city/")
REL = rdflib.Namespace(BASE + "id/relation/")


@pytest.fixture(scope="session")
def pub_dist(request: pytest.FixtureRequest) -> Path:
    """``LOD_TEST_DIST`` (a publication built beforehand, to iterate quickly), else the
    session's ``built_dist``."""
    prebuilt = os.environ.get("LOD_TEST_DIST")
    if prebuilt:
        return Path(prebuilt)
    built: Path = request.getfixturevalue("built_dist")
    return built


@pytest.fixture(scope="session")
def pub_settings(pub_dist: Path, repo_root: Path) -> Settings:
    return Settings().replace(dist_dir=pub_dist, queries_dir=repo_root / "queries")


@pytest.fixture(scope="session")
def pub_store(pub_dist: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore.load(LoadSpec.from_manifest(pub_dist))
    yield store
    store.close()


@pytest.fixture
def pub_app(pub_store: Store, pub_settings: Settings) -> Flask:
    return create_app({"TESTING": True}, settings=pub_settings, store=pub_store)


@pytest.fixture
def ld(pub_app: Flask) -> FlaskClient:
    """A test client of the app over the real publication."""
    return pub_app.test_client()


@pytest.fixture(scope="session")
def dump_graph(pub_dist: Path) -> rdflib.Graph:
    """Everything the store holds, parsed independently with rdflib from the built files."""
    graph = rdflib.Graph()
    for name in ("osnabrueck-twinning.nt", "catalog.ttl", "void.ttl", "shapes.ttl", "labels.ttl"):
        graph.parse(pub_dist / name)
    return graph


class CountingStore:
    """A real store that counts the queries it answers (to prove a response came from cache)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.queries = 0

    @property
    def version(self) -> str | None:
        return self.store.version

    def query(self, sparql: str, **kwargs: Any) -> QueryResult:
        self.queries += 1
        return self.store.query(sparql, **kwargs)

    def triple_count(self, graph: str | None = None) -> int:
        return self.store.triple_count(graph)

    def graph_names(self) -> list[str]:
        return self.store.graph_names()

    def close(self) -> None:
        """The wrapped store belongs to its fixture."""


def parse(body: bytes, media_type: str) -> rdflib.Graph:
    """Parse a response body with rdflib (an independent parser from the server's writers)."""
    formats = {
        "text/turtle": "turtle",
        "application/ld+json": "json-ld",
        "application/n-triples": "nt",
        "application/rdf+xml": "xml",
    }
    return rdflib.Graph().parse(data=body, format=formats[media_type.split(";")[0].strip()])


def ox_parse(body: bytes, media_type: str) -> list[ox.Triple]:
    fmt = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
    assert fmt is not None, media_type
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]
