"""Lists, search, sitemap and robots.txt: thin views over :mod:`lod.web.listing`.

- ``/list/`` the lists with their sizes; ``/list/{kind}`` (cities, relations, agreements,
  claims, sources) sorted (``?sort=name|-name|date|-date``) and paged (``?page=``,
  ``?per_page=``); ``/search?q=`` by any name in any language or a Wikidata ID, a source by
  its address. Each is HTML or JSON (``Accept``, ``?format=json`` or the ``.json`` twin), and
  says so in ``Link``;
- ``/sitemap.xml`` (every page of a thing, the lists, home, vocabulary) and ``/robots.txt``.

A view parses the request, computes one record (cached per data version where it does not
depend on the request) and hands it to the renderer of the negotiated format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, jsonify, render_template, request

from lod.uris import local_path
from lod.web import listing
from lod.web.app import get_settings, get_state, get_store
from lod.web.documents import current_linker, known_iris, root
from lod.web.i18n import format_number, texts
from lod.web.negotiation import LANGUAGES, negotiate, negotiate_language
from lod.web.paths import quote_path
from lod.web.representations import JSON, PAGE_OFFERS, Alternate, link_header

bp = Blueprint("lists", __name__)

# Everything a reader may look for; a cited source by its address (host and path).
SEARCH_KINDS = ("cities", "relations", "agreements", "claims", "sources")


def entries(kind: str) -> list[listing.Entry]:
    """The entries of one list, read once per data version."""
    store, base = get_store(), get_settings().base_iri
    spec = listing.KINDS[kind]
    if spec.cls is None:
        return get_state().cached(
            f"list {kind}", lambda: listing.collect(store, base, spec, LANGUAGES)
        )
    # every list of a class at once: the queries read all names anyway (see collect_all)
    classes = [k for k in listing.KINDS.values() if k.cls is not None]
    lists = get_state().cached(
        "lists", lambda: listing.collect_all(store, base, classes, LANGUAGES)
    )
    return lists[kind]


def warm_indexes() -> None:
    """Every list's entries and the sitemap of the version served now, computed and kept."""
    for kind in listing.KINDS:
        entries(kind)
    sitemap_paths()


@bp.route("/list/")
def overview() -> Response:
    lang = negotiate_language()
    counts = {kind: len(entries(kind)) for kind in listing.KINDS}
    record = {"lang": lang, "lists": [{"kind": k, "total": n} for k, n in counts.items()]}
    return respond(
        record,
        lambda alternates: render_template(
            "lists.html", data=record, t=texts(lang), number=_number(lang), alternates=alternates
        ),
    )


@bp.route("/list/<kind>")
@bp.route("/list/<kind>.<ext>")
def index(kind: str, ext: str | None = None) -> Response:
    if kind not in listing.KINDS:
        abort(404, f"no list {kind!r}; lists: {', '.join(listing.KINDS)}")
    lang = negotiate_language()
    record = listing.index_page(
        entries(kind),
        kind,
        lang,
        request.args.get("sort", "name"),
        _int_arg("page", 1),
        _int_arg("per_page", listing.PER_PAGE),
    )

    def html(alternates: list[Alternate]) -> str:
        return render_template(
            "list.html",
            data=record,
            t=texts(lang),
            number=_number(lang),
            href=_href,
            page_url=_page_url,
            alternates=alternates,
        )

    return respond(listing.as_json(record, _href), html, ext)


@bp.route("/search")
@bp.route("/search.<ext>")
def search(ext: str | None = None) -> Response:
    lang = negotiate_language()
    query = request.args.get("q", "")[:200]
    pool = [e for kind in SEARCH_KINDS for e in entries(kind)]
    record = listing.search_page(pool, query, lang)

    def html(alternates: list[Alternate]) -> str:
        return render_template(
            "search.html",
            data=record,
            t=texts(lang),
            number=_number(lang),
            href=_href,
            alternates=alternates,
        )

    return respond(listing.as_json(record, _href), html, ext)


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    site = request.host_url.rstrip("/") + root()
    body = "".join(f"<url><loc>{escape(site + p)}</loc></url>\n" for p in sitemap_paths())
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n"
    )
    return Response(xml, mimetype="application/xml")


def sitemap_paths() -> list[str]:
    """The pages of the sitemap, computed once per data version (a publication of the world
    has tens of thousands of things to sort). The host is added per request, so the cache key
    holds no request input."""
    return get_state().cached("sitemap-paths", _sitemap_paths)


def _sitemap_paths() -> list[str]:
    base = get_settings().base_iri
    paths = ["/", "/ontology/", "/shapes/", "/sparql", "/catalog", "/list/"]
    paths += [f"/list/{kind}" for kind in listing.KINDS]
    things = sorted(
        local[len("id/") :]
        for iri in known_iris()
        if "#" not in iri and (local := local_path(iri, base)) and local.startswith("id/")
    )
    return paths + ["/doc/" + quote_path(thing) for thing in things]


@bp.route("/robots.txt")
def robots() -> Response:
    site = request.host_url.rstrip("/") + root()
    text = (
        "User-agent: *\n"
        "Disallow: /sparql?\n"  # endless query URLs; the page itself and the data are fine
        "Disallow: /search\n"
        f"Sitemap: {site}/sitemap.xml\n"
    )
    return Response(text, mimetype="text/plain")


# --- rendering -------------------------------------------------------------------------------


def respond(
    record: Any, html: Callable[[list[Alternate]], str], ext: str | None = None
) -> Response:
    """The record as JSON or as the page ``html(alternates)`` renders; the other format is
    named in ``Link`` and in the page's ``<link rel="alternate">``, from one value."""
    if ext is not None and ext != "json":
        abort(404, f"no .{ext} variant; available: .json")
    offer = JSON if ext == "json" else negotiate(PAGE_OFFERS, request.args.getlist("format"))
    is_json = offer is JSON
    other = PAGE_OFFERS[0] if is_json else JSON
    alternates = [Alternate(_twin(is_json), other.media_type)]
    if is_json:
        response = jsonify(record)
    else:
        response = Response(html(alternates), mimetype="text/html")
        response.vary.add("Accept-Language")
    response.vary.add("Accept")
    response.headers["Link"] = link_header(alternates)
    return response


def _twin(is_json: bool) -> str:
    """This page in the other format: ``.json`` added or taken away (``?format=json`` on a
    path ending in ``/``), the other arguments kept."""
    args = {k: v for k, v in request.args.items() if k != "format"}
    path = request.path
    if is_json:
        path = path.removesuffix(".json")
    elif path.endswith("/"):
        args["format"] = "json"
    else:
        path += ".json"
    return root() + path + ("?" + urlencode(args) if args else "")


def _number(lang: str) -> Callable[[int], str]:
    return lambda n: format_number(n, lang)


def _href(iri: str) -> str:
    return current_linker().href(iri)


def _page_url(**changes: Any) -> str:
    args = {**request.args.to_dict(), **{k: str(v) for k, v in changes.items()}}
    return root() + request.path + "?" + urlencode(args)


def _int_arg(name: str, default: int) -> int:
    try:
        return int(request.args.get(name, default))
    except ValueError:
        abort(400, f"{name} must be a whole number")
