"""The one cache of a served version: answers, documents and indexes within one bound of
entries and bytes, the least recently used first out."""

from __future__ import annotations

import threading
import time

import lod_publication as pub
import pyoxigraph as ox
import pytest
from flask import Flask

from lod.web.served import BoundedCache, approximate_size

pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store
pub_app, ld = pub.pub_app, pub.ld


def test_past_the_byte_bound_the_least_recently_used_go_first() -> None:
    cache = BoundedCache(max_entries=100, max_bytes=3000)
    cache.put("a", b"x", 1000)
    cache.put("b", b"y", 1000)
    cache.put("c", b"z", 1000)
    assert cache.get("a") == b"x"  # a is now the most recently used
    cache.put("d", b"w", 1000)  # 4000 > 3000: b goes, the oldest untouched
    assert cache.keys() == ["c", "a", "d"] and cache.size == 3000
    cache.put("a", b"v", 500)  # replacing an entry counts it once
    assert cache.size == 2500 and cache.get("a") == b"v"
    cache.put("e", b"u", 2000)  # 4500: c and d go
    assert cache.keys() == ["a", "e"] and cache.size == 2500


def test_past_the_entry_bound_the_oldest_goes() -> None:
    cache = BoundedCache(max_entries=3, max_bytes=10**9)
    for key in "abcde":
        cache.put(key, key.upper(), 1)
    assert cache.keys() == ["c", "d", "e"] and len(cache) == 3 and cache.size == 3


def test_a_value_bigger_than_the_whole_budget_is_kept_alone() -> None:
    cache = BoundedCache(max_entries=10, max_bytes=100)
    cache.put("small", "s", 10)
    cache.put("index", "i", 500)  # computed at great cost: kept, everything else goes
    assert cache.keys() == ["index"] and cache.get("index") == "i"
    cache.put("next", "n", 10)
    assert cache.keys() == ["next"]


def test_remember_computes_once_and_keeps_none_too() -> None:
    cache, calls = BoundedCache(), []
    for _ in range(3):
        assert cache.remember("report", lambda: calls.append(1)) is None  # a missing report
    assert calls == [1] and "report" in cache


def test_sizes_follow_the_content() -> None:
    def triples(n: int) -> list[ox.Triple]:
        city = "https://w3id.org/twinning/id/city/"
        label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
        name = ox.Literal
        return [ox.Triple(ox.NamedNode(f"{city}{i}"), label, name(f"Stadt {i}", language="de"))
                for i in range(n)]  # fmt: skip

    small, large = approximate_size(triples(100)), approximate_size(triples(1000))
    assert 9 < large / small < 11
    nt = len(ox.serialize(triples(1000), format=ox.RdfFormat.N_TRIPLES) or b"")
    assert nt < large < 10 * nt  # counted as text plus overhead, not as a pointer per term
    assert approximate_size({"k": "x" * 10_000}) > 10_000


@pytest.mark.parametrize("max_bytes", [20_000, 10**9])
def test_a_served_version_keeps_within_its_bound(pub_app: Flask, max_bytes: int) -> None:
    """Documents, answers and the home record all count against the one bound; whatever was
    evicted is computed again, the same."""
    served = pub_app.extensions["lod"].switch.current
    served.cache = BoundedCache(max_entries=40, max_bytes=max_bytes)
    client = pub_app.test_client()
    paths = ["/", "/doc/city/twer", "/doc/city/haarlem", "/ontology/", "/catalog", "/list/"]
    first = {path: client.get(path, headers={"Accept": "text/turtle, text/html"}) for path in paths}
    seen = set(served.cache.keys())
    for _ in range(2):
        for path in paths:
            again = client.get(path, headers={"Accept": "text/turtle, text/html"})
            assert again.status_code == 200 and again.data == first[path].data, path
            assert len(served.cache) <= 40
            assert served.cache.size <= max_bytes or len(served.cache) == 1
            seen |= set(served.cache.keys())
    evicted = seen - set(served.cache.keys())
    assert bool(evicted) == (max_bytes == 20_000), evicted  # the small budget had to evict


def test_a_value_being_computed_is_waited_for_not_computed_again() -> None:
    cache = BoundedCache()
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow(name: str) -> str:
        calls.append(name)
        started.set()
        release.wait(10)
        return "index"

    got: list[str] = []
    first = threading.Thread(target=lambda: got.append(cache.remember("k", lambda: slow("a"))))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: got.append(cache.remember("k", lambda: slow("b"))))
    second.start()
    time.sleep(0.2)  # the second caller is inside remember() by now, waiting
    release.set()
    first.join(10)
    second.join(10)
    assert calls == ["a"] and got == ["index", "index"] and not cache.computing


def test_a_failed_computation_leaves_nothing_behind() -> None:
    cache = BoundedCache()

    def broken() -> str:
        raise RuntimeError("engine down")

    with pytest.raises(RuntimeError):
        cache.remember("k", broken)
    assert "k" not in cache and not cache.computing
    assert cache.remember("k", lambda: "fine") == "fine"


def test_lod_serve_computes_the_lists_and_the_sitemap_before_anyone_asks(pub_app: Flask) -> None:
    from lod.web.commands import warm_up

    served = pub_app.extensions["lod"].switch.current
    assert "lists" not in served.cache
    warm_up(pub_app)
    deadline = time.monotonic() + 60
    while not {"lists", "sitemap-paths"} <= set(served.cache.keys()):
        assert time.monotonic() < deadline, served.cache.keys()
        time.sleep(0.05)
    listed = pub_app.test_client().get("/list/cities.json")
    assert listed.status_code == 200 and listed.get_json()["total"] > 0
