"""Names (de/en) of the Wikidata items the data links to, captured at build time (``labels.ttl``).

The data links cities and countries to Wikidata items (``owl:sameAs wd:Q9920``,
``tw:country wd:Q55``); pages and SPARQL answers should name them ("Niederlande",
"Netherlands"), not show ``Q55``. The names come only from sources the project bundles
(:mod:`lod.worlddata`), never from memory and never from a request at serving time:

- a country's German name from German Wikivoyage's CountryData module
  (``wikivoyage-countries-de.tsv``), its English name from the 2026 cities file's ``country``
  column, joined through the ISO 3166 code when exactly one item has that code;
- a city's English name from the 2026 cities file, else its name in the 2016 crawl (whose
  language is not recorded: an untagged literal).

An item none of them names keeps its IRI. The file describes itself: a node
``{dataset}#wikidata-labels`` with the sources the names came from (``dct:source``).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from lod.namespaces import WD
from lod.uris import part_iri
from lod.worlddata import HERE, SOURCE_2016, SOURCE_2026_CITIES, load_world

COUNTRIES_FILE = "wikivoyage-countries-de.tsv"
SOURCE_COUNTRIES_DE = (
    "https://github.com/sousakak/WikivoyageModules/blob/"
    "b4bf5317f8bf6eee8d8e2b91f4145fd85a6326e9/vCard/CountryData/Geography.lua"
)
PART = "wikidata-labels"
TITLE = {
    "de": "Namen der verknüpften Wikidata-Objekte",
    "en": "Names of the linked Wikidata items",
}
DESCRIPTION = {
    "de": "Beim Bau aus den mitgelieferten Quellen übernommen; Objekte ohne bekannten Namen "
    "behalten ihre IRI.",
    "en": "Taken at build time from the bundled sources; items with no known name keep their IRI.",
}


@dataclass(frozen=True)
class Name:
    text: str
    lang: str | None  # None: the source does not say which language
    source: str


@dataclass
class LabelTable:
    """Wikidata QID → its names, each with the source it comes from."""

    names: dict[str, list[Name]] = field(default_factory=dict)

    def add(self, qid: str, name: Name) -> None:
        if name.text.strip():
            self.names.setdefault(qid, []).append(name)

    def of(self, qid: str) -> list[Name]:
        return self.names.get(qid, [])


@cache
def label_table() -> LabelTable:
    """Every name the bundled sources give, countries first (a QID is one or the other)."""
    table = LabelTable()
    english = _country_names_en()
    for qid, iso, name_de in _countries_de():
        table.add(qid, Name(name_de, "de", SOURCE_COUNTRIES_DE))
        if iso in english:
            table.add(qid, Name(english[iso], "en", SOURCE_2026_CITIES))
    world = load_world()
    for qid, city in world.cities.items():
        if qid not in table.names:
            table.add(qid, Name(city.name, "en", SOURCE_2026_CITIES))
    for qid, name in world.names_2016.items():
        if qid not in table.names:
            table.add(qid, Name(name, None, SOURCE_2016))
    return table


def _countries_de() -> list[tuple[str, str, str]]:
    text = (HERE / COUNTRIES_FILE).read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(row["qid"], row["iso_3166"], row["name_de"]) for row in rows]


def _country_names_en() -> dict[str, str]:
    """ISO code → English country name, for the codes exactly one Wikivoyage item has and one
    name in the 2026 file spells."""
    items_per_code = Counter(iso for _, iso, _ in _countries_de() if iso)
    spellings: dict[str, set[str]] = {}
    for city in load_world().cities.values():
        spellings.setdefault(city.country_code, set()).add(city.country)
    return {
        code: next(iter(names))
        for code, names in spellings.items()
        if code and len(names) == 1 and items_per_code.get(code) == 1
    }


def linked_items(store: ox.Store, graphs: Iterable[Graph] = ()) -> list[str]:
    """The QIDs of the Wikidata items the data (``store``) and the publication metadata
    (``graphs``: the catalog) name, as subject or object, sorted."""
    query = (
        "SELECT DISTINCT ?x WHERE { { ?s ?p ?x } UNION { ?x ?p ?o } "
        f'FILTER (isIRI(?x) && STRSTARTS(STR(?x), "{WD}")) }}'
    )
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    iris = {str(row[0].value) for row in result}
    for graph in graphs:
        iris |= {str(t) for s, _, o in graph for t in (s, o) if str(t).startswith(str(WD))}
    qids = {iri[len(str(WD)) :] for iri in iris}
    return sorted(q for q in qids if q.startswith("Q") and q[1:].isdigit())


def labels_graph(qids: Iterable[str], dataset: str, table: LabelTable | None = None) -> Graph:
    """``wd:Q… rdfs:label`` for every item of ``qids`` a source names, and the label set's
    own description with the sources actually used."""
    table = table or label_table()
    graph = Graph()
    sources: set[str] = set()
    for qid in qids:
        for name in table.of(qid):
            graph.add((URIRef(str(WD) + qid), RDFS.label, Literal(name.text, lang=name.lang)))
            sources.add(name.source)
    if sources:
        _describe(graph, URIRef(part_iri(dataset, PART)), URIRef(dataset), sources)
    return graph


def _describe(graph: Graph, node: URIRef, dataset: URIRef, sources: Iterable[str]) -> None:
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, DCTERMS.isPartOf, dataset))
    _texts(graph, node, RDFS.label, TITLE)
    _texts(graph, node, DCTERMS.description, DESCRIPTION)
    for source in sorted(sources):
        graph.add((node, DCTERMS.source, URIRef(source)))


def _texts(graph: Graph, node: URIRef, predicate: URIRef, texts: Mapping[str, str]) -> None:
    for lang, text in texts.items():
        graph.add((node, predicate, Literal(text, lang=lang)))
