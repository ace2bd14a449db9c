"""The serialisations lod reads and writes: one table for the whole package.

Each format has a canonical media type, the short names accepted in ``?format=`` (and by
``lod query --format``), other media types clients send for it (``application/json``; the answer
is labelled with the canonical type), the media types of its subsets (``narrower``: an N-Triples
document is a Turtle document, so a client that names Turtle in ``format=``, as SPARQLWrapper
does, and asks for N-Triples in Accept gets N-Triples), a label for people, its W3C format IRI
(https://www.w3.org/ns/formats/, for ``sd:resultFormat`` and ``void:feature``) and, for the dump
formats, its code in the EU file-type authority table (for ``dct:format`` in the catalog). The
store, the web app, the dumps, VoID, the catalog and the service description all read it. The
order of each tuple is the order of preference when a client accepts several equally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pyoxigraph import QueryResultsFormat, RdfFormat

ResultKind = Literal["solutions", "boolean", "graph"]

# W3C's "Unique URIs for File Formats". Not pyoxigraph's ``RdfFormat.iri``: that names JSON-LD
# https://www.w3.org/ns/formats/data/JSON-LD, which the W3C table does not list.
W3C_FORMATS = "http://www.w3.org/ns/formats/"
EU_FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
# IANA's registry address of a media type is this plus the type (``…/media-types/text/turtle``).
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Format:
    """One serialisation: ``name`` in ``?format=``, ``media_type`` for HTTP, ``label`` for
    people, ``w3c`` the local name of its W3C format IRI, ``eu_file_type`` its EU file-type code
    (None where no file of lod is in that format), the pyoxigraph format."""

    name: str
    media_type: str
    extension: str
    names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    results: QueryResultsFormat | None = None
    rdf: RdfFormat | None = None
    label: str = ""
    w3c: str = ""
    eu_file_type: str | None = None
    narrower: tuple[str, ...] = ()

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, self.extension, *self.names)

    @property
    def format_iri(self) -> str:
        """The W3C format IRI, e.g. ``http://www.w3.org/ns/formats/Turtle``."""
        return W3C_FORMATS + self.w3c

    @property
    def file_type_iri(self) -> str | None:
        """The EU file-type IRI, e.g. ``…/file-type/RDF_TURTLE``, if the format has one."""
        return EU_FILE_TYPES + self.eu_file_type if self.eu_file_type else None


SPARQL_JSON = Format(
    "json", "application/sparql-results+json", "srj", ("srj",), ("application/json",),
    results=QueryResultsFormat.JSON, label="SPARQL JSON", w3c="SPARQL_Results_JSON",
)  # fmt: skip
SPARQL_XML = Format(
    "xml", "application/sparql-results+xml", "srx", ("srx",), ("application/xml", "text/xml"),
    results=QueryResultsFormat.XML, label="SPARQL XML", w3c="SPARQL_Results_XML",
)  # fmt: skip
SPARQL_CSV = Format(
    "csv", "text/csv", "csv",
    results=QueryResultsFormat.CSV, label="CSV", w3c="SPARQL_Results_CSV",
)  # fmt: skip
SPARQL_TSV = Format(
    "tsv", "text/tab-separated-values", "tsv",
    results=QueryResultsFormat.TSV, label="TSV", w3c="SPARQL_Results_TSV",
)  # fmt: skip

TURTLE = Format(
    "ttl", "text/turtle", "ttl", ("turtle", "n3"), ("application/x-turtle", "text/n3"),
    rdf=RdfFormat.TURTLE, label="Turtle", w3c="Turtle", eu_file_type="RDF_TURTLE",
    narrower=("application/n-triples",),
)  # fmt: skip
# text/plain: N-Triples' media type before RDF 1.1, still sent by older clients.
NTRIPLES = Format(
    "nt", "application/n-triples", "nt", ("ntriples",), ("text/plain",),
    rdf=RdfFormat.N_TRIPLES, label="N-Triples", w3c="N-Triples", eu_file_type="RDF_N_TRIPLES",
)  # fmt: skip
JSON_LD = Format(
    "jsonld", "application/ld+json", "jsonld", ("json-ld", "json"), ("application/json",),
    rdf=RdfFormat.JSON_LD, label="JSON-LD", w3c="JSON-LD", eu_file_type="JSON_LD",
)  # fmt: skip
RDF_XML = Format(
    "rdf", "application/rdf+xml", "rdf", ("rdfxml", "rdf+xml", "xml", "owl"),
    ("application/xml", "text/xml"),
    rdf=RdfFormat.RDF_XML, label="RDF/XML", w3c="RDF_XML", eu_file_type="RDF_XML",
)  # fmt: skip
NQUADS = Format(
    "nq", "application/n-quads", "nq", ("nquads",),
    rdf=RdfFormat.N_QUADS, label="N-Quads", w3c="N-Quads",
)  # fmt: skip
TRIG = Format(
    "trig", "application/trig", "trig", rdf=RdfFormat.TRIG, label="TriG", w3c="TriG",
    narrower=("application/n-quads",),
)  # fmt: skip

# SELECT results and ASK answers (CSV/TSV booleans are not standard but pyoxigraph writes them).
SOLUTION_FORMATS: tuple[Format, ...] = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
BOOLEAN_FORMATS: tuple[Format, ...] = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
# CONSTRUCT/DESCRIBE graphs; the dataset syntaxes last, a graph is a dataset's default graph.
GRAPH_FORMATS: tuple[Format, ...] = (TURTLE, NTRIPLES, JSON_LD, RDF_XML, NQUADS, TRIG)
# The dumps of a publication (each also gzipped), in the order the catalog lists them.
DUMP_FORMATS: tuple[Format, ...] = (TURTLE, NTRIPLES, JSON_LD, RDF_XML)
GZIP_MEDIA_TYPE = "application/gzip"

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
