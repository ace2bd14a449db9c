"""Content and language negotiation for every view, on werkzeug's Accept parsing.

A view lists what it can send as :class:`Offer` objects, most preferred first (werkzeug gives a
tie to the earlier offer), and calls :func:`negotiate`. A ``format`` query parameter (for
browsers and links) overrides the Accept header, except that an Accept header naming a subset of
the syntax the parameter picked (N-Triples for Turtle) gets that subset: SPARQLWrapper sends
``format=n3`` or ``format=turtle`` with every query, and its users ask for N-Triples by header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import request

from lod.errors import NotAcceptable
from lod.store.formats import Format

LANGUAGES = ("de", "en")  # the first is the fallback when nothing else decides


@dataclass(frozen=True)
class Offer:
    """A media type a view can send, the ``format=`` names that pick it, and a payload.

    ``aliases`` are other media types that select this offer when a client asks for them
    (``application/json`` for SPARQL JSON results); they never win a tie against a real offer.
    ``narrower``: the media types of syntaxes whose documents are documents of this one too.
    """

    media_type: str
    names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    value: Any = None
    narrower: tuple[str, ...] = ()

    @classmethod
    def for_format(cls, fmt: Format) -> Offer:
        return cls(fmt.media_type, fmt.all_names, fmt.aliases, fmt, fmt.narrower)


HTML = Offer("text/html", ("html", "htm"), ("application/xhtml+xml",), "html")


def negotiate(offers: Sequence[Offer], format_param: str | Sequence[str] | None = None) -> Offer:
    """The offer the request asks for: by ``format_param`` if given, else by ``Accept``.

    ``format_param`` may hold several values (SPARQLWrapper sends ``format=rdf+xml`` and
    ``format=application/rdf+xml``): the first one that names an offer wins. No Accept header
    (or ``*/*``) gets the first offer. Raises :class:`NotAcceptable` (406) with a message that
    names the parameter or header and lists what is available.
    """
    names = [format_param] if isinstance(format_param, str) else list(format_param or ())
    names = [name for name in names if name.strip()]
    if names:
        return _narrowed(offers, _by_name(offers, names))
    accept = request.accept_mimetypes
    if not accept:
        return offers[0]
    by_type: dict[str, Offer] = {}
    for offer in offers:
        by_type.setdefault(offer.media_type, offer)
    for offer in offers:
        for alias in offer.aliases:
            by_type.setdefault(alias, offer)
    best = accept.best_match(list(by_type))
    if best is None:
        raise NotAcceptable(
            f"none of the media types in the Accept header ({request.headers.get('Accept')}) "
            f"is available here; available: {', '.join(o.media_type for o in offers)} "
            "(or pick one with the format parameter)"
        )
    return by_type[best]


def _by_name(offers: Sequence[Offer], names: Sequence[str]) -> Offer:
    for name in names:
        wanted = name.strip().lower()
        for offer in offers:
            if wanted in offer.names or wanted == offer.media_type or wanted in offer.aliases:
                return offer
    available = ", ".join(offer.names[0] if offer.names else offer.media_type for offer in offers)
    raise NotAcceptable(f"format={names[0]!r} is not available here; use one of: {available}")


def plain_lang_arg() -> bool:
    """No ``?lang=``, or exactly one of the site's languages: a request worth caching (any
    other value is answered, but not remembered, so odd values cannot fill a cache)."""
    values = request.args.getlist("lang")
    return not values or (len(values) == 1 and values[0] in LANGUAGES)


def _narrowed(offers: Sequence[Offer], chosen: Offer) -> Offer:
    """``chosen``, or a subset of its syntax that the Accept header names and prefers.

    Only a subset named outright counts (not ``*/*`` or ``application/*``), and a tie goes to
    ``chosen``: SPARQLWrapper's N3 Accept list names Turtle and N-Triples alike.
    """
    named = {value for value, quality in request.accept_mimetypes if quality > 0}
    subsets = [o for o in offers if o.media_type in chosen.narrower and o.media_type in named]
    if not subsets:
        return chosen
    candidates = [chosen.media_type, *(o.media_type for o in subsets)]
    best = request.accept_mimetypes.best_match(candidates)
    return next((o for o in subsets if o.media_type == best), chosen)


def negotiate_language(supported: Sequence[str] = LANGUAGES) -> str:
    """``?lang=`` if supported, else the best of ``Accept-Language``, else the first supported."""
    asked = request.args.get("lang", "").strip().lower()
    if asked in supported:
        return asked
    best = request.accept_languages.best_match(list(supported), default=supported[0])
    return str(best)
