"""The other direction: cities, relations, status periods, agreements, signatures, exchange
programmes and exchanges of a graph as sheet rows. Used to turn existing Turtle into spreadsheets
(and by the round-trip test: the rows must map back to the same triples). A web page cited by
several resources gets a short id in sources.csv, and the rows cite it by that id."""

from __future__ import annotations

from urllib.parse import urlsplit

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from lod.namespaces import GEO, GEOSPARQL, ontology_ns
from lod.uris import parse_thing, slugify

Rows = list[dict[str, str]]


class Exporter:
    def __init__(self, graph: Graph, base_iri: str) -> None:
        self.g = graph
        self.base = base_iri
        self.tw = ontology_ns(base_iri)
        self.source_ids = source_ids(graph)

    def slug(self, node: Node | None) -> str:
        parsed = parse_thing(str(node), self.base) if node is not None else None
        return parsed.slug if parsed else ""

    def by_lang(self, subject: Node, predicate: URIRef) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for value in self.g.objects(subject, predicate):
            if isinstance(value, Literal):
                found.setdefault(value.language or "", []).append(str(value))
        return {lang: sorted(texts) for lang, texts in found.items()}

    def one(self, subject: Node, predicate: URIRef) -> str:
        value = self.g.value(subject, predicate)
        return "" if value is None else str(value)

    def qid(self, subject: Node, predicate: URIRef) -> str:
        return self.one(subject, predicate).rsplit("/", 1)[-1]

    def sources(self, subject: Node) -> str:
        cited = sorted(str(s) for s in self.g.objects(subject, DCTERMS.source))
        return " ".join(self.source_ids.get(url, url) for url in cited)

    def common(self, subject: Node, row: dict[str, str]) -> dict[str, str]:
        notes = self.by_lang(subject, SKOS.note)
        row["note_de"] = " ".join(notes.get("de", []))
        row["note_en"] = " ".join(notes.get("en", []))
        row["source_url"] = self.sources(subject)
        if self.g.value(subject, self.tw.confirmed) == Literal(False):
            row["confirmed"] = "no"
        return row

    def claims(self, subject: Node, row: dict[str, str]) -> dict[str, str]:
        row["claims"] = ";".join(
            sorted(self.slug(c) for c in self.g.objects(subject, self.tw.hasClaim))
        )
        if self.g.value(subject, self.tw.disputed) == Literal(True):
            row["disputed"] = "yes"
        return row

    def subjects(self, cls: URIRef) -> list[Node]:
        return sorted(self.g.subjects(RDF.type, cls), key=str)

    # --- sheets ----------------------------------------------------------------------------

    def cities(self) -> Rows:
        return [self.city(city) for city in self.subjects(self.tw.City)]

    def city(self, city: Node) -> dict[str, str]:
        labels = self.by_lang(city, RDFS.label)
        native = self.g.value(city, self.tw.nativeLabel)
        native_lang = native.language if isinstance(native, Literal) else ""
        alt = self.by_lang(city, SKOS.altLabel)
        geometry = self.g.value(city, GEOSPARQL.hasGeometry)
        row = {
            "id": self.slug(city),
            "name": ";".join(labels.get("", [])),
            "name_de": ";".join(labels.get("de", [])),
            "name_en": ";".join(labels.get("en", [])),
            "native_name": str(native or ""),
            "native_language": native_lang or "",
            "other_names_de": ";".join(alt.get("de", [])),
            "other_names_en": ";".join(alt.get("en", [])),
            "other_names_native": ";".join(alt.get(native_lang or "-", [])),
            "country": self.one(city, self.tw.countryCode),
            "country_wikidata": self.qid(city, self.tw.country),
            "wikidata": self.qid(city, OWL.sameAs),
            "latitude": self.one(city, GEO.lat),
            "longitude": self.one(city, GEO.long),
            "coordinates_source_url": self.sources(geometry) if isinstance(geometry, BNode) else "",
        }
        history = self.by_lang(city, SKOS.historyNote)
        row["history_de"] = " ".join(history.get("de", []))
        row["history_en"] = " ".join(history.get("en", []))
        return self.common(city, row)

    def relations(self) -> Rows:
        rows = []
        for rel in self.subjects(self.tw.CityRelation):
            home = self.g.value(rel, self.tw.homeCity)
            partner = next((c for c in self.g.objects(rel, self.tw.city) if c != home), None)
            labels = self.by_lang(rel, RDFS.label)
            texts = self.by_lang(rel, self.tw.firstContact)
            row = {
                "id": self.slug(rel),
                "home_city": self.slug(home),
                "partner_city": self.slug(partner),
                "kind": self.slug(self.g.value(rel, self.tw.relationKind)).split("/")[-1],
                "since": self.one(rel, self.tw.startDate),
                "until": self.one(rel, self.tw.endDate),
                "first_contact": self.one(rel, self.tw.firstContactDate),
                "first_contact_de": " ".join(texts.get("de", [])),
                "first_contact_en": " ".join(texts.get("en", [])),
                "label_de": " ".join(labels.get("de", [])),
                "label_en": " ".join(labels.get("en", [])),
            }
            rows.append(self.claims(rel, self.common(rel, row)))
        return rows

    def status(self) -> Rows:
        rows = []
        for owner, period in sorted(self.g.subject_objects(self.tw.status), key=str):
            if (owner, RDF.type, self.tw.CityRelation) in self.g:
                column = "relation"
            elif (owner, RDF.type, self.tw.Exchange) in self.g:
                column = "exchange"
            else:
                continue
            reasons = self.by_lang(period, self.tw.statusReason)
            row = {
                "id": self.slug(period),
                column: self.slug(owner),
                "status": self.slug(self.g.value(period, self.tw.statusValue)).split("/")[-1],
                "since": self.one(period, self.tw.statusSince),
                "until": self.one(period, self.tw.statusUntil),
                "reason_de": " ".join(reasons.get("de", [])),
                "reason_en": " ".join(reasons.get("en", [])),
            }
            rows.append(self.common(period, row))
        return rows

    def programmes(self) -> Rows:
        rows = []
        for programme in self.subjects(self.tw.ExchangeProgramme):
            labels = self.by_lang(programme, RDFS.label)
            described = self.by_lang(programme, DCTERMS.description)
            row = {
                "id": self.slug(programme),
                "home_city": self.slug(self.g.value(programme, self.tw.homeCity)),
                "name_de": " ".join(labels.get("de", [])),
                "name_en": " ".join(labels.get("en", [])),
                "description_de": " ".join(described.get("de", [])),
                "description_en": " ".join(described.get("en", [])),
                "since": self.one(programme, self.tw.startDate),
            }
            rows.append(self.claims(programme, self.common(programme, row)))
        return rows

    def exchanges(self) -> Rows:
        rows = []
        for exchange in self.subjects(self.tw.Exchange):
            labels = self.by_lang(exchange, RDFS.label)
            row = {
                "id": self.slug(exchange),
                "programme": self.slug(self.g.value(exchange, self.tw.programme)),
                "sender": self.slug(self.g.value(exchange, self.tw.sender)),
                "receiver": self.slug(self.g.value(exchange, self.tw.receiver)),
                "relation": self.slug(self.g.value(exchange, self.tw.relation)),
                "since": self.one(exchange, self.tw.startDate),
                "until": self.one(exchange, self.tw.endDate),
                "label_de": " ".join(labels.get("de", [])),
                "label_en": " ".join(labels.get("en", [])),
            }
            rows.append(self.claims(exchange, self.common(exchange, row)))
        return rows

    def source_rows(self) -> Rows:
        return [{"id": slug, "url": url} for url, slug in sorted(self.source_ids.items())]

    def agreements(self) -> Rows:
        rows = []
        for agreement in self.subjects(self.tw.Agreement):
            rels = [
                r
                for r in self.g.subjects(self.tw.agreement, agreement)
                if (r, RDF.type, self.tw.CityRelation) in self.g
            ]
            labels = self.by_lang(agreement, RDFS.label)
            places = self.by_lang(agreement, self.tw.signedAt)
            row = {
                "id": self.slug(agreement),
                "relations": ";".join(sorted(self.slug(r) for r in rels)),
                "type": self.slug(self.g.value(agreement, self.tw.agreementType)).split("/")[-1],
                "signed_on": self.one(agreement, self.tw.signedOn),
                "signed_at_de": " ".join(places.get("de", [])),
                "signed_at_en": " ".join(places.get("en", [])),
                "label_de": " ".join(labels.get("de", [])),
                "label_en": " ".join(labels.get("en", [])),
            }
            other = {k: v for k, v in labels.items() if k not in ("de", "en")}
            for language, texts in other.items():
                row["label_native"], row["label_language"] = " ".join(texts), language
            rows.append(self.claims(agreement, self.common(agreement, row)))
        return rows

    def signatures(self) -> Rows:
        rows = []
        for agreement, signature in sorted(self.g.subject_objects(self.tw.signature), key=str):
            city = self.g.value(signature, self.tw.onBehalfOf)
            offices = self.by_lang(signature, self.tw.signatoryOffice)
            native = {k: v for k, v in offices.items() if k not in ("de", "en")}
            rows.append(
                {
                    "id": self.slug(signature),
                    "agreement": self.slug(agreement),
                    "city": self.slug(city),
                    "office_de": " ".join(offices.get("de", [])),
                    "office_en": " ".join(offices.get("en", [])),
                    "office_native": " ".join(t for texts in native.values() for t in texts),
                    "signatory": self.one(signature, self.tw.signatoryName),
                    "source_url": self.sources(signature),
                }
            )
        return rows


def source_ids(graph: Graph) -> dict[str, str]:
    """Web address → short id (made from its host: ``jumelage-eu``, ``jumelage-eu-2``) for
    every page cited by more than one subject."""
    citing: dict[str, set[Node]] = {}
    for subject, cited in graph.subject_objects(DCTERMS.source):
        citing.setdefault(str(cited), set()).add(subject)
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for url in sorted(u for u, subjects in citing.items() if len(subjects) > 1):
        stem = slugify(urlsplit(url).hostname or "").removeprefix("www-") or "source"
        slug, n = stem, 1
        while slug in taken:
            n += 1
            slug = f"{stem}-{n}"
        taken.add(slug)
        ids[url] = slug
    return ids


def export(graph: Graph, base_iri: str) -> dict[str, Rows]:
    """Sheet name → rows, for every sheet this module can fill from ``graph``."""
    exporter = Exporter(graph, base_iri)
    return {
        "sources": exporter.source_rows(),
        "cities": exporter.cities(),
        "relations": exporter.relations(),
        "status": exporter.status(),
        "agreements": exporter.agreements(),
        "signatures": exporter.signatures(),
        "programmes": exporter.programmes(),
        "exchanges": exporter.exchanges(),
    }
