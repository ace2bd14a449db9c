"""``lod init DIR --city QID --from-wikidata [URL]``: the seed read from a live SPARQL endpoint
(the Wikidata Query Service, or any endpoint holding Wikidata-shaped data) instead of the bundled
snapshots.

The P190 statements in both directions come from :mod:`lod.reconcile.wikidata` (the same reading
``lod reconcile`` does: deprecated statements skipped, truthy-only ones kept). Then one request
asks for the German and English labels, the country (P17) and the coordinates (P625) of the home
city and its partners. What the endpoint does not say stays absent; a property with several
values (two countries, two points) is left out rather than one picked. Every row's source is the
Wikidata item that states it (the entity IRI, the same on WDQS and on a mirror), and the network
row notes which endpoint was read, and when.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lod.reconcile.wikidata import PREFIXES, select, statements_about
from lod.sheets.init import InitError, Seed, relation_row
from lod.uris import slugify

WD = "http://www.wikidata.org/entity/"
ITEM_FACTS = (
    PREFIXES
    + """SELECT ?item ?label ?country ?coordinates WHERE {
  VALUES ?item { ITEMS }
  { ?item rdfs:label ?label . FILTER (LANG(?label) IN ("de", "en", "mul")) }
  UNION { ?item wdt:P17 ?country }
  UNION { ?item wdt:P625 ?coordinates }
}"""
)
# WKT as WDQS writes P625: "Point(long lat)"; a point on another globe starts with its IRI.
POINT = re.compile(
    r"^\s*Point\(\s*(-?[0-9.]+(?:[eE]-?[0-9]+)?)\s+(-?[0-9.]+(?:[eE]-?[0-9]+)?)\s*\)$"
)
BATCH = 200  # items per request: a VALUES list WDQS takes comfortably in a GET URL


@dataclass
class ItemFacts:
    labels: dict[str, str] = field(default_factory=dict)  # "de", "en", "mul" → label
    countries: set[str] = field(default_factory=set)  # QIDs
    points: set[tuple[str, str]] = field(default_factory=set)  # (latitude, longitude)


def seed_from_endpoint(endpoint: str, home: str, timeout: float) -> Seed:
    """The rows of a project for ``home`` as the endpoint answers; EndpointError if it fails."""
    stated: dict[str, set[str]] = {}  # partner QID → the items that state the link
    for statement in statements_about(endpoint, home, timeout):
        partner = statement.target if statement.subject == home else statement.subject
        stated.setdefault(partner, set()).add(statement.subject)
    if not stated:
        raise InitError(f"{home}: {endpoint} knows no twinning partners (P190) of it")
    qids = [home, *sorted(stated)]
    facts = item_facts(endpoint, qids, timeout)
    slugs = live_slugs(qids, facts)
    seed = Seed(home, slugs[home])
    seed.cities = [live_city_row(q, slugs[q], facts.get(q, ItemFacts())) for q in qids]
    for partner in sorted(stated):
        row = relation_row(slugs[home], slugs[partner], set())
        row["source_url"] = " ".join(WD + q for q in sorted(stated[partner]))
        seed.relations.append(row)
    day = datetime.now(UTC).date().isoformat()
    seed.networks.append(
        {
            "home_city": slugs[home],
            "source_url": WD + home,
            "note_en": f"Seeded by lod init from the SPARQL endpoint {endpoint} on {day}.",
            "note_de": f"Von lod init am {day} aus dem SPARQL-Endpunkt {endpoint} übernommen.",
        }
    )
    return seed


def item_facts(endpoint: str, qids: list[str], timeout: float) -> dict[str, ItemFacts]:
    found: dict[str, ItemFacts] = {}
    for start in range(0, len(qids), BATCH):
        values = " ".join(f"wd:{q}" for q in qids[start : start + BATCH])
        for row in select(endpoint, ITEM_FACTS.replace("ITEMS", values), timeout):
            _collect(found, row)
    return found


def _collect(found: dict[str, ItemFacts], row: dict[str, Any]) -> None:
    qid = _qid(row.get("item"))
    if not qid:
        return
    facts = found.setdefault(qid, ItemFacts())
    label = row.get("label") or {}
    if label.get("value"):
        facts.labels.setdefault(label.get("xml:lang", ""), label["value"])
    country = _qid(row.get("country"))
    if country:
        facts.countries.add(country)
    match = POINT.match((row.get("coordinates") or {}).get("value", ""))
    if match:
        facts.points.add((match.group(2), match.group(1)))


def _qid(term: dict[str, Any] | None) -> str:
    value = (term or {}).get("value", "")
    qid = value.removeprefix(WD) if term and term.get("type") == "uri" else ""
    return qid if re.fullmatch(r"Q[0-9]+", qid) else ""


def live_slugs(qids: list[str], facts: dict[str, ItemFacts]) -> dict[str, str]:
    """As for the bundled data: an id from the name; colliding or unusable names get the QID."""
    names = {q: slugify(_name(facts.get(q, ItemFacts())) or "") for q in qids}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {
        q: name if name and counts[name] == 1 else f"{name}-{q.lower()}".lstrip("-")
        for q, name in names.items()
    }


def _name(facts: ItemFacts) -> str | None:
    return next((facts.labels[k] for k in ("en", "de", "mul") if k in facts.labels), None)


def live_city_row(qid: str, slug: str, facts: ItemFacts) -> dict[str, str]:
    source = WD + qid
    row = {"id": slug, "wikidata": qid, "source_url": source, "confirmed": "no"}
    for lang in ("de", "en"):
        if lang in facts.labels:
            row[f"name_{lang}"] = facts.labels[lang]
    if not ({"de", "en"} & set(facts.labels)):
        # a label of several languages ("mul") or none: the QID stands in as the name
        row["name"] = facts.labels.get("mul", qid)
    if len(facts.countries) == 1:
        row["country_wikidata"] = next(iter(facts.countries))
    if len(facts.points) == 1:
        row["latitude"], row["longitude"] = next(iter(facts.points))
        row["coordinates_source_url"] = source
    return row
