"""The documented ways to run the site: gunicorn with the app factory over a built
publication, and ``lod serve --store URL`` over a remote engine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from lod_test_backends import CITIES, EXTRA, INTO_GRAPH, OxigraphServer, VirtuosoServer, free_port
from test_cli import ask, start_serve

pytestmark = pytest.mark.live

BIN = Path(sys.executable).parent


def fake_publication(directory: Path) -> Path:
    """A dist/ as `lod build` writes it, as far as the store reads it: manifest + store files."""
    directory.mkdir()
    shutil.copy(CITIES, directory / "data.ttl")
    shutil.copy(EXTRA, directory / "extra.nt")
    manifest = {"version": "test-1", "store_files": ["data.ttl", "extra.nt"]}
    (directory / "manifest.json").write_text(json.dumps(manifest))
    return directory


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited"
        try:
            with urllib.request.urlopen(url, timeout=10):
                return
        except OSError:  # refused, reset, or a cold worker slower than the read timeout
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {seconds} s")


@pytest.mark.skipif(not (BIN / "gunicorn").exists(), reason="gunicorn is not installed")
def test_gunicorn_app_factory_serves_the_publication(tmp_path: Path) -> None:
    dist = fake_publication(tmp_path / "dist")
    port = free_port()
    env = {**os.environ, "LOD_DIST_DIR": str(dist), "LOD_QUERY_WORKERS": "1"}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "lod.web.app:create_app()"],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/sparql?query=ASK%7B%7D", process)
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        body = ask(base, count)
        rows = body["results"]["bindings"]  # type: ignore[index]
        assert rows[0]["n"]["value"] == "27"  # both store files in the default graph
        url = base + "/sparql?" + urllib.parse.urlencode({"query": count})
        with urllib.request.urlopen(url, timeout=60) as response:
            etag = response.headers["ETag"]
        request = urllib.request.Request(url, headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as not_modified:  # the same in every worker
            urllib.request.urlopen(request, timeout=60)
        assert not_modified.value.code == 304
    finally:
        process.terminate()
        process.wait(30)


def test_lod_serve_over_a_remote_store(oxigraph_server: OxigraphServer) -> None:
    process, base = start_serve("--store", oxigraph_server.query_url)
    try:
        assert ask(base, "ASK { ?s a <https://w3id.org/twinning/ontology/City> }")["boolean"]
    finally:
        process.terminate()
        process.wait(10)


def test_lod_serve_over_virtuoso(virtuoso_server: VirtuosoServer) -> None:
    process, base = start_serve(
        "--store", virtuoso_server.query_url, "--store-default-graph", INTO_GRAPH
    )
    twer = "ASK { <https://w3id.org/twinning/id/city/twer> ?p ?o }"  # only in a named graph
    try:
        assert ask(base, "ASK { ?s a <https://w3id.org/twinning/ontology/City> }")["boolean"]
        assert not ask(base, twer)["boolean"]  # Virtuoso's union default graph would hold it
    finally:
        process.terminate()
        process.wait(10)
