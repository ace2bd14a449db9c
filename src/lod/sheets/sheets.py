"""One mapping per sheet (sources, cities, networks, relations, agreements, signatures,
programmes, exchanges, status), each a short function over the rows of its file. They share
:class:`lod.sheets.mapping.Mapper`."""

from __future__ import annotations

import pyoxigraph as ox

from lod.namespaces import DCTERMS, GEO, GEOSPARQL, OWL, RDF, RDFS, SKOS
from lod.sheets import values
from lod.sheets.known import CityInfo, RelationInfo
from lod.sheets.mapping import Mapper, SheetOutput, text
from lod.sheets.problems import Problem
from lod.sheets.read import Row
from lod.uris import relation_slug, slugify, wikidata_iri

WKT = str(GEOSPARQL.wktLiteral)
NAME_COLUMNS = (("name_de", "de"), ("name_en", "en"), ("name", ""))


# --- cities ----------------------------------------------------------------------------


def register_cities(m: Mapper, rows: list[Row]) -> list[tuple[Row, CityInfo]]:
    """First pass: every city's id and names, so that any sheet may refer to any city."""
    registered = []
    seen: dict[str, int] = {}
    seen_qids: dict[str, int] = {}
    for row in rows:
        city = _city_info(m, row)
        if city is None or m.duplicate(row, "id", seen, city.slug):
            continue
        qid = m.cell(row, "wikidata", values.qid)
        if isinstance(qid, str) and m.duplicate(row, "wikidata", seen_qids, qid):
            continue
        if city.slug in m.known.cities:
            m.problems.add(row.place("id"), _defined_in_turtle(city.slug))
            continue
        m.known.cities[city.slug] = city
        registered.append((row, city))
    return registered


def _defined_in_turtle(slug: str) -> Problem:
    return Problem(
        f'"{slug}" is already defined in a Turtle file of data/ — describe it in one place only',
        f"„{slug}“ ist schon in einer Turtle-Datei in data/ beschrieben – nur an einer Stelle "
        "beschreiben",
    )


def _city_info(m: Mapper, row: Row) -> CityInfo | None:
    native_language = m.cell(row, "native_language", values.language)
    if row["native_name"] and not native_language:
        m.problems.add(row.place("native_language"), _needs_language("native_name"))
    labels = {lang: row[col] for col, lang in NAME_COLUMNS if row[col]}
    if isinstance(native_language, str) and row["native_name"]:
        labels.setdefault(native_language, row["native_name"])
    if not labels:
        m.problems.add(row.place("name"), _NO_NAME)
        return None
    slug = m.cell(row, "id", values.slug) if row["id"] else _slug_from(labels)
    if not slug:
        if not row["id"]:
            m.problems.add(row.place("id"), _NO_SLUG)
        return None
    names = {*labels.values(), row["native_name"]} - {""}
    for column in ("other_names_de", "other_names_en", "other_names_native"):
        names.update(values.names(row[column]))
    lang = native_language if isinstance(native_language, str) else None
    return CityInfo(str(slug), labels, names, lang)


def _slug_from(labels: dict[str, str]) -> str:
    for lang in ("en", "de", ""):
        if labels.get(lang) and slugify(labels[lang]):
            return slugify(labels[lang])
    return next((slugify(n) for n in labels.values() if slugify(n)), "")


def _needs_language(column: str, language_column: str = "native_language") -> Problem:
    return Problem(
        f"{column} is given, so {language_column} is needed — write its language code, e.g. nl",
        f"{column} ist angegeben, daher wird {language_column} gebraucht – z. B. nl",
    )


_NO_NAME = Problem(
    "the city has no name — fill name_de, name_en, native_name or name",
    "die Stadt hat keinen Namen – füllen Sie name_de, name_en, native_name oder name",
)
_NO_SLUG = Problem(
    "no id can be made from the name (no Latin letters) — write an id, e.g. gwangmyeong",
    "aus dem Namen lässt sich keine Kennung bilden (keine lateinischen Buchstaben) – schreiben "
    "Sie eine Kennung, z. B. gwangmyeong",
)


def map_cities(m: Mapper, out: SheetOutput, registered: list[tuple[Row, CityInfo]]) -> None:
    for row, city in registered:
        subject = m.iri("city", city.slug)
        out.add(row, subject, str(RDF.type), ox.NamedNode(m.t("City")), "id")
        out.hint(
            row,
            subject,
            {
                m.t("nativeLabel"): "native_name",
                m.t("country"): "country_wikidata",
                str(OWL.sameAs): "wikidata",
                str(GEO.lat): "latitude",
                str(GEO.long): "longitude",
                str(GEOSPARQL.hasGeometry): "latitude",
                str(DCTERMS.source): "source_url",
            },
        )
        _city_names(m, out, row, subject, city)
        qid = m.cell(row, "wikidata", values.qid)
        if isinstance(qid, str):
            out.add(row, subject, str(OWL.sameAs), ox.NamedNode(wikidata_iri(qid)), "wikidata")
        country = m.cell(row, "country_wikidata", values.qid)
        if isinstance(country, str):
            out.add(
                row,
                subject,
                m.t("country"),
                ox.NamedNode(wikidata_iri(country)),
                "country_wikidata",
            )
        code = m.cell(row, "country", values.country_code)
        if isinstance(code, str):
            out.add(row, subject, m.t("countryCode"), text(code), "country")
        _coordinates(m, out, row, subject)
        m.texts(out, row, subject, str(SKOS.historyNote), "history")
        m.common(out, row, subject)


def _city_names(
    m: Mapper, out: SheetOutput, row: Row, subject: ox.NamedNode, city: CityInfo
) -> None:
    for label_lang, name in city.labels.items():
        column = (
            "native_name"
            if label_lang == city.native_language and not row[f"name_{label_lang}"]
            else (f"name_{label_lang}" if label_lang else "name")
        )
        out.add(row, subject, str(RDFS.label), text(name, label_lang), column)
    if row["native_name"] and city.native_language:
        out.add(
            row,
            subject,
            m.t("nativeLabel"),
            text(row["native_name"], city.native_language),
            "native_name",
        )
    others: tuple[tuple[str, str | None], ...] = (
        ("other_names_de", "de"),
        ("other_names_en", "en"),
        ("other_names_native", city.native_language),
    )
    for column, lang in others:
        if row[column] and not lang:
            m.problems.add(row.place("native_language"), _needs_language(column))
            continue
        for name in values.names(row[column]):
            out.add(row, subject, str(SKOS.altLabel), text(name, lang), column)


def _coordinates(m: Mapper, out: SheetOutput, row: Row, subject: ox.NamedNode) -> None:
    lat = m.cell(row, "latitude", lambda v: values.decimal(v, -90, 90))
    long = m.cell(row, "longitude", lambda v: values.decimal(v, -180, 180))
    if bool(row["latitude"]) != bool(row["longitude"]):
        missing = "longitude" if row["latitude"] else "latitude"
        m.problems.add(
            row.place(missing),
            Problem(
                "give both latitude and longitude, or neither",
                "geben Sie Breite und Länge an, oder keines von beiden",
            ),
        )
    if not (isinstance(lat, ox.Literal) and isinstance(long, ox.Literal)):
        return
    out.add(row, subject, str(GEO.lat), lat, "latitude")
    out.add(row, subject, str(GEO.long), long, "longitude")
    geometry = ox.BlankNode()
    out.add(row, subject, str(GEOSPARQL.hasGeometry), geometry, "latitude")
    out.add(row, geometry, str(RDF.type), ox.NamedNode(str(GEOSPARQL.Geometry)), "latitude")
    out.hint(row, geometry, {str(DCTERMS.source): "coordinates_source_url"})
    point = ox.Literal(f"POINT({long.value} {lat.value})", datatype=ox.NamedNode(WKT))
    out.add(row, geometry, str(GEOSPARQL.asWKT), point, "latitude")
    m.sources(out, row, geometry, "coordinates_source_url")


# --- networks --------------------------------------------------------------------------


def map_networks(m: Mapper, out: SheetOutput, rows: list[Row]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        home = m.city(row, "home_city", m.need(row, "home_city"))
        if home is None or m.duplicate(row, "home_city", seen, home.slug):
            continue
        m.known.network_homes.append(home.slug)
        subject = m.iri("network", str(m.cell(row, "id", values.slug) or home.slug))
        out.add(row, subject, str(RDF.type), ox.NamedNode(m.t("TwinningNetwork")), "home_city")
        out.add(row, subject, m.t("homeCity"), m.iri("city", home.slug), "home_city")
        titles = {
            "de": row["name_de"] or f"Städtepartnerschaften von {home.label('de')}",
            "en": row["name_en"] or f"Twinning network of {home.label('en')}",
        }
        for lang, title in titles.items():
            out.add(row, subject, str(RDFS.label), text(title, lang), f"name_{lang}")
        for domain in values.names(row["encounter_domains"]):
            iri = m.concept(
                Row(row.path, row.number, {"encounter_domains": domain}),
                "encounter_domains",
                "encounter-domain",
                _DOMAIN,
            )
            if iri:
                out.add(
                    row, subject, m.t("encounterDomain"), ox.NamedNode(iri), "encounter_domains"
                )
        m.common(out, row, subject)


_DOMAIN = ("field of encounter", "Begegnungsebene")
_KIND = ("kind of relation", "Art der Beziehung")
_STATUS = ("status", "Status")
_TYPE = ("type of agreement", "Art der Vereinbarung")


# --- relations -------------------------------------------------------------------------


def map_relations(m: Mapper, out: SheetOutput, rows: list[Row]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        home = _home(m, row)
        partner = m.city(row, "partner_city", m.need(row, "partner_city"))
        kind = m.concept(row, "kind", "relation-kind", _KIND) if m.need(row, "kind") else None
        if home is None or partner is None:
            continue
        if home.slug == partner.slug:
            m.problems.add(row.place("partner_city"), _SELF)
            continue
        slug = str(m.cell(row, "id", values.slug) or relation_slug(home.slug, partner.slug))
        if m.duplicate(row, "partner_city", seen, slug) or _in_turtle(m, row, slug):
            continue
        m.known.relations[slug] = RelationInfo(slug, home.slug, partner.slug)
        _relation(m, out, row, slug, (home, partner), kind)


_SELF = Problem(
    "the partner city is the home city itself — write the partner's name",
    "die Partnerstadt ist die Heimatstadt selbst – schreiben Sie den Namen der Partnerstadt",
)


def _in_turtle(m: Mapper, row: Row, slug: str) -> bool:
    if slug in m.known.relations:
        m.problems.add(row.place("partner_city"), _defined_in_turtle(slug))
        return True
    return False


def _home(m: Mapper, row: Row) -> CityInfo | None:
    if row["home_city"]:
        return m.city(row, "home_city")
    homes = list(dict.fromkeys(m.known.network_homes))
    if len(homes) == 1:
        return m.known.cities.get(homes[0])
    m.problems.add(
        row.place("home_city"),
        Problem(
            "the home city is not clear — fill home_city, or give exactly one network "
            "in networks.csv",
            "die Heimatstadt ist nicht klar – füllen Sie home_city oder geben Sie genau ein "
            "Netzwerk in networks.csv an",
        ),
    )
    return None


def _relation(
    m: Mapper,
    out: SheetOutput,
    row: Row,
    slug: str,
    cities: tuple[CityInfo, CityInfo],
    kind: str | None,
) -> None:
    home, partner = cities
    subject = m.iri("relation", slug)
    out.add(row, subject, str(RDF.type), ox.NamedNode(m.t("CityRelation")), "partner_city")
    out.hint(
        row,
        subject,
        {
            m.t("startDate"): "since",
            m.t("relationKind"): "kind",
            str(DCTERMS.source): "source_url",
        },
    )
    out.add(row, subject, m.t("city"), m.iri("city", home.slug), "home_city")
    out.add(row, subject, m.t("city"), m.iri("city", partner.slug), "partner_city")
    out.add(row, subject, m.t("homeCity"), m.iri("city", home.slug), "home_city")
    if kind:
        out.add(row, subject, m.t("relationKind"), ox.NamedNode(kind), "kind")
        value = kind.rsplit("/", 1)[-1]
        _labels(out, row, subject, relation_titles(m, value, home, partner))
    m.date(out, row, subject, "since", "startDate")
    m.date(out, row, subject, "until", "endDate")
    m.date(out, row, subject, "first_contact", "firstContactDate")
    m.texts(out, row, subject, m.t("firstContact"), "first_contact")
    m.common(out, row, subject)


def relation_titles(m: Mapper, kind: str, home: CityInfo, partner: CityInfo) -> dict[str, str]:
    """``Städtepartnerschaft Osnabrück–Haarlem`` / ``Osnabrück–Haarlem town partnership``."""
    de = m.known.concept_label("relation-kind", kind, "de")
    en = m.known.concept_label("relation-kind", kind, "en")
    return {
        "de": f"{de} {home.label('de')}–{partner.label('de')}",
        "en": f"{home.label('en')}–{partner.label('en')} {en[:1].lower()}{en[1:]}",
    }


def relation(m: Mapper, row: Row, column: str, raw: str) -> RelationInfo | None:
    """A relation named by its id or by its partner city (unique among the relations)."""
    if raw in m.known.relations:
        return m.known.relations[raw]
    city = m.city(row, column, raw)
    if city is None:
        return None
    found = [r for r in m.known.relations.values() if city.slug in (r.partner, r.home)]
    if len(found) == 1:
        return found[0]
    ids = ", ".join(r.slug for r in found)
    m.problems.add(
        row.place(column),
        Problem(
            f'"{raw}" has no relation in relations.csv — add one there'
            if not found
            else f'"{raw}" is in several relations ({ids}) — write the relation id',
            f"„{raw}“ hat keine Beziehung in relations.csv – ergänzen Sie eine"
            if not found
            else f"„{raw}“ gehört zu mehreren Beziehungen ({ids}) – schreiben Sie die Kennung",
        ),
    )
    return None


# --- status changes --------------------------------------------------------------------


def map_status(m: Mapper, out: SheetOutput, rows: list[Row]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        owner = _status_owner(m, row)
        status = m.concept(row, "status", "relation-status", _STATUS) if row["status"] else None
        m.need(row, "status")
        if owner is None or status is None:
            continue
        value = status.rsplit("/", 1)[-1]
        slug = str(m.cell(row, "id", values.slug) or f"{owner.value.rsplit('/', 1)[-1]}-{value}")
        if m.duplicate(row, "status", seen, slug):
            continue
        subject = m.iri("status", slug)
        column = "exchange" if row["exchange"] else "relation"
        out.add(row, owner, m.t("status"), subject, column)
        out.add(row, subject, str(RDF.type), ox.NamedNode(m.t("StatusPeriod")), "status")
        out.add(row, subject, m.t("statusValue"), ox.NamedNode(status), "status")
        m.date(out, row, subject, "since", "statusSince")
        m.date(out, row, subject, "until", "statusUntil")
        m.texts(out, row, subject, m.t("statusReason"), "reason")
        m.common(out, row, subject)


def _status_owner(m: Mapper, row: Row) -> ox.NamedNode | None:
    """The relation or the exchange whose status the row gives (exactly one of the two)."""
    if row["relation"] and row["exchange"]:
        m.problems.add(row.place("exchange"), _RELATION_OR_EXCHANGE)
        return None
    if row["exchange"]:
        if row["exchange"] in m.known.exchanges:
            return m.iri("exchange", row["exchange"])
        m.problems.add(row.place("exchange"), _unknown_id(row["exchange"], "exchanges.csv"))
        return None
    if not row["relation"]:
        m.problems.add(row.place("relation"), _RELATION_OR_EXCHANGE)
        return None
    rel = relation(m, row, "relation", row["relation"])
    return m.iri("relation", rel.slug) if rel else None


_RELATION_OR_EXCHANGE = Problem(
    "fill either relation or exchange (one of the two) — whose status does the row give?",
    "füllen Sie entweder relation oder exchange (eines von beiden) – wessen Status gibt die "
    "Zeile an?",
)


def _unknown_id(value: str, sheet: str) -> Problem:
    return Problem(
        f'"{value}" is not an id of {sheet} — copy the id from there',
        f"„{value}“ ist keine Kennung aus {sheet} – kopieren Sie sie von dort",
    )


# --- agreements and signatures ---------------------------------------------------------


def map_agreements(m: Mapper, out: SheetOutput, rows: list[Row]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        named = values.names(m.need(row, "relations"))
        rels = [relation(m, row, "relations", raw) for raw in named]
        kind = m.concept(row, "type", "agreement-type", _TYPE) if m.need(row, "type") else None
        signed = m.cell(row, "signed_on", values.date_literal)
        if not rels or None in rels or kind is None:
            continue
        first = rels[0]
        assert first is not None
        slug = m.cell(row, "id", values.slug) or (
            f"{first.slug}-{signed.value}" if isinstance(signed, ox.Literal) else None
        )
        if not slug:
            m.problems.add(row.place("id"), _NO_AGREEMENT_ID)
            continue
        if m.duplicate(row, "id", seen, str(slug)):
            continue
        m.known.agreements.add(str(slug))
        _agreement(m, out, row, str(slug), [r for r in rels if r], kind)


_NO_AGREEMENT_ID = Problem(
    "the agreement needs an id or a signed_on date (its id is made from the date)",
    "die Vereinbarung braucht eine Kennung oder ein Datum in signed_on (daraus wird die Kennung)",
)


def _agreement(
    m: Mapper, out: SheetOutput, row: Row, slug: str, rels: list[RelationInfo], kind: str
) -> None:
    subject = m.iri("agreement", slug)
    for rel in rels:
        out.add(row, m.iri("relation", rel.slug), m.t("agreement"), subject, "relations")
    out.add(row, subject, str(RDF.type), ox.NamedNode(m.t("Agreement")), "type")
    out.add(row, subject, m.t("agreementType"), ox.NamedNode(kind), "type")
    m.date(out, row, subject, "signed_on", "signedOn")
    m.texts(out, row, subject, m.t("signedAt"), "signed_at")
    _labels(out, row, subject, agreement_titles(m, kind, rels, row["signed_on"][:4]))
    _native_label(m, out, row, subject)
    m.common(out, row, subject)


def _labels(out: SheetOutput, row: Row, subject: ox.NamedNode, titles: dict[str, str]) -> None:
    """A label per language: the row's own ``label_xx``, else the title made of its parts."""
    for lang, title in titles.items():
        label = text(row[f"label_{lang}"] or title, lang)
        out.add(row, subject, str(RDFS.label), label, f"label_{lang}")


def _native_label(m: Mapper, out: SheetOutput, row: Row, subject: ox.NamedNode) -> None:
    language = m.cell(row, "label_language", values.language)
    if row["label_native"] and not language:
        m.problems.add(
            row.place("label_language"), _needs_language("label_native", "label_language")
        )
    elif row["label_native"] and isinstance(language, str):
        out.add(row, subject, str(RDFS.label), text(row["label_native"], language), "label_native")


def agreement_titles(m: Mapper, kind: str, rels: list[RelationInfo], year: str) -> dict[str, str]:
    value = kind.rsplit("/", 1)[-1]
    slugs = list(dict.fromkeys(s for r in rels for s in (r.home, r.partner)))
    titles = {}
    for lang in ("de", "en"):
        names = "–".join(m.known.cities[s].label(lang) for s in slugs if s in m.known.cities)
        when = f" ({year})" if year else ""
        titles[lang] = f"{m.known.concept_label('agreement-type', value, lang)} {names}{when}"
    return titles


def map_signatures(m: Mapper, out: SheetOutput, rows: list[Row]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        agreement = m.need(row, "agreement")
        city = m.city(row, "city", m.need(row, "city"))
        if agreement and agreement not in m.known.agreements:
            m.problems.add(row.place("agreement"), _unknown_id(agreement, "agreements.csv"))
            continue
        if city is None:
            continue
        slug = str(m.cell(row, "id", values.slug) or f"{agreement}-{city.slug}")
        if m.duplicate(row, "city", seen, slug):
            continue
        _signature(m, out, row, m.iri("signature", slug), agreement, city)


def _signature(
    m: Mapper, out: SheetOutput, row: Row, subject: ox.NamedNode, agreement: str, city: CityInfo
) -> None:
    out.add(row, m.iri("agreement", agreement), m.t("signature"), subject, "agreement")
    out.add(row, subject, str(RDF.type), ox.NamedNode(m.t("Signature")), "city")
    out.add(row, subject, m.t("onBehalfOf"), m.iri("city", city.slug), "city")
    m.texts(out, row, subject, m.t("signatoryOffice"), "office")
    if row["office_native"]:
        if city.native_language:
            out.add(
                row,
                subject,
                m.t("signatoryOffice"),
                text(row["office_native"], city.native_language),
                "office_native",
            )
        else:
            m.problems.add(
                row.place("office_native"),
                Problem(
                    "the city's native_language is not known — give it in cities.csv",
                    "die native_language der Stadt ist unbekannt – "
                    "tragen Sie sie in cities.csv ein",
                ),
            )
    if row["signatory"]:
        out.add(row, subject, m.t("signatoryName"), text(row["signatory"]), "signatory")
    m.sources(out, row, subject, "source_url")


# --- sources ---------------------------------------------------------------------------


def register_sources(m: Mapper, rows: list[Row]) -> None:
    """The ids of sources.csv, so that every other sheet may cite a page by its id. A source
    is a web address, not a resource of its own: nothing is published from this sheet."""
    seen: dict[str, int] = {}
    for row in rows:
        slug = m.cell(row, "id", values.slug) if m.need(row, "id") else None
        url = m.cell(row, "url", values.urls) if m.need(row, "url") else None
        if not isinstance(slug, str) or not isinstance(url, list):
            continue
        if len(url) != 1:
            m.problems.add(row.place("url"), _ONE_URL)
            continue
        if not m.duplicate(row, "id", seen, slug):
            m.known.sources[slug] = url[0]


_ONE_URL = Problem(
    "one web address per row — give each page a row of its own",
    "eine Webadresse pro Zeile – geben Sie jeder Seite eine eigene Zeile",
)


# --- exchange programmes and exchanges --------------------------------------------------


def map_programmes(m: Mapper, out: SheetOutput, rows: list[Row]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        slug = m.cell(row, "id", values.slug) if m.need(row, "id") else None
        names = {lang: m.need(row, f"name_{lang}") for lang in ("de", "en")}
        home = _home(m, row) if row["home_city"] or m.known.network_homes else None
        if not isinstance(slug, str) or m.duplicate(row, "id", seen, slug):
            continue
        if slug in m.known.programmes:
            m.problems.add(row.place("id"), _defined_in_turtle(slug))
            continue
        m.known.programmes[slug] = {lang: name for lang, name in names.items() if name}
        subject = m.iri("programme", slug)
        out.add(row, subject, str(RDF.type), ox.NamedNode(m.t("ExchangeProgramme")), "id")
        out.hint(row, subject, {str(DCTERMS.source): "source_url"})
        for lang, name in names.items():
            if name:
                out.add(row, subject, str(RDFS.label), text(name, lang), f"name_{lang}")
        m.texts(out, row, subject, str(DCTERMS.description), "description")
        if home is not None:
            out.add(row, subject, m.t("homeCity"), m.iri("city", home.slug), "home_city")
        m.date(out, row, subject, "since", "startDate")
        m.common(out, row, subject)


def map_exchanges(m: Mapper, out: SheetOutput, rows: list[Row]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        programme = m.need(row, "programme")
        sender = m.city(row, "sender", m.need(row, "sender"))
        receiver = m.city(row, "receiver", m.need(row, "receiver"))
        rel = relation(m, row, "relation", row["relation"]) if row["relation"] else None
        if programme and programme not in m.known.programmes:
            m.problems.add(row.place("programme"), _unknown_id(programme, "programmes.csv"))
            continue
        if sender is None or receiver is None or (row["relation"] and rel is None):
            continue
        if sender.slug == receiver.slug:
            m.problems.add(row.place("receiver"), _SAME_CITY)
            continue
        default = f"{programme}--{sender.slug}--{receiver.slug}"
        slug = str(m.cell(row, "id", values.slug) or default)
        if m.duplicate(row, "id", seen, slug):
            continue
        if slug in m.known.exchanges:
            m.problems.add(row.place("id"), _defined_in_turtle(slug))
            continue
        m.known.exchanges.add(slug)
        _exchange(m, out, row, slug, programme, (sender, receiver), rel)


_SAME_CITY = Problem(
    "sender and receiver are the same city — one city sends, another receives",
    "entsendende und aufnehmende Stadt sind dieselbe – eine Stadt entsendet, eine andere nimmt auf",
)


def _exchange(
    m: Mapper,
    out: SheetOutput,
    row: Row,
    slug: str,
    programme: str,
    cities: tuple[CityInfo, CityInfo],
    rel: RelationInfo | None,
) -> None:
    sender, receiver = cities
    subject = m.iri("exchange", slug)
    out.add(row, subject, str(RDF.type), ox.NamedNode(m.t("Exchange")), "id")
    out.add(row, subject, m.t("programme"), m.iri("programme", programme), "programme")
    out.add(row, subject, m.t("sender"), m.iri("city", sender.slug), "sender")
    out.add(row, subject, m.t("receiver"), m.iri("city", receiver.slug), "receiver")
    if rel is not None:
        out.add(row, subject, m.t("relation"), m.iri("relation", rel.slug), "relation")
    names = m.known.programmes.get(programme, {})
    titles = {
        lang: f"{names.get(lang) or programme}: {sender.label(lang)} → {receiver.label(lang)}"
        for lang in ("de", "en")
    }
    _labels(out, row, subject, titles)
    m.date(out, row, subject, "since", "startDate")
    m.date(out, row, subject, "until", "endDate")
    m.common(out, row, subject)
