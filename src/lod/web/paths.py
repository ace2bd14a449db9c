"""Where the web app serves each of our IRIs, and which IRI a request path stands for.

The app may run under its canonical base IRI or anywhere else (localhost, behind a proxy): a
request path is read as the part of an IRI after the base (``/id/city/haarlem`` →
``{base}id/city/haarlem``), and links in pages are absolute paths on the serving host, so a
copy served on ``127.0.0.1`` links to itself while its RDF keeps the canonical IRIs. Minting and
parsing of the IRIs themselves stays in :mod:`lod.uris`.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from urllib.parse import quote, unquote

from lod.uris import doc_iri, local_path

# Explicit document formats, by extension, in the order pages list them.
EXTENSIONS = ("html", "ttl", "jsonld", "nt", "rdf")
# Characters kept as they are in an href: RFC 3986 pchar plus "/" and an existing "%XX".
_SAFE = "/-._~!$&'()*+,;=:@%"


@dataclass(frozen=True)
class Target:
    """What a request path names: ``iri`` (canonical) and the explicit format, if any."""

    iri: str
    extension: str | None = None


def split_extension(path: str) -> tuple[str, str | None]:
    """``city/haarlem.ttl`` → ``("city/haarlem", "ttl")``; slugs never contain a dot."""
    stem, dot, extension = path.rpartition(".")
    if dot and extension in EXTENSIONS and stem and "/" not in extension:
        return stem, extension
    return path, None


def candidates(base_iri: str, local: str) -> list[str]:
    """The IRIs a decoded request path may stand for: as written (an IRI with Unicode, like
    ``…/gmünd``) and percent-encoded (an IRI minted as ``…/gm%C3%BCnd``)."""
    unicode_iri = base_iri + local
    encoded_iri = base_iri + quote(local, safe=_SAFE)
    return [unicode_iri] if encoded_iri == unicode_iri else [unicode_iri, encoded_iri]


def find_iri(base_iri: str, local: str, known: Container[str]) -> str | None:
    """The IRI under ``base_iri`` that the request path ``local`` names, if the graph has it."""
    for iri in candidates(base_iri, local):
        if iri in known:
            return iri
    decoded = base_iri + unquote(local)
    return decoded if decoded in known else None


def quote_path(path: str) -> str:
    """``path`` as it goes into an href: non-ASCII and unsafe characters percent-encoded."""
    return quote(path, safe=_SAFE)


def doc_local(thing: str, base_iri: str) -> str:
    """``{base}id/city/x`` → ``doc/city/x`` (the document's path relative to the base)."""
    path = local_path(doc_iri(thing, base_iri), base_iri)
    assert path is not None
    return path


def href_for(iri: str, base_iri: str, script_root: str = "", lang: str | None = None) -> str:
    """The link to ``iri`` on the serving host: our IRIs → our pages, others unchanged.

    Things (``id/…``) link straight to their HTML document (no 303 round trip); ontology terms
    and shapes to their section of the ontology and shapes pages. ``lang`` is kept in links when
    the reader chose it explicitly (``?lang=``), so the choice survives navigation.
    """
    local = local_path(iri, base_iri)
    if local is None:
        return external_href(iri)
    query = f"?lang={lang}" if lang else ""
    root = script_root.rstrip("/")
    path, fragment = _page_of(local, iri, base_iri)
    href = f"{root}/{quote_path(path)}"
    if not path.startswith(("download/", "sparql")):
        href += query
    return href + (f"#{quote_path(fragment)}" if fragment else "")


LINK_SCHEMES = ("http:", "https:", "mailto:")


def external_href(iri: str) -> str:
    """``iri`` as a link target if following it is harmless, else "" (shown as text, no link).

    Data served with ``lod serve --data`` or from a remote store has not passed the SHACL gate,
    and an IRI such as ``javascript:…`` is valid RDF: a page must never make it clickable.
    """
    return iri if iri.lower().startswith(LINK_SCHEMES) else ""


def _page_of(local: str, iri: str, base_iri: str) -> tuple[str, str]:
    """(page path, fragment) of a local IRI."""
    if local.startswith("id/"):
        return doc_local(iri, base_iri), ""
    for section in ("ontology/", "shapes/"):
        if local.startswith(section):
            term = local[len(section) :]
            return section, ("" if _is_version(term) else term)
    return local, ""


def _is_version(term: str) -> bool:
    """``0.1.0``: the version IRI of the ontology or the shapes, not a term."""
    return bool(term) and term[0].isdigit()


def term_target(section: str, term: str) -> str:
    """The fragment a term or shape name maps to on its section page (``""`` for a version)."""
    return "" if _is_version(term) else term
