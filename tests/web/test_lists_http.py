"""The list and search pages over the real publication: HTML and JSON twins, sitemap, robots."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import lod_publication as pub
import pytest
from flask.testing import FlaskClient

pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store
pub_app, ld = pub.pub_app, pub.ld


@pytest.mark.parametrize("kind", ["cities", "relations", "agreements", "claims", "sources"])
def test_every_list_in_html_and_json(ld: FlaskClient, kind: str) -> None:
    html = ld.get(f"/list/{kind}", headers={"Accept": "text/html"})
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert html.headers["Link"] == f'</list/{kind}.json>; rel="alternate"; type="application/json"'
    assert f'<link rel="alternate" type="application/json" href="/list/{kind}.json">' in html.text
    data = ld.get(f"/list/{kind}.json").get_json()
    assert data["kind"] == kind and data["total"] >= len(data["items"]) > 0
    assert all("https://" not in item["name"] for item in data["items"])  # names, never IRIs
    negotiated = ld.get(f"/list/{kind}", headers={"Accept": "application/json"})
    assert negotiated.get_json() == data
    assert "Accept" in negotiated.headers["Vary"]


def test_city_list_sorted_locale_aware_and_by_date(ld: FlaskClient) -> None:
    by_name = [i["name"] for i in ld.get("/list/cities.json?lang=de").get_json()["items"]]
    assert by_name.index("Çanakkale") < by_name.index("Derby")
    assert by_name[0] == "Angers"
    by_date = ld.get("/list/cities.json?lang=en&sort=date").get_json()["items"]
    assert by_date[0]["name"] == "Osnabrück" or by_date[0]["date_value"] <= "1961-10-24"


def test_paging(ld: FlaskClient) -> None:
    data = ld.get("/list/cities.json?per_page=5&page=2").get_json()
    assert (data["page"], data["pages"], len(data["items"])) == (2, 3, 5)
    html = ld.get("/list/cities?per_page=5&page=2", headers={"Accept": "text/html"}).text
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert ld.get("/list/cities?page=x").status_code == 400
    assert ld.get("/list/towns").status_code == 404


@pytest.mark.parametrize(
    ("query", "lang", "first"),
    [("Tver", "de", "Twer"), ("canakkale", "en", "Çanakkale"), ("Q2288", "en", "Tver")],
)
def test_search(ld: FlaskClient, query: str, lang: str, first: str) -> None:
    data = ld.get(f"/search.json?q={query}&lang={lang}").get_json()
    assert data["items"][0]["name"] == first
    page = ld.get(f"/search?q={query}&lang={lang}", headers={"Accept": "text/html"})
    assert page.status_code == 200 and first in page.text


def test_search_escapes_the_query(ld: FlaskClient) -> None:
    page = ld.get("/search?q=<script>x</script>", headers={"Accept": "text/html"})
    assert "<script>x" not in page.text and "&lt;script&gt;x" in page.text


def test_sitemap_and_robots(ld: FlaskClient) -> None:
    sitemap = ld.get("/sitemap.xml")
    assert sitemap.mimetype == "application/xml"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.fromstring(sitemap.data).findall("s:url/s:loc", ns)]
    assert "http://localhost/doc/city/canakkale" in locs
    assert "http://localhost/list/cities" in locs
    for loc in locs[:8] + [loc for loc in locs if "/doc/claim/" in loc][:3]:
        assert ld.get(loc.removeprefix("http://localhost")).status_code == 200, loc
    robots = ld.get("/robots.txt").text
    assert "Sitemap: http://localhost/sitemap.xml" in robots


@pytest.mark.parametrize(
    ("lang", "title", "nav"),
    [("de", "404 Nicht gefunden", "Listen"), ("en", "404 Not found", "Lists")],
)
def test_error_pages_in_the_readers_language_with_navigation(
    ld: FlaskClient, lang: str, title: str, nav: str
) -> None:
    page = ld.get(f"/doc/city/nowhere?lang={lang}", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert f"<h1>{title}</h1>" in page.text and f">{nav}</a>" in page.text
    assert f'<html lang="{lang}">' in page.text
    bad = ld.get(f"/list/cities?page=x&lang={lang}", headers={"Accept": "text/html"})
    assert (
        bad.status_code == 400
        and ("Ungültige Anfrage" if lang == "de" else "Bad request") in bad.text
    )


@pytest.mark.parametrize("path", ["/", "/doc/city/haarlem"])
def test_footer_names_the_licence(ld: FlaskClient, path: str) -> None:
    html = ld.get(path, headers={"Accept": "text/html"}).text
    assert ">Datenlizenz Deutschland – Namensnennung – Version 2.0</a>" in html


def test_sitemap_computed_once_per_version_whatever_the_host(
    ld: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sitemap's pages are cached in the served version; the host (client input) is no
    part of the key, so a thousand Host headers make one entry, not a thousand."""
    from lod.web import lists

    computed = []
    compute = lists._sitemap_paths
    monkeypatch.setattr(lists, "_sitemap_paths", lambda: computed.append(1) or compute())
    served = ld.application.extensions["lod"].served
    served.cache.pop("sitemap-paths", None)
    bodies = [ld.get("/sitemap.xml", base_url=f"http://host{i}.example").text for i in range(3)]
    assert computed == [1]
    assert [k for k in served.cache if "sitemap" in k] == ["sitemap-paths"]
    assert bodies[2] == bodies[0].replace("http://host0.example/", "http://host2.example/")
    assert "http://host1.example/doc/city/canakkale" in bodies[1]
