"""Readable titles for resources that have no name of their own, made from their parts.

Claims, signatures and status periods carry no ``rdfs:label``: they are parts of an agreement,
a relation or a programme. Their pages and the lists that mention them need a heading all the
same, and an IRI is not one. A title is built from what the resource says of itself, in the
reader's language:

- a claim: ``Claim: signed on = 8 May 2004 (noz.de)``;
- a signature: ``Signature: Willi Kelch (Mayor), on behalf of Osnabrück``;
- a status period: ``Status period: dormant (since 2022) — Osnabrück–Tver town partnership``
  (the relation or exchange whose status it is: a list of several relations' periods, or a
  period's own page, must say which one it is about);
- a SHACL shape (the rule a concept scheme's page names among what links to it): its message,
  which says what it checks (``The kind of relation must be one of the kinds in the
  relation-kind scheme, …``);
- a VoID partition or linkset of the dataset: what it counts (``Class partition: City``,
  ``Linkset: country``), its kind named by :mod:`lod.web.vocabulary_labels`;
- anything else: its kind and its slug (``Claim: osnabrueck--angers-2004-signed-on-1``).

The rules see the resource only through :class:`Parts` (its objects per predicate, what links to
it, the name of an IRI, a literal as text), so the resource pages and the lists use the same
rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyoxigraph as ox

from lod.namespaces import DCTERMS, RDF, SH, VOID
from lod.web.vocabulary_labels import predicate_label

WORDS = {
    "de": {"since": "seit", "until": "bis"},
    "en": {"since": "since", "until": "until"},
}


@dataclass(frozen=True)
class Parts:
    """What the title rules may read of the resources of one document or list."""

    objects: Callable[[ox.NamedNode, str], Sequence[object]]  # (subject, predicate) → objects
    subjects: Callable[[ox.NamedNode, str], Sequence[object]]  # (object, predicate) → subjects
    name: Callable[[str], str | None]  # an IRI's name in the reader's language, if it has one
    text: Callable[[ox.Literal], str]  # a literal as the page shows it (dates formatted)
    ontology: str  # the lod ontology namespace (``tw:``)
    lang: str


def title(iri: str, parts: Parts) -> str | None:
    """The title of ``iri`` from its parts, or None if it has none of the parts a rule needs."""
    node = ox.NamedNode(iri)
    kinds = [o for o in parts.objects(node, str(RDF.type)) if isinstance(o, ox.NamedNode)]
    kind_iri = next((k.value for k in kinds if k.value.startswith(parts.ontology)), None)
    if kind_iri is None:
        return _shape(node, parts) if any(k.value in _SHAPES for k in kinds) else _part(node, parts)
    kind = parts.name(kind_iri) or kind_iri[len(parts.ontology) :]
    rule = _RULES.get(kind_iri[len(parts.ontology) :])
    detail = rule(node, parts) if rule else None
    return f"{kind}: {detail or slug(iri)}"


def slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _claim(node: ox.NamedNode, parts: Parts) -> str | None:
    prop = _first_iri(parts, node, "claimedProperty")
    value = _value(parts, node, "claimedValue")
    if prop is None and value is None:
        return None
    text = f"{parts.name(prop) or slug(prop) if prop else '?'} = {value or '?'}"
    hosts = sorted(
        {
            (urlsplit(o.value).hostname or "").removeprefix("www.")
            for o in parts.objects(node, str(DCTERMS.source))
            if isinstance(o, ox.NamedNode)
        }
        - {""}
    )
    return text + (f" ({', '.join(hosts)})" if hosts else "")


def _signature(node: ox.NamedNode, parts: Parts) -> str | None:
    name = _value(parts, node, "signatoryName")
    office = _value(parts, node, "signatoryOffice")
    city = _first_iri(parts, node, "onBehalfOf")
    text = " ".join(p for p in (name, f"({office})" if office and name else office) if p)
    if city is not None:
        behalf = parts.name(parts.ontology + "onBehalfOf") or "onBehalfOf"
        text = ", ".join(p for p in (text, f"{behalf} {parts.name(city) or slug(city)}") if p)
    return text or None


def _status_period(node: ox.NamedNode, parts: Parts) -> str | None:
    value = _first_iri(parts, node, "statusValue")
    if value is None:
        return None
    words = WORDS.get(parts.lang, WORDS["en"])
    span = [
        f"{words[key]} {text}"
        for key, predicate in (("since", "statusSince"), ("until", "statusUntil"))
        if (text := _value(parts, node, predicate))
    ]
    text = (parts.name(value) or slug(value)) + (f" ({', '.join(span)})" if span else "")
    owner = _owner(parts, node)
    return f"{text} — {owner}" if owner else text


def _owner(parts: Parts, node: ox.NamedNode) -> str | None:
    """The name of what links to ``node`` by ``tw:status`` (a relation, an exchange), if the
    document at hand says so; the first by IRI if several do."""
    owners = sorted(
        o.value
        for o in parts.subjects(node, parts.ontology + "status")
        if isinstance(o, ox.NamedNode)
    )
    return (parts.name(owners[0]) or slug(owners[0])) if owners else None


_RULES: dict[str, Callable[[ox.NamedNode, Parts], str | None]] = {
    "Claim": _claim,
    "Signature": _signature,
    "StatusPeriod": _status_period,
}


_SHAPES = frozenset([str(SH.NodeShape), str(SH.PropertyShape)])


def _shape(node: ox.NamedNode, parts: Parts) -> str | None:
    """A shape has no name of its own (a node shape has a label and never gets here)."""
    messages = [o for o in parts.objects(node, str(SH.message)) if isinstance(o, ox.Literal)]
    return _in_language(parts, messages) if messages else None


# What a VoID part counts, and the term that names its kind.
_PARTS = (
    (str(VOID["class"]), str(VOID.classPartition)),
    (str(VOID.property), str(VOID.propertyPartition)),
    (str(VOID.linkPredicate), str(VOID.Linkset)),
)


def _part(node: ox.NamedNode, parts: Parts) -> str | None:
    for counted, kind in _PARTS:
        found = sorted(o.value for o in parts.objects(node, counted) if isinstance(o, ox.NamedNode))
        if found:
            name = parts.name(found[0]) or node.value.rsplit("#", 1)[-1]
            word = predicate_label(kind, parts.lang) or slug(kind)
            return f"{word[:1].upper()}{word[1:]}: {name}"
    return None


def _first_iri(parts: Parts, node: ox.NamedNode, local: str) -> str | None:
    objects = parts.objects(node, parts.ontology + local)
    iris = sorted(o.value for o in objects if isinstance(o, ox.NamedNode))
    return iris[0] if iris else None


def _value(parts: Parts, node: ox.NamedNode, local: str) -> str | None:
    """The object as text: a literal in the reader's language if it has several, else the
    first one; an IRI by its name."""
    objects = list(parts.objects(node, parts.ontology + local))
    literals = [o for o in objects if isinstance(o, ox.Literal)]
    if literals:
        return _in_language(parts, literals)
    iris = sorted(o.value for o in objects if isinstance(o, ox.NamedNode))
    return (parts.name(iris[0]) or slug(iris[0])) if iris else None


def _in_language(parts: Parts, literals: Sequence[ox.Literal]) -> str:
    """The literal in the reader's language, else in a page language, else the first."""
    tagged = [lit for lit in literals if lit.language]
    best = next((lit for lit in tagged if lit.language == parts.lang), None)
    best = best or next((lit for lit in tagged if lit.language in ("de", "en")), None)
    return parts.text(best or sorted(literals, key=lambda lit: lit.value)[0])
