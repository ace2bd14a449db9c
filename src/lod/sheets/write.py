"""Writing sheets: rows (column → text) to a CSV file a spreadsheet program opens as it is."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from lod.sheets.schema import Sheet


def write_sheet(path: Path, sheet: Sheet, rows: Iterable[Mapping[str, str]]) -> int:
    """Write ``rows`` with only the columns some row fills (required ones always); UTF-8 with a
    byte-order mark, so that spreadsheet programs do not guess another encoding. A sheet
    without rows gets every column, as the header row of a form to fill in."""
    rows = list(rows)
    used = [
        c
        for c in sheet.column_names()
        if not rows or c in sheet.required() or any(r.get(c) for r in rows)
    ]
    unknown = {c for r in rows for c in r} - set(sheet.column_names())
    if unknown:
        raise ValueError(f"{sheet.file_name}: no such columns: {', '.join(sorted(unknown))}")
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, used, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
