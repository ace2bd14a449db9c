"""The drift report: the rows of :mod:`lod.reconcile.compare` as JSON, CSV and QuickStatements.

The JSON document is the report; CSV, QuickStatements and the HTML page are written from it,
so a stored ``reconcile.json`` is enough to serve every representation.

QuickStatements (v1, tab-separated) are written only for what the publication sources and that
contradicts nothing in Wikidata: a missing P190 statement (with P580/P582 at the precision
known), or a missing start/end qualifier on an existing one (QuickStatements then adds it to
that statement). Each line carries the reference ``S854`` (the relation's source page) and
``S813`` (retrieved: the day of the check). Nothing is ever removed: ``only-wikidata`` and
``differs`` rows go to ``review`` for a person.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lod.reconcile.compare import Row, conflicts, counts
from lod.reconcile.dates import DAY, Date
from lod.reconcile.here import HereRelation
from lod.reconcile.wikidata import Statement

CSV_COLUMNS = (
    "partner", "label", "status", "kind", "here_since", "here_until", "here_status",
    "wikidata_since", "wikidata_until", "wikidata_items", "missing_on", "differences", "notes",
    "quickstatements",
)  # fmt: skip


@dataclass(frozen=True)
class Context:
    """What the report says about itself."""

    checked: datetime
    endpoint: str
    city: str  # QID
    label: str
    publication: dict[str, Any]  # version, modified, dataset of the compared publication


def build_report(context: Context, rows: list[Row]) -> dict[str, Any]:
    checked = context.checked.astimezone(UTC).replace(microsecond=0)
    retrieved = Date(checked.year, checked.month, checked.day, DAY)
    relations = [_row_json(row, quickstatements(row, retrieved)) for row in rows]
    return {
        "checked": checked.isoformat().replace("+00:00", "Z"),
        "endpoint": context.endpoint,
        "city": context.city,
        "label": context.label,
        "publication": context.publication,
        "counts": counts(rows),
        "relations": relations,
        "quickstatements": [line for r in relations for line in r["quickstatements"]],
        "review": [_review(r) for r in relations if r["status"] in ("only-wikidata", "differs")],
    }


def _row_json(row: Row, lines: list[str]) -> dict[str, Any]:
    here = row.here
    shown = _representative(row)
    return {
        "partner": row.partner,
        "label": row.label,
        "status": row.status,
        "here": here.as_json() if here else None,
        "wikidata": {
            "since": shown.since.iso if shown and shown.since else None,
            "until": shown.until.iso if shown and shown.until else None,
            "items": row.items,
            "statements": [s.as_json() for s in row.statements],
        },
        "missing_on": row.missing_on,
        "differences": row.differences,
        "notes": row.notes,
        "quickstatements": lines,
    }


def _representative(row: Row) -> Statement | None:
    """The statement the overview shows: one with a start, that contradicts nothing, with the
    most precise dates, the home city's first; its since/until stay together."""

    def key(s: Statement) -> tuple[bool, bool, int, int, bool]:
        clash = bool(row.here and conflicts(row.here, s))
        return (s.since is None, clash, -(s.since.precision if s.since else 0),
                -(s.until is not None), s.subject != row.home)  # fmt: skip

    return min(row.statements, key=key, default=None)


def _review(relation: dict[str, Any]) -> dict[str, Any]:
    if relation["status"] == "only-wikidata":
        reason = "Wikidata states a twinning the publication does not have: check it"
    else:
        reason = "; ".join(relation["differences"])
    return {
        "partner": relation["partner"],
        "label": relation["label"],
        "status": relation["status"],
        "reason": reason,
    }


# --- QuickStatements ---------------------------------------------------------------------------


def quickstatements(row: Row, retrieved: Date) -> list[str]:
    """The v1 lines that add what the publication sources and Wikidata lacks, for ``row``."""
    here, partner = row.here, row.partner
    source = pick_source(here.sources) if here else None
    if here is None or partner is None or source is None or row.status == "differs":
        return []
    reference = f'S854\t"{source}"\tS813\t{retrieved.quickstatements()}'
    lines = []
    for item, other in ((row.home, partner), (partner, row.home)):
        own = [s for s in row.statements if s.subject == item]
        qualifiers = _missing_qualifiers(here, own)
        if own and not qualifiers:
            continue  # the statement is there with everything the publication knows
        lines.append("\t".join([item, "P190", other, *qualifiers, reference]))
    return lines


def _missing_qualifiers(here: HereRelation, own: list[Statement]) -> list[str]:
    qualifiers = []
    if here.since and not any(s.since for s in own):
        qualifiers += ["P580", here.since.quickstatements()]
    if here.until and not any(s.until for s in own):
        qualifiers += ["P582", here.until.quickstatements()]
    return qualifiers


def pick_source(sources: tuple[str, ...]) -> str | None:
    """One source URL for the reference: https before http, then the first in order.

    A URL with a quote, tab or newline cannot be written in a QuickStatements string.
    """
    usable = [s for s in sources if s.startswith(("http://", "https://")) and _writable(s)]
    usable.sort(key=lambda s: (not s.startswith("https://"), s))
    return usable[0] if usable else None


def _writable(url: str) -> bool:
    return not any(ch in url for ch in '"\t\n\r')


def to_quickstatements(report: dict[str, Any]) -> str:
    lines = report.get("quickstatements", [])
    return "".join(f"{line}\n" for line in lines)


# --- CSV ---------------------------------------------------------------------------------------


def to_csv(report: dict[str, Any]) -> str:
    """One line per partner; lists joined with `` | ``, QuickStatements lines with newlines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for relation in report.get("relations", []):
        writer.writerow(_csv_row(relation))
    return out.getvalue()


def _csv_row(relation: dict[str, Any]) -> list[str]:
    here = relation.get("here") or {}
    wikidata = relation.get("wikidata") or {}
    return [
        relation.get("partner") or "",
        relation.get("label") or "",
        relation.get("status") or "",
        here.get("kind") or "",
        here.get("since") or "",
        here.get("until") or "",
        here.get("current_status") or "",
        wikidata.get("since") or "",
        wikidata.get("until") or "",
        " | ".join(wikidata.get("items", [])),
        " | ".join(relation.get("missing_on", [])),
        " | ".join(relation.get("differences", [])),
        " | ".join(relation.get("notes", [])),
        "\n".join(relation.get("quickstatements", [])),
    ]
