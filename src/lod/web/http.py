"""HTTP behaviour shared by every blueprint: CORS, Vary, ETag/304, Cache-Control, gzip,
security headers, and the request-side rules (compressed bodies, Range headers).

:func:`init_app` installs one ``before_request`` and one ``after_request`` hook that apply to
every request, so a view only sets an ETag (:func:`cacheable`) and leaves the rest here. HEAD is
Flask's: a GET route answers HEAD with the GET headers and no body.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, current_app, request
from werkzeug.http import parse_range_header

from lod.errors import LodError

CORS_METHODS = "GET, HEAD, POST, OPTIONS"
CORS_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"
CORS_EXPOSE = "ETag, Link, Location, Content-Location, Content-Language, Content-Disposition"
CORS_MAX_AGE = 86400
DEFAULT_MAX_AGE = 300  # seconds a versioned response is fresh; revalidated with the ETag after
GZIP_MIN_BYTES = 1024  # below this the gzip header and CPU cost more than they save
_COMPRESSIBLE = (
    "text/", "application/json", "application/ld+json", "application/xml", "+json", "+xml",
    "application/n-triples", "application/n-quads", "application/trig", "application/javascript",
)  # fmt: skip


# Pages run no inline script (query.js is a file); inline style attributes place timeline bars.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def init_app(app: Flask) -> None:
    app.before_request(prepare_request)
    app.after_request(finish_response)


def prepare_request() -> None:
    """The one before-request hook: inflate a gzip body, drop a Range header nobody can use."""
    _inflate_body()
    _ignore_unusable_range()


def _inflate_body() -> None:
    """A ``Content-Encoding: gzip`` body is unpacked, within the body limit; others are 415."""
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding == "identity" or not encoding:
        return
    if encoding not in ("gzip", "x-gzip"):
        raise LodError(
            f"Content-Encoding {encoding} is not accepted; send the body as it is or gzipped",
            status=415,
        )
    limit = int(current_app.config.get("MAX_CONTENT_LENGTH") or 1_000_000)
    inflater = zlib.decompressobj(wbits=31)  # 31: the gzip container
    try:
        body = inflater.decompress(request.get_data(cache=False), limit + 1)
    except zlib.error as error:
        raise LodError(f"the gzip request body is broken: {error}", status=400) from None
    if len(body) > limit or inflater.unconsumed_tail:
        raise LodError(
            f"the unpacked request body is larger than {limit} bytes, the most this endpoint "
            "accepts (LOD_MAX_BODY_BYTES)",
            status=413,
        )
    environ = request.environ
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("HTTP_CONTENT_ENCODING", None)
    request.__dict__.pop("stream", None)  # werkzeug caches the input stream it wrapped
    request.__dict__.pop("_cached_data", None)


def _ignore_unusable_range() -> None:
    """RFC 9110 §14.2: a Range with an unknown unit (or a broken one) is ignored, not a 416."""
    value = request.environ.get("HTTP_RANGE")
    parsed = parse_range_header(value) if value is not None else None
    if value is not None and (parsed is None or parsed.units != "bytes"):
        del request.environ["HTTP_RANGE"]
        request.__dict__.pop("range", None)


def finish_response(response: Response) -> Response:
    """The one after-request hook: CORS, Vary, security headers, conditional GET, then gzip."""
    _add_cors(response)
    _add_security_headers(response)
    _keep_redirects_on_this_host(response)
    response.vary.update(("Accept", "Accept-Encoding"))
    if _is_conditional_candidate(response):
        response.make_conditional(request)
    del response.headers["Date"]  # werkzeug's conditionals add one; the HTTP server sends its own
    gzip_response(response)
    return response


def etag_for(*parts: object) -> str:
    """A strong ETag value from the parts that determine a response (version, query, ...)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8"))
    return digest.hexdigest()[:40]


def not_modified(etag: str) -> Response | None:
    """A 304 if the request's If-None-Match matches ``etag``: lets a view skip its work."""
    if request.method not in ("GET", "HEAD") or not request.if_none_match.contains_weak(etag):
        return None
    response = Response(status=304)
    response.set_etag(etag)
    _set_cache_control(response, DEFAULT_MAX_AGE)
    return response


def cacheable(response: Response, etag: str, max_age: int = DEFAULT_MAX_AGE) -> Response:
    """Mark ``response`` as cacheable for ``max_age`` s and revalidatable by ``etag``."""
    response.set_etag(etag)
    _set_cache_control(response, max_age)
    return response


def uncacheable(response: Response) -> Response:
    response.cache_control.no_store = True
    return response


def gzip_response(response: Response) -> None:
    """Compress the body when the client accepts gzip and it is worth it.

    The ETag becomes weak: the bytes differ from the identity encoding, the content does not.
    """
    if (
        response.status_code != 200
        or response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
        or request.accept_encodings["gzip"] <= 0
        or not _compressible(response.mimetype or "")
    ):
        return
    body = response.get_data()
    if len(body) < GZIP_MIN_BYTES:
        return
    response.set_data(gzip.compress(body, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)


def _add_cors(response: Response) -> None:
    response.access_control_allow_origin = "*"
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
        response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
        response.access_control_max_age = CORS_MAX_AGE
    else:
        response.headers["Access-Control-Expose-Headers"] = CORS_EXPOSE


def _keep_redirects_on_this_host(response: Response) -> None:
    """werkzeug's own redirects (``/id//x`` → ``/id/x``) name the Host header's host; a
    ``Location`` of path and query sends the client to the host it asked."""
    location = response.headers.get("Location")
    if location and 300 <= response.status_code < 400:
        parts = urlsplit(location)
        if parts.scheme or parts.netloc:
            response.headers["Location"] = urlunsplit(("", "", parts.path or "/", parts.query, ""))


def _add_security_headers(response: Response) -> None:
    response.headers.update(SECURITY_HEADERS)
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY


def _is_conditional_candidate(response: Response) -> bool:
    # send_file (static files, downloads) already answered conditionals itself.
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.direct_passthrough
        and response.get_etag()[0] is not None
    )


def _compressible(mimetype: str) -> bool:
    return any(
        mimetype.startswith(kind) if kind.endswith("/") else kind in mimetype
        for kind in _COMPRESSIBLE
    )


def _set_cache_control(response: Response, max_age: int) -> None:
    response.cache_control.public = True
    response.cache_control.max_age = max_age
