"""`lod init DIR --city QID`: a project for another city that builds and serves at once."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from lod.cli import main
from lod.sheets.init import InitError, seed_city
from lod.sheets.schema import EXCHANGES, SHEETS
from lod.worlddata import SOURCE_2016, World, load_world

LOD = str(Path(sys.executable).parent / "lod")
TW = "https://w3id.org/twinning/ontology/"


def _lod(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_unknown_city_is_named(tmp_path: Path) -> None:
    code, output = _lod("init", str(tmp_path / "p"), "--city", "Q999999999")
    assert code == 1
    assert "Q999999999: not a city of the bundled world data" in output
    assert not (tmp_path / "p").exists()


def test_a_city_without_partners_is_named() -> None:
    world = World(names_2016={"Q1": "Nowhere"})
    with pytest.raises(InitError, match=r"Q1 \(Nowhere\): has no twinning partners"):
        seed_city(world, "Q1")


def test_an_existing_directory_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "p"
    target.mkdir()
    (target / "mine.txt").write_text("keep")
    code, output = _lod("init", str(target), "--city", "Q3955")
    assert code == 1 and "exists and is not empty" in output
    assert [p.name for p in target.iterdir()] == ["mine.txt"]


def test_every_sheet_is_written_with_its_header_row(tmp_path: Path) -> None:
    code, output = _lod("init", str(tmp_path / "p"), "--city", "Q3955")
    assert code == 0, output
    data = tmp_path / "p" / "data"
    for sheet in SHEETS:
        header = (data / sheet.file_name).read_text(encoding="utf-8-sig").splitlines()[0]
        assert set(sheet.required()) <= set(header.split(","))
    exchanges = (data / "exchanges.csv").read_text(encoding="utf-8-sig").splitlines()
    assert exchanges == [",".join(EXCHANGES.column_names())]  # a form: every column, no rows
    readme = (data / "README.md").read_text(encoding="utf-8")
    assert all(f"`{sheet.file_name}`" in readme for sheet in SHEETS)


def test_seeded_rows_are_sourced_and_unconfirmed() -> None:
    world = load_world()
    seed = seed_city(world, "Q2916")  # Osnabrück: some partners only in the 2016 crawl
    only_2016 = [row for row in seed.cities if row["wikidata"] not in world.cities]
    assert only_2016  # no coordinates, no country, a name of unknown language: left absent
    for row in only_2016:
        assert row["source_url"] == SOURCE_2016 and row["name"]
        assert not {"latitude", "country", "name_en"} & set(row)
    assert {row["confirmed"] for row in seed.cities + seed.relations} == {"no"}
    assert {row["kind"] for row in seed.relations} == {"twinning"}
    assert len(seed.relations) == 12


def _ask(base: str, query: str) -> dict[str, object]:
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(url, timeout=30) as response:
        result: dict[str, object] = json.loads(response.read())
    return result


@pytest.fixture
def served_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    project = tmp_path / "weimar"
    assert _lod("init", str(project), "--city", "Q3955")[0] == 0
    monkeypatch.chdir(project)
    code, output = _lod("build")
    assert code == 0, output
    process = subprocess.Popen(
        [LOD, "serve", "--port", "0", "--dev"], stderr=subprocess.PIPE, text=True, cwd=project
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    match = re.search(r"serving (http://127\.0\.0\.1:\d+)/sparql", line)
    try:
        assert match, line
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.live
def test_init_build_serve_query(served_project: str) -> None:
    rows = _ask(
        served_project,
        f"""
        SELECT ?partner WHERE {{
          ?rel a <{TW}CityRelation> ; <{TW}homeCity> ?home ; <{TW}city> ?partner ;
               <{TW}confirmed> false .
          ?home <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q3955> .
          FILTER (?partner != ?home)
        }}""",
    )["results"]
    assert len(rows["bindings"]) == 5  # type: ignore[index]
    text = _ask(
        served_project,
        """
        SELECT ?d WHERE { ?s a <http://www.w3.org/ns/dcat#Dataset> ;
                             <http://purl.org/dc/terms/description> ?d FILTER(LANG(?d) = "en") }
        """,
    )["results"]["bindings"][0]["d"]["value"]  # type: ignore[index]
    assert text.startswith("Weimar's five twin cities")


@pytest.mark.slow
def test_the_test_suite_checks_an_init_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo_root: Path
) -> None:
    """What a city's team runs after `lod init` and `lod build`: the data and query rules pass on
    its project (LOD_PROJECT_DIR), and Osnabrück's own expectations skip, saying why."""
    project = tmp_path / "athens"
    assert _lod("init", str(project), "--city", "Q1524")[0] == 0  # 52 partners
    monkeypatch.chdir(project)
    code, output = _lod("build")
    assert code == 0, output
    env = {**os.environ, "LOD_PROJECT_DIR": str(project), "COLUMNS": "400"}  # whole skip reasons
    tests = ["tests/test_data_conformance.py", "tests/test_queries.py", "tests/osnabrueck"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *tests],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "-twinning, not osnabrueck-twinning: these are the Osnabr" in result.stdout
    assert " failed" not in result.stdout
