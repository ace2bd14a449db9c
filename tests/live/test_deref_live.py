"""Every IRI under the base that the graph names dereferences on a live server.

A real HTTP server on 127.0.0.1 (free port) serves the built publication from query worker
processes, as ``lod serve`` does. Independent clients follow the IRIs, mapped to the server's
host: rdflib's ``Graph().parse(url)`` (its own content negotiation, 303 followed) and plain
``urllib`` with each Accept header. Each answer must parse and describe the IRI (the IRI is a
subject or an object in it).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import lod_publication as pub
import pyoxigraph as ox
import pytest
import rdflib
from lod_publication import BASE
from lod_test_backends import serving

from lod.config import Settings
from lod.store import LoadSpec
from lod.store.isolated import IsolatedStore
from lod.web.app import create_app

pytestmark = pytest.mark.live
pub_dist, pub_settings = pub.pub_dist, pub.pub_settings

ACCEPTS = ("text/turtle", "application/ld+json", "application/n-triples",
           "application/rdf+xml", "text/html")  # fmt: skip
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def server(pub_dist: Path, pub_settings: Settings) -> Iterator[str]:
    store = IsolatedStore(LoadSpec.from_manifest(pub_dist), workers=1)
    app = create_app(settings=pub_settings, store=store)
    try:
        with serving(app) as base_url:
            yield base_url
    finally:
        store.close()


@pytest.fixture(scope="module")
def iris(pub_dist: Path) -> list[str]:
    """Every IRI under the base in the published files (subjects, predicates, objects)."""
    store = ox.Store()
    for name in json.loads((pub_dist / "manifest.json").read_text())["store_files"]:
        store.bulk_load(path=str(pub_dist / name), format=ox.RdfFormat.from_extension(
            name.rsplit(".", 1)[1]))  # fmt: skip
    query = (
        "SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?x ?o } UNION { ?s ?p ?x } "
        f'FILTER (isIRI(?x) && STRSTARTS(STR(?x), "{BASE}")) }} ORDER BY ?x'
    )
    found = [row["x"].value for row in store.query(query)]  # type: ignore[union-attr,index]
    assert len(found) > 250
    return found


@pytest.fixture(scope="module")
def manifest(pub_dist: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((pub_dist / "manifest.json").read_text())
    return loaded


def live_url(server: str, iri: str) -> str:
    return server + "/" + quote(iri[len(BASE) :], safe="/%:@!$&'()*+,;=-._~")


def kind(iri: str) -> str:
    local = iri[len(BASE) :]
    if local.startswith("download/"):
        return "file"
    if local == "sparql":
        return "endpoint"
    return "document"


def mentions(triples: list[ox.Triple], iri: str) -> bool:
    node = ox.NamedNode(iri)
    return any(t.subject == node or t.object == node for t in triples)


def test_rdflib_dereferences_every_iri(server: str, iris: list[str]) -> None:
    failures = []
    for iri in iris:
        if kind(iri) == "file":
            continue  # dumps: see the download test (gzip is not an RDF syntax)
        graph = rdflib.Graph().parse(live_url(server, iri))  # rdflib negotiates and follows 303
        node = rdflib.URIRef(iri)
        described = (node, None, None) in graph or (None, None, node) in graph
        if kind(iri) == "endpoint":
            described = (None, rdflib.RDF.type, rdflib.URIRef(SD + "Service")) in graph
        if not described:
            failures.append(iri)
    assert failures == []


@pytest.mark.parametrize("accept", ACCEPTS)
def test_urllib_with_each_accept_header(
    server: str, iris: list[str], manifest: dict[str, Any], accept: str
) -> None:
    files = {entry["path"]: entry for entry in manifest["files"]}
    failures = []
    for iri in iris:
        request = urllib.request.Request(live_url(server, iri), headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=30) as response:  # follows the 303
            body, status = response.read(), response.status
            media_type = response.headers.get_content_type()
            dates = response.headers.get_all("Date") or []
        problem = check(iri, accept, status, media_type, body, files)
        if len(dates) != 1:
            problem = f"{len(dates)} Date headers"
        if problem:
            failures.append(f"{iri} ({accept}): {problem}")
    assert failures == []


def check(
    iri: str, accept: str, status: int, media_type: str, body: bytes, files: dict[str, Any]
) -> str | None:
    if status != 200:
        return f"status {status}"
    if kind(iri) == "file":
        entry = files[iri.rsplit("/", 1)[1]]
        ok = hashlib.sha256(body).hexdigest() == entry["sha256"]
        return None if ok and media_type == entry["media_type"] else "wrong file"
    if media_type != accept:
        return f"got {media_type}"
    if accept == "text/html":
        return None if b"<html" in body else "not a page"
    fmt = ox.RdfFormat.from_media_type(media_type)
    assert fmt is not None
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]
    if kind(iri) == "endpoint":  # the service description names the serving host's URL
        return None if any(t.object == ox.NamedNode(SD + "Service") for t in triples) else "no sd"
    return None if mentions(triples, iri) else "does not describe it"


def test_things_answer_303_on_the_wire(server: str, iris: list[str]) -> None:
    host = urlsplit(server)
    things = [iri for iri in iris if iri.startswith(BASE + "id/")]
    assert len(things) > 100
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    for iri in things:
        path = urlsplit(live_url(server, iri)).path
        connection.request("GET", path, headers={"Accept": "text/turtle"})
        response = connection.getresponse()
        response.read()
        assert response.status == 303, iri
        assert response.getheader("Location") == path.replace("/id/", "/doc/", 1)
    connection.close()
