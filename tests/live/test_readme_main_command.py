"""The README's main command, exactly as written, on a copy of the repository with its default
(relative) settings, used as a harvester and a linked-data client would: every download the
served catalog lists matches its size and SHA-256, every IRI of the dataset dereferences, and a
rebuild while serving moves all of it to the new version together."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from lod_test_backends import free_port
from rdflib import Graph, Namespace, URIRef

pytestmark = [pytest.mark.live, pytest.mark.slow]

BASE = "https://w3id.org/twinning/"  # the default base IRI the README's command builds under
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "dist", ".dist.*", "__pycache__", "*.egg-info", "artifacts",
    ".pytest_cache", ".mypy_cache", ".ruff_cache",
)  # fmt: skip
OLD_LABEL = "Friedensstadt Osnabrück"
NEW_LABEL = "Friedensstadt Osnabrück (neu gebaut)"


@pytest.fixture(scope="module")
def checkout(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository as a user's clone has it: sources and scripts, nothing built."""
    target = tmp_path_factory.mktemp("clone") / "lod"
    shutil.copytree(repo_root, target, ignore=NOT_COPIED, symlinks=True)
    return target


@pytest.fixture(scope="module")
def site(checkout: Path) -> Iterator[str]:
    """``bash scripts/serve --port P`` as the README says; the base URL of the site."""
    port = free_port()
    log = (checkout.parent / "serve.log").open("wb")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOD_", "VIRTUAL_ENV"))}
    process = subprocess.Popen(
        ["bash", "scripts/serve", "--port", str(port)],
        cwd=checkout, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base, process, checkout.parent / "serve.log", seconds=600)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(60)
        log.close()


def wait_for_health(base: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("bash scripts/serve stopped:\n" + log.read_text()[-3000:])
        try:
            with urllib.request.urlopen(base + "/health", timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"no answer in {seconds} s:\n" + log.read_text()[-3000:])


def get(url: str, accept: str | None = None) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def local(iri: str, site: str) -> str:
    assert iri.startswith(BASE), iri
    return site + "/" + iri.removeprefix(BASE)


def health(site: str) -> dict[str, object]:
    status, body, _ = get(site + "/health")
    assert status == 200
    value: dict[str, object] = json.loads(body)
    return value


def harvest(site: str) -> dict[str, str]:
    """Download every distribution the served catalog lists; check its size and checksum.
    Returns download URL → SHA-256."""
    status, body, headers = get(site + "/catalog", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    catalog = Graph().parse(data=body, format="turtle")
    checked = {}
    for dist in set(catalog.subjects(DCAT.downloadURL, None)):
        url = str(catalog.value(dist, DCAT.downloadURL))
        size = int(catalog.value(dist, DCAT.byteSize))  # type: ignore[arg-type]
        sha256 = str(catalog.value(catalog.value(dist, SPDX.checksum), SPDX.checksumValue))
        status, data, _ = get(local(url, site))
        assert status == 200, url
        assert (len(data), hashlib.sha256(data).hexdigest()) == (size, sha256), url
        checked[url] = sha256
    assert len(checked) >= 8  # four syntaxes, each plain and gzipped
    return checked


def dataset_iris(site: str) -> set[str]:
    """Every IRI under the base in the served N-Triples dump."""
    status, body, _ = get(site + "/download/osnabrueck-twinning.nt")
    assert status == 200
    graph = Graph().parse(data=body, format="nt")
    nodes = set(graph.subjects()) | set(graph.objects())
    return {str(n) for n in nodes if isinstance(n, URIRef) and str(n).startswith(BASE)}


def test_the_main_command_serves_a_whole_publication(site: str, checkout: Path) -> None:
    _, _, headers = get(site + "/health")
    assert headers["Server"] == "gunicorn"  # a production server, not werkzeug's
    harvest(site)
    iris = dataset_iris(site)
    assert len(iris) > 50
    failed = {}
    for iri in sorted(iris):
        status, _, _ = get(local(iri, site), "text/turtle")  # 303 → the document, followed
        if status != 200:
            failed[iri] = status
    assert failed == {}
    status, page, _ = get(site + "/", "text/html")
    assert status == 200 and b"<html" in page


def test_a_rebuild_while_serving_moves_everything_together(site: str, checkout: Path) -> None:
    before = health(site)
    old_downloads = harvest(site)
    cities = checkout / "data" / "cities.ttl"
    cities.write_text(cities.read_text(encoding="utf-8").replace(OLD_LABEL, NEW_LABEL), "utf-8")
    built = subprocess.run(
        [".venv/bin/lod", "build"], cwd=checkout, capture_output=True, timeout=300
    )
    assert built.returncode == 0, built.stderr.decode()
    manifest = json.loads((checkout / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] != before["version"]

    deadline = time.monotonic() + 120  # the server checks dist/ every 2 s (reload_interval)
    while health(site)["version"] != manifest["version"]:
        assert time.monotonic() < deadline, "the server did not switch to the new build"
        time.sleep(0.5)

    new_downloads = harvest(site)  # every download matches the catalog served now
    assert new_downloads != old_downloads
    query = "ASK { ?c <http://www.w3.org/2004/02/skos/core#altLabel> ?l FILTER(STR(?l) = %r) }"
    for label, expected in ((NEW_LABEL, True), (OLD_LABEL, False)):
        url = site + "/sparql?" + urllib.parse.urlencode({"query": query % label})
        status, body, _ = get(url, "application/sparql-results+json")
        assert status == 200 and json.loads(body)["boolean"] is expected, label
    status, page, _ = get(site + "/doc/city/osnabrueck", "text/html")
    assert status == 200 and NEW_LABEL.encode() in page
