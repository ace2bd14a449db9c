"""Answering a repeated GET from memory: same data version, URL, Accept and Accept-Language →
the same status, headers and body, without running a query, negotiating or rendering.

The answers live in the served version's one cache (:class:`lod.web.served.BoundedCache`),
beside the documents and indexes computed from the same data: an answer can never outlive the
data it was computed from, and every remembered thing counts against one bound. The keys hold
the raw request values (cheap to compare). The shared after-request hook (CORS, Vary,
conditional requests, gzip) still runs on every response.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec

from flask import Response, current_app, request

from lod.web.app import get_served
from lod.web.negotiation import plain_lang_arg

MAX_ENTRY_BYTES = 2 * 1024 * 1024  # a bigger answer is computed anew each time
CACHEABLE_STATUS = frozenset({200, 303})
P = ParamSpec("P")
Key = tuple[str, ...]
Entry = tuple[bytes, int, list[tuple[str, str]]]


@dataclass
class ResponseCounts:
    """Answers given from the cache and computed, over all versions (for the metrics; racy
    counts are fine)."""

    hits: int = 0
    misses: int = 0


def remembering(
    cached_args: frozenset[str] | None,
) -> Callable[[Callable[P, Response]], Callable[P, Response]]:
    """A view decorator that answers repeated GET/HEAD requests from the served version's cache.

    ``cached_args``: the query arguments a cached request may carry (others: the view runs every
    time, e.g. odd arguments a page ignores); None: any (they are all part of the key).
    """

    def decorate(view: Callable[P, Response]) -> Callable[P, Response]:
        @functools.wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
            key = request_key(cached_args)
            if key is None:
                return view(*args, **kwargs)
            cache, counts = get_served().cache, response_counts()
            hit: Entry | None = cache.get(key)
            if hit is not None:
                counts.hits += 1
                body, status, headers = hit
                return Response(body, status=status, headers=headers)
            counts.misses += 1
            response = view(*args, **kwargs)
            if response.status_code in CACHEABLE_STATUS and not response.direct_passthrough:
                remember_response(key, response)
            return response

        return wrapper

    return decorate


def request_key(cached_args: frozenset[str] | None) -> Key | None:
    """The cache key of this request, or None when it must not be answered from the cache."""
    if not get_served().tag or request.method not in ("GET", "HEAD"):
        return None
    if cached_args is not None and set(request.args) - cached_args:
        return None
    if not plain_lang_arg():
        return None
    headers = request.headers
    return (
        "response",
        request.host_url,  # scheme, host and mount point: answers may link to themselves
        request.path,
        request.query_string.decode("latin-1"),
        headers.get("Accept", ""),
        headers.get("Accept-Language", ""),
    )


def remember_response(key: Key, response: Response) -> None:
    """Keep the answer (not one bigger than :data:`MAX_ENTRY_BYTES`)."""
    body = response.get_data()
    if len(body) <= MAX_ENTRY_BYTES:
        headers = list(response.headers)
        size = len(body) + sum(len(k) + len(v) for k, v in headers)
        get_served().cache.put(key, (body, response.status_code, headers), size)


def response_counts() -> ResponseCounts:
    counts: ResponseCounts = current_app.extensions.setdefault("lod-responses", ResponseCounts())
    return counts


# Documents: only their own arguments; /sparql: any (query, graphs, format, lang).
DOCUMENT_ARGS = frozenset({"lang", "format"})
remembered = remembering(DOCUMENT_ARGS)
remembered_query = remembering(None)
