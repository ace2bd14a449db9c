"""The real sources build under another base IRI: the gate's SPARQL constraints follow it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lod.config import Settings
from lod.publisher.pipeline import build_publication

OTHER_BASE = "http://data.example.org/tw/"


def test_real_sources_build_under_another_base(
    repo_root: Path, repo_settings: Settings, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    settings = repo_settings.replace(dist_dir=dist, base_iri=OTHER_BASE)
    build_publication(settings, repo_root / "metadata/publication.ttl")
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["base_iri"] == OTHER_BASE
    shapes = (dist / "shapes.ttl").read_text(encoding="utf-8")
    assert f'"{OTHER_BASE}ontology/"^^' in shapes or f"{OTHER_BASE}ontology/" in shapes
    assert "https://w3id.org/twinning/" not in shapes


@pytest.mark.parametrize("rule", ["twinned-with", "wikidata-item", "current-status"])
def test_every_rule_derives_something(built_dist: Path, rule: str) -> None:
    manifest = json.loads((built_dist / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["derived"][rule] > 0
