"""load → validate → derive → write: the two entry points behind ``lod validate`` and ``lod build``.

Copies of the graph held at once, at most: the sources as N-Triples per file (terms as written),
an in-memory pyoxigraph store over their union (SPARQL for derivation, VoID and the catalog), the
canonical N-Triples bytes until they are written to the N-Triples dump, then the SHACL engine's
copy (pyshacl-turbo's, native; pyshacl's, an rdflib graph; dropped after validation). For big
graphs a second process writes the dumps other than N-Triples from the N-Triples file while this
one validates (streaming: a batch of triples at a time), and, with pyshacl, another runs the
second half of the SHACL gate (:mod:`lod.publisher.gate`).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, XSD

from lod.canonical import canonical_ntriples
from lod.config import Settings
from lod.errors import LodError, SourceError, ValidationFailed
from lod.namespaces import ADMS, DCATDE, SPDX
from lod.publisher import catalog as dcat
from lod.publisher import dumps, figures, shacl, wikidata_labels
from lod.publisher.derive import derive, rule_prefixes
from lod.publisher.gate import PARALLEL_TRIPLES
from lod.publisher.publish import staging_dir
from lod.publisher.sources import SourceDirs, Sources, load_files, parse_file
from lod.publisher.terms import fill_graph, to_oxigraph_triples
from lod.publisher.void import Statistics, VoidLinks, served_triples, statistics, void_graph
from lod.store.formats import DUMP_FORMATS, GZIP_MEDIA_TYPE, JSON_LD, TURTLE
from lod.uris import THING_TYPES, default_graph_iri, download_path

DEFAULT_METADATA = Path("metadata/publication.ttl")
# What the endpoint's store loads beside the N-Triples dump (manifest "store_files"); VoID's
# count of the endpoint's default graph covers the dump and exactly these.
STORE_METADATA = ("catalog.ttl", "void.ttl", "shapes.ttl", "labels.ttl")
# From this many triples on, the dumps other than N-Triples are written (and gzipped) in a second
# process while this one validates; below it, a process costs more than it saves.
PARALLEL_DUMPS_TRIPLES = 50_000


class Timings:
    """Wall time per stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


@dataclass
class Loaded:
    sources: Sources
    shapes: Graph
    prefixes: dict[str, str]


@dataclass
class BuildResult:
    dist: Path
    manifest: dict[str, Any]
    report: shacl.Report
    timings: Timings = field(default_factory=Timings)


def source_dirs(settings: Settings) -> SourceDirs:
    return SourceDirs(settings.ontology_dir, settings.data_dir, settings.shapes_dir)


def publication_prefixes(base_iri: str) -> dict[str, str]:
    """lod's prefixes under ``base_iri``, plus one per thing type (``city:`` → ``id/city/``)."""
    things = {kind: f"{base_iri}id/{kind}/" for kind in THING_TYPES if kind != "concept"}
    metadata = {"spdx": str(SPDX), "dcatde": str(DCATDE), "adms": str(ADMS)}
    return {**rule_prefixes(base_iri), **things, "shapes": f"{base_iri}shapes/", **metadata}


def load(settings: Settings, timings: Timings) -> Loaded:
    dirs = source_dirs(settings)
    graph_files, shape_files = dirs.graph_files(), dirs.shape_files()  # name missing dirs first
    with timings.stage("parse"):
        sources = load_files(graph_files, settings.base_iri)
        shapes = shacl.load_shapes(shape_files, settings.base_iri)
    return Loaded(sources, shapes, publication_prefixes(settings.base_iri))


def validate_sources(
    settings: Settings, timings: Timings | None = None, parallel_from: int = PARALLEL_TRIPLES
) -> shacl.Report:
    """``lod validate``: the SHACL report over ontology + data (no exception on violations)."""
    timings = timings or Timings()
    loaded = load(settings, timings)
    with timings.stage("validate"):
        return shacl.validate(loaded.sources, loaded.shapes, loaded.prefixes, parallel_from)


def build_publication(
    settings: Settings,
    metadata_path: Path = DEFAULT_METADATA,
    timings: Timings | None = None,
    parallel_dumps_triples: int = PARALLEL_DUMPS_TRIPLES,
    extras: Callable[[Path], None] | None = None,
) -> BuildResult:
    """``lod build``: validate, derive and write dist/ atomically; raises on any failure.

    ``extras`` is called with the staging directory once the publication is complete there,
    before the swap: files that are not part of the dataset (the reconciliation report) arrive
    in dist/ together with it.
    """
    timings = timings or Timings()
    metadata = load_metadata(metadata_path, settings.base_iri)
    described = dcat.find_described(metadata, str(metadata_path))
    loaded = load(settings, timings)
    figures.fill(metadata, figures.figures(loaded.sources.store, settings.base_iri), metadata_path)
    # Derivation only reads the store and validation only the parsed sources, so the dumps can
    # start before the gate: the slow JSON-LD writer then runs beside the SHACL engine. Nothing
    # reaches dist/ unless the gate passes; a failure removes the staging directory.
    with timings.stage("derive"):
        derived = derive(loaded.sources.store, settings.base_iri)
    with timings.stage("canonicalize"):
        ntriples = canonical_ntriples(loaded.sources.ntriples(), derived.triples)
    writer = DistWriter(settings, loaded, metadata, described, ntriples, timings)
    del ntriples  # the writer's copy is the only one: it lets it go once the dumps are on disk
    with staging_dir(settings.dist_dir) as staging:
        writer.begin(staging, parallel_dumps_triples)
        try:
            with timings.stage("validate"):
                report = shacl.validate(loaded.sources, loaded.shapes, loaded.prefixes)
            if not report.conforms:
                raise ValidationFailed(report.text())
        except BaseException:
            writer.cancel()
            raise
        manifest = writer.finish(staging, derived.counts)
        if extras is not None:
            extras(staging)
    return BuildResult(settings.dist_dir, manifest, report, timings)


def load_metadata(path: Path, base_iri: str) -> Graph:
    if not path.is_file():
        raise SourceError(f"{path}: publication metadata file not found")
    return fill_graph(Graph(), parse_file(path, base_iri))


def build_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` (reproducible builds), in UTC to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0)


@dataclass
class DistWriter:
    settings: Settings
    loaded: Loaded
    metadata: Graph
    described: dcat.Described
    ntriples: bytes
    timings: Timings
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # name → manifest entry
    worker: DumpWorker | None = None
    triples: int = 0
    prefixes: dict[str, str] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.settings.dataset_slug

    def begin(self, out: Path, parallel_from: int) -> None:
        """Write the N-Triples dump; for big graphs start writing the others beside the gate."""
        self.triples = dumps.triple_count(self.ntriples)
        self.prefixes = {
            p: ns for p, ns in self.loaded.prefixes.items() if ns.encode() in self.ntriples
        }
        self.context = dumps.jsonld_context(self.prefixes)
        with self.timings.stage("serialize nt"):
            dumps.write_ntriples(self.ntriples, out / f"{self.slug}.nt")
        # The other dumps are read from the file; this process needs the bytes no more, and the
        # SHACL engine's copy of the graph comes next (175 MB less at a million triples).
        self.ntriples = b""
        if self.triples >= parallel_from:
            self.worker = DumpWorker(out, self.slug, self.prefixes, self.context)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def finish(self, out: Path, derived: Mapping[str, int]) -> dict[str, Any]:
        """The other dumps, gzips, checksums, VoID, catalog, shapes and manifest."""
        if self.worker is None:
            with self.timings.stage("serialize ttl, rdf, jsonld + gzip"):
                dumps.write_syntaxes(out, self.slug, self.prefixes, self.context)
        with self.timings.stage("void"):
            stats = statistics(self.loaded.sources.store, self.settings.base_iri, self.triples)
        if self.worker is not None:
            with self.timings.stage("serialize ttl, rdf, jsonld + gzip (wait)"):
                self.worker.wait()
        with self.timings.stage("sha256"):
            formats = {fmt.extension: fmt for fmt in DUMP_FORMATS}
            for extension in dumps.SYNTAXES:
                path = out / f"{self.slug}.{extension}"
                self._record(path, formats[extension].media_type)
                self._record(path.with_name(path.name + ".gz"), GZIP_MEDIA_TYPE)
        modified = build_time()
        version = self.files[f"{self.slug}.nt"]["sha256"]
        self._write_json(out / "context.jsonld", self.context, JSON_LD.media_type)
        self._write_metadata(out, stats, modified, version)
        return self._write_manifest(out, self.triples, modified, version, derived)

    def _record(self, path: Path, media_type: str) -> str:
        """Checksum ``path``, write its ``.sha256`` file and list both for the manifest."""
        sha256 = dumps.sha256_file(path)
        self.files[path.name] = _entry(path, media_type, sha256)
        checksum = dumps.write_checksum(path, sha256)
        self.files[checksum.name] = _entry(checksum, "text/plain", dumps.sha256_file(checksum))
        return sha256

    def _write_json(self, path: Path, document: Any, media_type: str) -> None:
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        self.files[path.name] = _entry(path, media_type, dumps.sha256_file(path))

    def _write_turtle(self, path: Path, graph: Graph) -> None:
        # Not through a pyoxigraph Store: it would turn xsd:nonNegativeInteger into xsd:integer.
        nt = canonical_ntriples(
            ox.serialize(list(to_oxigraph_triples(graph)), format=dumps.NT) or b""
        )
        used = {p: ns for p, ns in self.loaded.prefixes.items() if ns.encode() in nt}
        dumps.write_turtle(nt, path, used)
        self.files[path.name] = _entry(path, TURTLE.media_type, dumps.sha256_file(path))

    def _write_metadata(
        self, out: Path, stats: Statistics, modified: datetime, version: str
    ) -> None:
        """catalog.ttl, shapes.ttl, labels.ttl (names of the linked Wikidata items) and void.ttl,
        whose count of the endpoint's default graph covers all four (the one VoID triple that
        states it is there whatever its value)."""
        # As written ("Z"), the form a store gives back: rdflib would make it "+00:00".
        stamp = Literal(_utc(modified), datatype=XSD.dateTime, normalize=False)
        links = self._void_links(stamp)
        catalog = self._catalog(stamp, version)
        shapes, prefixes = self.loaded.shapes, self.loaded.prefixes
        store = self.loaded.sources.store
        qids = wikidata_labels.linked_items(store, [catalog])
        labels = wikidata_labels.labels_graph(qids, str(self.described.dataset))
        placeholder = void_graph(stats, links, prefixes, 0)
        served = served_triples(store, [catalog, placeholder, shapes, labels])
        graphs = {
            "catalog.ttl": catalog,
            "void.ttl": void_graph(stats, links, prefixes, served),
            "shapes.ttl": shapes,
            "labels.ttl": labels,
        }
        for name in STORE_METADATA:
            self._write_turtle(out / name, graphs[name])

    def _catalog(self, stamp: Literal, version: str) -> Graph:
        base = self.settings.base_iri
        catalog_input = dcat.CatalogInput(
            metadata=self.metadata,
            described=self.described,
            base_iri=base,
            dataset_slug=self.slug,
            files=self._dump_files(),
            modified=stamp,
            version=version,
            period=dcat.agreement_period(self.loaded.sources.store, base),
        )
        return dcat.catalog_graph(catalog_input)

    def _void_links(self, stamp: Literal) -> VoidLinks:
        base, dataset = self.settings.base_iri, self.described.dataset
        return VoidLinks(
            dataset=str(dataset),
            base_iri=base,
            dumps=[
                (fmt, base + download_path(self.slug, ext))
                for fmt in DUMP_FORMATS
                for ext in (fmt.extension, fmt.extension + ".gz")
            ],
            sparql_endpoint=base + "sparql",
            default_graph=default_graph_iri(base),
            title=list(self.metadata.objects(dataset, DCTERMS.title)),  # type: ignore[arg-type]
            license=_first(self.metadata.objects(self.described.catalog, DCTERMS.license)),
            modified=stamp,
        )

    def _dump_files(self) -> list[dcat.DumpFile]:
        files = []
        for fmt in DUMP_FORMATS:
            for gzipped in (False, True):
                name = f"{self.slug}.{fmt.extension}" + (".gz" if gzipped else "")
                entry = self.files[name]
                files.append(dcat.DumpFile(fmt, gzipped, name, entry["bytes"], entry["sha256"]))
        return files

    def _write_manifest(
        self, out: Path, triples: int, modified: datetime, version: str, derived: Mapping[str, int]
    ) -> dict[str, Any]:
        manifest = {
            "dataset": str(self.described.dataset),
            "slug": self.slug,
            "base_iri": self.settings.base_iri,
            "version": version,
            "modified": _utc(modified),
            "triples": triples,
            "derived": dict(derived),
            "files": [self.files[name] for name in sorted(self.files)],
            "store_files": [f"{self.slug}.nt", *STORE_METADATA],
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        (out / "manifest.json").write_text(text, encoding="utf-8")
        return manifest


def _utc(moment: datetime) -> str:
    """``2023-11-14T22:13:20Z``: the build time as the manifest, catalog and VoID state it."""
    return moment.isoformat().replace("+00:00", "Z")


def _entry(path: Path, media_type: str, sha256: str) -> dict[str, Any]:
    return {
        "path": path.name,
        "media_type": media_type,
        "bytes": path.stat().st_size,
        "sha256": sha256,
    }


def _first(values: Iterator[Any]) -> str | None:
    for value in values:
        return str(value)
    return None


class DumpWorker:
    """The Turtle, RDF/XML and JSON-LD dumps and the gzips, written by a second process
    (spawned: this one holds threads and a store) from the N-Triples dump on disk, on the other
    core while this one runs the SHACL gate and VoID."""

    def __init__(
        self, out: Path, slug: str, prefixes: dict[str, str], context: dict[str, Any]
    ) -> None:
        self.out = out
        spawn = multiprocessing.get_context("spawn")
        self.process = spawn.Process(
            target=dumps.write_syntaxes, args=(out, slug, prefixes, context), daemon=True
        )
        self.process.start()

    def wait(self) -> None:
        self.process.join()
        if self.process.exitcode != 0:
            raise LodError(
                f"{self.out}: writing the dumps failed (exit code {self.process.exitcode})"
            )

    def cancel(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
