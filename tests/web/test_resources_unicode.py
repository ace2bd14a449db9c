"""Non-ASCII names and IRIs: an IRI with Unicode (``…/gmünd``), one minted percent-encoded
(``…/%C3%A7anakkale``), names in Korean and Russian; UTF-8 everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient
from lod_publication import BASE, parse

from lod.config import Settings
from lod.store import EmbeddedStore, LoadSpec
from lod.web.app import create_app

GMUEND = BASE + "id/city/gmünd"
CANAKKALE = BASE + "id/city/%C3%A7anakkale"
TWER = BASE + "id/city/twer"
DATA = f"""@prefix tw: <{BASE}ontology/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{GMUEND}> a tw:City ; rdfs:label "Gmünd"@de ; tw:twinnedWith <{TWER}>, <{CANAKKALE}> .
<{CANAKKALE}> a tw:City ; rdfs:label "Çanakkale"@tr .
<{TWER}> a tw:City ; rdfs:label "Тверь"@ru ; tw:nativeLabel "Тверь"@ru ;
    rdfs:comment "광명시와 자매결연"@ko .
"""


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    path = tmp_path / "unicode.ttl"
    path.write_text(DATA, encoding="utf-8")
    store = EmbeddedStore.load(LoadSpec.from_files((path,)))
    return create_app({"TESTING": True}, settings=Settings(), store=store).test_client()


def test_unicode_iri_dereferences(client: FlaskClient) -> None:
    redirect = client.get("/id/city/gm%C3%BCnd")
    assert redirect.status_code == 303
    assert redirect.headers["Location"] == "/doc/city/gm%C3%BCnd"  # ASCII in the header
    response = client.get("/doc/city/gm%C3%BCnd.ttl")
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert response.headers["Content-Location"] == "/doc/city/gm%C3%BCnd.ttl"
    graph = parse(response.data, "text/turtle")
    assert (rdflib.URIRef(GMUEND), rdflib.RDFS.label, rdflib.Literal("Gmünd", lang="de")) in graph


def test_percent_encoded_iri_dereferences(client: FlaskClient) -> None:
    response = client.get("/doc/city/%C3%A7anakkale.nt")
    assert response.status_code == 200
    graph = parse(response.data, "application/n-triples")
    assert rdflib.URIRef(CANAKKALE) in set(graph.subjects())
    assert client.get("/id/city/%C3%A7anakkale").headers["Location"] == ("/doc/city/%C3%A7anakkale")


def test_pages_in_utf_8(client: FlaskClient) -> None:
    response = client.get("/doc/city/twer?lang=en", headers={"Accept": "text/html"})
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    html = response.data.decode("utf-8")
    assert '<h1 id="resource-title" lang="ru">Тверь</h1>' in html  # no en/de name: native
    assert '<span lang="ko">광명시와 자매결연</span>' in html
    gmuend = client.get("/doc/city/gm%C3%BCnd", headers={"Accept": "text/html"})
    text = gmuend.data.decode("utf-8")
    assert 'href="/doc/city/%C3%A7anakkale"' in text  # links percent-encoded, once
    assert 'href="/doc/city/twer"' in text
    assert ">Çanakkale</a>" in text and ">Тверь</a>" in text
    assert '<code class="iri">https://w3id.org/twinning/id/city/gmünd</code>' in text


def test_unknown_unicode_path_is_404(client: FlaskClient) -> None:
    assert client.get("/id/city/gm%C3%BCnde").status_code == 404
    assert client.get("/doc/city/%E2%98%83").status_code == 404
