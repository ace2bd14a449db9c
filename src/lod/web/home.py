"""The home page: the twinning network at a glance, all of it read from the store by SPARQL.

For each home city: its partner and friendship cities with kind, current status and start, a
timeline of the relations and a map; then the ways into the data (SPARQL, dumps, catalog,
ontology). Nothing about the cities is written here; a new city in the data appears by itself.

A large publication (more than :data:`LARGE_RELATIONS` relations, e.g. ``lod init --world``)
gets a :class:`Summary` instead: the counts, and only its :data:`SHOWN_NETWORKS` largest
networks, read with queries bounded by what is shown (not by the size of the data), so that the
page answers in a second; the lists (``/list/…``) page through the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import render_template

from lod.config import Settings
from lod.namespaces import DCAT, DCTERMS, GEO, ontology_ns, prefixes_for
from lod.store import Store
from lod.uris import thing_iri
from lod.web import network_map
from lod.web.app import get_settings, get_state, get_store
from lod.web.describe import LABEL_PREDICATES, iri_ref, publication
from lod.web.i18n import format_number, texts
from lod.web.pages import Linker, format_date, format_year_month, pick_literal
from lod.web.representations import RDF_REPRESENTATIONS, jsonld_document

__all__ = ["network_overview", "render_home", "texts"]


@dataclass(frozen=True)
class Relation:
    """One relation as the home page lists it (terms still untranslated)."""

    iri: str
    partner: str
    kind: str | None
    status: str | None
    start: ox.Literal | None
    status_since: ox.Literal | None = None


@dataclass
class Network:
    home: str
    network: str | None
    relations: list[Relation] = field(default_factory=list)


@dataclass(frozen=True)
class Summary:
    """The counts of a large publication; its home page shows only the largest networks and
    the first :data:`SHOWN_ROWS` rows of each."""

    cities: int
    relations: int
    networks: int
    rows: int = 0  # rows shown per network (set from SHOWN_ROWS)


LARGE_RELATIONS = 500  # above this, the home page is a summary (Osnabrück has 11, a city ~100)
SHOWN_NETWORKS = 10
SHOWN_ROWS = 12


@dataclass(frozen=True)
class Overview:
    """Everything the home page shows, in every language (names are literals)."""

    networks: list[Network]
    names: dict[str, list[ox.Literal]]
    natives: dict[str, ox.Literal]
    coordinates: dict[str, tuple[float, float]]
    downloads: list[tuple[str, str, int]]  # (url, media type, bytes)
    catalog_title: list[ox.Literal]
    dataset_title: list[ox.Literal]
    dataset_description: list[ox.Literal]
    year: int
    license: str | None
    license_titles: list[ox.Literal] = field(default_factory=list)
    unconfirmed: frozenset[str] = frozenset()  # relations and cities the city has not confirmed
    summary: Summary | None = None  # set for a large publication


def network_overview(store: Store, settings: Settings) -> Overview:
    tw = ontology_ns(settings.base_iri)
    summary = _summary(store, tw)
    homes = _largest_homes(store, tw) if summary else None
    networks = _networks(store, tw, homes)
    if homes is not None:  # the largest first, as the summary says
        networks.sort(key=lambda n: homes.index(n.home) if n.home in homes else len(homes))
    iris = {i for n in networks for i in (n.home, n.network, *_relation_terms(n.relations)) if i}
    cities = {i for n in networks for i in (n.home, *(r.partner for r in n.relations)) if i}
    pub = publication(store, settings)
    catalog = thing_iri("catalog", settings.dataset_slug, settings.base_iri)
    modified = pub.last_modified
    return Overview(
        networks=networks,
        names=names_of(store, iris),
        natives=_natives(store, tw, cities),
        coordinates=_coordinates(store, tw, cities),
        downloads=_downloads(store),
        catalog_title=_texts(store, catalog, str(DCTERMS.title)),
        dataset_title=_texts(store, pub.dataset, str(DCTERMS.title)),
        dataset_description=_texts(store, pub.dataset, str(DCTERMS.description)),
        year=(modified or dt.datetime.now(dt.UTC)).year,
        license=pub.license,
        license_titles=list(pub.license_titles),
        unconfirmed=unconfirmed(store, tw),
        summary=summary,
    )


def _summary(store: Store, tw: object) -> Summary | None:
    """The counts, when there are more than :data:`LARGE_RELATIONS` relations (one query)."""
    query = f"""SELECT ?kind (COUNT(?x) AS ?n) WHERE {{
      VALUES ?kind {{ <{tw}City> <{tw}CityRelation> <{tw}TwinningNetwork> }} ?x a ?kind
    }} GROUP BY ?kind"""
    counts = {
        kind.value.rsplit("/", 1)[-1]: int(n.value)
        for kind, n in store.query(query).rows
        if isinstance(kind, ox.NamedNode) and isinstance(n, ox.Literal)
    }
    if counts.get("CityRelation", 0) <= LARGE_RELATIONS:
        return None
    return Summary(
        counts.get("City", 0), counts["CityRelation"], counts.get("TwinningNetwork", 0), SHOWN_ROWS
    )


def _largest_homes(store: Store, tw: object) -> list[str]:
    """The home cities with the most relations, most first (ties by IRI)."""
    query = f"""SELECT ?home (COUNT(?rel) AS ?n) WHERE {{ ?rel <{tw}homeCity> ?home }}
      GROUP BY ?home ORDER BY DESC(?n) ?home LIMIT {SHOWN_NETWORKS}"""
    return [home.value for home, _ in store.query(query).rows if isinstance(home, ox.NamedNode)]


def _relation_terms(relations: Iterable[Relation]) -> Iterable[str | None]:
    for r in relations:
        yield from (r.iri, r.partner, r.kind, r.status)


def _networks(store: Store, tw: object, homes: list[str] | None = None) -> list[Network]:
    """The relations of every home city, or of ``homes`` only."""
    only = f"VALUES ?home {{ {' '.join(iri_ref(h) for h in homes)} }}" if homes is not None else ""
    query = f"""SELECT ?home ?network ?rel ?partner ?kind ?status ?start ?since WHERE {{
      {only}
      ?rel a <{tw}CityRelation> ; <{tw}homeCity> ?home ; <{tw}city> ?partner .
      FILTER (?partner != ?home)
      OPTIONAL {{ ?network a <{tw}TwinningNetwork> ; <{tw}homeCity> ?home }}
      OPTIONAL {{ ?rel <{tw}relationKind> ?kind }}
      OPTIONAL {{ ?rel <{tw}startDate> ?start }}
      OPTIONAL {{ ?rel <{tw}status> ?period . ?period <{tw}statusValue> ?status
                 OPTIONAL {{ ?period <{tw}statusSince> ?since }}
                 FILTER NOT EXISTS {{ ?period <{tw}statusUntil> ?until }} }}
    }}"""
    networks: dict[str, Network] = {}
    for row in store.query(query).rows:
        home, network, rel, partner, kind, status, start, since = row
        assert isinstance(home, ox.NamedNode) and isinstance(rel, ox.NamedNode)
        entry = networks.setdefault(home.value, Network(home.value, _value(network)))
        relation = Relation(
            rel.value,
            _value(partner) or "",
            _value(kind),
            _value(status),
            start if isinstance(start, ox.Literal) else None,
            since if isinstance(since, ox.Literal) else None,
        )
        if relation not in entry.relations:
            entry.relations.append(relation)
    for entry in networks.values():
        entry.relations.sort(key=lambda r: (sort_key(r.start), r.iri))
    return sorted(networks.values(), key=lambda n: n.home)


def _offset(year: object, first: int, span: int) -> float | None:
    """Where ``year`` lies on the timeline, 0 at ``first``; None when unknown."""
    return (int(str(year)) - first) / span if year else None


def sort_key(date: ox.Literal | None) -> str:
    """Unknown dates last; gYear, gYearMonth and date compare by their text."""
    return date.value if date is not None else "9999"


def names_of(store: Store, iris: Iterable[str]) -> dict[str, list[ox.Literal]]:
    """All names (rdfs:label, skos:prefLabel, ...) of ``iris``, best predicate first."""
    wanted = sorted(set(iris))
    if not wanted:
        return {}
    values = " ".join(iri_ref(iri) for iri in wanted)
    # FILTER, not a second VALUES: pyoxigraph joins two VALUES blocks as a cross product first
    # (5 s instead of 0.06 s for the 1,248 names of the world publication's home page).
    predicates = ", ".join(f"<{p}>" for p in LABEL_PREDICATES)
    query = (
        f"SELECT ?x ?lp ?l WHERE {{ VALUES ?x {{ {values} }} ?x ?lp ?l "
        f"FILTER (?lp IN ({predicates})) }}"
    )
    rank = {str(p): i for i, p in enumerate(LABEL_PREDICATES)}
    found: dict[str, list[tuple[int, ox.Literal]]] = defaultdict(list)
    for x, lp, label in store.query(query).rows:
        if (
            isinstance(x, ox.NamedNode)
            and isinstance(lp, ox.NamedNode)
            and isinstance(label, ox.Literal)
        ):
            found[x.value].append((rank[lp.value], label))
    return {
        iri: [label for _, label in sorted(items, key=lambda i: i[0])]
        for iri, items in found.items()
    }


def _natives(store: Store, tw: object, cities: Iterable[str]) -> dict[str, ox.Literal]:
    query = f"SELECT ?c ?n WHERE {{ {_values('c', cities)} ?c <{tw}nativeLabel> ?n }}"
    return {
        c.value: n
        for c, n in store.query(query).rows
        if isinstance(c, ox.NamedNode) and isinstance(n, ox.Literal)
    }


def unconfirmed(store: Store, tw: object) -> frozenset[str]:
    """What says ``tw:confirmed false`` (seeded by ``lod init`` from Wikidata and the like)."""
    query = f"SELECT ?x WHERE {{ ?x <{tw}confirmed> false }}"
    return frozenset(x.value for (x,) in store.query(query).rows if isinstance(x, ox.NamedNode))


def _coordinates(store: Store, tw: object, cities: Iterable[str]) -> dict[str, tuple[float, float]]:
    query = (
        f"SELECT ?c ?lat ?long WHERE {{ {_values('c', cities)} "
        f"?c a <{tw}City> ; <{GEO.lat}> ?lat ; <{GEO.long}> ?long }}"
    )
    out = {}
    for city, lat, long in store.query(query).rows:
        try:
            out[city.value] = (float(lat.value), float(long.value))  # type: ignore[union-attr]
        except (ValueError, AttributeError):
            continue  # a malformed coordinate leaves the city off the map, not the page
    return out


def _values(variable: str, iris: Iterable[str]) -> str:
    """``VALUES ?variable { … }``: the query reads only the cities the page shows."""
    return f"VALUES ?{variable} {{ {' '.join(iri_ref(i) for i in sorted(set(iris)))} }}"


def _downloads(store: Store) -> list[tuple[str, str, int]]:
    query = f"""SELECT ?url ?media ?size WHERE {{ ?d a <{DCAT.Distribution}> ;
      <{DCAT.downloadURL}> ?url . OPTIONAL {{ ?d <{DCAT.mediaType}> ?media }}
      OPTIONAL {{ ?d <{DCAT.byteSize}> ?size }} }} ORDER BY ?url"""
    out = []
    for url, media, size in store.query(query).rows:
        if isinstance(url, ox.NamedNode):
            media_type = media.value if isinstance(media, ox.NamedNode) else ""
            media_type = media_type.rsplit("/assignments/media-types/", 1)[-1]
            count = int(size.value) if isinstance(size, ox.Literal) else 0
            out.append((url.value, media_type, count))
    return out


def _texts(store: Store, iri: str, predicate: str) -> list[ox.Literal]:
    query = f"SELECT ?t WHERE {{ {iri_ref(iri)} <{predicate}> ?t }}"
    return [t for (t,) in store.query(query).rows if isinstance(t, ox.Literal)]


def _value(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


# --- the page ---------------------------------------------------------------------------------


def render_home(lang: str, linker: Linker, triples: list[ox.Triple]) -> str:
    """The page; ``triples`` (its Turtle twin, the root IRI's document) are embedded as JSON-LD."""
    store, settings = get_store(), get_settings()
    overview = get_state().cached("home-overview", lambda: network_overview(store, settings))
    view = HomeView(overview, lang, linker)
    return render_template(
        "home.html",
        t=texts(lang),
        number=lambda n: format_number(n, lang),
        networks=[view.network(n) for n in overview.networks],
        downloads=view.downloads(),
        title=view.pick(overview.catalog_title) or view.pick(overview.dataset_title),
        description=view.pick(overview.dataset_description),
        alternates=[
            {"media_type": r.media_type, "href": f"?format={r.extension}", "title": r.label}
            for r in RDF_REPRESENTATIONS
        ],
        license=overview.license,
        license_title=view.pick(overview.license_titles),
        summary=overview.summary,
        jsonld=jsonld_document(triples, prefixes_for(settings.base_iri)),
    )


class HomeView:
    """Turns the language-neutral :class:`Overview` into what ``home.html`` shows."""

    def __init__(self, overview: Overview, lang: str, linker: Linker) -> None:
        self.o, self.lang, self.linker = overview, lang, linker

    def pick(self, literals: list[ox.Literal], native: str | None = None) -> str:
        literal = pick_literal(literals, self.lang, native)
        return literal.value if literal is not None else ""

    def name(self, iri: str | None) -> str:
        if not iri:
            return ""
        native = self.o.natives.get(iri)
        return self.pick(self.o.names.get(iri, []), native.language if native else None) or iri

    def network(self, network: Network) -> dict[str, object]:
        rows = [self.row(r) for r in network.relations]
        return {
            "title": self.name(network.network) if network.network else self.name(network.home),
            "href": self.linker.href(network.network or network.home),
            "home": {"name": self.name(network.home), "href": self.linker.href(network.home)},
            "rows": rows,
            "timeline": self.timeline(rows),
            "map": self.map(network),
            "counts": _counts(rows),
        }

    def row(self, r: Relation) -> dict[str, object]:
        native = self.o.natives.get(r.partner)
        name = self.name(r.partner)
        return {
            "href": self.linker.href(r.iri),
            "partner": name,
            "partner_href": self.linker.href(r.partner),
            "native": native.value if native is not None and native.value != name else None,
            "native_lang": native.language if native is not None else None,
            "kind": self.name(r.kind),
            "kind_key": _key(r.kind),
            "status": self.name(r.status),
            "status_key": _key(r.status),
            "start": self.date(r.start),
            "start_iso": r.start.value if r.start is not None else "",
            "year": int(r.start.value[:4]) if r.start is not None else None,
            "status_year": int(r.status_since.value[:4]) if r.status_since is not None else None,
            "unconfirmed": r.iri in self.o.unconfirmed,
        }

    def date(self, literal: ox.Literal | None) -> str:
        if literal is None:
            return ""
        if literal.datatype.value.endswith("#date"):
            return format_date(literal.value, self.lang)
        if literal.datatype.value.endswith("#gYearMonth"):
            return format_year_month(literal.value, self.lang)
        return literal.value

    def timeline(self, rows: list[dict[str, object]]) -> dict[str, object]:
        """Bars from the start year to the end of the axis, which ends a year after the newer of
        the publication's year and the latest start (a relation begun this year has a bar of one
        year, inside the picture). Rows without a start are counted, not drawn."""
        dated = [r for r in rows if r["year"]]
        years = [int(str(r["year"])) for r in dated]
        last = max([self.o.year, *years]) + 1
        first = min(years, default=last - 10) // 10 * 10
        span = max(last - first, 1)
        return {
            "first": first,
            "last": last,
            "ticks": timeline_ticks(first, last),
            "undated": len(rows) - len(dated),
            "rows": [
                dict(
                    r,
                    offset=_offset(r["year"], first, span),
                    status_offset=_offset(r["status_year"], first, span),
                )
                for r in dated
            ],
        }

    def map(self, network: Network) -> network_map.NetworkMap | None:
        home = self.place(network.home, "home")
        if home is None:
            return None
        partners = [
            p
            for r in network.relations
            if (p := self.place(r.partner, _key(r.kind), _key(r.status)))
        ]
        return network_map.draw(home, partners)

    def place(self, iri: str, kind: str, status: str = "") -> network_map.Place | None:
        if iri not in self.o.coordinates:
            return None
        lat, long = self.o.coordinates[iri]
        href = self.linker.href(iri)
        return network_map.Place(iri, self.name(iri), lat, long, kind, href, status)

    def downloads(self) -> list[dict[str, object]]:
        return [
            {
                "href": self.linker.href(url),
                "name": url.rsplit("/", 1)[-1],
                "media_type": media,
                "bytes": size,
            }
            for url, media, size in self.o.downloads
        ]


def timeline_ticks(first: int, last: int) -> list[tuple[int, float, bool]]:
    """(year, offset, shown on a phone too): every decade, or every other one past ten; a
    narrow screen shows at most five, evenly spaced, so the years never run together."""
    span = max(last - first, 1)
    decades = [y for y in range(first, last + 1) if y % 10 == 0]
    step = 2 if len(decades) > 10 else 1
    ticks = decades[::step]
    every = max(1, -(-len(ticks) // 5))  # ceil: how many ticks one shown tick stands for
    return [(y, (y - first) / span, i % every == 0) for i, y in enumerate(ticks)]


def _key(iri: str | None) -> str:
    """The local name of a concept (a CSS class): ``partnership``, ``dormant``."""
    return (iri or "").rsplit("/", 1)[-1]


def _counts(rows: list[dict[str, object]]) -> list[tuple[str, int]]:
    """(kind, number of relations), the most frequent kind first."""
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[str(row["kind_key"])] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
