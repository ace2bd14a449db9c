"""Triples as the publication wrote them, though the store keeps their literals in normal form.

An Oxigraph store normalises literals when it loads them (oxigraph issue #526): a dump's
``"8.050"^^xsd:decimal`` comes back as ``"8.05"``, the catalog's ``dcat:byteSize
"20054"^^xsd:nonNegativeInteger`` as ``xsd:integer`` (a datatype DCAT-AP refuses). So the build
lists the triples it wrote whose literal a store changes (``literals.nt``, manifest
``exact_triples``), and the embedded store answers every graph query (CONSTRUCT, DESCRIBE, and so
every document) with those triples as written: a harvester that merges the catalog with what the
endpoint says sees one byte size, in the right datatype.

Limits: rows of a SELECT keep the store's terms (a binding is a value, not a stored triple);
triples whose subject is a blank node are not listed (a store relabels blank nodes); a remote
engine's answers pass unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
NT = ox.RdfFormat.N_TRIPLES
_PREDICATE = ox.NamedNode("urn:lod:literal")

Restorer = dict[ox.Triple, ox.Triple]  # the store's form of a triple → the triple as written


def normal_forms(literals: Iterable[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    """Each literal that a store changes → the form the store gives it back in."""
    distinct = list(dict.fromkeys(literals))
    store = ox.Store()
    store.extend(
        ox.Quad(ox.NamedNode(f"urn:lod:{i}"), _PREDICATE, literal)
        for i, literal in enumerate(distinct)
    )
    changed = {}
    for quad in store:
        written = distinct[int(quad.subject.value.rsplit(":", 1)[1])]
        if quad.object != written:
            changed[written] = quad.object
    return changed


def _typed(triple: ox.Triple) -> bool:
    literal = triple.object
    return (
        isinstance(triple.subject, ox.NamedNode)
        and isinstance(literal, ox.Literal)
        and not literal.language
        and literal.datatype.value != XSD_STRING
    )


def changed_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples (IRI subject, typed literal) whose literal a store would change, unless the
    changed triple is written too (then the store's one triple is both; it stays as it is)."""
    candidates = [t for t in triples if _typed(t)]
    changed = normal_forms(t.object for t in candidates)  # type: ignore[misc]
    written = set(candidates)
    return [
        t
        for t in candidates
        if t.object in changed
        and ox.Triple(t.subject, t.predicate, changed[t.object]) not in written  # type: ignore[index]
    ]


def typed_lines(ntriples: bytes) -> bytes:
    """The lines of an N-Triples text that may hold a typed literal (a fast prefilter)."""
    return b"\n".join(line for line in ntriples.splitlines() if b'"^^<' in line)


def restorer(written: Iterable[ox.Triple]) -> Restorer:
    """The store's form → the triple as written, where only one written triple has that form."""
    triples = list(written)
    normal = normal_forms(t.object for t in triples)  # type: ignore[misc]
    found: dict[ox.Triple, list[ox.Triple]] = {}
    for t in triples:
        key = ox.Triple(t.subject, t.predicate, normal.get(t.object, t.object))  # type: ignore[arg-type]
        found.setdefault(key, []).append(t)
    return {key: ts[0] for key, ts in found.items() if len(ts) == 1}


def read_restorer(path: Path | None) -> Restorer:
    if path is None or not path.is_file():
        return {}
    quads = ox.parse(path=str(path), format=NT)
    return restorer(ox.Triple(q.subject, q.predicate, q.object) for q in quads)


def restore(triples: list[ox.Triple], table: Restorer) -> list[ox.Triple]:
    return [table.get(t, t) for t in triples] if table else triples
