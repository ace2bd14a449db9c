"""The serialisations a query result can be written in: one table, read by the store and the web.

Each format has a canonical media type, the short names accepted in ``?format=`` (and by
``lod query --format``), other media types clients send for it (``application/json``; the answer
is labelled with the canonical type), and the media types of its subsets (``narrower``): an
N-Triples document is a Turtle document, so a client that names Turtle in ``format=`` (as
SPARQLWrapper does for N3 and Turtle) and asks for N-Triples in Accept gets N-Triples.
The order of each tuple is the order of preference when a client accepts several equally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pyoxigraph import QueryResultsFormat, RdfFormat

ResultKind = Literal["solutions", "boolean", "graph"]


@dataclass(frozen=True)
class Format:
    """One serialisation: ``name`` for people, ``media_type`` for HTTP, the pyoxigraph format."""

    name: str
    media_type: str
    extension: str
    names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    results: QueryResultsFormat | None = None
    rdf: RdfFormat | None = None
    narrower: tuple[str, ...] = ()

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, self.extension, *self.names)


SPARQL_JSON = Format(
    "json", "application/sparql-results+json", "srj", ("srj",), ("application/json",),
    results=QueryResultsFormat.JSON,
)  # fmt: skip
SPARQL_XML = Format(
    "xml", "application/sparql-results+xml", "srx", ("srx",), ("application/xml", "text/xml"),
    results=QueryResultsFormat.XML,
)  # fmt: skip
SPARQL_CSV = Format("csv", "text/csv", "csv", results=QueryResultsFormat.CSV)
SPARQL_TSV = Format("tsv", "text/tab-separated-values", "tsv", results=QueryResultsFormat.TSV)

TURTLE = Format(
    "ttl",
    "text/turtle",
    "ttl",
    ("turtle", "n3"),
    ("application/x-turtle", "text/n3"),
    rdf=RdfFormat.TURTLE,
    narrower=("application/n-triples",),
)
# text/plain: N-Triples' media type before RDF 1.1, still sent by older clients.
NTRIPLES = Format(
    "nt", "application/n-triples", "nt", ("ntriples",), ("text/plain",), rdf=RdfFormat.N_TRIPLES
)
JSON_LD = Format(
    "jsonld", "application/ld+json", "jsonld", ("json-ld", "json"), ("application/json",),
    rdf=RdfFormat.JSON_LD,
)  # fmt: skip
RDF_XML = Format(
    "rdf", "application/rdf+xml", "rdf", ("rdfxml", "rdf+xml", "xml", "owl"),
    ("application/xml", "text/xml"),
    rdf=RdfFormat.RDF_XML,
)  # fmt: skip
NQUADS = Format("nq", "application/n-quads", "nq", ("nquads",), rdf=RdfFormat.N_QUADS)
TRIG = Format(
    "trig", "application/trig", "trig", rdf=RdfFormat.TRIG, narrower=("application/n-quads",)
)

# SELECT results and ASK answers (CSV/TSV booleans are not standard but pyoxigraph writes them).
SOLUTION_FORMATS: tuple[Format, ...] = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
BOOLEAN_FORMATS: tuple[Format, ...] = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
# CONSTRUCT/DESCRIBE graphs; the dataset syntaxes last, a graph is a dataset's default graph.
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, NTRIPLES, JSON_LD, RDF_XML, NQUADS, TRIG)

FORMATS_BY_KIND: dict[ResultKind, tuple[Format, ...]] = {
    "solutions": SOLUTION_FORMATS,
    "boolean": BOOLEAN_FORMATS,
    "graph": GRAPH_FORMATS,
}


def find_format(name: str, kind: ResultKind) -> Format | None:
    """The format of ``kind`` called ``name`` (short name, extension or media type)."""
    wanted = name.strip().lower()
    for fmt in FORMATS_BY_KIND[kind]:
        if wanted in fmt.all_names or wanted == fmt.media_type:
            return fmt
    return None


def format_names(kind: ResultKind) -> list[str]:
    return [fmt.name for fmt in FORMATS_BY_KIND[kind]]


def rdf_format_for_path(path: str) -> RdfFormat:
    """Guess an RDF syntax from a file name (``.ttl``, ``.nt``, ``.nq``, ``.trig``, ...).

    ``.gz`` is not unpacked here; ``.owl`` and ``.xml`` are read as RDF/XML.
    """
    extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    fmt = RdfFormat.from_extension(extension) or {
        "owl": RdfFormat.RDF_XML,
        "xml": RdfFormat.RDF_XML,
        "json": RdfFormat.JSON_LD,
    }.get(extension)
    if fmt is None:
        raise ValueError(
            f"{path}: cannot guess the RDF syntax from the extension {extension!r} "
            "(use .ttl, .nt, .nq, .trig, .jsonld, .rdf, .owl or .n3)"
        )
    return fmt
