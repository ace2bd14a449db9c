"""JSON-LD written by the engine, compacted with the publication's prefixes.

pyoxigraph writes expanded JSON-LD: one flat node object per subject, every IRI in full, every
value in an array, ``rdf:type`` as a property. Readers and harvesters get the compact form: a
context that holds the prefixes and nothing else, CURIEs, single values unwrapped, ``@type`` for
the classes. With a context of prefixes only, JSON-LD 1.1 compaction comes down to the few
rewrites of each node object below, so they are done here on the engine's output, a batch of
subjects at a time, instead of by a general JSON-LD processor holding the whole graph (rdflib's
took 17 s and a second process at a million triples; this takes a few seconds in this one).
The dumps (:mod:`lod.publisher.dumps`) and the documents (:mod:`lod.web.representations`)
both write JSON-LD through here.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BATCH_TRIPLES = 20_000  # triples handed to the engine's writer at once: memory stays flat


class Compactor:
    """IRI → CURIE with a prefix map (the longest matching namespace wins)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.by_namespace = {namespace: prefix for prefix, namespace in prefixes.items()}
        self.longest_first = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.names = set(prefixes)
        # Properties, classes and datatypes repeat on every node: remember the last few thousand.
        self.term = functools.lru_cache(maxsize=4096)(self.iri)

    def iri(self, iri: str) -> str:
        if iri.startswith("_:"):
            return iri
        # Most namespaces end at the IRI's last "/" or "#": one lookup; else try them all.
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = self.by_namespace.get(iri[:cut])
        if prefix is not None and cut < len(iri) and not iri.startswith("//", cut):
            return f"{prefix}:{iri[cut:]}"
        for prefix, namespace in self.longest_first:
            suffix = iri[len(namespace) :]
            # "p:" alone, or "p://…", would read back as something else (JSON-LD 1.1, §6.3).
            if iri.startswith(namespace) and suffix and not suffix.startswith("//"):
                return f"{prefix}:{suffix}"
        if iri.split(":", 1)[0] in self.names:
            # An IRI whose scheme is also a prefix name would expand to a different IRI.
            raise ValueError(f"the IRI {iri} cannot be written: its scheme is a prefix name")
        return iri

    def node(self, node: Mapping[str, Any]) -> dict[str, Any]:
        compact: dict[str, Any] = {}
        for key, values in node.items():
            if key == "@id":
                compact["@id"] = self.iri(values)
                continue
            if key in ("@type", RDF_TYPE):
                # Classes (IRIs, blank nodes) go to @type; a literal object stays an rdf:type value.
                classes = [v if isinstance(v, str) else v["@id"] for v in values if _is_node(v)]
                if classes:
                    compact["@type"] = _unwrap([self.term(c) for c in classes])
                values = [v for v in values if not _is_node(v)]
                if not values:
                    continue
            compact[self.term(key)] = _unwrap([self.value(v) for v in values])
        return compact

    def value(self, value: Mapping[str, Any]) -> Any:
        if "@id" in value:
            return {"@id": self.iri(value["@id"])}
        if "@type" in value:
            return {"@type": self.term(value["@type"]), "@value": value["@value"]}
        if set(value) == {"@value"} and isinstance(value["@value"], str):
            return value["@value"]  # a plain string (the context sets no default language)
        return dict(value)


def compact_nodes(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> Iterator[dict]:
    """Compact node objects, one per subject, in the order of ``triples`` (subjects grouped)."""
    compactor = Compactor(prefixes)
    for batch in _batches(triples):
        for node in json.loads(ox.serialize(batch, format=ox.RdfFormat.JSON_LD) or b"[]"):
            yield compactor.node(node)


def document(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """A whole compact document: ``{"@context": prefixes, "@graph": nodes}``."""
    return {
        "@context": dict(sorted(prefixes.items())),
        "@graph": list(compact_nodes(triples, prefixes)),
    }


def write(triples: Iterable[ox.Triple], prefixes: Mapping[str, str], out: IO[str]) -> None:
    """The document written node by node: one line per node, keys sorted (equal graphs, equal
    bytes)."""
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, indent=1)
    out.write('{"@context": ' + context + ',\n"@graph": [')
    separator = "\n"
    for node in compact_nodes(triples, prefixes):
        out.write(separator + json.dumps(node, ensure_ascii=False, sort_keys=True))
        separator = ",\n"
    out.write("\n]}\n")


def _batches(triples: Iterable[ox.Triple]) -> Iterator[list[ox.Triple]]:
    """Lists of whole subjects (never one subject split over two node objects)."""
    batch: list[ox.Triple] = []
    for _, group in itertools.groupby(triples, key=lambda t: t.subject):
        batch.extend(group)
        if len(batch) >= BATCH_TRIPLES:
            yield batch
            batch = []
    if batch:
        yield batch


def _is_node(value: Any) -> bool:
    return isinstance(value, str) or "@id" in value


def _unwrap(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values
