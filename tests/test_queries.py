"""The named queries in ``queries/``: their headers, and the rules their answers meet on any
publication.

Every non-federated query is run on a pyoxigraph store loaded with a built publication's N-Triples
dump and catalog, for each ``publication`` (the project under test and a fresh ``lod init``
project of another city). What they answer for Osnabrück is in tests/osnabrueck/. Federated queries
(``federated-*.rq``) call Wikidata through SERVICE: they are only parsed (with rdflib), never
executed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions, Store
from rdflib.plugins.sparql import prepareQuery

from lod.store.queries import list_named_queries, parse_header
from lod_projects import Project, Row, query_runner, store_of

QUERIES_DIR = Path(__file__).resolve().parents[1] / "queries"
BASE = "https://w3id.org/twinning/"
WD = "http://www.wikidata.org/entity/"
ALL_QUERIES = sorted(QUERIES_DIR.glob("*.rq"))
FEDERATED = [p for p in ALL_QUERIES if p.name.startswith("federated-")]
LOCAL = [p for p in ALL_QUERIES if not p.name.startswith("federated-")]


def city(slug: str) -> str:
    return f"{BASE}id/city/{slug}"


@pytest.fixture(scope="module")
def store(publication: Project, build_project: Callable[[Project], Path]) -> Store:
    return store_of(build_project(publication))


@pytest.fixture(scope="module")
def run(store: Store, publication: Project) -> Callable[[str], list[Row]]:
    return query_runner(store, publication.settings.queries_dir)


def by(rows: list[Row], key: str) -> dict[str | None, Row]:
    keyed = {row[key]: row for row in rows}
    assert len(keyed) == len(rows), f"{key} is not unique in {rows}"
    return keyed


# -- every query --------------------------------------------------------------------------------


def test_there_are_enough_queries() -> None:
    assert len(LOCAL) >= 10
    assert len(FEDERATED) >= 2


@pytest.mark.parametrize("path", ALL_QUERIES, ids=lambda p: p.stem)
def test_header_has_title_and_description_in_de_and_en(path: Path) -> None:
    header = parse_header(path.read_text(encoding="utf-8"))
    for key in ("title", "description"):
        for lang in ("de", "en"):
            assert header[key].get(lang, "").strip(), f"{path.name}: no {key}@{lang}"
    assert header["title"]["de"] != header["title"]["en"]


def test_the_named_query_loader_sees_every_file() -> None:
    named = list_named_queries(QUERIES_DIR)
    assert [q.name for q in named] == [p.stem for p in ALL_QUERIES]
    assert all(q.title("de") != q.name and q.description("en") for q in named)


@pytest.mark.parametrize("path", ALL_QUERIES, ids=lambda p: p.stem)
def test_header_values_are_not_cut_short(path: Path) -> None:
    """A continuation line that looks like ``key: ...`` (``owl:sameAs``, ``https://``) would end the
    value early in the parser: the parsed header must hold every word of the comment block."""
    text = path.read_text(encoding="utf-8")
    header = parse_header(text)
    parsed = " ".join(v for values in header.values() for v in values.values())
    comment: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comment.append(
            line.split(":", 1)[1] if line.startswith(("# title@", "# description@")) else line[1:]
        )
    assert sorted(" ".join(comment).split()) == sorted(parsed.split())


@pytest.mark.parametrize("path", ALL_QUERIES, ids=lambda p: p.stem)
def test_every_query_parses_with_rdflib(path: Path) -> None:
    prepareQuery(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FEDERATED, ids=lambda p: p.stem)
def test_federated_queries_call_wikidata_and_say_so(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "SERVICE <https://query.wikidata.org/sparql>" in text
    header = parse_header(text)
    assert "not run by the tests" in header["description"]["en"]
    assert "LOD_SERVICE_ALLOWLIST" in header["description"]["de"]


# -- rules every publication's answers meet ---------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_distance_arithmetic_holds_far_away(store: Store) -> None:
    """The SPARQL sine/cosine/sqrt/asin stand-ins stay accurate beyond the partners' range."""
    text = (QUERIES_DIR / "distances.rq").read_text(encoding="utf-8")
    where = text[text.index("WHERE {") :]
    body = where[: where.rindex("}")].removeprefix("WHERE {")
    body = body[body.index("# Angles in radians") :]
    probe = (
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\nSELECT ?homeLat ?homeLong ?lat ?long "
        "?distanceKm WHERE {\nVALUES (?homeLat ?homeLong ?lat ?long) {"
        "(52.283 8.050 52.283 8.050) (52.283 8.050 52.3 8.06) (0.0 179.0 0.0 -179.0)"
        "(52.283 8.050 -33.87 151.21) (52.283 8.050 40.71 -74.01)}\n" + body + "}"
    )
    result = store.query(probe)
    assert isinstance(result, QuerySolutions)
    for solution in result:
        values = [float(solution[v].value) for v in ("homeLat", "homeLong", "lat", "long")]
        expected = haversine_km(*values)
        got = float(solution["distanceKm"].value)
        tolerance = 1.0 if expected < 10_000 else 0.01 * expected
        assert got == pytest.approx(expected, abs=tolerance), values


def count(store: Store, where: str) -> int:
    result = store.query(
        f"PREFIX tw: <{BASE}ontology/> SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    )
    assert isinstance(result, QuerySolutions)
    return int(next(result)["n"].value)


@pytest.mark.parametrize("path", LOCAL, ids=lambda p: p.stem)
def test_every_local_query_runs(path: Path, run: Callable[[str], list[Row]]) -> None:
    """Any publication: an empty answer is fine (no claims, no exchanges yet), an error is not."""
    run(path.stem)


def test_partner_cities_lists_every_partner(store: Store, run: Callable[[str], list[Row]]) -> None:
    partners = count(
        store,
        "SELECT DISTINCT ?city { ?r a tw:CityRelation ; tw:homeCity ?h ; tw:city ?city "
        "FILTER (?city != ?h) }",
    )
    assert partners and len({r["city"] for r in run("partner-cities")}) == partners


def test_relation_kinds_count_every_relation(store: Store, run: Callable[[str], list[Row]]) -> None:
    relations = count(store, "?r a tw:CityRelation")
    assert sum(int(r["relations"] or 0) for r in run("relation-kinds")) == relations


def test_wikidata_links_are_the_cities_sameas(
    store: Store, run: Callable[[str], list[Row]]
) -> None:
    rows = run("wikidata-links")
    assert len({r["city"] for r in rows}) == count(store, "?c a tw:City")
    assert all(r["wikidataItem"] == r["sameAs"] for r in rows)


def test_dataset_distributions(run: Callable[[str], list[Row]], publication: Project) -> None:
    rows = run("dataset-distributions")
    urls = {r["downloadURL"] for r in rows}
    for ext in ("ttl", "nt", "jsonld", "rdf"):
        assert f"{publication.base}download/{publication.slug}.{ext}" in urls
    assert all(r["license"] for r in rows)


def test_only_federated_queries_use_service() -> None:
    assert all("SERVICE <" in p.read_text(encoding="utf-8") for p in FEDERATED)
    assert not any("SERVICE" in p.read_text(encoding="utf-8") for p in LOCAL)
