"""JSON-LD from the engine, compacted with prefixes: the same graph reads back, CURIEs only where
they read back as the same IRI."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from lod import jsonld

EX = "http://example.org/"
PREFIXES = {"ex": EX, "exo": f"{EX}onto#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
NT = f"""\
<{EX}a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}onto#City> .
<{EX}a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}onto#Place> .
<{EX}a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "a literal class" .
<{EX}a> <{EX}onto#name> "Osnabrück"@de .
<{EX}a> <{EX}onto#name> "Say \\"hi\\"\\nnext line" .
<{EX}a> <{EX}onto#since> "1961-10-24"^^<http://www.w3.org/2001/XMLSchema#date> .
<{EX}a> <{EX}onto#count> "007"^^<http://www.w3.org/2001/XMLSchema#integer> .
<{EX}a> <{EX}onto#link> <{EX}//authority-like> .
<{EX}a> <{EX}onto#link> <{EX}> .
<{EX}a> <{EX}onto#link> <https://other.example/x?y=1#z> .
<{EX}a> <{EX}onto#geometry> _:g .
_:g <{EX}onto#wkt> "POINT(8.05 52.28)"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .
"""


def triples(text: str = NT) -> list[ox.Triple]:
    return list(ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES))


def written(text: str = NT, prefixes: dict[str, str] = PREFIXES) -> str:
    out = io.StringIO()
    jsonld.write(triples(text), prefixes, out)
    return out.getvalue()


def test_the_written_document_reads_back_as_the_same_graph_with_rdflib_and_pyoxigraph() -> None:
    text = written()
    expected = rdflib.Graph().parse(data=NT, format="nt")
    assert isomorphic(rdflib.Graph().parse(data=text, format="json-ld"), expected)
    back = ox.serialize(
        ox.parse(text.encode(), format=ox.RdfFormat.JSON_LD), format=ox.RdfFormat.N_TRIPLES
    )
    assert isomorphic(rdflib.Graph().parse(data=back, format="nt"), expected)


def test_compact_form_uses_curies_type_and_single_values() -> None:
    nodes = json.loads(written())["@graph"]
    city = next(node for node in nodes if node["@id"] == "ex:a")
    assert city["@type"] == ["exo:City", "exo:Place"]
    # A literal is no class: it stays an rdf:type value (no "rdf" prefix here, so the full IRI).
    assert city["http://www.w3.org/1999/02/22-rdf-syntax-ns#type"] == "a literal class"
    assert city["exo:since"] == {"@type": "xsd:date", "@value": "1961-10-24"}
    assert city["exo:count"] == {"@type": "xsd:integer", "@value": "007"}  # the lexical form kept
    assert {"@language": "de", "@value": "Osnabrück"} in city["exo:name"]
    assert city["exo:geometry"] == {"@id": nodes[1]["@id"]} and nodes[1]["@id"].startswith("_:")


def test_no_curie_where_it_would_read_back_as_another_iri() -> None:
    city = json.loads(written())["@graph"][0]
    links = {value["@id"] for value in city["exo:link"]}
    # "ex://authority-like" would be an IRI with scheme "ex"; "ex:" alone is not a CURIE worth it.
    assert links == {f"{EX}//authority-like", EX, "https://other.example/x?y=1#z"}


def test_an_iri_whose_scheme_is_a_prefix_name_is_refused() -> None:
    with pytest.raises(ValueError, match="ex:thing"):
        written(f'<ex:thing> <{EX}p> "x" .\n')


def test_a_subject_is_one_node_even_across_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonld, "BATCH_TRIPLES", 2)
    nodes = json.loads(written())["@graph"]
    assert [node["@id"] for node in nodes].count("ex:a") == 1
    assert len(nodes) == 2


def test_equal_graphs_give_equal_bytes() -> None:
    assert written() == written(NT)
    context = json.dumps(dict(sorted(PREFIXES.items())), indent=1)
    assert written("") == '{"@context": ' + context + ',\n"@graph": [\n]}\n'
