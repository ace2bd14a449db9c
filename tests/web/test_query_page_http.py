"""The query page over the real publication and the real ``queries/``: examples in the reader's
language, federated examples only where SERVICE may run, errors that keep the editor, and a form
that works as plain HTTP (no JavaScript)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import lod_publication as pub
import pytest
from flask.testing import FlaskClient

from lod.config import Settings, load_settings
from lod.errors import BadRequest, QueryTimeout
from lod.store import QuerySyntaxError, ServiceRefused, Store
from lod.store.queries import list_named_queries
from lod.web.app import create_app
from lod.web.i18n import TEXTS
from lod.web.query_page import explain, for_language, short_iri, without_header

pub_dist, pub_settings, pub_store = pub.pub_dist, pub.pub_settings, pub.pub_store
pub_app, ld = pub.pub_app, pub.ld

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
WIKIDATA = "https://query.wikidata.org/sparql"
REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "src" / "lod" / "web" / "templates" / "query.html"
BAD_QUERY = "SELECT ?city\nWHERE {\n  ?city a ?type\n  FILTER (?x = }"  # line 4


class Page(HTMLParser):
    """The parts of the query page the tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.examples: list[tuple[str, str]] = []  # (href, data-query)
        self.textarea: str | None = None
        self.form: dict[str, str] = {}
        self.hidden: dict[str, str] = {}
        self.nav_links: list[str] = []
        self._in: list[str] = []
        self._in_textarea = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "nav":
            self._in.append(a.get("aria-label", "nav"))
        if tag == "a" and "data-query" in a:
            self.examples.append((a["href"], a["data-query"]))
        if tag == "a" and self._in:
            self.nav_links.append(a["href"])
        if tag == "textarea":
            self.textarea, self._in_textarea = "", True
        if tag == "form" and a.get("class") == "editor":
            self.form = a
        if tag == "input" and a.get("type") == "hidden":
            self.hidden[a["name"]] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._in:
            self._in.pop()
        if tag == "textarea":
            self._in_textarea = False

    def handle_data(self, data: str) -> None:
        if self._in_textarea:
            self.textarea = (self.textarea or "") + data  # character references already resolved


def page(client: FlaskClient, lang: str, **args: str) -> tuple[int, str]:
    response = client.get("/sparql", query_string={"lang": lang, **args},
                          headers={"Accept": BROWSER})  # fmt: skip
    assert response.mimetype == "text/html"
    return response.status_code, response.text


@pytest.fixture
def federating(pub_store: Store, pub_settings: Settings) -> FlaskClient:
    """The app as ``LOD_SERVICE_ALLOWLIST=<WDQS>`` configures it."""
    settings = load_settings(
        {"dist_dir": pub_settings.dist_dir, "queries_dir": pub_settings.queries_dir},
        environ={"LOD_SERVICE_ALLOWLIST": WIKIDATA},
    )
    assert settings.service_allowlist == (WIKIDATA,)
    return create_app({"TESTING": True}, settings=settings, store=pub_store).test_client()


FEDERATED = [q for q in list_named_queries(REPO / "queries") if q.name.startswith("federated-")]


# -- federated examples ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "en"])
def test_federated_examples_are_left_out_when_service_is_refused(
    ld: FlaskClient, lang: str
) -> None:
    status, html = page(ld, lang)
    assert status == 200 and FEDERATED
    examples = Page(html).examples
    assert len(examples) == len(list_named_queries(REPO / "queries")) - len(FEDERATED)
    assert not any("SERVICE" in query for _, query in examples)
    for query in FEDERATED:
        assert query.title(lang) not in unescape(html)
    words = TEXTS[lang]
    assert words["query_withheld"].format(count=len(FEDERATED)) in unescape(html)
    assert words["query_federated"].format(service="Wikidata") not in unescape(html)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_federated_examples_are_offered_and_marked_when_wikidata_is_allowed(
    federating: FlaskClient, lang: str
) -> None:
    status, html = page(federating, lang)
    assert status == 200
    text = unescape(html)
    for query in FEDERATED:
        assert query.title(lang) in text
    marker = TEXTS[lang]["query_federated"].format(service="Wikidata")
    assert text.count(marker) == len(FEDERATED)
    assert 'class="withheld"' not in html
    assert sum(
        "SERVICE <https://query.wikidata.org/sparql>" in q for _, q in Page(html).examples
    ) == (len(FEDERATED))


# -- labels in the reader's language -----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "city", "status"), [("de", "Twer", "ruhend"), ("en", "Tver", "dormant")]
)
def test_an_example_answers_in_the_readers_language(
    ld: FlaskClient, lang: str, city: str, status: str
) -> None:
    _, html = page(ld, lang)
    (href, query) = next(e for e in Page(html).examples if "tw:Exchange" in e[1])
    assert f'VALUES ?language {{ "{lang}" }}' in query
    assert href.endswith("#results")
    response = ld.get(href.split("#")[0], headers={"Accept": BROWSER})
    assert response.status_code == 200
    answer = response.text.split('id="results"', 1)[1]
    row = re.search(r"<tr>(?:(?!</tr>).)*" + city + r"(?:(?!</tr>).)*</tr>", answer, re.DOTALL)
    assert row is not None and f">{status}<" in row.group(0)
    other = "Tver" if lang == "de" else "Twer"
    assert f">{other}<" not in answer


def test_language_substitution_touches_only_the_marked_line() -> None:
    text = 'SELECT * WHERE {\n  VALUES ?language { "en" }  # here\n  FILTER (LANG(?x) = "en")\n}'
    assert for_language(text, "de") == text.replace('{ "en" }', '{ "de" }')
    assert for_language("ASK {}", "de") == "ASK {}"


def test_examples_start_with_sparql_not_with_their_header() -> None:
    for query in list_named_queries(REPO / "queries"):
        body = without_header(query.text)
        assert body.lstrip().startswith("PREFIX"), query.name
        assert body in query.text


# -- errors keep the editor --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "position"), [("de", "Zeile 4, Spalte"), ("en", "line 4, column")]
)
def test_syntax_error_shows_the_page_with_the_readers_query(
    ld: FlaskClient, lang: str, position: str
) -> None:
    status, html = page(ld, lang, query=BAD_QUERY)
    assert status == 400
    parsed = Page(html)
    assert parsed.textarea is not None and parsed.textarea.strip() == BAD_QUERY.strip()
    text = unescape(html)
    assert TEXTS[lang]["query_error_syntax"] in text
    assert re.search(position + r" \d+", text)
    assert '<section id="results" class="query-problem"' in html
    assert 'aria-invalid="true"' in html
    assert "FILTER (?x = }" in text.split('class="error-excerpt"', 1)[1]  # the line, shown


def test_syntax_error_by_post_form_also_keeps_the_editor(ld: FlaskClient) -> None:
    response = ld.post("/sparql?lang=en", data={"query": BAD_QUERY.replace("\n", "\r\n")},
                       headers={"Accept": BROWSER})  # fmt: skip
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "line 4, column" in response.text
    assert response.headers["Cache-Control"] == "no-store"


def test_a_sparql_client_still_gets_the_plain_error(ld: FlaskClient) -> None:
    response = ld.get("/sparql", query_string={"query": BAD_QUERY},
                      headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert response.text.startswith("error at 4:")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_refused_service_keeps_the_editor(ld: FlaskClient, lang: str) -> None:
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, html = page(ld, lang, query=query)
    assert status == 403
    assert (Page(html).textarea or "").strip() == query
    assert TEXTS[lang]["query_error_service"] in unescape(html)
    assert "LOD_SERVICE_ALLOWLIST" in html


def test_too_deep_keeps_the_editor(ld: FlaskClient, pub_settings: Settings) -> None:
    depth = pub_settings.max_query_depth + 1
    query = "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth
    status, html = page(ld, "en", query=query)
    assert status == 400
    assert (Page(html).textarea or "").strip() == query.strip()
    assert "LOD_MAX_QUERY_DEPTH" in html


def test_each_error_is_explained_in_its_own_words() -> None:
    syntax = explain(QuerySyntaxError("error at 2:3: expected one of X"), "SELECT\n\tab\n")
    assert (syntax.kind, syntax.line, syntax.column, syntax.message) == (
        "syntax",
        2,
        3,
        "expected one of X",
    )
    assert (syntax.excerpt, syntax.pointer) == ("\tab", "\t ^")  # the caret under column 3
    assert explain(QuerySyntaxError("remote: bad"), "x").line is None  # no position: none shown
    assert explain(ServiceRefused("no"), "x").kind == "service"
    assert explain(QueryTimeout("slow"), "x").kind == "timeout"
    assert explain(BadRequest("deep"), "x").kind == "other"
    for kind in ("syntax", "service", "update", "timeout", "too_large", "busy", "other"):
        assert f"query_error_{kind}" in TEXTS["de"] and f"query_error_{kind}" in TEXTS["en"]


# -- the page itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_form_works_without_javascript(ld: FlaskClient, lang: str) -> None:
    """What a browser without JavaScript does: submit the form's fields to its action."""
    _, html = page(ld, lang)
    parsed = Page(html)
    assert parsed.form["method"] == "get" and parsed.form["action"] == "/sparql#results"
    assert parsed.hidden == {"lang": lang}
    fields = {"query": parsed.textarea or "", "format": "html", **parsed.hidden}
    response = ld.get(parsed.form["action"].split("#")[0], query_string=fields,
                      headers={"Accept": BROWSER})  # fmt: skip
    assert response.status_code == 200
    assert '<section id="results" class="results"' in response.text
    assert response.text.count("<tr>") > 2
    assert f'<html lang="{lang}">' in response.text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_page_has_the_site_navigation(ld: FlaskClient, lang: str) -> None:
    _, html = page(ld, lang)
    assert f'aria-label="{TEXTS[lang]["main_nav"]}"' in html
    links = Page(html).nav_links
    assert any(href.startswith("/list") for href in links)
    assert any(href.startswith("/?") or href == "/" for href in links)
    assert 'class="search"' in html


def test_iris_are_shown_short_and_linked_in_full() -> None:
    names = [
        ("twc", "https://w3id.org/twinning/id/concept/"),
        ("wd", "http://www.wikidata.org/entity/"),
    ]
    base = "https://w3id.org/twinning/"
    assert short_iri("http://www.wikidata.org/entity/Q55", names, base) == "wd:Q55"
    assert short_iri(base + "id/city/haarlem", names, base) == "id/city/haarlem"
    assert short_iri(base + "id/concept/kind/x", names, base) == "twc:kind/x"
    assert short_iri("https://example.org/x", names, base) == "https://example.org/x"


def test_every_word_of_the_page_is_in_both_languages() -> None:
    used = set(re.findall(r"\bt\.(\w+)", TEMPLATE.read_text(encoding="utf-8")))
    assert used and used <= TEXTS["de"].keys() & TEXTS["en"].keys(), used - TEXTS["en"].keys()
    # No English words hard-coded between tags (format names and SPARQL are not words).
    text = re.sub(r"\{[{%#].*?[}%#]\}", "", TEMPLATE.read_text(encoding="utf-8"), flags=re.DOTALL)
    words = {
        w for chunk in re.findall(r">([^<]+)<", text) for w in re.findall(r"[A-Za-z]{3,}", chunk)
    }
    assert words <= {
        "HTML",
        "SPARQL",
        "JSON",
        "XML",
        "CSV",
        "TSV",
        "Turtle",
        "Triples",
        "LD",
        "RDF",
    }, words
