"""The SPARQL 1.1 Protocol at /sparql, on both backends: operations, formats, dataset, errors.

Expected answers come from rdflib evaluating the fixture files: an engine independent of both
pyoxigraph and Oxigraph.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient
from lod_test_backends import CITIES, EXTRA, EXTRA_GRAPH
from rdflib.compare import isomorphic

from lod.store import RemoteStore, Store

CITY_QUERY = (
    "PREFIX tw: <https://w3id.org/twinning/ontology/> "
    "SELECT ?city WHERE { ?city a tw:City } ORDER BY ?city"
)
CITIES_ALL = {
    "https://w3id.org/twinning/id/city/angers",
    "https://w3id.org/twinning/id/city/haarlem",
    "https://w3id.org/twinning/id/city/osnabrueck",
}
CONSTRUCT_ALL = "CONSTRUCT WHERE { ?s ?p ?o }"
SPARQLWRAPPER_N3_ACCEPT = (
    "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3"
)
INSERT = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"


def cities_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(CITIES)


def json_cities(body: bytes) -> set[str]:
    doc = json.loads(body)
    assert doc["head"]["vars"] == ["city"]
    return {b["city"]["value"] for b in doc["results"]["bindings"]}


def ox_bindings(body: bytes, fmt: ox.QueryResultsFormat) -> set[str]:
    return {str(s["city"].value) for s in ox.parse_query_results(body, format=fmt)}


# -- the three ways to send a query ------------------------------------------------------------


def test_get_query(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": CITY_QUERY})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert json_cities(response.data) == CITIES_ALL


def test_post_form(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": CITY_QUERY})
    assert response.status_code == 200
    assert json_cities(response.data) == CITIES_ALL


def test_post_form_with_format_in_form_or_url(client: FlaskClient) -> None:
    in_form = client.post("/sparql", data={"query": CITY_QUERY, "format": "csv"})
    in_url = client.post("/sparql?format=tsv", data={"query": CITY_QUERY})
    assert (in_form.mimetype, in_url.mimetype) == ("text/csv", "text/tab-separated-values")


def test_post_sparql_query_body(client: FlaskClient) -> None:
    response = client.post(
        "/sparql", data=CITY_QUERY.encode(), content_type="application/sparql-query"
    )
    assert response.status_code == 200
    assert json_cities(response.data) == CITIES_ALL


# -- result formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "media_type", "ox_format"),
    [
        ("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_select_formats(client: FlaskClient, name: str, media_type: str, ox_format: object) -> None:
    by_accept = client.get(
        "/sparql", query_string={"query": CITY_QUERY}, headers={"Accept": media_type}
    )
    by_param = client.get("/sparql", query_string={"query": CITY_QUERY, "format": name})
    for response in (by_accept, by_param):
        assert response.status_code == 200
        assert response.mimetype == media_type
        assert ox_bindings(response.data, ox_format) == CITIES_ALL  # type: ignore[arg-type]


def test_select_csv(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": CITY_QUERY}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.data.decode())))
    assert rows[0] == ["city"]
    assert {row[0] for row in rows[1:]} == CITIES_ALL


@pytest.mark.parametrize(
    ("name", "media_type", "rdflib_format"),
    [
        ("ttl", "text/turtle", "turtle"),
        ("nt", "application/n-triples", "nt"),
        ("jsonld", "application/ld+json", "json-ld"),
        ("rdf", "application/rdf+xml", "xml"),
        ("nq", "application/n-quads", "nquads"),
        ("trig", "application/trig", "trig"),
    ],
)
def test_construct_formats(
    client: FlaskClient, name: str, media_type: str, rdflib_format: str
) -> None:
    by_accept = client.get(
        "/sparql", query_string={"query": CONSTRUCT_ALL}, headers={"Accept": media_type}
    )
    by_param = client.get("/sparql", query_string={"query": CONSTRUCT_ALL, "format": name})
    for response in (by_accept, by_param):
        assert response.status_code == 200
        assert response.mimetype == media_type
        assert isomorphic(as_graph(response.data, rdflib_format), cities_graph())


def as_graph(body: bytes, rdflib_format: str) -> rdflib.Graph:
    """The triples of a graph answer (a dataset syntax's default graph)."""
    if rdflib_format not in ("nquads", "trig"):
        return rdflib.Graph().parse(data=body, format=rdflib_format)
    dataset = rdflib.Dataset()
    dataset.parse(data=body, format=rdflib_format)
    graph = rdflib.Graph()
    for s, p, o, _g in dataset.quads():
        graph.add((s, p, o))
    return graph


@pytest.mark.parametrize(
    ("query", "expected"),
    [("ASK { ?s a <https://w3id.org/twinning/ontology/City> }", True), ("ASK { ?s ?s ?s }", False)],
)
def test_ask(client: FlaskClient, query: str, expected: bool) -> None:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert json.loads(response.data) == {"head": {}, "boolean": expected}
    xml = client.get("/sparql", query_string={"query": query, "format": "xml"})
    assert bool(ox.parse_query_results(xml.data, format=ox.QueryResultsFormat.XML)) is expected


def test_describe(client: FlaskClient, backend: str) -> None:
    iri = "https://w3id.org/twinning/id/city/haarlem"
    response = client.get(
        "/sparql",
        query_string={"query": f"DESCRIBE <{iri}>"},
        headers={"Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.data, format="nt")
    expected = rdflib.Graph()
    for triple in cities_graph().triples((rdflib.URIRef(iri), None, None)):
        expected.add(triple)
    if backend == "virtuoso":  # what DESCRIBE returns is the engine's choice (SPARQL 1.1, 16.4):
        for triple in cities_graph().triples((None, None, rdflib.URIRef(iri))):  # and as object
            expected.add(triple)
    assert isomorphic(graph, expected)


# -- content negotiation ----------------------------------------------------------------------

ACCEPT_TABLE = [
    # (Accept, SELECT answer, CONSTRUCT answer)
    (None, "application/sparql-results+json", "text/turtle"),
    ("*/*", "application/sparql-results+json", "text/turtle"),
    ("application/json", "application/sparql-results+json", "application/ld+json"),
    ("application/xml", "application/sparql-results+xml", "application/rdf+xml"),
    ("text/*", "text/csv", "text/turtle"),
    ("application/*", "application/sparql-results+json", "application/n-triples"),
    ("text/tab-separated-values;q=0.9, text/csv;q=0.5", "text/tab-separated-values", None),
    ("application/sparql-results+xml, */*;q=0.1", "application/sparql-results+xml", "text/turtle"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", "text/html"),
    ("application/rdf+xml, text/turtle;q=0.5", None, "application/rdf+xml"),
    ("text/plain", None, "application/n-triples"),  # N-Triples' type before RDF 1.1
]


@pytest.mark.parametrize(("accept", "select_type", "construct_type"), ACCEPT_TABLE)
def test_accept_table(
    client: FlaskClient, accept: str | None, select_type: str | None, construct_type: str | None
) -> None:
    headers = {"Accept": accept} if accept else {}
    for query, expected in ((CITY_QUERY, select_type), (CONSTRUCT_ALL, construct_type)):
        response = client.get("/sparql", query_string={"query": query}, headers=headers)
        if expected is None:
            assert response.status_code == 406
        else:
            assert response.status_code == 200, response.data
            assert response.mimetype == expected
        assert set(response.vary) >= {"Accept", "Accept-Encoding"}


@pytest.mark.parametrize(
    ("format_param", "accept", "expected"),
    [
        ("n3", "application/n-triples", "application/n-triples"),  # SPARQLWrapper, header set
        ("turtle", "application/n-triples", "application/n-triples"),
        ("n3", SPARQLWRAPPER_N3_ACCEPT, "text/turtle"),  # its own N3 list: a tie goes to Turtle
        ("ttl", "application/n-triples;q=0.5, text/turtle", "text/turtle"),
        ("ttl", "*/*", "text/turtle"),
        ("ttl", "application/*", "text/turtle"),  # only a subset named outright counts
        ("trig", "application/n-quads", "application/n-quads"),
        ("jsonld", "application/n-triples", "application/ld+json"),  # no subset: format decides
    ],
)
def test_accept_may_narrow_the_format_parameter(
    client: FlaskClient, format_param: str, accept: str, expected: str
) -> None:
    """An N-Triples document is a Turtle document: it answers both the parameter and Accept."""
    response = client.get("/sparql", query_string={"query": CONSTRUCT_ALL, "format": format_param},
                          headers={"Accept": accept})  # fmt: skip
    assert response.status_code == 200, response.text
    assert response.mimetype == expected
    formats = {"application/n-triples": "nt", "text/turtle": "turtle",
               "application/n-quads": "nquads", "application/ld+json": "json-ld"}  # fmt: skip
    assert isomorphic(as_graph(response.data, formats[expected]), cities_graph())


def test_unacceptable_accept_is_406_naming_the_header(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": CITY_QUERY}, headers={"Accept": "image/png"}
    )
    assert response.status_code == 406
    assert response.mimetype == "text/plain"
    assert "Accept" in response.text and "image/png" in response.text


def test_unknown_format_parameter_is_406_naming_it(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": CITY_QUERY, "format": "ttl"})
    assert response.status_code == 406
    assert "format='ttl'" in response.text and "json" in response.text


# -- the RDF dataset of a query ---------------------------------------------------------------


def test_default_graph_uri(client: FlaskClient) -> None:
    query = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
    response = client.get(
        "/sparql", query_string={"query": query, "default-graph-uri": EXTRA_GRAPH}
    )
    assert response.status_code == 200
    rows = json.loads(response.data)["results"]["bindings"]
    assert [(r["s"]["value"], r["o"]["value"]) for r in rows] == [
        ("https://w3id.org/twinning/id/city/twer", "Twer")
    ]


def test_named_graph_uri_with_post_body(client: FlaskClient) -> None:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    response = client.post(
        f"/sparql?named-graph-uri={EXTRA_GRAPH}",
        data=query.encode(),
        content_type="application/sparql-query",
    )
    assert response.status_code == 200
    rows = json.loads(response.data)["results"]["bindings"]
    expected = len(rdflib.Graph().parse(EXTRA))
    assert [(r["g"]["value"], int(r["n"]["value"])) for r in rows] == [(EXTRA_GRAPH, expected)]


def test_named_graph_uri_excludes_other_graphs(client: FlaskClient) -> None:
    query = "ASK { GRAPH ?g { ?s ?p ?o } }"
    response = client.get(
        "/sparql", query_string={"query": query, "named-graph-uri": "https://example.org/none"}
    )
    assert json.loads(response.data)["boolean"] is False


def test_store_default_graph_is_not_the_union(client: FlaskClient) -> None:
    query = "ASK { <https://w3id.org/twinning/id/city/twer> ?p ?o }"
    assert json.loads(client.get("/sparql", query_string={"query": query}).data)["boolean"] is False


def test_bad_graph_iri_is_400_naming_the_parameter(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": CITY_QUERY, "default-graph-uri": "not an iri"}
    )
    assert response.status_code == 400
    assert "default-graph-uri" in response.text


# -- errors -----------------------------------------------------------------------------------


def test_syntax_error_is_400_with_the_parsers_message(client: FlaskClient, backend: str) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": "SELECT * WHERE { ?s ?p "},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    if backend == "virtuoso":  # the engine's own message, which gives a line and no column
        assert re.search(r"Virtuoso 37000 Error SP030: .* line \d+: syntax error", response.text)
    else:
        assert "1:" in response.text  # the parser's line:column position
    assert response.headers["Cache-Control"] == "no-store"


def test_a_fault_of_the_query_is_400_never_5xx(client: FlaskClient) -> None:
    # A syntax error to the others; Virtuoso answers it 500 ("37000 Error SQ074"), which lod maps.
    response = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o } LIMIT -1"})
    assert response.status_code == 400, response.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "query_string": {"query": INSERT}},
        {"method": "POST", "data": {"query": INSERT}},
        {"method": "POST", "data": {"update": INSERT}},
        {"method": "GET", "query_string": {"update": INSERT}},
        {"method": "POST", "data": INSERT.encode(), "content_type": "application/sparql-update"},
        {"method": "POST", "data": INSERT.encode(), "content_type": "application/sparql-query"},
        {"method": "GET", "query_string": {"query": "CLEAR ALL"}},
        {"method": "GET", "query_string": {"query": "PREFIX x: <urn:x:> DROP DEFAULT"}},
        {"method": "GET", "query_string": {"query": "LOAD <http://127.0.0.1:9/x.ttl>"}},
    ],
)
def test_updates_are_refused_and_change_nothing(
    client: FlaskClient, request_kwargs: dict[str, object]
) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def triples() -> int:
        answer = client.get("/sparql", query_string={"query": count})
        assert answer.status_code == 200, answer.text
        body = answer.data
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    before = triples()
    response = client.open("/sparql", **request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert "read-only" in response.text
    assert triples() == before == len(cities_graph())


@pytest.mark.parametrize(
    ("kwargs", "status", "needle"),
    [
        ({"method": "POST", "data": {"format": "json"}}, 400, "query parameter"),
        (
            {"method": "GET", "query_string": [("query", "ASK {}"), ("query", "ASK {}")]},
            400,
            "once",
        ),
        ({"method": "POST", "data": b"ASK {}", "content_type": "text/plain"}, 415, "Content-Type"),
        ({"method": "POST", "data": b"", "content_type": "application/sparql-query"}, 400, "body"),
        ({"method": "GET", "query_string": {"query": "  "}}, 400, "empty"),
        ({"method": "PUT", "data": b"ASK {}"}, 405, ""),
    ],
)
def test_bad_requests(
    client: FlaskClient, kwargs: dict[str, object], status: int, needle: str
) -> None:
    response = client.open("/sparql", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status
    assert needle in response.text
    if status == 405:
        assert {"GET", "POST"} <= set(response.headers["Allow"].replace(" ", "").split(","))


@pytest.mark.parametrize(
    "query", ["# nothing", "  \n# one\n\t# two\n", "PREFIX x: <urn:x:#> # a prologue, no query"]
)
@pytest.mark.parametrize("method", ["GET", "POST form", "POST body"])
def test_a_request_without_an_operation_is_an_empty_query(
    client: FlaskClient, query: str, method: str
) -> None:
    """Not an update (the Update grammar allows an empty request, the Query grammar does not)."""
    if method == "GET":
        response = client.get("/sparql", query_string={"query": query})
    elif method == "POST form":
        response = client.post("/sparql", data={"query": query})
    else:
        response = client.post("/sparql", data=query.encode(),
                               content_type="application/sparql-query")  # fmt: skip
    assert response.status_code == 400
    assert response.text.startswith("empty query")


def test_an_unknown_function_is_an_evaluation_error(client: FlaskClient, store: Store) -> None:
    """SPARQL 1.1 §17.3: an unknown function's call is an error, so the variable stays unbound
    (W3C syntax-select-expr-04), FILTER drops the row and ORDER BY ignores it."""
    function = "<http://example.org/function>"
    cities = "?city a <https://w3id.org/twinning/ontology/City>"
    queries = {
        "project": f"SELECT ?city ({function}(?city) AS ?y) WHERE {{ {cities} }}",
        "filter": f"SELECT ?city WHERE {{ {cities} FILTER({function}(?city)) }}",
        "order": f"SELECT ?city WHERE {{ {cities} }} ORDER BY {function}(?city)",
    }
    answers = {name: client.get("/sparql", query_string={"query": q})
               for name, q in queries.items()}  # fmt: skip
    if isinstance(store, RemoteStore):  # the remote engine's own verdict, a client error
        assert all(400 <= a.status_code < 500 for a in answers.values())
        return
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(queries, 200)
    project = json.loads(answers["project"].data)
    assert project["head"]["vars"] == ["city", "y"]
    assert [set(b) for b in project["results"]["bindings"]] == [{"city"}] * 3
    assert json_cities(answers["filter"].data) == set()
    assert json_cities(answers["order"].data) == CITIES_ALL


def test_service_outside_the_allowlist_is_refused(client: FlaskClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert "http://127.0.0.1:9/sparql" in response.text


def test_errors_follow_the_clients_preference(client: FlaskClient) -> None:
    bad = {"query": "SELECT ?x WHERE {"}
    as_json = client.get("/sparql", query_string=bad, headers={"Accept": "application/json"})
    assert as_json.status_code == 400 and as_json.mimetype == "application/json"
    assert as_json.json is not None and as_json.json["status"] == 400
    as_html = client.get("/sparql", query_string=bad, headers={"Accept": "text/html"})
    assert as_html.status_code == 400 and as_html.mimetype == "text/html"
    assert '<pre class="error-message">' in as_html.text


def test_result_limit(app: object, client: FlaskClient) -> None:
    from lod.web.app import get_state

    with app.app_context():  # type: ignore[attr-defined]
        state = get_state()
        state.settings = state.settings.replace(max_results=2)
    response = client.get("/sparql", query_string={"query": CITY_QUERY})
    assert response.status_code == 413
    assert "more than 2 rows" in response.text
