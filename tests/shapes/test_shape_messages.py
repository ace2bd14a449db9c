"""The messages of ``shapes/lod.shapes.ttl`` are for people who do not know RDF.

A message says in everyday words what is expected, with an example where a value has a form
(dates, numbers), and names the RDF term in brackets for whoever writes Turtle:
``A city has at most one latitude: a number with a decimal point between -90 and 90, e.g. 52.283
(geo:lat, an xsd:decimal).`` Every message exists once in English and once in German.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

SHAPES_FILE = Path(__file__).parent.parent.parent / "shapes" / "lod.shapes.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DATE_VALUE_SHAPE = URIRef("https://w3id.org/twinning/shapes/DateValueShape")

# A compact IRI such as tw:startDate or xsd:gYear (an address's "https://" is not one).
CURIE = re.compile(r"(?<![\w/@.:])[a-z][a-z0-9]*:[A-Za-z][\w-]*")
WORD = re.compile(r"[^\W\d_]+")
PLAIN_WORDS_FIRST = 4  # words a message says before its first RDF term


@pytest.fixture(scope="module")
def shapes() -> Graph:
    # The file's own prefixes name the terms (rdflib's defaults would call geo: "geo1:").
    return Graph(bind_namespaces="none").parse(SHAPES_FILE)


def _messages(shapes: Graph, shape: Node) -> dict[str, str]:
    found: dict[str, str] = {}
    for message in shapes.objects(shape, SH.message):
        assert isinstance(message, Literal) and message.language, (shape, message)
        assert message.language not in found, f"{shape}: two messages @{message.language}"
        found[message.language] = str(message)
    return found


def _all_messages(shapes: Graph) -> list[tuple[Node, dict[str, str]]]:
    subjects = sorted(set(shapes.subjects(SH.message, None)), key=str)
    return [(shape, _messages(shapes, shape)) for shape in subjects]


def _curie(shapes: Graph, iri: Node) -> str:
    return shapes.namespace_manager.normalizeUri(iri) if isinstance(iri, URIRef) else ""


def test_every_message_is_in_english_and_german_once(shapes: Graph) -> None:
    messages = _all_messages(shapes)
    assert len(messages) >= 100  # the file as a whole, not an empty parse
    for shape, texts in messages:
        assert set(texts) == {"en", "de"}, shape
        assert texts["de"] != texts["en"], shape


@pytest.mark.parametrize("lang", ["en", "de"])
def test_messages_begin_in_plain_words(shapes: Graph, lang: str) -> None:
    for shape, texts in _all_messages(shapes):
        text = texts[lang]
        first_term = CURIE.search(text)
        before = text[: first_term.start()] if first_term else text
        assert len(WORD.findall(before)) >= PLAIN_WORDS_FIRST, (shape, text)


def test_both_languages_name_the_same_rdf_terms(shapes: Graph) -> None:
    for shape, texts in _all_messages(shapes):
        assert set(CURIE.findall(texts["en"])) == set(CURIE.findall(texts["de"])), shape


def test_a_property_shape_names_its_property(shapes: Graph) -> None:
    """A Turtle author sees the term to write: the path (or the inverse path's property)."""
    for shape, texts in _all_messages(shapes):
        path = shapes.value(shape, SH.path)
        if path is None:
            continue
        prop = path if isinstance(path, URIRef) else shapes.value(path, SH.inversePath)
        term = _curie(shapes, prop)
        assert term, shape
        for text in texts.values():
            assert term in CURIE.findall(text), (shape, term, text)


def _date_shapes(shapes: Graph) -> list[Node]:
    return [DATE_VALUE_SHAPE, *shapes.subjects(SH.node, DATE_VALUE_SHAPE)]


def test_date_messages_show_every_form_of_a_date(shapes: Graph) -> None:
    date_shapes = _date_shapes(shapes)
    assert len(date_shapes) > 10
    for shape in date_shapes:
        for text in _messages(shapes, shape).values():
            full = re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text)
            assert full and all(date.fromisoformat(d) for d in full), (shape, text)
            assert re.search(r"\b\d{4}-(0[1-9]|1[0-2])\b(?!-)", text), (shape, text)
            assert re.search(r"\b\d{4}\b(?!-)", text), (shape, text)
            for datatype in ("xsd:gYear", "xsd:gYearMonth", "xsd:date"):
                assert datatype in text, (shape, datatype)


def _numbers(text: str) -> list[Decimal]:
    return [Decimal(n) for n in re.findall(r"(?<![\w.-])-?\d+(?:\.\d+)?(?![\w-])", text)]


def test_number_messages_give_their_range_and_an_example_in_it(shapes: Graph) -> None:
    number_shapes = [
        s
        for s in shapes.subjects(SH.datatype, None)
        if shapes.value(s, SH.datatype) in (XSD.decimal, XSD.integer)
    ]
    assert len(number_shapes) >= 3
    for shape in number_shapes:
        low, high = shapes.value(shape, SH.minInclusive), shapes.value(shape, SH.maxInclusive)
        decimal = shapes.value(shape, SH.datatype) == XSD.decimal
        for text in _messages(shapes, shape).values():
            numbers = _numbers(text)
            bounds = [Decimal(str(b)) for b in (low, high) if b is not None]
            assert all(b in numbers for b in bounds), (shape, text)
            examples = [
                n
                for n in numbers
                if n not in bounds and (not decimal or n != n.to_integral_value())
            ]
            assert examples, (shape, text)
            assert all(bounds[0] <= n <= bounds[-1] for n in examples if bounds), (shape, text)


def test_an_example_message_reads_as_the_issue_asks(shapes: Graph) -> None:
    lat = _messages(shapes, URIRef("https://w3id.org/twinning/shapes/CityShape-lat"))
    assert lat["en"].startswith("A city has at most one latitude: a number")
    assert lat["de"].startswith("Eine Stadt hat höchstens eine geografische Breite: eine Zahl")
