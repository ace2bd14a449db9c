"""A small spreadsheet project (Weimar and three partners, from the bundled 2026 Wikidata-derived
data) over the repository's ontology, shapes and concept schemes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lod.config import Settings

SOURCE = "https://github.com/rfordatascience/tidytuesday/tree/64d8b3e48571d1a7b82453c11e3918e2605afcab/data/2026/2026-05-12"
FILES = {
    "networks.csv": f"home_city,source_url\nweimar,{SOURCE}\n",
    "cities.csv": (
        "id,name_en,country,wikidata,latitude,longitude,coordinates_source_url,source_url\n"
        f"weimar,Weimar,DE,Q3955,50.981111111,11.329444444,{SOURCE},{SOURCE}\n"
        f"siena,Siena,IT,Q2751,43.318333333,11.331388888,{SOURCE},{SOURCE}\n"
        f"trier,Trier,DE,Q3138,49.75565,6.63935,{SOURCE},{SOURCE}\n"
        f"blois,Blois,FR,Q160927,47.593055555,1.327222222,{SOURCE},{SOURCE}\n"
    ),
    "relations.csv": (
        "partner_city,kind,since,source_url,confirmed\n"
        f"Siena,partnership,,{SOURCE},no\n"
        f"Trier,partnership,,{SOURCE},no\n"
        f"Blois,partnership,,{SOURCE},no\n"
    ),
}


@pytest.fixture
def sheet_project(tmp_path: Path, repo_root: Path) -> Path:
    """``tmp/project/data`` holding the CSV files and the repository's concept schemes."""
    data = tmp_path / "project" / "data"
    data.mkdir(parents=True)
    shutil.copy(repo_root / "data" / "concepts.ttl", data)
    for name, text in FILES.items():
        (data / name).write_text(text, encoding="utf-8")
    return data.parent


@pytest.fixture
def sheet_settings(sheet_project: Path, repo_root: Path) -> Settings:
    return Settings().replace(
        ontology_dir=repo_root / "ontology",
        shapes_dir=repo_root / "shapes",
        data_dir=sheet_project / "data",
        dist_dir=sheet_project / "dist",
        dataset_slug="weimar-twinning",
    )
