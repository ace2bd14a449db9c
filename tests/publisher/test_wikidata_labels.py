"""Names of the linked Wikidata items: only from the bundled sources, each with its source."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from rdflib.namespace import DCTERMS, RDFS

from lod.publisher.wikidata_labels import (
    SOURCE_COUNTRIES_DE,
    LabelTable,
    Name,
    label_table,
    labels_graph,
    linked_items,
)
from lod.worlddata import SOURCE_2016, SOURCE_2026_CITIES

WD = "http://www.wikidata.org/entity/"
DATASET = "https://w3id.org/twinning/id/dataset/osnabrueck-twinning"


def labels(graph: rdflib.Graph, qid: str) -> set[tuple[str, str | None]]:
    return {
        (str(o), o.language)
        for o in graph.objects(rdflib.URIRef(WD + qid), RDFS.label)
        if isinstance(o, rdflib.Literal)
    }


def test_countries_in_german_from_wikivoyage_and_in_english_from_the_2026_file() -> None:
    graph = labels_graph(["Q55", "Q30", "Q884"], DATASET)
    assert labels(graph, "Q55") == {("Niederlande", "de"), ("Netherlands", "en")}
    assert labels(graph, "Q30") == {
        ("Vereinigte Staaten", "de"),
        ("United States of America", "en"),
    }
    assert labels(graph, "Q884") == {("Südkorea", "de"), ("South Korea", "en")}


def test_cities_from_the_2026_file_else_untagged_from_2016() -> None:
    table = label_table()
    assert [(n.text, n.lang) for n in table.of("Q9920")] == [("Haarlem", "en")]
    graph = labels_graph(["Q660580"], DATASET)
    assert labels(graph, "Q660580") == {("Gmünd in Kärnten", None)}  # language not recorded


def test_an_unknown_item_gets_no_label_and_the_label_set_names_only_used_sources() -> None:
    table = LabelTable()
    table.add("Q1", Name("One", "en", "https://example.org/a"))
    graph = labels_graph(["Q1", "Q999999999"], DATASET, table)
    assert labels(graph, "Q999999999") == set()
    node = rdflib.URIRef(DATASET + "#wikidata-labels")
    assert set(graph.objects(node, DCTERMS.source)) == {rdflib.URIRef("https://example.org/a")}
    assert (node, DCTERMS.isPartOf, rdflib.URIRef(DATASET)) in graph


def test_no_items_no_triples() -> None:
    assert len(labels_graph([], DATASET)) == 0


def test_linked_items_from_store_and_metadata() -> None:
    store = ox.Store()
    city = ox.NamedNode("https://w3id.org/twinning/id/city/haarlem")
    store.add(ox.Quad(city, ox.NamedNode("http://example.org/country"), ox.NamedNode(WD + "Q55")))
    store.add(ox.Quad(city, ox.NamedNode("http://example.org/p"), ox.NamedNode(WD + "P17")))
    catalog = rdflib.Graph()
    catalog.add((rdflib.URIRef(DATASET), DCTERMS.spatial, rdflib.URIRef(WD + "Q2916")))
    assert linked_items(store, [catalog]) == ["Q2916", "Q55"]


def test_sources_are_the_bundled_files_at_their_commits() -> None:
    for source in (SOURCE_COUNTRIES_DE, SOURCE_2026_CITIES, SOURCE_2016):
        assert "github.com" in source and any(len(p) == 40 for p in source.split("/"))
