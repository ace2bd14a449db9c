"""``lod reconcile`` and the reconciliation step of ``lod build --reconcile``.

Exit codes: 0 report written; 2 the endpoint failed (down, timeout, HTML, HTTP 429, …: the
last good report is left as it was); 1 anything else lod reports (no publication, no such city).
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from lod.config import Settings
from lod.errors import LodError
from lod.publisher.commands import handle_errors, settings_from
from lod.reconcile import REPORT_FILES, render, run, store_in_publication, write_atomically
from lod.reconcile.wikidata import DEFAULT_TIMEOUT, WDQS, EndpointError

FORMATS = ("json", "csv", "html", "quickstatements")
ENDPOINT_FAILED = 2


@click.command()
@click.option("--endpoint", default=WDQS, show_default=True, help="Wikidata SPARQL endpoint.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: stdout). A file in the publication's directory stores the "
    "report in the publication (JSON, CSV and QuickStatements, served at /reconcile/report).",
)
@click.option("--city", default=None, help="Home city (QID, slug or label) if there are several.")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The built publication to compare (default: dist/).")  # fmt: skip
@click.option("--timeout", type=float, default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds to wait for each answer of the endpoint.")  # fmt: skip
@click.option("--lang", type=click.Choice(("de", "en")), default="en", show_default=True,
              help="Language of the HTML report.")  # fmt: skip
@handle_errors
def reconcile(
    endpoint: str,
    fmt: str,
    out: Path | None,
    city: str | None,
    dist: Path | None,
    timeout: float,
    lang: str,
) -> None:
    """Compare the publication's relations with Wikidata's P190 statements (drift report)."""
    settings = settings_from(dist=dist)
    try:
        document = run(settings, endpoint, city, timeout)
    except EndpointError as error:
        kept = f"; {out} was left as it was" if out and out.exists() else ""
        click.echo(f"lod reconcile: {error}{kept}", err=True)
        raise click.exceptions.Exit(ENDPOINT_FAILED) from error
    text = render(document, fmt, lang)
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomically(out, text)
        if _inside(out, settings.dist_dir):
            store_in_publication(document, settings.dist_dir)
    _summary(document, out)


def _inside(path: Path, directory: Path) -> bool:
    return path.resolve().parent == directory.resolve()


def _summary(document: dict[str, Any], out: Path | None) -> None:
    counts = ", ".join(f"{n} {status}" for status, n in document["counts"].items())
    where = f" → {out}" if out else ""
    click.echo(f"{document['label']} ({document['city']}): {counts}{where}", err=True)
    for item in document["review"]:
        click.echo(f"  to review: {item['label']} ({item['partner']}): {item['reason']}", err=True)


# --- lod build --reconcile -------------------------------------------------------------------


@dataclass
class BuildStep:
    """Runs inside ``lod build``'s staging directory, before the swap: compares the new
    publication with Wikidata (with ``--reconcile``), else, or when that fails, carries the
    previous report over, so a rebuild never loses the last good one."""

    settings: Settings
    endpoint: str | None  # None: no reconciliation, only carry the old report over
    timeout: float = DEFAULT_TIMEOUT
    failure: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)

    def __call__(self, staging: Path) -> None:
        if self.endpoint is not None:
            try:
                document = run(self.settings.replace(dist_dir=staging), self.endpoint, None,
                               self.timeout)  # fmt: skip
            except (EndpointError, LodError) as error:
                self.failure = str(error)
            else:
                store_in_publication(document, staging)
                self.summary = document
                return
        self._carry_over(staging)

    def _carry_over(self, staging: Path) -> None:
        for name in REPORT_FILES.values():
            old = self.settings.dist_dir / name
            if old.is_file():
                shutil.copy2(old, staging / name)
