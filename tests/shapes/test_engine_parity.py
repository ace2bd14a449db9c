"""pyshacl-turbo, the gate's engine, gives exactly pyshacl's report.

Both engines run through the same report code (:func:`lod.publisher.shacl.validate`), and the
full lists of findings (severity, resource, property, value, message, source file, shape) must be
equal: on every shape example, valid and invalid, and on a generated twin-city graph with
violations of every kind of constraint the shapes use injected into it (SHACL-SPARQL with
``$this``, sh:or, sh:node, inverse paths, qualified shapes, patterns, ranges, datatypes, blank
focus nodes, warnings).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from lod.namespaces import DEFAULT_BASE_IRI
from lod.publisher.gate import PYSHACL, TURBO
from lod.publisher.pipeline import publication_prefixes
from lod.publisher.shacl import Finding, Report, load_shapes, validate
from lod.publisher.sources import load_files

pytest.importorskip("pyshacl_turbo")

HERE = Path(__file__).parent
REPO = HERE.parent.parent
SHAPES = [REPO / "shapes" / "lod.shapes.ttl"]
EXAMPLES = sorted(p.name for p in HERE.glob("*.ttl") if not p.name.startswith("_"))
PREFIXES = publication_prefixes(DEFAULT_BASE_IRI)
NO_SPLIT = 10**9  # pyshacl on one process: the two-process split has its own test

# Violations injected into the generated graph, one or more per kind of constraint.
INJECTED = """@prefix tw: <https://w3id.org/twinning/ontology/> .
@prefix city: <https://w3id.org/twinning/id/city/> .
@prefix rel: <https://w3id.org/twinning/id/relation/> .
@prefix agr: <https://w3id.org/twinning/id/agreement/> .
@prefix kind: <https://w3id.org/twinning/id/concept/relation-kind/> .
@prefix status: <https://w3id.org/twinning/id/concept/relation-status/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix geosparql: <http://www.opengis.net/ont/geosparql#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

# A city: latitude out of range, longitude a string, a bad country code, two German labels,
# no English label (a warning), a blank geometry node whose WKT does not parse.
city:bad-coordinates a tw:City ;
    rdfs:label "Falsch"@de, "Ganz falsch"@de ;
    tw:countryCode "de" ;
    tw:country wd:Q183 ;
    owl:sameAs wd:Q899999999 ;
    geo:lat 123.5 ; geo:long "8.0" ;
    geosparql:hasGeometry [ a geosparql:Geometry ; geosparql:asWKT "POINT(x y)" ] ;
    dct:source <https://example.org/bench/source> .

# Same Wikidata item as a generated city (SHACL-SPARQL: distinct cities), WKT not its lat/long.
city:gen-twin a tw:City ;
    rdfs:label "Zwilling"@de, "Twin"@en ;
    tw:country wd:Q183 ;
    owl:sameAs wd:Q900000001 ;
    geo:lat 10.0 ; geo:long 20.0 ;
    geosparql:hasGeometry city:gen-twin-geometry ;
    dct:source <https://example.org/bench/source> .
city:gen-twin-geometry a geosparql:Geometry ;
    geosparql:asWKT "POINT(20.5 10.0)"^^geosparql:wktLiteral ;
    dct:source <https://example.org/bench/source> .

# A relation of the same city under two IRIs, a home city that is not a party and has no
# network (SHACL-SPARQL with $this; sh:node over an inverse path), a start date that is no
# date (sh:or), a kind from the status scheme (sh:node + sh:hasValue), no agreement (warning).
rel:bad-one a tw:CityRelation ;
    rdfs:label "Falsch"@de, "Wrong"@en ;
    tw:city city:gen-0000001, city:gen-twin ;
    tw:homeCity city:bad-coordinates ;
    tw:relationKind status:active ;
    tw:startDate "sometime" ;
    tw:status rel:bad-one ;
    dct:source <https://example.org/bench/source> .

# An agreement: signed on a string, of no relation (inverse path, minCount).
agr:orphan a tw:Agreement ;
    rdfs:label "Waise"@de, "Orphan"@en ;
    tw:signedOn "1990-01-01" ;
    tw:signedAt "Rathaus"@de, "Town hall"@de ;
    dct:source <https://example.org/bench/source> .
"""


def findings(report: Report) -> list[Finding]:
    return sorted(report.findings, key=repr)


def both(files: list[Path]) -> tuple[list[Finding], list[Finding]]:
    """(pyshacl-turbo's, pyshacl's) findings over the same parsed sources."""
    sources = load_files(files)
    shapes = load_shapes(SHAPES)
    turbo = validate(sources, shapes, PREFIXES, engine=TURBO)
    reference = validate(sources, shapes, PREFIXES, NO_SPLIT, engine=PYSHACL)
    return findings(turbo), findings(reference)


@pytest.mark.parametrize("name", EXAMPLES)
def test_shape_example_same_report(name: str) -> None:
    files = [REPO / "data" / "concepts.ttl", HERE / "_context.ttl", HERE / name]
    turbo, reference = both(files)
    assert turbo == reference
    if name.endswith(".invalid.ttl"):
        assert any(f.severity == "Violation" for f in reference)


@pytest.mark.slow
def test_generated_graph_with_injected_violations_same_report(tmp_path: Path) -> None:
    data = tmp_path / "data"
    generator = REPO / "bench" / "generate.py"
    generate = [sys.executable, str(generator), "--triples", "4000", "--out", str(data)]
    subprocess.run([*generate, "--data", str(REPO / "data")], check=True, capture_output=True)
    (data / "injected.ttl").write_text(INJECTED, encoding="utf-8")
    ontology = sorted((REPO / "ontology").glob("*.ttl"))
    turbo, reference = both([*ontology, *sorted(data.glob("*.ttl"))])
    assert turbo == reference
    injected = [f for f in reference if "injected.ttl" in " ".join(f.files)]
    shapes = Counter(f.shape.removeprefix("shapes:") for f in injected)
    assert {
        "CityShape-lat",
        "CityShape-long",
        "CityShape-countryCode",
        "CityShape-labelUniqueLang",
        "CityShape-labelEn",
        "CityShape-wktMatchesLatLong",
        "GeometryShape-asWKT",
        "CityRelationShape-distinctCities",
        "CityRelationShape-homeCityIsParty",
        "CityRelationShape-inNetwork",
        "CityRelationShape-startDate",
        "CityRelationShape-relationKind",
        "CityRelationShape-agreementKnown",
        "AgreementShape-signedOn",
        "AgreementShape-agreementOf",
        "AgreementShape-signedAt",
    } <= set(shapes)
    assert any(f.focus.startswith("_:") for f in injected)  # the blank geometry node
