"""Answers written by the engine: the query worker hands the web process finished bytes.

The web process negotiates a format for each kind of answer a query can have (it cannot know
the kind before the engine has parsed the query) and the store writes the answer in the one that
fits, with pyoxigraph's own writers, straight from the engine's results:

- SELECT: ``QuerySolutions.serialize`` writes into a sink that counts the rows on the way and
  stops past ``max_results``. The count is exact for TSV (a row is a line: the writer escapes
  line breaks) and XML (``<result>`` cannot occur in escaped text) and an upper bound for JSON
  and CSV (a literal may contain ``},{`` or a line break); when only the bound passes the limit,
  the query runs again written as TSV, counted exactly, and converted by the engine.
- CONSTRUCT/DESCRIBE: the triples pass a generator that restores published literals and counts
  them, into ``pyoxigraph.serialize`` (every graph format, JSON-LD included, has a writer in
  pyoxigraph 0.5); Turtle, TriG and RDF/XML get the prefixes the triples use, so those triples
  are held until written (at most ``max_results``).
- ASK: ``QueryBoolean.serialize``.

Literals as published (:mod:`lod.store.literals`) are restored on terms before any writer sees
them. A triple's literal is restored in the generator; a SELECT answer is read back into terms,
restored and rewritten only when it can hold a literal the engine changed (the table has one with
a datatype the answer mentions; TSV and CSV name no datatype, so they are always read back then).

:class:`Answer` also carries terms (``result``) for the HTML query page, and :func:`written`
gives the same answer from a :class:`QueryResult` for stores that return terms (remote engines).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from lod.store.formats import (
    SPARQL_CSV,
    SPARQL_JSON,
    SPARQL_TSV,
    SPARQL_XML,
    Format,
    ResultKind,
    find_format,
)
from lod.store.literals import PublishedLiterals
from lod.store.results import (
    QueryResult,
    serialize_triples,
    too_large,
    used_prefixes,
)

# Per kind of answer, what the client takes: a format's name, TERMS (the terms themselves, for
# the HTML page); a kind left out is one the client does not accept.
Choices = Mapping[ResultKind, str | None]
TERMS = None
PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
EngineResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


@dataclass(frozen=True)
class Answer:
    """One query's answer: ``body`` in the format ``format_name``, or ``result`` as terms, or
    neither when the client accepts no format of this ``kind``."""

    kind: ResultKind
    format_name: str | None = None
    body: bytes | None = None
    result: QueryResult | None = None


def kind_of(result: EngineResult) -> ResultKind:
    if isinstance(result, ox.QueryBoolean):
        return "boolean"
    return "solutions" if isinstance(result, ox.QuerySolutions) else "graph"


def write(
    result: EngineResult,
    fmt: Format,
    *,
    max_results: int | None,
    check: Callable[[], None] | None,
    published: PublishedLiterals,
    prefixes: Mapping[str, str] | None,
    again: Callable[[], EngineResult],
) -> bytes:
    """``result`` written in ``fmt`` by the engine (see the module docstring).

    ``check`` is called as the writing goes (e.g. to stop at a deadline); ``again`` evaluates the
    query anew (when a row count must be made exact).
    """
    if isinstance(result, ox.QueryBoolean):
        assert fmt.results is not None
        return result.serialize(format=fmt.results) or b""
    if isinstance(result, ox.QueryTriples):
        assert fmt.rdf is not None
        triples: Iterable[ox.Triple] = capped(
            published.restore_each(result), max_results, check, "triples"
        )
        used: dict[str, str] | None = None
        if prefixes and fmt.rdf in PREFIXED:
            triples = list(triples)  # the prefixes come first: which ones is known at the end
            used = used_prefixes(triples, prefixes)
        return serialize_triples(triples, fmt.rdf, used)
    return _write_solutions(result, fmt, max_results, check, published, again)


def _write_solutions(
    solutions: ox.QuerySolutions,
    fmt: Format,
    max_results: int | None,
    check: Callable[[], None] | None,
    published: PublishedLiterals,
    again: Callable[[], EngineResult],
) -> bytes:
    # CSV names no datatypes and pyoxigraph cannot read it back: with literals to restore, the
    # engine writes TSV, which it can read, and CSV is written from that.
    restorable = published.restorable_datatypes
    first = SPARQL_TSV if restorable and fmt is SPARQL_CSV else fmt
    try:
        body = _engine_solutions(solutions, first, max_results, check)
    except _CountUncertain:
        exact = again()
        assert isinstance(exact, ox.QuerySolutions)
        first = SPARQL_TSV
        body = _engine_solutions(exact, first, max_results, check)
    if restorable and (first is SPARQL_TSV or any(dt in body for dt in restorable)):
        restored = _restored(body, first, published)
        if restored is not None:
            return restored.serialize(fmt)
    if first is not fmt:
        assert first.results is not None and fmt.results is not None
        parsed = ox.parse_query_results(body, format=first.results)
        return parsed.serialize(format=fmt.results) or b""
    return body


def _engine_solutions(
    solutions: ox.QuerySolutions,
    fmt: Format,
    max_results: int | None,
    check: Callable[[], None] | None,
) -> bytes:
    assert fmt.results is not None
    if max_results is None and check is None:
        return solutions.serialize(format=fmt.results) or b""
    sink = _RowSink(fmt, max_results, check)
    solutions.serialize(sink, format=fmt.results)  # type: ignore[arg-type]  # a writable
    return sink.getvalue()


def _restored(body: bytes, fmt: Format, published: PublishedLiterals) -> QueryResult | None:
    """The answer in ``body`` as terms with literals as published; None if none changed."""
    assert fmt.results is not None
    parsed = ox.parse_query_results(body, format=fmt.results)
    assert isinstance(parsed, ox.QuerySolutions)
    variables = tuple(v.value for v in parsed.variables)
    rows = [tuple(solution) for solution in parsed]
    restored = published.restore_rows(rows)
    if restored == rows:
        return None
    return QueryResult("solutions", variables=variables, rows=restored)


class _CountUncertain(Exception):
    """The upper bound of the rows written passed the limit; only an exact count can tell."""


class _RowSink:
    """Collects what the engine writes, counting rows as they come (see the module docstring)."""

    # format → (what marks a row, rows it counts beyond the real ones, whether the count is exact)
    MARKS: dict[str, tuple[tuple[bytes, ...], int, bool]] = {
        SPARQL_TSV.name: ((b"\n",), 1, True),  # the header line
        SPARQL_XML.name: ((b"<result>",), 0, True),
        SPARQL_JSON.name: ((b"[{", b"},{"), 0, False),
        SPARQL_CSV.name: ((b"\n",), 1, False),
    }

    def __init__(
        self, fmt: Format, max_results: int | None, check: Callable[[], None] | None
    ) -> None:
        self._marks, self._extra, self._exact = self.MARKS[fmt.name]
        self._overlap = max(len(mark) for mark in self._marks) - 1
        self._limit = max_results
        self._check = check
        self._parts: list[bytes] = []
        self._tail = b""  # a mark may be cut between two writes
        self._count = 0

    def write(self, data: bytes) -> int:
        if self._check is not None:
            self._check()
        chunk = bytes(data)
        self._parts.append(chunk)
        if self._limit is not None:
            window = self._tail + chunk
            # A mark inside the kept tail alone may be counted twice: the count stays a bound.
            self._count += sum(window.count(mark) for mark in self._marks)
            self._tail = window[-self._overlap :] if self._overlap else b""
            if self._count - self._extra > self._limit:
                if self._exact:
                    raise too_large(self._limit, "rows")
                raise _CountUncertain
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the bytes stay in memory."""

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def capped(
    items: Iterable[Any], max_results: int | None, check: Callable[[], None] | None, what: str
) -> Iterator[Any]:
    """``items`` as they come; past ``max_results`` of them, :class:`ResultTooLarge`."""
    for count, item in enumerate(items, 1):
        if check is not None:
            check()
        if max_results is not None and count > max_results:
            raise too_large(max_results, what)
        yield item


def written(result: QueryResult, choices: Choices, prefixes: Mapping[str, str] | None) -> Answer:
    """The answer from terms a store has read (a remote engine's): written in the chosen format,
    or the terms themselves for the HTML page."""
    if result.kind not in choices:
        return Answer(result.kind)
    name = choices[result.kind]
    if name is TERMS:
        return Answer(result.kind, result=result)
    fmt = format_named(name, result.kind)
    used = used_prefixes(result.triples, prefixes) if prefixes and result.kind == "graph" else None
    return Answer(result.kind, fmt.name, result.serialize(fmt, used))


def format_named(name: str, kind: ResultKind) -> Format:
    fmt = find_format(name, kind)
    if fmt is None:
        raise ValueError(f"no {kind} format is called {name!r}")
    return fmt
