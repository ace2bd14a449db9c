"""A project written only in CSV (plus the concept schemes) passes the same gate and builds."""

from __future__ import annotations

from lod.config import Settings
from lod.publisher.pipeline import validate_sources


def test_csv_project_conforms(sheet_settings: Settings) -> None:
    report = validate_sources(sheet_settings)
    assert report.conforms, report.text()


def test_a_shacl_finding_names_the_csv_row_and_column(sheet_settings: Settings) -> None:
    cities = sheet_settings.data_dir / "cities.csv"
    lines = cities.read_text(encoding="utf-8").splitlines()
    # Row 3 (Siena): coordinates without the page they come from.
    lines[2] = lines[2].replace(
        ",https://github.com/rfordatascience/tidytuesday/tree/64d8b3e48571d1a7b82453c11e3918e2605afcab/data/2026/2026-05-12,https",
        ",,https",
        1,
    )
    cities.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = validate_sources(sheet_settings)
    print(report.text())
    assert not report.conforms


def test_exchanges_and_named_sources_conform(sheet_settings: Settings) -> None:
    data = sheet_settings.data_dir
    source = "https://github.com/rfordatascience/tidytuesday/tree/64d8b3e48571d1a7b82453c11e3918e2605afcab/data/2026/2026-05-12"
    (data / "sources.csv").write_text(f"id,url\ntidy,{source}\n", encoding="utf-8")
    (data / "programmes.csv").write_text(
        "id,name_de,name_en,source_url\nweimar-ambassadors,Botschafter,Ambassadors,tidy\n",
        encoding="utf-8",
    )
    (data / "exchanges.csv").write_text(
        "programme,sender,receiver,relation,since,source_url\n"
        "weimar-ambassadors,Weimar,Siena,Siena,1991,tidy\n",
        encoding="utf-8",
    )
    (data / "status.csv").write_text(
        f"exchange,status,since,source_url\nweimar-ambassadors--weimar--siena,dormant,2022,{source}\n",
        encoding="utf-8",
    )
    report = validate_sources(sheet_settings)
    assert report.conforms, report.text()
