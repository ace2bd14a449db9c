"""The home page and its RDF twins are one document: every relation, partner city, network and
download the page lists is described in ``/?format=ttl``, and every one the twin describes is
on the page, for the full page and for a large publication's summary (its first rows only)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import lod_publication as pub
import pytest
import rdflib
from flask.testing import FlaskClient
from lod_publication import BASE, TW, parse
from rdflib.namespace import RDF

from lod.web import home

pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store
pub_app, ld = pub.pub_app, pub.ld
DOWNLOAD_URL = rdflib.URIRef("http://www.w3.org/ns/dcat#downloadURL")


@dataclass
class HomeTables:
    """What the home page lists: (relation, partner, partner's name) rows, network headings,
    download links (all as IRIs of the publication)."""

    rows: list[tuple[str, str, str]] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)


class HomeParser(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables = HomeTables()
        self._partner: tuple[str, str] | None = None  # (href, name) of the row being read
        self._in_partner = self._in_heading = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        href = iri_of(a.get("href", ""))
        if tag == "th" and a.get("scope") == "row":
            self._in_partner = True
        elif tag == "a" and self._in_partner:
            self._partner = (href, "")
        elif tag == "a" and "kind" in a.get("class", "").split() and self._partner:
            self.tables.rows.append((href, *self._partner))
            self._partner = None
        elif tag == "h2" and a.get("id", "").startswith("network-"):
            self._in_heading = True
        elif tag == "a" and self._in_heading:
            self.tables.networks.append(href)
        elif tag == "a" and "download" in a:
            self.tables.downloads.append(href)

    def handle_data(self, data: str) -> None:
        if self._in_partner and self._partner is not None and not self._partner[1]:
            self._partner = (self._partner[0], data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self._in_partner = False
        if tag == "h2":
            self._in_heading = False


def iri_of(href: str) -> str:
    """``/doc/city/haarlem?lang=en`` → the city's IRI; ``/download/x.ttl`` → its IRI."""
    path = href.split("?", 1)[0].lstrip("/")
    if path.startswith("doc/"):
        return BASE + "id/" + path[len("doc/") :]
    return BASE + path


def twin_and_page(client: FlaskClient) -> tuple[rdflib.Graph, HomeTables]:
    page = client.get("/?lang=en", headers={"Accept": "text/html"})
    twin = client.get("/?format=ttl")
    assert page.status_code == twin.status_code == 200
    return parse(twin.data, "text/turtle"), HomeParser(page.get_data(as_text=True)).tables


def check_one_document(graph: rdflib.Graph, tables: HomeTables) -> None:
    relations = set(graph.subjects(RDF.type, TW.CityRelation))
    assert {rel for rel, _, _ in tables.rows} == {str(r) for r in relations}
    for rel, partner, name in tables.rows:
        r = rdflib.URIRef(rel)
        home_city = graph.value(r, TW.homeCity)
        assert {str(c) for c in graph.objects(r, TW.city)} - {str(home_city)} == {partner}
        assert name in {str(label) for label in graph.objects(rdflib.URIRef(partner), None)}
    networks = set(graph.subjects(RDF.type, TW.TwinningNetwork))
    assert set(tables.networks) == {str(n) for n in networks} and networks
    downloads = {str(u) for u in graph.objects(None, DOWNLOAD_URL)}
    assert set(tables.downloads) == downloads and downloads


def test_the_page_lists_exactly_what_its_twin_describes(ld: FlaskClient) -> None:
    graph, tables = twin_and_page(ld)
    assert len(tables.rows) == 11  # Osnabrück's partners, all on the page
    check_one_document(graph, tables)
    assert "Haarlem" in {name for _, _, name in tables.rows}


def test_a_summary_describes_only_the_rows_it_shows(
    ld: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a threshold below Osnabrück's 11 relations, the page is a summary of 4 rows; its
    twin describes those 4 relations, not the 7 left for the lists."""
    monkeypatch.setattr(home, "LARGE_RELATIONS", 5)
    monkeypatch.setattr(home, "SHOWN_ROWS", 4)
    graph, tables = twin_and_page(ld)
    assert len(tables.rows) == 4
    check_one_document(graph, tables)
    html = ld.get("/?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert re.search(r"All 11 relations</a>", html)  # the count is of all, not of the shown


def test_the_overview_is_read_from_the_record(pub_store: object, pub_settings: object) -> None:
    """The record's triples alone give the overview: the same record without a relation's
    triples gives a page without that relation."""
    record = home.home_record(pub_store, pub_settings)  # type: ignore[arg-type]
    overview = home.read_overview(record.triples, record.counts, pub_settings)  # type: ignore[arg-type]
    (network,) = overview.networks
    dropped = network.relations[0].iri
    fewer = [t for t in record.triples if t.subject.value != dropped]  # type: ignore[union-attr]
    (after,) = home.read_overview(fewer, record.counts, pub_settings).networks  # type: ignore[arg-type]
    assert [r.iri for r in after.relations] == [r.iri for r in network.relations[1:]]
    assert after.total == network.total == 11  # counts stay: they are not triples
