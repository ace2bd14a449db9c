"""Outside terms are shown by name: an EU language, a file type, a format, a media type, the ADMS
publisher type, a licence (by the title ``lod init`` writes); an unknown outside IRI stays a
link to itself."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCTERMS

from lod.sheets.init import LICENSES
from lod.sheets.metadata import LICENCES, Licence, publication_metadata, world_metadata
from lod.store.formats import DUMP_FORMATS, GRAPH_FORMATS, IANA_MEDIA_TYPES, Format
from lod.web.pages import Linker, PageContext, ResourcePageBuilder, Value
from lod.web.vocabulary_labels import term_name

EU = "http://publications.europa.eu/resource/authority/"
LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority"
BASE = "https://w3id.org/twinning/"
AGENT = BASE + "id/agent/stadt-osnabrueck"
UNKNOWN = "http://example.org/vocabulary/SomethingElse"
DCT = "http://purl.org/dc/terms/"


@pytest.mark.parametrize(
    ("iri", "de", "en"),
    [
        (EU + "language/DEU", "Deutsch", "German"),
        (EU + "language/ENG", "Englisch", "English"),
        (LOCAL_AUTHORITY, "kommunale Ebene", "Local Authority"),
        ("http://www.w3.org/ns/dcat#Catalog", "Katalog", "Catalogue"),
    ],
)
def test_an_outside_concept_is_named_in_each_language(iri: str, de: str, en: str) -> None:
    assert term_name(iri, "de") == (de, "de")
    assert term_name(iri, "en") == (en, "en")


@pytest.mark.parametrize("fmt", DUMP_FORMATS, ids=lambda f: f.name)
def test_a_file_type_is_named_by_the_format_table(fmt: Format) -> None:
    iri = fmt.file_type_iri
    assert iri is not None and iri.startswith(EU + "file-type/")
    for lang in ("de", "en"):
        assert term_name(iri, lang) == (fmt.label, None)


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.name)
def test_a_w3c_format_iri_and_a_media_type_are_named(fmt: Format) -> None:
    assert term_name(fmt.format_iri, "de") == (fmt.label, None)
    media_type = fmt.media_type
    assert term_name(IANA_MEDIA_TYPES + media_type, "en") == (media_type, None)


def test_an_unknown_outside_iri_has_no_name_here() -> None:
    assert term_name(UNKNOWN, "de") is None
    assert term_name(IANA_MEDIA_TYPES, "de") is None  # the registry itself is no media type


def test_a_concept_named_in_english_only_keeps_its_english_name() -> None:
    assert term_name(EU + "data-theme", "de") == ("Data theme", "en")


# --- the licences lod init offers --------------------------------------------------------------


def test_every_license_choice_has_its_titles() -> None:
    assert {lic.name: lic.iri for lic in LICENCES} == LICENSES
    assert set(LICENSES) == {"cc-by-4.0", "dl-by-de-2.0", "cc0"}


def _metadata_graphs(iri: str) -> list[rdflib.Graph]:
    city = publication_metadata("Lüneburg", "Q3920", "lueneburg", iri)
    world = world_metadata("world", iri)
    return [
        rdflib.Graph().parse(data=text.replace("{", "").replace("}", ""), format="turtle")
        for text in (city, world)
    ]


@pytest.mark.parametrize("lic", LICENCES, ids=lambda lic: lic.name)
def test_the_metadata_names_the_licence_in_german_and_english(lic: Licence) -> None:
    iri = rdflib.URIRef(lic.iri)
    for graph in _metadata_graphs(str(iri)):
        titles = {(str(t), t.language) for t in graph.objects(iri, DCTERMS.title)}
        assert titles == {(lic.title_de, "de"), (lic.title_en, "en")}
        assert set(graph.objects(iri, DCTERMS.source)) == {rdflib.URIRef(lic.page)}
        assert (None, DCTERMS.license, iri) in graph


def test_the_osnabrueck_licence_keeps_its_german_title() -> None:
    dl = next(lic for lic in LICENCES if lic.name == "dl-by-de-2.0")
    assert dl.title_de == "Datenlizenz Deutschland – Namensnennung – Version 2.0"


def test_a_licence_lod_init_does_not_offer_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="http://example.org/licence: not a licence"):
        publication_metadata("X", "Q1", "x", "http://example.org/licence")


# --- on a page ---------------------------------------------------------------------------------


def _t(s: str, p: str, o: ox.NamedNode | ox.Literal) -> ox.Triple:
    return ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o)


LICENCE = LICENCES[1]
DOCUMENT = [
    _t(AGENT, DCT + "type", ox.NamedNode(LOCAL_AUTHORITY)),
    # The Osnabrück metadata names the publisher type in English only, as ADMS does.
    _t(
        LOCAL_AUTHORITY,
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        ox.Literal("Local Authority", language="en"),
    ),
    _t(AGENT, DCT + "language", ox.NamedNode(EU + "language/DEU")),
    _t(AGENT, DCT + "format", ox.NamedNode(EU + "file-type/RDF_TURTLE")),
    _t(AGENT, DCT + "license", ox.NamedNode(LICENCE.iri)),
    _t(LICENCE.iri, DCT + "title", ox.Literal(LICENCE.title_de, language="de")),
    _t(LICENCE.iri, DCT + "title", ox.Literal(LICENCE.title_en, language="en")),
    _t(AGENT, DCT + "conformsTo", ox.NamedNode(UNKNOWN)),
]


def _values(lang: str) -> dict[str, Value]:
    ctx = PageContext(lang, Linker(BASE), {"dct": DCT})
    view = ResourcePageBuilder(DOCUMENT, AGENT, ctx).build()
    return {fact.predicate.removeprefix(DCT): fact.values[0] for fact in view.facts}


@pytest.mark.parametrize(
    ("lang", "kind", "language", "licence"),
    [
        ("de", "kommunale Ebene", "Deutsch", LICENCE.title_de),
        ("en", "Local Authority", "German", LICENCE.title_en),
    ],
)
def test_a_page_names_the_outside_terms(lang: str, kind: str, language: str, licence: str) -> None:
    values = _values(lang)
    assert (values["type"].text, values["type"].lang) == (kind, lang)
    assert values["language"].text == language
    assert values["format"].text == "Turtle"
    assert (values["license"].text, values["license"].href) == (licence, LICENCE.iri)


def test_an_unknown_outside_iri_stays_a_link_to_itself() -> None:
    value = _values("de")["conformsTo"]
    assert (value.text, value.href, value.external) == (UNKNOWN, UNKNOWN, True)
