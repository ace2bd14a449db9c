"""A bounded soak: a minute of mixed load on a live server — quick readers (pages, queries,
downloads, health) beside clients sending expensive queries, and a rebuild landing in the
middle. No quick request may fail, none may see a 5xx other than a busy expensive query, and
every route is on the new version once it is switched."""

from __future__ import annotations

import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from lod_test_backends import serving

from lod.config import Settings
from lod.publisher.pipeline import build_publication
from lod.web.app import create_app

pytestmark = [pytest.mark.live, pytest.mark.slow]

SECONDS = 60.0
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = [
    "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", "format": "json"}),
    "/doc/city/haarlem.ttl",
    "/doc/city/angers?lang=en",
    "/download/osnabrueck-twinning.nt.gz",
    "/catalog.ttl",
    "/health",
]
OLD_LABEL, NEW_LABEL = "Friedensstadt Osnabrück", "Friedensstadt Osnabrück (Soak)"


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return -1  # refused, reset or timed out: a failure too


def test_a_minute_of_mixed_load_with_a_rebuild(repo_root: Path, tmp_path: Path) -> None:
    for name in ("ontology", "data", "shapes", "metadata", "queries"):
        shutil.copytree(repo_root / name, tmp_path / name)
    config = Settings().replace(
        ontology_dir=tmp_path / "ontology", data_dir=tmp_path / "data",
        shapes_dir=tmp_path / "shapes", queries_dir=tmp_path / "queries",
        dist_dir=tmp_path / "dist", query_timeout=4.0, reload_interval=1.0,
    )  # fmt: skip
    metadata = tmp_path / "metadata" / "publication.ttl"
    build_publication(config, metadata)
    app = create_app({"QUERY_WORKERS": 3}, settings=config)
    quick: Counter[int] = Counter()
    expensive: Counter[int] = Counter()
    stop = threading.Event()

    def reader(offset: int) -> None:
        n = offset
        while not stop.is_set():
            quick[fetch(base + QUICK[n % len(QUICK)])] += 1
            n += 1

    def heavy() -> None:
        url = base + "/sparql?" + urllib.parse.urlencode({"query": EXPENSIVE, "format": "json"})
        while not stop.is_set():
            expensive[fetch(url)] += 1

    with serving(app) as base:
        threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
        threads += [threading.Thread(target=heavy) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(SECONDS / 2)
        cities = config.data_dir / "cities.ttl"
        cities.write_text(cities.read_text("utf-8").replace(OLD_LABEL, NEW_LABEL), "utf-8")
        build_publication(config, metadata)  # lands while everything above keeps asking
        time.sleep(SECONDS / 2)
        stop.set()
        for thread in threads:
            thread.join(60)
        page = urllib.request.urlopen(base + "/doc/city/osnabrueck?lang=de", timeout=30).read()
    app.extensions["lod"].switch.close()

    assert set(quick) == {200}, quick  # not one quick request failed
    assert sum(quick.values()) > 100
    assert set(expensive) <= {200, 503}, expensive  # 503: timed out, or turned away as busy
    assert NEW_LABEL.encode() in page
