"""Conversion of RDF terms between pyoxigraph (the store of record) and rdflib (pyshacl, JSON-LD).

pyoxigraph parses, queries and serializes; rdflib is only used where a library needs it. The
converters cache terms because a graph repeats its IRIs and literals many times, and building
an rdflib ``Literal`` (which parses its lexical form) is the expensive part.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_rdflib_converter() -> Callable[[OxTerm], Node]:
    """A caching converter from pyoxigraph terms to rdflib terms."""
    cache: dict[OxTerm, Node] = {}

    def convert(term: OxTerm) -> Node:
        node = cache.get(term)
        if node is None:
            node = _to_rdflib(term)
            cache[term] = node
        return node

    return convert


def _to_rdflib(term: OxTerm) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD_STRING else datatype)
    raise TypeError(f"unsupported RDF term: {term!r}")  # RDF-star triples are not used


def to_oxigraph(node: Node) -> OxTerm:
    """rdflib term → pyoxigraph term (for the small graphs: shapes, metadata)."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"unsupported RDF term: {node!r}")


def fill_graph(graph: Graph, triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """Add pyoxigraph triples (or quads, graph ignored) to an rdflib graph; returns the graph."""
    convert = to_rdflib_converter()
    add = graph.store.add  # skips Graph.add's per-triple checks: the terms are built right here
    for t in triples:
        add((convert(t.subject), convert(t.predicate), convert(t.object)), graph)  # type: ignore[arg-type]
    return graph


def to_oxigraph_triples(graph: Graph) -> Iterator[ox.Triple]:
    for s, p, o in graph:
        yield ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
