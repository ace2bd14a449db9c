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
import re
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, render_template, render_template_string, request, url_for

from lod.errors import BadRequest, LodError
from lod.reconcile import REPORT_FILES, render
from lod.reconcile.page import report_view, texts
from lod.reconcile.service import MAX_QUERIES, Index, Query, answer, build_index, parse_query
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


# --- the reconciliation service (Reconciliation Service API v0.2) ------------------------------

_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")
_PREVIEW = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ city.name }}</title>
<style>body{font:14px system-ui,sans-serif;margin:.5rem}p{margin:.2rem 0}</style></head>
<body><p><strong>{{ city.name }}</strong>{% if city.native and city.native != city.name %}
(<span>{{ city.native }}</span>){% endif %}</p>
{%- if others %}<p>{{ others|join(" · ") }}</p>{% endif %}
{%- for q in items %}<p>Wikidata <a href="https://www.wikidata.org/wiki/{{ q }}" target="_blank"
 rel="noopener">{{ q }}</a></p>{% endfor %}
{%- if city.country %}<p>{{ country_word }}: {{ city.country }}</p>{% endif %}
<p><a href="{{ page }}" target="_blank">{{ page }}</a></p></body></html>"""


@bp.route("/reconcile", methods=["GET", "POST"])
def service() -> Response:
    """The manifest without parameters; ``queries`` (batch) or ``query`` (single) answered."""
    values = request.values
    if "queries" in values:
        batch = _json_param(values["queries"], "queries")
        if not isinstance(batch, dict):
            raise BadRequest("'queries' must be a JSON object of named query objects")
        if len(batch) > MAX_QUERIES:
            raise BadRequest(f"at most {MAX_QUERIES} queries per request")
        parsed = {str(key): parse_query(raw) for key, raw in batch.items()}
        body: dict[str, Any] = {key: {"result": _answer(q)} for key, q in parsed.items()}
    elif "query" in values:
        raw = values["query"]
        single = _json_param(raw, "query") if raw.lstrip().startswith("{") else raw
        body = {"result": _answer(parse_query(single))}
    else:
        body = manifest()
    return _jsonp(body, values.get("callback"))


@bp.route("/reconcile/preview")
def preview() -> Response:
    city = _index().cities.get(request.args.get("id", ""))
    if city is None:
        raise LodError("no city with this id in the publication", status=404)
    lang = negotiate_language()
    html = render_template_string(
        _PREVIEW,
        city=city,
        lang=lang,
        items=sorted(city.items),
        others=sorted(n for n in city.names if n not in (city.name, city.native))[:6],
        country_word="Staat" if lang == "de" else "Country",
        page=_root_url() + local_url(city.iri[len(get_settings().base_iri) :]),
    )
    return Response(html, mimetype="text/html")


def manifest() -> dict[str, Any]:
    settings = get_settings()
    root = _root_url()
    return {
        "versions": ["0.1", "0.2"],
        "name": f"{settings.dataset_slug}: cities (lod)",
        "identifierSpace": f"{settings.base_iri}id/city/",
        "schemaSpace": f"{settings.base_iri}ontology/",
        "defaultTypes": [{"id": _city_type(), "name": "City"}],
        "view": {"url": root + "/id/city/{{id}}"},
        "preview": {"url": root + "/reconcile/preview?id={{id}}", "width": 400, "height": 140},
    }


def _answer(query: Query) -> list[dict[str, Any]]:
    return answer(_index(), query, _city_type())


def _index() -> Index:
    return get_state().cached(
        "reconcile-index", lambda: build_index(get_served().store, get_settings().base_iri)
    )


def _city_type() -> str:
    return f"{get_settings().base_iri}ontology/City"


def _root_url() -> str:
    return request.host_url.rstrip("/") + request.script_root


def _json_param(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise BadRequest(f"'{name}' is not valid JSON: {error}") from error


def _jsonp(body: dict[str, Any], callback: str | None) -> Response:
    text = json.dumps(body, ensure_ascii=False)
    if callback:
        if not _CALLBACK.match(callback):
            raise BadRequest("'callback' must be a JavaScript identifier")
        return Response(f"{callback}({text});", mimetype="application/javascript")
    return Response(text, mimetype="application/json")
