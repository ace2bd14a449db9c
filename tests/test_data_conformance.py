"""Rules every publication's sources meet, whichever city they are about.

Each check runs twice (the ``publication`` fixture): on the project under test (the repository's
Osnabrück publication, or the project ``LOD_PROJECT_DIR`` names) and on a fresh ``lod init``
project of another city. What only the Osnabrück publication says (twelve cities, seven and four
relations, its dates and claims) is in tests/osnabrueck/. No inference: the data carries its types
explicitly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from lod.namespaces import ontology_ns
from lod.uris import THING_TYPES
from lod_projects import Project, SourceGraphs, shacl_report

SH = Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def sources(publication: Project, sources_of: Callable[[Project], SourceGraphs]) -> SourceGraphs:
    return sources_of(publication)


@pytest.fixture(scope="module")
def ontology(sources: SourceGraphs) -> Graph:
    return sources.ontology


@pytest.fixture(scope="module")
def data(sources: SourceGraphs) -> Graph:
    return sources.data


@pytest.fixture(scope="module")
def shapes(sources: SourceGraphs) -> Graph:
    return sources.shapes


@pytest.fixture(scope="module")
def tw(publication: Project) -> Namespace:
    return ontology_ns(publication.base)


@pytest.fixture(scope="module")
def report(ontology: Graph, data: Graph, shapes: Graph) -> Graph:
    return shacl_report(ontology, data, shapes)


def _languages(graph: Graph, subject: Node, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


# --- the shapes -----------------------------------------------------------------------


def test_ontology_and_data_conform_without_violations(report: Graph) -> None:
    violations = {
        (report.value(r, SH.sourceShape), report.value(r, SH.focusNode))
        for r in report.objects(None, SH.result)
        if report.value(r, SH.resultSeverity) == SH.Violation
    }
    assert violations == set()


def test_warnings_are_about_the_data_only(report: Graph, ontology: Graph) -> None:
    """A warning names a gap in the data (an unknown date, name, ...), never the ontology."""
    focus = {report.value(r, SH.focusNode) for r in report.objects(None, SH.result)}
    assert not {node for node in focus if node is not None and (node, None, None) in ontology}


# --- relations and cities ---------------------------------------------------------------


def test_every_relation_joins_its_home_city_and_one_partner(data: Graph, tw: Namespace) -> None:
    homes = set(data.objects(None, tw.homeCity))
    networks = {data.value(n, tw.homeCity) for n in data.subjects(RDF.type, tw.TwinningNetwork)}
    relations = set(data.subjects(RDF.type, tw.CityRelation))
    assert relations
    for relation in relations:
        cities = set(data.objects(relation, tw.city))
        home = data.value(relation, tw.homeCity)
        assert len(cities) == 2 and home in cities, relation
        assert home in networks & homes, relation


def test_no_partner_is_listed_twice_for_a_home_city(data: Graph, tw: Namespace) -> None:
    pairs = Counter(
        (data.value(r, tw.homeCity), frozenset(data.objects(r, tw.city)))
        for r in data.subjects(RDF.type, tw.CityRelation)
    )
    assert [pair for pair, n in pairs.items() if n > 1] == []


def test_a_wikidata_item_names_one_city(data: Graph, tw: Namespace) -> None:
    items = Counter(
        item
        for city in data.subjects(RDF.type, tw.City)
        for item in data.objects(city, OWL.sameAs)
        if str(item).startswith("http://www.wikidata.org/entity/")
    )
    assert [item for item, n in items.items() if n > 1] == []


def test_every_city_has_a_name(data: Graph, tw: Namespace) -> None:
    assert [c for c in data.subjects(RDF.type, tw.City) if data.value(c, RDFS.label) is None] == []


def test_unconfirmed_facts_name_their_source(data: Graph, tw: Namespace) -> None:
    """Rows seeded from elsewhere (``confirmed = no``) say where they come from."""
    unconfirmed = set(data.subjects(tw.confirmed, Literal(False)))
    assert {s for s in unconfirmed if data.value(s, DCTERMS.source) is None} == set()


# --- form of the sources ----------------------------------------------------------------


def test_every_ontology_term_is_documented(ontology: Graph, tw: Namespace) -> None:
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(tw))}
    terms.discard(URIRef(str(tw)))
    assert len(terms) > 40
    for term in terms:
        assert {"de", "en"} <= _languages(ontology, term, RDFS.label), term
        assert ontology.value(term, RDFS.comment) is not None, term
        assert ontology.value(term, RDFS.isDefinedBy) == URIRef(str(tw)), term


def test_ontology_header(ontology: Graph, tw: Namespace) -> None:
    header = URIRef(str(tw))
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionIRI) is not None
    assert ontology.value(header, DCTERMS.license) is not None
    assert _languages(ontology, header, RDFS.label) == {"de", "en"}


def test_every_term_used_is_defined(
    ontology: Graph, data: Graph, shapes: Graph, tw: Namespace
) -> None:
    defined = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    used = {
        term
        for graph in (data, shapes)
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and term.startswith(str(tw))
    }
    assert used - defined == set()


def test_no_derived_triples_in_the_sources(data: Graph, tw: Namespace) -> None:
    # Computed by the build (docs/model.md, "Derived by the build"): never in the sources.
    derived = {tw.twinnedWith, tw.wikidataItem, tw.currentStatus}
    assert {p for p in data.predicates() if p in derived} == set()


def test_every_fact_bearing_subject_has_a_source(data: Graph) -> None:
    vocabulary = set(data.subjects(RDF.type, SKOS.Concept)) | set(
        data.subjects(RDF.type, SKOS.ConceptScheme)
    )
    unsourced = {
        s for s in set(data.subjects()) - vocabulary if data.value(s, DCTERMS.source) is None
    }
    assert unsourced == set()


def test_subject_iris_follow_the_uri_scheme(data: Graph, publication: Project) -> None:
    # "network" is requested as a thing type in lod.uris.THING_TYPES (see docs/model.md).
    types = set(THING_TYPES) | {"network"}
    for subject in set(data.subjects()):
        if isinstance(subject, BNode):
            continue
        path = str(subject).removeprefix(publication.base)
        kind, _, slug = path.removeprefix("id/").partition("/")
        assert path.startswith("id/") and kind in types, subject
        assert slug == slug.lower() and slug.isascii() and slug, subject


def test_agreement_slugs_carry_their_date(data: Graph, tw: Namespace) -> None:
    for agreement in data.subjects(RDF.type, tw.Agreement):
        signed = data.value(agreement, tw.signedOn)
        if signed is not None:
            assert str(agreement).endswith(f"-{signed}"), agreement
