"""What a store loads: the built publication (dist/manifest.json) or any RDF files."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from lod.errors import LodError
from lod.store.formats import rdf_format_for_path


@dataclass(frozen=True)
class Source:
    """One RDF file, the named graph its triples go to (None: the default graph), and the base
    IRI its relative IRIs resolve against (None: relative IRIs are an error)."""

    path: Path
    graph: str | None = None
    base_iri: str | None = None


@dataclass(frozen=True)
class LoadSpec:
    """The files a store loads, in order, and the version they make up. Picklable."""

    sources: tuple[Source, ...]
    version: str

    @classmethod
    def from_files(
        cls, data: tuple[Path, ...] = (), graphs: tuple[tuple[str, Path], ...] = ()
    ) -> LoadSpec:
        """``data`` into the default graph, each ``(iri, path)`` of ``graphs`` into graph iri."""
        sources = [Source(Path(p)) for p in data]
        sources += [Source(Path(p), iri) for iri, p in graphs]
        for source in sources:
            _check_source(source)
        return cls(tuple(sources), _digest(sources))

    @classmethod
    def from_manifest(cls, dist_dir: Path, base_iri: str | None = None) -> LoadSpec:
        """The publication's ``store_files`` (all into the default graph), its ``version``.

        With ``base_iri``, a publication built under another base is refused: served as it is,
        none of its IRIs would dereference under the configured one.
        """
        manifest_path = Path(dist_dir) / "manifest.json"
        if not manifest_path.is_file():
            raise LodError(
                f"no publication at {manifest_path}: run `lod build` first, "
                "or serve files with --data FILE"
            )
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            entries = manifest["store_files"]
        except (ValueError, KeyError) as error:
            raise LodError(f"{manifest_path}: not a lod manifest ({error})") from error
        built_for = manifest.get("base_iri")
        if base_iri and built_for and built_for != base_iri:
            raise LodError(
                f"{manifest_path}: the publication was built for the base IRI {built_for}, "
                f"but the server is set to {base_iri}; set LOD_BASE_IRI={built_for} "
                f"(or rebuild with lod build --base-iri {base_iri})"
            )
        sources = [Source(Path(dist_dir) / _entry_path(entry)) for entry in entries]
        for source in sources:
            _check_source(source)
        return cls(tuple(sources), str(manifest.get("version") or _digest(sources)))


def parse_graph_option(value: str) -> tuple[str, Path]:
    """``IRI=FILE`` (the ``--graph`` option) → ``(iri, path)``; the IRI may contain ``=``."""
    iri, sep, path = value.rpartition("=")
    if not sep or not iri or not path or ":" not in iri:
        raise ValueError(f"--graph expects IRI=FILE, got {value!r}")
    return iri, Path(path)


def _entry_path(entry: object) -> str:
    # store_files may list plain paths or file records like those of "files".
    if isinstance(entry, dict):
        return str(entry["path"])
    return str(entry)


def _check_source(source: Source) -> None:
    if not source.path.is_file():
        raise LodError(f"{source.path}: no such file")
    try:
        rdf_format_for_path(str(source.path))
    except ValueError as error:
        raise LodError(str(error)) from error


def _digest(sources: list[Source]) -> str:
    """A version for plain files: SHA-256 over graph names and contents."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(f"{source.graph or ''}\n".encode())
        digest.update(hashlib.sha256(source.path.read_bytes()).digest())
    return digest.hexdigest()
