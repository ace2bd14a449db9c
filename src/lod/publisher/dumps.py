"""The dumps: one canonical N-Triples text, written out as N-Triples, Turtle, RDF/XML, JSON-LD.

Every dump is written from the same canonical N-Triples (blank nodes relabelled with RDFC-1.0,
lines sorted: :func:`lod.canonical.canonical_ntriples`). So the N-Triples dump, and the dataset
version which is its SHA-256, depend on the graph only. pyoxigraph writes N-Triples, Turtle and
RDF/XML, and JSON-LD compacted with the prefixes (:mod:`lod.jsonld`). Gzip copies
are deterministic (no name, mtime 0). The formats themselves (media types, labels, format IRIs)
are :data:`lod.store.formats.DUMP_FORMATS`.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from lod import jsonld

NT = ox.RdfFormat.N_TRIPLES
CHUNK = 1 << 20
GZIP_LEVEL = 6  # zlib's default: 9 costs twice the time for a few per cent


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


def write_syntaxes(
    out: Path, slug: str, prefixes: Mapping[str, str], context: Mapping[str, Any]
) -> None:
    """The Turtle, RDF/XML and JSON-LD dumps ``out/slug.*``, read from the N-Triples dump
    ``out/slug.nt`` a triple at a time (flat memory), and a gzip copy of each of the four: all the
    writing that needs no checksum yet. ``prefixes``: those the graph uses."""
    nt = out / f"{slug}.nt"
    for fmt, extension in ((ox.RdfFormat.TURTLE, "ttl"), (ox.RdfFormat.RDF_XML, "rdf")):
        ox.serialize(ox.parse(path=nt, format=NT), output=out / f"{slug}.{extension}",
                     format=fmt, prefixes=dict(prefixes))  # fmt: skip
    with open(out / f"{slug}.jsonld", "w", encoding="utf-8") as target:
        jsonld.write(ox.parse(path=nt, format=NT), context["@context"], target)
    for extension in SYNTAXES:
        gzip_file(out / f"{slug}.{extension}")


SYNTAXES = ("nt", "ttl", "rdf", "jsonld")  # the extensions write_syntaxes leaves in ``out``


def jsonld_context(prefixes: Mapping[str, str]) -> dict[str, Any]:
    """The JSON-LD context of the compact dump: the prefixes, so IRIs compact to CURIEs."""
    return {"@context": dict(sorted(prefixes.items()))}


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
