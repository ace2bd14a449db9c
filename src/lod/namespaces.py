"""The RDF namespaces lod uses; the ontology's own namespace depends on the base IRI."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    VOID,
    XSD,
)

DEFAULT_BASE_IRI = "https://w3id.org/twinning/"

WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
DBO = Namespace("http://dbpedia.org/ontology/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")
ORG = Namespace("http://www.w3.org/ns/org#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
SCHEMA = SDO


def ontology_ns(base_iri: str = DEFAULT_BASE_IRI) -> Namespace:
    """The ``tw:`` namespace under ``base_iri`` (slash namespace, see docs/model.md)."""
    return Namespace(base_iri + "ontology/")


def concept_ns(base_iri: str = DEFAULT_BASE_IRI) -> Namespace:
    return Namespace(base_iri + "id/concept/")


TW = ontology_ns()
TWC = concept_ns()

PREFIXES: dict[str, str] = {
    "tw": str(TW),
    "twc": str(TWC),
    "schema": str(SCHEMA),
    "dct": str(DCTERMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "org": str(ORG),
    "time": str(TIME),
    "geo": str(GEO),
    "geosparql": str(GEOSPARQL),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
    "wdt": str(WDT),
    "dbo": str(DBO),
    "dcat": str(DCAT),
    "void": str(VOID),
    "sd": str(SD),
    "sh": str(SH),
    "vcard": str(VCARD),
}


def prefixes_for(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """:data:`PREFIXES` with ``tw:`` and ``twc:`` under ``base_iri``: the one prefix table of
    the rules, the pages, the documents and the SPARQL answers."""
    return {**PREFIXES, "tw": str(ontology_ns(base_iri)), "twc": str(concept_ns(base_iri))}


__all__ = [
    "ADMS",
    "DBO",
    "DCAT",
    "DCATDE",
    "DCTERMS",
    "DEFAULT_BASE_IRI",
    "FOAF",
    "GEO",
    "GEOSPARQL",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "SH",
    "SKOS",
    "SPDX",
    "TIME",
    "TW",
    "TWC",
    "VCARD",
    "VOID",
    "WD",
    "WDT",
    "XSD",
    "concept_ns",
    "ontology_ns",
    "prefixes_for",
]
