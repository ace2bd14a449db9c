"""Round trip: Osnabrück's cities, relations, status periods, agreements, signatures, exchange
programmes and exchanges written as CSV (pages cited more than once by their ids of
sources.csv) map back to exactly today's triples (the rest stays Turtle: sources may be mixed)."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import RDF

from lod.namespaces import DEFAULT_BASE_IRI, GEOSPARQL, TW
from lod.publisher.sources import load_files
from lod.publisher.terms import fill_graph
from lod.sheets.export import export
from lod.sheets.schema import SHEETS
from lod.sheets.write import write_sheet

SHEETED = (TW.City, TW.CityRelation, TW.Agreement, TW.Signature, TW.ExchangeProgramme, TW.Exchange)


def _turtle(repo_root: Path) -> Graph:
    graph = Graph()
    for path in sorted((repo_root / "data").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _rest(graph: Graph) -> Graph:
    """Everything the sheets do not describe (concepts, networks, claims, arrangements, …)."""
    sheeted = {s for cls in SHEETED for s in graph.subjects(RDF.type, cls)}
    sheeted |= {g for g in graph.objects(None, GEOSPARQL.hasGeometry) if isinstance(g, BNode)}
    owners = {*graph.subjects(RDF.type, TW.CityRelation), *graph.subjects(RDF.type, TW.Exchange)}
    sheeted |= {p for r, p in graph.subject_objects(TW.status) if r in owners}
    rest = Graph()
    for triple in graph:
        if triple[0] not in sheeted:
            rest.add(triple)
    return rest


def _mixed(repo_root: Path, tmp_path: Path) -> Graph:
    turtle = _turtle(repo_root)
    data = tmp_path / "data"
    data.mkdir()
    _rest(turtle).serialize(data / "rest.ttl", format="turtle")
    rows = export(turtle, DEFAULT_BASE_IRI)
    for sheet in SHEETS:
        if sheet.name in rows:
            write_sheet(data / sheet.file_name, sheet, rows[sheet.name])
    files = sorted(data.glob("*.ttl")) + sorted(data.glob("*.csv"))
    return fill_graph(Graph(), load_files(files).quads())


def _named(graph: Graph) -> list[str]:
    triples = (t for t in graph if not isinstance(t[0], BNode))
    return sorted(" ".join(term.n3() for term in t) for t in triples)[:9]


def test_osnabrueck_as_csv_builds_the_same_graph(repo_root: Path, tmp_path: Path) -> None:
    turtle = _turtle(repo_root)
    mixed = _mixed(repo_root, tmp_path)
    if not isomorphic(turtle, mixed):
        _both, only_turtle, only_csv = graph_diff(turtle, mixed)
        shown = [_named(g) for g in (only_turtle, only_csv)]
        raise AssertionError(f"only in Turtle: {shown[0]}\nonly from CSV: {shown[1]}")


def test_the_sheets_are_plain(repo_root: Path, tmp_path: Path) -> None:
    _mixed(repo_root, tmp_path)
    cities = (tmp_path / "data" / "cities.csv").read_text(encoding="utf-8-sig")
    header = cities.splitlines()[0]
    assert header.startswith("id,name_de,name_en,native_name,native_language")
    assert "@" not in header and "xsd" not in cities and "POINT" not in cities
    relations = (tmp_path / "data" / "relations.csv").read_text(encoding="utf-8-sig")
    assert len(relations.strip().splitlines()) == 1 + len(
        set(_turtle(repo_root).subjects(RDF.type, TW.CityRelation))
    )
