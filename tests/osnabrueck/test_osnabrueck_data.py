"""The Osnabrück publication's data says what the dossier says: its cities, relations, gaps,
claims and exchanges. (The rules every publication meets: tests/test_data_conformance.py.)

Facts are checked against the shared dossier (``../shared/facts``) when it is there; those
tests skip with a reason otherwise. No inference: the data carries its types explicitly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import pytest
from rdflib import OWL, RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from lod.namespaces import DEFAULT_BASE_IRI, GEO, TW, WD
from lod_projects import REPO_ROOT, Project, SourceGraphs, shacl_report

Sources = Callable[[Project], SourceGraphs]

FACTS = REPO_ROOT.parent / "shared" / "facts" / "osnabrueck-partnerships.json"
SH = Namespace("http://www.w3.org/ns/shacl#")
# A plain Namespace: rdflib's closed XSD namespace warns when pytest inspects the module.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

CITY = Namespace(DEFAULT_BASE_IRI + "id/city/")
REL = Namespace(DEFAULT_BASE_IRI + "id/relation/")
KIND = Namespace(DEFAULT_BASE_IRI + "id/concept/relation-kind/")
STATUS = Namespace(DEFAULT_BASE_IRI + "id/concept/relation-status/")

PARTNERSHIPS = {"haarlem", "angers", "derby", "canakkale", "twer", "greifswald", "vila-real"}
FRIENDSHIPS = {"evansville", "gmuend", "hefei", "gwangmyeong"}
# Candidates shown wrong in qid-verification.md (Neuss/Lüneburg, Stralsund, unsupported).
REJECTED_QIDS = {"Q3920", "Q4065", "Q4415"}
# What is known to be unknown: the gaps the data reports as warnings, no more, no fewer.
EXPECTED_WARNINGS = {
    ("AgreementShape-signedOnKnown", "agreement/osnabrueck--angers-2004"),
    ("CityRelationShape-startDateKnown", "relation/osnabrueck--vila-real"),
    ("CityRelationShape-agreementKnown", "relation/osnabrueck--vila-real"),
    ("SignatureShape-signatoryNameKnown", "signature/osnabrueck--canakkale-2004-05-osnabrueck"),
    ("SignatureShape-signatoryNameKnown", "signature/osnabrueck--canakkale-2004-05-canakkale"),
    (
        "SignatureShape-signatoryNameKnown",
        "signature/osnabrueck--haarlem--angers-2024-05-27-haarlem",
    ),
    (
        "SignatureShape-signatoryNameKnown",
        "signature/osnabrueck--haarlem--angers-2024-05-27-osnabrueck",
    ),
}


@pytest.fixture(scope="module")
def ontology(osnabrueck: Project, sources_of: Sources) -> Graph:
    return sources_of(osnabrueck).ontology


@pytest.fixture(scope="module")
def data(osnabrueck: Project, sources_of: Sources) -> Graph:
    return sources_of(osnabrueck).data


@pytest.fixture(scope="module")
def shapes(osnabrueck: Project, sources_of: Sources) -> Graph:
    return sources_of(osnabrueck).shapes


@pytest.fixture(scope="module")
def report(ontology: Graph, data: Graph, shapes: Graph) -> Graph:
    return shacl_report(ontology, data, shapes)


@pytest.fixture(scope="module")
def dossier() -> list[dict[str, Any]]:
    if not FACTS.exists():
        pytest.skip(f"the shared facts dossier is absent ({FACTS})")
    cities: list[dict[str, Any]] = json.loads(FACTS.read_text(encoding="utf-8"))
    return cities


def _short(node: object) -> str:
    return (
        str(node).removeprefix(DEFAULT_BASE_IRI + "id/").removeprefix(DEFAULT_BASE_IRI + "shapes/")
    )


# --- the shapes -----------------------------------------------------------------------


def test_warnings_are_exactly_the_known_gaps(report: Graph) -> None:
    warnings = {
        (_short(report.value(r, SH.sourceShape)), _short(report.value(r, SH.focusNode)))
        for r in report.objects(None, SH.result)
        if report.value(r, SH.resultSeverity) == SH.Warning
    }
    assert warnings == EXPECTED_WARNINGS


# --- counts and classification --------------------------------------------------------


def _languages(graph: Graph, subject: Node, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def _slugs(nodes: Iterable[Node]) -> set[str]:
    return {str(node).rsplit("/", 1)[1] for node in nodes}


def test_twelve_cities(data: Graph) -> None:
    cities = _slugs(data.subjects(RDF.type, TW.City))
    assert cities == PARTNERSHIPS | FRIENDSHIPS | {"osnabrueck"}


def test_eleven_relations_split_seven_partnerships_four_friendships(data: Graph) -> None:
    relations = set(data.subjects(RDF.type, TW.CityRelation))
    assert len(relations) == 11
    by_kind: dict[str, set[str]] = {"partnership": set(), "friendship": set()}
    for relation in relations:
        kind = str(data.value(relation, TW.relationKind)).rsplit("/", 1)[1]
        partners = set(data.objects(relation, TW.city)) - {CITY.osnabrueck}
        by_kind[kind] |= _slugs(partners)
        assert data.value(relation, TW.homeCity) == CITY.osnabrueck
        assert relation == REL[f"osnabrueck--{_slugs(partners).pop()}"]
    assert by_kind == {"partnership": PARTNERSHIPS, "friendship": FRIENDSHIPS}


def test_trilateral_arrangement_of_1964(data: Graph) -> None:
    (arrangement,) = data.subjects(RDF.type, TW.MultilateralArrangement)
    assert _slugs(data.objects(arrangement, TW.city)) == {"osnabrueck", "haarlem", "angers"}
    assert data.value(arrangement, TW.startDate) == Literal("1964", datatype=XSD.gYear)


# --- the dossier ------------------------------------------------------------------------


def test_every_city_is_the_verified_wikidata_item(
    data: Graph, dossier: list[dict[str, Any]]
) -> None:
    expected = {(CITY[c["id"]], WD[c["wikidata_qid"]]) for c in dossier if c["qid_verified"]}
    assert len(expected) == 12
    actual = {
        (city, item)
        for city in data.subjects(RDF.type, TW.City)
        for item in data.objects(city, OWL.sameAs)
    }
    assert actual == expected


def test_countries_coordinates_and_kinds_match_the_dossier(
    data: Graph, dossier: list[dict[str, Any]]
) -> None:
    for entry in dossier:
        city = CITY[entry["id"]]
        assert data.value(city, TW.country) == WD[entry["country"]["qid"]], entry["id"]
        # Compared as decimals: 8.050 in the data is 8.05 in the JSON.
        assert data.value(city, GEO.lat).toPython() == Decimal(str(entry["lat"])), entry["id"]
        assert data.value(city, GEO.long).toPython() == Decimal(str(entry["lon"])), entry["id"]
        if entry["relation_kind"]:
            relation = REL[f"osnabrueck--{entry['id']}"]
            assert data.value(relation, TW.relationKind) == KIND[entry["relation_kind"]]


def test_no_rejected_qid_appears(
    ontology: Graph, data: Graph, dossier: list[dict[str, Any]]
) -> None:
    rejected = set(REJECTED_QIDS)
    for entry in dossier:
        rejected |= set(entry.get("qid_rejected") or {})
        if entry.get("qid_candidate") and entry["qid_candidate"] != entry["wikidata_qid"]:
            rejected.add(entry["qid_candidate"])
    used = {str(term) for triple in ontology + data for term in triple}
    assert not {str(WD[qid]) for qid in rejected} & used


def test_unknown_values_stay_absent(data: Graph) -> None:
    vila_real = REL["osnabrueck--vila-real"]
    assert data.value(vila_real, TW.startDate) is None
    assert data.value(vila_real, TW.agreement) is None


def test_twer_is_dormant_since_2022_with_a_reason(data: Graph) -> None:
    (period,) = data.objects(REL["osnabrueck--twer"], TW.status)
    assert data.value(period, TW.statusValue) == STATUS.dormant
    assert data.value(period, TW.statusSince) == Literal("2022", datatype=XSD.gYear)
    assert _languages(data, period, TW.statusReason) == {"de", "en"}


def test_gwangmyeong_start_rests_on_the_korean_source_only(data: Graph) -> None:
    (claim,) = data.objects(REL["osnabrueck--gwangmyeong"], TW.hasClaim)
    assert data.value(claim, TW.claimedProperty) == TW.startDate
    assert data.value(claim, TW.claimedValue) == Literal("1997-09-26", datatype=XSD.date)
    assert set(data.objects(claim, DCTERMS.source)) == {
        URIRef(
            "http://news.gm.go.kr/news/articleView.html?idxno=1700&replyAll=&reply_sc_order_by=I"
        )
    }


def test_disputed_facts_are_kept_as_competing_claims(data: Graph) -> None:
    def claimed(subject: URIRef, prop: URIRef) -> set[str]:
        return {
            str(data.value(c, TW.claimedValue))
            for c in data.objects(subject, TW.hasClaim)
            if data.value(c, TW.claimedProperty) == prop
        }

    programme = URIRef(DEFAULT_BASE_IRI + "id/programme/osnabrueck-city-ambassadors")
    assert {"1964", "1965", "1967"} <= claimed(programme, TW.startDate)
    bounds = {
        data.value(c, TW.claimedLowerBound).toPython()
        for c in data.objects(programme, TW.hasClaim)
        if data.value(c, TW.claimedProperty) == TW.participantCount
    }
    assert bounds == {200, 230, 300}
    derby = URIRef(DEFAULT_BASE_IRI + "id/exchange/osnabrueck-city-ambassadors--osnabrueck--derby")
    assert claimed(derby, TW.endDate) == {"2015", "2016"}
    greifswald = URIRef(DEFAULT_BASE_IRI + "id/agreement/osnabrueck--greifswald-1988")
    assert len(claimed(greifswald, TW.signedAt)) == 2


def test_exchange_directions(data: Graph) -> None:
    def partners(role: URIRef, home_role: URIRef) -> dict[str, str]:
        """Partner slug → status of each exchange direction in which Osnabrück has home_role."""
        found = {}
        for exchange in data.subjects(RDF.type, TW.Exchange):
            if data.value(exchange, home_role) == CITY.osnabrueck:
                period = data.value(exchange, TW.status)
                status = str(data.value(period, TW.statusValue)).rsplit("/", 1)[1]
                found[str(data.value(exchange, role)).rsplit("/", 1)[1]] = status
        return found

    incoming = dict.fromkeys(["angers", "canakkale", "derby", "haarlem", "twer"], "active")
    assert partners(TW.sender, TW.receiver) == incoming
    assert partners(TW.receiver, TW.sender) == {
        "angers": "active",
        "canakkale": "active",
        "twer": "dormant",
        "derby": "ended",
        "haarlem": "ended",
    }
