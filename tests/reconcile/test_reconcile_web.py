"""The stored drift report on the site: a page in de/en with JSON, CSV and QuickStatements twins,
read from the served publication (no call to Wikidata), 404 with a reason when there is none."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from lod_test_backends import OxigraphServer

from lod.config import Settings
from lod.reconcile import run, store_in_publication
from lod.store import EmbeddedStore, LoadSpec
from lod.web.app import create_app

NOW = datetime(2026, 5, 12, 8, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def reconciled_dist(
    built_dist: Path, wikidata_cases: OxigraphServer, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    dist = tmp_path_factory.mktemp("reconciled") / "dist"
    shutil.copytree(built_dist, dist)
    document = run(Settings().replace(dist_dir=dist), wikidata_cases.query_url, now=NOW)
    # A hostile label must come out escaped on the page.
    document["relations"][-1]["label"] = "<script>alert(1)</script>"
    store_in_publication(document, dist)
    return dist


def client_for(dist: Path) -> Iterator[FlaskClient]:
    store = EmbeddedStore.load(LoadSpec.from_manifest(dist))
    app = create_app({"TESTING": True}, settings=Settings().replace(dist_dir=dist), store=store)
    yield app.test_client()
    store.close()


@pytest.fixture(scope="module")
def web(reconciled_dist: Path) -> Iterator[FlaskClient]:
    yield from client_for(reconciled_dist)


def test_the_page_in_both_languages(web: FlaskClient) -> None:
    for lang, title, status in (("de", "Abgleich mit Wikidata", "weicht ab"),
                                ("en", "Reconciliation with Wikidata", "differs")):  # fmt: skip
        response = web.get(f"/reconcile/report?lang={lang}", headers={"Accept": "text/html"})
        assert response.status_code == 200
        assert response.headers["Content-Language"] == lang
        page = response.get_data(as_text=True)
        assert f'<html lang="{lang}">' in page and title in page and status in page
        assert 'datetime="2026-05-12T08:30:00Z"' in page
        assert page.count('<tr class="status-') == 12
        assert "Q2916\tP190\tQ4098\tP580\t+1988-00-00T00:00:00Z/9" in page
        assert 'href="/reconcile/report.json"' in page and 'href="/reconcile/report.csv"' in page
        assert 'href="/id/city/haarlem"' in page


def test_labels_are_escaped(web: FlaskClient) -> None:
    page = web.get("/reconcile/report", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_json_and_csv_twins(web: FlaskClient, reconciled_dist: Path) -> None:
    stored = json.loads((reconciled_dist / "reconcile.json").read_text(encoding="utf-8"))
    for url, headers in (("/reconcile/report.json", {}),
                         ("/reconcile/report", {"Accept": "application/json"})):  # fmt: skip
        response = web.get(url, headers=headers)
        assert response.status_code == 200 and response.mimetype == "application/json"
        assert response.get_json() == stored
    response = web.get("/reconcile/report.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["status"] for r in rows].count("differs") == 3
    text = web.get("/reconcile/report.txt").get_data(as_text=True)
    assert text.splitlines() == stored["quickstatements"]


def test_etag_and_304(web: FlaskClient) -> None:
    first = web.get("/reconcile/report.json")
    etag = first.headers["ETag"].strip('W/"')
    again = web.get("/reconcile/report.json", headers={"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304


def test_bad_input_is_never_a_5xx(web: FlaskClient) -> None:
    assert web.get("/reconcile/report.exe").status_code == 404
    assert web.get("/reconcile/report", headers={"Accept": "image/png"}).status_code == 406
    assert web.get("/reconcile/report?format=nope").status_code == 406


def test_no_report_is_a_404_that_says_how_to_make_one(built_dist: Path) -> None:
    for client in client_for(built_dist):
        response = client.get("/reconcile/report", headers={"Accept": "text/html"})
        assert response.status_code == 404
        assert "lod build --reconcile" in response.get_data(as_text=True)
        response = client.get("/reconcile/report.json", headers={"Accept": "application/json"})
        assert response.status_code == 404
        assert "lod build --reconcile" in (response.get_json() or {})["message"]
