"""Loading the source files: parsed with pyoxigraph, rebased, kept per file.

Keeping the triples per file lets the SHACL report say which file a resource was defined in.
Parse errors name ``file:line:column`` (pyoxigraph's parser gives both, rdflib's only the line).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from lod.errors import SourceError
from lod.namespaces import DEFAULT_BASE_IRI
from lod.publisher.terms import OxTerm
from lod.sheets.load import csv_files, load_sheets
from lod.sheets.mapping import RowRef
from lod.uris import rebase

TURTLE = ox.RdfFormat.TURTLE


@dataclass(frozen=True)
class SourceDirs:
    """Where the sources live; each directory must exist and hold at least one ``*.ttl``."""

    ontology: Path
    data: Path
    shapes: Path

    def graph_files(self) -> list[Path]:
        """The files of the published graph: ontology first, then data (Turtle, then CSV)."""
        ontology = turtle_files(self.ontology, "ontology")
        sheets = csv_files(self.data)
        if sheets and self.data.is_dir() and not any(self.data.glob("*.ttl")):
            return ontology + sheets
        return ontology + turtle_files(self.data, "data") + sheets

    def shape_files(self) -> list[Path]:
        return turtle_files(self.shapes, "shapes")


def turtle_files(directory: Path, what: str) -> list[Path]:
    if not directory.is_dir():
        raise SourceError(f"{directory}: {what} directory not found")
    files = sorted(directory.glob("*.ttl"))
    if not files:
        raise SourceError(f"{directory}: no *.ttl files in the {what} directory")
    return files


def syntax_error(path: Path, error: SyntaxError) -> SourceError:
    """``file:line:column: message`` from pyoxigraph's parser error (1-based line and column)."""
    message = error.msg
    if message.startswith("Parser error") and ": " in message:
        message = message.split(": ", 1)[1]  # drop pyoxigraph's own "at line L column C"
    return SourceError(f"{path}:{error.lineno}:{error.offset}: {message}")


def term_rebaser(to_base: str, from_base: str = DEFAULT_BASE_IRI) -> Callable[[ox.Quad], ox.Quad]:
    """A quad mapper moving every IRI (and literal datatype) from ``from_base`` to ``to_base``."""
    cache: dict[object, object] = {}

    def term(t: object) -> object:
        moved = cache.get(t)
        if moved is None:
            moved = _rebase_term(t, to_base, from_base)
            cache[t] = moved
        return moved

    def quad(q: ox.Quad) -> ox.Quad:
        return ox.Quad(term(q.subject), term(q.predicate), term(q.object), q.graph_name)  # type: ignore[arg-type]

    return quad


def _rebase_term(t: object, to_base: str, from_base: str) -> object:
    if isinstance(t, ox.NamedNode):
        return ox.NamedNode(rebase(t.value, to_base, from_base))
    if isinstance(t, ox.Literal) and not t.language:
        # xsd:anyURI values name IRIs too (e.g. the shapes' sh:namespace declarations).
        value = rebase(t.value, to_base, from_base) if t.datatype == _ANY_URI else t.value
        datatype = rebase(t.datatype.value, to_base, from_base)
        if (value, datatype) != (t.value, t.datatype.value):
            return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return t


_ANY_URI = ox.NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")


def parse_file(path: Path, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[ox.Quad]:
    """The quads of one Turtle file, rebased to ``base_iri``; errors name the file."""
    try:
        quads: Iterable[ox.Quad] = list(ox.parse(path=path, format=TURTLE, rename_blank_nodes=True))
    except SyntaxError as error:
        raise syntax_error(path, error) from None
    except OSError as error:
        raise SourceError(f"{path}: cannot read: {error.strerror or error}") from None
    if base_iri != DEFAULT_BASE_IRI:
        quads = map(term_rebaser(base_iri), quads)
    return iter(quads)


@dataclass(frozen=True)
class SourceFile:
    """One source file's triples as parsed (default graph, rebased, blank nodes renamed apart),
    kept as N-Triples: a third of the memory of the parsed terms, read back on demand (the
    labels of blank nodes survive, so a finding's blank focus node is the file's)."""

    path: Path
    ntriples: bytes
    rows: Mapping[OxTerm, RowRef] = field(default_factory=dict)  # CSV: subject → its row

    @classmethod
    def of(
        cls, path: Path, quads: Iterable[ox.Quad], rows: Mapping[OxTerm, RowRef] | None = None
    ) -> SourceFile:
        ntriples = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES) or b""
        return cls(path, ntriples, rows or {})

    @property
    def quads(self) -> Iterator[ox.Quad]:
        return ox.parse(self.ntriples, format=ox.RdfFormat.N_TRIPLES)


@dataclass
class Sources:
    """The parsed source files, and a store over their union for SPARQL.

    The exact terms live in ``files``: pyoxigraph's Store normalises literals when it stores them
    (``"8.050"^^xsd:decimal`` becomes ``"8.05"``, ``xsd:int`` becomes ``xsd:integer``; oxigraph
    issue #526), so the store answers the derivation and statistics queries while validation and
    the dumps use the terms as written.
    """

    files: list[SourceFile]
    store: ox.Store

    def quads(self) -> Iterator[ox.Quad]:
        for source in self.files:
            yield from source.quads

    def ntriples(self) -> bytes:
        """The source triples as written, as N-Triples (unsorted; a triple may repeat)."""
        return b"".join(f.ntriples for f in self.files)

    def subject_places(self) -> dict[OxTerm, list[tuple[Path, RowRef | None]]]:
        """Subject → the files (and, for a CSV file, the row) it is a subject in."""
        found: dict[OxTerm, list[tuple[Path, RowRef | None]]] = {}
        for source in self.files:
            for quad in source.quads:
                places = found.setdefault(quad.subject, [])  # type: ignore[arg-type]
                if not places or places[-1][0] != source.path:
                    places.append((source.path, source.rows.get(quad.subject)))  # type: ignore[arg-type]
        return found

    def subject_files(self) -> dict[OxTerm, list[Path]]:
        """Subject → the files it is a subject in (one pass; only built for a report)."""
        found: dict[OxTerm, list[Path]] = {}
        for source in self.files:
            for quad in source.quads:
                paths = found.setdefault(quad.subject, [])  # type: ignore[arg-type]
                if not paths or paths[-1] != source.path:
                    paths.append(source.path)
        return found


def load_files(files: Sequence[Path], base_iri: str = DEFAULT_BASE_IRI) -> Sources:
    """Parse every file (errors name file:line:column, or file, row and column for CSV) and
    index the union in a store. CSV files are mapped after the Turtle ones, whose cities and
    concepts they may name."""
    turtle = [path for path in files if path.suffix != ".csv"]
    parsed = [SourceFile.of(path, parse_file(path, base_iri)) for path in turtle]
    sheets = [path for path in files if path.suffix == ".csv"]
    if sheets:
        turtle_quads = (quad for source in parsed for quad in source.quads)
        for sheet in load_sheets(sheets, turtle_quads, base_iri):
            parsed.append(SourceFile.of(sheet.path, sheet.quads, sheet.rows))
    store = ox.Store()
    for source in parsed:
        store.extend(source.quads)
    return Sources(parsed, store)
