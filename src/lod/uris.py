"""The one place where lod's IRIs are minted and parsed (see docs/model.md, "URI scheme")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lod.namespaces import DEFAULT_BASE_IRI

THING_TYPES = (
    "city", "relation", "arrangement", "agreement", "signature", "status",
    "programme", "exchange", "claim", "source", "scheme", "concept", "network",
    "catalog", "dataset", "distribution", "service", "agent", "contact", "graph",
)  # fmt: skip
# The default graph of the SPARQL endpoint (everything the store holds), as VoID and the
# service description name it: ``id/graph/default``.
DEFAULT_GRAPH_SLUG = "default"
_PART = re.compile(r"[A-Za-z0-9._~:-]+")

# Transliterations that Unicode decomposition alone gets wrong for German names.
_SPECIAL = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
)


def slugify(name: str) -> str:
    """Lower-case ASCII slug: ``"Gmünd"`` → ``gmuend``, ``"Çanakkale"`` → ``canakkale``.

    Names with no Latin letters (e.g. ``"광명시"``) give an empty slug; callers must then pick one.
    """
    ascii_name = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    ascii_name = ascii_name.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def relation_slug(home_slug: str, partner_slug: str) -> str:
    return f"{home_slug}--{partner_slug}"


def thing_iri(kind: str, slug: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    if kind not in THING_TYPES:
        raise ValueError(f"unknown thing type {kind!r}; expected one of {', '.join(THING_TYPES)}")
    return f"{base_iri}id/{kind}/{slug}"


def part_iri(owner: str, part: str) -> str:
    """``{owner}#{part}``: a node that exists only as a part of ``owner`` (a distribution's
    checksum, a dataset's period or VoID partition). Blank nodes would do, but every document
    that mentions them would mint new ones, so a harvester merging two documents would see two
    checksums; a hash IRI is the same in every document and dereferences with its owner's."""
    if "#" in owner or not _PART.fullmatch(part):
        raise ValueError(f"cannot mint a part {part!r} of {owner!r}")
    return f"{owner}#{part}"


def default_graph_iri(base_iri: str = DEFAULT_BASE_IRI) -> str:
    return thing_iri("graph", DEFAULT_GRAPH_SLUG, base_iri)


def doc_iri(thing: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The document IRI describing ``thing`` (``id/...`` → ``doc/...``)."""
    path = local_path(thing, base_iri)
    if path is None or not path.startswith("id/"):
        raise ValueError(f"not a thing IRI under {base_iri}: {thing}")
    return base_iri + "doc/" + path[len("id/") :]


def local_path(iri: str, base_iri: str = DEFAULT_BASE_IRI) -> str | None:
    """The part of ``iri`` after the base, or None if ``iri`` is not ours."""
    return iri[len(base_iri) :] if iri.startswith(base_iri) else None


def rebase(iri: str, to_base: str, from_base: str = DEFAULT_BASE_IRI) -> str:
    """Move an IRI minted under ``from_base`` to ``to_base``; other IRIs pass unchanged."""
    if to_base == from_base or not iri.startswith(from_base):
        return iri
    return to_base + iri[len(from_base) :]


def download_path(dataset_slug: str, extension: str) -> str:
    return f"download/{dataset_slug}.{extension}"


@dataclass(frozen=True)
class ParsedIri:
    kind: str
    slug: str


def parse_thing(iri: str, base_iri: str = DEFAULT_BASE_IRI) -> ParsedIri | None:
    """``{base}id/{kind}/{slug}`` → ParsedIri; anything else → None."""
    path = local_path(iri, base_iri)
    if path is None:
        return None
    match = re.fullmatch(r"id/([a-z]+)/(.+)", path)
    if not match or match.group(1) not in THING_TYPES:
        return None
    return ParsedIri(match.group(1), match.group(2))


def concept_iri(scheme: str, value: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """A concept of one of lod's schemes: ``id/concept/relation-kind/partnership``."""
    return f"{base_iri}id/concept/{scheme}/{value}"


def scheme_iri(scheme: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    return thing_iri("scheme", scheme, base_iri)


def wikidata_iri(qid: str) -> str:
    """The Wikidata entity IRI of ``Q…`` (the form owl:sameAs and tw:country use)."""
    return f"http://www.wikidata.org/entity/{qid}"
