"""Every page names its other representations twice, from one value: in the ``Link`` header
and in its ``<link rel="alternate">`` tags. Both lists are equal, for every page type, and each
alternate answers in the media type it announces."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

import lod_publication as pub
import pytest
from flask.testing import FlaskClient

pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store
pub_app, ld = pub.pub_app, pub.ld

PAGES = {
    "home": "/",
    "home in German": "/?lang=de",
    "thing": "/doc/city/twer",
    "thing as .html": "/doc/city/twer.html",
    "dataset": "/doc/dataset/osnabrueck-twinning",
    "ontology": "/ontology/",
    "ontology as .html": "/ontology.html",
    "shapes": "/shapes/",
    "catalog": "/catalog",
    "VoID": "/.well-known/void",
    "lists": "/list/",
    "list": "/list/cities",
    "search": "/search?q=Haarlem",
    "query page": "/sparql",
    "query answer": "/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1"),
}


class AlternateLinks(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: set[tuple[str, str]] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("rel") == "alternate":
            self.links.add((a["href"], a["type"]))


def header_alternates(link: str) -> set[tuple[str, str]]:
    return set(re.findall(r'<([^>]*)>; rel="alternate"; type="([^"]*)"', link))


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_link_header_and_page_name_the_same_alternates(ld: FlaskClient, path: str) -> None:
    response = ld.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    in_header = header_alternates(response.headers.get("Link", ""))
    in_page = AlternateLinks(response.get_data(as_text=True)).links
    assert in_header and in_header == in_page


@pytest.mark.parametrize("path", ["/", "/doc/city/twer", "/ontology/", "/catalog"])
def test_every_alternate_answers_in_its_media_type(ld: FlaskClient, path: str) -> None:
    response = ld.get(path, headers={"Accept": "text/html"})
    for href, media_type in sorted(header_alternates(response.headers["Link"])):
        twin = ld.get(href)
        assert twin.status_code == 200, href
        assert twin.mimetype == media_type, href
