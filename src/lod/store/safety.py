"""Checks a query passes before any engine sees it: SERVICE allow-list, no updates.

The engine (pyoxigraph or a remote one) does not let us veto a SERVICE call, so the query is
parsed here with rdflib's SPARQL parser and every SERVICE endpoint is compared with the
allow-list. rdflib is only consulted when the text mentions SERVICE at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lod.store.base import ServiceRefused

# SPARQL 1.1 §19.2: \u and \U escapes are replaced before parsing, keywords included.
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_UPDATE_START = re.compile(
    r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![\w:.-])",
    re.IGNORECASE | re.MULTILINE,
)


def check_services(sparql: str, allowlist: Iterable[str]) -> None:
    """Raise :class:`ServiceRefused` unless every SERVICE endpoint is in ``allowlist``."""
    if "service" not in unescape_codepoints(sparql).lower():
        return
    allowed = set(allowlist)
    try:
        endpoints = service_endpoints(sparql)
    except Exception as error:  # rdflib's parser is stricter in places than the engine's
        raise ServiceRefused(
            "the query mentions SERVICE but could not be checked against the allow-list "
            f"of this endpoint ({error})"
        ) from error
    for endpoint in endpoints:
        if endpoint is None:
            raise ServiceRefused("SERVICE with a variable endpoint is not allowed here")
        if endpoint not in allowed:
            listed = ", ".join(sorted(allowed)) or "none"
            raise ServiceRefused(
                f"SERVICE <{endpoint}> is not allowed: this endpoint only calls the services "
                f"in its allow-list (LOD_SERVICE_ALLOWLIST: {listed})"
            )


def service_endpoints(sparql: str) -> list[str | None]:
    """The IRI of every SERVICE in the query (None for a variable), prefixes resolved."""
    from rdflib import URIRef
    from rdflib.plugins.sparql.algebra import translateQuery, traverse
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    found: list[str | None] = []

    def visit(node: object) -> None:
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            term = node.get("term")
            found.append(str(term) if isinstance(term, URIRef) else None)

    traverse(translateQuery(parseQuery(sparql)).algebra, visitPre=visit)
    return found


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is (or starts like) a SPARQL Update request with an operation."""
    text = unescape_codepoints(sparql)
    uncommented = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    if _UPDATE_START.search(uncommented):
        return True
    operations = _update_operations(sparql)
    return operations is not None and operations > 0


def has_operation(sparql: str) -> bool:
    """False for a request of only comments, whitespace and a prologue (BASE, PREFIX).

    The grammar of SPARQL Update allows such an empty request (and so rdflib's parser), that
    of SPARQL Query does not: it is neither a query nor an update worth refusing, just empty.
    """
    return _update_operations(sparql) != 0


def _update_operations(sparql: str) -> int | None:
    """How many operations ``sparql`` holds as an update request; None if it is not one."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(sparql)
    except Exception:
        return None
    return len(parsed["request"]) if "request" in parsed else 0


def unescape_codepoints(sparql: str) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:  # beyond Unicode: left for the engine's parser to reject
            return match.group(0)

    return _CODEPOINT_ESCAPE.sub(replace, sparql)
