"""Wikidata's side: the P190 statements on a home city's item and pointing at it, with their
P580/P582 qualifiers, read from a SPARQL endpoint (WDQS or any endpoint with the same shape).

Statements are read as ``p:P190/ps:P190`` (not ``wdt:P190``) so that their qualifiers come
along; a ``wdt:P190`` without a statement node (a truthy-only mirror) still counts, without
qualifiers. Deprecated statements are skipped: Wikidata itself marks them as wrong.
"""

from __future__ import annotations

import json
import urllib.error
from dataclasses import dataclass
from typing import Any

from SPARQLWrapper import GET, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from lod import __version__
from lod.errors import LodError
from lod.reconcile.dates import Date, from_wikidata

WDQS = "https://query.wikidata.org/sparql"
WD = "http://www.wikidata.org/entity/"
# WDQS asks every client for a User-Agent that names the tool and a way to reach its operator
# (https://meta.wikimedia.org/wiki/User-Agent_policy); generic agents are throttled or blocked.
USER_AGENT = (
    f"lod/{__version__} (linked-open-data publisher for city twinning; `lod reconcile`; "
    "https://w3id.org/twinning/) SPARQLWrapper/2"
)
DEFAULT_TIMEOUT = 60.0  # WDQS ends queries after 60 s itself


class EndpointError(LodError):
    """The endpoint could not answer usably: down, slow, rate-limited, or not SPARQL."""


@dataclass(frozen=True)
class Statement:
    """One P190 statement: ``subject`` (QID) is twinned with ``target`` (QID)."""

    subject: str
    target: str
    since: Date | None = None
    until: Date | None = None
    node: str | None = None  # the statement's IRI (None: a wdt: triple only)

    def as_json(self) -> dict[str, object]:
        return {
            "item": self.subject,
            "since": self.since.iso if self.since else None,
            "since_precision": self.since.precision_name if self.since else None,
            "until": self.until.iso if self.until else None,
            "until_precision": self.until.precision_name if self.until else None,
            "statement": self.node,
        }


PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX pqv: <http://www.wikidata.org/prop/qualifier/value/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# Both directions in one request. The nested OPTIONALs join the value node on the same time
# value, so that a statement with two P580 qualifiers keeps each one's own precision.
STATEMENTS = (
    PREFIXES
    + """SELECT ?subject ?object ?statement ?start ?startPrecision ?end ?endPrecision WHERE {
  {
    { BIND(wd:HOME AS ?subject) wd:HOME p:P190 ?statement . ?statement ps:P190 ?object . }
    UNION
    { BIND(wd:HOME AS ?object) ?subject p:P190 ?statement . ?statement ps:P190 wd:HOME . }
    FILTER NOT EXISTS { ?statement wikibase:rank wikibase:DeprecatedRank }
    OPTIONAL { ?statement pq:P580 ?start .
      OPTIONAL { ?statement pqv:P580 ?startValue .
                 ?startValue wikibase:timeValue ?start ; wikibase:timePrecision ?startPrecision } }
    OPTIONAL { ?statement pq:P582 ?end .
      OPTIONAL { ?statement pqv:P582 ?endValue .
                 ?endValue wikibase:timeValue ?end ; wikibase:timePrecision ?endPrecision } }
  }
  UNION
  { BIND(wd:HOME AS ?subject) wd:HOME wdt:P190 ?object .
    FILTER NOT EXISTS { wd:HOME p:P190 ?any . ?any ps:P190 ?object } }
  UNION
  { BIND(wd:HOME AS ?object) ?subject wdt:P190 wd:HOME .
    FILTER NOT EXISTS { ?subject p:P190 ?any . ?any ps:P190 wd:HOME } }
}"""
)

LABELS = (
    PREFIXES
    + """SELECT ?item ?label WHERE {
  VALUES ?item { ITEMS }
  ?item rdfs:label ?label .
  FILTER (LANG(?label) IN ("en", "de", "mul"))
}"""
)


def statements_about(endpoint: str, home: str, timeout: float = DEFAULT_TIMEOUT) -> list[Statement]:
    """Every non-deprecated P190 statement from or to the item ``home`` (a QID)."""
    _check_qid(home)
    rows = select(endpoint, STATEMENTS.replace("HOME", home), timeout)
    statements = {_statement(row) for row in rows}
    return sorted((s for s in statements if s is not None), key=_order)


def labels_of(endpoint: str, items: list[str], timeout: float = DEFAULT_TIMEOUT) -> dict[str, str]:
    """English (else German, else "mul") labels of ``items`` (QIDs)."""
    if not items:
        return {}
    for item in items:
        _check_qid(item)
    values = " ".join(f"wd:{item}" for item in sorted(set(items)))
    found: dict[str, dict[str, str]] = {}
    for row in select(endpoint, LABELS.replace("ITEMS", values), timeout):
        qid, label = _qid(row.get("item")), row.get("label", {})
        if qid and label.get("value"):
            found.setdefault(qid, {})[label.get("xml:lang", "")] = label["value"]
    return {item: next(n[k] for k in ("en", "de", "mul") if k in n) for item, n in found.items()}


def select(endpoint: str, query: str, timeout: float) -> list[dict[str, Any]]:
    """The bindings of a SELECT query, or :class:`EndpointError` with a message for people."""
    wrapper = SPARQLWrapper(endpoint, agent=USER_AGENT)
    wrapper.setQuery(query)
    wrapper.setMethod(GET)  # WDQS caches GET answers; the queries are short
    wrapper.setOnlyConneg(True)
    wrapper.addCustomHttpHeader("Accept", "application/sparql-results+json")
    wrapper.setTimeout(max(1, round(timeout)))
    try:
        response = wrapper.query().response
        media_type = response.headers.get_content_type()
        body = response.read()
    except urllib.error.HTTPError as error:
        raise EndpointError(_http_message(endpoint, error)) from error
    except TimeoutError as error:
        raise EndpointError(f"{endpoint} did not answer within {timeout:g} s") from error
    except urllib.error.URLError as error:
        raise EndpointError(_url_message(endpoint, error, timeout)) from error
    except SPARQLWrapperException as error:
        raise EndpointError(f"{endpoint} refused the query: {error}") from error
    except OSError as error:
        raise EndpointError(f"{endpoint} could not be read: {error}") from error
    return _bindings(endpoint, media_type, body)


def _bindings(endpoint: str, media_type: str, body: bytes) -> list[dict[str, Any]]:
    if "json" not in media_type:
        raise EndpointError(
            f"{endpoint} answered {media_type}, not SPARQL JSON results: is it a SPARQL "
            "endpoint (for Wikidata: https://query.wikidata.org/sparql)?"
        )
    try:
        bindings = json.loads(body)["results"]["bindings"]
    except (ValueError, KeyError, TypeError) as error:
        raise EndpointError(f"{endpoint} answered with invalid SPARQL JSON ({error})") from error
    if not isinstance(bindings, list):
        raise EndpointError(f"{endpoint} answered with invalid SPARQL JSON (no bindings list)")
    return bindings


def _http_message(endpoint: str, error: urllib.error.HTTPError) -> str:
    if error.code == 429:
        retry = error.headers.get("Retry-After") if error.headers else None
        wait = f"; it asks to wait {retry} s" if retry else ""
        return f"{endpoint} is rate-limiting this client (HTTP 429 Too Many Requests){wait}"
    return f"{endpoint} answered HTTP {error.code} {error.reason}"


def _url_message(endpoint: str, error: urllib.error.URLError, timeout: float) -> str:
    if isinstance(error.reason, TimeoutError):
        return f"{endpoint} did not answer within {timeout:g} s"
    return f"{endpoint} cannot be reached: {error.reason}"


def _statement(row: dict[str, Any]) -> Statement | None:
    subject, obj = _qid(row.get("subject")), _qid(row.get("object"))
    if not subject or not obj or subject == obj:
        return None
    node = row.get("statement", {}).get("value") if row.get("statement", {}).get("type") else None
    return Statement(
        subject,
        obj,
        _time(row.get("start"), row.get("startPrecision")),
        _time(row.get("end"), row.get("endPrecision")),
        node,
    )


def _time(value: dict[str, Any] | None, precision: dict[str, Any] | None) -> Date | None:
    # An unknown value ("somevalue") arrives as a blank node or an IRI: not a date.
    if not value or value.get("type") not in ("literal", "typed-literal"):
        return None
    try:
        known = int(precision["value"]) if precision else None
    except (KeyError, ValueError):
        known = None
    return from_wikidata(str(value.get("value", "")), known)


def _qid(term: dict[str, Any] | None) -> str | None:
    value = str((term or {}).get("value", ""))
    return value[len(WD) :] if value.startswith(WD + "Q") else None


def _check_qid(qid: str) -> None:
    if not (qid.startswith("Q") and qid[1:].isdigit()):
        raise LodError(f"not a Wikidata item id: {qid!r}")


def _order(statement: Statement) -> tuple[str, str, str]:
    return (statement.subject, statement.target, statement.node or "")
