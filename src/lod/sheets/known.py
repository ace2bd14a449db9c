"""What the sheets refer to: cities, relations, agreements, exchange programmes, exchanges,
sources and concepts, whether they come from Turtle or from another sheet, each findable by id
(slug) and cities also by name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Namespace

from lod.namespaces import RDF, RDFS, SKOS, ontology_ns
from lod.uris import parse_thing


@dataclass
class CityInfo:
    slug: str
    labels: dict[str, str] = field(default_factory=dict)  # language ("" = unknown) → name
    names: set[str] = field(default_factory=set)  # every name it may be referred to by
    native_language: str | None = None

    def label(self, language: str) -> str:
        """The name to show in ``language``: that label, else any known one, else the id."""
        for lang in (language, "", "en", "de"):
            if lang in self.labels:
                return self.labels[lang]
        return next(iter(self.labels.values()), self.slug)


@dataclass
class RelationInfo:
    slug: str
    home: str
    partner: str


@dataclass
class Known:
    base_iri: str
    cities: dict[str, CityInfo] = field(default_factory=dict)
    relations: dict[str, RelationInfo] = field(default_factory=dict)
    agreements: set[str] = field(default_factory=set)
    programmes: dict[str, dict[str, str]] = field(default_factory=dict)  # slug → lang → name
    exchanges: set[str] = field(default_factory=set)
    sources: dict[str, str] = field(default_factory=dict)  # id of sources.csv → web address
    network_homes: list[str] = field(default_factory=list)
    # scheme → concept value → language → preferred label
    concepts: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def city_by_name(self) -> dict[str, list[str]]:
        """Lower-cased id or name → the slugs of the cities so called."""
        index: dict[str, list[str]] = {}
        for city in self.cities.values():
            for key in {city.slug, *city.names}:
                slugs = index.setdefault(key.casefold(), [])
                if city.slug not in slugs:
                    slugs.append(city.slug)
        return index

    def concept_values(self, scheme: str) -> list[str]:
        return sorted(self.concepts.get(scheme, {}))

    def concept_label(self, scheme: str, value: str, language: str) -> str:
        return self.concepts.get(scheme, {}).get(value, {}).get(language, value)


def from_turtle(quads: Iterable[ox.Quad], base_iri: str) -> Known:
    """The things the Turtle sources define (read from their triples, no store needed)."""
    known = Known(base_iri)
    tw = ontology_ns(base_iri)
    types: dict[str, str] = {}
    by_subject: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        if isinstance(quad.subject, ox.NamedNode):
            by_subject.setdefault(quad.subject.value, []).append(quad)
            if quad.predicate.value == str(RDF.type):
                types[quad.subject.value] = _value(quad.object)
    for iri, subject_quads in by_subject.items():
        parsed = parse_thing(iri, base_iri)
        if parsed is None:
            continue
        kind = types.get(iri)
        if kind == str(tw.City):
            known.cities[parsed.slug] = _city(parsed.slug, subject_quads, str(tw.nativeLabel))
        elif kind == str(tw.CityRelation):
            _relation(known, parsed.slug, subject_quads, tw)
        elif kind == str(tw.Agreement):
            known.agreements.add(parsed.slug)
        elif kind == str(tw.ExchangeProgramme):
            known.programmes[parsed.slug] = _labels(subject_quads)
        elif kind == str(tw.Exchange):
            known.exchanges.add(parsed.slug)
        elif kind == str(tw.TwinningNetwork):
            homes = [
                _value(q.object) for q in subject_quads if q.predicate.value == str(tw.homeCity)
            ]
            known.network_homes += [_slug(h, base_iri) for h in homes]
        if parsed.kind == "concept":
            _concept(known, parsed.slug, subject_quads)
    return known


def _value(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else ""


def _slug(iri: str, base_iri: str) -> str:
    parsed = parse_thing(iri, base_iri)
    return parsed.slug if parsed else iri


def _city(slug: str, quads: list[ox.Quad], native_label: str) -> CityInfo:
    city = CityInfo(slug)
    for quad in quads:
        term = quad.object
        if not isinstance(term, ox.Literal):
            continue
        if quad.predicate.value in (str(RDFS.label), str(SKOS.altLabel), native_label):
            city.names.add(term.value)
        if quad.predicate.value == str(RDFS.label):
            city.labels.setdefault(term.language or "", term.value)
        if quad.predicate.value == native_label and term.language:
            city.native_language = term.language
    return city


def _labels(quads: list[ox.Quad]) -> dict[str, str]:
    return {
        quad.object.language or "": quad.object.value
        for quad in quads
        if quad.predicate.value == str(RDFS.label) and isinstance(quad.object, ox.Literal)
    }


def _relation(known: Known, slug: str, quads: list[ox.Quad], tw: Namespace) -> None:
    home = next((_value(q.object) for q in quads if q.predicate.value == str(tw.homeCity)), "")
    cities = [_value(q.object) for q in quads if q.predicate.value == str(tw.city)]
    base = known.base_iri
    partner = next((c for c in cities if c != home), "")
    known.relations[slug] = RelationInfo(slug, _slug(home, base), _slug(partner, base))


def _concept(known: Known, slug: str, quads: list[ox.Quad]) -> None:
    if "/" not in slug:
        return
    scheme, value = slug.split("/", 1)
    labels = known.concepts.setdefault(scheme, {}).setdefault(value, {})
    for quad in quads:
        if quad.predicate.value == str(SKOS.prefLabel) and isinstance(quad.object, ox.Literal):
            labels[quad.object.language or ""] = quad.object.value
