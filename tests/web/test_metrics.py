"""``/metrics``: the Prometheus text format, read back with prometheus-client's own parser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from lod.config import Settings
from lod.web.app import create_app

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture(scope="module")
def app(built_dist: Path, repo_root: Path) -> Iterator[Flask]:
    settings = Settings().replace(
        dist_dir=built_dist, queries_dir=repo_root / "queries", reload_interval=0.0,
        query_timeout=1.0,
    )  # fmt: skip
    app = create_app({"TESTING": True, "QUERY_WORKERS": 1}, settings=settings)
    yield app
    app.extensions["lod"].switch.close()


def scrape(client: FlaskClient) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain" and "version=" in response.content_type
    samples: Samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def query(client: FlaskClient, text: str) -> int:
    return client.get("/sparql", query_string={"query": text, "format": "json"}).status_code


def test_requests_queries_and_the_publication_are_counted(app: Flask) -> None:
    client = app.test_client()
    before = scrape(client)
    assert query(client, "ASK { ?s ?p ?o }") == 200
    assert query(client, "SELECT * WHERE { ?s ?p") == 400
    assert query(client, "INSERT DATA { <a:b> <a:c> <a:d> }") == 403
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    assert query(client, slow) in (503, 504)
    assert client.get("/doc/city/haarlem.ttl").status_code == 200
    assert client.get("/no/such/page").status_code == 404
    after = scrape(client)

    def grew(name: str, by: float = 1, **labels: str) -> bool:
        return value(after, name, **labels) - value(before, name, **labels) == by

    assert grew("lod_sparql_queries_total", outcome="ok")
    assert grew("lod_sparql_queries_total", outcome="bad_query")
    assert grew("lod_sparql_queries_total", outcome="refused")
    assert grew("lod_sparql_queries_total", outcome="timeout")
    assert grew("lod_http_requests_total", route="/sparql", method="GET", status="200")
    assert grew("lod_http_requests_total", route="/doc/<path:rest>", method="GET", status="200")
    assert grew("lod_http_requests_total", route="(no route)", method="GET", status="404")
    assert value(after, "lod_query_worker_restarts_total") >= 1  # the timed-out worker
    served = app.extensions["lod"].switch.current
    info = {k for k, v in after.items() if k[0] == "lod_publication_info" and v == 1}
    assert ("version", served.version) in next(iter(info))[1]


def test_routes_not_urls_are_labels(app: Flask) -> None:
    client = app.test_client()
    for n in range(30):
        client.get(f"/doc/city/nowhere-{n}")
    routes = {dict(k[1]).get("route") for k in scrape(client) if k[0] == "lod_http_requests_total"}
    assert not any(route and "nowhere" in route for route in routes)


def test_only_the_configured_addresses_may_read(app: Flask) -> None:
    client = app.test_client()
    far = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert far.status_code == 403 and b"LOD_METRICS_FROM" in far.data
    near = client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"})
    assert near.status_code == 200
