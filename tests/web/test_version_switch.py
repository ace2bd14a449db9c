"""One version at a time: a rebuild while serving moves every route to the new build at once,
requests under way finish on the old one, a failed build changes nothing served."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, Namespace, URIRef

from lod.config import Settings
from lod.errors import LodError
from lod.publisher.pipeline import build_publication
from lod.web.app import create_app
from lod.web.served import VersionSwitch, snapshot_dist

DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ALT_LABEL = "Friedensstadt Osnabrück"


@pytest.fixture
def project(repo_root: Path, tmp_path: Path) -> Settings:
    """A copy of the repository's sources, built once into its own dist/."""
    for name in ("ontology", "data", "shapes", "metadata", "queries"):
        shutil.copytree(repo_root / name, tmp_path / name)
    settings = Settings().replace(
        ontology_dir=tmp_path / "ontology",
        data_dir=tmp_path / "data",
        shapes_dir=tmp_path / "shapes",
        queries_dir=tmp_path / "queries",
        dist_dir=tmp_path / "dist",
        reload_interval=0.0,  # the test switches by calling check()
    )
    rebuild(settings)
    return settings


def rebuild(settings: Settings, old: str = "", new: str = "") -> None:
    cities = settings.data_dir / "cities.ttl"
    if old:
        text = cities.read_text(encoding="utf-8")
        assert old in text
        cities.write_text(text.replace(old, new), encoding="utf-8")
    build_publication(settings, settings.data_dir.parent / "metadata" / "publication.ttl")


@pytest.fixture
def app(project: Settings) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "QUERY_WORKERS": 1}, settings=project)
    yield app
    switch(app).close()


def switch(app: Flask) -> VersionSwitch:
    value: VersionSwitch = app.extensions["lod"].switch
    return value


def health(client: FlaskClient) -> dict[str, object]:
    body = client.get("/health").json
    assert isinstance(body, dict) and body["status"] == "ok"
    return body


def alt_labels(client: FlaskClient) -> set[str]:
    query = "SELECT ?l { ?c <http://www.w3.org/2004/02/skos/core#altLabel> ?l }"
    response = client.get("/sparql", query_string={"query": query, "format": "json"})
    assert response.status_code == 200
    return {b["l"]["value"] for b in response.json["results"]["bindings"]}  # type: ignore[index]


def catalog_checksums(client: FlaskClient) -> dict[str, tuple[str, int]]:
    """download URL → (SHA-256, bytes), as the served catalog lists them."""
    graph = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    listed = {}
    for dist in graph.subjects(DCAT.downloadURL, None):
        url = str(graph.value(dist, DCAT.downloadURL))
        checksum = graph.value(dist, SPDX.checksum)
        value = str(graph.value(checksum, SPDX.checksumValue))
        listed[url] = (value, int(graph.value(dist, DCAT.byteSize)))  # type: ignore[arg-type]
    assert listed
    return listed


def assert_downloads_match_catalog(client: FlaskClient) -> None:
    for url, (sha256, size) in catalog_checksums(client).items():
        response = client.get("/download/" + url.rsplit("/", 1)[1])
        assert response.status_code == 200, url
        assert len(response.data) == size and hashlib.sha256(response.data).hexdigest() == sha256


def test_relative_dist_serves_every_download(
    project: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default settings name dist/ relatively; downloads must not resolve it elsewhere."""
    monkeypatch.chdir(project.dist_dir.parent)
    relative = Settings().replace(dist_dir=Path("dist"), queries_dir=Path("queries"))
    assert relative.dist_dir == project.dist_dir  # resolved once, where the settings load
    app = create_app({"TESTING": True, "QUERY_WORKERS": 1}, settings=relative)
    try:
        assert_downloads_match_catalog(app.test_client())
    finally:
        switch(app).close()


def test_a_rebuild_moves_every_route_at_once(project: Settings, app: Flask) -> None:
    client = app.test_client()
    before = health(client)
    old_catalog = catalog_checksums(client)
    old_nt = client.get("/download/osnabrueck-twinning.nt")
    old_doc = client.get("/doc/city/osnabrueck.ttl")
    assert ALT_LABEL in alt_labels(client)

    rebuild(project, ALT_LABEL, "Friedensstadt (neu gebaut)")
    assert health(client)["version"] == before["version"]  # nothing moves before the switch
    assert switch(app).check() is True

    after = health(client)
    assert after["version"] != before["version"] and after["publication"] != before["publication"]
    labels = alt_labels(client)
    assert "Friedensstadt (neu gebaut)" in labels and ALT_LABEL not in labels
    assert catalog_checksums(client) != old_catalog
    assert_downloads_match_catalog(client)
    # The old ETags no longer match: the changed bytes come back, not a 304.
    for old, path in ((old_nt, "/download/osnabrueck-twinning.nt"),
                      (old_doc, "/doc/city/osnabrueck.ttl")):  # fmt: skip
        response = client.get(path, headers={"If-None-Match": old.headers["ETag"]})
        assert response.status_code == 200 and response.data != old.data, path
    doc = Graph().parse(data=client.get("/doc/city/osnabrueck.ttl").data, format="turtle")
    assert Literal("Friedensstadt (neu gebaut)", lang="de") in set(doc.objects())


def test_a_new_version_never_sees_the_old_ones_entries(project: Settings, app: Flask) -> None:
    """The cache belongs to its version: the new one starts empty, the old one's entries go
    with it, and the same request is answered from the new data (here: a renamed city)."""
    client = app.test_client()
    twin = "/?format=ttl"
    assert b'"Haarlem"@en' in client.get(twin, headers={"Accept-Language": "en"}).data
    old = switch(app).current
    assert "home-record" in old.cache and len(old.cache) > 1

    rebuild(project, '"Haarlem"@en', '"Haarlem (rebuilt)"@en')
    assert switch(app).check() is True
    new = switch(app).current
    assert new is not old and len(new.cache) == 0 and len(old.cache) == 0
    answer = client.get(twin, headers={"Accept-Language": "en"}).data
    assert b'"Haarlem (rebuilt)"@en' in answer and b'"Haarlem"@en' not in answer
    assert "home-record" in new.cache


def test_a_request_under_way_finishes_on_its_version(project: Settings, app: Flask) -> None:
    held = switch(app).acquire()  # a request that started before the new build landed
    old_files = held.files_dir
    assert old_files is not None
    rebuild(project, ALT_LABEL, "Friedensstadt (neu)")
    assert switch(app).check() is True
    assert held.retired and old_files.is_dir()  # still in use: kept
    assert held.store.triple_count() > 0
    assert "Friedensstadt (neu)" in alt_labels(app.test_client())
    switch(app).release(held)
    assert not old_files.exists()  # its last request ended: closed and removed


def test_a_failed_build_changes_nothing_served(project: Settings, app: Flask) -> None:
    client = app.test_client()
    before = health(client)
    with pytest.raises(LodError):
        rebuild(project, "city:osnabrueck a tw:City ;", "city:osnabrueck a tw:City ; tw:x ")
    assert switch(app).check() is False
    assert health(client)["publication"] == before["publication"]
    assert_downloads_match_catalog(client)


def test_a_build_the_server_cannot_load_keeps_the_old_one(project: Settings, app: Flask) -> None:
    client = app.test_client()
    before = health(client)
    manifest = project.dist_dir / "manifest.json"
    manifest.write_text("{not json", encoding="utf-8")  # a hand-broken dist/
    assert switch(app).check() is False
    body = health(client)
    assert body["publication"] == before["publication"] and "newer_build_failed" in body
    assert_downloads_match_catalog(client)


def test_a_file_missing_from_the_publication_is_404(app: Flask) -> None:
    client = app.test_client()
    files = switch(app).current.files_dir
    assert files is not None
    (files / "osnabrueck-twinning.rdf.gz").unlink()
    response = client.get("/download/osnabrueck-twinning.rdf.gz")
    assert response.status_code == 404
    assert client.get("/download/no-such-file.ttl").status_code == 404


def test_a_snapshot_keeps_its_bytes_when_dist_is_replaced(project: Settings) -> None:
    dist = project.dist_dir
    snapshot = snapshot_dist(dist)
    try:
        before = {p.name: p.read_bytes() for p in snapshot.iterdir()}
        assert before.keys() == {p.name for p in dist.iterdir()}
        rebuild(project, ALT_LABEL, "Friedensstadt (ersetzt)")  # dist/ swapped, the old removed
        assert {p.name: p.read_bytes() for p in snapshot.iterdir()} == before
        assert (dist / "osnabrueck-twinning.nt").read_bytes() != before["osnabrueck-twinning.nt"]
    finally:
        shutil.rmtree(snapshot)


def test_health_names_the_version_of_the_manifest(project: Settings, app: Flask) -> None:
    import json

    manifest = json.loads((project.dist_dir / "manifest.json").read_text(encoding="utf-8"))
    assert health(app.test_client())["version"] == manifest["version"]
    assert URIRef(manifest["dataset"])  # the dataset the health check names
