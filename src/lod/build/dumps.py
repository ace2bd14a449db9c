"""The dumps: one canonical N-Triples text, written out as N-Triples, Turtle, RDF/XML, JSON-LD.

Every dump is written from the same canonical N-Triples: blank nodes relabelled with RDFC-1.0
(only the triples that touch a blank node are canonicalised, since only they decide the labels)
and lines sorted. So the N-Triples dump, and the dataset version which is its SHA-256, depend on
the graph only. pyoxigraph writes N-Triples, Turtle and RDF/XML; rdflib writes the compact
JSON-LD (pyoxigraph writes expanded JSON-LD only). Gzip copies are deterministic (no name, mtime 0).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.serializers.jsonld import from_rdf

from lod.build.terms import fill_graph

NT = ox.RdfFormat.N_TRIPLES
CHUNK = 1 << 20
GZIP_LEVEL = 6  # zlib's default: 9 costs twice the time for a few per cent


@dataclass(frozen=True)
class DumpFormat:
    extension: str
    media_type: str
    eu_file_type: str  # code in http://publications.europa.eu/resource/authority/file-type/
    label: str


FORMATS = (
    DumpFormat("ttl", "text/turtle", "RDF_TURTLE", "Turtle"),
    DumpFormat("nt", "application/n-triples", "RDF_N_TRIPLES", "N-Triples"),
    DumpFormat("jsonld", "application/ld+json", "JSON_LD", "JSON-LD"),
    DumpFormat("rdf", "application/rdf+xml", "RDF_XML", "RDF/XML"),
)
GZIP_MEDIA_TYPE = "application/gzip"

_PLAIN = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER (!isBlank(?s) && !isBlank(?o)) }"
_BLANK = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER (isBlank(?s) || isBlank(?o)) }"


def canonical_ntriples(store: ox.Store) -> bytes:
    """The union of the store's graphs as sorted N-Triples with canonical blank node labels."""
    plain = store.query(_PLAIN, use_default_graph_as_union=True)
    blank = store.query(_BLANK, use_default_graph_as_union=True)
    assert isinstance(plain, ox.QueryTriples) and isinstance(blank, ox.QueryTriples)
    lines = set(plain.serialize(format=NT).splitlines())  # type: ignore[union-attr]
    with_blanks = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in blank)
    if len(with_blanks):
        with_blanks.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        lines.update(ox.serialize(with_blanks, format=ox.RdfFormat.N_QUADS).splitlines())  # type: ignore[union-attr]
    lines.discard(b"")
    return b"".join(line + b"\n" for line in sorted(lines))


def triple_count(ntriples: bytes) -> int:
    return ntriples.count(b"\n")


def write_ntriples(ntriples: bytes, path: Path) -> None:
    path.write_bytes(ntriples)


def write_turtle(ntriples: bytes, path: Path, prefixes: Mapping[str, str]) -> None:
    _write_oxigraph(ntriples, path, ox.RdfFormat.TURTLE, prefixes)


def write_rdfxml(ntriples: bytes, path: Path, prefixes: Mapping[str, str]) -> None:
    _write_oxigraph(ntriples, path, ox.RdfFormat.RDF_XML, prefixes)


def _write_oxigraph(
    ntriples: bytes, path: Path, fmt: ox.RdfFormat, prefixes: Mapping[str, str]
) -> None:
    # Only the prefixes the graph uses, so small dumps do not open with two dozen unused lines.
    used = {p: ns for p, ns in prefixes.items() if ns.encode() in ntriples}
    ox.serialize(ox.parse(ntriples, format=NT), output=path, format=fmt, prefixes=used)


def jsonld_context(prefixes: Mapping[str, str]) -> dict[str, Any]:
    """The JSON-LD context of the compact dump: the prefixes, so IRIs compact to CURIEs."""
    return {"@context": dict(sorted(prefixes.items()))}


def write_jsonld(ntriples: bytes, path: Path, context: Mapping[str, Any]) -> None:
    """Compact JSON-LD with the context inline, nodes and values in a stable order."""
    graph = fill_graph(Graph(), ox.parse(ntriples, format=NT))
    document = from_rdf(graph, context_data=dict(context["@context"]), auto_compact=True)
    del graph
    _sort_document(document)
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, indent=1, sort_keys=True)
        out.write("\n")


def _sort_document(document: Any) -> None:
    """rdflib emits nodes and values in hash order; sort them so equal graphs give equal bytes."""
    nodes = document.get("@graph") if isinstance(document, dict) else None
    if not isinstance(nodes, list):
        return
    for node in nodes:
        for value in node.values():
            if isinstance(value, list):
                value.sort(key=_value_key)
    nodes.sort(key=lambda node: str(node.get("@id", "")))


def _value_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def gzip_file(path: Path) -> Path:
    """``path`` + ``.gz``, deterministic: no file name and mtime 0 in the header."""
    target = path.with_name(path.name + ".gz")
    with (
        open(path, "rb") as src,
        open(target, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=GZIP_LEVEL) as gz,
    ):
        while chunk := src.read(CHUNK):
            gz.write(chunk)
    return target


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_checksum(path: Path, sha256: str) -> Path:
    """``path.sha256`` in ``sha256sum`` format (two spaces, then the file name)."""
    target = path.with_name(path.name + ".sha256")
    target.write_text(f"{sha256}  {path.name}\n", encoding="ascii")
    return target


Writer = Callable[[bytes, Path], None]
