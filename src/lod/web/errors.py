"""One error handler for the whole app: plain text for SPARQL clients, JSON or HTML on request.

Every :class:`lod.errors.LodError` and every werkzeug HTTP error comes here. The message is the
one a person needs (the parser's message, the limit that was hit), never a traceback.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, jsonify, render_template_string, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from lod.errors import LodError, NotAcceptable, ServerBusy
from lod.web.http import uncacheable
from lod.web.i18n import texts
from lod.web.negotiation import HTML, Offer, negotiate, negotiate_language
from lod.web.representations import JSON

# Plain text first: a SPARQL client that sends only result types gets text/plain (the tie goes
# to the first offer), a browser that asks for text/html gets a page.
ERROR_OFFERS = (Offer("text/plain", ("txt", "text")), JSON, HTML)

_PAGE = """{% extends "base.html" %}
{% import "_lod.html" as lod with context %}
{% block title %}{{ status }} {{ title }}{% endblock %}
{% block head %}
<link rel="stylesheet" href="{{ url_for('static', filename='pages.css') }}">
{% endblock %}
{% block nav %}{{ lod.nav(t) }}{% endblock %}
{% block content %}
<h1>{{ status }} {{ title }}</h1>
{%- if explanation %}<p class="lead">{{ explanation }}</p>{% endif %}
<pre class="error-message">{{ message }}</pre>
{% endblock %}"""


def init_app(app: Flask) -> None:
    app.register_error_handler(LodError, handle_lod_error)
    app.register_error_handler(HTTPException, handle_http_exception)


def handle_lod_error(error: LodError) -> Response:
    g.lod_error = error  # for the metrics: the outcome of a query
    response = error_response(error.status, error.message)
    if isinstance(error, ServerBusy):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    if isinstance(error, RequestEntityTooLarge):
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        message = (
            f"the request body is larger than {limit} bytes, the most this endpoint accepts "
            "(LOD_MAX_BODY_BYTES)"
        )
    elif status >= 500:
        message = "internal error; the server log has the details"
    else:
        message = error.description or error.name
    response = error_response(status, message)
    for name, value in error.get_headers():
        if name.lower() != "content-type":  # e.g. Allow on 405
            response.headers[name] = value
    return response


def error_response(status: int, message: str) -> Response:
    """An error response in the representation the client prefers (never a 406 itself)."""
    try:
        offer = negotiate(ERROR_OFFERS, _format_param())
    except NotAcceptable:
        offer = ERROR_OFFERS[0]
    title = _title(status)
    if offer.media_type == "application/json":
        response = jsonify({"status": status, "title": title, "message": message})
    elif offer.media_type == "text/html":
        lang = negotiate_language()
        words = texts(lang)
        html = render_template_string(
            _PAGE,
            status=status,
            title=words.get(f"error_{status}", title),
            explanation=words.get(f"error_{status}_text"),
            message=message,
            lang=lang,
            t=words,
        )
        response = Response(html, mimetype="text/html")
    else:
        response = Response(message + "\n", mimetype="text/plain")
    response.status_code = status
    return uncacheable(response)


def _format_param() -> str | None:
    # Only the error formats: ?format=csv on a failed query still gets a readable error.
    name = request.args.get("format", "").lower()
    return name if any(name in offer.names for offer in ERROR_OFFERS) else None


def _title(status: int) -> str:
    from werkzeug.http import HTTP_STATUS_CODES

    return HTTP_STATUS_CODES.get(status, "Error")
