"""Literals as published: answers carry each typed literal as the source files write it.

pyoxigraph stores XSD numbers, booleans, dates and durations by value and answers with its own
lexical form and, for the integer subtypes, with ``xsd:integer`` (Oxigraph issue #526):
``"149017"^^xsd:nonNegativeInteger`` comes back as ``"149017"^^xsd:integer``, ``"1.0"^^xsd:decimal``
as ``"1"``, ``"0"^^xsd:boolean`` as ``"false"``. DCAT-AP wants ``dcat:byteSize`` as
``xsd:nonNegativeInteger``, and a client should read through SPARQL the literals of the dumps.
The engine cannot keep them, so they are restored at the edge:

- at load time every quad passes :class:`LiteralWatch` on its way into the store. The distinct
  typed XSD literals (the only ones the store can change) are put into a small in-memory store
  and read back: the engine itself says which it changes. The triples whose literal shares its
  stored form with a changed one make the table, kept beside an on-disk store
  (:data:`TABLE_FILE`, N-Triples with the store's blank-node labels) for the read-only workers;
- in an answer, a triple's ``(subject, predicate, stored literal)`` gives the published literals
  of the source triples the store merged into it: one triple each (``"1"`` and ``"01"`` as
  ``xsd:integer`` on one subject and predicate are one triple in the store, two in the answer, as
  in the source; graphs are not told apart). Any other value (a SELECT cell, a triple a
  CONSTRUCT template reshaped) gets the published literal if exactly one published literal has
  its stored form; if several have (``"1.0"`` and ``"1.00"``), it keeps the stored form, as no
  answer says which was meant. A computed value equal to a stored form is written like the
  published literal (a COUNT equal to a published byte size comes out as its
  ``xsd:nonNegativeInteger``): the store cannot tell the two apart.

With nothing to restore (the common case) the table is empty and answers are left alone.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from lod.store.results import QueryResult, Row

TABLE_FILE = "LOD_PUBLISHED_LITERALS.nt"  # beside RocksDB's files in a persistent store
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"  # kept as written; only value-typed literals are normalised
SPILL_BATCH = 10_000  # candidate triples written to the spill file at a time

Subject = ox.NamedNode | ox.BlankNode | ox.Triple
TripleKey = tuple[Subject, ox.NamedNode, ox.Literal]


@dataclass
class PublishedLiterals:
    """Stored form → published form, per triple and per literal (see the module docstring)."""

    by_triple: dict[TripleKey, tuple[ox.Literal, ...]] = field(default_factory=dict)
    by_literal: dict[ox.Literal, ox.Literal] = field(default_factory=dict)  # unambiguous only
    triples: list[ox.Triple] = field(default_factory=list)  # the table, as published
    stored: frozenset[ox.Literal] = frozenset()  # every stored form in the table

    def __bool__(self) -> bool:
        return bool(self.triples)

    @classmethod
    def from_triples(
        cls, triples: list[ox.Triple], stored: dict[ox.Literal, ox.Literal] | None = None
    ) -> PublishedLiterals:
        """The table of ``triples``: source triples whose literals the store may change.

        ``stored`` maps their literals to the store's forms (asked of the engine if not given).
        """
        if stored is None:
            stored = stored_forms({t.object for t in triples if isinstance(t.object, ox.Literal)})
        by_triple: dict[TripleKey, list[ox.Literal]] = defaultdict(list)
        members: dict[ox.Literal, set[ox.Literal]] = defaultdict(set)
        for triple in triples:
            published = triple.object
            assert isinstance(published, ox.Literal)
            key = (triple.subject, triple.predicate, stored[published])
            if published not in by_triple[key]:
                by_triple[key].append(published)
            members[stored[published]].add(published)
        unambiguous = {form: next(iter(m)) for form, m in members.items() if len(m) == 1}
        by_key = {k: tuple(v) for k, v in by_triple.items()}
        return cls(by_key, unambiguous, triples, frozenset(members))

    @classmethod
    def read(cls, directory: Path) -> PublishedLiterals:
        """The table an on-disk store keeps in ``directory`` (empty if it has none)."""
        path = directory / TABLE_FILE
        if not path.is_file():
            return cls()
        quads = ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        return cls.from_triples([q.triple for q in quads])

    def write(self, directory: Path) -> None:
        # N-Triples keeps the blank-node labels, which are the store's (see LiteralWatch).
        (directory / TABLE_FILE).write_bytes(
            ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES) or b""
        )

    def restore(self, result: QueryResult) -> QueryResult:
        """``result``, fresh from the engine, changed in place to carry literals as published."""
        if not self or result.kind == "boolean":
            return result
        if result.kind == "graph":
            result.triples = self.restore_triples(result.triples)
        else:
            result.rows = self.restore_rows(result.rows)
        return result

    def restore_rows(self, rows: list[Row]) -> list[Row]:
        """SELECT rows with each literal in its published form, where that is unambiguous."""
        table = self.by_literal
        keys = table.keys()  # isdisjoint runs in C: a row with nothing to restore costs little
        return [
            row if keys.isdisjoint(row) else tuple(table.get(t, t) for t in row)  # type: ignore[arg-type]
            for row in rows
        ]

    def restore_triples(self, triples: list[ox.Triple]) -> list[ox.Triple]:
        """Triples as published: one per published literal the store merged into each."""
        return list(self.restore_each(triples)) if self else triples

    def restore_each(self, triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
        """:meth:`restore_triples` as the triples come (for a writer that takes an iterator)."""
        stored = self.stored
        for triple in triples:
            obj = triple.object
            if obj not in stored:  # most triples: one hash, no new object
                yield triple
                continue
            assert isinstance(obj, ox.Literal)
            key = (triple.subject, triple.predicate, obj)
            published = self.by_triple.get(key) or (self.by_literal.get(obj, obj),)
            for literal in published:
                yield ox.Triple(triple.subject, triple.predicate, literal)

    @cached_property
    def restorable_datatypes(self) -> frozenset[bytes]:
        """The datatype IRIs (UTF-8) of the literals a SELECT answer gets restored; an answer
        that names none of them has nothing to restore."""
        return frozenset(literal.datatype.value.encode() for literal in self.by_literal)


def stored_forms(literals: Iterable[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    """Each literal → the literal the store gives back for it (itself, or normalised)."""
    ordered = list(literals)
    scratch = ox.Store()
    predicate = ox.NamedNode("urn:lod:literal")
    scratch.extend(
        ox.Quad(ox.NamedNode(f"urn:lod:literal:{i}"), predicate, literal)
        for i, literal in enumerate(ordered)
    )
    back: dict[ox.Literal, ox.Literal] = {}
    for quad in scratch.quads_for_pattern(None, predicate, None):
        assert isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal)
        back[ordered[int(quad.subject.value.rsplit(":", 1)[1])]] = quad.object
    return back


class LiteralWatch:
    """Watches the quads going into a store and, afterwards, gives the table of its literals.

    Candidate triples (typed XSD literals) are spilled to a temporary N-Triples file rather
    than held: a big dataset has hundreds of thousands of numbers and dates, few of them
    changed. Only the distinct literals stay in memory.
    """

    def __init__(self) -> None:
        self._literals: set[ox.Literal] = set()
        self._batch: list[ox.Triple] = []
        self._spill: IO[bytes] = tempfile.TemporaryFile(prefix="lod-literals-")  # noqa: SIM115

    def __enter__(self) -> LiteralWatch:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._spill.close()  # the file has no name: closing it removes it

    def through(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        """``quads`` unchanged, noting those whose object the store may normalise."""
        for quad in quads:
            obj = quad.object
            if type(obj) is ox.Literal and _value_typed(obj):
                self._literals.add(obj)
                self._batch.append(quad.triple)
                if len(self._batch) >= SPILL_BATCH:
                    self._flush()
            yield quad

    def table(self) -> PublishedLiterals:
        """The triples whose literals share a stored form with a literal the store changes."""
        self._flush()
        stored = stored_forms(self._literals)
        changing = {form for literal, form in stored.items() if form != literal}
        if not changing:
            return PublishedLiterals()
        self._spill.seek(0)
        kept = [
            quad.triple
            for quad in ox.parse(self._spill, format=ox.RdfFormat.N_TRIPLES)
            if stored[quad.object] in changing
        ]
        return PublishedLiterals.from_triples(kept, stored)

    def _flush(self) -> None:
        if self._batch:
            self._spill.write(ox.serialize(self._batch, format=ox.RdfFormat.N_TRIPLES) or b"")
            self._batch = []


def _value_typed(literal: ox.Literal) -> bool:
    datatype = literal.datatype.value
    return datatype.startswith(XSD) and datatype != XSD_STRING
