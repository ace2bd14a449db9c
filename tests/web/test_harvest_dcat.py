"""The catalog as served at /catalog, and everything a harvester merges (VoID, catalog, the
dataset's and catalog's documents, the endpoint's DCAT triples), against the official shapes:
DCAT-AP 3.0.1 and DCAT-AP.de 3.0, no violation allowed (the residue is printed).

Shapes from ../shared/standards (see the READMEs there): DCAT-AP 3.0.1 ``shapes.ttl`` (the
"must" constraints) and ``range.ttl`` (class ranges), which work offline; the recommended shapes
are run too and their warnings printed. SEMIC's generated all-in-one ``dcat-ap-SHACL.ttl`` of
3.0.1 is not used: pyshacl rejects some of its property shapes as malformed. DCAT-AP.de 3.0 is the
SEMIC 3.0.0 all-in-one with the German layer on top, as dcat-ap-de/README.md says; its
controlled-vocabulary shapes need vocabularies that are not available offline.
"""

from __future__ import annotations

from pathlib import Path

import lod_publication as pub
import pyshacl
import pytest
import rdflib
from flask.testing import FlaskClient
from lod_publication import parse
from rdflib.namespace import DCAT, DCTERMS, SH

pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store
pub_app, ld = pub.pub_app, pub.ld

DCAT_AP = "standards/dcat-ap/3.0.1"
DCAT_AP_DE = (
    "standards/dcat-ap/3.0.0/dcat-ap-SHACL.ttl",
    "standards/dcat-ap-de/3.0/dcat-ap-SHACL-DE.ttl",
    "standards/dcat-ap-de/3.0/dcat-ap-spec-german-additions.ttl",
    "standards/dcat-ap-de/3.0/dcat-ap-de-deprecated.ttl",
)
DCAT_AP_DE_CEILING = 0  # violations allowed; lower it, never raise it


def served_catalog(ld: FlaskClient, media_type: str = "application/ld+json") -> rdflib.Graph:
    response = ld.get("/catalog", headers={"Accept": media_type})
    assert response.status_code == 200
    return parse(response.data, media_type)


def validate(data: rdflib.Graph, shared: Path, files: tuple[str, ...]) -> list[dict[str, str]]:
    shapes = rdflib.Graph()
    for name in files:
        shapes.parse(shared / name)
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True
    )
    assert isinstance(report, rdflib.Graph)
    results = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        results.append(
            {
                "severity": str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                "focus": str(report.value(result, SH.focusNode)),
                "path": str(report.value(result, SH.resultPath)),
                "message": str(report.value(result, SH.resultMessage)),
            }
        )
    return sorted(results, key=lambda r: (r["severity"], r["path"], r["focus"]))


def show(title: str, results: list[dict[str, str]]) -> None:
    print(f"\n{title}: {len(results)} result(s)")
    for r in results:
        print(f"  {r['severity']}: {r['focus']} {r['path']}: {r['message']}")


@pytest.mark.parametrize(
    "media_type", ["application/ld+json", "text/turtle", "application/rdf+xml"]
)
def test_catalog_conforms_to_dcat_ap_3_0_1(
    ld: FlaskClient, shared_dir: Path, media_type: str
) -> None:
    files = (f"{DCAT_AP}/shapes.ttl", f"{DCAT_AP}/range.ttl")
    results = validate(served_catalog(ld, media_type), shared_dir, files)
    show(f"DCAT-AP 3.0.1 shapes + range ({media_type})", results)
    assert [r for r in results if r["severity"] == "Violation"] == []


def test_catalog_recommended_dcat_ap_3_0_1(ld: FlaskClient, shared_dir: Path) -> None:
    results = validate(served_catalog(ld), shared_dir, (f"{DCAT_AP}/shapes_recommended.ttl",))
    show("DCAT-AP 3.0.1 recommended (warnings only)", results)
    assert {r["severity"] for r in results} <= {"Warning", "Info"}


def test_catalog_against_dcat_ap_de_3_0(ld: FlaskClient, shared_dir: Path) -> None:
    results = validate(served_catalog(ld), shared_dir, DCAT_AP_DE)
    show("DCAT-AP.de 3.0 (on DCAT-AP 3.0.0)", results)
    violations = [r for r in results if r["severity"] == "Violation"]
    assert len(violations) <= DCAT_AP_DE_CEILING


@pytest.mark.parametrize("profile", ["dcat-ap", "dcat-ap-de"])
def test_the_shapes_catch_a_broken_catalog(ld: FlaskClient, shared_dir: Path, profile: str) -> None:
    """Without a dataset description and access URLs the same shapes must object (so the
    zero above means something)."""
    catalog = served_catalog(ld)
    catalog.remove((None, DCTERMS.description, None))
    catalog.remove((None, DCAT.accessURL, None))
    files = (f"{DCAT_AP}/shapes.ttl",) if profile == "dcat-ap" else DCAT_AP_DE
    paths = {
        r["path"] for r in validate(catalog, shared_dir, files) if r["severity"] == "Violation"
    }
    assert {str(DCTERMS.description), str(DCAT.accessURL)} <= paths


# --- what a harvester merges ------------------------------------------------------------------

DCAT_QUERY = """PREFIX dcat: <http://www.w3.org/ns/dcat#>
CONSTRUCT { ?s ?p ?o . ?o ?q ?v } WHERE {
  VALUES ?type { dcat:Catalog dcat:Dataset dcat:Distribution dcat:DataService }
  ?s a ?type ; ?p ?o .
  OPTIONAL { ?o ?q ?v }
}"""
HARVESTED = (
    "/.well-known/void",
    "/catalog",
    "/id/catalog/osnabrueck-twinning",  # 303 to its document
    "/id/dataset/osnabrueck-twinning",
)


def harvest(ld: FlaskClient, media_type: str) -> rdflib.Graph:
    """Each document parsed on its own (so each mints its own blank nodes) and merged."""
    merged = rdflib.Graph()
    for path in HARVESTED:
        response = ld.get(path, headers={"Accept": media_type}, follow_redirects=True)
        assert response.status_code == 200, path
        merged += parse(response.data, media_type)
    response = ld.get("/sparql", query_string={"query": DCAT_QUERY},
                      headers={"Accept": media_type})  # fmt: skip
    assert response.status_code == 200
    answer = parse(response.data, media_type)
    assert (None, DCAT.byteSize, None) in answer  # the endpoint's distributions are in the merge
    return merged + answer


@pytest.mark.parametrize(
    "media_type", ["text/turtle", "application/ld+json", "application/rdf+xml"]
)
def test_merged_harvest_conforms_to_dcat_ap_3_0_1(
    ld: FlaskClient, shared_dir: Path, media_type: str
) -> None:
    files = (f"{DCAT_AP}/shapes.ttl", f"{DCAT_AP}/range.ttl")
    results = validate(harvest(ld, media_type), shared_dir, files)
    show(f"merged harvest, DCAT-AP 3.0.1 shapes + range ({media_type})", results)
    assert [r for r in results if r["severity"] == "Violation"] == []


def test_merged_harvest_conforms_to_dcat_ap_de_3_0(ld: FlaskClient, shared_dir: Path) -> None:
    results = validate(harvest(ld, "text/turtle"), shared_dir, DCAT_AP_DE)
    show("merged harvest, DCAT-AP.de 3.0", results)
    assert [r for r in results if r["severity"] == "Violation"] == []


def test_a_blank_node_publisher_would_not_survive_the_merge(
    ld: FlaskClient, shared_dir: Path
) -> None:
    """As it was: each document minted its own blank node for the publisher."""
    merged = harvest(ld, "text/turtle")
    dataset = rdflib.URIRef("https://w3id.org/twinning/id/dataset/osnabrueck-twinning")
    for publisher in list(merged.objects(dataset, DCTERMS.publisher)):
        for _ in range(2):
            copy = rdflib.BNode()
            merged.add((dataset, DCTERMS.publisher, copy))
            for p, o in merged.predicate_objects(publisher):
                merged.add((copy, p, o))
    violations = {
        (r["focus"], r["path"])
        for r in validate(merged, shared_dir, DCAT_AP_DE)
        if r["severity"] == "Violation"
    }
    assert (str(dataset), str(DCTERMS.publisher)) in violations
