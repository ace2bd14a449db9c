"""The representations of a page: HTML, four RDF syntaxes for a linked-data document, JSON
for a list; and the alternates every page names, in its ``Link`` header and its ``<link>`` tags.

One table says, per extension, the media type and how the bytes are written: pyoxigraph writes
Turtle, N-Triples, RDF/XML and JSON-LD, the last compacted with lod's prefixes (``schema:``
among them, :mod:`lod.jsonld`). No ``@vocab``: a schema.org term like ``geo`` would collide
with a prefix name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from lod import jsonld
from lod.store.formats import JSON_LD, NTRIPLES, RDF_XML, TURTLE, Format
from lod.store.results import QueryResult, used_prefixes
from lod.web.negotiation import HTML, Offer


@dataclass(frozen=True)
class Representation:
    extension: str
    offer: Offer
    label: str

    @property
    def media_type(self) -> str:
        return self.offer.media_type

    @property
    def is_html(self) -> bool:
        return self.offer is HTML


# Negotiation order: HTML first (browsers and ``*/*``), then the RDF syntaxes, Turtle first
# (werkzeug gives a tie to the earlier offer).
REPRESENTATIONS: tuple[Representation, ...] = (
    Representation("html", HTML, "HTML"),
    *(
        Representation(f.extension, Offer.for_format(f), f.label)
        for f in (TURTLE, JSON_LD, NTRIPLES, RDF_XML)
    ),
)
RDF_REPRESENTATIONS = tuple(r for r in REPRESENTATIONS if not r.is_html)
BY_EXTENSION = {r.extension: r for r in REPRESENTATIONS}
OFFERS = tuple(r.offer for r in REPRESENTATIONS)
RDF_OFFERS = tuple(r.offer for r in RDF_REPRESENTATIONS)


JSON = Offer("application/json", ("json",))  # the twin of a list, a search, an error
PAGE_OFFERS = (HTML, JSON)  # a list or search page: HTML for browsers and */*, else JSON


def by_offer(offer: Offer) -> Representation:
    return next(r for r in REPRESENTATIONS if r.offer is offer)


@dataclass(frozen=True)
class Alternate:
    """Another representation of the page answered: where it is and what it is. The same list
    gives the ``Link`` header and the page's ``<link rel="alternate">`` tags (``base.html``)."""

    href: str
    media_type: str
    title: str = ""


def document_alternates(
    url: Callable[[str | None], str], current: Representation
) -> list[Alternate]:
    """The document's other representations; ``url(extension)`` is where each one is."""
    return [
        Alternate(url(r.extension), r.media_type, r.label)
        for r in REPRESENTATIONS
        if r is not current
    ]


def link_header(alternates: Iterable[Alternate], license_iri: str | None = None) -> str:
    """The ``Link`` header value naming ``alternates`` (and the licence, if any)."""
    links = [f'<{a.href}>; rel="alternate"; type="{a.media_type}"' for a in alternates]
    if license_iri:
        links.append(f'<{license_iri}>; rel="license"')
    return ", ".join(links)


def serialize(triples: list[ox.Triple], extension: str, prefixes: Mapping[str, str]) -> bytes:
    """The document in the RDF syntax of ``extension`` (``ttl``, ``jsonld``, ``nt``, ``rdf``)."""
    if extension == "jsonld":
        text = json.dumps(jsonld_document(triples, prefixes), ensure_ascii=False, indent=1)
        return text.encode("utf-8")
    fmt: Format = BY_EXTENSION[extension].offer.value
    return QueryResult("graph", triples=triples).serialize(fmt, used_prefixes(triples, prefixes))


def jsonld_document(triples: list[ox.Triple], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """Compact JSON-LD with the prefixes the document uses, blank nodes labelled as in
    ``triples``, one node per subject (IRIs first, then blank nodes, each in label order)."""
    ordered = sorted(triples, key=lambda t: (isinstance(t.subject, ox.BlankNode), str(t.subject)))
    return jsonld.document(ordered, used_prefixes(triples, prefixes))
