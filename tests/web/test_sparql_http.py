"""HTTP around the endpoint: caching, HEAD, gzip, CORS, body limit, service description, page."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient
from lod_publication import CountingStore
from lod_test_backends import BASE, CITIES, EXTRA, EXTRA_GRAPH
from rdflib.namespace import RDF, VOID

from lod.config import Settings
from lod.namespaces import SD
from lod.store import Store
from lod.web.app import create_app

QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


def test_etag_and_304(client: FlaskClient) -> None:
    first = client.get("/sparql", query_string={"query": QUERY})
    assert first.status_code == 200
    etag, weak = first.get_etag()
    assert etag and not weak
    assert first.headers["Cache-Control"] == "public, max-age=300"
    again = client.get("/sparql", query_string={"query": QUERY},
                       headers={"If-None-Match": f'"{etag}"'})  # fmt: skip
    assert again.status_code == 304
    assert again.data == b""
    assert again.get_etag() == (etag, False)
    assert {"Accept", "Accept-Encoding"} <= set(again.vary)
    other_format = client.get("/sparql", query_string={"query": QUERY, "format": "csv"},
                              headers={"If-None-Match": f'"{etag}"'})  # fmt: skip
    assert other_format.status_code == 200
    assert other_format.get_etag()[0] != etag


def test_post_is_not_cached(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": QUERY})
    assert response.status_code == 200
    assert response.get_etag() == (None, None)


def test_head(client: FlaskClient) -> None:
    get = client.get("/sparql", query_string={"query": QUERY})
    head = client.head("/sparql", query_string={"query": QUERY})
    assert head.status_code == 200
    assert head.data == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Vary", "Access-Control-Allow-Origin"):
        assert head.headers[name] == get.headers[name]


def test_gzip_when_accepted_and_worth_it(client: FlaskClient) -> None:
    plain = client.get("/sparql", query_string={"query": QUERY})
    assert len(plain.data) > 1024 and "Content-Encoding" not in plain.headers
    packed = client.get("/sparql", query_string={"query": QUERY},
                        headers={"Accept-Encoding": "gzip, deflate"})  # fmt: skip
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data)
    assert packed.get_etag() == (plain.get_etag()[0], True)  # weak: same content, other bytes
    revalidated = client.get("/sparql", query_string={"query": QUERY},
                             headers={"Accept-Encoding": "gzip",
                                      "If-None-Match": packed.headers["ETag"]})  # fmt: skip
    assert revalidated.status_code == 304


def test_no_gzip_for_small_bodies(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}"},
                          headers={"Accept-Encoding": "gzip"})  # fmt: skip
    assert "Content-Encoding" not in response.headers


def test_cors(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}"},
                          headers={"Origin": "https://example.org"})  # fmt: skip
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})  # fmt: skip
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert {"GET", "POST", "HEAD", "OPTIONS"} <= {
        m.strip() for m in preflight.headers["Access-Control-Allow-Methods"].split(",")
    }
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    assert int(preflight.headers["Access-Control-Max-Age"]) > 0


def test_body_limit_is_413(store: Store, settings: Settings) -> None:
    app = create_app({"TESTING": True}, settings=settings.replace(max_body_bytes=100), store=store)
    client = app.test_client()
    big = "ASK {}" + " " * 200
    for kwargs in ({"data": {"query": big}},
                   {"data": big.encode(), "content_type": "application/sparql-query"}):  # fmt: skip
        response = client.post("/sparql", **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 413
        assert "100 bytes" in response.text
    assert client.post("/sparql", data={"query": "ASK {}"}).status_code == 200


# -- service description ----------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), (None, "turtle"),
                                             ("application/rdf+xml", "xml"),
                                             ("application/ld+json", "json-ld")])  # fmt: skip
def test_service_description(client: FlaskClient, accept: str | None, fmt: str) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.data, format=fmt)
    service = rdflib.URIRef(BASE + "id/service/sparql")
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, rdflib.URIRef("http://localhost/sparql")) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert rdflib.URIRef("http://www.w3.org/ns/formats/Turtle") in formats
    assert (service, SD.feature, SD.BasicFederatedQuery) not in graph  # empty allow-list
    dataset = graph.value(service, SD.defaultDataset)
    assert (dataset, RDF.type, VOID.Dataset) in graph
    default = graph.value(dataset, SD.defaultGraph)
    assert graph.value(default, VOID.triples).toPython() == len(rdflib.Graph().parse(CITIES))
    named = graph.value(dataset, SD.namedGraph)
    assert graph.value(named, SD.name) == rdflib.URIRef(EXTRA_GRAPH)
    extra = graph.value(named, SD.graph)
    assert graph.value(extra, VOID.triples).toPython() == len(rdflib.Graph().parse(EXTRA))


def test_service_description_announces_federation_when_allowed(
    store: Store, settings: Settings
) -> None:
    allowing = settings.replace(service_allowlist=("https://query.wikidata.org/sparql",))
    client = create_app({"TESTING": True}, settings=allowing, store=store).test_client()
    graph = rdflib.Graph().parse(data=client.get("/sparql").data, format="turtle")
    assert (None, SD.feature, SD.BasicFederatedQuery) in graph


# -- the query page ---------------------------------------------------------------------------

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("headers", "query", "lang", "heading"),
    [
        ({"Accept-Language": "en-GB,en;q=0.9"}, {}, "en", "SPARQL query"),
        ({"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}, {}, "de", "SPARQL-Abfrage"),
        ({"Accept-Language": "de"}, {"lang": "en"}, "en", "SPARQL query"),
        ({"Accept-Language": "fr"}, {"lang": "de"}, "de", "SPARQL-Abfrage"),
    ],
)
def test_query_page_language(
    client: FlaskClient, headers: dict[str, str], query: dict[str, str], lang: str, heading: str
) -> None:
    response = client.get("/sparql", query_string=query, headers={"Accept": BROWSER, **headers})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert f'<html lang="{lang}">' in response.text
    assert f"<h1>{heading}</h1>" in response.text
    assert "Accept-Language" in response.vary
    assert response.headers["Content-Language"] == lang
    other = "en" if lang == "de" else "de"
    assert f'hreflang="{other}"' in response.text  # the switch to the other language


def test_query_page_lists_named_queries(client: FlaskClient) -> None:
    page = client.get("/sparql", query_string={"lang": "de"}, headers={"Accept": BROWSER}).text
    assert "Alle Städte" in page and "Jede Stadt." in page
    page = client.get("/sparql", query_string={"lang": "en"}, headers={"Accept": BROWSER}).text
    assert "All cities" in page and "Every city with its label." in page
    assert "<textarea" in page and "SELECT ?city" in page  # the first example fills the editor
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert response.headers["Link"] == ('</sparql?format=ttl>; rel="alternate"; type="text/turtle"')
    assert '<link rel="alternate" type="text/turtle" href="/sparql?format=ttl"' in response.text
    assert '<script src="http' not in page and '<link rel="stylesheet" href="http' not in page


def test_query_page_without_queries_dir(store: Store, settings: Settings, tmp_path: Path) -> None:
    app = create_app({"TESTING": True}, settings=settings.replace(queries_dir=tmp_path / "none"),
                     store=store)  # fmt: skip
    response = app.test_client().get("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert "<textarea" in response.text


def test_html_results_link_iris_and_escape_literals(client: FlaskClient) -> None:
    query = "SELECT ?s ?c WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#comment> ?c }"
    response = client.get("/sparql", query_string={"query": query, "lang": "en"},
                          headers={"Accept": BROWSER})  # fmt: skip
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.text
    assert (
        '<a title="https://w3id.org/twinning/id/city/angers" '
        'href="https://w3id.org/twinning/id/city/angers">id/city/angers</a>'
    ) in page  # shown short, linked and titled in full
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;quotes&#34;" in page
    assert "1 rows" in page
    for name in ("json", "xml", "csv", "tsv"):
        assert f"format={name}" in page  # the same result in every format


def test_html_link_to_other_format_gives_that_format(client: FlaskClient) -> None:
    page = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": BROWSER})
    assert "yes (true)" in page.text or "ja (true)" in page.text
    response = client.get("/sparql", query_string={"query": "ASK {}", "format": "json"},
                          headers={"Accept": BROWSER})  # fmt: skip
    assert response.mimetype == "application/sparql-results+json"
    assert json.loads(response.data)["boolean"] is True


def test_html_table_is_cut_at_the_row_limit(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lod.web import query_page

    monkeypatch.setattr(query_page, "HTML_ROW_LIMIT", 2)
    query = "SELECT ?city WHERE { ?city a <https://w3id.org/twinning/ontology/City> }"
    page = client.get("/sparql", query_string={"query": query, "lang": "en"},
                      headers={"Accept": BROWSER}).text  # fmt: skip
    assert "3 rows (shown here: the first 2)" in page
    assert page.count('<td class="iri">') == 2


def test_repeated_get_is_answered_without_running_the_query_again(
    store: Store, settings: Settings
) -> None:
    counting = CountingStore(store)
    client = create_app({"TESTING": True}, settings=settings, store=counting).test_client()
    first = client.get("/sparql", query_string={"query": QUERY})
    assert first.status_code == 200 and counting.queries == 1
    again = client.get("/sparql", query_string={"query": QUERY})
    assert again.data == first.data and again.get_etag() == first.get_etag()
    assert counting.queries == 1
    as_csv = client.get("/sparql", query_string={"query": QUERY}, headers={"Accept": "text/csv"})
    assert as_csv.mimetype == "text/csv" and counting.queries == 2  # another answer, run once
    client.post("/sparql", data={"query": QUERY})
    client.post("/sparql", data={"query": QUERY})
    assert counting.queries == 4  # POST always runs
    client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert counting.queries == 6  # errors are not remembered


def test_unservable_accept_is_refused_before_the_query_runs(
    store: Store, settings: Settings
) -> None:
    counting = CountingStore(store)
    client = create_app({"TESTING": True}, settings=settings, store=counting).test_client()
    by_header = client.get("/sparql", query_string={"query": QUERY},
                           headers={"Accept": "image/png"})  # fmt: skip
    by_param = client.get("/sparql", query_string={"query": QUERY, "format": "png"})
    assert by_header.status_code == by_param.status_code == 406
    assert counting.queries == 0
