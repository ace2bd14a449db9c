"""The same documents from every store backend: embedded pyoxigraph and real remote engines
(``oxigraph serve`` and Virtuoso, filled by ``lod publish``), because the descriptions are plain
SPARQL CONSTRUCT queries through the Store interface."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import lod_publication as pub
import pytest
import rdflib
from click.testing import CliRunner
from flask.testing import FlaskClient
from lod_publication import parse
from lod_test_backends import VirtuosoServer, oxigraph_binary, start_oxigraph
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from lod.config import Settings
from lod.store import Dataset, RemoteStore, publication_literals
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


WKT = rdflib.URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
VIRTUOSO_GEOMETRY = "http://www.openlinksw.com/schemas/virtrdf#Geometry"
# Where the publication goes on Virtuoso (beside the fixture data of the shared server).
PUBLICATION_GRAPH = "https://w3id.org/twinning/publication"


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote_server(request: pytest.FixtureRequest, pub_dist: Path) -> Iterator[tuple[str, Dataset]]:
    """The query URL of an engine holding the publication, and the dataset to ask it for."""
    if request.param == "virtuoso":
        virtuoso: VirtuosoServer = request.getfixturevalue("virtuoso_server")
        args = ["--to", virtuoso.store_url, "--user", "dba", "--password", "dba"]
        args += ["--into", PUBLICATION_GRAPH, "--graph-param", "graph-uri"]
        result = CliRunner().invoke(publish, [*args, "--dist", str(pub_dist)])
        assert result.exit_code == 0, result.output
        yield virtuoso.query_url, Dataset((PUBLICATION_GRAPH,))
        return
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph CLI (pip package oxigraph) is not installed")
    server = start_oxigraph()
    result = CliRunner().invoke(publish, ["--to", server.store_url, "--dist", str(pub_dist)])
    assert result.exit_code == 0, result.output
    yield server.query_url, Dataset()
    server.stop()


@pytest.fixture
def remote(
    remote_server: tuple[str, Dataset], pub_settings: Settings, pub_store: object
) -> FlaskClient:
    version = getattr(pub_store, "version", None)
    published = publication_literals(pub_settings)  # the literals as written, as embedded
    store = RemoteStore(
        remote_server[0], version=version, published=published, dataset=remote_server[1]
    )
    return create_app({"TESTING": True}, settings=pub_settings, store=store).test_client()


def engine_literals(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph with the literals Virtuoso and Oxigraph store differently made alike.

    Virtuoso turns a geo:wktLiteral into its own virtrdf:Geometry with single-precision
    coordinates (POINT(35.9242 ...) comes back as POINT(35.924198150635 ...)); Oxigraph turns
    xsd:nonNegativeInteger into xsd:integer, where Virtuoso keeps it.
    """
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and str(o.datatype) in (str(WKT), VIRTUOSO_GEOMETRY):
            o = rdflib.Literal(re.sub(r"-?\d+\.\d+", _rounded, str(o)), datatype=WKT)
        elif isinstance(o, rdflib.Literal) and o.datatype == XSD.nonNegativeInteger:
            o = rdflib.Literal(str(o), datatype=XSD.integer)
        out.add((s, p, o))
    return out


def _rounded(number: re.Match[str]) -> str:
    return f"{float(number.group()):.4f}"


@pytest.mark.parametrize("path", PATHS)
def test_same_document_on_both_backends(
    ld: FlaskClient, remote: FlaskClient, path: str, remote_server: tuple[str, Dataset]
) -> None:
    embedded = ld.get(path, headers={"Accept": "text/turtle"})
    answer = remote.get(path, headers={"Accept": "text/turtle"})
    assert embedded.status_code == answer.status_code == 200
    ours, theirs = parse(embedded.data, "text/turtle"), parse(answer.data, "text/turtle")
    if remote_server[1]:  # Virtuoso: the same, but for how it stores some literals
        ours, theirs = engine_literals(ours), engine_literals(theirs)
    assert isomorphic(by_value(ours), by_value(theirs))


def by_value(graph: rdflib.Graph) -> rdflib.Graph:
    """``graph`` with each typed literal reduced to its value (a literal the local publication
    does not hold is answered as the engine stores it, on any engine)."""
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype is not None:
            value = o.toPython()
            value = value.normalize() if isinstance(value, Decimal) else value
            o = rdflib.Literal(f"{type(value).__name__} {value}")
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("path", ["/", "/doc/city/twer?lang=en", "/ontology/"])
def test_same_page_on_both_backends(
    ld: FlaskClient, remote: FlaskClient, path: str, remote_server: tuple[str, Dataset]
) -> None:
    embedded = ld.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    answer = remote.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    if not remote_server[1]:
        # the same bytes, embedded JSON-LD included: blank-node labels come from the content
        assert embedded == answer
        return
    # Virtuoso: but for the WKT point (see engine_literals), shown as such
    assert ("POINT(" in embedded) == ("POINT(" in answer)
    strip = [line for line in embedded.splitlines() if "POINT(" not in line]
    assert strip == [line for line in answer.splitlines() if "POINT(" not in line]


def test_remote_unknown_iri_is_404(remote: FlaskClient) -> None:
    assert remote.get("/id/city/atlantis").status_code == 404
    assert remote.get("/health").json["backend"] == "remote"  # type: ignore[index]
