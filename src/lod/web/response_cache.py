"""Answering a repeated GET from memory: same data version, URL, Accept and Accept-Language →
the same status, headers and body, without running a query, negotiating or rendering.

One cache per app (in ``app.extensions``), shared by the linked-data documents and ``/sparql``.
The keys hold the raw request values (cheap to compare) and the data version, so an answer can
never outlive the data it was computed from. The cache is bounded in entries and in bytes, and
starts afresh when full (repeated requests refill it at once; no bookkeeping per hit). The shared
after-request hook (CORS, Vary, conditional requests, gzip) still runs on every response.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ParamSpec

from flask import Response, current_app, request

from lod.web.app import get_served
from lod.web.negotiation import plain_lang_arg

MAX_ENTRIES = 4096  # distinct answers kept
MAX_BYTES = 64 * 1024 * 1024  # bodies kept in all, per app (i.e. per worker process)
MAX_ENTRY_BYTES = 2 * 1024 * 1024  # a bigger answer is computed anew each time
CACHEABLE_STATUS = frozenset({200, 303})
P = ParamSpec("P")
Key = tuple[str, ...]
Entry = tuple[bytes, int, list[tuple[str, str]]]


@dataclass
class ResponseCache:
    max_entries: int = MAX_ENTRIES
    max_bytes: int = MAX_BYTES
    max_entry_bytes: int = MAX_ENTRY_BYTES
    entries: dict[Key, Entry] = field(default_factory=dict)
    size: int = 0  # bytes of the bodies held
    hits: int = 0  # answers given from the cache (for the metrics; racy counts are fine)
    misses: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: Key) -> Entry | None:
        return self.entries.get(key)

    def put(self, key: Key, response: Response) -> None:
        body = response.get_data()
        if len(body) > self.max_entry_bytes:
            return
        with self.lock:
            if len(self.entries) >= self.max_entries or self.size + len(body) > self.max_bytes:
                self.entries.clear()
                self.size = 0
            old = self.entries.get(key)
            self.size += len(body) - (len(old[0]) if old else 0)
            self.entries[key] = (body, response.status_code, list(response.headers))


def remembering(
    cached_args: frozenset[str] | None,
) -> Callable[[Callable[P, Response]], Callable[P, Response]]:
    """A view decorator that answers repeated GET/HEAD requests from the app's cache.

    ``cached_args``: the query arguments a cached request may carry (others: the view runs every
    time, e.g. odd arguments a page ignores); None: any (they are all part of the key).
    """

    def decorate(view: Callable[P, Response]) -> Callable[P, Response]:
        @functools.wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
            key = request_key(cached_args)
            if key is None:
                return view(*args, **kwargs)
            cache = response_cache()
            hit = cache.get(key)
            if hit is not None:
                cache.hits += 1
                body, status, headers = hit
                return Response(body, status=status, headers=headers)
            cache.misses += 1
            response = view(*args, **kwargs)
            if response.status_code in CACHEABLE_STATUS and not response.direct_passthrough:
                cache.put(key, response)
            return response

        return wrapper

    return decorate


def request_key(cached_args: frozenset[str] | None) -> Key | None:
    """The cache key of this request, or None when it must not be answered from the cache."""
    version = get_served().tag
    if not version or request.method not in ("GET", "HEAD"):
        return None
    if cached_args is not None and set(request.args) - cached_args:
        return None
    if not plain_lang_arg():
        return None
    headers = request.headers
    return (
        version,
        request.host_url,  # scheme, host and mount point: answers may link to themselves
        request.path,
        request.query_string.decode("latin-1"),
        headers.get("Accept", ""),
        headers.get("Accept-Language", ""),
    )


def response_cache() -> ResponseCache:
    cache: ResponseCache = current_app.extensions.setdefault("lod-responses", ResponseCache())
    return cache


# Documents: only their own arguments; /sparql: any (query, graphs, format, lang).
DOCUMENT_ARGS = frozenset({"lang", "format"})
remembered = remembering(DOCUMENT_ARGS)
remembered_query = remembering(None)
