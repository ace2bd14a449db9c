"""The DCAT-AP catalog (catalog.ttl): metadata/publication.ttl plus what only the build knows.

``metadata/publication.ttl`` states the catalog, the dataset and the SPARQL data service with
their titles, publisher, contact point, licence, themes, keywords and spatial coverage. The build
adds one distribution per dump (uncompressed and gzipped) with size, checksum, media type and
format, the temporal coverage (earliest and latest agreement date in the graph), ``dct:modified``
and the dataset version. The catalog's licence and attribution text go on every distribution.
No blank nodes: the period and the checksums are parts of their owners (``…#temporal``,
``…#checksum``), so the catalog, the documents and SPARQL answers name the same nodes and a
harvester that merges them still sees one checksum per distribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD
from rdflib.term import Node

from lod.errors import SourceError
from lod.namespaces import DCATDE, SPDX, ontology_ns
from lod.store.formats import GZIP_MEDIA_TYPE, IANA_MEDIA_TYPES, Format
from lod.uris import download_path, part_iri, thing_iri

DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; not in rdflib's DCAT


@dataclass(frozen=True)
class DumpFile:
    """One file of the publication as the catalog describes it."""

    format: Format
    gzipped: bool
    path: str  # relative to dist/
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Described:
    """The catalog, dataset and data service that metadata/publication.ttl describes."""

    catalog: URIRef
    dataset: URIRef
    service: URIRef | None


def find_described(metadata: Graph, source: str) -> Described:
    """The one catalog, one dataset and (at most one) data service in the metadata graph."""
    found = {}
    for name, cls, required in (
        ("catalog", DCAT.Catalog, True),
        ("dataset", DCAT.Dataset, True),
        ("service", DCAT.DataService, False),
    ):
        nodes = sorted(n for n in metadata.subjects(RDF.type, cls) if isinstance(n, URIRef))
        if len(nodes) > 1 or (required and not nodes):
            raise SourceError(
                f"{source}: expected exactly one {cls.n3(metadata.namespace_manager)} "
                f"with an IRI, found {len(nodes)}"
            )
        found[name] = nodes[0] if nodes else None
    return Described(found["catalog"], found["dataset"], found["service"])  # type: ignore[arg-type]


def agreement_period(store: ox.Store, base_iri: str) -> tuple[ox.Literal, ox.Literal] | None:
    """The earliest and latest ``tw:signedOn`` of any ``tw:Agreement`` (as written: date, gYear...).

    Compared in Python: SPARQL does not order an xsd:gYear against an xsd:date.
    """
    tw = ontology_ns(base_iri)
    query = f"SELECT DISTINCT ?d WHERE {{ ?a a <{tw.Agreement}> ; <{tw.signedOn}> ?d }}"
    dates = [row["d"] for row in store.query(query)]  # type: ignore[union-attr]
    dated: list[tuple[ox.Literal, tuple[date, date]]] = []
    for value in dates:
        bounds = _bounds(value.value) if isinstance(value, ox.Literal) else None
        if bounds is not None:
            dated.append((value, bounds))
    if not dated:
        return None
    first = min(dated, key=lambda item: item[1][0])
    last = max(dated, key=lambda item: item[1][1])
    return first[0], last[0]


def _bounds(lexical: str) -> tuple[date, date] | None:
    """First and last day covered by an xsd:date, xsd:gYearMonth or xsd:gYear lexical form."""
    parts = lexical[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3:
            day = date(*numbers)
            return day, day
        if len(numbers) == 2:
            start = date(numbers[0], numbers[1], 1)
            end = date(numbers[0] + numbers[1] // 12, numbers[1] % 12 + 1, 1)
            return start, date.fromordinal(end.toordinal() - 1)
        if len(numbers) == 1:
            return date(numbers[0], 1, 1), date(numbers[0], 12, 31)
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class CatalogInput:
    metadata: Graph
    described: Described
    base_iri: str
    dataset_slug: str
    files: Sequence[DumpFile]
    modified: Literal
    version: str
    period: tuple[ox.Literal, ox.Literal] | None


def catalog_graph(data: CatalogInput) -> Graph:
    graph = Graph()
    for triple in data.metadata:
        graph.add(triple)
    catalog, dataset, service = (
        data.described.catalog,
        data.described.dataset,
        data.described.service,
    )
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((catalog, DCTERMS.modified, data.modified))
    graph.add((dataset, DCTERMS.modified, data.modified))
    graph.add((dataset, DCAT_VERSION, Literal(data.version)))
    if service is not None:
        graph.add((catalog, DCAT.service, service))
        graph.add((service, DCAT.servesDataset, dataset))
    if data.period is not None:
        _temporal(graph, dataset, data.period)
    licence = list(graph.objects(catalog, DCTERMS.license))
    attribution = list(graph.objects(catalog, DCATDE.licenseAttributionByText))
    for file in data.files:
        distribution = _distribution(graph, data, file)
        graph.add((dataset, DCAT.distribution, distribution))
        for value in [*licence, *attribution]:
            predicate = DCTERMS.license if value in licence else DCATDE.licenseAttributionByText
            graph.add((distribution, predicate, value))
    return graph


def _temporal(graph: Graph, dataset: Node, period: tuple[ox.Literal, ox.Literal]) -> None:
    node = URIRef(part_iri(str(dataset), "temporal"))
    graph.add((dataset, DCTERMS.temporal, node))
    graph.add((node, RDF.type, DCTERMS.PeriodOfTime))
    for predicate, value in zip((DCAT.startDate, DCAT.endDate), period, strict=True):
        graph.add((node, predicate, Literal(value.value, datatype=value.datatype.value)))


def _distribution(graph: Graph, data: CatalogInput, file: DumpFile) -> URIRef:
    fmt = file.format
    slug = f"{data.dataset_slug}-{fmt.extension}" + ("-gz" if file.gzipped else "")
    node = URIRef(thing_iri("distribution", slug, data.base_iri))
    extension = fmt.extension + (".gz" if file.gzipped else "")
    url = URIRef(data.base_iri + download_path(data.dataset_slug, extension))
    label = fmt.label + (", gzip" if file.gzipped else "")
    add = graph.add
    add((node, RDF.type, DCAT.Distribution))
    for title in graph.objects(data.described.dataset, DCTERMS.title):
        if isinstance(title, Literal):
            add((node, DCTERMS.title, Literal(f"{title} ({label})", lang=title.language)))
    add((node, DCAT.accessURL, url))
    add((node, DCAT.downloadURL, url))
    media_type = URIRef(IANA_MEDIA_TYPES + fmt.media_type)
    add((node, DCAT.mediaType, media_type))
    add((media_type, RDF.type, DCTERMS.MediaType))
    if fmt.file_type_iri is not None:
        file_type = URIRef(fmt.file_type_iri)
        add((node, DCTERMS.format, file_type))
        add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
    if file.gzipped:
        gzip_type = URIRef(IANA_MEDIA_TYPES + GZIP_MEDIA_TYPE)
        add((node, DCAT.compressFormat, gzip_type))
        add((gzip_type, RDF.type, DCTERMS.MediaType))
    add((node, DCAT.byteSize, Literal(file.bytes, datatype=XSD.nonNegativeInteger)))
    add((node, DCTERMS.modified, data.modified))
    checksum = URIRef(part_iri(str(node), "checksum"))
    add((node, SPDX.checksum, checksum))
    add((checksum, RDF.type, SPDX.Checksum))
    add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    add((checksum, SPDX.checksumValue, Literal(file.sha256, datatype=XSD.hexBinary)))
    return node
