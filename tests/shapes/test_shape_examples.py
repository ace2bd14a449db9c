"""Every node shape has a valid and an invalid example; both are asserted exactly.

Each example is validated together with ``_context.ttl`` (valid resources the examples point to)
and the real concept schemes in ``data/concepts.ttl``, without inference: the shapes rely on
explicit types only. A valid example must conform and raise exactly the expected warnings; an
invalid one must raise exactly the expected violations, named by source shape and focus node.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.term import Node

HERE = Path(__file__).parent
REPO = HERE.parent.parent
SHAPES_FILE = REPO / "shapes" / "lod.shapes.ttl"
CONCEPTS_FILE = REPO / "data" / "concepts.ttl"

SH = Namespace("http://www.w3.org/ns/shacl#")
SHP = "https://w3id.org/twinning/shapes/"
EX = "https://example.org/"

Finding = tuple[str, str]  # (property shape name without the base, focus node without ex:)


def _violations(names: list[str], focus: str) -> set[Finding]:
    return {(name, focus) for name in names}


EXPECTED_VIOLATIONS: dict[str, set[Finding]] = {
    "City": _violations(
        [
            # No English label and no native name are warnings now (unknown, not wrong).
            "CityShape-labelUniqueLang",
            "CityShape-country",
            "CityShape-sameAs",
            "CityShape-lat",
            "CityShape-long",
            "CityShape-wktMatchesLatLong",
            "CityShape-source",
        ],
        "invalid-city",
    ),
    "Geometry": _violations(["GeometryShape-asWKT", "GeometryShape-source"], "invalid-geometry"),
    "CityRelation": _violations(
        [
            "CityRelationShape-distinctCities",
            "CityRelationShape-homeCityIsParty",
            "CityRelationShape-inNetwork",
            "CityRelationShape-relationKind",
            "CityRelationShape-startDate",
            "CityRelationShape-source",
        ],
        "invalid-relation",
    )
    | {
        ("CityRelationShape-city", "invalid-relation-three-cities"),
        ("CityRelationShape-city", "invalid-relation-one-city"),
    },
    "MultilateralArrangement": _violations(
        [
            "MultilateralArrangementShape-city",
            "MultilateralArrangementShape-relation",
            "MultilateralArrangementShape-startDate",
            "MultilateralArrangementShape-source",
        ],
        "invalid-arrangement",
    ),
    "TwinningNetwork": _violations(
        [
            "TwinningNetworkShape-homeCity",
            "TwinningNetworkShape-relation",
            "TwinningNetworkShape-encounterDomain",
            "TwinningNetworkShape-source",
        ],
        "invalid-network",
    ),
    "Agreement": _violations(
        [
            "AgreementShape-agreementType",
            "AgreementShape-signedOn",
            "AgreementShape-signedAt",
            "AgreementShape-signature",
            "AgreementShape-agreementOf",
        ],
        "invalid-agreement",
    ),
    "Signature": _violations(
        [
            "SignatureShape-onBehalfOf",
            "SignatureShape-signatoryOffice",
            "SignatureShape-signatoryName",
            "SignatureShape-source",
        ],
        "invalid-signature",
    ),
    "StatusPeriod": _violations(
        [
            "StatusPeriodShape-statusValue",
            "StatusPeriodShape-statusSince",
            "StatusPeriodShape-statusReason",
            "StatusPeriodShape-source",
        ],
        "invalid-status",
    ),
    "ExchangeProgramme": _violations(
        [
            "ExchangeProgrammeShape-labelDe",
            "ExchangeProgrammeShape-labelEn",
            "ExchangeProgrammeShape-homeCity",
            "ExchangeProgrammeShape-hasClaim",
            "ExchangeProgrammeShape-source",
        ],
        "invalid-programme",
    ),
    "Exchange": _violations(
        [
            "ExchangeShape-programme",
            "ExchangeShape-sender",
            "ExchangeShape-relation",
            "ExchangeShape-endDate",
            "ExchangeShape-source",
        ],
        "invalid-exchange",
    ),
    "Claim": _violations(
        [
            "ClaimShape-claimedProperty",
            "ClaimShape-claimedValue",
            "ClaimShape-claimedLowerBound",
            "ClaimShape-claimedOn",
            "ClaimShape-claimedAbout",
            "ClaimShape-source",
        ],
        "invalid-claim",
    ),
    "Concept": _violations(
        ["ConceptShape-prefLabelEn", "ConceptShape-prefLabelUniqueLang", "ConceptShape-inScheme"],
        "invalid-concept",
    ),
    "ConceptScheme": _violations(
        [
            "ConceptSchemeShape-prefLabelDe",
            "ConceptSchemeShape-prefLabelEn",
            "ConceptSchemeShape-titleDe",
            "ConceptSchemeShape-titleEn",
        ],
        "invalid-scheme",
    ),
}

# Unknown facts are warnings: the valid examples that leave one out must say so, and only that.
EXPECTED_WARNINGS: dict[str, set[Finding]] = {
    "CityRelation": {
        ("CityRelationShape-startDateKnown", "valid-relation-unknown-start"),
        ("CityRelationShape-agreementKnown", "valid-relation-unknown-start"),
    },
    "Agreement": {("AgreementShape-signedOnKnown", "valid-agreement-planned")},
    "Signature": {("SignatureShape-signatoryNameKnown", "valid-signature-unnamed")},
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE)


def _data_graph(*files: Path) -> Graph:
    graph = Graph()
    for path in (CONCEPTS_FILE, HERE / "_context.ttl", *files):
        graph.parse(path)
    return graph


def _findings(report: Graph, severity: URIRef) -> set[Finding]:
    """(shape, focus) of every top-level result of one severity, as short names.

    Only the report's own ``sh:result`` values count: pyshacl also types the nested results of
    ``sh:node``/``sh:or`` (linked by ``sh:detail``) as ``sh:ValidationResult``.
    """
    found: set[Finding] = set()
    for result in report.objects(None, SH.result):
        if report.value(result, SH.resultSeverity) != severity:
            continue
        found.add(
            (
                _short(report.value(result, SH.sourceShape), SHP),
                _short(report.value(result, SH.focusNode), EX),
            )
        )
    return found


def _short(node: Node | None, base: str) -> str:
    text = str(node)
    return text[len(base) :] if text.startswith(base) else text


def _validate(shapes: Graph, *files: Path) -> tuple[bool, Graph]:
    conforms, report, _text = validate(
        _data_graph(*files), shacl_graph=shapes, inference="none", allow_warnings=True
    )
    assert isinstance(report, Graph)
    return bool(conforms), report


def test_context_alone_conforms(shapes: Graph) -> None:
    conforms, report = _validate(shapes)
    assert conforms, _findings(report, SH.Violation)
    assert _findings(report, SH.Warning) == set()


@pytest.mark.parametrize("name", sorted(EXPECTED_VIOLATIONS))
def test_valid_example_conforms(shapes: Graph, name: str) -> None:
    conforms, report = _validate(shapes, HERE / f"{name}.valid.ttl")
    assert _findings(report, SH.Violation) == set()
    assert conforms
    assert _findings(report, SH.Warning) == EXPECTED_WARNINGS.get(name, set())


@pytest.mark.parametrize("name", sorted(EXPECTED_VIOLATIONS))
def test_invalid_example_fails_on_expected_shapes(shapes: Graph, name: str) -> None:
    conforms, report = _validate(shapes, HERE / f"{name}.invalid.ttl")
    assert not conforms
    assert _findings(report, SH.Violation) == EXPECTED_VIOLATIONS[name]


def test_every_targeted_shape_has_both_examples(shapes: Graph) -> None:
    targeted = {
        _short(shape, SHP).removesuffix("Shape") for shape in shapes.subjects(SH.targetClass, None)
    }
    assert targeted == set(EXPECTED_VIOLATIONS)
    on_disk = {p.name.split(".")[0] for p in HERE.glob("*.valid.ttl")}
    on_disk_invalid = {p.name.split(".")[0] for p in HERE.glob("*.invalid.ttl")}
    assert on_disk == on_disk_invalid == targeted


def test_every_property_shape_has_message_and_severity(shapes: Graph) -> None:
    properties = set(shapes.subjects(SH.path, None))
    assert all(isinstance(prop, URIRef) for prop in properties), "property shapes are named"
    for prop in properties:
        languages = {getattr(m, "language", None) for m in shapes.objects(prop, SH.message)}
        assert "en" in languages, prop
        assert shapes.value(prop, SH.severity) in {SH.Violation, SH.Warning}, prop


def test_shapes_graph_is_valid_shacl(shapes: Graph) -> None:
    """Check the shapes against SHACL-for-SHACL: a typo in a constraint must not pass silently."""
    conforms, _report, text = validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text
