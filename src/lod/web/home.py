"""The home page: the twinning network at a glance, all of it read from one document.

For each home city: its partner and friendship cities with kind, current status and start, a
timeline of the relations and a map; then the ways into the data (SPARQL, dumps, catalog,
ontology). Nothing about the cities is written here; a new city in the data appears by itself.

One data function, :func:`home_record`, reads the home document from the store: what the graph
says of the site's root IRI, the catalog and dataset (titles, licence, downloads) and every
network, relation and city the page lists, with their names. The RDF twins (``/?format=ttl``,
…) serialize exactly these triples and the page reads its overview back from them
(:func:`read_overview`), so the page shows nothing its twin does not say. Counts are not
triples: the record carries them beside the document (relations per kind of each network
shown, and a large publication's size).

A large publication (more than :data:`LARGE_RELATIONS` relations, e.g. ``lod init --world``)
gets a :class:`Summary` instead: the counts, and only its :data:`SHOWN_NETWORKS` largest
networks with their first :data:`SHOWN_ROWS` relations, read with queries bounded by what is
shown (not by the size of the data), so that the page answers in a second; the lists
(``/list/…``) page through the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import render_template

from lod.config import Settings
from lod.namespaces import DCAT, DCTERMS, GEO, RDF, ontology_ns, prefixes_for
from lod.store import Store
from lod.uris import thing_iri
from lod.web import network_map
from lod.web.describe import (
    LABEL_PREDICATES,
    construct,
    describe_resource,
    iri_ref,
    unique,
    with_labels,
)
from lod.web.i18n import format_number, texts
from lod.web.pages import Linker, format_date, format_year_month, pick_literal
from lod.web.representations import Alternate, jsonld_document

__all__ = ["home_record", "network_overview", "read_overview", "render_home", "texts"]


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
    relations: list[Relation] = field(default_factory=list)  # the rows shown
    kinds: dict[str, int] = field(default_factory=dict)  # kind IRI ("": none) → all relations

    @property
    def total(self) -> int:
        """All relations of the home city (a large publication shows only the first rows)."""
        return sum(self.kinds.values()) or len(self.relations)


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
class Counts:
    """What the home page counts rather than lists: not facts of the graph, so not triples."""

    kinds: dict[str, dict[str, int]]  # home city → kind IRI ("": none) → its relations
    summary: Summary | None = None  # set for a large publication


@dataclass(frozen=True)
class HomeRecord:
    """The home document (what the RDF twins serve and the page embeds) and the counts."""

    triples: list[ox.Triple]
    counts: Counts


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


# --- the record: one query set ---------------------------------------------------------------


def home_record(store: Store, settings: Settings) -> HomeRecord:
    """The home document and the counts: the counts first (they choose the rows shown), then
    one CONSTRUCT for what the page lists, then the names of everything it mentions."""
    tw = ontology_ns(settings.base_iri)
    summary = _summary(store, tw)
    homes = _largest_homes(store, tw) if summary else None
    index = _relation_index(store, tw, homes)
    kinds = {home: _kind_counts(rows) for home, rows in index.items()}
    shown = [row for rows in index.values() for row in _shown(rows, summary)]
    facts = construct(store, _document_branches(settings, sorted(index), shown))
    base = describe_resource(store, settings.base_iri, settings)
    triples = with_labels(store, unique([*base, *facts]))
    return HomeRecord(triples, Counts(kinds, summary))


def network_overview(store: Store, settings: Settings) -> Overview:
    """The overview of the home page as :func:`home_record` reads it (tests, tools)."""
    record = home_record(store, settings)
    return read_overview(record.triples, record.counts, settings)


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


@dataclass(frozen=True)
class IndexRow:
    """What chooses and counts a relation: its partner city, kind and start."""

    rel: str
    partner: str
    kind: str  # "" when none
    start: ox.Literal | None


def _relation_index(store: Store, tw: object, homes: list[str] | None) -> dict[str, list[IndexRow]]:
    """The relations of every home city (or of ``homes`` only), each once, in page order."""
    only = f"VALUES ?home {{ {' '.join(iri_ref(h) for h in homes)} }}" if homes is not None else ""
    query = f"""SELECT ?home ?rel ?partner ?kind ?start WHERE {{ {only}
      ?rel a <{tw}CityRelation> ; <{tw}homeCity> ?home ; <{tw}city> ?partner .
      FILTER (?partner != ?home)
      OPTIONAL {{ ?rel <{tw}relationKind> ?kind }} OPTIONAL {{ ?rel <{tw}startDate> ?start }}
    }}"""
    found: dict[str, dict[str, IndexRow]] = defaultdict(dict)
    for home, rel, partner, kind, start in store.query(query).rows:
        if isinstance(home, ox.NamedNode) and isinstance(rel, ox.NamedNode):
            row = IndexRow(rel.value, _value(partner) or "", _value(kind) or "", _literal(start))
            rows = found[home.value]
            rows[rel.value] = min(rows.get(rel.value, row), row, key=_row_order)
    return {home: sorted(rows.values(), key=_row_order) for home, rows in found.items()}


def _row_order(row: IndexRow) -> tuple[str, str, str, str]:
    return (sort_key(row.start), row.rel, row.kind, row.partner)


def _kind_counts(rows: Iterable[IndexRow]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.kind] += 1
    return dict(counts)


def _shown(rows: list[IndexRow], summary: Summary | None) -> list[IndexRow]:
    return rows[: summary.rows] if summary else rows


def _document_branches(settings: Settings, homes: list[str], shown: list[IndexRow]) -> list[str]:
    """CONSTRUCT branches for what the page lists: catalog and dataset, downloads, the
    networks, the relations shown (kind, start, current status, confirmation) and their
    cities (native name, coordinates)."""
    tw = ontology_ns(settings.base_iri)
    catalog = thing_iri("catalog", settings.dataset_slug, settings.base_iri)
    dataset = thing_iri("dataset", settings.dataset_slug, settings.base_iri)
    publication = f"VALUES ?x {{ {iri_ref(catalog)} {iri_ref(dataset)} }}"
    rel_iris = [row.rel for row in shown]
    rels, cities = _values("s", rel_iris), _values("s", [*homes, *(r.partner for r in shown)])
    current = f"FILTER NOT EXISTS {{ ?s <{tw.statusUntil}> ?until }}"
    unconfirmed = f"?s <{tw.confirmed}> false . BIND(<{tw.confirmed}> AS ?p) BIND(false AS ?o)"
    return [
        f"{{ {_values('s', [catalog, dataset])} "
        f"{_predicates(DCTERMS.title, DCTERMS.description, DCTERMS.modified, DCTERMS.license)} }}",
        f"{{ {publication} ?x <{DCTERMS.license}> ?s . {_predicates(DCTERMS.title)} }}",
        f"{{ ?s a <{DCAT.Distribution}> ; <{DCAT.downloadURL}> ?url . "
        f"{_predicates(RDF.type, DCAT.downloadURL, DCAT.mediaType, DCAT.byteSize)} }}",
        f"{{ {_values('home', homes)} ?s a <{tw.TwinningNetwork}> ; <{tw.homeCity}> ?home . "
        f"{_predicates(RDF.type, tw.homeCity)} }}",
        f"{{ {rels} "
        f"{_predicates(RDF.type, tw.homeCity, tw.city, tw.relationKind, tw.startDate)} }}",
        f"{{ {rels} {unconfirmed} }}",
        f"{{ {rels} ?s <{tw.status}> ?o . BIND(<{tw.status}> AS ?p) "
        f"FILTER NOT EXISTS {{ ?o <{tw.statusUntil}> ?until }} }}",
        f"{{ {_values('r', rel_iris)} ?r <{tw.status}> ?s . {current} "
        f"{_predicates(tw.statusValue, tw.statusSince)} }}",
        f"{{ {cities} {_predicates(RDF.type, tw.nativeLabel, GEO.lat, GEO.long)} }}",
        f"{{ {cities} {unconfirmed} }}",
    ]


def _predicates(*iris: object) -> str:
    """``?s ?p ?o`` for these predicates only. A FILTER, not VALUES: pyoxigraph evaluates a
    VALUES block before the patterns, joining it with every other one as a cross product."""
    return f"?s ?p ?o FILTER (?p IN ({', '.join(f'<{iri}>' for iri in iris)}))"


def _values(variable: str, iris: Iterable[str]) -> str:
    """``VALUES ?variable { … }``: the query reads only what the page shows."""
    return f"VALUES ?{variable} {{ {' '.join(iri_ref(i) for i in sorted(set(iris)))} }}"


def sort_key(date: ox.Literal | None) -> str:
    """Unknown dates last; gYear, gYearMonth and date compare by their text."""
    return date.value if date is not None else "9999"


def _value(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _literal(term: object) -> ox.Literal | None:
    return term if isinstance(term, ox.Literal) else None


# --- the overview, read back from the document ------------------------------------------------


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class Facts:
    """The document's triples by subject and predicate (objects in document order)."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.by_subject: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            self.by_subject[_key_of(t.subject)][t.predicate.value].append(t.object)

    def objects(self, subject: str, predicate: object) -> list[Term]:
        return self.by_subject.get(subject, {}).get(str(predicate), [])

    def iris(self, subject: str, predicate: object) -> list[str]:
        return [o.value for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode)]

    def iri(self, subject: str, predicate: object) -> str | None:
        """One IRI object (the least, should the data give two)."""
        return min(self.iris(subject, predicate), default=None)

    def literals(self, subject: str, predicate: object) -> list[ox.Literal]:
        return [o for o in self.objects(subject, predicate) if isinstance(o, ox.Literal)]

    def literal(self, subject: str, predicate: object) -> ox.Literal | None:
        return min(self.literals(subject, predicate), key=lambda lit: lit.value, default=None)

    def typed(self, cls: object) -> list[str]:
        kind = ox.NamedNode(str(cls))
        return sorted(s for s, p in self.by_subject.items() if kind in p.get(str(RDF.type), []))


def _key_of(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def read_overview(triples: Sequence[ox.Triple], counts: Counts, settings: Settings) -> Overview:
    """What the page shows, read from the home document (every name, date and place in it)."""
    facts, tw = Facts(triples), ontology_ns(settings.base_iri)
    catalog = thing_iri("catalog", settings.dataset_slug, settings.base_iri)
    dataset = thing_iri("dataset", settings.dataset_slug, settings.base_iri)
    license_ = facts.iri(catalog, DCTERMS.license) or facts.iri(dataset, DCTERMS.license)
    modified = facts.literal(dataset, DCTERMS.modified)
    return Overview(
        networks=_read_networks(facts, tw, counts),
        names=_read_names(facts),
        natives={s: n for s in facts.by_subject if (n := facts.literal(s, tw.nativeLabel))},
        coordinates=_read_coordinates(facts, tw),
        downloads=_read_downloads(facts),
        catalog_title=facts.literals(catalog, DCTERMS.title),
        dataset_title=facts.literals(dataset, DCTERMS.title),
        dataset_description=facts.literals(dataset, DCTERMS.description),
        year=_year(modified) or dt.datetime.now(dt.UTC).year,
        license=license_,
        license_titles=sorted(facts.literals(license_ or "", DCTERMS.title), key=str),
        unconfirmed=frozenset(
            s for s in facts.by_subject if ox.Literal(False) in facts.objects(s, tw.confirmed)
        ),
        summary=counts.summary,
    )


def _read_networks(facts: Facts, tw: object, counts: Counts) -> list[Network]:
    """One network per counted home city: the largest first in a summary, else by IRI."""
    networks = {  # home → its network
        facts.iri(n, f"{tw}homeCity") or "": n for n in facts.typed(f"{tw}TwinningNetwork")
    }
    rows: dict[str, list[Relation]] = defaultdict(list)
    for rel in facts.typed(f"{tw}CityRelation"):
        home = facts.iri(rel, f"{tw}homeCity") or ""
        if home in counts.kinds:
            rows[home].append(_read_relation(facts, tw, rel, home))
    order = sorted(
        counts.kinds, key=lambda h: (-sum(counts.kinds[h].values()), h) if counts.summary else h
    )
    return [
        Network(home, networks.get(home), sorted(rows[home], key=_relation_order), kinds)
        for home in order
        for kinds in [counts.kinds[home]]
    ]


def _read_relation(facts: Facts, tw: object, rel: str, home: str) -> Relation:
    partners = [city for city in facts.iris(rel, f"{tw}city") if city != home]
    period = facts.iri(rel, f"{tw}status") or ""
    return Relation(
        rel,
        min(partners, default=""),
        facts.iri(rel, f"{tw}relationKind"),
        facts.iri(period, f"{tw}statusValue"),
        min(facts.literals(rel, f"{tw}startDate"), key=sort_key, default=None),
        facts.literal(period, f"{tw}statusSince"),
    )


def _relation_order(relation: Relation) -> tuple[str, str]:
    return (sort_key(relation.start), relation.iri)


def _read_names(facts: Facts) -> dict[str, list[ox.Literal]]:
    """All names (rdfs:label, skos:prefLabel, ...) of every IRI, best predicate first."""
    names = {
        subject: [name for p in LABEL_PREDICATES for name in facts.literals(subject, p)]
        for subject in facts.by_subject
    }
    return {subject: found for subject, found in names.items() if found}


def _read_coordinates(facts: Facts, tw: object) -> dict[str, tuple[float, float]]:
    out = {}
    for city in facts.typed(f"{tw}City"):
        lat, long = facts.literal(city, GEO.lat), facts.literal(city, GEO.long)
        try:
            out[city] = (float(lat.value), float(long.value))  # type: ignore[union-attr]
        except (ValueError, AttributeError):
            continue  # a malformed coordinate leaves the city off the map, not the page
    return out


def _read_downloads(facts: Facts) -> list[tuple[str, str, int]]:
    """(url, media type, bytes) of every distribution, by URL."""
    out = []
    for distribution in facts.typed(DCAT.Distribution):
        media = facts.iri(distribution, DCAT.mediaType) or ""
        size = facts.literal(distribution, DCAT.byteSize)
        for url in facts.objects(distribution, DCAT.downloadURL):
            if isinstance(url, ox.NamedNode):
                media_type = media.rsplit("/assignments/media-types/", 1)[-1]
                out.append((url.value, media_type, int(size.value) if size else 0))
    return sorted(out)


def _year(modified: ox.Literal | None) -> int | None:
    try:
        return int(modified.value[:4]) if modified is not None else None
    except ValueError:
        return None


def _offset(year: object, first: int, span: int) -> float | None:
    """Where ``year`` lies on the timeline, 0 at ``first``; None when unknown."""
    return (int(str(year)) - first) / span if year else None


# --- the page ---------------------------------------------------------------------------------


def render_home(
    triples: list[ox.Triple],
    counts: Counts,
    settings: Settings,
    lang: str,
    linker: Linker,
    alternates: list[Alternate],
) -> str:
    """The page, read from the home document ``triples`` (which it embeds as JSON-LD) and the
    ``counts`` of its record; ``alternates``: its RDF twins, as the ``Link`` header names them."""
    overview = read_overview(triples, counts, settings)
    view = HomeView(overview, lang, linker)
    return render_template(
        "home.html",
        t=texts(lang),
        number=lambda n: format_number(n, lang),
        networks=[view.network(n) for n in overview.networks],
        downloads=view.downloads(),
        title=view.pick(overview.catalog_title) or view.pick(overview.dataset_title),
        description=view.pick(overview.dataset_description),
        alternates=alternates,
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
            "map": None if self.o.summary else self.map(network),
            "counts": _counts(network.kinds),
            "total": network.total,
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


def _counts(kinds: dict[str, int]) -> list[tuple[str, int]]:
    """(kind, number of relations), the most frequent kind first."""
    counts: dict[str, int] = defaultdict(int)
    for kind, count in kinds.items():
        counts[_key(kind)] += count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
