"""The drift report as a page (de/en): the words and the view of a stored report.

Used by the web page (``/reconcile/report``) and by ``lod reconcile --format html`` (a page
that stands alone). Both render ``_reconcile.html``; everything is autoescaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

WIKIDATA_ITEM = "https://www.wikidata.org/wiki/"

TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Abgleich mit Wikidata",
        "intro": (
            "Die Beziehungen von {city} in dieser Veröffentlichung, verglichen mit den "
            "Wikidata-Aussagen „Partnerstadt“ (P190) an beiden Objekten, mit Beginn (P580) "
            "und Ende (P582)."
        ),
        "checked": "Geprüft am",
        "endpoint": "Abfragedienst",
        "publication": "Veröffentlichung",
        "summary": "Übersicht",
        "city": "Stadt",
        "status": "Status",
        "here": "Hier",
        "wikidata": "Wikidata",
        "since": "seit",
        "until": "bis",
        "stated_on": "Aussage an",
        "missing_on": "fehlt an",
        "differences": "Abweichungen",
        "notes": "Hinweise",
        "quickstatements": "QuickStatements",
        "qs_intro": (
            "Ergänzungen für Wikidata im Format QuickStatements (v1), jede mit Quelle (S854) "
            "und Abrufdatum (S813). Es werden nie Aussagen entfernt."
        ),
        "qs_none": "Nichts zu ergänzen.",
        "review": "Von Hand zu prüfen",
        "review_intro": (
            "Nur bei Wikidata genannte Städte und Widersprüche: kein automatischer Vorschlag."
        ),
        "formats": "Dieser Bericht als",
        "no_report": (
            "Diese Veröffentlichung enthält keinen Abgleich mit Wikidata "
            "(lod build --reconcile oder lod reconcile --out DIST/reconcile.json)."
        ),
        "unknown": "–",
        "both": "stimmt überein",
        "only-here": "nur hier",
        "only-wikidata": "nur bei Wikidata",
        "differs": "weicht ab",
        "partnership": "Partnerschaft",
        "friendship": "Freundschaft",
        "active": "aktiv",
        "dormant": "ruhend",
        "ended": "beendet",
    },
    "en": {
        "title": "Reconciliation with Wikidata",
        "intro": (
            "The relations of {city} in this publication, compared with Wikidata's "
            "\u201ctwinned administrative body\u201d (P190) statements on both items, with start "
            "(P580) and end (P582)."
        ),
        "checked": "Checked on",
        "endpoint": "Endpoint",
        "publication": "Publication",
        "summary": "Summary",
        "city": "City",
        "status": "Status",
        "here": "Here",
        "wikidata": "Wikidata",
        "since": "since",
        "until": "until",
        "stated_on": "stated on",
        "missing_on": "missing on",
        "differences": "Differences",
        "notes": "Notes",
        "quickstatements": "QuickStatements",
        "qs_intro": (
            "Additions for Wikidata as QuickStatements (v1), each with its source (S854) and "
            "retrieval date (S813). Nothing is ever removed."
        ),
        "qs_none": "Nothing to add.",
        "review": "For a person to review",
        "review_intro": (
            "Cities only Wikidata names, and contradictions: no automatic suggestion."
        ),
        "formats": "This report as",
        "no_report": (
            "This publication holds no reconciliation with Wikidata "
            "(lod build --reconcile, or lod reconcile --out DIST/reconcile.json)."
        ),
        "unknown": "–",
        "both": "in agreement",
        "only-here": "only here",
        "only-wikidata": "only on Wikidata",
        "differs": "differs",
        "partnership": "partnership",
        "friendship": "friendship",
        "active": "active",
        "dormant": "dormant",
        "ended": "ended",
    },
}


def texts(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["de"])


@dataclass(frozen=True)
class RowView:
    key: str  # the status
    status: str
    label: str
    partner: str | None
    partner_href: str | None
    city_href: str | None  # the partner's page in the publication
    kind: str
    here: str
    statements: list[tuple[str, str, str]]  # (QID of the item, its Wikidata URL, dates)
    missing_on: list[str]
    differences: list[str]
    notes: list[str]
    quickstatements: str


def report_view(document: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the template shows of a stored report."""
    t = texts(lang)
    relations = document.get("relations") or []
    counts = document.get("counts") or {}
    return {
        "t": t,
        "lang": lang,
        "city": document.get("label") or document.get("city") or "",
        "city_item": document.get("city"),
        "checked": str(document.get("checked") or ""),
        "endpoint": str(document.get("endpoint") or ""),
        "version": str((document.get("publication") or {}).get("version") or "")[:12],
        "counts": [(key, t[key], int(counts.get(key, 0))) for key in _statuses(t)],
        "rows": [_row(r, t) for r in relations if isinstance(r, dict)],
        "quickstatements": "\n".join(map(str, document.get("quickstatements") or [])),
        "review": [r for r in document.get("review") or [] if isinstance(r, dict)],
    }


def _statuses(t: dict[str, str]) -> tuple[str, ...]:
    return tuple(key for key in ("both", "only-here", "only-wikidata", "differs") if key in t)


def _row(relation: dict[str, Any], t: dict[str, str]) -> RowView:
    here = relation.get("here") or {}
    wikidata = relation.get("wikidata") or {}
    partner = relation.get("partner")
    status = str(relation.get("status") or "")
    return RowView(
        key=status,
        status=t.get(status, status),
        label=str(relation.get("label") or partner or ""),
        partner=partner,
        partner_href=f"{WIKIDATA_ITEM}{partner}" if _is_qid(partner) else None,
        city_href=here.get("city"),
        kind=t.get(str(here.get("kind")), str(here.get("kind") or "")),
        here=_period(here, t) if relation.get("here") else "",
        statements=[
            _statement(s, t) for s in wikidata.get("statements") or [] if _is_qid(s.get("item"))
        ],
        missing_on=[str(q) for q in relation.get("missing_on") or []],
        differences=[str(d) for d in relation.get("differences") or []],
        notes=[str(n) for n in relation.get("notes") or []],
        quickstatements="\n".join(map(str, relation.get("quickstatements") or [])),
    )


def _period(side: dict[str, Any], t: dict[str, str]) -> str:
    since, until = side.get("since"), side.get("until")
    text = f"{t['since']} {since}" if since else f"{t['since']} {t['unknown']}"
    if until:
        text += f", {t['until']} {until}"
    status = side.get("current_status")
    if status and status != "active":
        text += f" ({t.get(status, status)}"
        text += f" {t['since']} {side['status_since']})" if side.get("status_since") else ")"
    return text


def _statement(statement: dict[str, Any], t: dict[str, str]) -> tuple[str, str, str]:
    item = str(statement["item"])
    return (item, WIKIDATA_ITEM + item, _period(statement, t))


def _is_qid(value: object) -> bool:
    return isinstance(value, str) and value[:1] == "Q" and value[1:].isdigit()


_environment: Environment | None = None


def standalone_html(document: dict[str, Any], lang: str = "en") -> str:
    """The report as a page of its own (``lod reconcile --format html``)."""
    global _environment
    if _environment is None:
        _environment = Environment(
            loader=PackageLoader("lod", "web/templates"), autoescape=select_autoescape(default=True)
        )
    template = _environment.get_template("reconcile_standalone.html")
    return template.render(**report_view(document, lang))
