"""One version of the publication at a time: what every route of a request answers from.

A :class:`ServedVersion` bundles the store, a private snapshot of the built files (hard links
into a temporary directory, copies across file systems), the manifest and the caches of one
build. A request takes the current version when it starts and keeps it to its end, so SPARQL,
pages, catalog, VoID, downloads, ``/health`` and every ETag agree, even during a switch.

When a new build lands (``lod build`` swaps a complete ``dist/`` into place, so its
``manifest.json`` changes), :class:`VersionSwitch` notices it (the manifest is checked every
``reload_interval`` seconds, and at once on SIGHUP under ``lod serve``), loads the new version
beside the old one and swaps it in. The old version keeps answering the requests that started on
it and is closed (store, query workers, snapshot) when the last of them ends. A version that
fails to load leaves the old one serving; a failed build never touches ``dist/`` at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import stat
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from lod.config import Settings
from lod.errors import LodError
from lod.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")
MANIFEST = "manifest.json"
# The one cache of a version (see BoundedCache): answers, rendered documents and indexes.
MAX_CACHE_ENTRIES = 8192
MAX_CACHE_BYTES = 192 * 1024 * 1024  # per version; the world's lists and indexes take ~60 MB
ManifestFiles = dict[str, dict[str, Any]]


class BoundedCache:
    """Everything a served version remembers, in one place and within one bound: the answers
    to repeated requests (:mod:`lod.web.response_cache`), rendered documents and the indexes
    computed from the store (lists, sitemap, reconciliation, the home record).

    One cache per version rather than one per app with the version in every key: a new version
    starts with an empty cache by construction, and the old one's memory goes with it when its
    last request ends. Bounded in entries and in (approximate) bytes; the least recently used
    entries go first, so the indexes every list or search needs stay while a crawler's one-off
    documents pass through. A value bigger than the whole budget is kept alone until the next.
    """

    def __init__(
        self, max_entries: int = MAX_CACHE_ENTRIES, max_bytes: int = MAX_CACHE_BYTES
    ) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()  # value, bytes
        self.size = 0  # bytes held, as approximate_size counts them
        self.lock = threading.Lock()
        self.computing: dict[Hashable, threading.Lock] = {}  # keys being computed now

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return default
            self.entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: Any, size: int | None = None) -> None:
        """Keep ``value`` (of ``size`` bytes, else as :func:`approximate_size` counts it)."""
        size = approximate_size(value) if size is None else size
        with self.lock:
            old = self.entries.pop(key, None)
            self.size += size - (old[1] if old else 0)
            self.entries[key] = (value, size)
            while len(self.entries) > 1 and (
                len(self.entries) > self.max_entries or self.size > self.max_bytes
            ):
                _, (_, freed) = self.entries.popitem(last=False)
                self.size -= freed

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept under ``key``, else ``compute()``, kept. Computed once at a time:
        a request that needs a value being computed (by another request, or by the warm-up
        when a version is loaded) waits for it rather than computing it again beside it."""
        missing = object()
        value = self.get(key, missing)
        if value is not missing:
            return value
        with self.lock:
            computing = self.computing.setdefault(key, threading.Lock())
        with computing:
            value = self.get(key, missing)
            if value is missing:
                try:
                    value = compute()
                    self.put(key, value)
                finally:
                    with self.lock:
                        self.computing.pop(key, None)
        return value

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def keys(self) -> list[Hashable]:
        """The keys, least recently used first."""
        with self.lock:
            return list(self.entries)

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.keys())

    def pop(self, key: Hashable, default: Any = None) -> Any:
        with self.lock:
            entry = self.entries.pop(key, None)
            if entry is None:
                return default
            self.size -= entry[1]
            return entry[0]

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)


def approximate_size(value: object, depth: int = 0) -> int:
    """The bytes ``value`` holds, roughly: text by length, containers and records by their
    parts, RDF terms by their N-Triples text (their data lives outside Python's heap)."""
    if isinstance(value, str | bytes):
        return 49 + len(value)
    if depth > 16:  # deeper than any value the site keeps: count the node only
        return 64
    if isinstance(value, dict):
        items = value.items()
        return 64 + sum(approximate_size(k, depth + 1) + approximate_size(v, depth + 1)
                        for k, v in items)  # fmt: skip
    if isinstance(value, list | tuple | set | frozenset):
        return 56 + sum(approximate_size(item, depth + 1) for item in value)
    if isinstance(value, _TERMS):
        return 64 + len(str(value))
    if isinstance(value, ox.Triple):
        return 64 + sum(approximate_size(t, depth + 1) for t in value)
    if is_dataclass(value):
        return 56 + sum(approximate_size(getattr(value, f.name), depth + 1) for f in fields(value))
    return sys.getsizeof(value)


@dataclass
class ServedVersion:
    """One publication as served: its store, its files and what was computed from them."""

    store: Store
    files_dir: Path | None  # where its files are (a snapshot, or dist/ for a fixed store)
    files: ManifestFiles  # the downloadable files by name, from its manifest
    tag: str | None  # identity of everything served, for ETags and caches (None: never cached)
    triples: int  # in the store's default graph, counted at load (not behind visitors' queries)
    modified: str | None  # the manifest's build time
    cleanup: Callable[[], None] = lambda: None
    cache: BoundedCache = field(default_factory=BoundedCache)
    users: int = 0  # requests answering from it now
    retired: bool = False  # replaced by a newer version; closed when its last request ends

    @property
    def version(self) -> str | None:
        """The data version (the manifest's ``version``, or the store's own)."""
        return self.store.version

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per version (every time when the version is unknown)."""
        if self.tag is None:
            return compute()
        return self.cache.remember(key, compute)

    def close(self) -> None:
        self.cache.clear()
        self.store.close()
        self.cleanup()


def fixed_version(store: Store, dist_dir: Path | None) -> ServedVersion:
    """A version around a store made elsewhere (tests, ``--data`` files): never switched."""
    manifest = read_manifest(dist_dir) if dist_dir else {}
    return ServedVersion(
        store, dist_dir, manifest_files(manifest), store.version, store.triple_count(),
        manifest.get("modified"),
    )  # fmt: skip


def snapshot_version(settings: Settings, open_store: Callable[[Settings], Store]) -> ServedVersion:
    """The publication now in ``settings.dist_dir``, snapshotted, with a store opened on the
    snapshot by ``open_store`` (given settings whose ``dist_dir`` is the snapshot)."""
    snapshot = snapshot_dist(settings.dist_dir)
    try:
        manifest = (snapshot / MANIFEST).read_bytes()
        record = json.loads(manifest)
        version = str(record.get("version", ""))
        store_path = versioned_store_path(settings.store_path, version)
        store = open_store(settings.replace(dist_dir=snapshot, store_path=store_path))
        triples = store.triple_count()
    except BaseException:
        shutil.rmtree(snapshot, ignore_errors=True)
        raise

    def cleanup() -> None:
        shutil.rmtree(snapshot, ignore_errors=True)
        if store_path:
            shutil.rmtree(store_path, ignore_errors=True)

    tag = hashlib.sha256(manifest).hexdigest()[:32]
    files = manifest_files(record)
    return ServedVersion(store, snapshot, files, tag, triples, record.get("modified"), cleanup)


def versioned_store_path(store_path: str, version: str) -> str:
    """A persistent store keeps one directory per version, so the next loads beside it."""
    if not store_path:
        return ""
    return str(Path(store_path) / (version[:16] or "unversioned"))


def snapshot_dist(dist: Path) -> Path:
    """A private copy of the publication in ``dist`` (hard links where possible).

    Everything is read through one handle on the directory, so a build swapped into place
    meanwhile cannot mix two versions: the handle keeps pointing at the one first opened.
    """
    if not (dist / MANIFEST).is_file():
        raise LodError(
            f"no publication at {dist / MANIFEST}: run `lod build` first, "
            "or serve files with --data FILE"
        )
    target = Path(tempfile.mkdtemp(prefix="lod-publication-"))
    directory = os.open(dist, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in os.listdir(directory):
            # The build writes files only; anything else in dist/ is not served.
            if stat.S_ISREG(os.stat(name, dir_fd=directory, follow_symlinks=False).st_mode):
                _link_or_copy(directory, name, target / name)
    except OSError as error:
        shutil.rmtree(target, ignore_errors=True)
        raise LodError(f"{dist}: cannot read the publication ({error})") from error
    finally:
        os.close(directory)
    return target


def _link_or_copy(directory: int, name: str, target: Path) -> None:
    try:
        os.link(name, target, src_dir_fd=directory, follow_symlinks=False)
        return
    except OSError:  # another file system, or links not allowed: copy the bytes
        pass
    source = os.open(name, os.O_RDONLY, dir_fd=directory)
    with os.fdopen(source, "rb") as reader, open(target, "wb") as writer:
        shutil.copyfileobj(reader, writer)


def read_manifest(dist_dir: Path) -> dict[str, Any]:
    """The manifest of the publication in ``dist_dir``; {} without a readable one."""
    try:
        manifest = json.loads((Path(dist_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def manifest_files(manifest: dict[str, Any]) -> ManifestFiles:
    """The files of a publication by name (the manifest itself included); {} without any."""
    if not manifest:
        return {}
    files = {e["path"]: e for e in manifest.get("files", []) if "/" not in e["path"]}
    files[MANIFEST] = {"path": MANIFEST, "media_type": "application/json"}
    return files


class VersionSwitch:
    """The current :class:`ServedVersion`, switched as a whole when a new build lands."""

    def __init__(
        self,
        load: Callable[[], ServedVersion],
        watch: Path | None = None,
        interval: float = 0.0,
    ) -> None:
        self._load = load
        self._watch = watch
        self._lock = threading.Lock()  # guards current and the users counts
        self._switching = threading.Lock()  # one load at a time
        self._seen = _signature(watch)
        self.current = load()
        self.failure: str | None = None  # why the newest build could not be loaded, if so
        self.on_swap: Callable[[], None] | None = None  # called when a new version is current
        self._stop = threading.Event()
        if watch is not None and interval > 0:
            thread = threading.Thread(
                target=self._watch_loop, args=(interval,), name="lod-version-watch", daemon=True
            )
            thread.start()

    def acquire(self) -> ServedVersion:
        with self._lock:
            served = self.current
            served.users += 1
            return served

    def release(self, served: ServedVersion) -> None:
        with self._lock:
            served.users -= 1
            done = served.retired and served.users == 0
        if done:
            served.close()

    def check(self) -> bool:
        """Load and switch to a new build if the manifest changed; True if switched."""
        if self._watch is None:
            return False
        with self._switching:
            signature = _signature(self._watch)
            if signature is None or signature == self._seen:
                return False
            self._seen = signature
            try:
                new = self._load()
            except Exception as error:  # keep serving the old version, say why
                self.failure = str(getattr(error, "message", error))
                log.error("lod: the new build was not loaded, still serving the old: %s", error)
                return False
            self.failure = None
            self._swap(new)
            return True

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            served, served.retired = self.current, True
            done = served.users == 0
        if done:
            served.close()

    def _swap(self, new: ServedVersion) -> None:
        with self._lock:
            old, self.current = self.current, new
            old.retired = True
            done = old.users == 0
        if done:
            old.close()
        log.info("lod: now serving version %s", new.version)
        if self.on_swap is not None:
            self.on_swap()

    def _watch_loop(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.check()
            except Exception:  # the watcher must outlive any surprise
                log.exception("lod: checking for a new build failed")


def _signature(path: Path | None) -> tuple[int, ...] | None:
    """What changes when a build replaces the manifest (None: no manifest now)."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size)
