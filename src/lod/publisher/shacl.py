"""The SHACL gate: the SHACL engine over ontology + data, and a report people can act on.

Each finding names the resource, the property, the value (as a person writes it, with a hint
where a date is no date), the message in English and German, the severity and the source file
the resource was defined in (from the per-file sources, see :mod:`lod.publisher.sources`).
Misspelt names, which no shape looks at, are found beside the engine
(:mod:`lod.publisher.unknown_terms`) and come first. Violations stop the build; warnings and
infos are only reported.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from lod.errors import display_path
from lod.namespaces import DEFAULT_BASE_IRI
from lod.publisher.gate import PARALLEL_TRIPLES, default_engine, validate_sources
from lod.publisher.sources import Sources, parse_file
from lod.publisher.terms import OxTerm, fill_graph, to_oxigraph
from lod.publisher.unknown_terms import TermMistake, declarations, find_mistakes
from lod.sheets.mapping import RowRef
from lod.sheets.problems import Place, Problem

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
SEVERITY_DE = {"Violation": "Verstoß", "Warning": "Warnung", "Info": "Hinweis"}
# Where a finding sorts: a namespace typo first (everything written with it is wrong, and other
# findings may follow from it), then unknown terms, then the shapes' findings.
RANK_NAMESPACE, RANK_TERM, RANK_SHAPE = 0, 1, 2


@dataclass(frozen=True)
class Finding:
    severity: str  # "Violation", "Warning" or "Info" (the local name of sh:resultSeverity)
    focus: str
    path: str
    value: str
    message: str  # English
    files: tuple[str, ...]
    shape: str
    message_de: str = ""
    hint: Problem | None = None  # what to write instead, for a value people often get wrong
    rank: int = RANK_SHAPE

    def sort_key(self) -> tuple[int, int, tuple[str, ...], str, str, str]:
        return (
            self.rank,
            SEVERITY_ORDER.get(self.severity, 3),
            self.files,
            self.focus,
            self.path,
            self.message,
        )

    def text(self) -> str:
        """The English message, the German one below it (as for spreadsheets), then one line
        for each of resource, property, value, hint, file and shape that the finding has."""
        lines = [f"{self.severity}: {self.message}"]
        if self.message_de:
            lines.append(f"  {SEVERITY_DE.get(self.severity, self.severity)}: {self.message_de}")
        for label, text in (("resource", self.focus), ("property", self.path)):
            if text:
                lines.append(f"  {label}: {text}")
        if self.value:
            lines.append(f"  value:    {self.value}")
        if self.hint is not None:
            lines.append(f"  hint:     {self.hint.en}")
            lines.append(f"            {self.hint.de}")
        lines.append(f"  file:     {', '.join(self.files) or '(not found in the sources)'}")
        if self.shape:
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
        resources = len({f.focus for f in self.findings if f.focus})  # a namespace typo has none
        counted = ", ".join(p for p in parts if not p.startswith("0 "))
        on = f" (on {_plural(resources, 'resource')})" if resources else ""
        return f"SHACL: {counted}{on}."

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
    namer = Namer(prefixes)
    mistakes = [_mistake_finding(m, namer) for m in find_mistakes(sources, prefixes, namer.iri)]
    with _quiet_ill_typed_literals():
        results = validate_sources(sources, shapes, engine or default_engine(), parallel_from)
    # Only the report's own results: pyshacl also nests results under sh:detail.
    found = list(dict.fromkeys(results.objects(None, SH.result)))
    places = sources.subject_places() if found else {}
    statements = {source.path: source.ntriples for source in sources.files}
    table = _result_table(results, found)
    messages = ShapeMessages(shapes, namer)
    shaped = [
        _finding(results, table[result], places, namer, messages, statements) for result in found
    ]
    return Report([*mistakes, *shaped])


# What a finding reads of each result; read per property for all results at once (a world
# publication has 180,000 results: asking the graph seven times per result took 16 s).
RESULT_PROPERTIES = (
    SH.focusNode,
    SH.resultSeverity,
    SH.resultPath,
    SH.value,
    SH.sourceShape,
    SH.resultMessage,
    SH.sourceConstraintComponent,
)
Result = dict[Node, list[Node]]


def _result_table(results: Graph, found: Sequence[Node]) -> dict[Node, Result]:
    table: dict[Node, Result] = {result: {} for result in found}
    for predicate in RESULT_PROPERTIES:
        for result, value in results.subject_objects(predicate):
            row = table.get(result)
            if row is not None:
                row.setdefault(predicate, []).append(value)
    return table


def _one(result: Result, predicate: Node) -> Node | None:
    values = result.get(predicate)
    return values[0] if values else None


@contextmanager
def _quiet_ill_typed_literals() -> Iterator[None]:
    """Keep rdflib from logging a traceback for each ill-typed literal ("1961-13-45"^^xsd:date)
    it meets while the engine's results are read: the report names the value in plain words."""
    logger = logging.getLogger("rdflib.term")

    def keep(record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form")

    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)


def _mistake_finding(mistake: TermMistake, namer: Namer) -> Finding:
    return Finding(
        severity="Violation",
        focus=namer.iri(mistake.resource) if mistake.resource else "",
        path=namer.iri(mistake.predicate) if mistake.predicate else "",
        value=namer.iri(mistake.value) if mistake.value else "",
        message=mistake.en,
        files=(mistake.place,) if mistake.place else (),
        shape="",
        message_de=mistake.de,
        rank=RANK_NAMESPACE if mistake.namespace else RANK_TERM,
    )


Places = Mapping[OxTerm, list[tuple[Path, RowRef | None]]]


def _finding(
    results: Graph,
    result: Result,
    places: Places,
    namer: Namer,
    messages: ShapeMessages,
    statements: Mapping[Path, bytes] | None = None,
) -> Finding:
    focus = _one(result, SH.focusNode)
    severity = _one(result, SH.resultSeverity)
    path = _one(result, SH.resultPath)
    value = _one(result, SH.value)
    shape = _one(result, SH.sourceShape)
    own = result.get(SH.resultMessage, [])
    return Finding(
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        focus=namer.term(focus),
        path=namer.path(results, path),
        value=namer.term(value),
        message=messages.pick(own, shape, "en")
        or f"fails {_one(result, SH.sourceConstraintComponent)}",
        files=source_places(places, focus, path, _stating(statements or {}, focus, path, value)),
        shape=messages.shape_name(shape),
        message_de=messages.pick(own, shape, "de", fallback=False),
        hint=date_hint(value),
    )


def named_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """The shape itself if it has an IRI, else the node shape whose sh:property it is."""
    if isinstance(shape, BNode):
        return next(iter(shapes.subjects(SH.property, shape)), shape)
    return shape


class ShapeMessages:
    """The messages and the name of each source shape, looked up once per shape."""

    def __init__(self, shapes: Graph, namer: Namer) -> None:
        self._shapes = shapes
        self._namer = namer
        self._messages: dict[Node | None, list[Node]] = {}
        self._names: dict[Node | None, str] = {}

    def shape_name(self, shape: Node | None) -> str:
        if shape not in self._names:
            self._names[shape] = self._namer.term(named_shape(self._shapes, shape))
        return self._names[shape]

    def pick(
        self, own: Sequence[Node], shape: Node | None, language: str, fallback: bool = True
    ) -> str:
        """The message in ``language``; else (``fallback``) any message; else "".

        The result's own messages first, then the shape's: pyshacl sometimes reports only one
        of a SHACL-SPARQL constraint's messages (which one varies from run to run).
        """
        if shape not in self._messages:
            found = self._shapes.objects(shape, SH.message) if shape is not None else ()
            self._messages[shape] = list(found)
        candidates = [*own, *self._messages[shape]]
        for message in candidates:
            if isinstance(message, Literal) and message.language == language:
                return str(message)
        return str(candidates[0]) if fallback and candidates else ""


XSD = "http://www.w3.org/2001/XMLSchema#"
DATE_HINT = Problem(
    "not a valid date: write 1961, 1961-10 or 1961-10-24",
    "kein gültiges Datum: schreiben Sie 1961, 1961-10 oder 1961-10-24",
)
_TIMEZONE = r"(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?"
_DATE_FORMS = {
    f"{XSD}gYear": re.compile(rf"-?\d{{4}}{_TIMEZONE}"),
    f"{XSD}gYearMonth": re.compile(rf"-?\d{{4}}-(?:0[1-9]|1[0-2]){_TIMEZONE}"),
    f"{XSD}date": re.compile(rf"(\d{{4}})-(\d\d)-(\d\d){_TIMEZONE}"),
}


def date_hint(value: Node | None) -> Problem | None:
    """How to write a date, for a value of a date datatype that is no date of it
    (``"1961-13-45"^^xsd:date``, ``"1961-10-24"^^xsd:gYear``); else None."""
    if not isinstance(value, Literal) or value.datatype is None:
        return None
    form = _DATE_FORMS.get(str(value.datatype))
    if form is None:
        return None
    match = form.fullmatch(str(value))
    if match is None:
        return DATE_HINT
    if form.groups == 3:  # xsd:date: also a day of that month
        try:
            date(*(int(part) for part in match.groups()))
        except ValueError:
            return DATE_HINT
    return None


def source_places(
    places: Places,
    focus: Node | None,
    path: Node | None,
    stating: Callable[[Path], bool] | None = None,
) -> tuple[str, ...]:
    """The source files in which ``focus`` is a subject, as display paths; for a CSV file with
    the row, and the column the property came from (``data/cities.csv, row 3, column latitude``).
    Of several files, those ``stating`` the finding's value, if any does.
    """
    if focus is None or isinstance(focus, Literal):
        return ()
    term = ox.NamedNode(str(focus)) if isinstance(focus, URIRef) else ox.BlankNode(str(focus))
    found = places.get(term, [])
    if stating is not None and len(found) > 1:
        found = [place for place in found if stating(place[0])] or found
    return tuple(_place(file, row, path, str(focus)) for file, row in found)


def _stating(
    statements: Mapping[Path, bytes], focus: Node | None, path: Node | None, value: Node | None
) -> Callable[[Path], bool] | None:
    """Whether a file states ``focus path value`` (its N-Triples hold that line), for a finding
    about one value: a relation in relations.csv and in a Turtle file is named by the file the
    wrong value is in. None when the finding is not about one statement."""
    if not isinstance(focus, URIRef | BNode) or not isinstance(path, URIRef) or value is None:
        return None

    def states(file: Path) -> bool:  # asked only when the focus is in several files
        triple = ox.Triple(to_oxigraph(focus), to_oxigraph(path), to_oxigraph(value))  # type: ignore[arg-type]
        return f"{triple} .\n".encode() in statements.get(file, b"")

    return states


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
    pending = declarations(text)  # the one reader of prefix declarations; each holds from its line
    for number, line in enumerate(text.splitlines(), start=1):
        while pending and pending[0].line <= number:
            declared = pending.pop(0)
            prefixes[declared.prefix or ""] = declared.namespace
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
        self._names: dict[str, str] = {}  # a report names the same IRIs over and over

    def term(self, node: Node | None) -> str:
        if node is None:
            return ""
        if isinstance(node, URIRef):
            return self.iri(str(node))
        if isinstance(node, BNode):
            return f"_:{node}"
        return self.literal(node) if isinstance(node, Literal) else str(node)

    def literal(self, node: Literal) -> str:
        """As people write it: ``"1961-13-45" (xsd:date)``, ``"Foo"@de``, ``"Foo"``."""
        text = Literal(str(node)).n3()  # quoted, with Turtle's escapes
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None:
            return f"{text} ({self.iri(str(node.datatype))})"
        return text

    def iri(self, iri: str) -> str:
        name = self._names.get(iri)
        if name is None:
            name = self._names[iri] = self._shortest(iri)
        return name

    def _shortest(self, iri: str) -> str:
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
