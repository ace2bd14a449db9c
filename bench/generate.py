"""Generate a synthetic twin-city graph of the lod model, for the build benchmark.

The generated data directory holds a copy of the real ``data/*.ttl`` (so the concept schemes and
sources the shapes refer to are there) plus ``generated-*.ttl`` files with N synthetic cities and
their relations, agreements, signatures, status periods and claims. Every synthetic IRI has a
``gen-`` slug; the shapes demand one Wikidata item per city, so synthetic cities get QIDs from
Q900000000 on, far above any real item. The figures are real, the facts are not: never publish
this data.

    python bench/generate.py --triples 100000 --out /tmp/bench-100k

The triple count is approximate (within a few per cent of the target).
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

BASE = "https://w3id.org/twinning/"
TRIPLES_PER_CITY = 16
FIRST_QID = 900_000_000
TRIPLES_PER_RELATION = 33  # relation + agreement + signature + status period + (some) claims
FILE_ENTITIES = 5_000  # relations per generated file, so that parsing sees many files

PREFIXES = f"""@prefix tw: <{BASE}ontology/> .
@prefix twc: <{BASE}id/concept/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix geosparql: <http://www.opengis.net/ont/geosparql#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix city: <{BASE}id/city/> .
@prefix rel: <{BASE}id/relation/> .
@prefix agr: <{BASE}id/agreement/> .
@prefix sig: <{BASE}id/signature/> .
@prefix st: <{BASE}id/status/> .
@prefix claim: <{BASE}id/claim/> .
@prefix net: <{BASE}id/network/> .

"""
SOURCE = "<https://example.org/bench/source>"
COUNTRIES = ("Q183", "Q55", "Q142", "Q145", "Q159", "Q43", "Q45", "Q40", "Q30", "Q884", "Q148")


def concepts(data_dir: Path) -> dict[str, list[str]]:
    """Concept IRIs per scheme slug, read from the real data (``id/scheme/{slug}``)."""
    graph = Graph()
    for path in sorted(data_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    found: dict[str, list[str]] = {}
    for concept in sorted(graph.subjects(RDF.type, SKOS.Concept)):
        for scheme in graph.objects(concept, SKOS.inScheme):
            found.setdefault(str(scheme).rsplit("/", 1)[-1], []).append(f"<{concept}>")
    return found


def pick(rng: random.Random, found: dict[str, list[str]], scheme: str, default: str) -> str:
    choices = found.get(scheme) or [f"<{BASE}id/concept/{scheme}/{default}>"]
    return rng.choice(choices)


def city_block(i: int, rng: random.Random) -> str:
    lat, lon = f"{rng.uniform(-60, 70):.4f}", f"{rng.uniform(-180, 180):.4f}"
    return f"""city:gen-{i:07d} a tw:City ;
    rdfs:label "Stadt {i}"@de, "City {i}"@en ;
    skos:prefLabel "Stadt {i}"@de, "City {i}"@en ;
    tw:nativeLabel "Ciudad {i}"@es ;
    tw:country wd:{rng.choice(COUNTRIES)} ;
    owl:sameAs wd:Q{FIRST_QID + i} ;
    geo:lat {lat} ; geo:long {lon} ;
    geosparql:hasGeometry [
        a geosparql:Geometry ;
        geosparql:asWKT "POINT({lon} {lat})"^^geosparql:wktLiteral ;
        dct:source {SOURCE}
    ] ;
    dct:source {SOURCE} .
"""


def relation_block(
    n: int, home: int, partner: int, rng: random.Random, found: dict[str, list[str]]
) -> str:
    slug = f"gen-{home:07d}--gen-{partner:07d}"
    year = rng.randint(1948, 2024)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    kind = pick(rng, found, "relation-kind", "partnership")
    status = pick(rng, found, "relation-status", "active")
    agreement_type = pick(rng, found, "agreement-type", "treaty")
    block = f"""rel:{slug} a tw:CityRelation ;
    rdfs:label "Stadt {home} – Stadt {partner}"@de, "City {home} – City {partner}"@en ;
    tw:city city:gen-{home:07d}, city:gen-{partner:07d} ;
    tw:homeCity city:gen-{home:07d} ;
    tw:relationKind {kind} ;
    tw:startDate "{date}"^^xsd:date ;
    tw:agreement agr:{slug}-{date} ;
    tw:status st:{slug} ;
    dct:source {SOURCE} .
agr:{slug}-{date} a tw:Agreement ;
    rdfs:label "Vertrag {home}–{partner}"@de, "Treaty {home}–{partner}"@en ;
    tw:signedOn "{date}"^^xsd:date ;
    tw:signedAt "Rathaus"@de ;
    tw:agreementType {agreement_type} ;
    tw:signature sig:{slug}-{date}-1 ;
    dct:source {SOURCE} .
sig:{slug}-{date}-1 a tw:Signature ;
    tw:signatoryName "Person {n}" ;
    tw:signatoryOffice "Bürgermeister"@de ;
    tw:onBehalfOf city:gen-{home:07d} ;
    dct:source {SOURCE} .
st:{slug} a tw:StatusPeriod ;
    tw:statusValue {status} ;
    tw:statusSince "{year}"^^xsd:gYear ;
    tw:statusReason "Vertrag unterzeichnet"@de ;
    dct:source {SOURCE} .
"""
    if n % 2 == 0:  # every other relation carries a disputed start year
        block += f"""rel:{slug} tw:hasClaim claim:{slug}-start ; tw:disputed true .
claim:{slug}-start a tw:Claim ;
    tw:claimedProperty tw:startDate ;
    tw:claimedValue "{year - 1}" ;
    tw:claimedOn "2020"^^xsd:gYear ;
    dct:source {SOURCE} .
"""
    return block


def network_block(home: int) -> str:
    """The twinning network of a home city: the shapes demand one for every relation's home
    city (the build derives its tw:relation links)."""
    return f"""net:gen-{home:07d} a tw:TwinningNetwork ;
    rdfs:label "Partnerschaften der Stadt {home}"@de, "Partnerships of City {home}"@en ;
    tw:homeCity city:gen-{home:07d} ;
    dct:source {SOURCE} .
"""


def sizes(triples: int) -> tuple[int, int]:
    """(cities, relations) so that the generated files hold about ``triples`` triples."""
    relations = max(1, round(triples / (TRIPLES_PER_RELATION + TRIPLES_PER_CITY * 0.5)))
    cities = max(2, relations // 2)
    return cities, relations


def relation_pairs(cities: int, relations: int, rng: random.Random) -> Iterator[tuple[int, int]]:
    seen: set[tuple[int, int]] = set()
    while len(seen) < relations:
        home, partner = rng.randrange(cities), rng.randrange(cities)
        if home != partner and (home, partner) not in seen and (partner, home) not in seen:
            seen.add((home, partner))
            yield home, partner


def write(out: Path, triples: int, data_dir: Path, seed: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(data_dir.glob("*.ttl")):
        shutil.copy(path, out / path.name)
    found = concepts(data_dir)
    rng = random.Random(seed)
    cities, relations = sizes(triples)
    with open(out / "generated-cities.ttl", "w", encoding="utf-8") as f:
        f.write(PREFIXES)
        f.writelines(city_block(i, rng) for i in range(cities))
    chunk: list[str] = []
    homes: set[int] = set()
    for n, (home, partner) in enumerate(relation_pairs(cities, relations, rng)):
        chunk.append(relation_block(n, home, partner, rng, found))
        homes.add(home)
        if len(chunk) == FILE_ENTITIES:
            flush(out, n // FILE_ENTITIES, chunk)
            chunk = []
    if chunk:
        flush(out, relations // FILE_ENTITIES, chunk)
    with open(out / "generated-networks.ttl", "w", encoding="utf-8") as f:
        f.write(PREFIXES)
        f.writelines(network_block(home) for home in sorted(homes))
    print(f"{out}: {cities} cities, {relations} relations (~{triples} triples)")


def flush(out: Path, index: int, blocks: list[str]) -> None:
    with open(out / f"generated-relations-{index:03d}.ttl", "w", encoding="utf-8") as f:
        f.write(PREFIXES)
        f.writelines(blocks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="approximate triple count")
    parser.add_argument("--out", type=Path, required=True, help="data directory to write")
    parser.add_argument("--data", type=Path, default=Path("data"), help="real data to copy in")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    write(args.out, args.triples, args.data, args.seed)


if __name__ == "__main__":
    main()
