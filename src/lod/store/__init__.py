"""Stores: one read-only SPARQL interface (:class:`Store`), embedded or remote engines.

- :class:`EmbeddedStore`: pyoxigraph in this process (CLI, tests, conformance runs);
- :class:`IsolatedStore`: embedded stores in killable worker processes (the web server);
- :class:`RemoteStore`: any SPARQL 1.1 endpoint over HTTP.

:func:`open_store` picks one from the settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lod.errors import LodError
from lod.store.answers import Answer
from lod.store.base import (
    AnswerWriter,
    Dataset,
    QueryAborted,
    QuerySyntaxError,
    ServiceRefused,
    Store,
    StoreUnavailable,
    UpdateRefused,
    describe,
)
from lod.store.embedded import EmbeddedStore, published_literals
from lod.store.literals import PublishedLiterals
from lod.store.loading import LoadSpec, Source
from lod.store.results import QueryResult

# Not imported here: a query worker imports this package, and should hold the engine, not
# rdflib (which lod.config brings) nor SPARQLWrapper (lod.store.remote's).
if TYPE_CHECKING:
    from lod.config import Settings
    from lod.store.remote import RemoteStore


def __getattr__(name: str) -> Any:
    if name == "RemoteStore":
        from lod.store.remote import RemoteStore

        return RemoteStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_spec(
    settings: Settings, data: tuple[Path, ...] = (), graphs: tuple[tuple[str, Path], ...] = ()
) -> LoadSpec:
    """Files given on the command line, else the built publication in ``settings.dist_dir``."""
    if data or graphs:
        return LoadSpec.from_files(data, graphs)
    return LoadSpec.from_manifest(settings.dist_dir, settings.base_iri)


def remote_dataset(settings: Settings) -> Dataset:
    """The dataset a remote store queries when a query names none (see ``store_default_graph``)."""
    default = (settings.store_default_graph,) if settings.store_default_graph else ()
    return Dataset(default, settings.store_named_graphs)


def publication_version(settings: Settings) -> str | None:
    """The version of the local publication, if there is one (for a remote store's ETags)."""
    try:
        return LoadSpec.from_manifest(settings.dist_dir).version
    except Exception:
        return None


def publication_literals(settings: Settings) -> PublishedLiterals:
    """The local publication's literals as written, for a remote store's answers (the engine
    may normalise them as pyoxigraph does); empty without a local publication."""
    try:
        spec = LoadSpec.from_manifest(settings.dist_dir)
    except LodError:
        return PublishedLiterals()
    return published_literals(spec)


def open_store(
    settings: Settings,
    *,
    data: tuple[Path, ...] = (),
    graphs: tuple[tuple[str, Path], ...] = (),
    isolated: bool = False,
    workers: int = 2,
    worker_memory_mb: int | None = None,
) -> Store:
    """The store the settings ask for: remote if ``store_url`` is set, else embedded.

    ``isolated`` runs an embedded store's queries in ``workers`` killable processes, each
    limited to ``worker_memory_mb`` (default: :data:`lod.store.isolated.DEFAULT_MEMORY_LIMIT`).
    """
    if settings.store_url:
        from lod.store.remote import RemoteStore

        return RemoteStore(
            settings.store_url,
            version=publication_version(settings),
            published=publication_literals(settings),
            dataset=remote_dataset(settings),
        )
    spec = load_spec(settings, data, graphs)
    if isolated:
        from lod.store.isolated import DEFAULT_MEMORY_LIMIT, IsolatedStore

        limit = worker_memory_mb * 2**20 if worker_memory_mb else DEFAULT_MEMORY_LIMIT
        return IsolatedStore(
            spec, path=settings.store_path or None, workers=workers, memory_limit=limit
        )
    return EmbeddedStore.load(spec, settings.store_path or None)


__all__ = [
    "Answer", "AnswerWriter", "Dataset", "EmbeddedStore", "LoadSpec", "QueryAborted",
    "QueryResult", "QuerySyntaxError", "RemoteStore",
    "ServiceRefused", "Source", "Store", "StoreUnavailable", "UpdateRefused", "describe",
    "load_spec", "open_store", "publication_literals", "publication_version", "remote_dataset",
]  # fmt: skip
