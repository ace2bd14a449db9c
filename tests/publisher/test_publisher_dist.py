"""`lod build` on the mini sources: atomic dist/, rebasing, determinism, both JSON-LD paths."""

from __future__ import annotations

import gzip
import hashlib
import multiprocessing
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic

from lod.cli import main
from lod.config import Settings
from lod.errors import SourceError, ValidationFailed
from lod.publisher.pipeline import build_publication

SLUG = "osnabrueck-twinning"
TW = Namespace("https://w3id.org/twinning/ontology/")
CITY = Namespace("https://w3id.org/twinning/id/city/")
HALF_A_RELATION = (
    "<https://w3id.org/twinning/id/relation/x>"
    " a <https://w3id.org/twinning/ontology/CityRelation> ;"
    " <https://w3id.org/twinning/ontology/city> <https://w3id.org/twinning/id/city/haarlem> .\n"
)


def snapshot(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def leftovers(dist: Path) -> list[str]:
    return sorted(p.name for p in dist.parent.iterdir() if p != dist)


def test_derives_twinned_with_both_ways(mini_settings: Settings, metadata: Path) -> None:
    build_publication(mini_settings, metadata)
    graph = Graph().parse(mini_settings.dist_dir / f"{SLUG}.nt", format="nt")
    assert set(graph.subject_objects(TW.twinnedWith)) == {
        (CITY.osnabrueck, CITY.haarlem),
        (CITY.haarlem, CITY.osnabrueck),
        (CITY.osnabrueck, CITY.angers),
        (CITY.angers, CITY.osnabrueck),
    }


def test_failed_validation_leaves_dist_untouched(
    mini: Path, mini_settings: Settings, metadata: Path
) -> None:
    dist = mini_settings.dist_dir
    build_publication(mini_settings, metadata)
    before = snapshot(dist)
    (mini / "data" / "broken.ttl").write_text(HALF_A_RELATION)
    with pytest.raises(ValidationFailed, match="A city relation links exactly two cities"):
        build_publication(mini_settings, metadata)
    assert snapshot(dist) == before
    assert leftovers(dist) == []


def test_failed_parse_leaves_dist_untouched(
    mini: Path, mini_settings: Settings, metadata: Path
) -> None:
    dist = mini_settings.dist_dir
    build_publication(mini_settings, metadata)
    before = snapshot(dist)
    (mini / "data" / "cities.ttl").write_text("@prefix : <http://example.org/> .\n:a :b .\n")
    with pytest.raises(SourceError, match=r"cities\.ttl:2:7: "):
        build_publication(mini_settings, metadata)
    assert snapshot(dist) == before
    assert leftovers(dist) == []


def test_failure_while_writing_removes_the_staging_dir(
    mini_settings: Settings, metadata: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = mini_settings.dist_dir
    build_publication(mini_settings, metadata)
    before = snapshot(dist)

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("lod.publisher.dumps.gzip_file", disk_full)
    with pytest.raises(OSError, match="No space left"):
        build_publication(mini_settings, metadata)
    assert snapshot(dist) == before
    assert leftovers(dist) == []


def test_rebuild_replaces_dist(mini: Path, mini_settings: Settings, metadata: Path) -> None:
    dist = mini_settings.dist_dir
    build_publication(mini_settings, metadata)
    (dist / "stale.txt").write_text("from an older build")
    build_publication(mini_settings, metadata)
    assert not (dist / "stale.txt").exists()
    assert leftovers(dist) == []


def test_same_sources_give_the_same_bytes(
    mini_settings: Settings, metadata: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build_publication(mini_settings.replace(dist_dir=tmp_path / "a"), metadata)
    second = build_publication(mini_settings.replace(dist_dir=tmp_path / "b"), metadata)
    assert snapshot(first.dist) == snapshot(second.dist)
    assert first.manifest["modified"] == "2023-11-14T22:13:20Z"


def test_jsonld_in_a_second_process_equals_inline(
    mini_settings: Settings, metadata: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    inline = build_publication(mini_settings.replace(dist_dir=tmp_path / "a"), metadata)
    spawned = build_publication(
        mini_settings.replace(dist_dir=tmp_path / "b"), metadata, parallel_dumps_triples=0
    )
    name = f"{SLUG}.jsonld"
    assert (spawned.dist / name).read_bytes() == (inline.dist / name).read_bytes()


def test_other_base_iri_leaves_no_default_iri(mini: Path, tmp_path: Path, metadata: Path) -> None:
    dist = tmp_path / "rebased"
    base = "https://twinning.example.org/lod/"
    args = [f"--{d}-dir={mini / d}" for d in ("ontology", "data", "shapes")]
    result = CliRunner().invoke(
        main, ["build", "--base-iri", base, "--dist", str(dist), f"--metadata={metadata}", *args]
    )
    assert result.exit_code == 0, result.output + result.stderr
    for path in dist.iterdir():
        data = path.read_bytes()
        text = gzip.decompress(data) if path.suffix == ".gz" else data
        assert b"https://w3id.org/twinning/" not in text, path.name
    graph = Graph().parse(dist / f"{SLUG}.ttl")
    ns = Namespace(base)
    city = ns["id/city/haarlem"]
    assert (city, URIRef(f"{base}ontology/twinnedWith"), ns["id/city/osnabrueck"]) in graph
    reference = Graph().parse(dist / f"{SLUG}.nt", format="nt")
    assert isomorphic(graph, reference)


def test_build_cli_reports_violation_on_stderr(mini: Path, tmp_path: Path, metadata: Path) -> None:
    (mini / "data" / "broken.ttl").write_text(HALF_A_RELATION)
    args = [f"--{d}-dir={mini / d}" for d in ("ontology", "data", "shapes")]
    dist = tmp_path / "dist"
    result = CliRunner().invoke(
        main, ["build", "--dist", str(dist), f"--metadata={metadata}", *args]
    )
    assert result.exit_code == 1
    assert "Violation: A city relation links exactly two cities." in result.stderr
    assert "Traceback" not in result.stderr
    assert not dist.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist")] == []


def test_missing_metadata_file_is_named(mini_settings: Settings, tmp_path: Path) -> None:
    missing = tmp_path / "nothing.ttl"
    with pytest.raises(SourceError, match=rf"^{missing}: publication metadata file not found$"):
        build_publication(mini_settings, missing)


def test_failed_validation_stops_the_jsonld_worker(
    mini: Path, mini_settings: Settings, metadata: Path
) -> None:
    dist = mini_settings.dist_dir
    build_publication(mini_settings, metadata, parallel_dumps_triples=0)
    before = snapshot(dist)
    # Other tests' query workers (session fixtures) may be alive: only the build's count.
    others = set(multiprocessing.active_children())
    (mini / "data" / "broken.ttl").write_text(HALF_A_RELATION)
    with pytest.raises(ValidationFailed):
        build_publication(mini_settings, metadata, parallel_dumps_triples=0)
    assert snapshot(dist) == before
    assert leftovers(dist) == []
    assert set(multiprocessing.active_children()) - others == set()
