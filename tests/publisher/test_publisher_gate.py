"""The SHACL gate: pyshacl split over two processes gives exactly the report of one pyshacl run;
pyshacl-turbo (the default engine) names blank focus nodes as the sources do."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Graph

from lod.config import Settings
from lod.errors import display_path
from lod.publisher import shacl
from lod.publisher.gate import PYSHACL, split_shapes, targeted_shapes
from lod.publisher.pipeline import Timings, load, validate_sources

BROKEN = """@prefix tw: <https://w3id.org/twinning/ontology/> .
@prefix geosparql: <http://www.opengis.net/ont/geosparql#> .
<https://w3id.org/twinning/id/city/nowhere> a tw:City ;
    geosparql:hasGeometry [ a geosparql:Geometry ; geosparql:asWKT "POINT(x y)" ] .
<https://w3id.org/twinning/id/relation/osnabrueck--nowhere> a tw:CityRelation ;
    tw:city <https://w3id.org/twinning/id/city/nowhere> .
"""


def test_split_keeps_each_target_in_exactly_one_half(repo_settings: Settings) -> None:
    loaded = load(repo_settings, Timings())
    data = Graph()
    halves = split_shapes(loaded.shapes, data)
    assert halves is not None
    targets = {t for ts in targeted_shapes(loaded.shapes).values() for t in ts}
    kept = [targets & set(half) for half in halves]
    assert kept[0] and kept[1]
    assert kept[0].isdisjoint(kept[1])
    assert kept[0] | kept[1] == targets
    untargeted = set(loaded.shapes) - targets
    assert all(untargeted <= set(half) for half in halves)


def test_two_processes_report_what_one_does(repo_settings: Settings, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(repo_settings.data_dir, data)
    (data / "broken.ttl").write_text(BROKEN)
    settings = repo_settings.replace(data_dir=data)
    loaded = load(settings, Timings())
    args = (loaded.sources, loaded.shapes, loaded.prefixes)
    one = shacl.validate(*args, parallel_from=10**9, engine=PYSHACL)
    two = shacl.validate(*args, parallel_from=0, engine=PYSHACL)
    assert one.count("Violation") >= 3
    assert any(f.focus.startswith("_:") and f.files for f in one.findings)  # a blank focus node
    assert sorted(two.findings, key=repr) == sorted(one.findings, key=repr)


def test_default_engine_names_blank_focus_nodes_by_file(
    repo_settings: Settings, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(repo_settings.data_dir, data)
    (data / "broken.ttl").write_text(BROKEN)
    report = validate_sources(repo_settings.replace(data_dir=data))
    blank = [f for f in report.findings if f.focus.startswith("_:")]
    assert blank and all(f.files == (display_path(data / "broken.ttl"),) for f in blank), blank
