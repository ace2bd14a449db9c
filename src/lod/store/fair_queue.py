"""A first-come, first-served hand-off of idle query workers to the requests waiting for one.

``queue.Queue`` is not fair: a released worker wakes the longest waiter, but a thread that just
finished its own query and asks again can take the worker before the woken one runs. Under load
the same few threads then win every round while others wait past the 5 s limit and get 503 (16
threads on 3 workers: most threads were turned away although the workers never stood idle).
Here a released item goes straight to the oldest waiter, and a newcomer queues behind those
already waiting.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")


class _Ticket(Generic[T]):
    __slots__ = ("ready", "item")

    def __init__(self) -> None:
        self.ready = threading.Event()
        self.item: T | None = None


class FairQueue(Generic[T]):
    """The part of ``queue.Queue``'s interface the worker pool uses, served in arrival order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: deque[T] = deque()
        self._waiting: deque[_Ticket[T]] = deque()

    def put(self, item: T) -> None:
        with self._lock:
            if self._waiting:
                ticket = self._waiting.popleft()
                ticket.item = item
                ticket.ready.set()
            else:
                self._items.append(item)

    def get(self, timeout: float) -> T:
        """The next item, waiting at most ``timeout`` seconds behind earlier callers
        (``queue.Empty`` when none came in time)."""
        with self._lock:
            if self._items and not self._waiting:
                return self._items.popleft()
            ticket: _Ticket[T] = _Ticket()
            self._waiting.append(ticket)
        ticket.ready.wait(timeout)
        with self._lock:
            if ticket.item is not None:  # handed over, possibly just as the time ran out
                return ticket.item
            self._waiting.remove(ticket)
        raise queue.Empty

    def get_nowait(self) -> T:
        """An idle item now, if no one is waiting for it already."""
        with self._lock:
            if self._items and not self._waiting:
                return self._items.popleft()
        raise queue.Empty

    def qsize(self) -> int:
        """Items idle now."""
        with self._lock:
            return len(self._items)
