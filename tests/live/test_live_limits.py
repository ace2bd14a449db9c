"""Limits on a live server: a runaway query is cut off at the time limit while the server keeps
answering others; SERVICE reaches only allow-listed endpoints."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from lod_test_backends import (
    OxigraphServer,
    VirtuosoServer,
    fixture_spec,
    serving,
    virtuoso_dataset,
)

from lod.config import Settings
from lod.store import RemoteStore, Store
from lod.store.isolated import IsolatedStore
from lod.web.app import create_app

pytestmark = pytest.mark.live

LIMIT = 1.5
# 25 triples to the 8th power: ~1.5e11 combinations, hours of work for any engine.
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(8)) + " }"
)
CHEAP = "ASK { ?s a <https://w3id.org/twinning/ontology/City> }"


def post(url: str, query: str, timeout: float = 30) -> tuple[int, str, float]:
    """POST a query; (status, body, seconds)."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - started


@pytest.fixture(scope="module", params=["embedded", "remote", "virtuoso"])
def limited(request: pytest.FixtureRequest, live_settings: Settings) -> Iterator[tuple[str, Store]]:
    """A live /sparql with a short query time limit, and its store."""
    if request.param == "embedded":
        store: Store = IsolatedStore(fixture_spec(), workers=2)
    elif request.param == "virtuoso":
        virtuoso: VirtuosoServer = request.getfixturevalue("virtuoso_server")
        store = RemoteStore(virtuoso.query_url, dataset=virtuoso_dataset())
    else:
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        store = RemoteStore(server.query_url)
    app = create_app(settings=live_settings.replace(query_timeout=LIMIT), store=store)
    with serving(app) as base:
        yield base + "/sparql", store
    store.close()


def test_runaway_query_is_cut_off_while_cheap_queries_answer(limited: tuple[str, Store]) -> None:
    url, store = limited
    pids_before = store.worker_pids() if isinstance(store, IsolatedStore) else []
    outcome: dict[str, tuple[int, str, float]] = {}
    heavy = threading.Thread(target=lambda: outcome.update(heavy=post(url, RUNAWAY)))
    heavy.start()
    time.sleep(0.3)  # the runaway query is now running
    latencies = []
    while heavy.is_alive():
        status, body, seconds = post(url, CHEAP)
        assert status == 200 and json.loads(body)["boolean"] is True
        latencies.append(seconds)
        time.sleep(0.1)
    heavy.join()
    status, body, seconds = outcome["heavy"]
    assert status == 503, body
    assert "1.5 s" in body or "in time" in body
    assert LIMIT - 0.1 < seconds < LIMIT + 1.5  # cut off at about the limit
    assert len(latencies) >= 3 and max(latencies) < 0.5  # the others kept answering at once
    if isinstance(store, IsolatedStore):  # the worker that ran it is gone, its core is free
        killed = set(pids_before) - set(store.worker_pids())
        assert len(killed) == 1
        pid = killed.pop()
        assert not os.path.exists(f"/proc/{pid}")
    status, _body, _ = post(url, CHEAP)
    assert status == 200  # and the pool is whole again


def test_two_runaway_queries_do_not_stall_the_pool_for_long(limited: tuple[str, Store]) -> None:
    url, _store = limited
    results: list[tuple[int, str, float]] = []
    threads = [
        threading.Thread(target=lambda: results.append(post(url, RUNAWAY))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [status for status, _, _ in results] == [503, 503]
    started = time.monotonic()
    deadline = started + 10
    while time.monotonic() < deadline:  # workers restart in the background
        status, _body, seconds = post(url, CHEAP)
        if status == 200:
            break
    assert status == 200 and time.monotonic() - started < 5


def test_virtuoso_time_limit_is_a_503(
    virtuoso_server: VirtuosoServer, live_settings: Settings
) -> None:
    """Virtuoso stops a query at its MaxQueryExecutionTime (5 s here) with a 500 "S1T00 Error
    SR171: Transaction timed out"; lod, waiting longer, passes it on as its own time limit."""
    store = RemoteStore(virtuoso_server.query_url, dataset=virtuoso_dataset())
    with serving(create_app(settings=live_settings.replace(query_timeout=30), store=store)) as base:
        status, body, seconds = post(base + "/sparql", RUNAWAY)
    assert status == 503, body
    assert "SR171" in body and seconds < 20


def test_service_reaches_allowlisted_endpoints_only(
    oxigraph_server: OxigraphServer, live_settings: Settings
) -> None:
    store = IsolatedStore(fixture_spec(), workers=1)
    allowed = live_settings.replace(service_allowlist=(oxigraph_server.query_url,))
    try:
        with serving(create_app(settings=allowed, store=store)) as base:
            federated = (
                "SELECT ?city WHERE { SERVICE <" + oxigraph_server.query_url + "> "
                "{ ?city a <https://w3id.org/twinning/ontology/City> } } ORDER BY ?city"
            )
            status, body, _ = post(base + "/sparql", federated)
            assert status == 200, body
            cities = [b["city"]["value"] for b in json.loads(body)["results"]["bindings"]]
            assert cities == [
                "https://w3id.org/twinning/id/city/angers",
                "https://w3id.org/twinning/id/city/haarlem",
                "https://w3id.org/twinning/id/city/osnabrueck",
            ]
            other = federated.replace("/query>", "/elsewhere>")
            status, body, _ = post(base + "/sparql", other)
            assert status == 403 and "/elsewhere" in body
    finally:
        store.close()
