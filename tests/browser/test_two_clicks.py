"""Issue 11's promise, checked in a real Chromium as a reader in German and English, on the
repository's publication and on a fresh ``lod init --city Q216`` project:

- every city, agreement and source is two clicks from the home page (home → page → item), or
  found with the search box by the name the lists show (search → item);
- pages name things: no heading, no link to a thing's page and no cell of a relations table
  shows an IRI, a bare Wikidata ID or a slug; a link whose text is an address goes to that
  address (a download, a cited web page), never to something else;
- every page names the same alternates in its ``Link`` header and in its ``<link
  rel="alternate">`` tags, and each of them answers 200 with the media type it was named with.

Nothing here knows a city: the items come from the lists' JSON twins and the pages from the
sitemap, so the checks hold for any publication.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urldefrag, urljoin
from urllib.request import Request, urlopen

import lod_publication as pub
import pytest
from lod_test_backends import serving

from lod.store import EmbeddedStore, LoadSpec
from lod.web.app import create_app
from lod_projects import Project

pytestmark = pytest.mark.slow
pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store

LOCALES = ("de-DE", "en-GB")
REACHED_KINDS = ("cities", "agreements", "sources")
# An identifier where a name belongs: an absolute IRI, a Wikidata ID, a slug (two or more
# lower-case words joined by hyphens and nothing else), a path under the base IRI.
IDENTIFIER = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://\S+|urn:\S+|(?:wd:)?Q\d+|[a-z0-9]+(?:-{1,2}[a-z0-9]+)+|(?:id|doc)/\S+)$"
)
# What a page shows of itself, as plain data (hrefs absolute, texts as the reader sees them).
READ = """() => {
  const text = e => (e.innerText || e.textContent || '').trim();
  const abs = h => new URL(h, document.baseURI).href;
  return {
    headings: [...document.querySelectorAll('h1, h2, h3')].map(text).concat([document.title]),
    links: [...document.querySelectorAll('main a[href]')]
      .map(a => ({text: text(a), href: abs(a.getAttribute('href'))})),
    relationCells: [...document.querySelectorAll('table.relations td, table.relations th')]
      .map(text),
    listNames: [...document.querySelectorAll('main table.list tbody th, main ul.results > li > a')]
      .map(text),
    alternates: [...document.querySelectorAll('link[rel=alternate]')]
      .map(l => [abs(l.getAttribute('href')), l.getAttribute('type')]),
  };
}"""


@dataclass(frozen=True)
class Site:
    url: str  # where the test server answers, without a trailing slash
    base_iri: str  # the publication's base IRI (its things' IRIs start with it)

    def local(self, iri: str) -> str:
        """``iri`` as an address on the test server when it is under the base IRI."""
        return self.url + "/" + iri[len(self.base_iri) :] if iri.startswith(self.base_iri) else iri


@pytest.fixture(scope="module", params=["project", "init"])
def site(request: pytest.FixtureRequest) -> Iterator[Site]:
    """The repository's publication (or ``LOD_TEST_DIST``), then a fresh init project's."""
    if request.param == "project":
        settings = request.getfixturevalue("pub_settings")
        store = request.getfixturevalue("pub_store")
        with serving(create_app(settings=settings, store=store)) as url:
            yield Site(url, settings.base_iri)
        return
    project: Project = request.getfixturevalue("init_project")
    build: Callable[[Project], Path] = request.getfixturevalue("build_project")
    dist = build(project)
    store = EmbeddedStore.load(LoadSpec.from_manifest(dist))
    settings = project.settings.replace(dist_dir=dist)
    try:
        with serving(create_app(settings=settings, store=store)) as url:
            yield Site(url, settings.base_iri)
    finally:
        store.close()


def get_json(url: str) -> Any:
    with urlopen(Request(url, headers={"Accept": "application/json"})) as response:
        return json.load(response)


def list_items(site: Site, kind: str) -> list[dict[str, Any]]:
    """Every entry of a list, all pages, with its absolute URL."""
    items, page = [], 1
    while True:
        record = get_json(f"{site.url}/list/{kind}.json?page={page}&per_page=500")
        items += [dict(item, url=as_browser_url(site, item["url"])) for item in record["items"]]
        if page >= record["pages"]:
            return items
        page += 1


def as_browser_url(site: Site, href: str) -> str:
    """``href`` absolute and percent-encoded as a browser's ``URL.href`` gives it."""
    return quote(urljoin(site.url + "/", href), safe=":/?#[]@!$&'()*+,;=%~")


def sitemap_pages(site: Site) -> list[str]:
    with urlopen(site.url + "/sitemap.xml") as response:
        xml = response.read().decode("utf-8")
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def links_on(page: Any, url: str) -> set[str]:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url
    hrefs = page.eval_on_selector_all(
        "a[href]", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"
    )
    return {urldefrag(h)[0] for h in hrefs}


def is_page_of_site(site: Site, url: str) -> bool:
    """A page a reader opens (not a download, a data format or a query answer)."""
    path = url[len(site.url) :]
    return (
        url.startswith(site.url + "/")
        and not path.startswith(("/download/", "/sparql?", "/.well-known/"))
        and not re.search(r"[?&]format=|\.(ttl|jsonld|nt|rdf|json|xml)(\?|$)", path)
    )


def found_by_search(page: Any, site: Site, name: str, target: str) -> bool:
    """Type ``name`` into the home page's search box, submit, and look for ``target``."""
    page.goto(site.url + "/", wait_until="load")
    box = page.locator("header form.search input[name=q]")
    box.fill(name)
    with page.expect_navigation(wait_until="load"):
        box.press("Enter")
    results = page.eval_on_selector_all(
        "main ul.results a[href]",
        "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)",
    )
    return target in results


# --- two clicks -------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_every_city_agreement_and_source_is_two_clicks_away(
    browser: Any, site: Site, locale: str
) -> None:
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        first = links_on(page, site.url + "/")
        reached = set(first)
        for url in sorted(u for u in first if is_page_of_site(site, u)):
            reached |= links_on(page, url)
        missing, searched = [], 0
        for kind in REACHED_KINDS:
            items = list_items(site, kind)
            for item in items:
                if item["url"] in reached:
                    continue
                searched += 1
                if not found_by_search(page, site, item["name"], item["url"]):
                    missing.append(f"{kind}: {item['name']} ({item['url']})")
            # The search box works for the lists' ends too, whatever the links reach.
            for item in items[:1] + items[-1:]:
                if not found_by_search(page, site, item["name"], item["url"]):
                    missing.append(f"{kind} by search: {item['name']} ({item['url']})")
        assert missing == [], "\n".join(missing)
        assert list_items(site, "cities") and list_items(site, "sources")
    finally:
        context.close()


# --- names, not identifiers -------------------------------------------------------------------


def naming_problems(site: Site, shown: dict[str, Any]) -> list[str]:
    """Where a page shows an identifier as the name of something."""
    problems = [f"heading {h!r}" for h in shown["headings"] if IDENTIFIER.match(h)]
    for link in shown["links"]:
        text, href = link["text"], link["href"]
        thing_page = href.startswith((site.url + "/doc/", site.url + "/id/"))
        if thing_page and IDENTIFIER.match(text):
            problems.append(f"link {text!r} to {href}")
        elif re.match(r"^[a-z][a-z0-9+.-]*://", text) and urldefrag(site.local(text))[0] not in (
            urldefrag(href)[0],
            urldefrag(href)[0].rstrip("/"),
        ):
            problems.append(f"link text {text!r} is an address, but it goes to {href}")
    problems += [f"relations cell {c!r}" for c in shown["relationCells"] if IDENTIFIER.match(c)]
    problems += [f"list entry {n!r}" for n in shown["listNames"] if IDENTIFIER.match(n)]
    return problems


@pytest.mark.parametrize("locale", LOCALES)
def test_pages_name_things(browser: Any, site: Site, locale: str) -> None:
    pages = sitemap_pages(site)
    city = list_items(site, "cities")[0]
    pages += [f"{site.url}/search?q={city['name'][:3]}", f"{site.url}/list/cities?sort=date"]
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        problems, relation_tables = [], 0
        for url in pages:
            response = page.goto(url, wait_until="load")
            assert response is not None and response.status == 200, url
            shown = page.evaluate(READ)
            problems += [f"{url}: {p}" for p in naming_problems(site, shown)]
            relation_tables += bool(shown["relationCells"])
        assert problems == [], "\n".join(problems)
        assert relation_tables > 0  # the city pages' relations were looked at
    finally:
        context.close()


def test_the_identifier_check_can_fail() -> None:
    site = Site("http://127.0.0.1:1", "https://w3id.org/twinning/")
    shown = {
        "headings": ["Q42", "osnabrueck--angers-1964", "Angers"],
        "links": [
            {"text": "https://w3id.org/twinning/shapes/X", "href": site.url + "/shapes/#X"},
            {"text": "https://w3id.org/twinning/sparql", "href": site.url + "/sparql"},
            {"text": "osnabrueck--haarlem", "href": site.url + "/doc/relation/x"},
        ],
        "relationCells": ["https://w3id.org/twinning/id/concept/relation-kind/partnership"],
        "listNames": ["Çanakkale"],
    }
    assert len(naming_problems(site, shown)) == 5


# --- alternates -------------------------------------------------------------------------------


def header_alternates(link: str | None, url: str) -> set[tuple[str, str]]:
    out = set()
    for target, params in re.findall(r"<([^>]*)>([^,<]*)", link or ""):
        kind = re.search(r'type="([^"]+)"', params)
        if 'rel="alternate"' in params and kind:
            out.add((urljoin(url, target), kind.group(1)))
    return out


def test_every_page_names_the_same_alternates_and_each_answers(browser: Any, site: Site) -> None:
    pages = sitemap_pages(site)
    pages += [f"{site.url}/search?q=a", f"{site.url}/list/sources?page=1", f"{site.url}/sparql"]
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        problems: list[str] = []
        alternates: dict[str, str] = {}
        for url in pages:
            response = page.goto(url, wait_until="load")
            assert response is not None and response.status == 200, url
            in_page = {tuple(a) for a in page.evaluate(READ)["alternates"]}
            in_header = header_alternates(response.headers.get("link"), url)
            if in_page != in_header or not in_page:
                problems.append(f"{url}: header {sorted(in_header)} ≠ page {sorted(in_page)}")
            alternates.update(dict(in_page))
        for url, media_type in sorted(alternates.items()):
            answer = context.request.get(url, headers={"Accept": "*/*"})
            got = answer.headers.get("content-type", "").split(";")[0]
            if answer.status != 200 or got != media_type:
                problems.append(f"{url}: {answer.status} {got}, named as {media_type}")
        assert problems == [], "\n".join(problems)
        assert len(alternates) > len(pages)
    finally:
        context.close()
