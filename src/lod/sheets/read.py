"""Reading one CSV file with Python's csv module: UTF-8 (with or without a byte-order mark),
a header row, comma, semicolon or tab as the separator (spreadsheet programs pick one by
locale). Broken UTF-8, a missing or unknown column and a row with too many cells are named with
their exact row and column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from lod.errors import display_path
from lod.sheets.problems import Place, Problem, Problems
from lod.sheets.schema import Sheet

SEPARATORS = ",;\t"


@dataclass(frozen=True)
class Row:
    path: str  # display path
    number: int  # as a spreadsheet program counts: the header is row 1
    cells: dict[str, str]  # column → stripped text ("" when empty or absent)

    def place(self, column: str | None = None) -> Place:
        return Place(self.path, self.number, column)

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


def read_sheet(path: Path, sheet: Sheet, problems: Problems) -> list[Row]:
    """The filled rows of ``path``; every problem found goes to ``problems`` (rows may be [])."""
    shown = display_path(path)
    text = _decode(path.read_bytes(), shown, problems)
    if text is None:
        return []
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text)))
    if not records:
        problems.add(Place(shown, 1), _EMPTY)
        return []
    header = [name.strip() for name in records[0]]
    if not _header_ok(header, sheet, shown, problems):
        return []
    return list(_rows(records[1:], header, shown, problems))


_EMPTY = Problem(
    "the file is empty — the first row must name the columns",
    "die Datei ist leer – die erste Zeile muss die Spalten benennen",
)


def _separator(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max(SEPARATORS, key=first_line.count)


def _decode(data: bytes, shown: str, problems: Problems) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(_decode_place(data, error.start, shown), _bad_utf8(data, error.start))
        return None


def _bad_utf8(data: bytes, start: int) -> Problem:
    shown = data[start : start + 1].hex(" ")
    return Problem(
        f"bytes {shown} are not UTF-8 — save the file as “CSV UTF-8” in your spreadsheet program",
        f"die Bytes {shown} sind kein UTF-8 – speichern Sie die Datei als „CSV UTF-8“",
    )


def _decode_place(data: bytes, start: int, shown: str) -> Place:
    """Row and column of the first undecodable byte, found by parsing the good text before it."""
    before = data[:start].decode("utf-8-sig")
    separator = _separator(before) if "\n" in before else _separator(before + "\n")
    try:
        records = list(csv.reader(io.StringIO(before, newline=""), delimiter=separator))
    except csv.Error:  # the bad byte is inside a quoted cell: count lines instead
        return Place(shown, before.count("\n") + 1)
    if not records:
        return Place(shown, 1)
    header = records[0]
    row = len(records)
    column_index = len(records[-1]) - 1 if not before.endswith("\n") else 0
    if before.endswith("\n"):
        row += 1
    column = header[column_index].strip() if row > 1 and column_index < len(header) else None
    return Place(shown, row, column)


def _header_ok(header: list[str], sheet: Sheet, shown: str, problems: Problems) -> bool:
    known = sheet.column_names()
    ok = True
    for name in sheet.required():
        if name not in header:
            ok = False
            problems.add(
                Place(shown, 1, name),
                Problem(
                    f"column {name} is missing — add a column named {name} to the header row",
                    f"die Spalte {name} fehlt – fügen Sie der Kopfzeile eine Spalte {name} hinzu",
                ),
            )
    for name in header:
        if name and name not in known:
            ok = False
            problems.add(Place(shown, 1, name), _unknown_column(name, known))
        elif name and header.count(name) > 1:
            ok = False
            problems.add(
                Place(shown, 1, name),
                Problem("the column appears twice", "die Spalte kommt zweimal vor"),
            )
    return ok


def _unknown_column(name: str, known: list[str]) -> Problem:
    listed = ", ".join(known)
    return Problem(
        f'"{name}" is not a column of this file — the columns are: {listed}',
        f"„{name}“ ist keine Spalte dieser Datei – die Spalten sind: {listed}",
    )


def _rows(records: list[list[str]], header: list[str], shown: str, problems: Problems) -> list[Row]:
    rows = []
    for index, record in enumerate(records, start=2):
        if not any(cell.strip() for cell in record):
            continue  # spreadsheets often keep empty rows at the end
        if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
            problems.add(
                Place(shown, index),
                Problem(
                    f"the row has {len(record)} cells but the header names {len(header)} columns",
                    f"die Zeile hat {len(record)} Zellen, die Kopfzeile aber {len(header)} Spalten",
                ),
            )
            continue
        cells = {name: cell.strip() for name, cell in zip(header, record, strict=False) if name}
        rows.append(Row(shown, index, cells))
    return rows
