"""Reconciliation on the site: the stored Wikidata drift report and the reconciliation service.

- ``/reconcile/report``: the report ``lod build --reconcile`` (or ``lod reconcile --out``) left
  in the served publication, as a page (de/en) or, by ``Accept``, JSON; ``.json``, ``.csv`` and
  ``.txt`` (QuickStatements) name one format. Read from the served version's files: the server
  never calls Wikidata on a visitor's request. 404 with an explanation when there is none.
- ``/reconcile``: the Reconciliation Service API v0.2 (what OpenRefine speaks) over the served
  publication's cities (:mod:`lod.reconcile.service`); ``/reconcile/preview`` the preview.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for

from lod.errors import LodError
from lod.reconcile import REPORT_FILES, render
from lod.reconcile.page import report_view, texts
from lod.web.app import get_served, get_settings, get_state
from lod.web.documents import local_url
from lod.web.http import cacheable, etag_for, not_modified
from lod.web.i18n import texts as site_texts
from lod.web.negotiation import HTML, Offer, negotiate, negotiate_language

bp = Blueprint("reconcile", __name__)

JSON = Offer("application/json", ("json",))
CSV = Offer("text/csv", ("csv",))
QUICKSTATEMENTS = Offer("text/plain", ("txt", "quickstatements"))
REPORT_OFFERS = (HTML, JSON, CSV, QUICKSTATEMENTS)
_BY_EXTENSION = {"json": JSON, "csv": CSV, "txt": QUICKSTATEMENTS}


@bp.route("/reconcile/report")
def report_page() -> Response:
    return _report(negotiate(REPORT_OFFERS, _format_param()))


@bp.route("/reconcile/report.<ext>")
def report_variant(ext: str) -> Response:
    offer = _BY_EXTENSION.get(ext)
    if offer is None:
        raise LodError(f"no report format {ext!r}; use .json, .csv or .txt", status=404)
    return _report(offer)


def _report(offer: Offer) -> Response:
    lang = negotiate_language()
    etag = etag_for("reconcile-report", get_served().tag, offer.media_type, lang)
    cached = not_modified(etag)
    if cached is not None:
        return cached
    document = stored_document()
    if document is None:
        return _no_report(offer, lang)
    body, mimetype = _representation(document, offer, lang)
    response = Response(body, mimetype=mimetype)
    response.vary.add("Accept-Language")
    if offer is HTML:
        response.headers["Content-Language"] = lang
    return cacheable(response, etag)


def _representation(document: dict[str, Any], offer: Offer, lang: str) -> tuple[str, str]:
    if offer is JSON:
        return render(document, "json"), "application/json"
    if offer is CSV:
        return render(document, "csv"), "text/csv"
    if offer is QUICKSTATEMENTS:
        return render(document, "quickstatements"), "text/plain"
    twins = [(name, url_for("reconcile.report_variant", ext=name)) for name in ("json", "csv")]
    twins.append(("QuickStatements", url_for("reconcile.report_variant", ext="txt")))
    view = report_view(document, lang)
    view["rows"] = [_with_local_city(row) for row in view["rows"]]
    html = render_template(
        "reconcile_report.html", site=site_texts(lang), twins=twins, alternates=_alternates(),
        **view,
    )  # fmt: skip
    return html, "text/html"


def _with_local_city(row: Any) -> Any:
    """A city of the publication links to its page on this site, not to its IRI."""
    base = get_settings().base_iri
    href = row.city_href
    if isinstance(href, str) and href.startswith(base):
        return replace(row, city_href=local_url(href[len(base) :]))
    return replace(row, city_href=None)


def _alternates() -> list[dict[str, str]]:
    return [
        {"media_type": "application/json", "href": url_for("reconcile.report_variant", ext="json")},
        {"media_type": "text/csv", "href": url_for("reconcile.report_variant", ext="csv")},
    ]


def _no_report(offer: Offer, lang: str) -> Response:
    message = texts(lang)["no_report"]
    if offer is HTML:
        html = render_template(
            "reconcile_report.html", site=site_texts(lang), t=texts(lang), lang=lang
        )
        response = Response(html, status=404, mimetype="text/html")
        response.cache_control.no_store = True
        return response
    raise LodError(message, status=404)


def stored_document() -> dict[str, Any] | None:
    """The served version's report (read once per version), None if it has none."""
    return get_state().cached("reconcile-report", _read_stored)


def _read_stored() -> dict[str, Any] | None:
    files = get_served().files_dir
    if files is None:
        return None
    try:
        document = json.loads((files / REPORT_FILES["json"]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _format_param() -> str | None:
    name = request.args.get("format", "").strip()
    return name or None
