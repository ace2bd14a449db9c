"""The title rules of nameless resources (claims, signatures, status periods)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from lod.web.pages import DocumentIndex, format_literal
from lod.web.titles import Parts, title

TW = "https://w3id.org/twinning/ontology/"
ID = "https://w3id.org/twinning/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SOURCE = "http://purl.org/dc/terms/source"
XSD = "http://www.w3.org/2001/XMLSchema#"


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def label(iri: str, de: str, en: str) -> list[ox.Triple]:
    return [
        ox.Triple(n(iri), n(LABEL), ox.Literal(de, language="de")),
        ox.Triple(n(iri), n(LABEL), ox.Literal(en, language="en")),
    ]


VOCABULARY = [
    *label(TW + "Claim", "Behauptung", "Claim"),
    *label(TW + "Signature", "Unterzeichnung", "Signature"),
    *label(TW + "StatusPeriod", "Statusabschnitt", "Status period"),
    *label(TW + "signedOn", "unterzeichnet am", "signed on"),
    *label(TW + "onBehalfOf", "im Namen von", "on behalf of"),
    *label(ID + "concept/relation-status/dormant", "ruhend", "dormant"),
    *label(ID + "city/haarlem", "Haarlem", "Haarlem"),
]


def parts(triples: list[ox.Triple], lang: str) -> Parts:
    index = DocumentIndex([*VOCABULARY, *triples])

    def name(iri: str) -> str | None:
        found = [lit for lit in index.names_of(iri) if lit.language == lang]
        return found[0].value if found else None

    def text(literal: ox.Literal) -> str:
        return format_literal(literal, lang).text

    return Parts(index.objects, index.subjects, name, text, TW, lang)


CLAIM = ID + "claim/osnabrueck--angers-2004-signed-on-1"
CLAIM_TRIPLES = [
    ox.Triple(n(CLAIM), n(RDF_TYPE), n(TW + "Claim")),
    ox.Triple(n(CLAIM), n(TW + "claimedProperty"), n(TW + "signedOn")),
    ox.Triple(n(CLAIM), n(TW + "claimedValue"), ox.Literal("2004-05-08", datatype=n(XSD + "date"))),
    ox.Triple(n(CLAIM), n(SOURCE), n("https://www.noz.de/artikel/1")),
]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Claim: signed on = 8 May 2004 (noz.de)"),
        ("de", "Behauptung: unterzeichnet am = 8. Mai 2004 (noz.de)"),
    ],
)
def test_claim_title_names_property_value_and_source_host(lang: str, expected: str) -> None:
    assert title(CLAIM, parts(CLAIM_TRIPLES, lang)) == expected


def test_claim_value_in_the_readers_language() -> None:
    claim = ID + "claim/x-signed-at-1"
    triples = [
        ox.Triple(n(claim), n(RDF_TYPE), n(TW + "Claim")),
        ox.Triple(n(claim), n(TW + "claimedProperty"), n(TW + "signedOn")),
        ox.Triple(n(claim), n(TW + "claimedValue"), ox.Literal("Rathaus", language="de")),
        ox.Triple(n(claim), n(TW + "claimedValue"), ox.Literal("city hall", language="en")),
    ]
    assert title(claim, parts(triples, "en")) == "Claim: signed on = city hall"
    assert title(claim, parts(triples, "de")) == "Behauptung: unterzeichnet am = Rathaus"


def test_signature_title() -> None:
    sig = ID + "signature/osnabrueck--haarlem-1961-10-24-haarlem"
    triples = [
        ox.Triple(n(sig), n(RDF_TYPE), n(TW + "Signature")),
        ox.Triple(n(sig), n(TW + "onBehalfOf"), n(ID + "city/haarlem")),
        ox.Triple(n(sig), n(TW + "signatoryName"), ox.Literal("Cremers")),
        ox.Triple(n(sig), n(TW + "signatoryOffice"), ox.Literal("Bürgermeister", language="de")),
        ox.Triple(n(sig), n(TW + "signatoryOffice"), ox.Literal("Mayor", language="en")),
    ]
    assert title(sig, parts(triples, "en")) == "Signature: Cremers (Mayor), on behalf of Haarlem"
    assert (
        title(sig, parts(triples, "de"))
        == "Unterzeichnung: Cremers (Bürgermeister), im Namen von Haarlem"
    )


def test_status_period_title_with_its_span() -> None:
    period = ID + "status/osnabrueck--twer-dormant"
    triples = [
        ox.Triple(n(period), n(RDF_TYPE), n(TW + "StatusPeriod")),
        ox.Triple(n(period), n(TW + "statusValue"), n(ID + "concept/relation-status/dormant")),
        ox.Triple(n(period), n(TW + "statusSince"), ox.Literal("2022", datatype=n(XSD + "gYear"))),
    ]
    assert title(period, parts(triples, "en")) == "Status period: dormant (since 2022)"
    assert title(period, parts(triples, "de")) == "Statusabschnitt: ruhend (seit 2022)"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Status period: dormant (since 2022) — Osnabrück–Tver town partnership"),
        ("de", "Statusabschnitt: ruhend (seit 2022) — Städtepartnerschaft Osnabrück–Twer"),
    ],
)
def test_status_period_title_names_its_relation(lang: str, expected: str) -> None:
    """Two relations can each be dormant since 2022: the title says whose period it is."""
    period, relation = ID + "status/osnabrueck--twer-dormant", ID + "relation/osnabrueck--twer"
    triples = [
        ox.Triple(n(period), n(RDF_TYPE), n(TW + "StatusPeriod")),
        ox.Triple(n(period), n(TW + "statusValue"), n(ID + "concept/relation-status/dormant")),
        ox.Triple(n(period), n(TW + "statusSince"), ox.Literal("2022", datatype=n(XSD + "gYear"))),
        ox.Triple(n(relation), n(TW + "status"), n(period)),
        *label(relation, "Städtepartnerschaft Osnabrück–Twer", "Osnabrück–Tver town partnership"),
    ]
    assert title(period, parts(triples, lang)) == expected


def test_status_period_of_a_nameless_owner_names_it_by_its_slug() -> None:
    period, exchange = ID + "status/x-active", ID + "exchange/osnabrueck-ambassadors--angers"
    triples = [
        ox.Triple(n(period), n(RDF_TYPE), n(TW + "StatusPeriod")),
        ox.Triple(n(period), n(TW + "statusValue"), n(ID + "concept/relation-status/dormant")),
        ox.Triple(n(exchange), n(TW + "status"), n(period)),
        ox.Triple(n(exchange), n(TW + "relation"), n(period)),  # another link: not the owner
    ]
    assert (
        title(period, parts(triples, "en"))
        == "Status period: dormant — osnabrueck-ambassadors--angers"
    )


def test_kind_and_slug_when_the_parts_are_missing() -> None:
    claim = ID + "claim/some-claim"
    triples = [ox.Triple(n(claim), n(RDF_TYPE), n(TW + "Claim"))]
    assert title(claim, parts(triples, "en")) == "Claim: some-claim"


def test_no_title_without_a_lod_type() -> None:
    """A resource of no lod class keeps its IRI (the page shows a short form of it)."""
    assert title(ID + "thing/x", parts([], "en")) is None


VOID = "http://rdfs.org/ns/void#"
PARTITION = ID + "dataset/x-twinning#class-tw:City"
LINKSET = ID + "dataset/x-twinning#linkset-tw:country"


@pytest.mark.parametrize(
    ("lang", "partition", "linkset"),
    [
        ("de", "Klassenanteil: Stadt", "Linkset: Land"),
        ("en", "Class partition: City", "Linkset: country"),
    ],
)
def test_a_void_part_is_titled_by_what_it_counts(lang: str, partition: str, linkset: str) -> None:
    triples = [
        *label(TW + "City", "Stadt", "City"),
        *label(TW + "country", "Land", "country"),
        ox.Triple(n(PARTITION), n(VOID + "class"), n(TW + "City")),
        ox.Triple(n(LINKSET), n(RDF_TYPE), n(VOID + "Linkset")),
        ox.Triple(n(LINKSET), n(VOID + "linkPredicate"), n(TW + "country")),
    ]
    assert title(PARTITION, parts(triples, lang)) == partition
    assert title(LINKSET, parts(triples, lang)) == linkset


def test_a_void_part_of_an_unnamed_class_is_titled_by_its_fragment() -> None:
    part = ID + "dataset/x-twinning#class-owl:Class"
    triples = [ox.Triple(n(part), n(VOID + "class"), n("http://www.w3.org/2002/07/owl#Class"))]
    assert title(part, parts(triples, "en")) == "Class partition: class-owl:Class"
