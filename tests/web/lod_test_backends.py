"""Real backends for the web and live tests: the fixture data, a real ``oxigraph serve``, a real
Virtuoso (``virtuoso-t``), and a real HTTP server for the app on a free port of 127.0.0.1.
Imported by tests/web and tests/live.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from lod.store import Dataset, LoadSpec
from lod.web.commands import publish

DATA = Path(__file__).parent / "data"
CITIES = DATA / "cities.ttl"
EXTRA = DATA / "extra.nt"
EXTRA_GRAPH = "https://example.org/graph/extra"
BASE = "https://w3id.org/twinning/"
# Where ``lod publish --into`` puts the default graph's files on Virtuoso (see the README).
INTO_GRAPH = "https://w3id.org/twinning/graph"


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


def _wait_until_up(server: OxigraphServer | VirtuosoServer, seconds: float = 15.0) -> bool:
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


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


# Only what a throw-away test server needs: its files in its own directory, ports on 127.0.0.1,
# little memory, one thread per query, and a query time limit (MaxQueryExecutionTime, seconds).
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = ., {dir}
NumberOfBuffers = 2000
MaxDirtyBuffers = 1500
ThreadsPerQuery = 1
MaxQueryMem = 100M
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = {timeout_s}
"""


@dataclass
class VirtuosoServer:
    """``virtuoso-t`` with a fresh database in ``directory`` (default user dba/dba)."""

    process: subprocess.Popen[bytes]
    base: str
    directory: Path

    @property
    def query_url(self) -> str:
        return self.base + "/sparql"

    @property
    def store_url(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)  # a quick shutdown, about a second
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        shutil.rmtree(self.directory, ignore_errors=True)


def start_virtuoso(timeout_s: int = 5) -> VirtuosoServer:
    """Virtuoso on free ports with its own ini and database in a temporary directory."""
    binary = virtuoso_binary()
    assert binary, "virtuoso-t not installed"
    for _attempt in range(3):
        directory = Path(tempfile.mkdtemp(prefix="lod-virtuoso-"))
        http_port = free_port()
        ini = VIRTUOSO_INI.format(
            dir=directory, sql_port=free_port(), http_port=http_port, timeout_s=timeout_s
        )
        (directory / "virtuoso.ini").write_text(ini, encoding="utf-8")
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(directory / "virtuoso.ini")],
            cwd=directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        server = VirtuosoServer(process, f"http://127.0.0.1:{http_port}", directory)
        if _wait_until_up(server, seconds=60.0):  # a new database takes a few seconds
            return server
        server.stop()
    raise RuntimeError("virtuoso-t did not start")


def virtuoso_dataset() -> Dataset:
    """The fixture's dataset on Virtuoso: without it, its default graph would be the union of
    all graphs, its system graphs included (``LOD_STORE_DATASET``)."""
    return Dataset((INTO_GRAPH,), (EXTRA_GRAPH,))


def publish_fixture_virtuoso(server: VirtuosoServer) -> None:
    """The same data through ``lod publish`` as the README says for Virtuoso: its Graph Store
    endpoint with Digest auth, the default graph's files into a named graph."""
    args = ["--to", server.store_url, "--user", "dba", "--password", "dba"]
    args += ["--into", INTO_GRAPH, "--graph-param", "graph-uri"]
    args += ["--data", str(CITIES), "--graph", f"{EXTRA_GRAPH}={EXTRA}"]
    result = CliRunner().invoke(publish, args)
    assert result.exit_code == 0, result.output


def published_virtuoso() -> Iterator[VirtuosoServer]:
    """The body of the ``virtuoso_server`` fixtures: skipped where Virtuoso is not installed."""
    if virtuoso_binary() is None:
        pytest.skip("virtuoso-t (Debian package virtuoso-opensource) is not installed")
    server = start_virtuoso()
    try:
        publish_fixture_virtuoso(server)
        yield server
    finally:
        server.stop()


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
