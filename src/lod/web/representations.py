"""The representations of a linked-data document: HTML and four RDF syntaxes.

One table says, per extension, the media type and how the bytes are written: pyoxigraph writes
Turtle, N-Triples and RDF/XML; rdflib writes JSON-LD compacted with lod's prefixes (``schema:``
among them). No ``@vocab``: a schema.org term like ``geo`` would collide with a prefix name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.serializers.jsonld import from_rdf

from lod.store.formats import JSON_LD, NTRIPLES, RDF_XML, TURTLE, Format
from lod.store.results import QueryResult, to_rdflib
from lod.web.negotiation import HTML, Offer


@dataclass(frozen=True)
class Representation:
    extension: str
    offer: Offer
    label: str

    @property
    def media_type(self) -> str:
        return self.offer.media_type

    @property
    def is_html(self) -> bool:
        return self.offer is HTML


# Negotiation order: HTML first (browsers and ``*/*``), then the RDF syntaxes, Turtle first
# (werkzeug gives a tie to the earlier offer).
REPRESENTATIONS: tuple[Representation, ...] = (
    Representation("html", HTML, "HTML"),
    *(
        Representation(f.extension, Offer.for_format(f), f.label)
        for f in (TURTLE, JSON_LD, NTRIPLES, RDF_XML)
    ),
)
RDF_REPRESENTATIONS = tuple(r for r in REPRESENTATIONS if not r.is_html)
BY_EXTENSION = {r.extension: r for r in REPRESENTATIONS}
OFFERS = tuple(r.offer for r in REPRESENTATIONS)
RDF_OFFERS = tuple(r.offer for r in RDF_REPRESENTATIONS)


def by_offer(offer: Offer) -> Representation:
    return next(r for r in REPRESENTATIONS if r.offer is offer)


def used_prefixes(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``triples`` starts with."""
    iris = {
        term.value
        for t in triples
        for term in (t.subject, t.predicate, t.object)
        if isinstance(term, ox.NamedNode)
    }
    return {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}


def serialize(triples: list[ox.Triple], extension: str, prefixes: Mapping[str, str]) -> bytes:
    """The document in the RDF syntax of ``extension`` (``ttl``, ``jsonld``, ``nt``, ``rdf``)."""
    if extension == "jsonld":
        text = json.dumps(jsonld_document(triples, prefixes), ensure_ascii=False, indent=1)
        return text.encode("utf-8")
    fmt: Format = BY_EXTENSION[extension].offer.value
    return QueryResult("graph", triples=triples).serialize(fmt, used_prefixes(triples, prefixes))


def jsonld_document(triples: list[ox.Triple], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """Compact JSON-LD with the prefixes the document uses, blank nodes labelled as in
    ``triples``."""
    graph = Graph()
    for t in triples:  # term by term: a parser would give the blank nodes new, random labels
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    context: dict[str, Any] = dict(sorted(used_prefixes(triples, prefixes).items()))
    document = from_rdf(graph, context_data=context, auto_compact=True)
    _sort_nodes(document)
    return dict(document)


def _sort_nodes(document: Any) -> None:
    """rdflib emits nodes in hash order; sort them so equal graphs give equal bytes (ETags)."""
    nodes = document.get("@graph") if isinstance(document, dict) else None
    if isinstance(nodes, list):
        nodes.sort(key=lambda node: str(node.get("@id", "")))
