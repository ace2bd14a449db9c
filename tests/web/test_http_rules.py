"""HTTP rules for every request: compressed bodies, Range per RFC 9110, redirects that stay on
the host asked, security headers, and caches that odd parameters cannot fill."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from lod.config import Settings
from lod.web.app import create_app
from lod.web.served import MAX_CACHE_ENTRIES

NT = "/download/osnabrueck-twinning.nt"
ASK = "ASK { ?s ?p ?o }"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def app(built_dist: Path, repo_root: Path) -> Iterator[Flask]:
    settings = Settings().replace(
        dist_dir=built_dist, queries_dir=repo_root / "queries", reload_interval=0.0
    )
    app = create_app({"TESTING": True, "QUERY_WORKERS": 1}, settings=settings)
    yield app
    app.extensions["lod"].switch.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def post_query(client: FlaskClient, body: bytes, content_type: str, encoding: str) -> TestResponse:
    headers = {"Content-Type": content_type, "Content-Encoding": encoding, "Accept": JSON}
    return client.post("/sparql", data=body, headers=headers)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("application/sparql-query", ASK.encode()), ("application/x-www-form-urlencoded",
                                                    b"query=ASK%20%7B%3Fs%20%3Fp%20%3Fo%7D")],
)  # fmt: skip
def test_a_gzip_body_is_inflated(client: FlaskClient, content_type: str, body: bytes) -> None:
    response = post_query(client, gzip.compress(body), content_type, "gzip")
    assert response.status_code == 200
    assert response.json == {"head": {}, "boolean": True}


def test_compressed_bodies_the_server_cannot_take(client: FlaskClient) -> None:
    sparql = "application/sparql-query"
    unknown = post_query(client, ASK.encode(), sparql, "br")
    assert unknown.status_code == 415 and b"Content-Encoding br" in unknown.data
    bomb = post_query(client, gzip.compress(b" " * 5_000_000), sparql, "gzip")
    assert bomb.status_code == 413 and b"LOD_MAX_BODY_BYTES" in bomb.data
    broken = post_query(client, b"not gzip at all", sparql, "gzip")
    assert broken.status_code == 400 and b"gzip" in broken.data


@pytest.mark.parametrize("value", ["items=0-1", "bytes=abc", "bytes=", "pages=1-2, 4"])
def test_a_range_nobody_can_use_is_ignored(client: FlaskClient, value: str) -> None:
    whole = client.get(NT)
    response = client.get(NT, headers={"Range": value})
    assert response.status_code == 200 and response.data == whole.data


def test_a_byte_range_is_served(client: FlaskClient) -> None:
    whole = client.get(NT).data
    response = client.get(NT, headers={"Range": "bytes=0-9"})
    assert response.status_code == 206 and response.data == whole[:10]
    beyond = client.get(NT, headers={"Range": f"bytes={len(whole) + 10}-"})
    assert beyond.status_code == 416


def test_redirects_stay_on_the_host_asked(client: FlaskClient) -> None:
    response = client.get("/id//city/haarlem?lang=de", headers={"Host": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == "/id/city/haarlem?lang=de"
    see_other = client.get("/id/city/haarlem", headers={"Host": "evil.example"})
    assert see_other.status_code == 303 and see_other.headers["Location"].startswith("/doc/")


def test_security_headers(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept": "text/html"})
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    data = client.get("/doc/city/haarlem.ttl")
    assert data.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in data.headers


def test_odd_lang_values_are_answered_but_not_remembered(app: Flask, client: FlaskClient) -> None:
    client.get("/doc/city/haarlem?lang=de", headers={"Accept": "text/html"})
    served = app.extensions["lod"].switch.current
    remembered = len(served.cache)  # answers and what was computed for them
    for n in range(60):
        response = client.get(f"/doc/city/haarlem?lang=x{n}", headers={"Accept": "text/html"})
        assert response.status_code == 200
    assert len(served.cache) == remembered
    assert 0 < remembered <= MAX_CACHE_ENTRIES
