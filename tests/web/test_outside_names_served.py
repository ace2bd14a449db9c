"""The catalog, dataset, distribution, agent and service pages of a ``lod init`` project show
the outside terms they link to by name: no heading and no visible value is the raw IRI of an EU
language or file type, the ADMS publisher type, a licence, a format or a media type."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from lod.sheets.metadata import licence
from lod.web.app import create_app
from lod.web.served import read_manifest
from lod_projects import Project

# The kinds of outside IRIs a reader should see by name.
OUTSIDE = re.compile(
    r"https?://(publications\.europa\.eu/resource/authority/|purl\.org/adms/"
    r"|dcat-ap\.de/def/licenses/|www\.iana\.org/assignments/media-types/|www\.w3\.org/ns/formats/)"
)
KINDS = ("catalog", "dataset", "distribution", "agent", "service")


class VisibleText(HTMLParser):
    """The texts a reader sees in <main> and the footer (not scripts), and the /doc/ links."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._shown = 0
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._shown += tag in ("main", "footer")
        self._hidden += tag in ("script", "style")
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/doc/"):
            self.links.append(href.split("?")[0])

    def handle_endtag(self, tag: str) -> None:
        self._shown -= tag in ("main", "footer")
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if self._shown and not self._hidden and data.strip():
            self.texts.append(data.strip())


@pytest.fixture(scope="module")
def init_client(
    init_project: Project, build_project: Callable[[Project], Path]
) -> Iterator[tuple[FlaskClient, str]]:
    dist = build_project(init_project)
    app = create_app(settings=init_project.settings.replace(dist_dir=dist, reload_interval=0))
    try:
        yield app.test_client(), read_manifest(dist)["slug"]
    finally:
        app.extensions["lod"].switch.close()


def read(client: FlaskClient, path: str, lang: str) -> VisibleText:
    response = client.get(path, query_string={"lang": lang}, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    page = VisibleText()
    page.feed(response.get_data(as_text=True))
    return page


def pages(client: FlaskClient, slug: str) -> list[str]:
    """The catalog page and the dataset, distribution, agent and service pages it links to,
    and theirs (the distributions are linked from the dataset)."""
    found, todo = [], [f"/doc/catalog/{slug}"]
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found.append(path)
        links = read(client, path, "en").links  # not the .html/.ttl twins of the same page
        todo += [p for p in links if p.split("/")[2] in KINDS and "." not in p.rsplit("/")[-1]]
    return found


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_outside_iri_is_shown_raw(init_client: tuple[FlaskClient, str], lang: str) -> None:
    client, slug = init_client
    paths = pages(client, slug)
    assert {p.split("/")[2] for p in paths} == set(KINDS)
    raw = {
        (path, text)
        for path in paths
        for text in read(client, path, lang).texts
        if OUTSIDE.search(text)
    }
    assert not raw


def test_the_licence_and_language_are_named(init_client: tuple[FlaskClient, str]) -> None:
    client, slug = init_client
    chosen = licence("http://dcat-ap.de/def/licenses/cc-by/4.0")  # the init_project's licence
    for lang, title, language in (
        ("de", chosen.title_de, "Deutsch"),
        ("en", chosen.title_en, "German"),
    ):
        texts = read(client, f"/doc/catalog/{slug}", lang).texts
        assert texts.count(title) >= 2  # the licence fact and the footer
        assert language in texts
