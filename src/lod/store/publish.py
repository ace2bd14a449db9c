"""Fill a remote engine through the SPARQL 1.1 Graph Store HTTP Protocol (``lod publish``).

Each file goes to ``ENDPOINT?default`` or ``ENDPOINT?graph=IRI``: the first file of a graph
with PUT (replacing the graph), the next ones with POST (adding to it).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
    seen: set[str | None] = set()
    uploads = []
    for source in spec.sources:
        graph = source.graph or into
        method = "PUT" if replace and graph not in seen else "POST"
        seen.add(graph)
        url = graph_url(endpoint, graph, graph_param)
        status = _send(opener, method, url, source.path, timeout)
        uploads.append(Upload(method, url, source.path, status))
    return uploads


def graph_url(endpoint: str, graph: str | None, graph_param: str = "graph") -> str:
    """``?default`` or ``?graph=IRI`` appended to the endpoint (keeping its own query)."""
    quoted = urllib.parse.quote(graph or "", safe="")
    target = "default" if graph is None else f"{graph_param}={quoted}"
    return endpoint + ("&" if "?" in endpoint else "?") + target


def _send(
    opener: urllib.request.OpenerDirector, method: str, url: str, path: Path, timeout: float
) -> int:
    media_type = rdf_format_for_path(str(path)).media_type
    request = urllib.request.Request(url, data=FileBody(path), method=method)
    request.add_header("Content-Type", media_type)
    request.add_header("Content-Length", str(path.stat().st_size))
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
        urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)
    )
