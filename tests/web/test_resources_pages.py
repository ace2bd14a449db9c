"""The HTML pages: languages, names and dates, facts and links, embedded JSON-LD, the home
page (table, map, timeline), the ontology and shapes pages, escaping, structure."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import lod_publication as pub
import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient
from lod_publication import BASE, parse
from rdflib.compare import isomorphic

from lod.config import Settings
from lod.store import EmbeddedStore, LoadSpec, Store
from lod.web.app import create_app
from lod.web.pages import format_date, format_year_month, pick_literal

pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store
pub_app, ld = pub.pub_app, pub.ld


class Page(HTMLParser):
    """The parts of a page the tests look at (stdlib HTML parser)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang = ""
        self.headings: list[int] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.jsonld: list[str] = []
        self.svgs: list[dict[str, str]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self._script: dict[str, str] | None = None
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if tag == "html":
            self.lang = a.get("lang", "")
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "svg":
            self.svgs.append(a)
        if tag == "script" and a.get("type") == "application/ld+json":
            self._script = a

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.jsonld.append(data)
        else:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def get_page(client: FlaskClient, path: str, **headers: str) -> Page:
    response = client.get(path, headers={"Accept": "text/html", **headers})
    assert response.status_code == 200, path
    return Page(response.get_data(as_text=True))


# --- languages, names, dates -------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [
        ({}, "", "de"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, "", "en"),
        ({"Accept-Language": "fr, en;q=0.5"}, "", "en"),
        ({"Accept-Language": "fr"}, "", "de"),
        ({"Accept-Language": "de"}, "?lang=en", "en"),
        ({"Accept-Language": "en"}, "?lang=de", "de"),
    ],
)
def test_language_by_header_and_link(
    ld: FlaskClient, headers: dict[str, str], query: str, expected: str
) -> None:
    response = ld.get("/doc/city/haarlem" + query, headers={"Accept": "text/html", **headers})
    page = Page(response.get_data(as_text=True))
    assert page.lang == expected
    assert response.headers["Content-Language"] == expected
    other = "en" if expected == "de" else "de"
    assert any(f"lang={other}" in href for href in page.links)  # the switch


def test_explicit_language_survives_navigation(ld: FlaskClient) -> None:
    page = get_page(ld, "/doc/city/haarlem?lang=en")
    assert "/doc/relation/osnabrueck--haarlem?lang=en" in page.links
    assert "/ontology/?lang=en#City" in page.links


def literal(text: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(text, language=lang) if lang else ox.Literal(text)


@pytest.mark.parametrize(
    ("labels", "lang", "native", "expected"),
    [
        ([("Twer", "de"), ("Tver", "en"), ("Тверь", "ru")], "en", "ru", "Tver"),
        ([("Twer", "de"), ("Tver", "en"), ("Тверь", "ru")], "de", "ru", "Twer"),
        ([("Tver", "en"), ("Тверь", "ru")], "de", "ru", "Tver"),
        ([("Тверь", "ru"), ("Tver", "fr")], "de", "ru", "Тверь"),
        ([("Tver", "fr"), ("Tver plain", None)], "de", None, "Tver plain"),
        ([("Tver", "fr")], "de", None, "Tver"),
        ([], "de", None, None),
    ],
)
def test_name_fallbacks(
    labels: list[tuple[str, str | None]], lang: str, native: str | None, expected: str | None
) -> None:
    picked = pick_literal([literal(t, code) for t, code in labels], lang, native)
    assert (picked.value if picked else None) == expected


def test_dates_by_precision() -> None:
    assert format_date("1961-10-24", "de") == "24. Oktober 1961"
    assert format_date("1961-10-24", "en") == "24 October 1961"
    assert format_year_month("2004-05", "de") == "Mai 2004"
    assert format_year_month("2004-05", "en") == "May 2004"


@pytest.mark.parametrize(
    ("path", "lang", "texts"),
    [
        ("/doc/relation/osnabrueck--haarlem", "de", ["24. Oktober 1961"]),
        ("/doc/relation/osnabrueck--haarlem", "en", ["24 October 1961"]),
        ("/doc/relation/osnabrueck--canakkale", "de", ["Mai 2004"]),
        ("/doc/relation/osnabrueck--canakkale", "en", ["May 2004"]),
        ("/doc/agreement/osnabrueck--greifswald-1988", "en", ["1988"]),
    ],
)
def test_dates_on_pages(ld: FlaskClient, path: str, lang: str, texts: list[str]) -> None:
    page = get_page(ld, f"{path}?lang={lang}")
    for text in texts:
        assert text in page.all_text


# --- a resource page --------------------------------------------------------------------------


def test_city_page(ld: FlaskClient, pub_store: Store) -> None:
    response = ld.get("/doc/city/gwangmyeong?lang=en", headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    page = Page(html)
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<h1 id="resource-title" lang="en">Gwangmyeong</h1>' in html
    assert '<span lang="ko">광명시</span>' in html  # the native name, marked as Korean
    assert "City" in page.all_text  # its type
    assert "http://www.wikidata.org/entity/Q42066" in page.links
    for ext in ("html", "ttl", "jsonld", "nt", "rdf"):
        assert f"/doc/city/gwangmyeong.{ext}" in page.links
    assert "/doc/relation/osnabrueck--gwangmyeong?lang=en" in page.links  # ours → our page
    assert "/doc/city/osnabrueck?lang=en" in page.links
    sources = pub_store.query(
        f"SELECT ?s WHERE {{ <{BASE}id/city/gwangmyeong> <http://purl.org/dc/terms/source> ?s }}"
    )
    for (source,) in sources.rows:
        assert source is not None and source.value in page.links  # external → as is


@pytest.mark.parametrize(
    ("lang", "country", "kind", "since", "status"),
    [
        ("de", "Niederlande", "Städtepartnerschaft", "24. Oktober 1961", "aktiv"),
        ("en", "Netherlands", "town partnership", "24 October 1961", "active"),
    ],
)
def test_city_page_names_its_country_and_shows_its_relations_first(
    ld: FlaskClient, lang: str, country: str, kind: str, since: str, status: str
) -> None:
    html = ld.get(f"/doc/city/haarlem?lang={lang}", headers={"Accept": "text/html"}).text
    text = Page(html).all_text
    assert country in text and "Wikidata Q55" not in text
    assert html.count('href="http://www.wikidata.org/entity/Q9920"') == 1  # in the head, once
    relations, facts = html.index('id="relations-heading"'), html.index('id="facts-heading"')
    assert relations < facts
    table = Page(html[relations:facts]).all_text
    assert all(word in table for word in (kind, since, status))
    assert "osnabrueck--haarlem-1961-10-24-haarlem" not in text  # signatures by title


@pytest.mark.parametrize(
    "path",
    [
        "/doc/claim/osnabrueck--angers-2004-signed-on-1",
        "/doc/signature/osnabrueck--haarlem-1961-10-24-haarlem",
        "/doc/status/osnabrueck--haarlem-active",
    ],
)
def test_nameless_resources_have_a_title_made_of_their_parts(ld: FlaskClient, path: str) -> None:
    html = ld.get(path + "?lang=en", headers={"Accept": "text/html"}).text
    heading = html.split('id="resource-title"', 1)[1].split("</h1>", 1)[0]
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    for shown in (heading, title):
        assert "https://" not in shown and path.rsplit("/", 1)[1] not in shown
        assert shown.split(">")[-1].strip().split(":")[0] in {"Claim", "Signature", "Status period"}


@pytest.mark.parametrize(
    "path",
    [
        "/doc/city/twer",
        "/doc/relation/osnabrueck--twer",
        "/doc/programme/osnabrueck-city-ambassadors",
        "/doc/agreement/osnabrueck--hefei-2006-11-08",
        "/doc/catalog/osnabrueck-twinning",
        "/doc/concept/relation-status/dormant",
    ],
)
def test_embedded_jsonld_is_the_document(ld: FlaskClient, path: str) -> None:
    page = get_page(ld, path)
    assert len(page.jsonld) == 1
    embedded = rdflib.Graph().parse(data="".join(page.jsonld), format="json-ld")
    turtle = parse(ld.get(path + ".ttl").data, "text/turtle")
    assert len(embedded) == len(turtle) > 10
    assert isomorphic(embedded, turtle)
    document = json.loads("".join(page.jsonld))
    assert document["@context"]["schema"] == "https://schema.org/"


def test_claims_and_status_are_shown_in_place(ld: FlaskClient) -> None:
    page = get_page(ld, "/doc/programme/osnabrueck-city-ambassadors?lang=en")
    text = page.all_text
    for year in ("1964", "1965", "1967"):  # five sources, five claimed start years
        assert year in text
    assert "Claim" in text
    relation = get_page(ld, "/doc/relation/osnabrueck--twer?lang=en")
    assert "dormant" in relation.all_text


# --- escaping ---------------------------------------------------------------------------------

EVIL = '</script><script>alert("x")</script> & <b>bold</b> \u2028'


@pytest.fixture
def evil_client(tmp_path: Path) -> FlaskClient:
    data = tmp_path / "evil.ttl"
    data.write_text(
        f"""@prefix tw: <{BASE}ontology/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{BASE}id/city/evil> a tw:City ; rdfs:label {json.dumps(EVIL)}@en, "Böse"@de ;
    rdfs:comment "x\\" onmouseover=\\"alert(1)" ;
    <http://www.w3.org/2002/07/owl#sameAs> <javascript:alert(2)> ;
    <http://www.w3.org/2000/01/rdf-schema#seeAlso> <JavaScript:alert(3)> ;
    <http://purl.org/dc/terms/source> <https://example.org/a?b=<c>"d> .
""".replace("<c>", "%3Cc%3E").replace('"d>', "%22d>"),
        encoding="utf-8",
    )
    store = EmbeddedStore.load(LoadSpec.from_files((data,)))
    return create_app({"TESTING": True}, settings=Settings(), store=store).test_client()


def test_nothing_unescaped(evil_client: FlaskClient) -> None:
    response = evil_client.get("/doc/city/evil?lang=en", headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html
    assert 'onmouseover="alert' not in html
    page = Page(html)
    assert not [href for href in page.links if "script:" in href.lower()]
    assert "javascript:alert(2)" in page.all_text  # shown, not linked
    assert len(page.jsonld) == 1  # the JSON-LD block was not cut short by "</script>"
    embedded = rdflib.Graph().parse(data="".join(page.jsonld), format="json-ld")
    assert rdflib.Literal(EVIL, lang="en") in set(embedded.objects())
    assert " ".join(EVIL.split()) in page.all_text  # shown as text, all of it


# --- home -------------------------------------------------------------------------------------


def partner_count(store: Store) -> int:
    query = (
        f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?r a <{BASE}ontology/CityRelation> ; "
        f"<{BASE}ontology/homeCity> ?h ; <{BASE}ontology/city> ?p FILTER (?p != ?h) }}"
    )
    value = store.query(query).rows[0][0]
    assert isinstance(value, ox.Literal)
    return int(value.value)


def test_home_lists_the_network(ld: FlaskClient, pub_store: Store) -> None:
    response = ld.get("/?lang=en", headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    page = Page(html)
    cities = [href for href in page.links if href.startswith("/doc/city/")]
    partners = partner_count(pub_store)
    assert partners == 11
    rows = html.count('<th scope="row"><a href="/doc/city/')
    assert rows == partners
    text = page.all_text
    for expected in ("Haarlem", "24 October 1961", "Town friendship", "dormant", "date unknown"):
        assert expected in text, expected
    assert "/doc/city/osnabrueck?lang=en" in cities
    for target in (
        "/sparql?lang=en",
        "/catalog",
        "/.well-known/void",
        "/ontology/?lang=en",
        "/shapes/?lang=en",
        "/download/osnabrueck-twinning.ttl",
        "/download/osnabrueck-twinning.nt.gz",
    ):
        assert target in page.links, target


def test_home_map_and_timeline(ld: FlaskClient) -> None:
    html = ld.get("/?lang=de", headers={"Accept": "text/html"}).get_data(as_text=True)
    page = Page(html)
    (svg,) = page.svgs
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert {title_id, desc_id} <= page.ids
    circles = [a for tag, a in page.elements if tag == "circle" and "cx" in a]
    places = [a for a in circles if "kind-" in a.get("class", "") or a.get("class") == "home"]
    assert len(places) == 12  # the home city and its 11 partners, all with coordinates
    for a in places:
        assert 0 <= float(a["cx"]) <= 640 and 0 <= float(a["cy"]) <= 640
    assert html.count('class="timeline-bar') == 10  # Vila Real has no known start
    # Only Twer is dormant, and only since 2022: the dashed part starts there, not in 1991.
    (dormant,) = [a for tag, a in page.elements if "timeline-dormant" in a.get("class", "")]
    assert dormant["title"].endswith("2022")
    assert "Datum unbekannt" in page.all_text


def test_home_embeds_its_turtle_twin_as_jsonld(ld: FlaskClient) -> None:
    page = get_page(ld, "/")
    assert len(page.jsonld) == 1
    embedded = rdflib.Graph().parse(data="".join(page.jsonld), format="json-ld")
    turtle = parse(ld.get("/?format=ttl").data, "text/turtle")
    assert len(embedded) == len(turtle) > 5
    assert isomorphic(embedded, turtle)


def test_home_as_rdf(ld: FlaskClient) -> None:
    response = ld.get("/", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert rdflib.URIRef(BASE) in set(parse(response.data, "text/turtle").objects())


# --- ontology and shapes ----------------------------------------------------------------------


def local_names(store: Store, namespace: str, types: list[str]) -> set[str]:
    values = " ".join(f"<{t}>" for t in types)
    query = f"""SELECT DISTINCT ?t WHERE {{ VALUES ?type {{ {values} }} ?t a ?type
      FILTER STRSTARTS(STR(?t), "{namespace}") }}"""
    return {row[0].value[len(namespace) :] for row in store.query(query).rows if row[0]}


def test_ontology_page_documents_every_term(ld: FlaskClient, pub_store: Store) -> None:
    owl = "http://www.w3.org/2002/07/owl#"
    terms = local_names(
        pub_store,
        BASE + "ontology/",
        [owl + "Class", owl + "ObjectProperty", owl + "DatatypeProperty"],
    )
    assert {"City", "CityRelation", "twinnedWith", "startDate"} <= terms
    page = get_page(ld, "/ontology/?lang=en")
    assert terms <= page.ids
    text = page.all_text
    assert "Direct, symmetric link between the two cities" in text  # a comment
    assert "twinned with" in text and "verschwistert mit" in text  # both labels


def test_shapes_page_documents_every_shape(ld: FlaskClient, pub_store: Store) -> None:
    sh = "http://www.w3.org/ns/shacl#"
    shapes = local_names(
        pub_store,
        BASE + "shapes/",
        [sh + "NodeShape", sh + "PropertyShape", sh + "SPARQLConstraint"],
    )
    assert len(shapes) > 50
    german = get_page(ld, "/shapes/?lang=de")
    assert shapes <= german.ids
    assert "Eine Stadt hat höchstens ein Wikidata-Objekt" in german.all_text
    english = get_page(ld, "/shapes/?lang=en")
    assert "A city has at most one Wikidata item" in english.all_text


# --- structure and links ------------------------------------------------------------------------

PAGES = [
    "/",
    "/doc/city/twer",
    "/doc/relation/osnabrueck--haarlem",
    "/ontology/",
    "/shapes/",
    "/doc/dataset/osnabrueck-twinning",
    "/catalog",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_structure(ld: FlaskClient, path: str) -> None:
    page = get_page(ld, path)
    assert page.lang in ("de", "en")
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading h{before} followed by h{after}"
    for svg in page.svgs:
        assert svg.get("role") == "img" and svg.get("aria-labelledby")
    for tag, attrs in page.elements:
        if tag == "img":
            assert "alt" in attrs


@pytest.mark.parametrize("path", PAGES)
def test_internal_links_resolve(ld: FlaskClient, path: str) -> None:
    page = get_page(ld, path)
    internal = {href.split("#")[0] for href in page.links if not urlsplit(href).netloc}
    assert len(internal) > 3
    for href in sorted(internal - {""}):
        status = ld.get(href, headers={"Accept": "text/html"}).status_code
        assert status == 200, href


def test_every_word_exists_in_both_languages() -> None:
    import re

    from lod.web.i18n import TEXTS

    assert TEXTS["de"].keys() == TEXTS["en"].keys()
    templates = Path(__file__).parents[2] / "src" / "lod" / "web" / "templates"
    used = set()
    for name in ("_lod.html", "resource.html", "home.html", "vocabulary.html"):
        used |= set(re.findall(r"\bt\.(\w+)", (templates / name).read_text(encoding="utf-8")))
    used.discard("get")  # t.get(key, default): a dict method, not a word
    assert used and used <= TEXTS["de"].keys(), used - TEXTS["de"].keys()
