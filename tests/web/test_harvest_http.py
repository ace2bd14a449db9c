"""What harvesters fetch: VoID at /.well-known/void, the DCAT catalog, the dumps, /health."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import lod_publication as pub
import pytest
import rdflib
from flask.testing import FlaskClient
from lod_publication import BASE, parse
from rdflib.compare import isomorphic
from werkzeug.http import parse_options_header

pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store
pub_app, ld = pub.pub_app, pub.ld

RDF = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
       "rdf": "application/rdf+xml"}  # fmt: skip
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def media_type(response: Any) -> str:
    return str(parse_options_header(response.headers["Content-Type"])[0])


@pytest.fixture(scope="module")
def manifest(pub_dist: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((pub_dist / "manifest.json").read_text(encoding="utf-8"))
    return loaded


# --- VoID and catalog --------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "file"), [("/.well-known/void", "void.ttl"),
                                            ("/catalog", "catalog.ttl")])  # fmt: skip
@pytest.mark.parametrize("accept", [None, "*/*", *RDF.values()])
def test_metadata_is_served_as_rdf(
    ld: FlaskClient, pub_dist: Path, path: str, file: str, accept: str | None
) -> None:
    response = ld.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    expected = accept if accept in RDF.values() else "text/turtle"  # RDF first for harvesters
    assert media_type(response) == expected
    assert isomorphic(parse(response.data, expected), rdflib.Graph().parse(pub_dist / file))
    assert response.get_etag()[0]
    assert "Accept" in response.vary
    assert 'rel="license"' in response.headers["Link"]


@pytest.mark.parametrize("path", ["/.well-known/void", "/catalog"])
def test_metadata_for_a_browser(ld: FlaskClient, path: str) -> None:
    response = ld.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert media_type(response) == "text/html"
    assert b'type="application/ld+json"' in response.data


@pytest.mark.parametrize("ext", list(RDF))
def test_catalog_variants(ld: FlaskClient, pub_dist: Path, ext: str) -> None:
    response = ld.get(f"/catalog.{ext}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert media_type(response) == RDF[ext]
    assert response.headers["Content-Location"] == f"/catalog.{ext}"
    catalog = rdflib.Graph().parse(pub_dist / "catalog.ttl")
    assert isomorphic(parse(response.data, RDF[ext]), catalog)


def test_void_points_to_the_dumps_and_endpoint(ld: FlaskClient) -> None:
    graph = parse(ld.get("/.well-known/void").data, "text/turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef(BASE + "id/dataset/osnabrueck-twinning")
    assert (dataset, void.sparqlEndpoint, rdflib.URIRef(BASE + "sparql")) in graph
    dumps = {str(o)[len(BASE) :] for o in graph.objects(dataset, void.dataDump)}
    assert "download/osnabrueck-twinning.ttl" in dumps
    for path in dumps:  # every dump VoID names is served
        assert ld.head("/" + path).status_code == 200, path


def test_catalog_resources_dereference(ld: FlaskClient) -> None:
    """Every IRI the catalog describes: a client requests it without its fragment (a part such
    as ``…#checksum`` comes with its owner's document)."""
    graph = parse(ld.get("/catalog").data, "text/turtle")
    ours = {str(s) for s in graph.subjects() if str(s).startswith(BASE + "id/")}
    assert {"catalog", "dataset", "distribution", "service", "agent", "contact"} <= {
        iri[len(BASE + "id/") :].split("/")[0] for iri in ours
    }
    for iri in sorted(ours):
        path = "/" + iri[len(BASE) :].split("#")[0]
        response = ld.get(path, headers={"Accept": "text/turtle"}, follow_redirects=True)
        assert response.status_code == 200, path
        assert rdflib.URIRef(iri) in set(parse(response.data, "text/turtle").subjects())


VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
DATASET = rdflib.URIRef(BASE + "id/dataset/osnabrueck-twinning")
DEFAULT_GRAPH = rdflib.URIRef(BASE + "id/graph/default")


def sparql_count(ld: FlaskClient, pattern: str = "?s ?p ?o") -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    response = ld.get("/sparql", query_string={"query": query},
                      headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert response.status_code == 200
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


def test_void_states_what_the_endpoint_counts(ld: FlaskClient, pub_dist: Path) -> None:
    """The endpoint's default graph (dataset + catalog + VoID + shapes) as VoID counts it is what
    COUNT(*) at the endpoint answers; the dataset's own figure is its dump's."""
    void = parse(ld.get("/.well-known/void").data, "text/turtle")
    assert (DEFAULT_GRAPH, VOID.subset, DATASET) in void
    assert void.value(DEFAULT_GRAPH, VOID.sparqlEndpoint) == rdflib.URIRef(BASE + "sparql")
    served = void.value(DEFAULT_GRAPH, VOID.triples)
    assert served is not None and served.toPython() == sparql_count(ld)
    dump = rdflib.Graph().parse(pub_dist / "osnabrueck-twinning.nt")
    assert void.value(DATASET, VOID.triples).toPython() == len(dump) < served.toPython()


def test_service_description_and_void_agree(ld: FlaskClient) -> None:
    """One default graph, one count, and the format IRIs of the one format table."""
    sd = parse(ld.get("/sparql", headers={"Accept": "text/turtle"}).data, "text/turtle")
    void = parse(ld.get("/.well-known/void").data, "text/turtle")
    assert (None, SD.defaultGraph, DEFAULT_GRAPH) in sd
    assert sd.value(DEFAULT_GRAPH, VOID.triples) == void.value(DEFAULT_GRAPH, VOID.triples)
    results = set(sd.objects(None, SD.resultFormat))
    assert set(void.objects(DATASET, VOID.feature)) <= results
    assert rdflib.URIRef("http://www.w3.org/ns/formats/JSON-LD") in results
    assert all(str(f).startswith("http://www.w3.org/ns/formats/") for f in results)


# --- dumps -----------------------------------------------------------------------------------


def test_every_file_of_the_manifest_is_served(ld: FlaskClient, manifest: dict[str, Any]) -> None:
    assert len(manifest["files"]) >= 16
    for entry in manifest["files"]:
        response = ld.get(f"/download/{entry['path']}", headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, entry["path"]
        assert media_type(response) == entry["media_type"]
        assert int(response.headers["Content-Length"]) == entry["bytes"] == len(response.data)
        assert hashlib.sha256(response.data).hexdigest() == entry["sha256"]
        assert "Content-Encoding" not in response.headers  # the bytes the checksum covers
        assert response.get_etag() == (entry["sha256"], False)


def test_gzip_dump_is_a_gzip_file(ld: FlaskClient, pub_dist: Path) -> None:
    response = ld.get("/download/osnabrueck-twinning.nt.gz", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Type"] == "application/gzip"
    assert gzip.decompress(response.data) == (pub_dist / "osnabrueck-twinning.nt").read_bytes()


def test_dump_conditional_range_and_head(ld: FlaskClient, manifest: dict[str, Any]) -> None:
    entry = next(e for e in manifest["files"] if e["path"] == "osnabrueck-twinning.ttl")
    path = "/download/osnabrueck-twinning.ttl"
    assert ld.get(path, headers={"If-None-Match": f'"{entry["sha256"]}"'}).status_code == 304
    part = ld.get(path, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.data) == 100
    head = ld.head(path)
    assert head.status_code == 200 and head.data == b""
    assert int(head.headers["Content-Length"]) == entry["bytes"]
    assert head.headers["Content-Type"] == "text/turtle; charset=utf-8"


@pytest.mark.parametrize(
    "name", ["nothing.ttl", "..%2Fmanifest.json", "%2Fetc%2Fpasswd", ".hidden", "shapes"]
)
def test_unknown_downloads_are_404(ld: FlaskClient, name: str) -> None:
    assert ld.get(f"/download/{name}").status_code == 404


def test_manifest_is_downloadable(ld: FlaskClient, manifest: dict[str, Any]) -> None:
    response = ld.get("/download/manifest.json")
    assert response.status_code == 200
    assert response.json is not None and response.json["version"] == manifest["version"]


# --- health ----------------------------------------------------------------------------------


def test_health(ld: FlaskClient, manifest: dict[str, Any], pub_store: Any) -> None:
    response = ld.get("/health")
    assert response.status_code == 200
    assert media_type(response) == "application/json"
    body = response.json
    assert body is not None
    assert body["status"] == "ok"
    assert body["version"] == manifest["version"]
    assert body["triples"] == pub_store.triple_count() >= manifest["triples"]
    assert body["backend"] == "embedded"
    assert body["dataset"] == BASE + "id/dataset/osnabrueck-twinning"
    # The same instant; the catalog writes it as rdflib serialised it ("+00:00"), the manifest
    # with "Z", and the store answers literals as published.
    modified = datetime.fromisoformat(body["modified"])
    assert modified == datetime.fromisoformat(manifest["modified"]) and modified.tzinfo
    assert response.headers["Cache-Control"] == "no-store"
