"""Fill a remote engine through the SPARQL 1.1 Graph Store HTTP Protocol (``lod publish``).

Each file goes to ``ENDPOINT?default`` or ``ENDPOINT?graph=IRI``: the first file of a graph
with PUT (replacing the graph), the next ones with POST (adding to it). Turtle goes as N-Triples,
which every engine reads alike: Virtuoso keeps the backslash of an escaped local name
(``ex:a\\#b``) in the IRI.
"""

from __future__ import annotations

import contextlib
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from lod.errors import LodError
from lod.store.formats import rdf_format_for_path
from lod.store.loading import LoadSpec


@dataclass(frozen=True)
class Upload:
    """One request made: method, target URL, file, HTTP status."""

    method: str
    url: str
    path: Path
    status: int


def publish(
    spec: LoadSpec,
    endpoint: str,
    *,
    replace: bool = True,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 600.0,
    into: str | None = None,
    graph_param: str = "graph",
) -> list[Upload]:
    """Send every file of ``spec`` to the Graph Store endpoint ``endpoint``.

    ``into`` redirects the default graph's files to that named graph; ``graph_param`` is the
    name of the parameter that names a graph (``graph`` in the standard).
    """
    opener = _opener(endpoint, user, password)
    if user and spec.sources:
        _probe(opener, graph_url(endpoint, spec.sources[0].graph or into, graph_param), timeout)
    seen: set[str | None] = set()
    uploads = []
    with tempfile.TemporaryDirectory(prefix="lod-publish-") as scratch:
        for source in spec.sources:
            graph = source.graph or into
            method = "PUT" if replace and graph not in seen else "POST"
            seen.add(graph)
            url = graph_url(endpoint, graph, graph_param)
            body = as_sent(source.path, Path(scratch))
            status = _send(opener, method, url, body, timeout, source.path)
            uploads.append(Upload(method, url, source.path, status))
    return uploads


def as_sent(path: Path, scratch: Path) -> Path:
    """``path``, or for Turtle an N-Triples copy of it in ``scratch`` (streamed, not held)."""
    fmt = rdf_format_for_path(str(path))
    if fmt not in (ox.RdfFormat.TURTLE, ox.RdfFormat.N3):
        return path
    copy = scratch / f"{len(list(scratch.iterdir()))}.nt"
    try:
        triples = (q.triple for q in ox.parse(path=path, format=fmt))
        ox.serialize(triples, output=copy, format=ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, OSError) as error:
        raise LodError(f"{path}: {error}") from error
    return copy


def graph_url(endpoint: str, graph: str | None, graph_param: str = "graph") -> str:
    """``?default`` or ``?graph=IRI`` appended to the endpoint (keeping its own query)."""
    quoted = urllib.parse.quote(graph or "", safe="")
    target = "default" if graph is None else f"{graph_param}={quoted}"
    return endpoint + ("&" if "?" in endpoint else "?") + target


def _send(
    opener: urllib.request.OpenerDirector,
    method: str,
    url: str,
    body: Path,
    timeout: float,
    path: Path,
) -> int:
    media_type = rdf_format_for_path(str(body)).media_type
    request = urllib.request.Request(url, data=FileBody(body), method=method)
    request.add_header("Content-Type", media_type)
    request.add_header("Content-Length", str(body.stat().st_size))
    try:
        with opener.open(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip()
        raise LodError(f"{method} {url} ({path}): HTTP {error.code}: {detail}") from error
    except (urllib.error.URLError, OSError) as error:
        raise LodError(f"{method} {url} ({path}): {error}") from error


class FileBody:
    """A request body read from the file afresh each time it is sent.

    Digest authentication (Virtuoso) answers the first request 401 and urllib sends the same
    request again: an open file would then be at its end, the second request would promise
    Content-Length bytes and send none. The file is streamed, never held in memory.
    """

    def __init__(self, path: Path, chunk_size: int = 1 << 16) -> None:
        self.path = path
        self.chunk_size = chunk_size

    def __iter__(self) -> Iterator[bytes]:
        with self.path.open("rb") as file:
            while chunk := file.read(self.chunk_size):
                yield chunk


def _opener(endpoint: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    if not user:
        return urllib.request.build_opener()
    # Basic or Digest, whichever the engine asks for (Virtuoso's graph CRUD uses Digest).
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, endpoint, user, password or "")
    return urllib.request.build_opener(
        urllib.request.HTTPBasicAuthHandler(manager), PreemptiveDigestAuthHandler(manager)
    )


class PreemptiveDigestAuthHandler(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that, once challenged, authorizes every later request up front.

    Virtuoso answers 401 to an upload before reading its body and closes the connection, so a
    large file fails with a broken pipe before urllib sees the challenge: a bodiless request
    (:func:`_probe`) gets the challenge first, and the uploads carry the answer to it.
    """

    challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        _scheme, challenge = auth.split(" ", 1)
        items = urllib.request.parse_http_list(challenge)
        self.challenge = urllib.request.parse_keqv_list([item for item in items if item])
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge and not req.has_header(self.auth_header):
            answer = self.get_authorization(req, self.challenge)
            if answer:
                req.add_unredirected_header(self.auth_header, f"Digest {answer}")
        return req


def _probe(opener: urllib.request.OpenerDirector, url: str, timeout: float) -> None:
    """A HEAD request, for the engine to ask for authentication before any upload."""
    with contextlib.suppress(urllib.error.URLError, OSError):  # the upload will say what is wrong
        opener.open(urllib.request.Request(url, method="HEAD"), timeout=timeout).close()
