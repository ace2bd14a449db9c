"""Reconcile the publication with Wikidata: the drift report (``lod reconcile``), the files it
leaves in the publication, and the reconciliation service's matching (:mod:`.service`).

The publication side is read from the built ``dist/`` (:mod:`.here`), Wikidata's from a SPARQL
endpoint (:mod:`.wikidata`); :mod:`.compare` classifies each partner and :mod:`.report`
writes the report. The web server only ever reads the stored report: it never calls Wikidata.
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lod.config import Settings
from lod.reconcile import compare, here, report, wikidata
from lod.store import EmbeddedStore, LoadSpec, Store

# The report's files in dist/ (flat: the server snapshots dist/ file by file).
REPORT_FILES = {
    "json": "reconcile.json",
    "csv": "reconcile.csv",
    "quickstatements": "reconcile.quickstatements.txt",
}
MANIFEST = "manifest.json"


def run(
    settings: Settings,
    endpoint: str = wikidata.WDQS,
    city: str | None = None,
    timeout: float = wikidata.DEFAULT_TIMEOUT,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Compare the built publication in ``settings.dist_dir`` with ``endpoint``: the report.

    Raises :class:`lod.errors.LodError` when there is no publication or no such home city and
    :class:`lod.reconcile.wikidata.EndpointError` when the endpoint does not answer usably.
    """
    spec = LoadSpec.from_manifest(settings.dist_dir, settings.base_iri)
    store = EmbeddedStore.load(spec)
    try:
        return compare_store(store, settings, endpoint, city, timeout, now)
    finally:
        store.close()


def compare_store(
    store: Store,
    settings: Settings,
    endpoint: str,
    city: str | None = None,
    timeout: float = wikidata.DEFAULT_TIMEOUT,
    now: datetime | None = None,
) -> dict[str, Any]:
    home = here.pick_home(here.home_cities(store, settings.base_iri), city)
    relations = here.relations_of(store, settings.base_iri, home)
    relations.sort(key=lambda r: (sort_key(r.label), r.relation))
    checked = now or datetime.now(UTC)
    statements = wikidata.statements_about(endpoint, home.item, timeout)
    rows = compare.compare(home.item, relations, statements)
    _label_wikidata_only(rows, endpoint, timeout)
    context = report.Context(checked, endpoint, home.item, home.label, _publication(settings))
    return report.build_report(context, rows)


def _label_wikidata_only(rows: list[compare.Row], endpoint: str, timeout: float) -> None:
    """Name the partners only Wikidata knows (their QID stays the label if it has none)."""
    others = [row for row in rows if row.here is None and row.partner]
    labels = wikidata.labels_of(endpoint, [row.partner for row in others if row.partner], timeout)
    for row in others:
        row.label = labels.get(row.partner or "", row.label)
    others.sort(key=lambda r: sort_key(r.label))
    rows[len(rows) - len(others) :] = others


def sort_key(label: str) -> str:
    """Alphabetical for people: Çanakkale beside Canberra, not after Zagreb."""
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _publication(settings: Settings) -> dict[str, Any]:
    try:
        manifest = json.loads((settings.dist_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: manifest.get(k) for k in ("dataset", "version", "modified")}


def render(document: dict[str, Any], fmt: str, lang: str = "en") -> str:
    """The report in ``fmt``: json, csv, quickstatements or html."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return report.to_csv(document)
    if fmt == "quickstatements":
        return report.to_quickstatements(document)
    if fmt == "html":
        from lod.reconcile.page import standalone_html

        return standalone_html(document, lang)
    raise ValueError(f"unknown report format {fmt!r}")


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it: all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def store_in_publication(document: dict[str, Any], dist: Path) -> list[Path]:
    """Write the report's files into the publication and let a running server see them.

    The files are not part of the dataset (not in the manifest's ``files``, no checksum in the
    catalog); a server notices a new build by the manifest, so its time stamp is renewed.
    """
    written = []
    for fmt, name in REPORT_FILES.items():
        write_atomically(dist / name, render(document, fmt))
        written.append(dist / name)
    manifest = dist / MANIFEST
    if manifest.is_file():
        os.utime(manifest)
    return written


def stored_report(dist: Path) -> dict[str, Any] | None:
    """The report stored in the publication at ``dist``, if there is a readable one."""
    try:
        document = json.loads((dist / REPORT_FILES["json"]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None
