"""The publication's side: a home city's relations as the built publication states them.

Read from the store over the built ``dist/`` (the derived ``tw:wikidataItem`` and
``tw:currentStatus`` are only there), never from the sources.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from lod.errors import LodError
from lod.reconcile.dates import Date, from_xsd
from lod.store import Store

WD = "http://www.wikidata.org/entity/"
_LABEL_LANGS = ("en", "de")  # report labels: English first (Wikidata's editors), then German


@dataclass(frozen=True)
class HomeCity:
    iri: str
    item: str  # QID
    label: str


@dataclass(frozen=True)
class HereRelation:
    """One relation of the home city, with what Wikidata could also state about it."""

    relation: str  # IRI
    partner: str  # IRI of the partner city
    item: str | None  # the partner's QID, if the publication knows it
    label: str
    kind: str | None  # last segment of the kind concept: partnership, friendship
    since: Date | None
    until: Date | None  # tw:endDate, else the start of a current "ended" status
    status: str | None  # current status: active, dormant, ended
    status_since: Date | None
    sources: tuple[str, ...]

    @property
    def ended(self) -> bool:
        return self.status == "ended" or self.until is not None

    def as_json(self) -> dict[str, object]:
        return {
            "since": self.since.iso if self.since else None,
            "until": self.until.iso if self.until else None,
            "kind": self.kind,
            "current_status": self.status,
            "status_since": self.status_since.iso if self.status_since else None,
            "relation": self.relation,
            "city": self.partner,
            "sources": list(self.sources),
        }


def _prefixes(base_iri: str) -> str:
    return (
        f"PREFIX tw: <{base_iri}ontology/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX dct: <http://purl.org/dc/terms/>\n"
    )


_HOMES = """
SELECT DISTINCT ?home ?item WHERE {
  ?relation a tw:CityRelation ; tw:homeCity ?home .
  ?home tw:wikidataItem ?item .
} ORDER BY ?home
"""

_RELATIONS = """
SELECT ?relation ?partner ?item ?kind ?start ?end ?status ?statusSince
       (GROUP_CONCAT(DISTINCT STR(?source); separator=" ") AS ?sources)
WHERE {
  ?relation a tw:CityRelation ; tw:homeCity <HOME> ; tw:city ?partner .
  FILTER (?partner != <HOME>)
  OPTIONAL { ?partner tw:wikidataItem ?item }
  OPTIONAL { ?relation tw:relationKind ?kind }
  OPTIONAL { ?relation tw:startDate ?start }
  OPTIONAL { ?relation tw:endDate ?end }
  OPTIONAL {
    ?relation tw:status ?period .
    ?period tw:statusValue ?status .
    FILTER NOT EXISTS { ?period tw:statusUntil ?until }
    OPTIONAL { ?period tw:statusSince ?statusSince }
  }
  OPTIONAL { ?relation dct:source ?source }
}
GROUP BY ?relation ?partner ?item ?kind ?start ?end ?status ?statusSince
ORDER BY ?relation
"""

_LABELS = """
SELECT ?city ?label WHERE {
  VALUES ?city { CITIES }
  ?city rdfs:label ?label .
}
"""


def home_cities(store: Store, base_iri: str) -> list[HomeCity]:
    """Every city that is the home city of some relation and has a Wikidata item."""
    rows = store.query(_prefixes(base_iri) + _HOMES).rows
    iris = [(_iri(row[0]), _qid(row[1])) for row in rows]
    homes = [(iri, qid) for iri, qid in iris if iri and qid]
    labels = city_labels(store, base_iri, [iri for iri, _ in homes])
    return [HomeCity(iri, qid, labels.get(iri, qid)) for iri, qid in homes if qid]


def pick_home(homes: list[HomeCity], wanted: str | None) -> HomeCity:
    """The home city named by ``wanted`` (QID, IRI, slug or label), or the only one."""
    if not homes:
        raise LodError("the publication has no home city with a Wikidata item (owl:sameAs)")
    if wanted is None:
        if len(homes) == 1:
            return homes[0]
        names = ", ".join(f"{h.item} ({h.label})" for h in homes)
        raise LodError(f"the publication has several home cities; pick one with --city: {names}")
    key = wanted.strip().casefold()
    for home in homes:
        slug = home.iri.rstrip("/").rsplit("/", 1)[-1]
        if key in {home.item.casefold(), home.iri.casefold(), slug, home.label.casefold()}:
            return home
    names = ", ".join(f"{h.item} ({h.label})" for h in homes)
    raise LodError(f"no home city {wanted!r} in the publication; home cities: {names}")


def relations_of(store: Store, base_iri: str, home: HomeCity) -> list[HereRelation]:
    sparql = _prefixes(base_iri) + _RELATIONS.replace("HOME", home.iri)
    rows = store.query(sparql).rows
    labels = city_labels(store, base_iri, [_iri(row[1]) for row in rows])
    return [_relation(row, labels) for row in rows]


def city_labels(store: Store, base_iri: str, cities: list[str]) -> dict[str, str]:
    """One label per city: English, else German, else any (the report's one column)."""
    iris = sorted({c for c in cities if c})
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in iris)
    rows = store.query(_prefixes(base_iri) + _LABELS.replace("CITIES", values)).rows
    found: dict[str, dict[str, str]] = {}
    for city, label in rows:
        if isinstance(label, ox.Literal):
            found.setdefault(_iri(city), {}).setdefault(label.language or "", label.value)
    return {iri: _best_label(names) for iri, names in found.items()}


def _best_label(names: dict[str, str]) -> str:
    for lang in _LABEL_LANGS:
        if lang in names:
            return names[lang]
    return names[sorted(names)[0]]


def _relation(row: tuple[object, ...], labels: dict[str, str]) -> HereRelation:
    relation, partner, item, kind, start, end, status, status_since, sources = row
    partner_iri = _iri(partner)
    return HereRelation(
        relation=_iri(relation),
        partner=partner_iri,
        item=_qid(item),
        label=labels.get(partner_iri, partner_iri.rsplit("/", 1)[-1]),
        kind=_last_segment(kind),
        since=_date(start),
        until=_date(end) or (_date(status_since) if _last_segment(status) == "ended" else None),
        status=_last_segment(status),
        status_since=_date(status_since),
        sources=tuple(sorted(str(sources.value).split()))
        if isinstance(sources, ox.Literal)
        else (),
    )


def _iri(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode) else ""


def _qid(term: object) -> str | None:
    iri = _iri(term)
    return iri[len(WD) :] if iri.startswith(WD + "Q") else None


def _last_segment(term: object) -> str | None:
    iri = _iri(term)
    return iri.rstrip("/").rsplit("/", 1)[-1] if iri else None


def _date(term: object) -> Date | None:
    if not isinstance(term, ox.Literal):
        return None
    return from_xsd(term.value, term.datatype.value)
