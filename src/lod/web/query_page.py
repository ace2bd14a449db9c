"""The query page of ``/sparql``: editor, the answer right under it, the examples beside or after.

The answer (a table, or why the query did not run) sits directly under the editor and carries
the fragment ``#results`` that the form and every example link point at, so after a click the
browser shows it without the reader scrolling. An error keeps the editor with the reader's text
and its status; the parser's position is shown as line and column.

The named queries (``queries/*.rq``) are offered in the reader's language: a query that names
things starts its WHERE clause with ``VALUES ?language { "en" }`` and the page puts the reader's
language there before the text reaches the editor, so what the reader sees is what runs. Queries
that call another service (SERVICE) are offered only when the allow-list lets them run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox
from flask import Response, render_template, request, url_for

from lod.errors import LodError, NotAcceptable, QueryTimeout, ResultTooLarge, ServerBusy
from lod.namespaces import prefixes_for
from lod.store import Dataset, QueryResult, QuerySyntaxError, ServiceRefused, UpdateRefused
from lod.store.formats import FORMATS_BY_KIND
from lod.store.queries import NamedQuery, list_named_queries
from lod.store.safety import service_endpoints
from lod.web.app import get_settings
from lod.web.http import uncacheable
from lod.web.i18n import texts
from lod.web.negotiation import HTML, Offer, negotiate, negotiate_language
from lod.web.paths import external_href
from lod.web.representations import Alternate, link_header

HTML_ROW_LIMIT = 1000  # rows shown in a page; the format links give all of them
RESULTS_FRAGMENT = "results"  # the id of the answer block, aimed at by the form and the examples
# The one line a named query marks the reader's language with (valid SPARQL as it is).
LANGUAGE_VALUES = re.compile(r'(VALUES\s+\?language\s*\{\s*)"[A-Za-z-]*"(\s*\})')
# pyoxigraph's parser: "error at 3:16: expected one of ..."
SYNTAX_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)
# Which words explain an error, by its kind (the first class that matches wins).
ERROR_KINDS: tuple[tuple[type[LodError], str], ...] = (
    (QuerySyntaxError, "syntax"),
    (ServiceRefused, "service"),
    (UpdateRefused, "update"),
    (QueryTimeout, "timeout"),
    (ResultTooLarge, "too_large"),
    (ServerBusy, "busy"),
)
DEFAULT_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?subject ?label WHERE {
  ?subject rdfs:label ?label .
}
LIMIT 25
"""


@dataclass(frozen=True)
class Example:
    """A named query as the page offers it: in the reader's language, with the services it asks."""

    name: str
    title: str
    description: str
    text: str
    services: tuple[str, ...]  # the names of the other endpoints it calls (empty: local)


@dataclass(frozen=True)
class QueryProblem:
    """Why the query did not run, in the reader's words, with the engine's own message."""

    status: int
    kind: str  # a key of ERROR_KINDS' words, or "other"
    message: str
    line: int | None = None
    column: int | None = None
    excerpt: str = ""  # the line the parser stopped in
    pointer: str = ""  # a caret under the column in that line (tabs kept, so it lines up)


def examples(lang: str) -> tuple[list[Example], int]:
    """The named queries that can run here, in ``lang``; and how many were left out (SERVICE)."""
    allowed = set(get_settings().service_allowlist)
    offered, withheld = [], 0
    for query in list_named_queries(get_settings().queries_dir):
        endpoints = service_endpoints(query.text)
        if any(endpoint is None or endpoint not in allowed for endpoint in endpoints):
            withheld += 1
            continue
        offered.append(_example(query, lang, endpoints))
    return offered, withheld


def for_language(text: str, lang: str) -> str:
    """``text`` with the reader's language in its ``VALUES ?language { ... }`` line (if any)."""
    return LANGUAGE_VALUES.sub(lambda m: f'{m.group(1)}"{lang}"{m.group(2)}', text, count=1)


def render(
    query: str | None,
    result: QueryResult | None,
    dataset: Dataset | None = None,
    problem: QueryProblem | None = None,
) -> Response:
    """The page: editor with ``query`` (else the first example), then the answer, then examples."""
    lang = negotiate_language()
    offered, withheld = examples(lang)
    text = query if query is not None else (offered[0].text if offered else DEFAULT_QUERY)
    links = format_links(query, dataset, result) if query is not None and result else []
    alternates = [Alternate(link["href"], link["media_type"], link["name"])
                  for link in links] or [_sd_alternate()]  # fmt: skip
    rows = display_rows(result, get_settings().base_iri) if result else []
    # A form sends its textarea with CRLF line ends; the examples have LF.
    chosen = next((ex for ex in offered if ex.text == text.replace("\r\n", "\n")), None)
    html = render_template(
        "query.html",
        t=texts(lang),
        query=text,
        chosen=chosen,
        result=result,
        problem=problem,
        rows=rows[:HTML_ROW_LIMIT],
        total_rows=len(rows),
        format_links=links,
        examples=offered,
        withheld=withheld,
        results_id=RESULTS_FRAGMENT,
        endpoint_url=url_for("sparql.endpoint"),
        alternates=alternates,
    )
    response = Response(html, status=problem.status if problem else 200, mimetype="text/html")
    response.vary.add("Accept-Language")
    response.content_language.add(lang)
    # Every page names its machine-readable twins (Datasette's habit), here too in a header.
    response.headers["Link"] = link_header(alternates)
    return response


def error_page(error: LodError, offers: list[Offer]) -> Response | None:
    """The page again, with the reader's query and why it did not run; None where the error
    is not the page's to show (no single query, a client that did not ask for HTML, a 406 or
    a fault of the server)."""
    queries = request.values.getlist("query")
    if len(queries) != 1 or not _explains(error) or not _wants_page(offers):
        return None
    response = uncacheable(render(queries[0], None, problem=explain(error, queries[0])))
    if isinstance(error, ServerBusy):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def explain(error: LodError, query: str) -> QueryProblem:
    kind = next((name for cls, name in ERROR_KINDS if isinstance(error, cls)), "other")
    found = SYNTAX_POSITION.match(error.message) if kind == "syntax" else None
    if found is None:
        return QueryProblem(error.status, kind, error.message)
    line, column = int(found.group(1)), int(found.group(2))
    lines = query.splitlines()
    excerpt = lines[line - 1] if 0 < line <= len(lines) else ""
    before = excerpt[: column - 1].ljust(column - 1)
    pointer = "".join("\t" if ch == "\t" else " " for ch in before) + "^"
    return QueryProblem(error.status, kind, found.group(3), line, column, excerpt, pointer)


def display_rows(result: QueryResult, base_iri: str) -> list[list[dict[str, Any]]]:
    """Cells for the HTML table: each term as text, with an href when it is an IRI."""
    if result.kind == "solutions":
        rows: list[tuple[Any, ...]] = result.rows
    elif result.kind == "graph":
        rows = [(t.subject, t.predicate, t.object) for t in result.triples]
    else:
        return []
    # Longest namespace first, so that twc: (…/id/concept/) wins over the base's id/.
    names = sorted(prefixes_for(base_iri).items(), key=lambda item: -len(item[1]))
    return [[cell(term, names, base_iri) for term in row] for row in rows]


def cell(term: Any, names: list[tuple[str, str]], base_iri: str) -> dict[str, Any]:
    if term is None:
        return {"text": ""}
    if isinstance(term, ox.NamedNode):
        return {"text": short_iri(term.value, names, base_iri), "iri": term.value,
                "href": external_href(term.value), "kind": "iri"}  # fmt: skip
    if isinstance(term, ox.BlankNode):
        return {"text": f"_:{term.value}", "kind": "bnode"}
    if isinstance(term, ox.Literal):
        datatype = None if term.language else short_iri(term.datatype.value, names, "")
        return {"text": term.value, "kind": "literal", "lang": term.language, "datatype": datatype}
    return {"text": str(term), "kind": "triple"}


def short_iri(iri: str, names: list[tuple[str, str]], base_iri: str) -> str:
    """``wd:Q55``, ``twc:relation-kind/partnership``, ``id/city/haarlem`` (under the base IRI):
    a table of full IRIs is unreadable on a phone; the link and its title keep the full IRI."""
    for prefix, namespace in names:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    if base_iri and iri.startswith(base_iri) and len(iri) > len(base_iri):
        return iri[len(base_iri) :]
    return iri


def format_links(query: str, dataset: Dataset | None, result: QueryResult) -> list[dict[str, str]]:
    """The same query as a GET URL in every format the result can take."""
    args: dict[str, Any] = {"query": query}
    if dataset and dataset.default_graphs:
        args["default-graph-uri"] = list(dataset.default_graphs)
    if dataset and dataset.named_graphs:
        args["named-graph-uri"] = list(dataset.named_graphs)
    return [
        {"name": fmt.name, "media_type": fmt.media_type,
         "href": url_for("sparql.endpoint", format=fmt.name, **args)}
        for fmt in FORMATS_BY_KIND[result.kind]
    ]  # fmt: skip


def _example(query: NamedQuery, lang: str, endpoints: list[str | None]) -> Example:
    services = tuple(dict.fromkeys(_service_name(e) for e in endpoints if e))
    return Example(query.name, query.title(lang), query.description(lang),
                   for_language(without_header(query.text), lang), services)  # fmt: skip


def without_header(text: str) -> str:
    """The query after its leading comment block: the page shows title and description itself,
    in the reader's language, and the editor starts with the SPARQL."""
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")), 0
    )
    return "".join(lines[start:])


def _service_name(endpoint: str) -> str:
    """What a reader knows the endpoint as: Wikidata for WDQS, else its host."""
    host = urlsplit(endpoint).hostname or endpoint
    return "Wikidata" if host.endswith("wikidata.org") else host


def _explains(error: LodError) -> bool:
    # A 406 means HTML was not acceptable either; other 5xx are the server's, not the query's.
    if isinstance(error, NotAcceptable):
        return False
    return error.status < 500 or isinstance(error, QueryTimeout | ServerBusy)


def _wants_page(offers: list[Offer]) -> bool:
    """Whether the request would have been answered with the page had the query run."""
    names = request.values.getlist("format")
    try:
        return negotiate(offers, names) is HTML
    except NotAcceptable:
        return False


def _sd_alternate() -> Alternate:
    return Alternate(url_for("sparql.endpoint", format="ttl"), "text/turtle",
                     "SPARQL Service Description")  # fmt: skip
