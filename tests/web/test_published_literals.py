"""Literals as published: the endpoint and the pages answer with each typed literal as the
source files write it, although pyoxigraph normalises them on load (Oxigraph issue #526).

Graphs are compared with pyoxigraph (parsed, canonicalised), not rdflib: rdflib normalises
literals itself when it parses (``"01"^^xsd:integer`` becomes ``"1"``) and would not see the
difference these tests are about.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import lod_publication as pub
import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from lod_publication import BASE, ox_parse
from lod_test_backends import fixture_spec

from lod.config import Settings
from lod.store import EmbeddedStore, LoadSpec
from lod.store.formats import GRAPH_FORMATS, SOLUTION_FORMATS, Format
from lod.store.isolated import IsolatedStore
from lod.store.literals import TABLE_FILE
from lod.web.app import create_app

pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store
pub_app, ld = pub.pub_app, pub.ld

XSD = "http://www.w3.org/2001/XMLSchema#"
CITY = BASE + "id/city/x"
DATA = f"""@prefix xsd: <{XSD}> .
@prefix tw: <{BASE}ontology/> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
<{CITY}> a tw:City ; geo:lat "52.2790"^^xsd:decimal ; tw:disputed "0"^^xsd:boolean ;
    dcat:byteSize "149017"^^xsd:nonNegativeInteger ; tw:since "1961"^^xsd:gYear .
<urn:x:a> <urn:x:n> "1"^^xsd:integer, "01"^^xsd:integer .
<urn:x:b> <urn:x:n> "1"^^xsd:integer .
[] <urn:x:w> "2.50"^^xsd:decimal .
<urn:x:c> <urn:x:d> "1.0"^^xsd:decimal ; <urn:x:e> "1.00"^^xsd:decimal .
"""
GRAPH = "https://example.org/graph/literals"
IN_GRAPH = f'<urn:x:g> <urn:x:n> "+7"^^<{XSD}int> .\n'


def lit(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> LoadSpec:
    directory = tmp_path_factory.mktemp("literals")
    (directory / "data.ttl").write_text(DATA, encoding="utf-8")
    (directory / "graph.nt").write_text(IN_GRAPH, encoding="utf-8")
    return LoadSpec.from_files((directory / "data.ttl",), ((GRAPH, directory / "graph.nt"),))


def source_triples(spec: LoadSpec) -> list[ox.Triple]:
    """The files as pyoxigraph's parser reads them (lexical forms kept), graphs merged."""
    return [q.triple for source in spec.sources for q in ox.parse(path=str(source.path))]


def same_graph(actual: list[ox.Triple], expected: list[ox.Triple]) -> bool:
    def canonical(triples: list[ox.Triple]) -> set[ox.Quad]:
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return set(dataset)

    return canonical(actual) == canonical(expected)


@pytest.fixture(scope="module", params=["memory", "disk"])
def store(request: pytest.FixtureRequest, spec: LoadSpec, tmp_path_factory: pytest.TempPathFactory
          ) -> EmbeddedStore:  # fmt: skip
    """In memory, or written to disk and reopened read-only (as a query worker opens it)."""
    if request.param == "memory":
        return EmbeddedStore.load(spec)
    directory = tmp_path_factory.mktemp("store")
    written = EmbeddedStore.load(spec, directory)
    written.close()
    del written  # pyoxigraph releases the read-write handle when the object goes
    return EmbeddedStore.open_read_only(directory)


def test_the_engine_alone_changes_these_literals(spec: LoadSpec) -> None:
    """Why the layer exists: if pyoxigraph ever keeps lexical forms, it can go."""
    engine = ox.Store()
    engine.bulk_load(path=str(spec.sources[0].path), format=ox.RdfFormat.TURTLE)
    size = f"SELECT ?o WHERE {{ <{CITY}> <http://www.w3.org/ns/dcat#byteSize> ?o }}"
    assert next(iter(engine.query(size)))[0] == lit("149017", "integer")


def test_select_answers_as_published(store: EmbeddedStore) -> None:
    query = f"SELECT ?p ?o WHERE {{ <{CITY}> ?p ?o FILTER isLiteral(?o) }}"
    values = {str(row[0].value): row[1] for row in store.query(query).rows}  # type: ignore[union-attr]
    assert values == {
        "http://www.w3.org/2003/01/geo/wgs84_pos#lat": lit("52.2790", "decimal"),
        f"{BASE}ontology/disputed": lit("0", "boolean"),
        "http://www.w3.org/ns/dcat#byteSize": lit("149017", "nonNegativeInteger"),
        f"{BASE}ontology/since": lit("1961", "gYear"),
    }
    in_graph = store.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert in_graph == [(lit("+7", "int"),)]


def test_construct_answers_the_source_graph(store: EmbeddedStore, spec: LoadSpec) -> None:
    """Blank nodes too; and "1" and "01" on one subject and predicate, one triple in the store,
    are two in the answer, as in the source."""
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    assert same_graph(store.query(everything).triples, source_triples(spec))


def test_select_keeps_the_stored_form_when_two_published_forms_share_it(
    store: EmbeddedStore,
) -> None:
    """Two published forms of one value ("1.0", "1.00"): a SELECT cell cannot say which was
    meant, so it keeps the stored form (documented); a triple can, by subject and predicate."""
    rows = store.query("SELECT ?o WHERE { <urn:x:c> ?p ?o }").rows
    assert rows == [(lit("1", "decimal"),), (lit("1", "decimal"),)]
    triples = store.query("CONSTRUCT WHERE { <urn:x:c> ?p ?o }").triples
    assert {(t.predicate.value, t.object) for t in triples} == {
        ("urn:x:d", lit("1.0", "decimal")),
        ("urn:x:e", lit("1.00", "decimal")),
    }


@pytest.mark.parametrize("fmt", SOLUTION_FORMATS, ids=lambda f: f.name)
def test_answers_written_by_the_engine_carry_the_published_literals(
    store: EmbeddedStore, fmt: Format
) -> None:
    """The endpoint's bytes: restored on terms in the worker before pyoxigraph writes them."""
    query = f"SELECT ?p ?o WHERE {{ <{CITY}> ?p ?o FILTER isLiteral(?o) }} ORDER BY ?p"
    body = store.answer(query, choices={"solutions": fmt.name}, max_results=10).body
    assert body is not None and b"52.2790" in body and b'52.279"' not in body
    if fmt.name == "csv":  # CSV has no datatypes, and pyoxigraph does not read it
        assert b"149017" in body and b",0\r\n" in body
        return
    rows = ox.parse_query_results(body, format=fmt.results)
    assert isinstance(rows, ox.QuerySolutions)
    assert {row["o"] for row in rows} == {
        lit("52.2790", "decimal"), lit("0", "boolean"), lit("149017", "nonNegativeInteger"),
        lit("1961", "gYear"),
    }  # fmt: skip


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
def test_graph_answers_written_by_the_engine_are_the_source_graph(
    store: EmbeddedStore, spec: LoadSpec, fmt: Format
) -> None:
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    body = store.answer(everything, choices={"graph": fmt.name}, max_results=100,
                        prefixes={"xsd": XSD}).body  # fmt: skip
    assert body is not None
    assert same_graph([q.triple for q in ox.parse(body, format=fmt.rdf)], source_triples(spec))


def test_a_store_without_changed_literals_has_an_empty_table() -> None:
    """The fixture's decimals are written as the store writes them: nothing to restore."""
    assert not EmbeddedStore.load(fixture_spec()).published


def test_an_on_disk_store_without_its_table_is_reloaded(spec: LoadSpec, tmp_path: Path) -> None:
    """A store written before the table existed must not answer with normalised literals."""
    first = EmbeddedStore.load(spec, tmp_path)
    first.close()
    del first
    (tmp_path / TABLE_FILE).unlink()
    again = EmbeddedStore.load(spec, tmp_path)
    assert (tmp_path / TABLE_FILE).is_file() and again.published
    size = f"SELECT ?o WHERE {{ <{CITY}> <http://www.w3.org/ns/dcat#byteSize> ?o }}"
    assert again.query(size).rows == [(lit("149017", "nonNegativeInteger"),)]


# -- through HTTP, the query workers answering ------------------------------------------------


@pytest.fixture(scope="module")
def client(spec: LoadSpec) -> Iterator[FlaskClient]:
    workers = IsolatedStore(spec, workers=1)
    app = create_app({"TESTING": True}, settings=Settings().replace(base_iri=BASE), store=workers)
    yield app.test_client()
    workers.close()


def test_sparql_select_and_construct_over_http(client: FlaskClient, spec: LoadSpec) -> None:
    query = f"SELECT ?size WHERE {{ <{CITY}> <http://www.w3.org/ns/dcat#byteSize> ?size }}"
    selected = client.get("/sparql", query_string={"query": query})
    binding = json.loads(selected.data)["results"]["bindings"][0]["size"]
    assert binding == {"type": "literal", "value": "149017", "datatype": XSD + "nonNegativeInteger"}
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    for media_type in ("application/n-triples", "text/turtle", "application/rdf+xml"):
        response = client.get("/sparql", query_string={"query": everything},
                              headers={"Accept": media_type})  # fmt: skip
        assert same_graph(ox_parse(response.data, media_type), source_triples(spec)), media_type


def test_pages_that_read_the_store(client: FlaskClient) -> None:
    """The document of a resource and the query page's table."""
    document = client.get("/doc/city/x", headers={"Accept": "text/turtle"})
    objects = {t.object for t in ox_parse(document.data, "text/turtle")}
    assert {lit("52.2790", "decimal"), lit("0", "boolean")} <= objects
    query = f"SELECT ?lat WHERE {{ <{CITY}> <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat }}"
    page = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/html"})
    assert "52.2790" in page.text


def test_catalog_byte_sizes_are_dcat_ap_datatypes(ld: FlaskClient, pub_dist: Path) -> None:
    """The real publication: dcat:byteSize read through SPARQL is xsd:nonNegativeInteger."""
    byte_size = ox.NamedNode("http://www.w3.org/ns/dcat#byteSize")
    catalog = ox.parse(path=str(pub_dist / "catalog.ttl"))
    published = {(q.subject, q.object) for q in catalog if q.predicate == byte_size}
    assert published and all(o.datatype == ox.NamedNode(XSD + "nonNegativeInteger")  # type: ignore[union-attr]
                             for _, o in published)  # fmt: skip
    query = "SELECT ?d ?size WHERE { ?d <http://www.w3.org/ns/dcat#byteSize> ?size }"
    response = ld.get("/sparql", query_string={"query": query, "format": "xml"})
    rows = ox.parse_query_results(response.data, format=ox.QueryResultsFormat.XML)
    assert {(row["d"], row["size"]) for row in rows} == published  # type: ignore[index]
