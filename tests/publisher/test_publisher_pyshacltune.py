"""The set-backed constraint lookup: pyshacl picks the same constraints and reports the same."""

from __future__ import annotations

import pyshacl.shape
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS
from rdflib import Graph

from lod.publisher import gate
from lod.publisher.pyshacltune import ParameterList, fast_parameter_lookup

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
    sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:datatype xsd:integer ] .
"""
DATA = """@prefix ex: <http://example.org/> .
ex:ok a ex:C ; ex:p 1 .
ex:missing a ex:C .
ex:mistyped a ex:C ; ex:p "one" .
"""


def focus_nodes(results: Graph) -> set[str]:
    query = "SELECT ?f WHERE { ?r <http://www.w3.org/ns/shacl#focusNode> ?f }"
    return {str(row[0]) for row in results.query(query)}  # type: ignore[index]


def test_parameter_list_keeps_order_and_answers_membership() -> None:
    parameters = ParameterList(ALL_CONSTRAINT_PARAMETERS)
    assert list(parameters) == list(ALL_CONSTRAINT_PARAMETERS)
    assert all(p in parameters for p in ALL_CONSTRAINT_PARAMETERS)
    assert "not a parameter" not in parameters


def test_installed_lookup_reports_what_plain_pyshacl_does(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shapes, data = Graph().parse(data=SHAPES), Graph().parse(data=DATA)
    monkeypatch.setattr(pyshacl.shape, "CONSTRAINT_PARAMS", (None, None), raising=False)
    monkeypatch.setattr(gate, "fast_parameter_lookup", lambda: None)
    plain = focus_nodes(gate.run_pyshacl(data, shapes))
    fast_parameter_lookup()
    assert isinstance(pyshacl.shape.CONSTRAINT_PARAMS[0], ParameterList)  # type: ignore[attr-defined]
    tuned = focus_nodes(gate.run_pyshacl(data, shapes))
    assert tuned == plain == {"http://example.org/missing", "http://example.org/mistyped"}
