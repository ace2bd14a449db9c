"""The document about a resource, built from the store with SPARQL CONSTRUCT (any backend).

A document holds (after the Linked Data best practices and the way DBpedia and Wikidata answer):

- the resource's concise bounded description: its triples, and those of the blank nodes it
  reaches through blank nodes only (a city's geometry, a distribution's checksum);
- the incoming links (a city lists the relations that name it), with the triples of incoming
  blank nodes so none of them dangles, the kind, dates and status of the linking resources (a
  city page shows its relations first) and all triples of linking resources that have no name
  (a signature on behalf of the city: its title is made of them, :mod:`lod.web.titles`);
- the full description of its dependent resources (claims, status periods, signatures), which
  only make sense inside their owner's page, and of its parts (``{iri}#…``: a distribution's
  checksum, the dataset's period and VoID partitions), which dereference to its document;
- the labels of every IRI it mentions (predicates included), so a client needs no second request
  to show names;
- schema.org statements aligned with the lod terms (for search engines and the embedded JSON-LD);
- document metadata: ``foaf:primaryTopic``, licence, modification date, the dataset it was
  derived from, the sources of the facts, and the other formats of the same document.

Blank nodes cannot be followed to any depth in one SPARQL query without leaving them (a
property path goes through IRIs too), so the closure is a union of chains of fixed length;
``BNODE_DEPTH`` covers the deepest nesting in the data (RDF lists in the SHACL shapes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from lod.config import Settings
from lod.namespaces import (
    DCAT,
    DCTERMS,
    FOAF,
    GEO,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    VCARD,
    VOID,
    ontology_ns,
)
from lod.store import Store
from lod.uris import doc_iri, thing_iri
from lod.web.paths import EXTENSIONS

BNODE_DEPTH = 8
# What names a resource, in the order pages prefer them.
LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name, VCARD.fn)


def dependent_predicates(base_iri: str) -> tuple[str, ...]:
    """Links to resources that are described inside their owner's document."""
    tw = ontology_ns(base_iri)
    return (str(tw.hasClaim), str(tw.status), str(tw.signature))


@dataclass(frozen=True)
class Publication:
    """What every document says about where it comes from (one query per data version)."""

    dataset: str
    modified: ox.Literal | None
    license: str | None
    ontology_license: str | None
    license_titles: tuple[ox.Literal, ...] = ()  # the licence's name, as the catalog gives it

    @property
    def last_modified(self) -> dt.datetime | None:
        if self.modified is None:
            return None
        try:
            stamp = dt.datetime.fromisoformat(self.modified.value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def iri_ref(iri: str) -> str:
    """``<iri>`` for a query; IRIs come from the store, but a stray character must not inject."""
    if any(ch in iri for ch in '<>"{}|^`\\ \n\t') or ":" not in iri:
        raise ValueError(f"not an absolute IRI: {iri!r}")
    return f"<{iri}>"


def string_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def known_iris(store: Store, base_iri: str) -> frozenset[str]:
    """Every IRI under ``base_iri`` that the store names (subject, predicate or object)."""
    query = (
        "SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } UNION { ?s ?x ?o } "
        f"FILTER (isIRI(?x) && STRSTARTS(STR(?x), {string_literal(base_iri)})) }}"
    )
    result = store.query(query)
    return frozenset(row[0].value for row in result.rows if isinstance(row[0], ox.NamedNode))


class NamedIris:
    """``iri in NamedIris(store)``: whether the store names ``iri`` (subject, predicate or
    object), by one ASK on its indexes — a page of a large publication need not wait for
    :func:`known_iris` to read all of its IRIs first (12 s for the world publication)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __contains__(self, iri: object) -> bool:
        try:
            ref = iri_ref(str(iri))
        except ValueError:
            return False  # not an IRI, so not one the store names
        query = f"ASK {{ {{ {ref} ?p ?o }} UNION {{ ?s ?p {ref} }} UNION {{ ?s {ref} ?o }} }}"
        return bool(self.store.query(query).boolean)


def publication(store: Store, settings: Settings) -> Publication:
    dataset = thing_iri("dataset", settings.dataset_slug, settings.base_iri)
    ontology = settings.base_iri + "ontology/"
    query = f"""SELECT ?modified ?license ?ontologyLicense WHERE {{
      OPTIONAL {{ {iri_ref(dataset)} <{DCTERMS.modified}> ?modified }}
      OPTIONAL {{ ?catalog <{DCAT.dataset}> {iri_ref(dataset)} ; <{DCTERMS.license}> ?license }}
      OPTIONAL {{ {iri_ref(dataset)} <{DCTERMS.license}> ?license }}
      OPTIONAL {{ {iri_ref(ontology)} <{DCTERMS.license}> ?ontologyLicense }}
    }} LIMIT 1"""
    rows = store.query(query).rows
    modified, license_, ontology_license = rows[0] if rows else (None, None, None)
    titles: tuple[ox.Literal, ...] = ()
    if isinstance(license_, ox.NamedNode):
        query = f"SELECT ?t WHERE {{ {iri_ref(license_.value)} <{DCTERMS.title}> ?t }}"
        found = store.query(query).rows
        titles = tuple(sorted((r[0] for r in found if isinstance(r[0], ox.Literal)), key=str))
    return Publication(
        dataset=dataset,
        modified=modified if isinstance(modified, ox.Literal) else None,
        license=license_.value if isinstance(license_, ox.NamedNode) else None,
        ontology_license=(
            ontology_license.value if isinstance(ontology_license, ox.NamedNode) else None
        ),
        license_titles=titles,
    )


def summary_predicates(base_iri: str) -> tuple[str, ...]:
    """What a list of linking resources shows of each: its kind, dates, current status and
    whether the city has confirmed it."""
    tw = ontology_ns(base_iri)
    names = ("relationKind", "startDate", "endDate", "currentStatus", "confirmed")
    return (str(RDF.type), *(str(tw[name]) for name in names))


def describe_resource(store: Store, iri: str, settings: Settings) -> list[ox.Triple]:
    """The description of one resource: CBD, incoming links, dependents (no labels yet)."""
    root = f"VALUES ?r {{ {iri_ref(iri)} }}"
    dependents = " ".join(iri_ref(p) for p in dependent_predicates(settings.base_iri))
    summary = " ".join(iri_ref(p) for p in summary_predicates(settings.base_iri))
    names = " ".join(iri_ref(str(p)) for p in LABEL_PREDICATES)
    branches = [
        *closure_branches(root),
        # incoming links, and the triples of incoming blank nodes
        f"{{ {root} ?s ?p ?r BIND(?r AS ?o) }}",
        f"{{ {root} ?s ?q ?r FILTER isBlank(?s) ?s ?p ?o }}",
        # what the lists of linking resources show: kind, dates, status; all of a nameless one
        f"{{ {root} ?s ?q ?r FILTER isIRI(?s) VALUES ?p {{ {summary} }} ?s ?p ?o }}",
        f"{{ {root} ?s ?q ?r FILTER (isIRI(?s) && ?s != ?r) "
        f"FILTER NOT EXISTS {{ VALUES ?np {{ {names} }} ?s ?np ?name }} ?s ?p ?o }}",
        # dependents: claims, status periods, signatures
        f"{{ {root} VALUES ?dp {{ {dependents} }} ?r ?dp ?s . ?s ?p ?o }}",
        # parts ({iri}#…) it links to, and the parts they link to (a linkset's target)
        f"{{ {root} ?r ?q ?s FILTER ({_PART_OF_R.format('?s')}) ?s ?p ?o }}",
        f"{{ {root} ?r ?q1 ?m . ?m ?q ?s "
        f"FILTER ({_PART_OF_R.format('?m')} && {_PART_OF_R.format('?s')}) ?s ?p ?o }}",
    ]
    return construct(store, branches)


_PART_OF_R = 'isIRI({0}) && STRSTARTS(STR({0}), CONCAT(STR(?r), "#"))'


def describe_namespace(store: Store, namespace: str) -> list[ox.Triple]:
    """The ontology or the shapes: every IRI in ``namespace`` with its CBD, plus labels.

    No incoming links: every city is an incoming link of ``tw:City``.
    """
    root = (
        "{ SELECT DISTINCT ?r WHERE { ?r ?rp ?ro "
        f"FILTER (isIRI(?r) && STRSTARTS(STR(?r), {string_literal(namespace)})) }} }}"
    )
    return with_labels(store, construct(store, closure_branches(root)))


def closure_branches(root: str) -> list[str]:
    """``?r``'s triples and those of the blank nodes reached through blank nodes only."""
    branches = [f"{{ {root} ?r ?p ?o BIND(?r AS ?s) }}"]
    for depth in range(1, BNODE_DEPTH + 1):
        chain = ["?r"] + [f"?b{i}" for i in range(1, depth)] + ["?s"]
        steps = " ".join(
            f"{a} ?q{i} {b} FILTER isBlank({b})"
            for i, (a, b) in enumerate(zip(chain, chain[1:], strict=False))
        )
        branches.append(f"{{ {root} {steps} ?s ?p ?o }}")
    return branches


def construct(store: Store, branches: Sequence[str]) -> list[ox.Triple]:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { " + " UNION ".join(branches) + " }"
    return unique(store.query(query).triples)


def with_labels(store: Store, triples: list[ox.Triple]) -> list[ox.Triple]:
    """``triples`` plus the labels of every IRI they mention that they do not label already."""
    labelled = {t.subject for t in triples if t.predicate.value in _LABEL_IRIS}
    mentioned = {
        term
        for t in triples
        for term in (t.subject, t.predicate, t.object)
        if isinstance(term, ox.NamedNode) and term not in labelled
    }
    if not mentioned:
        return triples
    values = " ".join(iri_ref(term.value) for term in sorted(mentioned, key=lambda n: n.value))
    predicates = ", ".join(f"<{p}>" for p in LABEL_PREDICATES)
    # FILTER, not a second VALUES: pyoxigraph joins two VALUES blocks as a cross product first
    # (3 s instead of 0.1 s for the 1,400 IRIs of the world publication's home document).
    query = (
        f"CONSTRUCT {{ ?x ?lp ?l }} WHERE {{ VALUES ?x {{ {values} }} ?x ?lp ?l "
        f"FILTER (?lp IN ({predicates})) }}"
    )
    return unique([*triples, *store.query(query).triples])


_LABEL_IRIS = frozenset(str(p) for p in LABEL_PREDICATES)


def unique(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Triples without repeats (a CONSTRUCT may emit one triple per matching solution)."""
    return list(dict.fromkeys(triples))


# --- document metadata and schema.org alignment --------------------------------------------

_SCHEMA_TYPES = {  # lod and DCAT classes → the schema.org type search engines understand
    "City": SCHEMA.City,
    "Agreement": SCHEMA.CreativeWork,
    "ExchangeProgramme": SCHEMA.Project,
}
_DCAT_SCHEMA_TYPES = {
    str(DCAT.Dataset): SCHEMA.Dataset,
    str(DCAT.Catalog): SCHEMA.DataCatalog,
    str(DCAT.Distribution): SCHEMA.DataDownload,
    str(DCAT.DataService): SCHEMA.WebAPI,
    str(SKOS.Concept): SCHEMA.DefinedTerm,
    str(SKOS.ConceptScheme): SCHEMA.DefinedTermSet,
}


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def schema_alignment(triples: list[ox.Triple], iri: str, base_iri: str) -> list[ox.Triple]:
    """schema.org statements about the primary topic, derived from its lod/W3C statements."""
    subject = ox.NamedNode(iri)
    own = [t for t in triples if t.subject == subject]
    tw = str(ontology_ns(base_iri))
    out: list[ox.Triple] = []
    for t in own:
        p, o = t.predicate.value, t.object
        if p == str(RDF.type) and isinstance(o, ox.NamedNode):
            kind = _SCHEMA_TYPES.get(o.value[len(tw) :]) if o.value.startswith(tw) else None
            kind = kind or _DCAT_SCHEMA_TYPES.get(o.value)
            if kind is not None:
                out.append(ox.Triple(subject, _n(RDF.type), _n(kind)))
        elif p in _LABEL_IRIS and isinstance(o, ox.Literal):
            out.append(ox.Triple(subject, _n(SCHEMA.name), o))
        elif p == str(OWL.sameAs) and isinstance(o, ox.NamedNode):
            out.append(ox.Triple(subject, _n(SCHEMA.sameAs), o))
        elif p in (str(RDFS.comment), str(DCTERMS.description)) and isinstance(o, ox.Literal):
            out.append(ox.Triple(subject, _n(SCHEMA.description), o))
    out += _schema_geo(own, subject)
    return out


def _schema_geo(own: list[ox.Triple], subject: ox.NamedNode) -> list[ox.Triple]:
    lat = next((t.object for t in own if t.predicate.value == str(GEO.lat)), None)
    long = next((t.object for t in own if t.predicate.value == str(GEO.long)), None)
    if lat is None or long is None:
        return []
    # A labelled blank node, so the same document always has the same bytes.
    point = ox.BlankNode("geo")
    return [
        ox.Triple(subject, _n(SCHEMA.geo), point),
        ox.Triple(point, _n(RDF.type), _n(SCHEMA.GeoCoordinates)),
        ox.Triple(point, _n(SCHEMA.latitude), lat),
        ox.Triple(point, _n(SCHEMA.longitude), long),
    ]


def document_metadata(
    iri: str, document: str, pub: Publication, sources: Iterable[ox.NamedNode], base_iri: str
) -> list[ox.Triple]:
    """What the document (not its topic) is: topic, licence, date, provenance, formats."""
    doc, topic = ox.NamedNode(document), ox.NamedNode(iri)
    dataset = ox.NamedNode(pub.dataset)
    out = [
        ox.Triple(doc, _n(RDF.type), _n(FOAF.Document)),
        ox.Triple(doc, _n(FOAF.primaryTopic), topic),
        ox.Triple(topic, _n(FOAF.isPrimaryTopicOf), doc),
        ox.Triple(doc, _n(VOID.inDataset), dataset),
        ox.Triple(doc, _n(PROV.wasDerivedFrom), dataset),
        ox.Triple(doc, _n(RDF.type), _n(SCHEMA.WebPage)),
        ox.Triple(doc, _n(SCHEMA.about), topic),
    ]
    if pub.license:
        out.append(ox.Triple(doc, _n(DCTERMS.license), ox.NamedNode(pub.license)))
        out.append(ox.Triple(doc, _n(SCHEMA.license), ox.NamedNode(pub.license)))
    if pub.modified is not None:
        out.append(ox.Triple(doc, _n(DCTERMS.modified), pub.modified))
        out.append(ox.Triple(doc, _n(SCHEMA.dateModified), pub.modified))
    out += [ox.Triple(doc, _n(DCTERMS.source), source) for source in sources]
    out += [
        ox.Triple(doc, _n(DCTERMS.hasFormat), ox.NamedNode(f"{document}.{ext}"))
        for ext in EXTENSIONS
    ]
    return out


def thing_document(store: Store, iri: str, settings: Settings, pub: Publication) -> list[ox.Triple]:
    """The whole RDF document about the thing ``iri`` (``{base}id/…``)."""
    triples = describe_resource(store, iri, settings)
    topic = ox.NamedNode(iri)
    sources = [
        t.object
        for t in triples
        if t.subject == topic
        and t.predicate.value == str(DCTERMS.source)
        and isinstance(t.object, ox.NamedNode)
    ]
    document = doc_iri(iri, settings.base_iri)
    extra = schema_alignment(triples, iri, settings.base_iri)
    extra += document_metadata(iri, document, pub, sources, settings.base_iri)
    return with_labels(store, unique([*triples, *extra]))


def base_document(store: Store, settings: Settings) -> list[ox.Triple]:
    """The site's root IRI (the dataset's landing page): what the graph says of it."""
    return with_labels(store, describe_resource(store, settings.base_iri, settings))
