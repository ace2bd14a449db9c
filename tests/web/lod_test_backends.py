"""Real backends for the web and live tests: the fixture data, a real ``oxigraph serve``, and a
real HTTP server for the app on a free port of 127.0.0.1. Imported by tests/web and tests/live.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from lod.store import LoadSpec
from lod.web.commands import publish

DATA = Path(__file__).parent / "data"
CITIES = DATA / "cities.ttl"
EXTRA = DATA / "extra.nt"
EXTRA_GRAPH = "https://example.org/graph/extra"
BASE = "https://w3id.org/twinning/"


def fixture_spec() -> LoadSpec:
    return LoadSpec.from_files((CITIES,), ((EXTRA_GRAPH, EXTRA),))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


@dataclass
class OxigraphServer:
    process: subprocess.Popen[bytes]
    base: str

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def store_url(self) -> str:
        return self.base + "/store"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def start_oxigraph(timeout_s: int = 5) -> OxigraphServer:
    """``oxigraph serve`` in memory on a free port, with its own query timeout."""
    binary = oxigraph_binary()
    assert binary, "oxigraph CLI not installed"
    for _attempt in range(5):
        port = free_port()
        process = subprocess.Popen(
            [binary, "serve", "--bind", f"127.0.0.1:{port}", "--timeout-s", str(timeout_s)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        server = OxigraphServer(process, f"http://127.0.0.1:{port}")
        if _wait_until_up(server):
            return server
        server.stop()
    raise RuntimeError("oxigraph serve did not start")


def _wait_until_up(server: OxigraphServer, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(server.query_url + "?query=ASK%7B%7D", timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def publish_fixture(server: OxigraphServer) -> None:
    """Fill the server with the fixture data through ``lod publish`` (Graph Store Protocol)."""
    args = ["--to", server.store_url, "--data", str(CITIES), "--graph", f"{EXTRA_GRAPH}={EXTRA}"]
    result = CliRunner().invoke(publish, args)
    assert result.exit_code == 0, result.output


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: object, **kwargs: object) -> None:
        """No access log: hundreds of test requests would drown the output."""


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
