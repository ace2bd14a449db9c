"""A query result held in memory as terms, the same whichever store produced it.

The stores read a result up to ``max_results`` rows (or triples) and keep the terms, for the
pages (the HTML query page included), the CLI and remote engines' answers. The SPARQL endpoint
of an embedded store gets its answers as bytes instead, written by the engine in the query
worker (:mod:`lod.store.answers`); :meth:`QueryResult.serialize` writes those of terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from lod.errors import ResultTooLarge
from lod.store.formats import FORMATS_BY_KIND, Format, ResultKind

if TYPE_CHECKING:
    import rdflib

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = tuple[Term | None, ...]


@dataclass
class QueryResult:
    """The answer to one query: ``kind`` says which of the other fields is filled."""

    kind: ResultKind
    variables: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool = False

    @classmethod
    def from_pyoxigraph(
        cls,
        result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
        max_results: int | None = None,
        check: Any = None,
    ) -> QueryResult:
        """Read a pyoxigraph result, refusing more than ``max_results`` rows or triples.

        ``check`` (if given) is called before each row, e.g. to stop at a deadline.
        """
        if isinstance(result, ox.QueryBoolean):
            return cls("boolean", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            rows = _take((tuple(s) for s in result), max_results, check, "rows")
            return cls("solutions", variables=variables, rows=rows)
        return cls("graph", triples=_take(iter(result), max_results, check, "triples"))

    @classmethod
    def from_triples(
        cls, triples: Iterable[ox.Triple], max_results: int | None = None
    ) -> QueryResult:
        return cls("graph", triples=_take(iter(triples), max_results, None, "triples"))

    @property
    def size(self) -> int:
        """Rows, triples, or 1 for a boolean."""
        return {"solutions": len(self.rows), "graph": len(self.triples), "boolean": 1}[self.kind]

    def formats(self) -> tuple[Format, ...]:
        return FORMATS_BY_KIND[self.kind]

    def serialize(self, fmt: Format, prefixes: Mapping[str, str] | None = None) -> bytes:
        """Write the result in ``fmt``, which must be one of :meth:`formats`."""
        if fmt not in self.formats():
            raise ValueError(f"{fmt.name} cannot hold a {self.kind} result")
        if self.kind == "graph":
            assert fmt.rdf is not None
            return serialize_triples(self.triples, fmt.rdf, prefixes)
        assert fmt.results is not None
        if self.kind == "boolean":
            document = b'{"head":{},"boolean":%s}' % (b"true" if self.boolean else b"false")
            parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
        else:
            parsed = ox.parse_query_results(self.to_sparql_tsv(), format=ox.QueryResultsFormat.TSV)
        out = parsed.serialize(format=fmt.results)
        assert out is not None
        return out

    def to_sparql_tsv(self) -> bytes:
        """SPARQL 1.1 Query Results TSV: the bridge back into pyoxigraph's writers (each term in
        its N-Triples form, which the TSV reader takes; the cheapest form to write from here)."""
        if self.kind != "solutions":
            raise ValueError(f"a {self.kind} result has no SPARQL results table")
        lines = ["\t".join(f"?{v}" for v in self.variables)]
        lines += ["\t".join([_tsv_cell(term) for term in row]) for row in self.rows]
        return ("\n".join(lines) + "\n").encode()

    def bindings(self) -> list[dict[str, rdflib.term.Node]]:
        """Rows as ``{variable: rdflib term}`` (unbound variables left out), for templates."""
        return [{var: to_rdflib(term) for var, term in self._bound(row)} for row in self.rows]

    def _bound(self, row: Row) -> list[tuple[str, Term]]:
        return [(v, t) for v, t in zip(self.variables, row, strict=True) if t is not None]

    def graph(self) -> rdflib.Graph:
        """The triples as an rdflib Graph (for the linked-data pages)."""
        import rdflib

        graph = rdflib.Graph()
        if self.triples:
            graph.parse(data=serialize_triples(self.triples, ox.RdfFormat.N_TRIPLES, None),
                        format="nt")  # fmt: skip
        return graph


def _take(items: Iterator[Any], max_results: int | None, check: Any, what: str) -> list[Any]:
    taken: list[Any] = []
    for item in items:
        if check is not None:
            check()
        if max_results is not None and len(taken) >= max_results:
            raise too_large(max_results, what)
        taken.append(item)
    return taken


def too_large(max_results: int, what: str) -> ResultTooLarge:
    return ResultTooLarge(
        f"the query returns more than {max_results} {what}, the most this endpoint "
        "serves (LOD_MAX_RESULTS); add a LIMIT or narrow the pattern"
    )


def used_prefixes(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``triples`` starts with (pyoxigraph writes every
    prefix it is given)."""
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object)
            if isinstance(term, ox.NamedNode)}  # fmt: skip
    return {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}


def serialize_triples(
    triples: Iterable[ox.Triple], fmt: ox.RdfFormat, prefixes: Mapping[str, str] | None
) -> bytes:
    kwargs: dict[str, Any] = {}
    if prefixes and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
        kwargs["prefixes"] = dict(prefixes)
    if fmt.supports_datasets:  # N-Quads/TriG want quads: the graph becomes the default graph
        quads: Iterable[Any] = (
            ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples
        )
        out = ox.serialize(quads, format=fmt, **kwargs)
    else:
        out = ox.serialize(triples, format=fmt, **kwargs)
    assert out is not None
    return out


def _tsv_cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Triple):  # str() gives the statement; a triple term is bracketed
        return f"<<( {str(term)} )>>"
    return str(term)  # N-Triples: tabs and line breaks in literals escaped


def to_rdflib(term: Term) -> rdflib.term.Node:
    """The rdflib twin of a pyoxigraph term (a triple term becomes its N-Triples text)."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Triple):
        return rdflib.Literal(str(term))
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
