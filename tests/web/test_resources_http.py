"""Dereferencing over HTTP (Flask test client, real publication): 303, negotiation, headers,
conditional requests, errors, and what each RDF document contains."""

from __future__ import annotations

import gzip
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import lod_publication as pub
import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient
from lod_publication import BASE, CITY, REL, TW, CountingStore, parse
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, VOID
from werkzeug.http import parse_options_header

from lod.config import Settings
from lod.store import EmbeddedStore, LoadSpec, Store
from lod.web.app import create_app

# the shared fixtures (assigned, not imported, so that test parameters may shadow them)
pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store
pub_app, ld, dump_graph = pub.pub_app, pub.ld, pub.dump_graph

RDF_TYPES = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")
EXTENSIONS = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
HAARLEM = "/doc/city/haarlem"
SCHEMA = "https://schema.org/"
SPDX = "http://spdx.org/rdf/terms#"


def media_type(response: object) -> str:
    return parse_options_header(response.headers["Content-Type"])[0]  # type: ignore[attr-defined]


# --- 303 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/id/city/haarlem", "/doc/city/haarlem"),
        ("/id/city/haarlem.ttl", "/doc/city/haarlem.ttl"),
        ("/id/city/haarlem?format=jsonld", "/doc/city/haarlem.jsonld"),
        ("/id/city/haarlem?format=application/rdf%2Bxml", "/doc/city/haarlem.rdf"),
        ("/id/city/haarlem?lang=en", "/doc/city/haarlem?lang=en"),
        ("/id/relation/osnabrueck--haarlem", "/doc/relation/osnabrueck--haarlem"),
        ("/id/concept/relation-kind/partnership", "/doc/concept/relation-kind/partnership"),
        ("/id/catalog/osnabrueck-twinning", "/doc/catalog/osnabrueck-twinning"),
        ("/id/agent/stadt-osnabrueck", "/doc/agent/stadt-osnabrueck"),
        ("/id/graph/default", "/doc/graph/default"),
        ("/ontology/City", "/ontology/#City"),
        ("/ontology/twinnedWith?lang=en", "/ontology/?lang=en#twinnedWith"),
        ("/ontology/City.ttl", "/ontology.ttl"),
        ("/ontology/City?format=nt", "/ontology.nt"),
        ("/ontology/0.1.0", "/ontology/"),
        ("/shapes/CityShape", "/shapes/#CityShape"),
        ("/shapes/CityShape-sameAs", "/shapes/#CityShape-sameAs"),
    ],
)
def test_things_answer_303(ld: FlaskClient, path: str, location: str) -> None:
    response = ld.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 303
    assert response.headers["Location"] == location
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_following_the_redirect_gives_the_document(ld: FlaskClient) -> None:
    response = ld.get("/id/city/haarlem", headers={"Accept": "text/turtle"}, follow_redirects=True)
    assert response.status_code == 200
    assert media_type(response) == "text/turtle"
    assert (CITY.haarlem, RDF.type, TW.City) in parse(response.data, "text/turtle")


# --- negotiation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/html"),
        ("*/*", "text/html"),
        (BROWSER, "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/x-turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("text/plain", "application/n-triples"),  # N-Triples' type before RDF 1.1
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/rdf+xml;q=0.9, text/turtle", "text/turtle"),
        ("text/turtle;q=0.5, application/n-triples;q=0.9", "application/n-triples"),
        ("text/html;q=0.1, application/ld+json", "application/ld+json"),
        ("text/*", "text/html"),
    ],
)
def test_document_is_negotiated(ld: FlaskClient, accept: str | None, expected: str) -> None:
    response = ld.get(HAARLEM, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert media_type(response) == expected
    assert parse_options_header(response.headers["Content-Type"])[1]["charset"] == "utf-8"
    extension = next(ext for ext, mt in EXTENSIONS.items() if mt == expected)
    assert response.headers["Content-Location"] == f"{HAARLEM}.{extension}"
    assert "Accept" in response.vary
    assert ("Accept-Language" in response.vary) == (expected == "text/html")


@pytest.mark.parametrize("extension", list(EXTENSIONS))
def test_extension_wins_over_accept(ld: FlaskClient, extension: str) -> None:
    other = "text/html" if extension != "html" else "text/turtle"
    response = ld.get(f"{HAARLEM}.{extension}", headers={"Accept": other})
    assert response.status_code == 200
    assert media_type(response) == EXTENSIONS[extension]


@pytest.mark.parametrize("fmt", ["ttl", "turtle", "jsonld", "nt", "rdf", "application/ld+json"])
def test_format_parameter_wins_over_accept(ld: FlaskClient, fmt: str) -> None:
    response = ld.get(HAARLEM, query_string={"format": fmt}, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert media_type(response) != "text/html"


def test_all_rdf_formats_carry_the_same_graph(ld: FlaskClient) -> None:
    graphs = [
        parse(ld.get(f"{HAARLEM}.{ext}").data, EXTENSIONS[ext])
        for ext in ("ttl", "jsonld", "nt", "rdf")
    ]
    for graph in graphs[1:]:
        assert isomorphic(graphs[0], graph)


# --- headers ---------------------------------------------------------------------------------


def test_link_header_names_every_alternate_and_the_licence(ld: FlaskClient) -> None:
    response = ld.get(HAARLEM, headers={"Accept": "text/turtle"})
    links = parse_links(response.headers["Link"])
    alternates = {(href, attrs["type"]) for href, attrs in links if attrs.get("rel") == "alternate"}
    assert alternates == {
        (f"{HAARLEM}.{ext}", mt) for ext, mt in EXTENSIONS.items() if ext != "ttl"
    }
    licences = [href for href, attrs in links if attrs.get("rel") == "license"]
    assert licences == ["http://dcat-ap.de/def/licenses/dl-by-de/2.0"]


def parse_links(header: str) -> list[tuple[str, dict[str, str]]]:
    out = []
    for part in header.split(", <"):
        target, _, params = part.lstrip("<").partition(">")
        attrs = {}
        for param in params.split(";"):
            if "=" in param:
                key, _, value = param.strip().partition("=")
                attrs[key] = value.strip('"')
        out.append((target, attrs))
    return out


def test_etag_last_modified_and_conditional_requests(ld: FlaskClient) -> None:
    first = ld.get(HAARLEM, headers={"Accept": "text/turtle"})
    etag, weak = first.get_etag()
    assert etag and not weak
    assert first.headers["Cache-Control"] == "public, max-age=300"
    modified = parsedate_to_datetime(first.headers["Last-Modified"])
    again = ld.get(HAARLEM, headers={"Accept": "text/turtle", "If-None-Match": f'"{etag}"'})
    assert again.status_code == 304 and again.data == b""
    assert again.get_etag()[0] == etag
    since = ld.get(
        HAARLEM,
        headers={
            "Accept": "text/turtle",
            "If-Modified-Since": format_datetime(modified, usegmt=True),
        },
    )
    assert since.status_code == 304
    other = ld.get(
        HAARLEM, headers={"Accept": "application/n-triples", "If-None-Match": f'"{etag}"'}
    )
    assert other.status_code == 200 and other.get_etag()[0] != etag
    html_de = ld.get(HAARLEM, headers={"Accept": "text/html", "Accept-Language": "de"})
    html_en = ld.get(HAARLEM, headers={"Accept": "text/html", "Accept-Language": "en"})
    assert html_de.get_etag()[0] != html_en.get_etag()[0]


def test_head_has_the_headers_of_get(ld: FlaskClient) -> None:
    for accept in ("text/html", "text/turtle"):
        get = ld.get(HAARLEM, headers={"Accept": accept})
        head = ld.head(HAARLEM, headers={"Accept": accept})
        assert head.status_code == 200 and head.data == b""
        for name in ("Content-Type", "Content-Length", "ETag", "Link", "Content-Location", "Vary"):
            assert head.headers[name] == get.headers[name]


def test_gzip(ld: FlaskClient) -> None:
    plain = ld.get(HAARLEM, headers={"Accept": "text/html"})
    packed = ld.get(HAARLEM, headers={"Accept": "text/html", "Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert "Accept-Encoding" in packed.vary


def test_cors_preflight(ld: FlaskClient) -> None:
    response = ld.options(
        HAARLEM, headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Accept" in response.headers["Access-Control-Allow-Headers"]


def test_rendered_documents_are_cached_per_version(
    pub_store: Store, pub_settings: Settings
) -> None:
    counting = CountingStore(pub_store)
    client = create_app({"TESTING": True}, settings=pub_settings, store=counting).test_client()
    for accept in ("text/turtle", "text/html"):
        assert client.get(HAARLEM, headers={"Accept": accept}).status_code == 200
    before = counting.queries
    assert before > 0
    for accept in ("text/turtle", "text/html", "text/turtle"):
        assert client.get(HAARLEM, headers={"Accept": accept}).status_code == 200
    assert counting.queries == before


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/id/city/atlantis",
        "/doc/city/atlantis",
        "/doc/city/atlantis.ttl",
        "/id/dragon/x",
        "/doc/unknown",
        "/ontology/Dragon",
        "/shapes/DragonShape",
        "/ontology.txt",
        "/id/city/",
    ],
)
def test_unknown_iris_are_404_in_the_preferred_format(ld: FlaskClient, path: str) -> None:
    html = ld.get(path, headers={"Accept": BROWSER})
    assert html.status_code == 404
    assert media_type(html) == "text/html"
    assert b"<html" in html.data
    rdf = ld.get(path, headers={"Accept": "text/turtle"})
    assert rdf.status_code == 404
    assert media_type(rdf) == "text/plain"
    assert rdf.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", [HAARLEM, "/ontology/", "/"])
def test_unservable_accept_is_406(ld: FlaskClient, path: str) -> None:
    response = ld.get(path, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert b"text/turtle" in response.data  # the message lists what is available
    assert ld.get(path, query_string={"format": "docx"}).status_code == 406


# --- the documents ---------------------------------------------------------------------------


def doc_graph(ld: FlaskClient, path: str) -> rdflib.Graph:
    response = ld.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, path
    return parse(response.data, "text/turtle")


def without_machine_statements(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph minus the schema.org alignment and the document metadata."""
    out = rdflib.Graph()
    for s, p, o in graph:
        aligned = str(p).startswith(SCHEMA) or (p == RDF.type and str(o).startswith(SCHEMA))
        if aligned or p == FOAF.isPrimaryTopicOf or str(s).startswith(BASE + "doc/"):
            continue
        out.add((s, p, o))
    return out


@pytest.mark.parametrize(
    "iri",
    [
        CITY.haarlem,
        CITY.osnabrueck,
        REL["osnabrueck--twer"],
        BASE + "id/dataset/osnabrueck-twinning",
        BASE + "id/distribution/osnabrueck-twinning-ttl-gz",
    ],
)
def test_document_holds_the_concise_bounded_description(
    ld: FlaskClient, dump_graph: rdflib.Graph, iri: str
) -> None:
    topic = rdflib.URIRef(iri)
    graph = without_machine_statements(doc_graph(ld, "/doc/" + iri[len(BASE + "id/") :]))
    # rdflib's own CBD of the published files, against the CBD inside the document
    assert isomorphic(canonical(graph.cbd(topic)), canonical(dump_graph.cbd(topic)))


def canonical(graph: rdflib.Graph) -> rdflib.Graph:
    """Literals in canonical form: Oxigraph stores "8.050"^^xsd:decimal as "8.05" (the same
    value), while the dumps keep the lexical form of the sources."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    nt = ox.serialize(store, format=ox.RdfFormat.N_QUADS)
    return rdflib.Graph().parse(data=nt, format="nt")


def test_document_lists_incoming_links(ld: FlaskClient, dump_graph: rdflib.Graph) -> None:
    graph = doc_graph(ld, HAARLEM)
    incoming = {
        (s, p)
        for s, p in dump_graph.subject_predicates(CITY.haarlem)
        if isinstance(s, rdflib.URIRef)
    }
    assert (REL["osnabrueck--haarlem"], TW.city) in incoming
    assert {
        (s, p)
        for s, p in graph.subject_predicates(CITY.haarlem)
        if not str(s).startswith(BASE + "doc/")
    } == incoming


def test_document_labels_everything_it_links(ld: FlaskClient, dump_graph: rdflib.Graph) -> None:
    graph = doc_graph(ld, "/doc/relation/osnabrueck--haarlem")
    names = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
    linked = {o for o in graph.objects() if isinstance(o, rdflib.URIRef)}
    linked |= set(graph.predicates())
    for node in linked:
        published = any(dump_graph.triples((node, p, None)) for p in names)
        if published:  # what the data names, the document names too (in every language)
            for p in names:
                assert set(dump_graph.objects(node, p)) <= set(graph.objects(node, p)), node


def test_document_metadata(ld: FlaskClient) -> None:
    graph = doc_graph(ld, HAARLEM)
    doc = rdflib.URIRef(BASE + "doc/city/haarlem")
    dataset = rdflib.URIRef(BASE + "id/dataset/osnabrueck-twinning")
    assert (doc, FOAF.primaryTopic, CITY.haarlem) in graph
    assert (
        doc,
        DCTERMS.license,
        rdflib.URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0"),
    ) in graph
    assert (doc, PROV.wasDerivedFrom, dataset) in graph
    assert (doc, VOID.inDataset, dataset) in graph
    modified = graph.value(doc, DCTERMS.modified)
    assert isinstance(modified, rdflib.Literal) and modified.datatype == rdflib.XSD.dateTime
    assert set(graph.objects(doc, DCTERMS.source)) == set(
        graph.objects(CITY.haarlem, DCTERMS.source)
    )
    formats = {str(o) for o in graph.objects(doc, DCTERMS.hasFormat)}
    assert formats == {f"{doc}.{ext}" for ext in EXTENSIONS}


def test_schema_org_alignment(ld: FlaskClient) -> None:
    graph = doc_graph(ld, HAARLEM)
    schema = rdflib.Namespace(SCHEMA)
    assert (CITY.haarlem, RDF.type, schema.City) in graph
    assert (
        CITY.haarlem,
        schema.sameAs,
        rdflib.URIRef("http://www.wikidata.org/entity/Q9920"),
    ) in graph
    geo = graph.value(CITY.haarlem, schema.geo)
    assert graph.value(geo, schema.latitude) == rdflib.Literal(
        "52.3803", datatype=rdflib.XSD.decimal
    )


def test_ontology_document_defines_every_term(ld: FlaskClient, dump_graph: rdflib.Graph) -> None:
    graph = doc_graph(ld, "/ontology/")
    terms = {s for s in dump_graph.subjects(RDFS.isDefinedBy, rdflib.URIRef(BASE + "ontology/"))}
    assert len(terms) > 40
    for term in terms:
        assert set(dump_graph.predicate_objects(term)) <= set(graph.predicate_objects(term)), term
    assert not set(graph.subjects(RDF.type, TW.City))  # no instances in the ontology document


def test_shapes_document_is_the_shapes_graph(ld: FlaskClient, pub_dist: Path) -> None:
    shapes = rdflib.Graph().parse(pub_dist / "shapes.ttl")
    graph = doc_graph(ld, "/shapes/")
    namespace = BASE + "shapes/"
    own = rdflib.Graph()
    for s, p, o in graph:  # the labels of linked terms (tw:City, ...) are extra
        if isinstance(s, rdflib.BNode) or str(s).startswith(namespace):
            own.add((s, p, o))
    assert isomorphic(own, shapes)


def test_root_describes_the_base_iri(ld: FlaskClient) -> None:
    graph = doc_graph(ld, "/")
    assert (
        rdflib.URIRef(BASE + "id/dataset/osnabrueck-twinning"),
        rdflib.URIRef("http://www.w3.org/ns/dcat#landingPage"),
        rdflib.URIRef(BASE),
    ) in graph
    response = ld.get("/", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Location"] == "/?format=ttl"


def test_the_publisher_dereferences(ld: FlaskClient) -> None:
    """The catalog's publisher: an agent of its own, not the place (the city's Wikidata item)."""
    publisher = rdflib.URIRef(BASE + "id/agent/stadt-osnabrueck")
    graph = doc_graph(ld, "/doc/agent/stadt-osnabrueck")
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert (
        rdflib.URIRef(BASE + "id/dataset/osnabrueck-twinning"),
        DCTERMS.publisher,
        publisher,
    ) in graph
    assert {n.language for n in graph.objects(publisher, FOAF.name)} == {"de", "en"}
    assert list(graph.objects(publisher, rdflib.OWL.sameAs)) == []


def test_a_part_is_in_its_owners_document(ld: FlaskClient) -> None:
    """``…/id/distribution/x#checksum``: a client strips the fragment and gets x's document."""
    distribution = BASE + "id/distribution/osnabrueck-twinning-nt"
    checksum = rdflib.URIRef(distribution + "#checksum")
    graph = doc_graph(ld, "/doc/distribution/osnabrueck-twinning-nt")
    assert (rdflib.URIRef(distribution), rdflib.URIRef(SPDX + "checksum"), checksum) in graph
    assert (checksum, RDF.type, rdflib.URIRef(SPDX + "Checksum")) in graph


@pytest.mark.parametrize(
    "path", ["/doc/city/gmuend", "/shapes/", "/doc/dataset/osnabrueck-twinning"]
)
@pytest.mark.parametrize("ext", ["jsonld", "ttl", "nt"])
def test_documents_are_the_same_bytes_from_any_store(
    pub_dist: Path, pub_settings: Settings, path: str, ext: str
) -> None:
    """Two stores loaded from the same publication (as two server processes hold them) give
    their blank nodes different labels; the documents must not show it."""
    bodies = []
    for _ in range(2):
        store = EmbeddedStore.load(LoadSpec.from_manifest(pub_dist))
        client = create_app({"TESTING": True}, settings=pub_settings, store=store).test_client()
        url = f"{path.rstrip('/')}.{ext}" if path.startswith("/doc/") else f"/shapes.{ext}"
        response = client.get(url)
        assert response.status_code == 200
        bodies.append(response.data)
        store.close()
    assert bodies[0] == bodies[1]
    if path != "/doc/dataset/osnabrueck-twinning":
        assert b"_:" in bodies[0]  # the document has blank nodes, so the test means something


# --- another base IRI, another host, a path prefix ---------------------------------------------


def test_other_base_iri_other_host(tmp_path: Path, pub_dist: Path, pub_settings: Settings) -> None:
    """Published under http://data.example.org/tw/, reached as http://localhost/lod/.

    The publication's files are rebased as text (the base IRI appears verbatim in each), so this
    tests the web layer, whatever the build does with another base."""
    base = "http://data.example.org/tw/"
    files = []
    for name in ("osnabrueck-twinning.nt", "catalog.ttl", "void.ttl", "shapes.ttl"):
        text = (pub_dist / name).read_text(encoding="utf-8").replace(BASE, base)
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    store = EmbeddedStore.load(LoadSpec.from_files(tuple(files)))
    settings = pub_settings.replace(base_iri=base)
    client = create_app({"TESTING": True}, settings=settings, store=store).test_client()
    mounted = "http://localhost/lod"  # SCRIPT_NAME /lod, as behind a proxy
    redirect = client.get("/id/city/haarlem", base_url=mounted)
    assert redirect.status_code == 303
    assert redirect.headers["Location"] == "/lod/doc/city/haarlem"
    turtle = client.get("/doc/city/haarlem.ttl", base_url=mounted)
    graph = parse(turtle.data, "text/turtle")
    city = rdflib.URIRef(base + "id/city/haarlem")
    assert (city, RDF.type, rdflib.URIRef(base + "ontology/City")) in graph
    assert (rdflib.URIRef(base + "doc/city/haarlem"), FOAF.primaryTopic, city) in graph
    assert turtle.headers["Content-Location"] == "/lod/doc/city/haarlem.ttl"
    html = client.get("/doc/city/haarlem", base_url=mounted, headers={"Accept": "text/html"})
    text = html.get_data(as_text=True)
    assert 'href="/lod/doc/relation/osnabrueck--haarlem"' in text
    assert 'href="/lod/ontology/#City"' in text
    assert f'href="{base}' not in text  # links to our IRIs stay on this host
    assert client.get("/ontology/City", base_url=mounted).headers["Location"] == (
        "/lod/ontology/#City"
    )
    assert client.get("/doc/city/haarlem", base_url="http://127.0.0.1:8080").status_code == 200
