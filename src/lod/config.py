"""Settings: one named record per setting, with a default and a help text.

Layering (lowest first): defaults → ``lod.toml`` in the working directory (a project made by
``lod init`` says there which dataset it is) → environment variables ``LOD_<NAME>`` → explicit
overrides (CLI options, test config). The README lists every setting; a test checks that it does.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from lod.errors import LodError
from lod.namespaces import DEFAULT_BASE_IRI


def _meta(help_text: str) -> dict[str, str]:
    return {"help": help_text}


@dataclass(frozen=True)
class Settings:
    """All of lod's settings. A relative directory is taken below the working directory at the
    time the settings are made, and kept as that absolute path."""

    base_iri: str = field(
        default=DEFAULT_BASE_IRI,
        metadata=_meta("Base IRI under which every resource of the dataset is minted."),
    )
    dataset_slug: str = field(
        default="osnabrueck-twinning",
        metadata=_meta("Short name of the dataset, used in download file names and IRIs."),
    )
    ontology_dir: Path = field(
        default=Path("ontology"), metadata=_meta("Directory of the ontology's Turtle files.")
    )
    data_dir: Path = field(default=Path("data"), metadata=_meta("Directory of the source data."))
    shapes_dir: Path = field(
        default=Path("shapes"), metadata=_meta("Directory of the SHACL shapes (the build gate).")
    )
    queries_dir: Path = field(
        default=Path("queries"), metadata=_meta("Directory of the named SPARQL queries (*.rq).")
    )
    dist_dir: Path = field(
        default=Path("dist"), metadata=_meta("Where `lod build` writes the publication.")
    )
    host: str = field(default="127.0.0.1", metadata=_meta("Address `lod serve` listens on."))
    port: int = field(default=8080, metadata=_meta("Port `lod serve` listens on."))
    store_url: str = field(
        default="",
        metadata=_meta("URL of a remote SPARQL 1.1 query endpoint; empty = embedded store."),
    )
    store_default_graph: str = field(
        default="",
        metadata=_meta(
            "Graph of a remote store that is the data's default graph (where `lod publish "
            "--into` put it), sent with queries naming no dataset; for engines whose default "
            "graph is the union of all graphs (Virtuoso). Empty = the engine's default graph."
        ),
    )
    store_named_graphs: tuple[str, ...] = field(
        default=(),
        metadata=_meta(
            "Named graphs of a remote store sent with queries naming no dataset, "
            "comma-separated; empty = the engine's."
        ),
    )
    store_path: str = field(
        default="",
        metadata=_meta(
            "Directory of a persistent embedded store (one subdirectory per version); "
            "empty = a temporary one, removed on exit."
        ),
    )
    query_timeout: float = field(
        default=10.0, metadata=_meta("Seconds a SPARQL query may run before it is cut off.")
    )
    max_results: int = field(
        default=100_000, metadata=_meta("Most rows (or triples) a query may return.")
    )
    max_query_depth: int = field(
        default=100,
        metadata=_meta("Deepest nesting of groups, sub-queries or brackets a query may have."),
    )
    max_body_bytes: int = field(
        default=1_000_000, metadata=_meta("Largest accepted request body in bytes (else 413).")
    )
    service_allowlist: tuple[str, ...] = field(
        default=(),
        metadata=_meta("Endpoints SERVICE may call, comma-separated; empty = SERVICE refused."),
    )
    metrics_from: tuple[str, ...] = field(
        default=("127.0.0.1", "::1"),
        metadata=_meta(
            "Client addresses or networks that may read /metrics, comma-separated; * = any."
        ),
    )
    reload_interval: float = field(
        default=2.0,
        metadata=_meta(
            "Seconds between checks of the served dist/ for a new build (0 = only on SIGHUP)."
        ),
    )

    def __post_init__(self) -> None:
        # Directories are resolved once, here: a relative one means "below the working
        # directory", whatever a library (Flask's send_file resolves against the package) or a
        # later chdir would make of it.
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Path) and not value.is_absolute():
                object.__setattr__(self, f.name, value.absolute())

    def replace(self, **changes: Any) -> Settings:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update({k: _coerce(k, v) for k, v in changes.items() if v is not None})
        return Settings(**values)


_FIELD_TYPES = {f.name: f.default for f in fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    """Turn a string from the environment into the type of the setting's default."""
    if name not in _FIELD_TYPES:
        raise KeyError(f"unknown setting: {name}")
    default = _FIELD_TYPES[name]
    if not isinstance(value, str):
        return value
    if isinstance(default, bool):
        return value.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, Path):
        return Path(value)
    if isinstance(default, tuple):
        return tuple(item.strip() for item in value.split(",") if item.strip())
    return value


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults, then ``LOD_*`` environment variables, then ``overrides``."""
    env = os.environ if environ is None else environ
    project = project_settings(Path(PROJECT_FILE))
    from_env = {
        f.name: env[f"LOD_{f.name.upper()}"]
        for f in fields(Settings)
        if f"LOD_{f.name.upper()}" in env
    }
    settings = Settings().replace(**project).replace(**from_env)
    return settings.replace(**dict(overrides or {}))


PROJECT_FILE = "lod.toml"


def project_settings(path: Path) -> dict[str, Any]:
    """The settings a project file gives (``name = value`` per setting); none if it is absent."""
    if not path.is_file():
        return {}
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise LodError(f"{path}: {error}") from None
    unknown = set(values) - set(_FIELD_TYPES)
    if unknown:
        raise LodError(f"{path}: unknown settings: {', '.join(sorted(unknown))}")
    return {name: value for name, value in values.items() if not isinstance(value, dict)}


def describe_settings() -> list[tuple[str, str, str]]:
    """(name, default, help) for every setting: the source of the README's settings table."""
    return [(f.name, _shown(f.default), f.metadata["help"]) for f in fields(Settings)]


def _shown(default: Any) -> str:
    if isinstance(default, tuple):
        return ",".join(default)
    return default.as_posix() if isinstance(default, Path) else str(default)
