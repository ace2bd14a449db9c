"""The same documents from both store backends: embedded pyoxigraph and a real remote engine
(``oxigraph serve`` filled by ``lod publish``), because the descriptions are plain SPARQL
CONSTRUCT queries through the Store interface."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import lod_publication as pub
import pytest
import rdflib
from click.testing import CliRunner
from flask.testing import FlaskClient
from lod_publication import parse
from lod_test_backends import OxigraphServer, oxigraph_binary, start_oxigraph
from rdflib.compare import isomorphic

from lod.config import Settings
from lod.store import RemoteStore, publication_literals
from lod.web.app import create_app
from lod.web.commands import publish

pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store
pub_app, ld = pub.pub_app, pub.ld

PATHS = [
    "/doc/city/twer",
    "/doc/city/osnabrueck",
    "/doc/relation/osnabrueck--haarlem",
    "/doc/programme/osnabrueck-city-ambassadors",
    "/doc/distribution/osnabrueck-twinning-nt-gz",
    "/doc/dataset/osnabrueck-twinning",
    "/ontology/",
    "/shapes/",
    "/",
]


@pytest.fixture(scope="module")
def remote_server(pub_dist: Path) -> Iterator[OxigraphServer]:
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph CLI (pip package oxigraph) is not installed")
    server = start_oxigraph()
    result = CliRunner().invoke(publish, ["--to", server.store_url, "--dist", str(pub_dist)])
    assert result.exit_code == 0, result.output
    yield server
    server.stop()


@pytest.fixture
def remote(remote_server: OxigraphServer, pub_settings: Settings, pub_store: object) -> FlaskClient:
    version = getattr(pub_store, "version", None)
    published = publication_literals(pub_settings)  # the literals as written, as embedded
    store = RemoteStore(remote_server.query_url, version=version, published=published)
    return create_app({"TESTING": True}, settings=pub_settings, store=store).test_client()


@pytest.mark.parametrize("path", PATHS)
def test_same_document_on_both_backends(ld: FlaskClient, remote: FlaskClient, path: str) -> None:
    embedded = ld.get(path, headers={"Accept": "text/turtle"})
    answer = remote.get(path, headers={"Accept": "text/turtle"})
    assert embedded.status_code == answer.status_code == 200
    ours, theirs = parse(embedded.data, "text/turtle"), parse(answer.data, "text/turtle")
    assert isomorphic(by_value(ours), by_value(theirs))


def by_value(graph: rdflib.Graph) -> rdflib.Graph:
    """``graph`` with each typed literal reduced to its value. The embedded store answers
    literals as published ("13.5350"^^xsd:decimal, xsd:nonNegativeInteger byte sizes); a remote
    Oxigraph answers the forms it normalised them to on load ("13.535", xsd:integer)."""
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype is not None:
            value = o.toPython()
            value = value.normalize() if isinstance(value, Decimal) else value
            o = rdflib.Literal(f"{type(value).__name__} {value}")
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("path", ["/", "/doc/city/twer?lang=en", "/ontology/"])
def test_same_page_on_both_backends(ld: FlaskClient, remote: FlaskClient, path: str) -> None:
    embedded = ld.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    answer = remote.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    # the same bytes, embedded JSON-LD included: blank-node labels come from the content
    assert embedded == answer


def test_remote_unknown_iri_is_404(remote: FlaskClient) -> None:
    assert remote.get("/id/city/atlantis").status_code == 404
    assert remote.get("/health").json["backend"] == "remote"  # type: ignore[index]
