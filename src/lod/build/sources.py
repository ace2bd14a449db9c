"""Loading the source files into the store of record.

Every source file goes into a named graph of its own (named by the file's ``file:`` URI), so the
SHACL report can say which file a resource was defined in without a second pass over the data.
Queries and dumps read the union of the graphs. Parse errors name ``file:line:column``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pyoxigraph as ox

from lod.errors import SourceError
from lod.namespaces import DEFAULT_BASE_IRI
from lod.uris import rebase

TURTLE = ox.RdfFormat.TURTLE


@dataclass(frozen=True)
class SourceDirs:
    """Where the sources live; each directory must exist and hold at least one ``*.ttl``."""

    ontology: Path
    data: Path
    shapes: Path

    def graph_files(self) -> list[Path]:
        """The files of the published graph: ontology first, then data."""
        return turtle_files(self.ontology, "ontology") + turtle_files(self.data, "data")

    def shape_files(self) -> list[Path]:
        return turtle_files(self.shapes, "shapes")


def turtle_files(directory: Path, what: str) -> list[Path]:
    if not directory.is_dir():
        raise SourceError(f"{directory}: {what} directory not found")
    files = sorted(directory.glob("*.ttl"))
    if not files:
        raise SourceError(f"{directory}: no *.ttl files in the {what} directory")
    return files


def file_graph(path: Path) -> ox.NamedNode:
    """The named graph that holds the triples of ``path``."""
    return ox.NamedNode(path.resolve().as_uri())


def display_path(graph_iri: str) -> str:
    """A ``file:`` graph name back to a path, relative to the working directory when inside it."""
    if not graph_iri.startswith("file://"):
        return graph_iri
    path = Path(unquote(urlparse(graph_iri).path))
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


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
        datatype = rebase(t.datatype.value, to_base, from_base)
        if datatype != t.datatype.value:
            return ox.Literal(t.value, datatype=ox.NamedNode(datatype))
    return t


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


def load_files(store: ox.Store, files: Sequence[Path], base_iri: str = DEFAULT_BASE_IRI) -> None:
    """Load each file into its own named graph of ``store``."""
    for path in files:
        graph = file_graph(path)
        if base_iri == DEFAULT_BASE_IRI:
            _load_native(store, path, graph)
        else:  # rebasing needs every term in Python; only deployments under another base pay it
            store.extend(
                ox.Quad(q.subject, q.predicate, q.object, graph) for q in parse_file(path, base_iri)
            )


def _load_native(store: ox.Store, path: Path, graph: ox.NamedNode) -> None:
    try:
        store.load(path=path, format=TURTLE, to_graph=graph)
    except SyntaxError as error:
        raise syntax_error(path, error) from None
    except OSError as error:
        raise SourceError(f"{path}: cannot read: {error.strerror or error}") from None
