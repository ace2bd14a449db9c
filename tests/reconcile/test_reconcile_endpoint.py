"""``lod reconcile`` against real local SPARQL endpoints shaped like Wikidata's query service:
every status, both directions, date precisions, qualifier-less and truthy-only statements, a
partner item with several statements, the QuickStatements line by line, and endpoints that fail.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lod_test_backends import OxigraphServer, free_port

from lod.cli import main
from lod.config import Settings
from lod.reconcile import REPORT_FILES, run

NOW = datetime(2026, 5, 12, 8, 30, tzinfo=UTC)
CITY_PAGE = (
    "https://demokratisch.osnabrueck.de/de/staedtepartnerschaften/partner-und-freundschaftsstaedte/"
)
PARTNER_PAGE = CITY_PAGE + "partnerstaedte"
REF = "S813\t+2026-05-12T00:00:00Z/11"


def report(dist: Path, server: OxigraphServer) -> dict[str, Any]:
    return run(Settings().replace(dist_dir=dist), server.query_url, now=NOW)


def by_label(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["label"]: r for r in document["relations"]}


@pytest.fixture(scope="module")
def cases(built_dist: Path, wikidata_cases: OxigraphServer) -> dict[str, Any]:
    return report(built_dist, wikidata_cases)


def test_osnabrueck_against_the_2016_crawl(built_dist: Path, wikidata_2016: OxigraphServer) -> None:
    document = report(built_dist, wikidata_2016)
    assert document["city"] == "Q2916" and document["label"] == "Osnabrück"
    assert document["counts"] == {"both": 7, "only-here": 3, "only-wikidata": 1, "differs": 1}
    rows = by_label(document)
    assert rows["Afula"]["status"] == "only-wikidata" and rows["Afula"]["partner"] == "Q152462"
    assert rows["Afula"]["here"] is None
    assert rows["Tver"]["status"] == "differs"
    assert rows["Tver"]["differences"] == [
        "Q2288: no end time, here dormant since 2022 (Wikidata has no property for it)",
        "Q2916: no end time, here dormant since 2022 (Wikidata has no property for it)",
    ]
    one_sided = {label for label, r in rows.items() if r["status"] == "only-here"}
    assert one_sided == {"Evansville", "Gmünd in Kärnten", "Gwangmyeong"}
    assert all(rows[label]["wikidata"]["items"] == ["Q2916"] for label in one_sided)
    assert [r["label"] for r in document["review"]] == ["Tver", "Afula"]


def test_every_status_against_the_hand_made_cases(cases: dict[str, Any]) -> None:
    statuses = {label: r["status"] for label, r in by_label(cases).items()}
    assert statuses == {
        "Haarlem": "both",
        "Angers": "differs",
        "Derby": "both",
        "Çanakkale": "both",
        "Tver": "differs",
        "Greifswald": "only-here",
        "Vila Real": "both",
        "Gmünd in Kärnten": "differs",
        "Evansville": "only-here",
        "Hefei": "both",
        "Gwangmyeong": "both",
        "Afula": "only-wikidata",
    }
    assert cases["counts"] == {"both": 6, "only-here": 2, "only-wikidata": 1, "differs": 3}


def test_the_json_shape(cases: dict[str, Any]) -> None:
    assert cases["checked"] == "2026-05-12T08:30:00Z"
    assert cases["endpoint"].startswith("http://127.0.0.1:")
    haarlem = by_label(cases)["Haarlem"]
    assert haarlem["partner"] == "Q9920"
    assert {k: haarlem["here"][k] for k in ("since", "until", "kind")} == {
        "since": "1961-10-24",
        "until": None,
        "kind": "partnership",
    }
    assert haarlem["wikidata"]["items"] == ["Q2916", "Q9920"]
    assert haarlem["wikidata"]["since"] == "1961-10-24" and haarlem["wikidata"]["until"] is None
    assert haarlem["differences"] == []
    json.dumps(cases)  # plain JSON all the way


def test_both_directions_and_what_is_missing(cases: dict[str, Any]) -> None:
    rows = by_label(cases)
    assert rows["Evansville"]["wikidata"]["items"] == ["Q2916"]
    assert rows["Evansville"]["missing_on"] == ["Q486459"]
    assert rows["Greifswald"]["wikidata"]["items"] == []
    assert rows["Greifswald"]["missing_on"] == ["Q2916", "Q4098"]
    assert rows["Gwangmyeong"]["wikidata"]["items"] == ["Q2916", "Q42066"]


def test_precisions_year_month_and_day(cases: dict[str, Any]) -> None:
    rows = by_label(cases)
    haarlem = rows["Haarlem"]["wikidata"]["statements"]
    assert [(s["item"], s["since"], s["since_precision"]) for s in haarlem] == [
        ("Q2916", "1961", "year"),
        ("Q9920", "1961-10-24", "day"),
    ]
    assert rows["Haarlem"]["notes"] == ["Q2916: start 1961 is less precise than here 1961-10-24"]
    canakkale = rows["Çanakkale"]["wikidata"]["statements"][1]
    assert canakkale["item"] == "Q2916"
    assert (canakkale["since"], canakkale["since_precision"]) == ("2004-05", "month")
    assert rows["Angers"]["differences"] == ["Q2916: start 1965 here 1964-09-03"]
    assert rows["Gmünd in Kärnten"]["differences"] == ["Q2916: start 1971-08-29 here 1971-08-28"]


def test_qualifier_less_truthy_and_deprecated_statements(cases: dict[str, Any]) -> None:
    rows = by_label(cases)
    vila_real = rows["Vila Real"]["wikidata"]["statements"]
    assert [(s["item"], s["since"], s["statement"] is None) for s in vila_real] == [
        ("Q2916", None, False),
        ("Q503856", None, True),  # a wdt: triple only
    ]
    hefei = rows["Hefei"]["wikidata"]["statements"]
    assert [s["since"] for s in hefei] == [None, None]  # the deprecated 1900 is not read


def test_a_partner_item_with_several_statements(cases: dict[str, Any]) -> None:
    derby = by_label(cases)["Derby"]
    assert [(s["item"], s["since"], s["until"]) for s in derby["wikidata"]["statements"]] == [
        ("Q2916", None, None),
        ("Q43475", "1950", "1960"),
        ("Q43475", "1976-02-17", None),
    ]
    assert derby["differences"] == []
    assert derby["wikidata"]["since"] == "1976-02-17" and derby["wikidata"]["until"] is None


def test_quickstatements_line_by_line(cases: dict[str, Any]) -> None:
    hasepost = "https://hasepost.de/auszeichnung-china-osnabrueck-hefei-22094"
    gwangmyeong = CITY_PAGE + "freundschaftsstaedte/gwangmyeong-suedkorea/"
    evansville = CITY_PAGE + "freundschaftsstaedte/evansville-usa"
    expected = [
        f'Q199712\tP190\tQ2916\tP580\t+2004-05-00T00:00:00Z/10\tS854\t"{PARTNER_PAGE}"\t{REF}',
        f'Q2916\tP190\tQ43475\tP580\t+1976-02-17T00:00:00Z/11\tS854\t"{PARTNER_PAGE}"\t{REF}',
        f'Q2916\tP190\tQ486459\tP580\t+1991-05-11T00:00:00Z/11\tS854\t"{evansville}"\t{REF}',
        f'Q486459\tP190\tQ2916\tP580\t+1991-05-11T00:00:00Z/11\tS854\t"{evansville}"\t{REF}',
        f'Q2916\tP190\tQ4098\tP580\t+1988-00-00T00:00:00Z/9\tS854\t"{PARTNER_PAGE}"\t{REF}',
        f'Q4098\tP190\tQ2916\tP580\t+1988-00-00T00:00:00Z/9\tS854\t"{PARTNER_PAGE}"\t{REF}',
        f'Q2916\tP190\tQ42066\tP580\t+1997-09-26T00:00:00Z/11\tS854\t"{gwangmyeong}"\t{REF}',
        f'Q2916\tP190\tQ185684\tP580\t+2006-06-00T00:00:00Z/10\tS854\t"{hasepost}"\t{REF}',
        f'Q185684\tP190\tQ2916\tP580\t+2006-06-00T00:00:00Z/10\tS854\t"{hasepost}"\t{REF}',
    ]
    assert cases["quickstatements"] == expected
    for label in ("Angers", "Gmünd in Kärnten", "Tver", "Afula", "Haarlem", "Vila Real"):
        assert by_label(cases)[label]["quickstatements"] == [], label
    assert {r["label"] for r in cases["review"]} == {"Angers", "Gmünd in Kärnten", "Tver", "Afula"}


# --- the command ------------------------------------------------------------------------------


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, ["reconcile", *args])


def test_cli_formats(built_dist: Path, wikidata_cases: OxigraphServer, tmp_path: Path) -> None:
    common = ["--dist", str(built_dist), "--endpoint", wikidata_cases.query_url]
    result = invoke(*common)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["counts"]["differs"] == 3
    assert "Osnabrück (Q2916): 6 both, 2 only-here, 1 only-wikidata, 3 differs" in result.stderr

    result = invoke(*common, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 12 and rows[0]["partner"] == "Q38380" and rows[0]["status"] == "differs"

    result = invoke(*common, "--format", "quickstatements")
    lines = result.stdout.splitlines()
    assert len(lines) == 9 and all(line.count("\t") >= 8 for line in lines)

    out = tmp_path / "report.html"
    result = invoke(*common, "--format", "html", "--lang", "de", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="de">' in page and "Abgleich mit Wikidata" in page
    assert "weicht ab" in page and "Afula" in page


def test_out_into_the_publication_stores_every_file(
    built_dist: Path, wikidata_cases: OxigraphServer, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(built_dist, dist)
    manifest = dist / "manifest.json"
    before = manifest.stat().st_mtime_ns
    time.sleep(0.01)
    args = ["--dist", str(dist), "--endpoint", wikidata_cases.query_url]
    result = invoke(*args, "--out", str(dist / "reconcile.json"))
    assert result.exit_code == 0, result.output
    assert json.loads((dist / "reconcile.json").read_text())["city"] == "Q2916"
    assert (dist / "reconcile.csv").read_text().startswith("partner,label,status")
    assert (dist / REPORT_FILES["quickstatements"]).read_text().count("\n") == 9
    assert manifest.stat().st_mtime_ns > before  # a running server notices it


# --- endpoints that fail: a message, exit code 2, the last good report kept -------------------


class Misbehaving(BaseHTTPRequestHandler):
    mode = "html"

    def do_GET(self) -> None:
        if self.mode == "slow":
            time.sleep(3)
        if self.mode == "429":
            self.send_response(429)
            self.send_header("Retry-After", "120")
            self.end_headers()
            return
        body = b"<!doctype html><title>Welcome</title><p>Not SPARQL."
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@contextmanager
def misbehaving(mode: str) -> Iterator[str]:
    handler = type(f"Misbehaving_{mode}", (Misbehaving,), {"mode": mode})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/sparql"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("down", "cannot be reached"),
        ("html", "answered text/html, not SPARQL JSON results"),
        ("429", "rate-limiting this client (HTTP 429 Too Many Requests); it asks to wait 120 s"),
        ("slow", "did not answer within 1 s"),
    ],
)
def test_a_failing_endpoint_exits_2_and_keeps_the_last_report(
    built_dist: Path, tmp_path: Path, mode: str, message: str
) -> None:
    out = tmp_path / "reconcile.json"
    out.write_text('{"last": "good"}\n', encoding="utf-8")
    args = ["--dist", str(built_dist), "--out", str(out), "--timeout", "1"]
    if mode == "down":
        result = invoke(*args, "--endpoint", f"http://127.0.0.1:{free_port()}/sparql")
    else:
        with misbehaving(mode) as url:
            result = invoke(*args, "--endpoint", url)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "was left as it was" in result.stderr
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == '{"last": "good"}\n'


# --- lod build --reconcile ------------------------------------------------------------------


def test_build_reconcile_stores_and_keeps_the_report(
    repo_root: Path, wikidata_cases: OxigraphServer, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    sources = [
        "--dist", str(dist),
        "--metadata", str(repo_root / "metadata/publication.ttl"),
        "--ontology-dir", str(repo_root / "ontology"),
        "--data-dir", str(repo_root / "data"),
        "--shapes-dir", str(repo_root / "shapes"),
    ]  # fmt: skip
    runner = CliRunner()
    result = runner.invoke(main, ["build", *sources, "--reconcile", wikidata_cases.query_url])
    assert result.exit_code == 0, result.output
    assert "Reconciled with" in result.stdout
    stored = (dist / "reconcile.json").read_bytes()
    assert json.loads(stored)["counts"]["both"] == 6

    down = f"http://127.0.0.1:{free_port()}/sparql"
    result = runner.invoke(main, ["build", *sources, "--reconcile", down])
    assert result.exit_code == 2
    assert "reconcile failed, the previous report was kept" in result.stderr
    assert (dist / "reconcile.json").read_bytes() == stored

    result = runner.invoke(main, ["build", *sources])  # no reconciliation: carried over
    assert result.exit_code == 0, result.output
    assert (dist / "reconcile.json").read_bytes() == stored
    assert "reconcile.json" not in (dist / "manifest.json").read_text()  # not a distribution
