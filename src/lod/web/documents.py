"""Serving a negotiable document: choose the representation, render once per data version,
answer with the linked-data headers (Link alternates and licence, Content-Location, ETag,
Last-Modified, Vary, Content-Language).

Both the resource pages (:mod:`lod.web.resources`) and the harvesting endpoints
(:mod:`lod.web.harvest`) describe what they serve as a :class:`Document` and call :func:`serve`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Response, abort, render_template, request

from lod.canonical import canonical_triples
from lod.namespaces import prefixes_for
from lod.web import describe
from lod.web.app import get_served, get_settings, get_state, get_store
from lod.web.http import DEFAULT_MAX_AGE, cacheable, etag_for, not_modified
from lod.web.i18n import texts
from lod.web.negotiation import LANGUAGES, Offer, negotiate, negotiate_language, plain_lang_arg
from lod.web.pages import Linker, PageContext, ResourcePageBuilder, pick_literal
from lod.web.paths import find_iri, quote_path
from lod.web.representations import (
    BY_EXTENSION,
    OFFERS,
    REPRESENTATIONS,
    Representation,
    by_offer,
    document_alternates,
    jsonld_document,
    link_header,
    serialize,
)
from lod.web.response_cache import DOCUMENT_ARGS


@dataclass(frozen=True)
class Document:
    """A negotiable document: cache key, topic, variant URLs, content, HTML page, licence."""

    key: str
    topic: str
    url: Callable[[str | None], str]  # extension (None: the generic URL) → path on this host
    triples: Callable[[], list[ox.Triple]]
    page: Callable[[list[ox.Triple], str], str]  # (triples, language) → HTML
    license: str | None
    offers: Sequence[Offer] = OFFERS  # negotiation order: the first wins for */* or no Accept


def serve(doc: Document, extension: str | None) -> Response:
    """The document in the asked-for (``extension``) or negotiated representation."""
    rep = BY_EXTENSION[extension] if extension else by_offer(negotiate(doc.offers, format_args()))
    lang = negotiate_language() if rep.is_html else ""
    explicit_lang = request.args.get("lang") if rep.is_html else None
    tag = get_served().tag
    etag = etag_for(tag, doc.key, rep.extension, lang, explicit_lang, root())
    response = not_modified(etag) if tag else None
    if response is None:
        response = Response(_body(doc, rep, lang))
        response.content_type = f"{rep.media_type}; charset=utf-8"
        if tag:
            cacheable(response, etag)
    _document_headers(response, doc, rep, lang)
    return response


def _body(doc: Document, rep: Representation, lang: str) -> bytes:
    """The rendered bytes, computed once per data version (unless odd query arguments)."""

    def render() -> bytes:
        triples = document_triples(doc)
        if rep.is_html:
            return doc.page(triples, lang).encode("utf-8")
        return serialize(triples, rep.extension, prefixes_for(get_settings().base_iri))

    if set(request.args) - DOCUMENT_ARGS or not plain_lang_arg():
        return render()
    key = f"body {doc.key} {rep.extension} {lang} {request.args.get('lang')} {root()}"
    return get_state().cached(key, render)


def document_triples(doc: Document) -> list[ox.Triple]:
    """The document's triples in canonical form: blank-node labels and order from the content
    alone, so every worker, process and store (whose labels are random) gives the same bytes."""
    return get_state().cached(f"triples {doc.key}", lambda: canonical_triples(doc.triples()))


def _document_headers(response: Response, doc: Document, rep: Representation, lang: str) -> None:
    response.headers["Link"] = link_header(document_alternates(doc.url, rep), doc.license)
    response.headers["Content-Location"] = doc.url(rep.extension)
    last_modified = publication().last_modified
    if last_modified is not None:
        response.last_modified = last_modified
    if rep.is_html:
        response.vary.add("Accept-Language")
        response.content_language.add(lang)


def resource_html(
    triples: list[ox.Triple], iri: str, lang: str, url: Callable[[str | None], str]
) -> str:
    """The HTML page of the resource ``iri`` from its document ``triples``."""
    settings = get_settings()
    linker = current_linker()
    ctx = PageContext(lang, linker, prefixes_for(settings.base_iri))
    view = ResourcePageBuilder(triples, iri, ctx).build()
    formats = [
        {
            "extension": r.extension,
            "label": r.label,
            "media_type": r.media_type,
            "href": url(r.extension),
        }
        for r in REPRESENTATIONS
    ]
    return render_template(
        "resource.html",
        view=view,
        t=texts(lang),
        formats=formats,
        alternates=document_alternates(url, BY_EXTENSION["html"]),
        jsonld=jsonld_document(triples, prefixes_for(settings.base_iri)),
        license=publication().license,
        license_title=license_title(lang),
    )


def license_title(lang: str) -> str | None:
    """The data licence by name in ``lang`` (else another language), if the catalog names it."""
    literal = pick_literal(list(publication().license_titles), lang)
    return literal.value if literal is not None else None


def see_other(location: str) -> Response:
    """303 See Other, cacheable like the documents (it changes only with the URI scheme)."""
    response = Response(status=303, headers={"Location": location})
    response.cache_control.public = True
    response.cache_control.max_age = DEFAULT_MAX_AGE
    return response


# --- per-version facts -----------------------------------------------------------------------


def publication() -> describe.Publication:
    store, settings = get_store(), get_settings()
    return get_state().cached("publication", lambda: describe.publication(store, settings))


def known_iris() -> frozenset[str]:
    store, base = get_store(), get_settings().base_iri
    return get_state().cached("known-iris", lambda: describe.known_iris(store, base))


def known_iri(local: str) -> str:
    """The IRI under the base that ``local`` names; 404 if the graph does not name it."""
    base = get_settings().base_iri
    iri = find_iri(base, local, describe.NamedIris(get_store()))
    if iri is None:
        abort(404, f"{base}{local} is not a resource of this dataset")
    return iri


# --- request helpers -------------------------------------------------------------------------


def format_args() -> list[str]:
    return request.args.getlist("format")


def format_extension(offers: Sequence[Offer] = OFFERS) -> str | None:
    """The extension an explicit ``?format=`` names (406 if it names nothing we have)."""
    if not format_args():
        return None
    return by_offer(negotiate(offers, format_args())).extension


def known_extension(ext: str) -> str:
    if ext not in BY_EXTENSION:
        abort(404, f"no .{ext} variant; available: {', '.join(BY_EXTENSION)}")
    return ext


def root() -> str:
    """The path the app is mounted at on this host (empty at the root)."""
    return request.script_root.rstrip("/")


def lang_query() -> str:
    """``?lang=xx`` when the reader chose a language explicitly, else empty."""
    lang = request.args.get("lang")
    return f"?lang={lang}" if lang in LANGUAGES else ""


def current_linker() -> Linker:
    lang = request.args.get("lang")
    return Linker(get_settings().base_iri, root(), lang if lang in LANGUAGES else None)


def local_url(path: str) -> str:
    """An absolute path on this host for ``path`` (relative to the base IRI)."""
    return root() + "/" + quote_path(path)
