"""What a resource page shows, computed from its RDF document: names, facts, links, sources.

Everything here is plain data for ``resource.html``; the template escapes it. Words come in
German and English; a resource's name falls back from the reader's language to the other one,
to the resource's native name, to any name, and last to a short form of its IRI.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox

from lod.namespaces import DCTERMS, FOAF, OWL, RDF, RDFS, SCHEMA, SKOS, WD, XSD, ontology_ns
from lod.uris import local_path
from lod.web.describe import LABEL_PREDICATES, dependent_predicates
from lod.web.i18n import format_number
from lod.web.negotiation import LANGUAGES
from lod.web.paths import href_for
from lod.web.titles import Parts, title
from lod.web.vocabulary_labels import predicate_label, term_name

MONTHS = {
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
_XSD = str(XSD)
_NUMBERS = frozenset(  # written in the reader's language (40,1558 in German)
    _XSD + name
    for name in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")
)
_NAME_PREDICATES = frozenset(str(p) for p in LABEL_PREDICATES)
_TEXTS_IN_EVERY_LANGUAGE = frozenset(  # names are shown in every language, notes in one
    [*_NAME_PREDICATES, str(SKOS.altLabel), str(SKOS.prefLabel)]
)
# Shown elsewhere (type in the header, sources in their list) or only there for machines: the
# schema.org alignment and the document's own metadata.
_HIDDEN = frozenset([str(RDF.type), str(DCTERMS.source), str(FOAF.isPrimaryTopicOf)])
_HIDDEN_NESTED = frozenset([str(RDF.type)])  # a nested table's kind is its link text
_MACHINE_ONLY = (str(SCHEMA),)
_NESTING_LIMIT = 4


@dataclass(frozen=True)
class Linker:
    """Turns IRIs into links on the serving host (see :func:`lod.web.paths.href_for`)."""

    base_iri: str
    script_root: str = ""
    lang: str | None = None  # set when the reader chose the language explicitly

    def href(self, iri: str) -> str:
        return href_for(iri, self.base_iri, self.script_root, self.lang)

    def is_ours(self, iri: str) -> bool:
        return iri.startswith(self.base_iri)


@dataclass
class Value:
    """One value in a fact table: text, and an href, a language, a hint, or nested facts."""

    text: str
    href: str | None = None
    lang: str | None = None
    hint: str | None = None  # datatype or kind, shown small
    external: bool = False
    code: bool = False
    nested: list[Fact] | None = None
    title: str | None = None  # the full IRI behind a short text
    langs: list[str] = field(default_factory=list)  # languages of a text given in several


@dataclass
class Fact:
    label: str
    href: str | None
    values: list[Value]
    predicate: str = ""


@dataclass
class ResourceView:
    iri: str
    label: str
    label_lang: str | None
    native: Value | None
    types: list[Value]
    facts: list[Fact]
    incoming: list[Fact]
    sources: list[Value]
    same_as: list[Value]
    relations: list[RelationRow] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    unconfirmed: bool = False  # tw:confirmed false: taken from elsewhere, not yet confirmed


@dataclass
class RelationRow:
    """A relation a city is part of, as the city page lists it first."""

    relation: Value
    kind: Value | None
    since: Value | None
    status: Value | None
    status_key: str = ""
    sort_key: str = ""
    unconfirmed: bool = False


class DocumentIndex:
    """The triples of one document, indexed by subject, with the names of what it mentions."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.by_subject: dict[Any, list[ox.Triple]] = defaultdict(list)
        self.by_object: dict[Any, list[ox.Triple]] = defaultdict(list)
        self.names: dict[str, dict[str, list[ox.Literal]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            self.by_subject[t.subject].append(t)
            self.by_object[t.object].append(t)
            name, subject = t.object, t.subject
            if t.predicate.value not in _NAME_PREDICATES or not isinstance(name, ox.Literal):
                continue
            if isinstance(subject, ox.NamedNode | ox.BlankNode):
                self.names[subject.value][t.predicate.value].append(name)

    def names_of(self, iri: str) -> list[ox.Literal]:
        """All names of ``iri``, best predicate first (rdfs:label before skos:prefLabel ...)."""
        found = self.names.get(iri, {})
        return [lit for p in LABEL_PREDICATES for lit in found.get(str(p), [])]

    def objects(self, subject: Any, predicate: str) -> list[Any]:
        return [
            t.object for t in self.by_subject.get(subject, []) if t.predicate.value == predicate
        ]

    def subjects(self, obj: Any, predicate: str) -> list[Any]:
        return [t.subject for t in self.by_object.get(obj, []) if t.predicate.value == predicate]


def pick_literal(
    literals: Sequence[ox.Literal], lang: str, native: str | None = None
) -> ox.Literal | None:
    """The chosen language, then the other page language, the native one, untagged, any."""
    order = [lang, *(code for code in LANGUAGES if code != lang)]
    if native:
        order.append(native)
    for code in order:
        for literal in literals:
            if (literal.language or "").lower() == code:
                return literal
    untagged = [lit for lit in literals if not lit.language]
    candidates = untagged or list(literals)
    return candidates[0] if candidates else None


def short_iri(iri: str, prefixes: Mapping[str, str]) -> str:
    """A readable short form: a CURIE, else the IRI with percent-escapes decoded."""
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return decoded(iri)


def decoded(iri: str) -> str:
    """``iri`` with its percent-escapes decoded when they are UTF-8; an address written in
    Latin-1 (``Partnerst%E4dte``) stays escaped: decoding it would show a ``�``."""
    try:
        return unquote(iri, errors="strict")
    except UnicodeDecodeError:
        return iri


# --- literals ---------------------------------------------------------------------------------


def format_literal(literal: ox.Literal, lang: str) -> Value:
    datatype = literal.datatype.value
    text, lexical = literal.value, literal.value
    if literal.language:
        return Value(text, lang=literal.language)
    if datatype == _XSD + "date":
        text = format_date(lexical, lang)
    elif datatype == _XSD + "gYearMonth":
        text = format_year_month(lexical, lang)
    elif datatype == _XSD + "gYear":
        text = lexical.lstrip("0") or lexical
    elif datatype == _XSD + "dateTime":
        text = format_date(lexical[:10], lang) + (
            f", {lexical[11:16]} UTC" if "T" in lexical else ""
        )
    elif datatype in _NUMBERS:
        text = format_number(lexical, lang)
    elif datatype == _XSD + "boolean":
        text = {"de": {"true": "ja", "false": "nein"}, "en": {"true": "yes", "false": "no"}}[
            lang
        ].get(lexical, lexical)
    hint = None if datatype.startswith(_XSD) else short_iri(datatype, {})
    code = datatype.endswith(("wktLiteral", "hexBinary"))
    return Value(text, hint=hint.rsplit("#", 1)[-1] if hint else None, code=code)


def format_date(lexical: str, lang: str) -> str:
    """``1961-10-24`` → ``24. Oktober 1961`` / ``24 October 1961``."""
    try:
        year, month, day = (int(part) for part in lexical[:10].split("-"))
        name = MONTHS[lang][month - 1]
    except (ValueError, IndexError):
        return lexical
    return f"{day}. {name} {year}" if lang == "de" else f"{day} {name} {year}"


def format_year_month(lexical: str, lang: str) -> str:
    """``2004-05`` → ``Mai 2004`` / ``May 2004``."""
    try:
        year, month = (int(part) for part in lexical[:7].split("-"))
        return f"{MONTHS[lang][month - 1]} {year}"
    except (ValueError, IndexError):
        return lexical


# --- the page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageContext:
    lang: str
    linker: Linker
    prefixes: Mapping[str, str]


class ResourcePageBuilder:
    """Builds the :class:`ResourceView` of ``iri`` from its document."""

    def __init__(self, triples: Sequence[ox.Triple], iri: str, ctx: PageContext) -> None:
        self.index = DocumentIndex(triples)
        self.topic = ox.NamedNode(iri)
        self.ctx = ctx
        self.tw = str(ontology_ns(ctx.linker.base_iri))
        self.dependents = frozenset(dependent_predicates(ctx.linker.base_iri))
        self.parts = Parts(
            objects=self.index.objects,
            subjects=self.index.subjects,
            name=self.name_of,
            text=lambda literal: format_literal(literal, ctx.lang).text,
            ontology=self.tw,
            lang=ctx.lang,
        )

    def name_of(self, iri: str) -> str | None:
        """``iri``'s name in the reader's language, if the document or the table of outside
        terms (:mod:`lod.web.vocabulary_labels`) gives one."""
        return self.label_of(iri)[0] if self.has_name(iri) else None

    def has_name(self, iri: str) -> bool:
        return bool(self.index.names_of(iri)) or term_name(iri, self.ctx.lang) is not None

    def build(self) -> ResourceView:
        own = self.index.by_subject.get(self.topic, [])
        native_lit = next(
            (
                t.object
                for t in own
                if t.predicate.value == self.tw + "nativeLabel" and isinstance(t.object, ox.Literal)
            ),
            None,
        )
        label = self.label_of(self.topic.value, native_lit.language if native_lit else None)
        return ResourceView(
            iri=self.topic.value,
            label=label[0],
            label_lang=label[1],
            native=format_literal(native_lit, self.ctx.lang) if native_lit else None,
            types=[
                self.iri_value(iri)
                for iri in sorted(
                    o.value
                    for o in self.index.objects(self.topic, str(RDF.type))
                    if isinstance(o, ox.NamedNode) and not machine_only(o.value)
                )
            ],
            facts=self.facts(self.topic, depth=0),
            incoming=self.incoming(),
            relations=self.relations(),
            sources=[  # sorted: engines answer in different orders (Virtuoso)
                self.source_value(iri)
                for iri in sorted(
                    o.value
                    for o in self.index.objects(self.topic, str(DCTERMS.source))
                    if isinstance(o, ox.NamedNode)
                )
            ],
            same_as=[self.identity_value(o.value) for o in self.same_as()],
            unconfirmed=self.unconfirmed(self.topic),
        )

    def unconfirmed(self, node: ox.NamedNode) -> bool:
        """``tw:confirmed false``: the city has not yet confirmed what was seeded for it."""
        return any(
            isinstance(o, ox.Literal) and o.value in ("false", "0")
            for o in self.index.objects(node, self.tw + "confirmed")
        )

    def label_of(self, iri: str, native: str | None = None) -> tuple[str, str | None]:
        """A name: the resource's own in the reader's language, else an outside term's name
        in it, else either in another language, else a title made of its parts, else its
        short IRI (the metadata names the ADMS publisher type in English only; the table
        also in German)."""
        literal = pick_literal(self.index.names_of(iri), self.ctx.lang, native)
        known = term_name(iri, self.ctx.lang)
        own_fits = literal is not None and literal.language in ("", self.ctx.lang)
        if known is not None and not own_fits and (literal is None or known[1] != literal.language):
            return known
        if literal is None:
            made = title(iri, self.parts)
            return (made, self.ctx.lang) if made else (short_iri(iri, self.ctx.prefixes), None)
        return literal.value, literal.language or None

    def identity_value(self, iri: str) -> Value:
        """The item in the page head: its identifier (``Wikidata Q9920``); its name as title."""
        text = self.fallback_name(iri)
        name = self.name_of(iri)
        href = self.ctx.linker.href(iri)
        return Value(text, href=href, external=True, title=f"{name} – {iri}" if name else iri)

    def same_as(self) -> list[ox.NamedNode]:
        found = [
            *self.index.objects(self.topic, str(OWL.sameAs)),
            *self.index.objects(self.topic, self.tw + "wikidataItem"),
        ]
        return list(dict.fromkeys(o for o in found if isinstance(o, ox.NamedNode)))

    def facts(self, subject: Any, depth: int) -> list[Fact]:
        grouped: dict[str, list[Any]] = defaultdict(list)
        hidden = _HIDDEN if depth == 0 else _HIDDEN_NESTED
        if depth == 0:  # the Wikidata item is in the page head, once
            hidden = hidden | {str(OWL.sameAs), self.tw + "wikidataItem"}
        for t in self.index.by_subject.get(subject, []):
            if t.predicate.value in hidden or machine_only(t.predicate.value):
                continue
            grouped[t.predicate.value].append(t.object)
        facts = [self.fact(p, objects, depth) for p, objects in grouped.items()]
        return sorted(facts, key=lambda f: (predicate_rank(f.predicate, self.tw), f.label.lower()))

    def fact(self, predicate: str, objects: list[Any], depth: int) -> Fact:
        if predicate not in _TEXTS_IN_EVERY_LANGUAGE:
            objects = in_one_language(objects, self.ctx.lang)
        values = merge_same_text([self.value(o, predicate, depth) for o in objects])
        values.sort(key=lambda v: (v.lang not in (None, self.ctx.lang), v.text.lower()))
        return Fact(
            self.predicate_label(predicate),
            self.ctx.linker.href(predicate) if self.ctx.linker.is_ours(predicate) else predicate,
            values,
            predicate,
        )

    def predicate_label(self, predicate: str) -> str:
        names = self.index.names_of(predicate)
        if names:
            return self.label_of(predicate)[0]
        return predicate_label(predicate, self.ctx.lang) or short_iri(predicate, self.ctx.prefixes)

    def value(self, term: Any, predicate: str, depth: int) -> Value:
        if isinstance(term, ox.Literal):
            return format_literal(term, self.ctx.lang)
        if isinstance(term, ox.BlankNode):
            nested = self.facts(term, depth + 1) if depth < _NESTING_LIMIT else []
            return Value("", nested=nested)
        if predicate == str(DCTERMS.source) and depth > 0:
            return self.source_value(term.value, short=True)
        value = self.iri_value(term.value)
        if predicate in self.dependents and depth < _NESTING_LIMIT:
            value.nested = self.facts(term, depth + 1)
        return value

    def iri_value(self, iri: str) -> Value:
        ours = self.ctx.linker.is_ours(iri)
        if self.has_name(iri):
            text, lang = self.label_of(iri)
        elif made := title(iri, self.parts):
            text, lang = made, self.ctx.lang
        else:
            text, lang = self.fallback_name(iri), None
        return Value(text, href=self.ctx.linker.href(iri), lang=lang, external=not ours, title=iri)

    def fallback_name(self, iri: str) -> str:
        if iri.startswith(str(WD)):
            return "Wikidata " + iri[len(str(WD)) :]
        local = local_path(iri, self.ctx.linker.base_iri)
        if local is not None and local.startswith("id/"):
            return local.split("/", 2)[-1]  # the slug: readable enough for claims
        return short_iri(iri, self.ctx.prefixes)

    def source_value(self, iri: str, short: bool = False) -> Value:
        """A cited web page: its host as the short form, the whole address in full."""
        host = (urlsplit(iri).hostname or "").removeprefix("www.")
        if short:
            return Value(host or decoded(iri), href=iri, external=True, title=decoded(iri))
        return Value(decoded(iri), href=iri, external=True, hint=host)

    def incoming(self) -> list[Fact]:
        grouped: dict[str, list[Any]] = defaultdict(list)
        documents = set(self.index.objects(self.topic, str(FOAF.isPrimaryTopicOf)))
        listed = {row.relation.title for row in self.relations()}  # shown first, not again
        for t in self.index.by_object.get(self.topic, []):
            if (
                t.subject != self.topic
                and isinstance(t.subject, ox.NamedNode)
                and t.subject not in documents
                and not machine_only(t.predicate.value)
                and not (t.predicate.value == self.tw + "city" and t.subject.value in listed)
            ):
                grouped[t.predicate.value].append(t.subject)
        facts = [
            Fact(
                self.predicate_label(p),
                self.ctx.linker.href(p) if self.ctx.linker.is_ours(p) else p,
                sorted((self.iri_value(s.value) for s in subjects), key=lambda v: v.text.lower()),
                p,
            )
            for p, subjects in grouped.items()
        ]
        return sorted(facts, key=lambda f: f.label.lower())

    def relations(self) -> list[RelationRow]:
        """The city relations naming the topic (``tw:city``): kind, start and status."""
        city, relation_class = self.tw + "city", ox.NamedNode(self.tw + "CityRelation")
        subjects = {
            t.subject
            for t in self.index.by_object.get(self.topic, [])
            if t.predicate.value == city
            and isinstance(t.subject, ox.NamedNode)
            and relation_class in self.index.objects(t.subject, str(RDF.type))
        }
        rows = [self.relation_row(s) for s in subjects]
        return sorted(rows, key=lambda r: (r.since is None, r.sort_key, r.relation.text.lower()))

    def relation_row(self, relation: ox.NamedNode) -> RelationRow:
        def first(local: str) -> Any:
            found = sorted(self.index.objects(relation, self.tw + local), key=str)
            return found[0] if found else None

        kind, start, status = first("relationKind"), first("startDate"), first("currentStatus")
        row = RelationRow(
            relation=self.iri_value(relation.value),
            kind=self.iri_value(kind.value) if isinstance(kind, ox.NamedNode) else None,
            since=format_literal(start, self.ctx.lang) if isinstance(start, ox.Literal) else None,
            status=self.iri_value(status.value) if isinstance(status, ox.NamedNode) else None,
            status_key=status.value.rsplit("/", 1)[-1] if isinstance(status, ox.NamedNode) else "",
            unconfirmed=self.unconfirmed(relation),
        )
        row.sort_key = start.value if isinstance(start, ox.Literal) else ""
        return row


def machine_only(iri: str) -> bool:
    """schema.org statements are there for search engines; the page shows the lod ones."""
    return iri.startswith(_MACHINE_ONLY)


def merge_same_text(values: list[Value]) -> list[Value]:
    """``Çanakkale`` in de, en and tr is one value with the hint ``de, en, tr``."""
    merged: dict[tuple[str, str | None, bool], Value] = {}
    out: list[Value] = []
    for value in values:
        if value.lang is None or value.href or value.nested is not None:
            out.append(value)
            continue
        key = (value.text, value.hint, value.code)
        if key in merged:
            first = merged[key]
            first.langs = sorted({*first.langs, value.lang})
            continue
        value.langs = [value.lang]
        merged[key] = value
        out.append(value)
    for value in merged.values():
        if len(value.langs) > 1:
            value.lang = None  # several languages: no single lang attribute fits
    return out


def in_one_language(objects: list[Any], lang: str) -> list[Any]:
    """Language-tagged texts in the reader's language only (else the fallback language)."""
    tagged = [o for o in objects if isinstance(o, ox.Literal) and o.language]
    if not tagged:
        return objects
    best = pick_literal(tagged, lang)
    keep = best.language if best is not None else None
    return [
        o for o in objects if not (isinstance(o, ox.Literal) and o.language) or o.language == keep
    ]


_ORDER = (
    "homeCity",
    "city",
    "relationKind",
    "startDate",
    "endDate",
    "currentStatus",
    "status",
    "firstContactDate",
    "firstContact",
    "agreement",
    "agreementType",
    "signedOn",
    "signedAt",
    "signature",
    "onBehalfOf",
    "signatoryOffice",
    "signatoryName",
    "statusValue",
    "statusSince",
    "statusUntil",
    "statusReason",
    "programme",
    "sender",
    "receiver",
    "relation",
    "participantCount",
    "claimedProperty",
    "claimedValue",
    "claimedLowerBound",
    "claimedOn",
    "disputed",
    "hasClaim",
    "encounterDomain",
    "country",
    "twinnedWith",
)
_FIRST = (
    str(RDFS.label),
    "nativeLabel",
    str(SKOS.prefLabel),
    str(SKOS.altLabel),
    str(DCTERMS.title),
    str(DCTERMS.description),
    str(RDFS.comment),
    str(SKOS.definition),
)
_LAST = (str(SKOS.note), str(SKOS.historyNote), str(OWL.sameAs), "wikidataItem")


def predicate_rank(predicate: str, tw: str) -> tuple[int, int]:
    """Names and descriptions first, then the lod facts in reading order, notes and links last."""
    local = predicate[len(tw) :] if predicate.startswith(tw) else predicate
    if local in _FIRST:
        return 0, _FIRST.index(local)
    if local in _ORDER:
        return 1, _ORDER.index(local)
    if local in _LAST:
        return 3, _LAST.index(local)
    return 2, 0
