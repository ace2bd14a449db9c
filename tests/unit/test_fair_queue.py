"""The query workers are handed out first come, first served (lod.store.fair_queue)."""

from __future__ import annotations

import queue
import threading
import time

import pytest

from lod.store.fair_queue import FairQueue


def _wait_until(condition: object, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the waiting threads never queued"
        time.sleep(0.001)


def _waiting(q: FairQueue[str]) -> int:
    return len(q._waiting)


def test_released_items_go_to_the_waiters_in_arrival_order() -> None:
    q: FairQueue[str] = FairQueue()
    got: dict[str, str] = {}
    threads = []
    for name in ("first", "second", "third"):
        thread = threading.Thread(target=lambda n=name: got.__setitem__(n, q.get(timeout=10)))
        thread.start()
        threads.append(thread)
        _wait_until(lambda: _waiting(q) == len(threads))
    for item in ("a", "b", "c"):
        q.put(item)
    for thread in threads:
        thread.join(10)
    assert got == {"first": "a", "second": "b", "third": "c"}


def test_a_newcomer_does_not_take_an_item_from_someone_already_waiting() -> None:
    """queue.Queue lets the thread that releases a worker take it back at once (barging)."""
    q: FairQueue[str] = FairQueue()
    got: list[str] = []
    waiter = threading.Thread(target=lambda: got.append(q.get(timeout=10)))
    waiter.start()
    _wait_until(lambda: _waiting(q) == 1)
    q.put("worker")
    with pytest.raises(queue.Empty):
        q.get_nowait()
    waiter.join(10)
    assert got == ["worker"]


def test_an_idle_item_is_taken_at_once_and_a_timed_out_wait_leaves_no_trace() -> None:
    q: FairQueue[str] = FairQueue()
    with pytest.raises(queue.Empty):
        q.get(timeout=0.01)
    assert _waiting(q) == 0
    q.put("worker")  # nobody waits any more: it stays idle
    assert q.qsize() == 1
    assert q.get(timeout=0) == "worker"
    assert q.qsize() == 0
