"""Loading sources: per-file graphs, parse errors with file:line:column, missing paths named."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.build.sources import SourceDirs, file_graph, load_files, parse_file, turtle_files
from lod.errors import SourceError

BAD_TURTLE = """@prefix ex: <http://example.org/> .
ex:a ex:b ex:c .
ex:d ex:e "unterminated .
ex:f ex:g ex:h .
"""


def test_malformed_turtle_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_TURTLE, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_files(ox.Store(), [bad])
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


def test_each_file_gets_its_own_graph(mini: Path) -> None:
    store = ox.Store()
    files = sorted((mini / "data").glob("*.ttl"))
    load_files(store, files)
    assert set(store.named_graphs()) == {file_graph(path) for path in files}
    haarlem = ox.NamedNode("https://w3id.org/twinning/id/city/haarlem")
    graphs = {q.graph_name for q in store.quads_for_pattern(haarlem, None, None)}
    assert graphs == {file_graph(mini / "data" / "cities.ttl")}


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
    store = ox.Store()
    load_files(store, sorted(tmp_path.glob("*.ttl")))
    assert len({q.subject for q in store}) == 2
