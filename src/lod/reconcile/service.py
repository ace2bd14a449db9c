"""Matching for the reconciliation service (Reconciliation Service API v0.2, as OpenRefine uses
it): the publication's cities by any of their names or by Wikidata id, with scores.

The index is one store query over whatever publication is served: every ``tw:City`` with its
``rdfs:label`` (any language), ``tw:nativeLabel``, ``skos:altLabel``, Wikidata items
(``tw:wikidataItem``/``owl:sameAs``) and country (``tw:country``). Scores (0–100):

- 100 a Wikidata id (``Q2916`` or its entity IRI) or a name exactly as written;
- 95 a name equal once case, accents and punctuation are ignored ("canakkale" → Çanakkale);
- otherwise 90 × the best similarity of the normalised names (``difflib``), kept from 50 up.

A ``country`` property (``P17`` or ``country``; a QID, its IRI or ``{"id": ...}``) that
contradicts the city's country lowers the score by half; ``match`` is true only for a score of
95 or more that no other candidate reaches.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from lod.errors import BadRequest
from lod.store import Store

WD = "http://www.wikidata.org/entity/"
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_QUERIES = 500  # per batch request: OpenRefine sends 10 by default
MAX_QUERY_CHARS = 500
MIN_SCORE = 50.0
MATCH_SCORE = 95.0
COUNTRY_PROPERTIES = {"p17", "country", "tw:country"}
_QID = re.compile(r"^(?:https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/)?(Q[1-9]\d*)$", re.I)


@dataclass
class City:
    """One city as the service knows it."""

    iri: str
    id: str  # its slug, the service's identifier
    names: dict[str, str] = field(default_factory=dict)  # as written → language ("" if none)
    native: str | None = None
    items: set[str] = field(default_factory=set)  # QIDs
    country: str | None = None  # QID

    @property
    def name(self) -> str:
        """The display name: English, else German, else the native name, else any."""
        for lang in ("en", "de"):
            for text, text_lang in self.names.items():
                if text_lang == lang:
                    return text
        return self.native or next(iter(sorted(self.names)), self.id)


@dataclass(frozen=True)
class Index:
    cities: dict[str, City]  # by id
    normalized: dict[str, set[str]]  # normalised name → ids


def build_index(store: Store, base_iri: str) -> Index:
    sparql = f"""
PREFIX tw: <{base_iri}ontology/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?city ?p ?o WHERE {{
  ?city a tw:City ; ?p ?o .
  VALUES ?p {{ rdfs:label tw:nativeLabel skos:altLabel tw:wikidataItem owl:sameAs tw:country }}
}}"""
    cities: dict[str, City] = {}
    for subject, predicate, obj in store.query(sparql).rows:
        if not isinstance(subject, ox.NamedNode) or not isinstance(predicate, ox.NamedNode):
            continue
        city = cities.setdefault(subject.value, City(subject.value, _slug(subject.value)))
        _add(city, predicate.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1], obj)
    by_id = {city.id: city for city in cities.values()}
    normalized: dict[str, set[str]] = {}
    for city in by_id.values():
        for name in city.names:
            normalized.setdefault(normalize(name), set()).add(city.id)
    return Index(by_id, normalized)


def _add(city: City, predicate: str, obj: object) -> None:
    if isinstance(obj, ox.Literal):
        if predicate in ("label", "nativeLabel", "altLabel"):
            city.names.setdefault(obj.value, obj.language or "")
        if predicate == "nativeLabel":
            city.native = obj.value
    elif isinstance(obj, ox.NamedNode) and obj.value.startswith(WD + "Q"):
        qid = obj.value[len(WD) :]
        if predicate == "country":
            city.country = qid
        else:
            city.items.add(qid)


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def normalize(text: str) -> str:
    """Case, accents and punctuation ignored: "Gmünd in Kärnten" → "gmund in karnten"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


# --- queries -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str
    type: str | None = None
    limit: int = DEFAULT_LIMIT
    country: str | None = None  # QID


def parse_query(raw: object) -> Query:
    """A query object of the v0.2 protocol (or a bare string, as in v0.1's ``query=``)."""
    if isinstance(raw, str):
        return Query(_text(raw))
    if not isinstance(raw, dict):
        raise BadRequest("a query must be a JSON object with a 'query' string")
    limit = raw.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise BadRequest("'limit' must be a positive integer")
    kind = raw.get("type")
    if kind is not None and not isinstance(kind, str):
        raise BadRequest("'type' must be a string (the type's id)")
    return Query(_text(raw.get("query")), kind, min(limit, MAX_LIMIT), _country(raw))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise BadRequest("'query' must be a string")
    if len(value) > MAX_QUERY_CHARS:
        raise BadRequest(f"'query' is longer than {MAX_QUERY_CHARS} characters")
    return value.strip()


def _country(raw: dict[str, Any]) -> str | None:
    properties = raw.get("properties") or []
    if not isinstance(properties, list):
        raise BadRequest("'properties' must be a list of {pid, v} objects")
    for prop in properties:
        if not isinstance(prop, dict):
            raise BadRequest("'properties' must be a list of {pid, v} objects")
        if str(prop.get("pid", "")).casefold() in COUNTRY_PROPERTIES:
            value = prop.get("v")
            value = value.get("id") if isinstance(value, dict) else value
            match = _QID.match(str(value or "").strip())
            return match.group(1).upper() if match else None
    return None


def answer(index: Index, query: Query, city_type: str) -> list[dict[str, Any]]:
    """The candidates for ``query``, best first (``city_type``: the IRI of tw:City)."""
    if query.type and query.type not in (city_type, "City", "tw:City"):
        return []  # the publication reconciles cities only
    scored = [(score(city, query), city) for city in index.cities.values()]
    kept = sorted(
        ((s, c) for s, c in scored if s >= MIN_SCORE), key=lambda sc: (-sc[0], sc[1].name)
    )[: query.limit]
    top = [s for s, _ in kept if s >= MATCH_SCORE]
    return [_candidate(city, s, city_type, s >= MATCH_SCORE and len(top) == 1) for s, city in kept]


def score(city: City, query: Query) -> float:
    base = _name_score(city, query.text)
    if query.country and city.country and query.country != city.country:
        base /= 2
    return round(base, 1)


def _name_score(city: City, text: str) -> float:
    qid = _QID.match(text)
    if qid:
        return 100.0 if qid.group(1).upper() in city.items else 0.0
    if text in city.names:
        return 100.0
    wanted = normalize(text)
    if not wanted:
        return 0.0
    names = {normalize(name) for name in city.names}
    if wanted in names:
        return 95.0
    best = max((difflib.SequenceMatcher(None, wanted, name).ratio() for name in names), default=0)
    return 90.0 * best


def _candidate(city: City, value: float, city_type: str, match: bool) -> dict[str, Any]:
    about = [f"Wikidata {q}" for q in sorted(city.items)]
    if city.native and city.native != city.name:
        about.append(city.native)
    return {
        "id": city.id,
        "name": city.name,
        "type": [{"id": city_type, "name": "City"}],
        "score": value,
        "match": match,
        "description": ", ".join(about),
    }
