"""The data of the list and search pages: one function per page type, no Flask in them.

- :func:`collect` reads the entries of one list (cities, relations, agreements, claims, the
  cited sources) from the store: every name in every language, a date to sort by, the Wikidata
  items; done once per data version by the caller's cache;
- :func:`index_page` sorts (by name, locale-aware: "Çanakkale" under C; or by date) and pages
  them; :func:`search_page` finds entries by any name in any language or by Wikidata ID.

Names come from the resource's own labels, else from the title rules of :mod:`lod.web.titles`
(claims have no label), else from its IRI. The views render the records as HTML or JSON.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from lod.namespaces import DCTERMS, OWL, SKOS, WD, ontology_ns
from lod.store import Store
from lod.web.describe import LABEL_PREDICATES, construct, iri_ref, with_labels
from lod.web.pages import DocumentIndex, decoded, format_literal, pick_literal
from lod.web.titles import Parts, title

PER_PAGE = 50
MAX_PER_PAGE = 500
SORTS = ("name", "-name", "date", "-date")


@dataclass(frozen=True)
class Kind:
    """One list: the class of its entries and the property that dates them."""

    slug: str
    cls: str | None  # local name in the ontology; None: the cited sources
    date: str | None = None  # local name of the dating property (a city: its first relation)


KINDS = {
    k.slug: k
    for k in (
        Kind("cities", "City", "firstRelation"),
        Kind("relations", "CityRelation", "startDate"),
        Kind("agreements", "Agreement", "signedOn"),
        Kind("claims", "Claim", "claimedOn"),
        Kind("sources", None),
    )
}


@dataclass
class Entry:
    iri: str
    kind: str
    labels: list[ox.Literal] = field(default_factory=list)  # rdfs:label, skos:prefLabel, ...
    other_names: list[ox.Literal] = field(default_factory=list)  # alt and native names
    titles: dict[str, str] = field(default_factory=dict)  # lang → title (nameless resources)
    date: ox.Literal | None = None
    wikidata: list[str] = field(default_factory=list)  # QIDs of the item itself
    related: list[str] = field(default_factory=list)  # QIDs it links to (a city's country)
    count: int = 0  # sources: how many resources cite it

    def name(self, lang: str) -> str:
        literal = pick_literal(self.labels, lang) if self.labels else None
        if literal is not None:
            return literal.value
        return self.titles.get(lang) or short_name(self.iri)


def short_name(iri: str) -> str:
    parts = urlsplit(iri)
    if parts.hostname and not iri.startswith(("urn:", "mailto:")):
        return decoded((parts.hostname.removeprefix("www.") + parts.path).rstrip("/"))
    return decoded(iri)


def sort_key(text: str) -> tuple[str, str]:
    """Locale-aware enough for names in Latin script: letters with marks sort with their base
    letter (Ç with C, Ö with O), case is ignored, ß is ss; the text itself breaks ties."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return base.casefold(), text


def fold(text: str) -> str:
    return sort_key(text)[0]


# --- reading the store ----------------------------------------------------------------------


def collect(store: Store, base_iri: str, kind: Kind, languages: Sequence[str]) -> list[Entry]:
    """All entries of ``kind``, with names, dates and Wikidata items (unsorted)."""
    if kind.cls is None:
        return _sources(store, base_iri)
    return collect_all(store, base_iri, [kind], languages)[kind.slug]


def collect_all(
    store: Store, base_iri: str, kinds: Iterable[Kind], languages: Sequence[str]
) -> dict[str, list[Entry]]:
    """The entries of several lists at once (not the sources): one query per aspect (types,
    names, Wikidata items, each date), each driven by its predicates and matched to the entries
    here — joined with the class in the store, a large publication took seconds per list."""
    tw = str(ontology_ns(base_iri))
    wanted = {tw + k.cls: k for k in kinds if k.cls is not None}
    entries: dict[str, Entry] = {}
    classes = " ".join(iri_ref(c) for c in wanted)
    for x, cls in _rows(store, f"SELECT ?x ?t WHERE {{ VALUES ?t {{ {classes} }} ?x a ?t }}"):
        if isinstance(x, ox.NamedNode):
            entries.setdefault(x.value, Entry(x.value, wanted[cls.value].slug))
    _add_names(store, tw, entries)
    for kind in wanted.values():
        _add_dates(store, kind, tw, entries)
    _add_wikidata(store, tw, entries)
    by_kind: dict[str, list[Entry]] = {k.slug: [] for k in wanted.values()}
    for entry in entries.values():
        by_kind[entry.kind].append(entry)
    for kind in wanted.values():
        _add_titles(store, tw, languages, {e.iri: e for e in by_kind[kind.slug]})
    return by_kind


def _rows(store: Store, query: str) -> list[Any]:
    return list(store.query(query).rows)


def _add_names(store: Store, tw: str, entries: dict[str, Entry]) -> None:
    labels = {str(p) for p in LABEL_PREDICATES}
    names = " ".join(iri_ref(p) for p in (*labels, str(SKOS.altLabel), tw + "nativeLabel"))
    query = f"SELECT ?x ?p ?n WHERE {{ VALUES ?p {{ {names} }} ?x ?p ?n }}"
    for x, p, n in _rows(store, query):
        entry = entries.get(x.value)
        if entry is None or not isinstance(n, ox.Literal):
            continue
        (entry.labels if p.value in labels else entry.other_names).append(n)


def _add_dates(store: Store, kind: Kind, tw: str, entries: dict[str, Entry]) -> None:
    if kind.date is None:
        return
    if kind.date == "firstRelation":
        where = f"?rel {iri_ref(tw + 'city')} ?x ; {iri_ref(tw + 'startDate')} ?d"
    else:
        where = f"?x {iri_ref(tw + kind.date)} ?d"
    query = f"SELECT ?x (MIN(?d) AS ?date) WHERE {{ {where} }} GROUP BY ?x"
    for x, date in _rows(store, query):
        entry = entries.get(x.value) if x is not None else None
        if entry is not None and entry.kind == kind.slug and isinstance(date, ox.Literal):
            entry.date = date


# The properties of the model whose values are Wikidata items: the entry's own item, and the
# items it links to otherwise. Named, not searched for: scanning every property of 41,000
# relations for a Wikidata IRI took 1.5 s and found none.
SAME_ITEM = (str(OWL.sameAs), "wikidataItem")
LINKED_ITEM = ("country", str(SKOS.closeMatch), str(SKOS.exactMatch))


def _add_wikidata(store: Store, tw: str, entries: dict[str, Entry]) -> None:
    """The entry's own Wikidata item (``owl:sameAs``, ``tw:wikidataItem``) and the items it
    links to otherwise (``tw:country``, ``skos:closeMatch``, ``skos:exactMatch``)."""
    same = {p if ":" in p else tw + p for p in SAME_ITEM}
    linked = {p if ":" in p else tw + p for p in LINKED_ITEM}
    predicates = " ".join(iri_ref(p) for p in sorted(same | linked))
    query = (
        f"SELECT DISTINCT ?x ?p ?w WHERE {{ VALUES ?p {{ {predicates} }} "
        f'?x ?p ?w FILTER (isIRI(?w) && STRSTARTS(STR(?w), "{WD}")) }}'
    )
    for x, p, w in _rows(store, query):
        entry = entries.get(x.value)
        if entry is None:
            continue
        found = entry.wikidata if p.value in same else entry.related
        qid = w.value[len(str(WD)) :]
        if qid not in found:
            found.append(qid)


def _add_titles(store: Store, tw: str, languages: Sequence[str], entries: dict[str, Entry]) -> None:
    """Titles made of their parts for the entries without a name (claims)."""
    nameless = sorted(iri for iri, e in entries.items() if not e.labels)
    if not nameless:
        return
    values = " ".join(iri_ref(iri) for iri in nameless)
    index = DocumentIndex(
        with_labels(store, construct(store, [f"{{ VALUES ?s {{ {values} }} ?s ?p ?o }}"]))
    )
    for lang in languages:
        parts = Parts(
            objects=index.objects,
            subjects=index.subjects,
            name=_namer(index, lang),
            text=lambda literal, lang=lang: format_literal(literal, lang).text,  # type: ignore[misc]
            ontology=tw,
            lang=lang,
        )
        for iri in nameless:
            made = title(iri, parts)
            if made:
                entries[iri].titles[lang] = made


def _namer(index: DocumentIndex, lang: str) -> Callable[[str], str | None]:
    def name(iri: str) -> str | None:
        literal = pick_literal(index.names_of(iri), lang)
        return literal.value if literal is not None else None

    return name


def _sources(store: Store, base_iri: str) -> list[Entry]:
    query = (
        f"SELECT ?src (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x {iri_ref(str(DCTERMS.source))} ?src "
        f'FILTER (isIRI(?x) && STRSTARTS(STR(?x), "{base_iri}") && isIRI(?src)) }} GROUP BY ?src'
    )
    return [
        Entry(src.value, "sources", count=int(n.value))
        for src, n in _rows(store, query)
        if isinstance(src, ox.NamedNode) and isinstance(n, ox.Literal)
    ]


# --- the page records -----------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One line of a list or of the search results, in the reader's language."""

    iri: str
    name: str
    kind: str
    date: str | None = None
    date_value: str | None = None  # the lexical form, for machines
    wikidata: tuple[str, ...] = ()
    count: int | None = None
    matched: str | None = None  # search: the name that matched, if not the one shown


@dataclass(frozen=True)
class IndexPage:
    kind: str
    lang: str
    sort: str
    page: int
    pages: int
    per_page: int
    total: int
    items: list[Item]
    sorts: tuple[str, ...] = SORTS


def index_page(
    entries: Sequence[Entry], kind: str, lang: str, sort: str, page: int, per_page: int
) -> IndexPage:
    """The ``page``-th page (from 1) of the entries sorted by ``sort`` (see :data:`SORTS`)."""
    sort = sort if sort in SORTS else "name"
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    ordered = sort_entries(entries, lang, sort)
    pages = max(1, math.ceil(len(ordered) / per_page))
    page = max(1, min(page, pages))
    chunk = ordered[(page - 1) * per_page : page * per_page]
    return IndexPage(
        kind, lang, sort, page, pages, per_page, len(ordered), [item(e, lang) for e in chunk]
    )


def sort_entries(entries: Iterable[Entry], lang: str, sort: str) -> list[Entry]:
    by_name = sorted(entries, key=lambda e: (sort_key(e.name(lang)), e.iri))
    if sort.endswith("date"):
        dated = [e for e in by_name if e.date is not None]
        dated.sort(key=lambda e: e.date.value if e.date else "", reverse=sort.startswith("-"))
        return dated + [e for e in by_name if e.date is None]  # undated last either way
    return by_name[::-1] if sort.startswith("-") else by_name


def item(entry: Entry, lang: str, matched: str | None = None) -> Item:
    date = entry.date
    return Item(
        iri=entry.iri,
        name=entry.name(lang),
        kind=entry.kind,
        date=format_literal(date, lang).text if date is not None else None,
        date_value=date.value if date is not None else None,
        wikidata=tuple(entry.wikidata),
        count=entry.count if entry.kind == "sources" else None,
        matched=matched,
    )


@dataclass(frozen=True)
class SearchPage:
    query: str
    lang: str
    total: int
    items: list[Item]
    limit: int


def search_page(entries: Iterable[Entry], query: str, lang: str, limit: int = 100) -> SearchPage:
    """Entries one of whose names (any language) contains ``query`` (case and accents ignored),
    or whose Wikidata item is ``query`` (``Q55``, ``wd:Q55`` or the item's IRI). Exact
    matches first, then names that start with it, then the rest, each by name."""
    wanted = fold(query.strip())
    qid = _qid(query)
    found: list[tuple[int, tuple[str, str], Item]] = []
    if wanted:
        for entry in entries:
            hit = _match(entry, wanted, qid, lang)
            if hit is not None:
                rank, matched = hit
                shown = entry.name(lang)
                found.append(
                    (
                        rank,
                        sort_key(shown),
                        item(entry, lang, None if matched == shown else matched),
                    )
                )
    found.sort(key=lambda f: (f[0], f[1], f[2].iri))
    return SearchPage(query, lang, len(found), [f[2] for f in found[:limit]], limit)


def _qid(query: str) -> str | None:
    text = query.strip().removeprefix(str(WD)).removeprefix("wd:").upper()
    return text if text[:1] == "Q" and text[1:].isdigit() else None


def _match(entry: Entry, wanted: str, qid: str | None, lang: str) -> tuple[int, str] | None:
    if qid is not None and qid in entry.wikidata:
        return 0, qid
    if qid is not None and qid in entry.related:
        return 3, qid
    names = [lit.value for lit in (*entry.labels, *entry.other_names)]
    names += list(entry.titles.values()) or ([] if entry.labels else [entry.name(lang)])
    best: tuple[int, str] | None = None
    for name in names:
        folded = fold(name)
        rank = 0 if folded == wanted else 1 if folded.startswith(wanted) else 2
        if wanted in folded and (best is None or rank < best[0]):
            best = (rank, name)
    return best


def as_json(record: IndexPage | SearchPage, href: Callable[[str], str]) -> dict[str, Any]:
    """The machine-readable twin of a list or search page."""
    out: dict[str, Any] = {k: v for k, v in record.__dict__.items() if k not in ("items", "sorts")}
    out["items"] = [
        {k: v for k, v in {**i.__dict__, "url": href(i.iri)}.items() if v not in (None, ())}
        for i in record.items
    ]
    return out
