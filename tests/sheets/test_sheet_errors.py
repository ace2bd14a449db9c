"""Broken spreadsheets: every problem is named by file, row and column, in plain English and
German, and nothing is published (dist/ stays as it was)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from lod.config import Settings
from lod.errors import SourceError
from lod.publisher.pipeline import build_publication, validate_sources
from lod.sheets.problems import SheetErrors

SOURCE = "https://github.com/rfordatascience/tidytuesday/tree/64d8b3e48571d1a7b82453c11e3918e2605afcab/data/2026/2026-05-12"  # noqa: E501  (as in conftest)


def _problems(settings: Settings) -> list[str]:
    with pytest.raises(SheetErrors) as caught:
        validate_sources(settings)
    return [p.text().splitlines()[0] for p in caught.value.problems]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(autouse=True)
def _in_project(sheet_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sheet_project)  # messages then name data/… as a person would see it


def test_broken_rows_are_each_named(sheet_settings: Settings) -> None:
    data = sheet_settings.data_dir
    relations = data / "relations.csv"
    _edit(relations, f"Siena,partnership,,{SOURCE}", f"Siena,partnership,1961-13-45,{SOURCE}")
    _edit(relations, "Trier,partnership", "Trier,sisterhood")
    _edit(relations, "Blois,", "Erfurt,")
    with relations.open("a", encoding="utf-8") as handle:
        handle.write(f"Siena,partnership,,{SOURCE},no\n")
    _edit(data / "cities.csv", "Q2751", "2751")
    assert _problems(sheet_settings) == [
        'data/cities.csv, row 3, column wikidata: "2751" is not a Wikidata ID — write Q followed '
        "by digits, e.g. Q2916, or leave it empty",
        'data/relations.csv, row 2, column since: "1961-13-45" is not a date — write 1961, '
        "1961-10 or 1961-10-24",
        'data/relations.csv, row 3, column kind: "sisterhood" is not a known kind of relation — '
        "write one of: friendship, partnership, twinning",
        'data/relations.csv, row 4, column partner_city: "Erfurt" is not a city of cities.csv — '
        "add a row for it there, or correct the name or id",
        'data/relations.csv, row 5, column partner_city: duplicate row: "Siena" is already given '
        "in row 2 — delete one of the two rows",
    ]


def test_messages_are_also_german(sheet_settings: Settings) -> None:
    _edit(
        sheet_settings.data_dir / "relations.csv",
        "Siena,partnership,,",
        "Siena,partnership,1961-13-45,",
    )
    with pytest.raises(SheetErrors) as caught:
        validate_sources(sheet_settings)
    assert caught.value.problems[0].text().splitlines()[1] == (
        "  data/relations.csv, Zeile 2, Spalte since: „1961-13-45“ ist kein Datum – schreiben Sie "
        "1961, 1961-10 oder 1961-10-24"
    )


def test_broken_utf8_is_placed(sheet_settings: Settings) -> None:
    cities = sheet_settings.data_dir / "cities.csv"
    with cities.open("ab") as handle:
        handle.write(f"haemeenlinna,H\xe4meenlinna,FI,Q202158,,,,{SOURCE}\n".encode("latin-1"))
    assert _problems(sheet_settings) == [
        "data/cities.csv, row 6, column name_en: bytes e4 are not UTF-8 — save the file as "
        "“CSV UTF-8” in your spreadsheet program"
    ]


def test_missing_column_is_named(sheet_settings: Settings) -> None:
    relations = sheet_settings.data_dir / "relations.csv"
    lines = relations.read_text(encoding="utf-8").splitlines()
    relations.write_text(
        "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != 1) for line in lines),
        encoding="utf-8",
    )
    assert _problems(sheet_settings) == [
        "data/relations.csv, row 1, column kind: column kind is missing — add a column named kind "
        "to the header row"
    ]


def test_unknown_column_and_file_are_named(sheet_settings: Settings) -> None:
    data = sheet_settings.data_dir
    _edit(data / "relations.csv", "partner_city,kind,since", "partner_city,kind,sinc")
    (data / "partners.csv").write_text("a\n1\n", encoding="utf-8")
    problems = _problems(sheet_settings)
    assert problems[0].startswith("data/partners.csv: partners.csv is not one of lod's")
    assert problems[1].startswith(
        'data/relations.csv, row 1, column sinc: "sinc" is not a column of this file'
    )


def test_a_relation_outside_every_network_is_a_violation(sheet_settings: Settings) -> None:
    (sheet_settings.data_dir / "networks.csv").unlink()
    _edit(sheet_settings.data_dir / "relations.csv", "partner_city,", "home_city,partner_city,")
    for partner in ("Siena", "Trier", "Blois"):
        _edit(sheet_settings.data_dir / "relations.csv", f"\n{partner},", f"\nweimar,{partner},")
    report = validate_sources(sheet_settings)
    violations = [f for f in report.findings if f.severity == "Violation"]
    assert {f.files for f in violations} == {
        (f"data/relations.csv, row {n}, column home_city",) for n in (2, 3, 4)
    }
    assert all("belongs to no network" in f.message for f in violations)


def _digest(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_nothing_is_published_until_fixed(sheet_settings: Settings, repo_root: Path) -> None:
    metadata = repo_root / "metadata" / "publication.ttl"
    build_publication(sheet_settings, metadata)
    before = _digest(sheet_settings.dist_dir)
    _edit(sheet_settings.data_dir / "relations.csv", "Trier,partnership", "Trier,sisterhood")
    with pytest.raises(SourceError):
        build_publication(sheet_settings, metadata)
    assert _digest(sheet_settings.dist_dir) == before


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_exchange_and_source_rows_are_named(sheet_settings: Settings) -> None:
    data = sheet_settings.data_dir
    _write(data / "sources.csv", f"id,url\ntidy,{SOURCE}\ntidy,{SOURCE}\nwiki,wikipedia\n")
    _write(
        data / "programmes.csv",
        "id,name_de,name_en,source_url\nweimar-ambassadors,Botschafter,Ambassadors,tidy\n",
    )
    _write(
        data / "exchanges.csv",
        "programme,sender,receiver,since,source_url\n"
        "weimar-ambassadors,Weimar,Siena,1991,tidy\n"
        "weimar-envoys,Weimar,Trier,,tidy\n"
        "weimar-ambassadors,Weimar,Weimar,,tidy\n"
        "weimar-ambassadors,Weimar,Blois,1991-13,tidy tidi\n",
    )
    _write(
        data / "status.csv",
        "exchange,relation,status,source_url\n"
        "weimar-ambassadors--weimar--siena,,active,tidy\n"
        "weimar-ambassadors--weimar--trier,,active,tidy\n"
        ",,active,tidy\n",
    )
    # files in alphabetical order, rows in order
    assert _problems(sheet_settings) == [
        'data/exchanges.csv, row 3, column programme: "weimar-envoys" is not an id of '
        "programmes.csv — copy the id from there",
        "data/exchanges.csv, row 4, column receiver: sender and receiver are the same city — one "
        "city sends, another receives",
        'data/exchanges.csv, row 5, column since: "1991-13" is not a date — write 1961, 1961-10 '
        "or 1961-10-24",
        'data/exchanges.csv, row 5, column source_url: "tidi" is not a web address — write the '
        "full address starting with https:// (several addresses: separate them with spaces) or "
        "an id of sources.csv",
        'data/sources.csv, row 3, column id: duplicate row: "tidy" is already given in row 2 — '
        "delete one of the two rows",
        'data/sources.csv, row 4, column url: "wikipedia" is not a web address — write the full '
        "address starting with https:// (several addresses: separate them with spaces)",
        'data/status.csv, row 3, column exchange: "weimar-ambassadors--weimar--trier" is not an '
        "id of exchanges.csv — copy the id from there",
        "data/status.csv, row 4, column relation: fill either relation or exchange (one of the "
        "two) — whose status does the row give?",
    ]
