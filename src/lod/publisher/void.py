"""The VoID description (void.ttl): statistics of the published graph, dumps, endpoint, links.

Two datasets, each with its own ``void:triples``: the dataset (its dump: ontology, data and
derived triples) and the default graph of the SPARQL endpoint (``id/graph/default``: the dump
plus catalog, VoID and shapes, everything the store loads), so that a client can check either
figure, the latter with ``SELECT (COUNT(*) AS ?n) { ?s ?p ?o }``. Both are computed here from
what the build writes, never by hand.

The statistics are SPARQL aggregates over the store (sources + derived triples). The store
normalises literals (see :class:`lod.publisher.sources.Sources`), so ``void:distinctObjects`` counts
``"8.050"`` and ``"8.05"`` (same decimal) once; ``void:triples`` is the dump's line count.
Partitions and linksets are parts of the dataset (``…#class-tw:City``), not blank nodes, so VoID,
the dataset's document and SPARQL answers name the same nodes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID, XSD

from lod.namespaces import SD, WD
from lod.publisher.terms import to_oxigraph_triples
from lod.store.formats import Format
from lod.uris import part_iri

WIKIDATA = str(WD)


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
    """Where things are: the dataset IRI, its dumps, its SPARQL endpoint and default graph."""

    dataset: str
    base_iri: str
    dumps: Sequence[tuple[Format, str]]  # (format, download URL), uncompressed and .gz
    sparql_endpoint: str
    default_graph: str  # IRI of the endpoint's default graph as a void:Dataset
    title: Sequence[Literal]
    license: str | None
    modified: Literal


DEFAULT_GRAPH_TITLES = (
    Literal("Standardgraph des SPARQL-Endpunkts: der Datensatz, sein Katalog, seine "
            "VoID-Beschreibung und die SHACL-Formen", lang="de"),
    Literal("Default graph of the SPARQL endpoint: the dataset, its catalogue, its VoID "
            "description and the SHACL shapes", lang="en"),
)  # fmt: skip


def void_graph(
    stats: Statistics, links: VoidLinks, prefixes: Mapping[str, str], served: int
) -> Graph:
    """VoID of the dataset (``stats``) and of the endpoint's default graph (``served`` triples)."""
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
        add((dataset, VOID[name], _integer(value)))
    add((dataset, VOID.uriSpace, Literal(links.base_iri)))
    add((dataset, VOID.sparqlEndpoint, URIRef(links.sparql_endpoint)))
    for fmt, url in links.dumps:
        add((dataset, VOID.dataDump, URIRef(url)))
        add((dataset, VOID.feature, URIRef(fmt.format_iri)))
    used = [*stats.class_partitions, *stats.property_partitions]
    for namespace in vocabularies(used, prefixes):
        add((dataset, VOID.vocabulary, URIRef(namespace)))
    _partitions(graph, dataset, stats, prefixes)
    _linksets(graph, dataset, stats, prefixes)
    _default_graph(graph, dataset, links, served)
    return graph


def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _default_graph(graph: Graph, dataset: URIRef, links: VoidLinks, served: int) -> None:
    """The endpoint's default graph: a void:Dataset with the dataset as a subset."""
    node = URIRef(links.default_graph)
    graph.add((node, RDF.type, VOID.Dataset))
    graph.add((node, RDF.type, SD.Graph))
    for title in DEFAULT_GRAPH_TITLES:
        graph.add((node, DCTERMS.title, title))
    graph.add((node, VOID.sparqlEndpoint, URIRef(links.sparql_endpoint)))
    graph.add((node, VOID.subset, dataset))
    graph.add((node, VOID.triples, _integer(served)))
    graph.add((node, DCTERMS.modified, links.modified))


def part_name(kind: str, iri: str, prefixes: Mapping[str, str]) -> str:
    """``class-tw:City`` for the class tw:City; a digest if no prefix gives a plain local name."""
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", local):
            return f"{kind}-{prefix}:{local}"
    return f"{kind}-{hashlib.sha256(iri.encode()).hexdigest()[:16]}"


def _part(dataset: URIRef, kind: str, iri: str, prefixes: Mapping[str, str]) -> URIRef:
    return URIRef(part_iri(str(dataset), part_name(kind, iri, prefixes)))


def _partitions(
    graph: Graph, dataset: URIRef, stats: Statistics, prefixes: Mapping[str, str]
) -> None:
    for cls, entities in sorted(stats.class_partitions.items()):
        partition = _part(dataset, "class", cls, prefixes)
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(cls)))
        graph.add((partition, VOID.entities, _integer(entities)))
    for prop, triples in sorted(stats.property_partitions.items()):
        partition = _part(dataset, "property", prop, prefixes)
        graph.add((dataset, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, URIRef(prop)))
        graph.add((partition, VOID.triples, _integer(triples)))


def _linksets(
    graph: Graph, dataset: URIRef, stats: Statistics, prefixes: Mapping[str, str]
) -> None:
    """One void:Linkset per predicate that links our resources to Wikidata entities."""
    if not stats.wikidata_links:
        return
    wikidata = URIRef(part_iri(str(dataset), "target-wikidata"))
    graph.add((wikidata, RDF.type, VOID.Dataset))
    graph.add((wikidata, DCTERMS.title, Literal("Wikidata", lang="en")))
    graph.add((wikidata, FOAF.homepage, URIRef("https://www.wikidata.org/")))
    graph.add((wikidata, VOID.uriSpace, Literal(WIKIDATA)))
    for predicate, triples in sorted(stats.wikidata_links.items()):
        linkset = _part(dataset, "linkset", predicate, prefixes)
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((dataset, VOID.subset, linkset))
        graph.add((linkset, VOID.linkPredicate, URIRef(predicate)))
        graph.add((linkset, VOID.subjectsTarget, dataset))
        graph.add((linkset, VOID.objectsTarget, wikidata))
        graph.add((linkset, VOID.target, dataset))
        graph.add((linkset, VOID.target, wikidata))
        graph.add((linkset, VOID.triples, _integer(triples)))


def served_triples(dataset: ox.Store, files: Iterable[Graph]) -> int:
    """The triples of a store that loads the dataset (``dataset``, as the dump holds it) and
    ``files`` beside it, as the endpoint's store does: equal triples once (after the store's
    normalisation of literals), each file's blank nodes its own."""
    extra = ox.Store()
    for number, graph in enumerate(files):
        extra.extend(_apart(t, f"f{number}x") for t in to_oxigraph_triples(graph))
    new = sum(1 for quad in extra if _has_blank_node(quad) or quad not in dataset)
    return len(dataset) + new


def _apart(triple: ox.Triple, prefix: str) -> ox.Quad:
    """The triple as a quad, its blank nodes relabelled with ``prefix`` (one per file)."""
    subject, obj = triple.subject, triple.object
    if isinstance(subject, ox.BlankNode):
        subject = ox.BlankNode(prefix + subject.value)
    if isinstance(obj, ox.BlankNode):
        obj = ox.BlankNode(prefix + obj.value)
    return ox.Quad(subject, triple.predicate, obj)


def _has_blank_node(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
