"""The query page in headless Chromium on a live server, at a desktop and a phone size, in German
and English: an example's answer is in the first viewport, nothing overflows sideways, a syntax
error keeps the editor with the reader's text and says where, the site navigation is there, the
highlighting runs under the CSP (no violation in the console) and the form works without
JavaScript. Screenshots go to artifacts/screenshots/query-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lod_publication as pub
import pytest
from lod_test_backends import serving
from test_browser import Watched

from lod.config import Settings
from lod.store import Store
from lod.store.queries import find_named_query
from lod.web.app import create_app
from lod.web.i18n import TEXTS

pytestmark = pytest.mark.slow
pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
LOCALES = {"de": "de-DE", "en": "en-GB"}
EXAMPLE = "ambassador-exchange"  # names cities: Twer (de) / Tver (en)
TVER = {"de": "Twer", "en": "Tver"}
TYPED = "SELECT ?city\nWHERE {\n  ?city a ?type\n  FILTER (?x = }"  # the error is on line 4
NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def site(pub_store: Store, pub_settings: Settings) -> Iterator[str]:
    with serving(create_app(settings=pub_settings, store=pub_store)) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def shots(repo_root: Path) -> Path:
    target = repo_root / "artifacts" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    return target


class Sized(Watched):
    """A watched page (console errors, page errors, off-site requests) at one of SIZES."""

    def __init__(self, browser: Any, site: str, lang: str, size: str, javascript: bool = True):
        width, height = SIZES[size]
        self.context = browser.new_context(
            locale=LOCALES[lang], viewport={"width": width, "height": height},
            java_script_enabled=javascript,
        )  # fmt: skip
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.offsite: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.route("**/*", self._route(urlsplit(site).netloc))


def in_first_viewport(page: Any, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    height = page.evaluate("window.innerHeight")
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LOCALES)
def test_an_example_answers_in_view(
    browser: Any, site: str, shots: Path, pub_settings: Settings, lang: str, size: str
) -> None:
    example = find_named_query(pub_settings.queries_dir, EXAMPLE)
    assert example is not None
    w = Sized(browser, site, lang, size)
    try:
        w.page.goto(site + "/sparql", wait_until="networkidle")
        assert w.page.locator("html").get_attribute("lang") == lang
        nav = w.page.locator(f'header nav[aria-label="{TEXTS[lang]["main_nav"]}"]')
        assert nav.locator("a").count() >= 5 and nav.locator("form.search").count() == 1
        assert w.page.locator(".code-field.highlighted pre.code-highlight .hl-keyword").count() > 3
        assert w.page.evaluate(NO_OVERFLOW)
        w.page.get_by_role("link", name=example.title(lang), exact=True).click()
        w.page.wait_for_load_state("networkidle")
        assert in_first_viewport(w.page, "#results tbody tr"), w.page.evaluate("window.scrollY")
        assert w.page.url.endswith("#results")
        assert TVER[lang] in w.page.locator("#results").inner_text()
        assert w.page.evaluate(NO_OVERFLOW), w.page.evaluate("document.documentElement.scrollWidth")
        # The editor holds the example, highlighted: what ran is what the reader sees.
        assert f'VALUES ?language {{ "{lang}" }}' in w.page.locator("#query").input_value()
        assert w.page.locator("pre.code-highlight .hl-string").count() > 0
        w.page.screenshot(path=str(shots / f"query-example-{size}-{lang}.png"))
        assert w.errors == [] and w.offsite == []
    finally:
        w.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LOCALES)
def test_a_syntax_error_keeps_the_editor(
    browser: Any, site: str, shots: Path, lang: str, size: str
) -> None:
    w = Sized(browser, site, lang, size)
    try:
        w.page.goto(site + "/sparql", wait_until="networkidle")
        w.page.locator("#query").fill(TYPED)
        with w.page.expect_navigation() as navigation:
            w.page.get_by_role("button", name=TEXTS[lang]["query_run"]).click()
        assert navigation.value.status == 400
        w.page.wait_for_load_state("networkidle")
        assert w.page.locator("#query").input_value().replace("\r\n", "\n") == TYPED
        problem = w.page.locator("#results.query-problem")
        assert problem.is_visible()
        where = TEXTS[lang]["query_error_at"].split("{")[0]  # "Zeile " / "line "
        assert f"{where}4, " in problem.inner_text()
        assert in_first_viewport(w.page, "#results .position")
        assert w.page.evaluate(NO_OVERFLOW)
        w.page.screenshot(path=str(shots / f"query-error-{size}-{lang}.png"))
        # Chromium logs the 400 of the page itself; anything else (a CSP violation) is an error.
        assert [e for e in w.errors if "status of 400" not in e] == [] and w.offsite == []
    finally:
        w.close()


@pytest.mark.parametrize("lang", LOCALES)
def test_the_page_works_without_javascript(browser: Any, site: str, lang: str) -> None:
    w = Sized(browser, site, lang, "phone", javascript=False)
    try:
        w.page.goto(site + "/sparql", wait_until="networkidle")
        assert w.page.locator(".code-field.highlighted").count() == 0  # a plain textarea
        w.page.locator("#query").fill("SELECT ?city WHERE { ?city a ?type } LIMIT 3")
        w.page.get_by_role("button", name=TEXTS[lang]["query_run"]).click()
        w.page.wait_for_load_state("networkidle")
        assert w.page.locator("#results tbody tr").count() == 3
        assert in_first_viewport(w.page, "#results tbody tr")
        assert w.errors == [] and w.offsite == []
    finally:
        w.close()
