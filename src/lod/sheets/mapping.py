"""Rows → triples: the same model as the Turtle sources, one sheet after the other.

Sources and cities come first (so that every other sheet can name them), then networks,
relations, agreements, signatures, exchange programmes, exchanges and status changes. Each
resource remembers the row it came from and which column each of its properties came from, so
that a SHACL finding on it can say ``file, row, column``.
Values that are not given stay absent; titles left empty are made from the names (a label, not a
fact).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from lod.namespaces import DCTERMS, RDFS, SKOS, ontology_ns
from lod.sheets import values
from lod.sheets.known import CityInfo, Known
from lod.sheets.problems import CellProblem, Problem, Problems
from lod.sheets.read import Row
from lod.uris import concept_iri, thing_iri

Term = ox.NamedNode | ox.BlankNode | ox.Literal
LABEL = str(RDFS.label)


@dataclass
class RowRef:
    """Where a resource came from: its row, and the column of each property (predicate IRI)."""

    row: int
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class SheetOutput:
    """The triples of one CSV file and the row of each subject."""

    path: Path
    quads: list[ox.Quad] = field(default_factory=list)
    rows: dict[Term, RowRef] = field(default_factory=dict)

    def add(self, row: Row, subject: Term, predicate: str, obj: Term, column: str) -> None:
        self.quads.append(ox.Quad(subject, ox.NamedNode(predicate), obj))  # type: ignore[arg-type]
        ref = self.rows.setdefault(subject, RowRef(row.number))
        if predicate != LABEL:  # one property, several columns (name_de, name_en, …)
            ref.columns.setdefault(predicate, column)

    def hint(self, row: Row, subject: Term, columns: dict[str, str]) -> None:
        """The columns of properties a row may leave empty, so that a finding that one is
        missing can name the column to fill."""
        ref = self.rows.setdefault(subject, RowRef(row.number))
        for predicate, column in columns.items():
            ref.columns.setdefault(predicate, column)


def text(value: str, language: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=language) if language else ox.Literal(value)


class Mapper:
    """Maps the rows of every sheet; problems are collected, never raised one by one."""

    def __init__(self, known: Known, problems: Problems) -> None:
        self.known = known
        self.problems = problems
        self.base = known.base_iri
        self.tw = ontology_ns(self.base)
        self._city_index: dict[str, list[str]] | None = None

    # --- helpers -------------------------------------------------------------------------

    def iri(self, kind: str, slug: str) -> ox.NamedNode:
        return ox.NamedNode(thing_iri(kind, slug, self.base))

    def t(self, name: str) -> str:
        return str(self.tw[name])

    def cell(self, row: Row, column: str, read: Callable[[str], object]) -> object | None:
        """``read`` applied to a filled cell; None when empty or wrong (the problem is kept)."""
        raw = row[column]
        if not raw:
            return None
        try:
            return read(raw)
        except CellProblem as error:
            self.problems.add(row.place(column), error.problem)
            return None

    def need(self, row: Row, column: str) -> str:
        """A required cell's text; an empty one is a problem."""
        raw = row[column]
        if not raw:
            self.problems.add(
                row.place(column),
                Problem(
                    f"the cell is empty — column {column} must be filled in every row",
                    f"die Zelle ist leer – die Spalte {column} muss in jeder Zeile gefüllt sein",
                ),
            )
        return raw

    def city(self, row: Row, column: str, raw: str | None = None) -> CityInfo | None:
        """The city a cell names, by id or by any of its names."""
        raw = row[column] if raw is None else raw
        if not raw:
            return None
        if self._city_index is None:
            self._city_index = self.known.city_by_name()
        found = self._city_index.get(raw.casefold(), [])
        if len(found) == 1:
            return self.known.cities[found[0]]
        en, de = (
            (
                f'"{raw}" names several cities ({", ".join(found)}) — write the id instead',
                f"„{raw}“ passt auf mehrere Städte ({', '.join(found)}) – "
                "schreiben Sie die Kennung",
            )
            if found
            else (
                f'"{raw}" is not a city of cities.csv — add a row for it there, or correct '
                "the name or id",
                f"„{raw}“ ist keine Stadt aus cities.csv – ergänzen Sie dort eine Zeile oder "
                "korrigieren Sie Name oder Kennung",
            )
        )
        self.problems.add(row.place(column), Problem(en, de))
        return None

    def concept(self, row: Row, column: str, scheme: str, what: tuple[str, str]) -> str | None:
        allowed = self.known.concept_values(scheme)
        value = self.cell(row, column, lambda v: values.choice(v, allowed, *what))
        return concept_iri(scheme, str(value), self.base) if value else None

    def duplicate(self, row: Row, column: str, seen: dict[str, int], key: str) -> bool:
        if key in seen:
            self.problems.add(
                row.place(column),
                Problem(
                    f'duplicate row: "{row[column] or key}" is already given in row {seen[key]} '
                    "— delete one of the two rows",
                    f"doppelte Zeile: „{row[column] or key}“ steht schon in Zeile {seen[key]} "
                    "– löschen Sie eine der beiden Zeilen",
                ),
            )
            return True
        seen[key] = row.number
        return False

    def common(self, out: SheetOutput, row: Row, subject: ox.NamedNode) -> None:
        """Notes, sources and the confirmation mark, shared by every sheet that has them."""
        for column, language in (("note_de", "de"), ("note_en", "en")):
            if row[column]:
                out.add(row, subject, str(SKOS.note), text(row[column], language), column)
        self.sources(out, row, subject, "source_url")
        if self.cell(row, "confirmed", values.yes_no) is False:
            out.add(
                row, subject, self.t("confirmed"), values.literal("false", "boolean"), "confirmed"
            )
        for claim in values.names(row["claims"]):
            out.add(row, subject, self.t("hasClaim"), self.iri("claim", claim), "claims")
        if self.cell(row, "disputed", values.yes_no):
            out.add(row, subject, self.t("disputed"), values.literal("true", "boolean"), "disputed")

    def sources(self, out: SheetOutput, row: Row, subject: Term, column: str) -> None:
        cited = self.cell(row, column, lambda cell: values.urls(cell, self.known.sources))
        for url in cited or []:  # type: ignore[attr-defined]
            out.add(row, subject, str(DCTERMS.source), ox.NamedNode(url), column)

    def date(self, out: SheetOutput, row: Row, subject: Term, column: str, prop: str) -> None:
        value = self.cell(row, column, values.date_literal)
        if isinstance(value, ox.Literal):
            out.add(row, subject, self.t(prop), value, column)

    def texts(self, out: SheetOutput, row: Row, subject: Term, prop: str, stem: str) -> None:
        for language in ("de", "en"):
            column = f"{stem}_{language}"
            if row[column]:
                out.add(row, subject, prop, text(row[column], language), column)
