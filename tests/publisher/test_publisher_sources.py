"""Loading sources: per-file graphs, parse errors with file:line:column, missing paths named."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.errors import SourceError
from lod.publisher.sources import SourceDirs, load_files, parse_file, turtle_files

BAD_TURTLE = """@prefix ex: <http://example.org/> .
ex:a ex:b ex:c .
ex:d ex:e "unterminated .
ex:f ex:g ex:h .
"""


def test_malformed_turtle_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_TURTLE, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_files([bad])
    # The string opens on line 3, column 11 (1-based) and never closes.
    assert str(caught.value) == f"{bad}:3:11: Unexpected end of file"


def test_malformed_turtle_same_position_when_rebasing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:/x ex:y .\n")
    with pytest.raises(SourceError, match=rf"^{bad}:3:\d+: "):
        list(parse_file(bad, "https://example.net/"))


def test_missing_directory_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(SourceError, match=rf"^{missing}: data directory not found$"):
        turtle_files(missing, "data")


def test_directory_without_turtle_is_named(tmp_path: Path) -> None:
    with pytest.raises(
        SourceError, match=rf"^{tmp_path}: no \*\.ttl files in the shapes directory"
    ):
        SourceDirs(tmp_path, tmp_path, tmp_path).shape_files()


def test_subjects_know_their_files(mini: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text('<https://w3id.org/twinning/id/city/haarlem> <http://example.org/p> "x" .\n')
    files = [*sorted((mini / "data").glob("*.ttl")), extra]
    subject_files = load_files(files).subject_files()
    haarlem = ox.NamedNode("https://w3id.org/twinning/id/city/haarlem")
    assert subject_files[haarlem] == [mini / "data" / "cities.ttl", extra]


def test_literals_are_kept_as_written(tmp_path: Path) -> None:
    # pyoxigraph's Store would turn these into "8.05"^^xsd:decimal and "5"^^xsd:integer.
    source = tmp_path / "a.ttl"
    source.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<http://example.org/a> <http://example.org/p> 8.050, "05"^^xsd:nonNegativeInteger .\n'
    )
    lines = set(load_files([source]).ntriples().decode().splitlines())
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert lines == {
        f'<http://example.org/a> <http://example.org/p> "8.050"^^<{xsd}decimal> .',
        f'<http://example.org/a> <http://example.org/p> "05"^^<{xsd}nonNegativeInteger> .',
    }


def test_rebase_moves_our_iris_and_keeps_others(tmp_path: Path) -> None:
    source = tmp_path / "a.ttl"
    source.write_text(
        "@prefix tw: <https://w3id.org/twinning/ontology/> .\n"
        "<https://w3id.org/twinning/id/city/x> a tw:City ;\n"
        '  tw:code "7"^^tw:Code ;\n'
        "  <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q1> .\n"
    )
    quads = {(q.subject, q.predicate, q.object) for q in parse_file(source, "https://ex.org/t/")}
    ex = "https://ex.org/t/"
    assert quads == {
        (ox.NamedNode(f"{ex}id/city/x"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
         ox.NamedNode(f"{ex}ontology/City")),
        (ox.NamedNode(f"{ex}id/city/x"), ox.NamedNode(f"{ex}ontology/code"),
         ox.Literal("7", datatype=ox.NamedNode(f"{ex}ontology/Code"))),
        (ox.NamedNode(f"{ex}id/city/x"), ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
         ox.NamedNode("http://www.wikidata.org/entity/Q1")),
    }  # fmt: skip


def test_blank_nodes_of_different_files_stay_apart(tmp_path: Path) -> None:
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text('_:x <http://example.org/p> "same label" .\n')
    sources = load_files(sorted(tmp_path.glob("*.ttl")))
    assert len({q.subject for q in sources.quads()}) == 2
    assert len(sources.store) == 2
