"""Checks a query passes before any engine sees it: nesting depth, an operation to run, no
updates, SERVICE only to the allow-list.

The engine (pyoxigraph or a remote one) does not let us veto a SERVICE call, so every SERVICE
endpoint is read from the text (:mod:`lod.store.sparql_text`: a tokenizer that skips strings,
IRIs and comments and takes whatever syntax the engine takes) and compared with the allow-list.
One linear pass, in the web process, bounded by the request body limit.
"""

from __future__ import annotations

from collections.abc import Iterable

from lod.errors import BadRequest
from lod.store.base import ServiceRefused, UpdateRefused
from lod.store.sparql_text import QueryText, read_query_text

EMPTY_QUERY = "empty query: the request holds no SELECT, CONSTRUCT, DESCRIBE or ASK"


def check_query(
    sparql: str, allowlist: Iterable[str], max_depth: int, read_only_message: str
) -> QueryText:
    """Raise the client's error for a query no engine should see; else what the text holds."""
    text = read_query_text(sparql)
    if text.depth > max_depth:
        raise BadRequest(
            f"the query nests groups, sub-queries or brackets {text.depth} deep; this endpoint "
            f"takes at most {max_depth} (LOD_MAX_QUERY_DEPTH)"
        )
    if text.operation == "update":
        raise UpdateRefused(read_only_message)
    if text.operation is None:
        raise BadRequest(EMPTY_QUERY)
    _check_endpoints(text.services, allowlist)
    return text


def check_services(sparql: str, allowlist: Iterable[str]) -> None:
    """Raise :class:`ServiceRefused` unless every SERVICE endpoint is in ``allowlist``."""
    _check_endpoints(read_query_text(sparql).services, allowlist)


def service_endpoints(sparql: str) -> list[str | None]:
    """The IRI of every SERVICE in the query (None for a variable), prefixes resolved."""
    return read_query_text(sparql).services


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is (or starts like) a SPARQL Update request with an operation."""
    return read_query_text(sparql).operation == "update"


def has_operation(sparql: str) -> bool:
    """False for a request of only comments, whitespace and a prologue (BASE, PREFIX)."""
    return read_query_text(sparql).operation is not None


def _check_endpoints(endpoints: list[str | None], allowlist: Iterable[str]) -> None:
    allowed = set(allowlist)
    for endpoint in endpoints:
        if endpoint is None:
            raise ServiceRefused("SERVICE with a variable endpoint is not allowed here")
        if endpoint not in allowed:
            listed = ", ".join(sorted(allowed)) or "none"
            raise ServiceRefused(
                f"SERVICE <{endpoint}> is not allowed: this endpoint only calls the services "
                f"in its allow-list (LOD_SERVICE_ALLOWLIST: {listed})"
            )
