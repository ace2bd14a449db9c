"""Fair sharing of the query workers: quick queries are answered while long ones run, surplus
long queries are turned away with 503 and Retry-After, and /health does not queue."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from lod_test_backends import fixture_spec

from lod.config import Settings
from lod.errors import LodError, ServerBusy
from lod.store.isolated import LONG_NICE, IsolatedStore
from lod.web.app import create_app

# Hundreds of millions of rows from the 25-triple fixture: runs for many seconds anywhere.
PATTERNS = " . ".join(f"?s{i} ?p{i} ?o{i}" for i in range(6))
LONG = f"SELECT (COUNT(*) AS ?n) WHERE {{ {PATTERNS} }}"
QUICK = "ASK { ?s ?p ?o }"


@pytest.fixture
def store() -> Iterator[IsolatedStore]:
    store = IsolatedStore(fixture_spec(), workers=3)
    yield store
    store.close()


def outcome(store: IsolatedStore, query: str, timeout: float = 8.0) -> str:
    try:
        store.query(query, timeout=timeout)
    except ServerBusy:
        return "busy"
    except LodError as error:
        return type(error).__name__
    return "ok"


def warm_up(store: IsolatedStore) -> None:
    """Run the long query once: the store now knows it as long (as on a busy server)."""
    assert outcome(store, LONG, timeout=2.0) == "QueryTimeout"


def test_quick_queries_pass_long_ones(store: IsolatedStore) -> None:
    warm_up(store)
    with ThreadPoolExecutor(max_workers=8) as pool:
        long_runs = [pool.submit(outcome, store, LONG) for _ in range(5)]
        quick = [outcome(store, QUICK) for _ in range(10)]
        long_outcomes = [f.result() for f in long_runs]
    assert quick == ["ok"] * 10  # one worker always stays free for queries under a second
    assert long_outcomes.count("busy") >= 3  # at most workers - 1 = 2 long ones at a time
    assert store.alive_workers() >= 1


def test_busy_answers_say_when_to_retry(store: IsolatedStore) -> None:
    app = create_app({"TESTING": True}, settings=Settings(), store=store)
    client = app.test_client()
    warm_up(store)
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = [
            pool.submit(client.get, "/sparql", query_string={"query": LONG, "format": "json"})
            for _ in range(5)
        ]
        health = client.get("/health")
        statuses = [a.result() for a in answers]
    assert health.status_code == 200 and health.json["status"] == "ok"  # type: ignore[index]
    busy = [r for r in statuses if r.status_code == 503 and "Retry-After" in r.headers]
    assert len(busy) >= 3
    assert all(r.headers["Retry-After"].isdigit() for r in busy)


def test_a_query_that_crashes_the_engines_parser_is_the_clients_error(
    store: IsolatedStore,
) -> None:
    """Past the depth check (which the web layer does first), a stack overflow in the engine
    costs a worker, but is answered as the query's fault, and the pool recovers."""
    nested = "SELECT * WHERE " + "{ SELECT * WHERE " * 5000 + "{}" + "}" * 5000
    with pytest.raises(LodError) as crash:
        store.query(nested, timeout=10.0)
    assert crash.value.status == 400 and "out of stack" in crash.value.message
    assert outcome(store, QUICK) == "ok"


def test_a_long_query_gives_way_then_its_worker_is_back_at_normal_priority(
    store: IsolatedStore,
) -> None:
    """A long query's worker runs niced (quick queries get the CPU first); afterwards every
    worker answers at normal priority again (reniced as root, else replaced)."""
    medium = (
        "SELECT (COUNT(*) AS ?n) WHERE { "
        + " . ".join(f"?s{i} ?p{i} ?o{i}" for i in range(5))
        + " }"
    )  # ~10 million rows: about a second or two
    store._remember_long(medium)  # as if it had run long before: it gives way from the start
    seen: set[int] = set()
    with ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(outcome, store, medium, 30.0)
        while not running.done():
            seen.update(os.getpriority(os.PRIO_PROCESS, pid) for pid in store.worker_pids())
            time.sleep(0.02)
        assert running.result() == "ok"
    assert LONG_NICE in seen
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and store.alive_workers() < 3:
        time.sleep(0.05)
    assert store.alive_workers() == 3
    assert {os.getpriority(os.PRIO_PROCESS, pid) for pid in store.worker_pids()} == {0}
    assert outcome(store, QUICK) == "ok"
