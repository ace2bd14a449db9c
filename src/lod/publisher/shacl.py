"""The SHACL gate: the SHACL engine over ontology + data, and a report people can act on.

Each finding names the resource, the property, the value, the message, the severity and the source
file the resource was defined in (from the store's per-file named graphs, see
:mod:`lod.publisher.sources`). Violations stop the build; warnings and infos are only reported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from lod.errors import display_path
from lod.namespaces import DEFAULT_BASE_IRI
from lod.publisher.gate import PARALLEL_TRIPLES, default_engine, validate_sources
from lod.publisher.sources import Sources, parse_file
from lod.publisher.terms import OxTerm, fill_graph
from lod.sheets.mapping import RowRef
from lod.sheets.problems import Place

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Finding:
    severity: str  # "Violation", "Warning" or "Info" (the local name of sh:resultSeverity)
    focus: str
    path: str
    value: str
    message: str
    files: tuple[str, ...]
    shape: str

    def sort_key(self) -> tuple[int, tuple[str, ...], str, str, str]:
        return (
            SEVERITY_ORDER.get(self.severity, 3),
            self.files,
            self.focus,
            self.path,
            self.message,
        )

    def text(self) -> str:
        lines = [
            f"{self.severity}: {self.message}",
            f"  resource: {self.focus}",
            f"  property: {self.path}",
        ]
        if self.value:
            lines.append(f"  value:    {self.value}")
        lines.append(f"  file:     {', '.join(self.files) or '(not found in the sources)'}")
        lines.append(f"  shape:    {self.shape}")
        return "\n".join(lines)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and infos do not fail the gate)."""
        return self.count("Violation") == 0

    def summary(self) -> str:
        if not self.findings:
            return "SHACL: the data conforms to the shapes."
        parts = [_plural(self.count(s), s.lower()) for s in ("Violation", "Warning", "Info")]
        resources = len({f.focus for f in self.findings})
        counted = ", ".join(p for p in parts if not p.startswith("0 "))
        return f"SHACL: {counted} (on {_plural(resources, 'resource')})."

    def text(self) -> str:
        blocks = [f.text() for f in sorted(self.findings, key=Finding.sort_key)]
        return "\n\n".join([*blocks, self.summary()])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def load_shapes(files: Sequence[Path], base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """The shapes graph, rebased to ``base_iri``; parse errors name ``file:line:column``."""
    graph = Graph()
    for path in files:
        fill_graph(graph, parse_file(path, base_iri))
    return graph


def validate(
    sources: Sources,
    shapes: Graph,
    prefixes: Mapping[str, str],
    parallel_from: int = PARALLEL_TRIPLES,
    engine: str | None = None,
) -> Report:
    """Validate the sources (ontology + data) and turn the results into a report; ``engine``
    is pyshacl-turbo or pyshacl (default: see :func:`lod.publisher.gate.default_engine`)."""
    results = validate_sources(sources, shapes, engine or default_engine(), parallel_from)
    namer = Namer(prefixes)
    # Only the report's own results: pyshacl also nests results under sh:detail.
    found = list(dict.fromkeys(results.objects(None, SH.result)))
    places = sources.subject_places() if found else {}
    return Report([_finding(results, result, places, namer, shapes) for result in found])


Places = Mapping[OxTerm, list[tuple[Path, RowRef | None]]]


def _finding(results: Graph, result: Node, places: Places, namer: Namer, shapes: Graph) -> Finding:
    focus = results.value(result, SH.focusNode)
    severity = results.value(result, SH.resultSeverity)
    path = results.value(result, SH.resultPath)
    return Finding(
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        focus=namer.term(focus),
        path=namer.path(results, path),
        value=namer.term(results.value(result, SH.value)),
        message=_message(results, result, shapes),
        files=source_places(places, focus, path),
        shape=namer.term(named_shape(shapes, results.value(result, SH.sourceShape))),
    )


def named_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """The shape itself if it has an IRI, else the node shape whose sh:property it is."""
    if isinstance(shape, BNode):
        return next(iter(shapes.subjects(SH.property, shape)), shape)
    return shape


def _message(results: Graph, result: Node, shapes: Graph) -> str:
    """The English message, else any message, else the constraint component.

    pyshacl sometimes reports only one of a SHACL-SPARQL constraint's messages (which one varies
    from run to run), so the source shape's own English message is looked up too.
    """
    shape = results.value(result, SH.sourceShape)
    messages = list(results.objects(result, SH.resultMessage))
    if shape is not None:
        messages += shapes.objects(shape, SH.message)
    for message in messages:
        if isinstance(message, Literal) and message.language == "en":
            return str(message)
    if messages:
        return str(messages[0])
    component = results.value(result, SH.sourceConstraintComponent)
    return f"fails {component}"


def source_places(places: Places, focus: Node | None, path: Node | None) -> tuple[str, ...]:
    """The source files in which ``focus`` is a subject, as display paths; for a CSV file with
    the row, and the column the property came from (``data/cities.csv, row 3, column latitude``).
    """
    if focus is None or isinstance(focus, Literal):
        return ()
    term = ox.NamedNode(str(focus)) if isinstance(focus, URIRef) else ox.BlankNode(str(focus))
    return tuple(_place(file, row, path, str(focus)) for file, row in places.get(term, []))


_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)
_SUBJECT = re.compile(r"^(<[^>]*>|[A-Za-z][\w.-]*:[^\s;,]*|:[^\s;,]*)")


def subject_lines(file: Path) -> dict[str, int]:
    """See :func:`_subject_lines`; read again when the file changes."""
    try:
        return _subject_lines(file, file.stat().st_mtime_ns)
    except OSError:
        return {}


@functools.lru_cache(maxsize=64)
def _subject_lines(file: Path, _mtime: int) -> dict[str, int]:
    """IRI → the line (from 1) where a statement about it starts in the Turtle file ``file``.

    A light pass over the text, not a parse: a statement's subject is taken to start a line
    without indentation, as in every hand-written file of data/ (a subject written otherwise is
    just not found, and the finding names the file alone).
    """
    prefixes: dict[str, str] = {}
    lines: dict[str, int] = {}
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return lines
    for number, line in enumerate(text.splitlines(), start=1):
        declared = _PREFIX.match(line)
        if declared:
            prefixes[declared[1] or ""] = declared[2]
            continue
        subject = _SUBJECT.match(line)
        if subject:
            iri = _expand(subject[1], prefixes)
            if iri:
                lines.setdefault(iri, number)
    return lines


def _expand(term: str, prefixes: Mapping[str, str]) -> str | None:
    if term.startswith("<"):
        return term[1:-1]
    prefix, _, local = term.partition(":")
    namespace = prefixes.get(prefix)
    return namespace + local.replace("\\", "") if namespace is not None else None


def _place(file: Path, row: RowRef | None, path: Node | None, focus: str = "") -> str:
    if row is None:
        line = subject_lines(file).get(focus) if file.suffix == ".ttl" else None
        if line is None:
            return display_path(file)
        return f"{display_path(file)}, line {line} ({focus.rstrip('/').rsplit('/', 1)[-1]})"
    column = row.columns.get(str(path)) if isinstance(path, URIRef) else None
    return Place(display_path(file), row.row, column).en()


class Namer:
    """Short, readable names for the report: CURIEs where a prefix fits, else ``<IRI>``."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # Longest namespace first, so that tw: wins over a shorter base-IRI prefix.
        self.prefixes = sorted(prefixes.items(), key=lambda kv: len(kv[1]), reverse=True)

    def term(self, node: Node | None) -> str:
        if node is None:
            return ""
        if isinstance(node, URIRef):
            return self.iri(str(node))
        if isinstance(node, BNode):
            return f"_:{node}"
        return node.n3() if isinstance(node, Literal) else str(node)

    def iri(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            local = iri[len(namespace) :]
            if (
                iri.startswith(namespace)
                and local
                and local.replace("-", "").replace("_", "").isalnum()
            ):
                return f"{prefix}:{local}"
        return f"<{iri}>"

    def path(self, graph: Graph, path: Node | None) -> str:
        """A SHACL property path in SPARQL property-path notation (the common forms)."""
        if path is None:
            return ""
        if isinstance(path, URIRef):
            return self.iri(str(path))
        inverse = graph.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + self.path(graph, inverse)
        for predicate, suffix in (
            (SH.zeroOrMorePath, "*"),
            (SH.oneOrMorePath, "+"),
            (SH.zeroOrOnePath, "?"),
        ):
            inner = graph.value(path, predicate)
            if inner is not None:
                return f"({self.path(graph, inner)}){suffix}"
        alternatives = graph.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(graph, p) for p in graph.items(alternatives)) + ")"
        steps = list(graph.items(path))
        return "/".join(self.path(graph, p) for p in steps) if steps else self.term(path)
