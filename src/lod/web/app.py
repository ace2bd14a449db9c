"""The app factory: settings → store → blueprints, shared HTTP behaviour and error handling.

Production (each gunicorn worker builds its own app and store; do not use ``--preload``)::

    LOD_DIST_DIR=/srv/lod/dist gunicorn -w 2 -b 127.0.0.1:8080 'lod.web.app:create_app()'

Besides the settings (``LOD_*``, see :mod:`lod.config`), the embedded store's query workers
read ``LOD_QUERY_WORKERS`` (processes per app, default 3) and ``LOD_QUERY_WORKER_MEMORY_MB``
(memory limit of each, default 1024).
"""

from __future__ import annotations

import atexit
import importlib
import importlib.util
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import Flask, current_app, g, has_request_context, request

from lod import __version__
from lod.config import Settings, load_settings
from lod.store import Store, open_store
from lod.web import errors, http, metrics
from lod.web.negotiation import LANGUAGES, negotiate_language
from lod.web.served import (
    MANIFEST,
    ServedVersion,
    VersionSwitch,
    fixed_version,
    read_manifest,
    snapshot_version,
)

# Every blueprint of the site, registered in this order. A module that is not there (yet) is
# skipped; a module that is there but fails to import is an error.
BLUEPRINTS: tuple[str, ...] = (
    "lod.web.sparql",
    "lod.web.resources",
    "lod.web.harvest",
    "lod.web.reconcile",
    "lod.web.lists",
)

DEFAULT_QUERY_WORKERS = 3  # more than the cores: one stays free for quick queries
T = TypeVar("T")


@dataclass
class LodState:
    """What the views need, kept in ``app.extensions["lod"]``."""

    settings: Settings
    switch: VersionSwitch

    @property
    def served(self) -> ServedVersion:
        """The version this request answers from (the current one outside a request)."""
        served: ServedVersion | None = g.get("lod_served") if has_request_context() else None
        return served or self.switch.current

    @property
    def store(self) -> Store:
        return self.served.store

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per served version (every time if it has no version)."""
        return self.served.cached(key, compute)


def create_app(
    test_config: Mapping[str, Any] | None = None,
    *,
    settings: Settings | None = None,
    store: Store | None = None,
) -> Flask:
    """Build the app. Settings: ``settings``, else defaults → ``LOD_*`` environment →
    ``test_config["SETTINGS"]`` (a mapping of overrides). Without ``store``, the app serves the
    built publication in ``settings.dist_dir`` (query worker processes, or ``store_url``) and
    switches to each new build (:mod:`lod.web.served`); a given ``store`` is served as it is.
    """
    config = dict(test_config or {})
    if settings is None:
        settings = load_settings(config.pop("SETTINGS", None))
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=settings.max_body_bytes, JSON_SORT_KEYS=False)
    app.config.update(config)
    if store is None:
        settings = as_published(settings)
        workers = _int_config(app, "QUERY_WORKERS", DEFAULT_QUERY_WORKERS)
        memory = _int_config(app, "QUERY_WORKER_MEMORY_MB", 0) or None
        switch = VersionSwitch(
            lambda: load_version(settings, workers, memory),
            watch=settings.dist_dir / MANIFEST,
            interval=settings.reload_interval,
        )
        atexit.register(switch.close)
    else:
        switch = VersionSwitch(lambda: fixed_version(store, settings.dist_dir))
    state = LodState(settings, switch)
    app.extensions["lod"] = state
    app.before_request(lambda: _bind_version(state))
    app.teardown_request(lambda _error: _release_version(state))
    http.init_app(app)
    errors.init_app(app)
    metrics.init_app(app)
    app.context_processor(_template_globals)
    for name in BLUEPRINTS:
        _register_blueprint(app, name)
    return app


def as_published(settings: Settings) -> Settings:
    """``settings`` with the dataset's name and base IRI of the publication served: its IRIs
    were minted with them, whatever the directory the server was started in says (a project's
    ``lod.toml`` is only read in that project)."""
    manifest = read_manifest(settings.dist_dir)
    slug, base = manifest.get("slug"), manifest.get("base_iri")
    if not isinstance(slug, str) or not isinstance(base, str):
        return settings
    return settings.replace(dataset_slug=slug, base_iri=base)


def load_version(settings: Settings, workers: int, memory_mb: int | None) -> ServedVersion:
    """The publication in ``settings.dist_dir``, on query workers or the remote store."""
    if settings.store_url and not (settings.dist_dir / MANIFEST).is_file():
        return fixed_version(open_store(settings), None)  # an engine filled some other way
    return snapshot_version(
        settings,
        lambda snapshot: open_store(
            snapshot, isolated=True, workers=workers, worker_memory_mb=memory_mb
        ),
    )


def _bind_version(state: LodState) -> None:
    """Every route of this request answers from the version current when it started."""
    g.lod_served = state.switch.acquire()


def _release_version(state: LodState) -> None:
    served = g.pop("lod_served", None)
    if served is not None:
        state.switch.release(served)


def get_state() -> LodState:
    state: LodState = current_app.extensions["lod"]
    return state


def get_store() -> Store:
    return get_state().store


def get_served() -> ServedVersion:
    return get_state().served


def get_settings() -> Settings:
    return get_state().settings


def url_with(**changes: str | None) -> str:
    """The current URL with some query parameters changed (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [value]
    query = urlencode(args, doseq=True)
    return request.path + ("?" + query if query else "")


def _register_blueprint(app: Flask, name: str) -> None:
    if importlib.util.find_spec(name) is None:
        return
    module = importlib.import_module(name)
    app.register_blueprint(module.bp)


def _int_config(app: Flask, name: str, default: int) -> int:
    """``app.config[name]``, else the environment's ``LOD_<name>``, else ``default``."""
    return int(app.config.get(name) or os.environ.get(f"LOD_{name}") or default)


def _template_globals() -> dict[str, Any]:
    return {
        "lang": negotiate_language(),
        "languages": LANGUAGES,
        "url_with": url_with,
        "lod_version": __version__,
        "settings": get_settings(),
    }
