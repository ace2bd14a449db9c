"""Real clients against a real server: SPARQLWrapper in every return format, rdflib's
SPARQLStore, plain urllib; on the embedded store and on a remote Oxigraph."""

from __future__ import annotations

import csv
import io
import urllib.error
import urllib.request

import pytest
import rdflib
from lod_test_backends import CITIES
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

pytestmark = pytest.mark.live

CITY_QUERY = (
    "PREFIX tw: <https://w3id.org/twinning/ontology/> "
    "SELECT ?city WHERE { ?city a tw:City } ORDER BY ?city"
)
CITIES_ALL = [
    "https://w3id.org/twinning/id/city/angers",
    "https://w3id.org/twinning/id/city/haarlem",
    "https://w3id.org/twinning/id/city/osnabrueck",
]


def wrapper(endpoint: str, query: str, return_format: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json(endpoint: str, method: str) -> None:
    result = wrapper(endpoint, CITY_QUERY, JSON, method).queryAndConvert()
    assert [b["city"]["value"] for b in result["results"]["bindings"]] == CITIES_ALL  # type: ignore[index]


def test_sparqlwrapper_xml(endpoint: str) -> None:
    document = wrapper(endpoint, CITY_QUERY, XML).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert uris == CITIES_ALL


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_csv_tsv(endpoint: str, fmt: str, delimiter: str) -> None:
    response = wrapper(endpoint, CITY_QUERY, fmt).query()
    assert response.info()["content-type"].startswith(
        "text/csv" if fmt == CSV else "text/tab-separated-values"
    )
    text = response.convert().decode()  # type: ignore[union-attr]
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] == (["city"] if fmt == CSV else ["?city"])
    values = [row[0] for row in rows[1:]]
    assert values == (CITIES_ALL if fmt == CSV else [f"<{iri}>" for iri in CITIES_ALL])


def test_sparqlwrapper_ask(endpoint: str) -> None:
    result = wrapper(endpoint, "ASK { ?s ?p ?o }", JSON).queryAndConvert()
    assert result == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [(TURTLE, "text/turtle"), (N3, "text/turtle"), ("nt", "application/n-triples"),
     (JSONLD, "application/ld+json"), (RDFXML, "application/rdf+xml")],
)  # fmt: skip
def test_sparqlwrapper_construct(endpoint: str, fmt: str, content_type: str) -> None:
    client = wrapper(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", fmt)
    if fmt == "nt":  # SPARQLWrapper has no N-Triples return format: ask by header
        client.setOnlyConneg(True)
        client.addCustomHttpHeader("Accept", "application/n-triples")
    response = client.query()
    assert response.info()["content-type"].split(";")[0] == content_type
    body = response.response.read()
    graph = rdflib.Graph().parse(data=body, format={
        "text/turtle": "turtle", "application/n-triples": "nt",
        "application/ld+json": "json-ld", "application/rdf+xml": "xml"}[content_type])  # fmt: skip
    assert isomorphic(graph, rdflib.Graph().parse(CITIES))


@pytest.mark.parametrize("fmt", [N3, TURTLE])
@pytest.mark.parametrize(
    ("method", "request_method"),
    [("GET", URLENCODED), ("POST", URLENCODED), ("POST", POSTDIRECTLY)],
)
def test_sparqlwrapper_construct_as_n_triples_by_header(
    endpoint: str, fmt: str, method: str, request_method: str
) -> None:
    """SPARQLWrapper has no N-Triples return format: its users set N3 or Turtle (which send
    format=n3 or format=turtle, also as output= and results=) and an Accept header."""
    client = wrapper(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", fmt, method)
    client.setRequestMethod(request_method)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    response = client.query()
    assert response.info()["content-type"].split(";")[0] == "application/n-triples"
    body = response.convert()  # SPARQLWrapper hands N3-family answers over as bytes
    assert isinstance(body, bytes)
    graph = rdflib.Graph().parse(data=body, format="nt")
    assert isomorphic(graph, rdflib.Graph().parse(CITIES))


def test_old_n_triples_clients_ask_for_text_plain(endpoint: str) -> None:
    """Before RDF 1.1 N-Triples was served as text/plain; such clients get N-Triples."""
    url = endpoint + "?query=" + urllib.request.quote("CONSTRUCT WHERE { ?s ?p ?o }")
    request = urllib.request.Request(url, headers={"Accept": "text/plain"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers.get_content_type() == "application/n-triples"
        body = response.read()
    assert isomorphic(rdflib.Graph().parse(data=body, format="nt"), rdflib.Graph().parse(CITIES))


def test_rdflib_sparqlstore(endpoint: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    cities = [str(row[0]) for row in graph.query(CITY_QUERY)]  # type: ignore[index]
    assert cities == CITIES_ALL
    ask = graph.query("ASK { ?s a <https://w3id.org/twinning/ontology/City> }")
    assert ask.askAnswer is True
    labels = {str(o) for o in graph.objects(
        rdflib.URIRef(CITIES_ALL[2]), rdflib.RDFS.label)}  # fmt: skip
    assert labels == {"Osnabrück", "Osnabrueck"}


def test_plain_http_errors(endpoint: str) -> None:
    request = urllib.request.Request(
        endpoint + "?query=SELECT%20*%20%7B", headers={"Accept": "application/sparql-results+json"}
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 400
    assert caught.value.headers.get_content_type() == "text/plain"
    update = urllib.request.Request(
        endpoint,
        data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Content-Type": "application/sparql-update"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(update, timeout=10)
    assert refused.value.code == 403


def test_gzip_over_the_wire(endpoint: str) -> None:
    request = urllib.request.Request(
        endpoint + "?query=" + urllib.request.quote("CONSTRUCT WHERE { ?s ?p ?o }"),
        headers={"Accept": "application/n-triples", "Accept-Encoding": "gzip"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        import gzip

        body = gzip.decompress(response.read())
    assert isomorphic(rdflib.Graph().parse(data=body, format="nt"), rdflib.Graph().parse(CITIES))


def test_service_description_over_http(endpoint: str) -> None:
    request = urllib.request.Request(endpoint, headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=10) as response:
        graph = rdflib.Graph().parse(data=response.read(), format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef(endpoint)) in graph
