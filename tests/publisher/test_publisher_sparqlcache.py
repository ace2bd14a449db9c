"""The query cache pyshacl runs under: same answers, one parse per text, rdflib restored after."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef, plugin
from rdflib.query import Processor

from lod.publisher import sparqlcache
from lod.publisher.sparqlcache import CachingSPARQLProcessor, cached_sparql

EX = "http://example.org/"
QUERY = f"SELECT ?o WHERE {{ $this <{EX}p> ?o }}"


def graph() -> Graph:
    g = Graph()
    for s, o in (("a", 1), ("a", 2), ("b", 3)):
        g.add((URIRef(EX + s), URIRef(EX + "p"), Literal(o)))
    return g


def answers(g: Graph, this: str) -> set[int]:
    rows = g.query(QUERY, initBindings={"this": URIRef(EX + this)})
    return {row[0].toPython() for row in rows}  # type: ignore[index]


def test_cached_answers_equal_plain_answers_for_each_binding() -> None:
    g = graph()
    plain = {this: answers(g, this) for this in ("a", "b", "c")}
    with cached_sparql():
        cached = {this: answers(g, this) for this in ("a", "b", "c")}
    assert cached == plain == {"a": {1, 2}, "b": {3}, "c": set()}


def test_each_text_is_translated_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sparqlcache, "_translated", {})
    g = graph()
    with cached_sparql():
        for this in ("a", "b", "a"):
            answers(g, this)
    assert len(sparqlcache._translated) == 1


def test_rdflib_processor_is_restored() -> None:
    with cached_sparql():
        assert plugin.get("sparql", Processor) is CachingSPARQLProcessor
    assert plugin.get("sparql", Processor) is not CachingSPARQLProcessor
