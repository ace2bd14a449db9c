"""The VoID description (void.ttl): statistics of the published graph, dumps, endpoint, links.

The statistics are SPARQL aggregates over the store (sources + derived triples). The store
normalises literals (see :class:`lod.publisher.sources.Sources`), so ``void:distinctObjects`` counts
``"8.050"`` and ``"8.05"`` (same decimal) once; ``void:triples`` is the dump's line count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID, XSD

from lod.namespaces import WD

WIKIDATA = str(WD)
FORMAT_FEATURES = {  # W3C format IRIs for void:feature
    "ttl": "http://www.w3.org/ns/formats/Turtle",
    "nt": "http://www.w3.org/ns/formats/N-Triples",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "rdf": "http://www.w3.org/ns/formats/RDF_XML",
}


@dataclass(frozen=True)
class Statistics:
    triples: int
    entities: int
    classes: int
    properties: int
    distinct_subjects: int
    distinct_objects: int
    class_partitions: dict[str, int]  # class IRI → entities
    property_partitions: dict[str, int]  # property IRI → triples
    wikidata_links: dict[str, int]  # link predicate → triples whose object is a Wikidata entity


def _rows(store: ox.Store, query: str) -> list[ox.QuerySolution]:
    return list(store.query(query))  # type: ignore[arg-type]


def _int(solution: ox.QuerySolution, name: str = "n") -> int:
    return int(solution[name].value)


def _count(store: ox.Store, query: str) -> int:
    return _int(_rows(store, query)[0])


def _grouped(store: ox.Store, query: str, key: str) -> dict[str, int]:
    return {row[key].value: _int(row) for row in _rows(store, query)}


def statistics(store: ox.Store, base_iri: str, triples: int) -> Statistics:
    """VoID statistics of everything in ``store``; ``triples`` is the dump's line count."""
    return Statistics(
        triples=triples,
        entities=_count(
            store,
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
            f'FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{base_iri}")) }}',
        ),
        classes=_count(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }"),
        properties=_count(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"),
        distinct_subjects=_count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        distinct_objects=_count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        class_partitions=_grouped(
            store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c", "c"
        ),
        property_partitions=_grouped(
            store, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p", "p"
        ),
        wikidata_links=_grouped(
            store,
            "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
            f'FILTER (isIRI(?o) && STRSTARTS(STR(?o), "{WIKIDATA}")) }} GROUP BY ?p',
            "p",
        ),
    )


def vocabularies(iris: Iterable[str], prefixes: Mapping[str, str]) -> list[str]:
    """The namespaces (from ``prefixes``) of the given class and property IRIs."""
    namespaces = sorted(set(prefixes.values()), key=len, reverse=True)
    used = {next((ns for ns in namespaces if iri.startswith(ns)), None) for iri in iris}
    return sorted(ns for ns in used if ns)


@dataclass(frozen=True)
class VoidLinks:
    """Where things are: the dataset IRI, its dumps, its SPARQL endpoint."""

    dataset: str
    base_iri: str
    dumps: Sequence[tuple[str, str]]  # (format extension, download URL), uncompressed and .gz
    sparql_endpoint: str
    title: Sequence[Literal]
    license: str | None
    modified: Literal


def void_graph(stats: Statistics, links: VoidLinks, prefixes: Mapping[str, str]) -> Graph:
    graph = Graph()
    graph.bind("void", VOID)
    dataset = URIRef(links.dataset)
    add = graph.add
    add((dataset, RDF.type, VOID.Dataset))
    for title in links.title:
        add((dataset, DCTERMS.title, title))
    if links.license:
        add((dataset, DCTERMS.license, URIRef(links.license)))
    add((dataset, DCTERMS.modified, links.modified))
    for name, value in (
        ("triples", stats.triples),
        ("entities", stats.entities),
        ("classes", stats.classes),
        ("properties", stats.properties),
        ("distinctSubjects", stats.distinct_subjects),
        ("distinctObjects", stats.distinct_objects),
    ):
        add((dataset, VOID[name], Literal(value, datatype=XSD.integer)))
    add((dataset, VOID.uriSpace, Literal(links.base_iri)))
    add((dataset, VOID.sparqlEndpoint, URIRef(links.sparql_endpoint)))
    for extension, url in links.dumps:
        add((dataset, VOID.dataDump, URIRef(url)))
        if extension in FORMAT_FEATURES:
            add((dataset, VOID.feature, URIRef(FORMAT_FEATURES[extension])))
    used = [*stats.class_partitions, *stats.property_partitions]
    for namespace in vocabularies(used, prefixes):
        add((dataset, VOID.vocabulary, URIRef(namespace)))
    _partitions(graph, dataset, stats)
    _linksets(graph, dataset, stats)
    return graph


def _partitions(graph: Graph, dataset: URIRef, stats: Statistics) -> None:
    for cls, entities in sorted(stats.class_partitions.items()):
        partition = BNode()
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(cls)))
        graph.add((partition, VOID.entities, Literal(entities, datatype=XSD.integer)))
    for prop, triples in sorted(stats.property_partitions.items()):
        partition = BNode()
        graph.add((dataset, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, URIRef(prop)))
        graph.add((partition, VOID.triples, Literal(triples, datatype=XSD.integer)))


def _linksets(graph: Graph, dataset: URIRef, stats: Statistics) -> None:
    """One void:Linkset per predicate that links our resources to Wikidata entities."""
    if not stats.wikidata_links:
        return
    wikidata = BNode()
    graph.add((wikidata, RDF.type, VOID.Dataset))
    graph.add((wikidata, DCTERMS.title, Literal("Wikidata", lang="en")))
    graph.add((wikidata, FOAF.homepage, URIRef("https://www.wikidata.org/")))
    graph.add((wikidata, VOID.uriSpace, Literal(WIKIDATA)))
    for predicate, triples in sorted(stats.wikidata_links.items()):
        linkset = BNode()
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((dataset, VOID.subset, linkset))
        graph.add((linkset, VOID.linkPredicate, URIRef(predicate)))
        graph.add((linkset, VOID.subjectsTarget, dataset))
        graph.add((linkset, VOID.objectsTarget, wikidata))
        graph.add((linkset, VOID.target, dataset))
        graph.add((linkset, VOID.target, wikidata))
        graph.add((linkset, VOID.triples, Literal(triples, datatype=XSD.integer)))
