"""Dereferenceable IRIs: things answer 303 to their document, documents are negotiated.

After "Cool URIs for the Semantic Web" (303 recipe) and "Best Practices for Publishing Linked
Data":

- ``/id/{type}/{slug}`` (a thing) → 303 See Other → ``/doc/{type}/{slug}`` (an explicit format,
  ``.ttl`` or ``?format=ttl``, is kept: → ``/doc/{type}/{slug}.ttl``);
- ``/doc/{type}/{slug}`` → HTML, Turtle, JSON-LD, N-Triples or RDF/XML by ``Accept``, with
  ``Content-Location`` naming the variant; ``/doc/{type}/{slug}.{ext}`` always that format;
- ``/ontology/`` and ``/shapes/`` are negotiated documents themselves (``/ontology.ttl``, ... the
  variants); a term ``/ontology/City`` → 303 → ``/ontology/#City``, the term's section of the
  page and, for RDF clients, the ontology document that defines it;
- ``/`` is the home page, and for RDF clients what the graph says of the site's root IRI.

Unknown IRIs under these paths are 404 (in the error format the client prefers), an Accept
header we cannot serve is 406. Views read the request, build a :class:`Document` and hand it
to :func:`lod.web.documents.serve`.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, send_file

from lod.web import describe, home, vocabulary
from lod.web.app import get_settings, get_state, get_store
from lod.web.documents import (
    Document,
    current_linker,
    format_extension,
    known_extension,
    known_iri,
    lang_query,
    local_url,
    publication,
    resource_html,
    root,
    see_other,
    serve,
)
from lod.web.paths import doc_local, quote_path, split_extension, term_target
from lod.web.representations import BY_EXTENSION, document_alternates
from lod.web.response_cache import remembered

bp = Blueprint("resources", __name__)


@bp.route("/id/<path:rest>")
@remembered
def thing(rest: str) -> Response:
    local, extension = split_extension(rest)
    iri = known_iri("id/" + local)
    fmt = extension or format_extension()
    target = local_url(doc_local(iri, get_settings().base_iri)) + (f".{fmt}" if fmt else "")
    return see_other(target + lang_query())


@bp.route("/doc/<path:rest>")
@remembered
def document(rest: str) -> Response:
    local, extension = split_extension(rest)
    iri = known_iri("id/" + local)
    return serve(thing_document(iri, local), extension)


@bp.route("/")
@remembered
def home_page() -> Response:
    return serve(root_document(), format_extension())


@bp.route("/ontology/")
@remembered
def ontology() -> Response:
    return serve(namespace_document("ontology"), None)


@bp.route("/shapes/")
@remembered
def shapes() -> Response:
    return serve(namespace_document("shapes"), None)


@bp.route("/ontology.<ext>")
@remembered
def ontology_variant(ext: str) -> Response:
    return serve(namespace_document("ontology"), known_extension(ext))


@bp.route("/shapes.<ext>")
@remembered
def shapes_variant(ext: str) -> Response:
    return serve(namespace_document("shapes"), known_extension(ext))


@bp.route("/ontology/<path:term>")
@remembered
def ontology_term(term: str) -> Response:
    return term_redirect("ontology", term)


@bp.route("/shapes/<path:term>")
@remembered
def shape(term: str) -> Response:
    return term_redirect("shapes", term)


@bp.route("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it on every site; without it each page logs a 404 in the console."""
    static = Path(__file__).parent / "static" / "favicon.svg"
    return send_file(static, mimetype="image/svg+xml", max_age=86400)


def term_redirect(section: str, term: str) -> Response:
    """``/ontology/City`` → 303 → ``/ontology/#City``; ``/ontology/City.ttl`` → ``/ontology.ttl``
    (the whole ontology document: terms have no documents of their own)."""
    name, extension = split_extension(term)
    known_iri(f"{section}/{name}")
    fmt = extension or format_extension()
    if fmt:
        return see_other(f"{root()}/{section}.{fmt}")
    fragment = term_target(section, name)
    target = f"{root()}/{section}/" + lang_query()
    return see_other(target + (f"#{quote_path(fragment)}" if fragment else ""))


# --- the documents ---------------------------------------------------------------------------


def thing_document(iri: str, local: str) -> Document:
    settings, store = get_settings(), get_store()
    path = local_url("doc/" + local)

    def url(ext: str | None) -> str:
        return path + (f".{ext}" if ext else "")

    return Document(
        key=iri,
        topic=iri,
        url=url,
        triples=lambda: describe.thing_document(store, iri, settings, publication()),
        page=lambda triples, lang: resource_html(triples, iri, lang, url),
        license=publication().license,
    )


def root_document() -> Document:
    """The home page and its RDF twins: one record per data version (:func:`home.home_record`),
    whose triples the twins serialize and the page reads."""
    settings, store = get_settings(), get_store()
    path = root() + "/"

    def url(ext: str | None) -> str:
        return path + (f"?format={ext}" if ext else "")

    def record() -> home.HomeRecord:
        return get_state().cached("home-record", lambda: home.home_record(store, settings))

    def page(triples: list[ox.Triple], lang: str) -> str:
        alternates = document_alternates(url, BY_EXTENSION["html"])
        return home.render_home(
            triples, record().counts, settings, lang, current_linker(), alternates
        )

    return Document(
        key="root",
        topic=settings.base_iri,
        url=url,
        triples=lambda: record().triples,
        page=page,
        license=publication().license,
    )


def namespace_document(section: str) -> Document:
    settings, store = get_settings(), get_store()
    namespace = settings.base_iri + section + "/"
    base = root()
    pub = publication()

    def url(ext: str | None) -> str:
        return f"{base}/{section}.{ext}" if ext else f"{base}/{section}/"

    def page(triples: list[ox.Triple], lang: str) -> str:
        alternates = document_alternates(url, BY_EXTENSION["html"])
        return vocabulary.render_page(
            section, triples, namespace, lang, current_linker(), url, alternates
        )

    return Document(
        key=section,
        topic=namespace,
        url=url,
        triples=lambda: describe.describe_namespace(store, namespace),
        page=page,
        license=pub.ontology_license or pub.license,
    )
