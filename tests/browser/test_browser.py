"""Headless Chromium on a live server: the home page and a city page render without console
errors, make no request off the server, and every same-origin link answers 200. Screenshots go
to artifacts/screenshots/ (kept by CI, ignored by git).

Needs Debian's ``chromium`` at /usr/bin/chromium and the ``playwright`` Python package (its own
browser download is never used); skips with the reason otherwise.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import lod_publication as pub
import pytest
from lod_test_backends import serving

from lod.config import Settings
from lod.store import Store
from lod.web.app import create_app

pytestmark = pytest.mark.slow
pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store

PAGES = {
    "home": "/",
    "city": "/doc/city/canakkale",
    "claim": "/doc/claim/osnabrueck--angers-2004-signed-on-1",
    "cities": "/list/cities",
    "search": "/search?q=Q55",
}
# (SVG links have no string .href; resolve the attribute against the page instead)
RESOLVED_HREFS = "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"


@pytest.fixture(scope="module")
def site(pub_store: Store, pub_settings: Settings) -> Iterator[str]:
    with serving(create_app(settings=pub_settings, store=pub_store)) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def screenshots(repo_root: Path) -> Path:
    target = repo_root / "artifacts" / "screenshots"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    return target


class Watched:
    """A browser page that records console errors, page errors and off-site requests."""

    def __init__(self, browser: Any, site: str, locale: str) -> None:
        self.context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.offsite: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url} {r.failure}"))
        self.page.route("**/*", self._route(urlsplit(site).netloc))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location})")

    def _route(self, netloc: str) -> Any:
        def handle(route: Any) -> None:
            if urlsplit(route.request.url).netloc == netloc:
                route.continue_()
            else:  # no tiles, fonts or scripts from elsewhere: the pages work offline
                self.offsite.append(route.request.url)
                route.abort()

        return handle

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("locale", ["de-DE", "en-GB"])
def test_pages_render_cleanly(browser: Any, site: str, screenshots: Path, locale: str) -> None:
    watched = Watched(browser, site, locale)
    try:
        for name, path in PAGES.items():
            response = watched.page.goto(site + path, wait_until="networkidle")
            assert response is not None and response.status == 200
            assert watched.page.locator("html").get_attribute("lang") == locale[:2]
            watched.page.screenshot(
                path=str(screenshots / f"{name}-{locale[:2]}.png"), full_page=True
            )
        watched.page.goto(site + "/")
        box = watched.page.locator("figure.map svg").bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 200
        assert watched.errors == []
        assert watched.offsite == []
    finally:
        watched.close()


def test_every_same_origin_link_answers_200(browser: Any, site: str) -> None:
    watched = Watched(browser, site, "de-DE")
    try:
        links: set[str] = set()
        for path in PAGES.values():
            watched.page.goto(site + path, wait_until="networkidle")
            hrefs = watched.page.eval_on_selector_all("a[href]", RESOLVED_HREFS)
            links |= {urldefrag(h)[0] for h in hrefs if h.startswith(site)}
        assert len(links) > 30
        broken = []
        for link in sorted(links):
            response = watched.context.request.get(link, headers={"Accept": "text/html"})
            if response.status != 200:
                broken.append(f"{link}: {response.status}")
            elif response.headers.get("content-type", "").startswith("text/html"):
                watched.page.goto(link, wait_until="networkidle")  # its console is watched too
        assert broken == []
        assert watched.errors == []
        assert watched.offsite == []
    finally:
        watched.close()


def test_language_switch(browser: Any, site: str) -> None:
    watched = Watched(browser, site, "de-DE")
    try:
        watched.page.goto(site + PAGES["city"])
        watched.page.get_by_role("link", name="EN", exact=True).click()
        watched.page.wait_for_load_state()
        assert watched.page.locator("html").get_attribute("lang") == "en"
        watched.page.get_by_role("link", name="Osnabrück").first.click()
        watched.page.wait_for_load_state()
        assert watched.page.locator("html").get_attribute("lang") == "en"  # the choice stays
        assert watched.errors == []
    finally:
        watched.close()


@pytest.mark.parametrize("locale", ["de-DE", "en-GB"])
def test_names_not_identifiers(browser: Any, site: str, locale: str) -> None:
    """No raw QID as a country name, no IRI as a heading or title, search by QID finds cities."""
    watched = Watched(browser, site, locale)
    try:
        for path in ("/doc/city/haarlem", "/doc/status/osnabrueck--haarlem-active", PAGES["claim"]):
            watched.page.goto(site + path, wait_until="networkidle")
            heading = watched.page.locator("h1").inner_text()
            assert "://" not in heading and "://" not in watched.page.title()
        watched.page.goto(site + "/doc/city/haarlem", wait_until="networkidle")
        facts = watched.page.locator("#facts-heading + .table-wrap").inner_text()
        assert ("Niederlande" if locale == "de-DE" else "Netherlands") in facts
        assert "Q55" not in facts
        watched.page.goto(site + PAGES["search"], wait_until="networkidle")
        assert watched.page.locator("ul.results li").count() >= 1
        assert watched.errors == []
    finally:
        watched.close()
