"""Generated hostile input against a live server (hypothesis): SPARQL texts, Accept headers,
paths and query strings. Whatever a client sends: never a 5xx, never a traceback, and the
server still answers afterwards."""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lod_test_backends import serving

from lod.config import Settings
from lod.web.app import create_app

pytestmark = pytest.mark.live
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

KEYWORDS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FILTER", "OPTIONAL", "UNION",
            "GRAPH", "SERVICE", "BIND", "VALUES", "LIMIT", "ORDER BY", "GROUP BY", "INSERT",
            "DELETE", "LOAD", "CLEAR", "PREFIX", "BASE", "*", "(", ")", "{", "}", ".", ";", ",",
            "<<", ">>", "isTRIPLE", "LATERAL", "COUNT", "?s", "?p", "?o", "a", "#",
            "\n"]  # fmt: skip
TERMS = ["<http://example.org/x>", "<https://w3id.org/twinning/id/city/haarlem>", '"x"@de',
         '"1.0"^^<http://www.w3.org/2001/XMLSchema#decimal>', "_:b", "tw:City", "42", "true",
         "<http://example/function>(?x)", "'''multi\nline'''", "\"service\""]  # fmt: skip
MEDIA = ["text/html", "text/turtle", "application/sparql-results+json", "application/ld+json",
         "text/plain", "application/n-triples", "*/*", "text/*", "image/png", "application/x-y",
         "text/csv", "application/rdf+xml", ";;", "q=", ""]  # fmt: skip
PREFIXES = ["/", "/sparql", "/id/", "/doc/", "/doc/city/", "/download/", "/ontology/",
            "/shapes/", "/catalog.", "/.well-known/void", "/health", "/metrics", "/reconcile",
            "/static/", "/id/city/haarlem"]  # fmt: skip

sparql_texts = st.lists(st.sampled_from(KEYWORDS + TERMS), max_size=40).map(" ".join) | st.text(
    max_size=200
)
accepts = st.lists(
    st.tuples(st.sampled_from(MEDIA), st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=x"])),
    max_size=5,
).map(lambda parts: ", ".join(m + q for m, q in parts)) | st.text(max_size=60)
params = st.dictionaries(
    st.sampled_from(
        [
            "query",
            "format",
            "lang",
            "default-graph-uri",
            "named-graph-uri",
            "output",
            "callback",
            "queries",
            "id",
            "x",
        ]
    ),  # fmt: skip
    st.text(max_size=40) | sparql_texts,
    max_size=4,
)


@pytest.fixture(scope="module")
def site(built_dist: Path, repo_root: Path) -> Iterator[str]:
    config = Settings().replace(
        dist_dir=built_dist, queries_dir=repo_root / "queries", reload_interval=0.0,
        query_timeout=5.0,
    )  # fmt: skip
    app = create_app({"QUERY_WORKERS": 2}, settings=config)
    with serving(app) as base:
        yield base
    app.extensions["lod"].switch.close()


def send(site: str, method: str, target: str, headers: dict[str, str], body: bytes = b"") -> int:
    """One raw request (http.client sends what it is given; urllib would clean it up)."""
    address = urllib.parse.urlsplit(site)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        connection.request(method, target, body=body or None, headers=headers)
        response = connection.getresponse()
        text = response.read()
    finally:
        connection.close()
    assert response.status < 500, (method, target, headers, body[:200], text[:300])
    assert b"Traceback" not in text
    return response.status


def header_safe(value: str) -> bool:
    """What an HTTP client can put in a header at all (http.client refuses the rest)."""
    return value.isascii() and value.isprintable()


def still_up(site: str) -> None:
    assert send(site, "GET", "/sparql?query=ASK%7B%7D", {"Accept": "application/json"}) == 200


@FUZZ
@given(text=sparql_texts, accept=accepts, how=st.sampled_from(["get", "form", "direct"]))
def test_generated_queries(site: str, text: str, accept: str, how: str) -> None:
    headers = {"Accept": accept} if header_safe(accept) else {}
    encoded = urllib.parse.quote(text, safe="")
    if how == "get":
        send(site, "GET", f"/sparql?query={encoded}", headers)
    elif how == "form":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        send(site, "POST", "/sparql", headers, f"query={encoded}".encode())
    else:
        headers["Content-Type"] = "application/sparql-query"
        send(site, "POST", "/sparql", headers, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(
    prefix=st.sampled_from(PREFIXES),
    rest=st.text(max_size=40),
    query=params,
    accept=accepts,
    language=st.text(max_size=20),
)
def test_generated_paths_and_headers(
    site: str, prefix: str, rest: str, query: dict[str, str], accept: str, language: str
) -> None:
    path = prefix + urllib.parse.quote(rest.encode("utf-8", "surrogatepass"), safe="/.")
    encoded = {k: v.encode("utf-8", "surrogatepass") for k, v in query.items()}
    target = path + ("?" + urllib.parse.urlencode(encoded) if query else "")
    headers = {}
    if header_safe(accept):
        headers["Accept"] = accept
    if header_safe(language):
        headers["Accept-Language"] = language
    send(site, "GET", target, headers)


def test_the_server_is_alive_after_the_fuzzing(site: str) -> None:
    still_up(site)


@pytest.mark.parametrize(
    "text",
    ["{" * 10_000 + "}" * 10_000, "(" * 10_000 + ")" * 10_000,
     "SELECT * WHERE " + "{ SELECT * WHERE " * 3_000 + "{}" + "}" * 3_000,
     "# only a comment", "   ", "ASK {} " + "#" * 100_000],
)  # fmt: skip
def test_hostile_query_shapes_are_client_errors(site: str, text: str) -> None:
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/json"}
    status = send(site, "POST", "/sparql", headers, text.encode())
    assert status in (200, 400, 413)
    still_up(site)
