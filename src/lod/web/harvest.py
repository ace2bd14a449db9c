"""What harvesters and monitors fetch: VoID, the DCAT catalog, the dumps, the health check.

- ``/.well-known/void`` (RFC 5785, VoID §7.2) and ``/catalog``: the built ``void.ttl`` and
  ``catalog.ttl`` in every RDF syntax, RDF first (a harvester sending ``*/*`` gets Turtle, a
  browser asking for ``text/html`` gets a page); ``/catalog.ttl`` etc. name one syntax;
- ``/download/{file}``: the files of the publication as ``lod build`` wrote them, with the media
  type from the manifest, ``Content-Length``, a strong ETag (the file's SHA-256) and ranges.
  A ``.gz`` dump is served as what it is, ``Content-Type: application/gzip`` without
  ``Content-Encoding``: DCAT-AP describes it so (``dcat:compressFormat``, and the checksum
  in the catalog is the one of the gzip bytes), and harvesters and ``curl -O``/``wget`` then save
  exactly the bytes the checksum covers. With ``Content-Encoding: gzip`` a browser or an HTTP
  library would unpack it on the fly and store a file that fails its checksum.
- ``/health``: JSON with status, data version, triple count and store backend (503 when the
  store does not answer).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, abort, jsonify, send_file

from lod.errors import LodError
from lod.store import Store, StoreUnavailable
from lod.store.formats import rdf_format_for_path
from lod.uris import thing_iri
from lod.web.app import get_served, get_settings, get_state, get_store
from lod.web.documents import (
    Document,
    format_extension,
    known_extension,
    publication,
    resource_html,
    root,
    serve,
)
from lod.web.http import DEFAULT_MAX_AGE, uncacheable
from lod.web.representations import RDF_OFFERS, REPRESENTATIONS
from lod.web.response_cache import remembered

bp = Blueprint("harvest", __name__)

RDF_FIRST = (*RDF_OFFERS, REPRESENTATIONS[0].offer)


@bp.route("/.well-known/void")
@remembered
def void() -> Response:
    dataset = publication().dataset
    return serve(
        file_document("void", "void.ttl", dataset, f"{root()}/.well-known/void"),
        format_extension(RDF_FIRST),
    )


@bp.route("/catalog")
@remembered
def catalog() -> Response:
    return serve(catalog_document(), format_extension(RDF_FIRST))


@bp.route("/catalog.<ext>")
@remembered
def catalog_variant(ext: str) -> Response:
    return serve(catalog_document(), known_extension(ext))


@bp.route("/download/<name>")
def download(name: str) -> Response:
    """A file of the served version: its bytes match the checksum its catalog lists."""
    entry = manifest_files().get(name)
    files = get_served().files_dir
    if entry is None or files is None:
        abort(404, f"no file {name!r} in this publication; the catalog lists the dumps")
    path = files / name  # absolute: send_file would resolve a relative one in the package
    try:
        response = send_file(  # opens the file now: the body outlives a switch of versions
            path,
            mimetype=entry["media_type"],
            conditional=True,
            etag=entry.get("sha256") or True,
            max_age=DEFAULT_MAX_AGE,
        )
    except FileNotFoundError:
        abort(404, f"{name} is listed in the manifest but missing from the publication")
    response.cache_control.public = True
    return response


@bp.route("/health")
def health() -> Response:
    """200 with the facts of the running publication, or 503 if the store does not answer."""
    served, settings = get_served(), get_settings()
    store = served.store
    body: dict[str, Any] = {
        "dataset": thing_iri("dataset", settings.dataset_slug, settings.base_iri),
        "version": store.version,
        "publication": served.tag,  # changes with every build served, the ETags' seed
        "backend": backend_name(),
    }
    if get_state().switch.failure:
        body["newer_build_failed"] = get_state().switch.failure
    try:
        body["triples"] = served.triples
        check_store(store)
    except LodError as error:
        body.update(status="unavailable", message=error.message)
        response = jsonify(body)
        response.status_code = 503
        return uncacheable(response)
    body.update(status="ok", modified=served.modified)
    return uncacheable(jsonify(body))


def check_store(store: Store) -> None:
    """Raise if the store cannot answer. Query workers are checked by looking, not by a query
    that would queue behind visitors' queries (a monitor would then restart a healthy server)."""
    alive_workers = getattr(store, "alive_workers", None)
    if alive_workers is None:
        store.query("ASK { }", timeout=5.0)
    elif alive_workers() == 0:
        raise StoreUnavailable("no query worker is running")


# --- documents -------------------------------------------------------------------------------


def catalog_document() -> Document:
    settings = get_settings()
    catalog_iri = thing_iri("catalog", settings.dataset_slug, settings.base_iri)
    return file_document(
        "catalog", "catalog.ttl", catalog_iri, f"{root()}/catalog", extension_urls=True
    )


def file_document(
    key: str, filename: str, topic: str, path: str, extension_urls: bool = False
) -> Document:
    """A built metadata file (``void.ttl``, ``catalog.ttl``) as a negotiable document."""

    def url(ext: str | None) -> str:
        if not ext:
            return path
        return f"{path}.{ext}" if extension_urls else f"{path}?format={ext}"

    return Document(
        key=key,
        topic=topic,
        url=url,
        triples=lambda: read_triples(served_file(filename)),
        page=lambda triples, lang: resource_html(triples, topic, lang, url),
        license=publication().license,
        offers=RDF_FIRST,
    )


def read_triples(path: Path) -> list[ox.Triple]:
    if not path.is_file():
        abort(404, f"{path.name} is not part of this publication (run `lod build`)")
    with open(path, "rb") as handle:
        quads = ox.parse(handle, format=rdf_format_for_path(str(path)))
        return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


# --- the publication on disk -----------------------------------------------------------------


def served_file(name: str) -> Path:
    """A file of the served version (a path that may not exist)."""
    files = get_served().files_dir
    if files is None:
        abort(404, f"{name} is not part of this publication (run `lod build`)")
    return files / name


def manifest_files() -> dict[str, dict[str, Any]]:
    """The files of the served version by name (the manifest itself included)."""
    return get_served().files


def backend_name() -> str:
    """``embedded`` (in process or query workers) or ``remote`` (a SPARQL endpoint)."""
    name = type(get_store()).__name__
    return {
        "EmbeddedStore": "embedded",
        "IsolatedStore": "embedded (query workers)",
        "RemoteStore": "remote",
    }.get(name, name)
