"""All spreadsheets of a data directory → one SheetOutput per file (or every problem at once)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from lod.errors import display_path
from lod.sheets import schema
from lod.sheets import sheets as maps
from lod.sheets.known import from_turtle
from lod.sheets.mapping import Mapper, SheetOutput
from lod.sheets.problems import Place, Problem, Problems
from lod.sheets.read import Row, read_sheet


def csv_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.csv")) if directory.is_dir() else []


def load_sheets(files: list[Path], turtle: Iterable[ox.Quad], base_iri: str) -> list[SheetOutput]:
    """Read and map every CSV file; raises SheetErrors naming every problem if there is one."""
    problems = Problems()
    rows: dict[str, list[Row]] = {}
    paths: dict[str, Path] = {}
    for path in files:
        sheet = schema.SHEETS_BY_FILE.get(path.name)
        if sheet is None:
            problems.add(Place(display_path(path)), _unknown_file(path.name))
            continue
        rows[sheet.name] = read_sheet(path, sheet, problems)
        paths[sheet.name] = path
    problems.raise_if_any()  # unreadable files or headers: the rows cannot be trusted
    mapper = Mapper(from_turtle(turtle, base_iri), problems)
    outputs = {name: SheetOutput(path) for name, path in paths.items()}
    _map_all(mapper, rows, outputs)
    problems.raise_if_any()
    return list(outputs.values())


def _map_all(m: Mapper, rows: dict[str, list[Row]], outputs: dict[str, SheetOutput]) -> None:
    def out(name: str) -> SheetOutput:
        return outputs.get(name) or SheetOutput(Path(f"{name}.csv"))

    maps.register_sources(m, rows.get("sources", []))
    registered = maps.register_cities(m, rows.get("cities", []))
    maps.map_cities(m, out("cities"), registered)
    maps.map_networks(m, out("networks"), rows.get("networks", []))
    maps.map_relations(m, out("relations"), rows.get("relations", []))
    maps.map_agreements(m, out("agreements"), rows.get("agreements", []))
    maps.map_signatures(m, out("signatures"), rows.get("signatures", []))
    maps.map_programmes(m, out("programmes"), rows.get("programmes", []))
    maps.map_exchanges(m, out("exchanges"), rows.get("exchanges", []))
    maps.map_status(m, out("status"), rows.get("status", []))


def _unknown_file(name: str) -> Problem:
    listed = ", ".join(s.file_name for s in schema.SHEETS)
    return Problem(
        f"{name} is not one of lod's spreadsheet files — rename it to one of: {listed}",
        f"{name} ist keine der Tabellen von lod – benennen Sie sie um in eine von: {listed}",
    )
