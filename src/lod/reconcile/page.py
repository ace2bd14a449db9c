"""The drift report as a page (de/en): the words and the view of a stored report.

Used by the web page (``/reconcile/report``) and by ``lod reconcile --format html`` (a page
that stands alone). Both render ``_reconcile.html``; everything is autoescaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from lod.web.i18n import texts as site_texts

WIKIDATA_ITEM = "https://www.wikidata.org/wiki/"


def texts(lang: str) -> dict[str, str]:
    """The report's words: the ``reconcile_*`` entries of the site's one word table."""
    prefix = "reconcile_"
    return {k.removeprefix(prefix): v for k, v in site_texts(lang).items() if k.startswith(prefix)}


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
