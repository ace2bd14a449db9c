"""The commands as a user runs them: `lod serve` (a subprocess), `lod query`, `lod publish`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lod_test_backends import (
    CITIES,
    EXTRA,
    EXTRA_GRAPH,
    INTO_GRAPH,
    OxigraphServer,
    VirtuosoServer,
)

from lod.cli import main
from lod.store.embedded import VERSION_FILE

pytestmark = pytest.mark.live

LOD = str(Path(sys.executable).parent / "lod")


def ask(base: str, query: str) -> dict[str, object]:
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(url, timeout=30) as response:
        result: dict[str, object] = json.loads(response.read())
    return result


def start_serve(*args: str, cwd: Path | None = None) -> tuple[subprocess.Popen[str], str]:
    """Start ``lod serve --port 0 ...``; return the process and its base URL."""
    process = subprocess.Popen(
        [LOD, "serve", "--port", "0", *args], stderr=subprocess.PIPE, text=True, cwd=cwd
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    match = re.search(r"serving (http://127\.0\.0\.1:\d+)/sparql", line)
    if not match:
        process.kill()
        raise AssertionError(f"lod serve did not start: {line}{process.stderr.read()}")
    return process, match.group(1)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    store_path = tmp_path / "store"
    process, base = start_serve("--data", str(CITIES), "--graph", f"{EXTRA_GRAPH}={EXTRA}",
                                "--store-path", str(store_path), "--workers", "1")  # fmt: skip
    try:
        yield base, store_path
    finally:
        process.terminate()
        process.wait(10)


def test_lod_serve_answers_and_keeps_a_persistent_store(served: tuple[str, Path]) -> None:
    base, store_path = served
    assert ask(base, "ASK { ?s a <https://w3id.org/twinning/ontology/City> }")["boolean"] is True
    named = f"ASK {{ GRAPH <{EXTRA_GRAPH}> {{ ?s ?p ?o }} }}"
    assert ask(base, named)["boolean"] is True
    assert (store_path / VERSION_FILE).is_file()


def test_lod_serve_without_a_publication_says_what_to_do(tmp_path: Path) -> None:
    result = subprocess.run([LOD, "serve", "--port", "0"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode == 1
    assert "run `lod build` first" in result.stderr


def test_lod_serve_help_names_the_options() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--data", "--graph", "--store", "--store-path", "--port", "--workers",
                   "--timeout", "--allow-service", "gunicorn"):  # fmt: skip
        assert option in result.output


def test_lod_query_named_query_and_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "cities.rq").write_text(
        "# title@en: Cities\nSELECT ?c WHERE { ?c a <https://w3id.org/twinning/ontology/City> }"
        " ORDER BY ?c\n"
    )
    monkeypatch.setenv("LOD_QUERIES_DIR", str(queries))
    runner = CliRunner()
    tsv = runner.invoke(main, ["query", "cities", "--data", str(CITIES)])
    assert tsv.exit_code == 0, tsv.output
    assert tsv.output.splitlines() == [
        "?c",
        "<https://w3id.org/twinning/id/city/angers>",
        "<https://w3id.org/twinning/id/city/haarlem>",
        "<https://w3id.org/twinning/id/city/osnabrueck>",
    ]
    as_json = runner.invoke(main, ["query", str(queries / "cities.rq"), "--data", str(CITIES),
                                   "--format", "json"])  # fmt: skip
    assert len(json.loads(as_json.output)["results"]["bindings"]) == 3
    graph = runner.invoke(main, ["query", "-", "--data", str(CITIES), "--format", "nt"],
                          input="CONSTRUCT WHERE { ?s a ?t }")  # fmt: skip
    assert graph.exit_code == 0 and len(graph.output.splitlines()) == 5
    wrong = runner.invoke(main, ["query", "nothing", "--data", str(CITIES)])
    assert wrong.exit_code == 2 and "cities" in wrong.output  # lists the known queries
    bad = runner.invoke(main, ["query", "-", "--data", str(CITIES)], input="SELECT {")
    assert bad.exit_code == 1 and "error at 1:" in bad.output


def test_lod_query_remote(oxigraph_server: OxigraphServer) -> None:
    result = CliRunner().invoke(
        main,
        ["query", "-", "--store", oxigraph_server.query_url, "--format", "csv"],
        input=f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EXTRA_GRAPH}> {{ ?s ?p ?o }} }}",
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["n", "2"]


def test_lod_query_virtuoso_with_its_default_graph(virtuoso_server: VirtuosoServer) -> None:
    """Virtuoso's own default graph is the union of all its graphs, its system graphs too;
    --store-default-graph names the graph `lod publish --into` filled."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    runner = CliRunner()
    args = ["query", "-", "--store", virtuoso_server.query_url, "--format", "csv"]
    union = runner.invoke(main, args, input=count)
    assert union.exit_code == 0, union.output
    assert int(union.output.splitlines()[1]) > 27  # 25 + 2 of the fixture, and Virtuoso's own
    ours = runner.invoke(main, [*args, "--store-default-graph", INTO_GRAPH], input=count)
    assert ours.exit_code == 0, ours.output
    assert ours.output.splitlines() == ["n", "25"]


def test_lod_publish_append_and_replace(oxigraph_server: OxigraphServer) -> None:
    graph = "https://example.org/graph/publish-test"
    runner = CliRunner()
    first = runner.invoke(main, ["publish", "--to", oxigraph_server.store_url,
                                 "--graph", f"{graph}={EXTRA}"])  # fmt: skip
    assert first.exit_code == 0 and "PUT" in first.output
    again = runner.invoke(main, ["publish", "--to", oxigraph_server.store_url, "--append",
                                 "--graph", f"{graph}={CITIES}"])  # fmt: skip
    assert again.exit_code == 0 and "POST" in again.output
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    result = runner.invoke(main, ["query", "-", "--store", oxigraph_server.query_url,
                                  "--format", "csv"], input=count)  # fmt: skip
    assert result.output.splitlines()[1] == "27"
    into = runner.invoke(main, ["publish", "--to", oxigraph_server.store_url, "--data",
                                str(EXTRA), "--into", graph])  # fmt: skip
    assert into.exit_code == 0 and "graph=https%3A%2F%2Fexample.org" in into.output
    result = runner.invoke(main, ["query", "-", "--store", oxigraph_server.query_url,
                                  "--format", "csv"], input=count)  # fmt: skip
    assert result.output.splitlines()[1] == "2"  # replaced by the --into upload
    unreachable = runner.invoke(main, ["publish", "--to", "http://127.0.0.1:9/store",
                                       "--data", str(CITIES)])  # fmt: skip
    assert unreachable.exit_code == 1 and "127.0.0.1:9" in unreachable.output
