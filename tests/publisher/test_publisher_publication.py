"""The real publication (``built_dist``): dumps, gzips, checksums and manifest agree."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import OWL, RDF, Graph, Namespace
from rdflib.compare import isomorphic

SLUG = "osnabrueck-twinning"
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}


@pytest.fixture(scope="module")
def manifest(built_dist: Path) -> dict[str, Any]:
    return json.loads((built_dist / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graph(built_dist: Path) -> Graph:
    return Graph().parse(built_dist / f"{SLUG}.nt", format="nt")


def test_dist_holds_exactly_the_contracted_files(built_dist: Path) -> None:
    dumps = {f"{SLUG}.{ext}{gz}" for ext in RDFLIB_FORMATS for gz in ("", ".gz")}
    expected = (
        dumps
        | {f"{name}.sha256" for name in dumps}
        | {
            "manifest.json",
            "context.jsonld",
            "catalog.ttl",
            "void.ttl",
            "shapes.ttl",
            "labels.ttl",
        }
    )
    assert {p.name for p in built_dist.iterdir()} == expected


@pytest.mark.parametrize("extension", sorted(RDFLIB_FORMATS))
def test_every_dump_parses_back_to_the_same_graph(
    built_dist: Path, graph: Graph, extension: str
) -> None:
    parsed = Graph().parse(built_dist / f"{SLUG}.{extension}", format=RDFLIB_FORMATS[extension])
    assert len(parsed) == len(graph) > 1000
    assert isomorphic(parsed, graph)


@pytest.mark.parametrize("extension", sorted(RDFLIB_FORMATS))
def test_every_gzip_holds_its_dump(built_dist: Path, extension: str) -> None:
    dump = built_dist / f"{SLUG}.{extension}"
    packed = (built_dist / f"{dump.name}.gz").read_bytes()
    assert gzip.decompress(packed) == dump.read_bytes()
    assert packed[4:8] == b"\0\0\0\0"  # mtime 0: the same dump gives the same bytes


def test_every_checksum_file_matches_the_bytes(built_dist: Path) -> None:
    checksums = sorted(built_dist.glob("*.sha256"))
    assert len(checksums) == 8
    for checksum in checksums:
        target = built_dist / checksum.name.removesuffix(".sha256")
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        assert checksum.read_text(encoding="ascii") == f"{digest}  {target.name}\n"


def test_manifest_lists_every_file_with_its_size_and_hash(
    built_dist: Path, manifest: dict[str, Any]
) -> None:
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == {p.name for p in built_dist.iterdir()} - {"manifest.json"}
    for name, entry in listed.items():
        data = (built_dist / name).read_bytes()
        assert entry["bytes"] == len(data), name
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), name
    assert listed[f"{SLUG}.ttl"]["media_type"] == "text/turtle"
    assert listed[f"{SLUG}.nt.gz"]["media_type"] == "application/gzip"


def test_manifest_header(built_dist: Path, manifest: dict[str, Any], graph: Graph) -> None:
    nt = (built_dist / f"{SLUG}.nt").read_bytes()
    assert manifest["version"] == hashlib.sha256(nt).hexdigest()
    assert manifest["triples"] == len(graph) == nt.count(b"\n")
    assert manifest["slug"] == SLUG
    assert manifest["base_iri"] == "https://w3id.org/twinning/"
    assert manifest["dataset"] == "https://w3id.org/twinning/id/dataset/osnabrueck-twinning"
    assert manifest["store_files"] == [
        f"{SLUG}.nt",
        "catalog.ttl",
        "void.ttl",
        "shapes.ttl",
        "labels.ttl",
    ]
    assert manifest["modified"].endswith("Z")


def test_ntriples_dump_is_sorted_and_canonical(built_dist: Path) -> None:
    lines = (built_dist / f"{SLUG}.nt").read_bytes().splitlines()
    assert lines == sorted(set(lines))
    blank_labels = {w for line in lines for w in line.split() if w.startswith(b"_:")}
    assert all(label.startswith(b"_:c14n") for label in blank_labels)


def test_jsonld_dump_uses_the_published_context(built_dist: Path) -> None:
    context = json.loads((built_dist / "context.jsonld").read_text(encoding="utf-8"))
    dump = json.loads((built_dist / f"{SLUG}.jsonld").read_text(encoding="utf-8"))
    assert dump["@context"] == context["@context"]
    assert context["@context"]["tw"] == "https://w3id.org/twinning/ontology/"
    assert any(str(node.get("@id", "")).startswith("city:") for node in dump["@graph"])


def test_shapes_dump_is_the_shapes_graph(built_dist: Path, repo_root: Path) -> None:
    source = Graph()
    for path in sorted((repo_root / "shapes").glob("*.ttl")):
        source.parse(path, format="turtle")
    assert isomorphic(Graph().parse(built_dist / "shapes.ttl"), source)


def test_the_graph_is_the_sources_plus_the_derived_triples(repo_root: Path, graph: Graph) -> None:
    """Independent of the build: rdflib parses the sources and applies the three rules."""
    expected = Graph()
    for folder in ("ontology", "data"):
        for path in sorted((repo_root / folder).glob("*.ttl")):
            expected.parse(path, format="turtle")
    tw = Namespace("https://w3id.org/twinning/ontology/")
    for relation in set(expected.subjects(RDF.type, tw.CityRelation)):
        cities = list(expected.objects(relation, tw.city))
        for a, b in itertools.permutations(cities, 2):
            expected.add((a, tw.twinnedWith, b))
    for city in set(expected.subjects(RDF.type, tw.City)):
        for item in expected.objects(city, OWL.sameAs):
            if str(item).startswith("http://www.wikidata.org/entity/Q"):
                expected.add((city, tw.wikidataItem, item))
    for thing, period in list(expected.subject_objects(tw.status)):
        if expected.value(period, tw.statusUntil) is None:
            for value in expected.objects(period, tw.statusValue):
                expected.add((thing, tw.currentStatus, value))
    assert len(graph) == len(expected)
    assert isomorphic(graph, expected)
