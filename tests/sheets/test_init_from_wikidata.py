"""`lod init DIR --city QID --from-wikidata URL` against a real local SPARQL endpoint (`oxigraph
serve`) holding Wikidata-shaped data: the bundled 2016 P190 crawl written as WDQS writes it
(tests/reconcile/wikidata_shape.py), plus labels, countries and coordinates for Weimar and its
partners as WDQS gives them. The failures are real servers too: a closed port, an HTML page, a
429."""

from __future__ import annotations

import csv
import gzip
import http.server
import io
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parents[1] / "web"))  # the shared backends module
sys.path.insert(0, str(Path(__file__).parents[1] / "reconcile"))

from lod_test_backends import OxigraphServer, free_port, oxigraph_binary, start_oxigraph  # noqa: E402
from wikidata_shape import WD, WDT, Claim, load, ntriples  # noqa: E402

from lod.cli import main  # noqa: E402
from lod.reconcile.wikidata import USER_AGENT  # noqa: E402
from lod.worlddata import HERE  # noqa: E402

WEIMAR = "Q3955"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"
# As WDQS answers for Weimar (labels de/en, P17, P625); Trier has two countries on purpose (an
# ambiguous value is left out), Siena no coordinates.
EXTRA = [
    f'<{WD}Q3955> <{LABEL}> "Weimar"@de .',
    f'<{WD}Q3955> <{LABEL}> "Weimar"@en .',
    f"<{WD}Q3955> <{WDT}P17> <{WD}Q183> .",
    f'<{WD}Q3955> <{WDT}P625> "Point(11.32 50.98)"^^<{WKT}> .',
    f'<{WD}Q3138> <{LABEL}> "Trier"@de .',
    f"<{WD}Q3138> <{WDT}P17> <{WD}Q183> .",
    f"<{WD}Q3138> <{WDT}P17> <{WD}Q7318> .",
    f'<{WD}Q3138> <{WDT}P625> "Point(6.64 49.76)"^^<{WKT}> .',
    f'<{WD}Q2751> <{LABEL}> "Siena"@it .',
    f'<{WD}Q2751> <{LABEL}> "Siena"@en .',
    f"<{WD}Q2751> <{WDT}P17> <{WD}Q38> .",
]


def _tsv(name: str) -> list[list[str]]:
    text = gzip.decompress((HERE / name).read_bytes()).decode("utf-8")
    return [r for r in csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE) if r]


@pytest.fixture(scope="module")
def wikidata() -> Iterator[OxigraphServer]:
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph CLI (pip package oxigraph) is not installed")
    claims = [Claim(a, b) for a, b, *_ in _tsv("twinning-relations.tsv.gz")]
    names = {qid: name for qid, name, *_ in _tsv("twinning-names.tsv.gz")}
    server = start_oxigraph(timeout_s=30)
    try:
        load(server.store_url, [*ntriples(claims, names), *EXTRA])
        yield server
    finally:
        server.stop()


def _lod(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _rows(path: Path) -> dict[str, dict[str, str]]:
    """Rows by id (cities) or partner (relations); a column no row fills is not written: "" here."""
    with open(path, encoding="utf-8-sig") as handle:
        rows = [defaultdict(str, row) for row in csv.DictReader(handle)]
    return {row["id"] or row["partner_city"] or row["home_city"]: row for row in rows}


@pytest.mark.live
def test_seeded_from_a_live_endpoint_builds(
    wikidata: OxigraphServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "weimar"
    code, output = _lod(
        "init", str(project), "--city", WEIMAR, "--from-wikidata", wikidata.query_url
    )
    assert code == 0, output
    cities = _rows(project / "data" / "cities.csv")
    weimar = cities["weimar"]
    assert (weimar["name_de"], weimar["name_en"], weimar["country_wikidata"]) == (
        "Weimar",
        "Weimar",
        "Q183",
    )
    assert (weimar["latitude"], weimar["longitude"]) == ("50.98", "11.32")
    assert weimar["source_url"] == weimar["coordinates_source_url"] == WD + WEIMAR
    trier, siena = cities["trier"], cities["siena"]
    assert trier["country_wikidata"] == ""  # two countries: not one picked
    assert siena["latitude"] == "" and siena["name_en"] == "Siena" and siena["name_de"] == ""
    # the crawl's names have no language ("mul"): kept as the name of unknown language
    assert all(row["name_de"] or row["name_en"] or row["name"] for row in cities.values())
    relations = _rows(project / "data" / "relations.csv")
    assert set(relations) == set(cities) - {"weimar"}
    for row in relations.values():
        assert row["confirmed"] == "no" and row["kind"] == "twinning"
        assert row["source_url"].startswith(WD)  # the item(s) that state the link
    (network,) = _rows(project / "data" / "networks.csv").values()
    assert wikidata.query_url in network["note_en"]
    monkeypatch.chdir(project)
    code, output = _lod("build")
    assert code == 0, output
    description = (project / "metadata" / "publication.ttl").read_text(encoding="utf-8")
    assert f"from {wikidata.query_url}" in description and "2016 and 2026" not in description


def _http_server(status: int, body: bytes, content_type: str) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 that answers every GET with the same response."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            seen.append(self.headers.get("User-Agent", ""))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if status == 429:
                self.send_header("Retry-After", "30")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()
    assert all(agent == USER_AGENT for agent in seen)


@pytest.fixture
def html_page() -> Iterator[str]:
    yield from _http_server(200, b"<html><body>Not SPARQL</body></html>", "text/html")


@pytest.fixture
def rate_limited() -> Iterator[str]:
    yield from _http_server(429, b"Too many requests", "text/plain")


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("closed", "cannot be reached"),
        ("html_page", "answered text/html, not SPARQL JSON results"),
        (
            "rate_limited",
            "rate-limiting this client (HTTP 429 Too Many Requests); it asks to wait 30 s",
        ),
    ],
)
def test_a_failing_endpoint_writes_nothing(
    endpoint: str, message: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"http://127.0.0.1:{free_port()}/sparql"
        if endpoint == "closed"
        else request.getfixturevalue(endpoint)
    )
    project = tmp_path / "p"
    result = CliRunner().invoke(
        main, ["init", str(project), "--city", WEIMAR, "--from-wikidata", url, "--timeout", "5"]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output and "nothing was written" in result.output
    assert not project.exists()


def test_from_wikidata_needs_one_city(tmp_path: Path) -> None:
    code, output = _lod("init", str(tmp_path / "p"), "--world", "--from-wikidata", "http://x/")
    assert code == 2 and "--from-wikidata seeds one city" in output
