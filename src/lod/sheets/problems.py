"""Problems found in a spreadsheet, said in plain words, in English and German.

Each problem names file, row (the row number a spreadsheet program shows: the header is row 1)
and column, the value, and what is expected; nothing is published until every one is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lod.errors import SourceError


@dataclass(frozen=True)
class Problem:
    """What is wrong with one value: ``en``/``de`` say it without RDF terms."""

    en: str
    de: str


class CellProblem(ValueError):
    """Raised by a value reader; the caller adds file, row and column."""

    def __init__(self, en: str, de: str) -> None:
        super().__init__(en)
        self.problem = Problem(en, de)


@dataclass(frozen=True)
class Place:
    path: str  # as displayed (relative to the working directory when inside it)
    row: int | None = None
    column: str | None = None

    def en(self) -> str:
        return ", ".join(self._parts("row", "column"))

    def de(self) -> str:
        return ", ".join(self._parts("Zeile", "Spalte"))

    def _parts(self, row_word: str, column_word: str) -> list[str]:
        parts = [self.path]
        if self.row is not None:
            parts.append(f"{row_word} {self.row}")
        if self.column is not None:
            parts.append(f"{column_word} {self.column}")
        return parts


@dataclass(frozen=True)
class Located:
    place: Place
    problem: Problem

    def text(self) -> str:
        return f"{self.place.en()}: {self.problem.en}\n  {self.place.de()}: {self.problem.de}"

    def sort_key(self) -> tuple[str, int, str]:
        return (self.place.path, self.place.row or 0, self.place.column or "")


@dataclass
class Problems:
    """Collects every problem of a set of sheets, so that one run names them all."""

    found: list[Located] = field(default_factory=list)

    def add(self, place: Place, problem: Problem) -> None:
        located = Located(place, problem)
        if located not in self.found:  # a cell read twice (two passes) is one problem
            self.found.append(located)

    def raise_if_any(self) -> None:
        if self.found:
            raise SheetErrors(sorted(self.found, key=Located.sort_key))


class SheetErrors(SourceError):
    """Every problem found in the spreadsheets; ``problems`` keeps them for tests and tools."""

    def __init__(self, problems: list[Located]) -> None:
        count = len(problems)
        head = (
            f"{count} problem{'s' if count != 1 else ''} in the spreadsheets; nothing was "
            f"published / {count} Fehler in den Tabellen; nichts wurde veröffentlicht."
        )
        super().__init__("\n".join([*(p.text() for p in problems), head]))
        self.problems = problems
