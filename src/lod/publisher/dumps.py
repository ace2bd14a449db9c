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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.serializers.jsonld import from_rdf

from lod.publisher.terms import fill_graph

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


def canonical_ntriples(source: bytes, derived: Iterable[ox.Triple] = ()) -> bytes:
    """Sorted, de-duplicated N-Triples of ``source`` (N-Triples) plus ``derived``, blank nodes
    relabelled with RDFC-1.0 (``_:c14n0``...).

    Only the lines that mention a blank node are canonicalised: they alone decide the labels.
    """
    derived_nt = ox.serialize(list(derived), format=NT) or b""
    lines = set(source.splitlines())
    lines.update(derived_nt.splitlines())
    lines.discard(b"")
    blank = {line for line in lines if _has_blank_node(line)}
    if blank:
        lines -= blank
        dataset = ox.Dataset(ox.parse(b"\n".join(blank), format=NT))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        lines.update((ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b"").splitlines())
    return b"".join(line + b"\n" for line in sorted(lines))


def _has_blank_node(line: bytes) -> bool:
    """Whether an N-Triples line has a blank node subject or object.

    The object is the last token before the final " ."; a literal's last token ends in ``"``,
    ``"@lang`` or ``"^^<...>``, so a token starting with ``_:`` and holding no quote is a label.
    """
    if line.startswith(b"_:"):
        return True
    tokens = line.rsplit(b" ", 2)
    return len(tokens) == 3 and tokens[1].startswith(b"_:") and b'"' not in tokens[1]


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
