"""The ontology and shapes pages: every class, property and shape with its documentation.

Built from the same document the RDF variants serve (:func:`lod.web.describe.describe_namespace`);
each term has a section whose ``id`` is its local name, so ``/ontology/City`` can redirect to
``/ontology/#City``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import render_template
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDFS, SH, SKOS
from rdflib.term import Node

from lod.namespaces import prefixes_for
from lod.store.results import QueryResult
from lod.web.i18n import texts
from lod.web.pages import Linker, pick_literal, short_iri
from lod.web.representations import REPRESENTATIONS, Alternate

_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
_SHAPE_SKIP = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    RDFS.isDefinedBy,
    SH.message,
    SH.severity,
    SH.path,
    SH.property,
    SH.targetClass,
}


@dataclass
class Link:
    text: str
    href: str | None = None


@dataclass
class Term:
    """A class, property or shape as its section shows it."""

    id: str
    iri: str
    label: str
    other_label: str = ""
    comment: str = ""
    comment_lang: str = ""  # when it is not the page's language (comments are English only)
    rows: list[tuple[str, list[Link]]] = field(default_factory=list)
    children: list[Term] = field(default_factory=list)
    code: str = ""  # a SPARQL constraint's query


class VocabularyView:
    """Reads an rdflib graph of the ontology or shapes for one language."""

    def __init__(self, triples: list[ox.Triple], namespace: str, lang: str, linker: Linker):
        self.graph: Graph = QueryResult("graph", triples=triples).graph()
        self.ns = namespace
        self.lang = lang
        self.linker = linker
        self.t = texts(lang)
        self.prefixes = prefixes_for(linker.base_iri)

    # -- words --

    def text(self, node: Node, *predicates: URIRef) -> str:
        return self.text_and_lang(node, *predicates)[0]

    def text_and_lang(self, node: Node, *predicates: URIRef) -> tuple[str, str]:
        """The best text of ``node`` for the page's language, and that text's language."""
        literals = [
            ox.Literal(str(o), language=o.language) if o.language else ox.Literal(str(o))
            for p in predicates
            for o in self.graph.objects(node, p)
            if isinstance(o, Literal)
        ]
        picked = pick_literal(literals, self.lang)
        return (picked.value, picked.language or "") if picked is not None else ("", "")

    def other_text(self, node: Node, predicate: URIRef) -> str:
        other = "en" if self.lang == "de" else "de"
        return next(
            (
                str(o)
                for o in self.graph.objects(node, predicate)
                if isinstance(o, Literal) and o.language == other
            ),
            "",
        )

    def label(self, node: Node) -> str:
        return self.text(node, RDFS.label, SKOS.prefLabel, DCTERMS.title) or self.local(node)

    def local(self, node: Node) -> str:
        iri = str(node)
        return iri[len(self.ns) :] if iri.startswith(self.ns) else short_iri(iri, self.prefixes)

    def link(self, node: Node) -> Link:
        if isinstance(node, URIRef):
            ours = str(node).startswith(self.linker.base_iri)
            text = self.label(node) if ours else short_iri(str(node), self.prefixes)
            return Link(text, self.linker.href(str(node)))
        return Link(self.turtle(node))

    def links(self, subject: Node, predicate: URIRef) -> list[Link]:
        return sorted(
            (self.link(o) for o in self.graph.objects(subject, predicate)),
            key=lambda link: link.text.lower(),
        )

    def turtle(self, node: Node, depth: int = 0) -> str:
        """A short Turtle-like text of a value (lists and blank nodes inline)."""
        if isinstance(node, Literal):
            return f'"{node}"' if node.datatype is None and not node.language else str(node)
        if isinstance(node, URIRef):
            return short_iri(str(node), self.prefixes)
        if depth > 4:
            return "[…]"
        if (node, RDF.first, None) in self.graph:
            items = Collection(self.graph, node)
            return "( " + " ".join(self.turtle(item, depth + 1) for item in items) + " )"
        parts = [
            f"{short_iri(str(p), self.prefixes)} {self.turtle(o, depth + 1)}"
            for p, o in sorted(self.graph.predicate_objects(node))
        ]
        return "[ " + " ; ".join(parts) + " ]"

    def subjects(self, *types: URIRef) -> list[URIRef]:
        found = {
            s
            for t in types
            for s in self.graph.subjects(RDF.type, t)
            if isinstance(s, URIRef) and str(s).startswith(self.ns)
        }
        return sorted(found, key=lambda s: self.local(s).lower())

    def base_term(self, node: URIRef) -> Term:
        term = Term(
            self.local(node), str(node), self.label(node), self.other_text(node, RDFS.label)
        )
        self.set_comment(term, node, RDFS.comment)
        return term

    def set_comment(self, term: Term, node: Node, *predicates: URIRef) -> None:
        text, lang = self.text_and_lang(node, *predicates)
        if text:
            term.comment, term.comment_lang = text, (lang if lang != self.lang else "")

    # -- ontology --

    def ontology(self) -> dict[str, object]:
        root = URIRef(self.ns)
        classes = [self.class_term(c) for c in self.subjects(OWL.Class, RDFS.Class)]
        properties = [self.property_term(p) for p in self.subjects(*_PROPERTY_TYPES)]
        return {
            "header": self.header(root),
            "groups": [
                {"id": "classes", "title": self.t["classes"], "terms": classes},
                {"id": "properties", "title": self.t["properties"], "terms": properties},
            ],
        }

    def class_term(self, node: URIRef) -> Term:
        term = self.base_term(node)
        term.rows = self.rows(
            node,
            [(self.t["subclass_of"], RDFS.subClassOf), (self.t["close_match"], SKOS.closeMatch)],
        )
        used = [self.link(p) for p in self.graph.subjects(RDFS.domain, node)]
        if used:
            term.rows.append((self.t["properties"], sorted(used, key=lambda x: x.text.lower())))
        return term

    def property_term(self, node: URIRef) -> Term:
        term = self.base_term(node)
        kinds = [  # sorted: the graph keeps the order the engine answered in
            Link(short_iri(str(t), self.prefixes), str(t))
            for t in sorted(self.graph.objects(node, RDF.type), key=str)
        ]
        term.rows = [(self.t["type"], kinds)] + self.rows(
            node,
            [
                (self.t["domain"], RDFS.domain),
                (self.t["range"], RDFS.range),
                (self.t["subproperty_of"], RDFS.subPropertyOf),
                (self.t["close_match"], SKOS.closeMatch),
            ],
        )
        return term

    def rows(self, node: Node, spec: Iterable[tuple[str, URIRef]]) -> list[tuple[str, list[Link]]]:
        out = []
        for title, predicate in spec:
            links = self.links(node, predicate)
            if links:
                out.append((title, links))
        return out

    def header(self, root: URIRef) -> dict[str, object]:
        return {
            "title": self.label(root),
            "description": self.text(root, DCTERMS.description, RDFS.comment),
            "iri": str(root),
            "version": self.text(root, OWL.versionInfo),
            "version_iri": [str(v) for v in self.graph.objects(root, OWL.versionIRI)],
            "license": [str(v) for v in self.graph.objects(root, DCTERMS.license)],
            "see_also": [self.link(v) for v in self.graph.objects(root, RDFS.seeAlso)],
        }

    # -- shapes --

    def shapes(self) -> dict[str, object]:
        root = URIRef(self.ns)
        node_shapes = [s for s in self.subjects(SH.NodeShape)]
        targeted = [
            self.node_shape(s) for s in node_shapes if (s, SH.targetClass, None) in self.graph
        ]
        others = [
            self.node_shape(s) for s in node_shapes if (s, SH.targetClass, None) not in self.graph
        ]
        used = {p for s in node_shapes for p in self.graph.objects(s, SH.property)}
        loose = [self.property_shape(p) for p in self.subjects(SH.PropertyShape) if p not in used]
        sparql = [self.sparql_constraint(s) for s in self.subjects(SH.SPARQLConstraint)]
        return {
            "header": self.header(root),
            "groups": [
                {"id": "node-shapes", "title": self.t["node_shapes"], "terms": targeted},
                {"id": "other-shapes", "title": self.t["other_shapes"], "terms": others + loose},
                {
                    "id": "sparql-constraints",
                    "title": self.t["sparql_constraints"],
                    "terms": sparql,
                },
            ],
        }

    def node_shape(self, node: URIRef) -> Term:
        term = self.base_term(node)
        term.rows = self.rows(node, [(self.t["target_class"], SH.targetClass)])
        term.rows += self.constraint_rows(node)
        children = sorted(self.graph.objects(node, SH.property), key=str)
        term.children = [self.property_shape(p) for p in children if isinstance(p, URIRef)]
        return term

    def property_shape(self, node: URIRef) -> Term:
        term = self.base_term(node)
        term.label = self.local(node)
        self.set_comment(term, node, SH.message)
        paths = [
            Link(self.turtle(p), self.linker.href(str(p)) if isinstance(p, URIRef) else None)
            for p in self.graph.objects(node, SH.path)
        ]
        severity = [
            Link(short_iri(str(s), self.prefixes)) for s in self.graph.objects(node, SH.severity)
        ]
        term.rows = [(self.t["path"], paths), (self.t["severity"], severity)]
        term.rows += self.constraint_rows(node)
        return term

    def constraint_rows(self, node: Node) -> list[tuple[str, list[Link]]]:
        rows: dict[str, list[Link]] = {}
        for predicate, value in sorted(self.graph.predicate_objects(node)):
            if predicate in _SHAPE_SKIP or not str(predicate).startswith(str(SH)):
                continue
            rows.setdefault(short_iri(str(predicate), self.prefixes), []).append(self.link(value))
        return list(rows.items())

    def sparql_constraint(self, node: URIRef) -> Term:
        term = self.base_term(node)
        self.set_comment(term, node, SH.message)
        term.code = str(self.graph.value(node, SH.select) or self.graph.value(node, SH.ask) or "")
        users = [self.link(s) for s in self.graph.subjects(SH.sparql, node)]
        if users:
            term.rows.append((self.t["used_by"], users))
        return term


def render_page(
    section: str,
    triples: list[ox.Triple],
    namespace: str,
    lang: str,
    linker: Linker,
    url: Callable[[str | None], str],
    alternates: list[Alternate],
) -> str:
    """The page of the ontology or the shapes; ``url(extension)``: where each representation
    is; ``alternates``: its RDF twins, as the ``Link`` header names them."""
    view = VocabularyView(triples, namespace, lang, linker)
    formats = [
        {"label": r.label, "media_type": r.media_type, "extension": r.extension,
         "href": url(r.extension)}
        for r in REPRESENTATIONS
    ]  # fmt: skip
    return render_template(
        "vocabulary.html",
        t=texts(lang),
        section=section,
        page=view.ontology() if section == "ontology" else view.shapes(),
        formats=formats,
        alternates=alternates,
        prefix="tw" if section == "ontology" else "shp",
    )
