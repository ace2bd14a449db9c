"""``lod validate`` and the CLI's error handling, through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from lod.cli import main
from lod.publisher.shacl import Namer, ShapeMessages

BROKEN_RELATION = """@prefix tw: <https://w3id.org/twinning/ontology/> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://w3id.org/twinning/id/relation/osnabrueck--nowhere> a tw:CityRelation ;
    tw:city <https://w3id.org/twinning/id/city/osnabrueck> ;
    dct:source <https://example.org/a-source> .
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def source_args(mini: Path) -> list[str]:
    return [f"--{d}-dir={mini / d}" for d in ("ontology", "data", "shapes")]


def test_conforming_data_exits_0(mini: Path) -> None:
    result = run("validate", *source_args(mini))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "SHACL: the data conforms to the shapes."


def test_warnings_alone_exit_0_and_are_printed(mini: Path) -> None:
    cities = mini / "data" / "cities.ttl"
    cities.write_text(cities.read_text().replace("owl:sameAs wd:Q38380 ;", ""))
    result = run("validate", *source_args(mini))
    assert result.exit_code == 0, result.output
    assert "Warning: A city should link its Wikidata item." in result.stdout
    assert "  resource: city:angers" in result.stdout
    assert "  property: owl:sameAs" in result.stdout
    line = next(
        n for n, t in enumerate(cities.read_text().splitlines(), 1) if t.startswith("city:angers")
    )
    assert f"  file:     {cities}, line {line} (angers)" in result.stdout
    assert result.stdout.rstrip().endswith("SHACL: 1 warning (on 1 resource).")


def test_violations_exit_1_with_resource_property_message_and_file(mini: Path) -> None:
    broken = mini / "data" / "broken.ttl"
    broken.write_text(BROKEN_RELATION)
    result = run("validate", *source_args(mini))
    assert result.exit_code == 1
    block = result.stdout.split("\n\n")[0].splitlines()
    assert block == [
        "Violation: A city relation links exactly two cities.",
        "  resource: relation:osnabrueck--nowhere",
        "  property: tw:city",
        f"  file:     {broken}, line 3 (osnabrueck--nowhere)",  # where its statement starts
        "  shape:    shapes:CityRelationShape",
    ]
    assert result.stdout.rstrip().endswith("SHACL: 1 violation (on 1 resource).")


def test_malformed_turtle_is_one_line_on_stderr(mini: Path) -> None:
    bad = mini / "data" / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b\n")
    result = run("validate", *source_args(mini))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{bad}:3:1: ")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_directory_is_named_on_stderr(mini: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-data-here"
    result = run("validate", *source_args(mini), f"--data-dir={missing}")
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: data directory not found\n"


def test_bad_base_iri_is_a_usage_error(mini: Path) -> None:
    result = run("build", "--base-iri", "not-an-iri", *source_args(mini))
    assert result.exit_code == 2
    assert "--base-iri" in result.stderr


def test_report_message_is_english_even_when_pyshacl_gives_only_german() -> None:
    shape = URIRef("https://example.org/shapes/S")
    shapes = Graph()
    shapes.add((shape, SH.message, Literal("Auf Deutsch.", lang="de")))
    shapes.add((shape, SH.message, Literal("In English.", lang="en")))
    messages = ShapeMessages(shapes, Namer({}))
    given = [Literal("Auf Deutsch.", lang="de")]  # the result's own sh:resultMessage
    assert messages.pick(given, shape, "en") == "In English."
    assert messages.pick(given, None, "en") == "Auf Deutsch."  # no source shape: the one given
    assert messages.pick(given, None, "en", fallback=False) == ""
    assert messages.pick([], shape, "de") == "Auf Deutsch."
