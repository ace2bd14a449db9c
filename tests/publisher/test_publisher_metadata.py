"""void.ttl and catalog.ttl of the real publication: counts, distributions, DCAT-AP 3.0.1 shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from lod.store.formats import rdf_format_for_path

# Open namespaces: pytest probes module attributes, and rdflib's closed ones warn on unknown names.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
VOID = Namespace("http://rdfs.org/ns/void#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SLUG = "osnabrueck-twinning"
BASE = "https://w3id.org/twinning/"
DATASET = URIRef(f"{BASE}id/dataset/{SLUG}")
TW = Namespace(f"{BASE}ontology/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DL_BY_DE = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")
DCATDE_ATTRIBUTION = URIRef("http://dcat-ap.de/def/dcatde/licenseAttributionByText")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")


@pytest.fixture(scope="module")
def data(built_dist: Path) -> Graph:
    return Graph().parse(built_dist / f"{SLUG}.nt", format="nt")


@pytest.fixture(scope="module")
def void(built_dist: Path) -> Graph:
    return Graph().parse(built_dist / "void.ttl")


@pytest.fixture(scope="module")
def catalog(built_dist: Path) -> Graph:
    return Graph().parse(built_dist / "catalog.ttl")


@pytest.fixture(scope="module")
def manifest(built_dist: Path) -> dict[str, Any]:
    return json.loads((built_dist / "manifest.json").read_text(encoding="utf-8"))


def value(graph: Graph, subject: Any, predicate: URIRef) -> Any:
    found = graph.value(subject, predicate)
    assert found is not None, f"{subject} has no {predicate}"
    return found.toPython() if isinstance(found, Literal) else found


def test_void_counts_match_the_dump(void: Graph, data: Graph) -> None:
    assert value(void, DATASET, VOID.triples) == len(data)
    assert value(void, DATASET, VOID.distinctSubjects) == len(set(data.subjects()))
    assert value(void, DATASET, VOID.properties) == len(set(data.predicates()))
    assert value(void, DATASET, VOID.classes) == len(set(data.objects(None, RDF.type)))
    assert value(void, DATASET, VOID.uriSpace) == BASE
    assert value(void, DATASET, VOID.sparqlEndpoint) == URIRef(f"{BASE}sparql")


def test_void_class_partition_of_cities(void: Graph, data: Graph) -> None:
    cities = len(set(data.subjects(RDF.type, TW.City)))
    partitions = {
        value(void, p, VOID["class"]): value(void, p, VOID.entities)
        for p in void.objects(DATASET, VOID.classPartition)
    }
    assert partitions[TW.City] == cities == 12


def test_void_linkset_counts_sameas_links_to_wikidata(void: Graph, data: Graph) -> None:
    links = [
        o
        for o in data.objects(None, OWL.sameAs)
        if str(o).startswith("http://www.wikidata.org/entity/")
    ]
    linksets = {
        value(void, ls, VOID.linkPredicate): value(void, ls, VOID.triples)
        for ls in void.subjects(RDF.type, VOID.Linkset)
    }
    assert linksets[OWL.sameAs] == len(links) > 0
    assert all((DATASET, VOID.subset, ls) in void for ls in void.subjects(RDF.type, VOID.Linkset))


def test_void_lists_every_dump(void: Graph) -> None:
    dumps = {str(o) for o in void.objects(DATASET, VOID.dataDump)}
    assert dumps == {
        f"{BASE}download/{SLUG}.{ext}{gz}"
        for ext in ("ttl", "nt", "jsonld", "rdf")
        for gz in ("", ".gz")
    }


def test_every_distribution_describes_its_file(catalog: Graph, manifest: dict[str, Any]) -> None:
    files = {entry["path"]: entry for entry in manifest["files"]}
    distributions = set(catalog.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 8
    for distribution in distributions:
        url = str(value(catalog, distribution, DCAT.downloadURL))
        name = url.removeprefix(f"{BASE}download/")
        entry = files[name]
        size = catalog.value(distribution, DCAT.byteSize)
        assert size == Literal(entry["bytes"], datatype=XSD.nonNegativeInteger)
        checksum = value(catalog, distribution, SPDX.checksum)
        assert value(catalog, checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(catalog.value(checksum, SPDX.checksumValue)) == entry["sha256"]
        assert value(catalog, distribution, DCAT.accessURL) == URIRef(url)
        assert value(catalog, distribution, DCTERMS.license) == DL_BY_DE
        assert catalog.value(distribution, DCATDE_ATTRIBUTION) is not None
        media = str(value(catalog, distribution, DCAT.mediaType))
        assert media.startswith("https://www.iana.org/assignments/media-types/")
        inner = name.removesuffix(".gz").rsplit(".", 1)[1]
        expected_media = {
            "ttl": "text/turtle",
            "nt": "application/n-triples",
            "jsonld": "application/ld+json",
            "rdf": "application/rdf+xml",
        }[inner]
        assert media.endswith("/" + expected_media)
        gzipped = catalog.value(distribution, DCAT.compressFormat)
        assert (gzipped is not None) == name.endswith(".gz")


def test_temporal_coverage_spans_the_agreements(catalog: Graph, data: Graph) -> None:
    dates = [d for a in data.subjects(RDF.type, TW.Agreement) for d in data.objects(a, TW.signedOn)]
    assert dates

    # Every date in the data is an xsd:date, gYearMonth or gYear: compare their first day.
    def first_day(d: Literal) -> str:
        return (str(d) + "-01-01")[:10]

    period = value(catalog, DATASET, DCTERMS.temporal)
    start = catalog.value(period, DCAT.startDate)
    end = catalog.value(period, DCAT.endDate)
    assert start == min(dates, key=first_day)
    assert first_day(end) == max(first_day(d) for d in dates)


def test_catalog_dataset_and_service(catalog: Graph, manifest: dict[str, Any]) -> None:
    cat = URIRef(f"{BASE}id/catalog/{SLUG}")
    service = URIRef(f"{BASE}id/service/sparql")
    assert (cat, DCAT.dataset, DATASET) in catalog
    assert (cat, DCAT.service, service) in catalog
    assert value(catalog, service, DCAT.endpointURL) == URIRef(f"{BASE}sparql")
    assert value(catalog, service, DCAT.servesDataset) == DATASET
    assert str(catalog.value(DATASET, DCAT_VERSION)) == manifest["version"]
    titles = {t.language for t in catalog.objects(DATASET, DCTERMS.title)}
    assert titles == {"de", "en"}


def test_one_publisher_and_contact_point_with_iris(catalog: Graph) -> None:
    """The city administration publishes: an agent with an IRI of its own (not the place, not a
    blank node that every document would mint anew), named in German and English."""
    described = [URIRef(f"{BASE}id/catalog/{SLUG}"), DATASET, URIRef(f"{BASE}id/service/sparql")]
    publishers = {p for s in described for p in catalog.objects(s, DCTERMS.publisher)}
    assert publishers == {URIRef(f"{BASE}id/agent/stadt-osnabrueck")}
    publisher = publishers.pop()
    assert (publisher, RDF.type, FOAF.Agent) in catalog
    assert value(catalog, publisher, DCTERMS.type) == LOCAL_AUTHORITY
    assert {n.language for n in catalog.objects(publisher, FOAF.name)} == {"de", "en"}
    assert list(catalog.objects(publisher, OWL.sameAs)) == []  # administration ≠ place
    contacts = {c for s in described[1:] for c in catalog.objects(s, DCAT.contactPoint)}
    assert len(contacts) == 1
    contact = contacts.pop()
    assert str(contact).startswith(f"{BASE}id/contact/")
    assert (contact, RDF.type, VCARD.Kind) in catalog


@pytest.mark.parametrize("name", ["catalog.ttl", "void.ttl"])
def test_metadata_has_no_blank_nodes(built_dist: Path, name: str) -> None:
    """Parts (checksums, the period, VoID partitions) are ``{owner}#…`` IRIs: the same node in
    every document that mentions them, reached from their owner (whose document shows them)."""
    graph = Graph().parse(built_dist / name)
    assert [t for t in graph if any(isinstance(term, BNode) for term in t)] == []
    parts = {s for s in graph.subjects() if "#" in str(s) and str(s).startswith(BASE + "id/")}
    assert parts
    for part in parts:
        owner = str(part).split("#")[0]
        linked = {o for o in graph.objects(URIRef(owner)) if str(o).startswith(owner + "#")}
        linked |= {o for p in linked for o in graph.objects(p) if str(o).startswith(owner + "#")}
        assert part in linked, part


def test_void_counts_the_endpoints_default_graph(void: Graph, built_dist: Path) -> None:
    """The endpoint's default graph (id/graph/default) has the dataset as a subset and as many
    triples as a store holds that loads the manifest's store_files."""
    manifest = json.loads((built_dist / "manifest.json").read_text(encoding="utf-8"))
    store = ox.Store()
    for name in manifest["store_files"]:
        store.bulk_load(path=str(built_dist / name), format=rdf_format_for_path(name))
    graph = URIRef(f"{BASE}id/graph/default")
    assert (graph, VOID.subset, DATASET) in void
    assert value(void, graph, VOID.triples) == len(store)
    assert value(void, DATASET, VOID.triples) < len(store)


def test_void_features_are_the_w3c_format_iris(void: Graph) -> None:
    features = {str(f) for f in void.objects(DATASET, VOID.feature)}
    assert features == {
        f"http://www.w3.org/ns/formats/{name}"
        for name in ("Turtle", "N-Triples", "JSON-LD", "RDF_XML")
    }


@pytest.mark.parametrize("shapes_file", ["shapes.ttl", "range.ttl"])
def test_catalog_conforms_to_dcat_ap_3_0_1(
    catalog: Graph, shared_dir: Path, shapes_file: str
) -> None:
    """SEMIC's shapes.ttl (the "must" constraints) and range.ttl (class ranges of objects).

    Per ../shared/standards/dcat-ap/README.md both work offline; the vocabularies shapes need the
    EU vocabularies loaded and the recommended shapes only warn, so they are not part of the gate.
    """
    shapes = Graph().parse(shared_dir / "standards/dcat-ap/3.0.1" / shapes_file)
    conforms, _results, text = pyshacl.validate(catalog, shacl_graph=shapes, allow_warnings=True)
    assert conforms, text
