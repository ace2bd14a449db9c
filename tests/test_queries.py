"""The named queries in ``queries/`` run on the real publication and answer as the dossier says.

Every non-federated query is run on a pyoxigraph store loaded with the built N-Triples dump and the
catalog; its answers are checked against the facts in the dossier
(``shared/facts/osnabrueck-partnerships.md``). Federated queries (``federated-*.rq``) call Wikidata
through SERVICE: they are only parsed (with rdflib), never executed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions, RdfFormat, Store
from rdflib.plugins.sparql import prepareQuery

from lod.store.queries import list_named_queries, parse_header

QUERIES_DIR = Path(__file__).resolve().parents[1] / "queries"
BASE = "https://w3id.org/twinning/"
WD = "http://www.wikidata.org/entity/"
ALL_QUERIES = sorted(QUERIES_DIR.glob("*.rq"))
FEDERATED = [p for p in ALL_QUERIES if p.name.startswith("federated-")]
LOCAL = [p for p in ALL_QUERIES if not p.name.startswith("federated-")]

Row = dict[str, str | None]


def city(slug: str) -> str:
    return f"{BASE}id/city/{slug}"


@pytest.fixture(scope="module")
def store(built_dist: Path) -> Store:
    store = Store()
    manifest = json.loads((built_dist / "manifest.json").read_text(encoding="utf-8"))
    dump = built_dist / f"{manifest['slug']}.nt"
    store.bulk_load(path=str(dump), format=RdfFormat.N_TRIPLES)
    store.bulk_load(path=str(built_dist / "catalog.ttl"), format=RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="module")
def run(store: Store) -> Callable[[str], list[Row]]:
    """Run ``queries/{name}.rq``; each row maps a variable name to the term's value (or None)."""

    def run_query(name: str) -> list[Row]:
        result = store.query((QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8"))
        assert isinstance(result, QuerySolutions)
        names = [v.value for v in result.variables]
        rows: list[Row] = []
        for solution in result:
            row: Row = {}
            for var in names:
                term = solution[var]
                row[var] = None if term is None else term.value
            rows.append(row)
        return rows

    return run_query


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


@pytest.mark.parametrize("path", LOCAL, ids=lambda p: p.stem)
def test_every_local_query_answers(path: Path, run: Callable[[str], list[Row]]) -> None:
    assert run(path.stem), f"{path.name} returned no rows"


@pytest.mark.parametrize("path", FEDERATED, ids=lambda p: p.stem)
def test_federated_queries_call_wikidata_and_say_so(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "SERVICE <https://query.wikidata.org/sparql>" in text
    header = parse_header(text)
    assert "not run by the tests" in header["description"]["en"]
    assert "LOD_SERVICE_ALLOWLIST" in header["description"]["de"]


# -- answers from the dossier ------------------------------------------------------------------

PARTNERSHIPS = {
    "haarlem": "1961-10-24",
    "angers": "1964-09-03",
    "derby": "1976-02-17",
    "greifswald": "1988",
    "twer": "1991-05-11",
    "canakkale": "2004-05",
    "vila-real": None,
}
FRIENDSHIPS = {
    "gmuend": "1971-08-28",
    "evansville": "1991-05-11",
    "gwangmyeong": "1997-09-26",
    "hefei": "2006-06",
}
QIDS = {
    "osnabrueck": "Q2916",
    "haarlem": "Q9920",
    "angers": "Q38380",
    "derby": "Q43475",
    "greifswald": "Q4098",
    "twer": "Q2288",
    "canakkale": "Q199712",
    "vila-real": "Q503856",
    "gmuend": "Q660580",
    "evansville": "Q486459",
    "gwangmyeong": "Q42066",
    "hefei": "Q185684",
}
COUNTRIES = {
    "haarlem": "Q55",
    "angers": "Q142",
    "derby": "Q145",
    "greifswald": "Q183",
    "twer": "Q159",
    "canakkale": "Q43",
    "vila-real": "Q45",
    "gmuend": "Q40",
    "evansville": "Q30",
    "gwangmyeong": "Q884",
    "hefei": "Q148",
}


def test_partner_cities(run: Callable[[str], list[Row]]) -> None:
    rows = by(run("partner-cities"), "city")
    expected = {**PARTNERSHIPS, **FRIENDSHIPS}
    assert set(rows) == {city(slug) for slug in expected}
    for slug, start in expected.items():
        row = rows[city(slug)]
        kind = "partnership" if slug in PARTNERSHIPS else "friendship"
        assert row["kind"] == f"{BASE}id/concept/relation-kind/{kind}", slug
        assert row["start"] == start, slug
        assert row["wikidata"] == WD + QIDS[slug], slug
    assert rows[city("vila-real")]["start"] is None
    assert rows[city("twer")]["nameDe"] == "Twer" and rows[city("twer")]["nameEn"] == "Tver"
    dormant = {
        k for k, r in rows.items() if r["status"] != f"{BASE}id/concept/relation-status/active"
    }
    assert dormant == {city("twer")}


def test_relation_kinds_are_seven_and_four(run: Callable[[str], list[Row]]) -> None:
    rows = by(run("relation-kinds"), "kindLabelEn")
    assert {k: r["relations"] for k, r in rows.items()} == {
        "Town partnership": "7",
        "Town friendship": "4",
    }
    assert "Vila Real" in (rows["Town partnership"]["cities"] or "")
    assert "Greifswald" in (rows["Town partnership"]["cities"] or "")


def test_per_country(run: Callable[[str], list[Row]]) -> None:
    rows = by(run("per-country"), "country")
    # Eleven cities in eleven countries: one relation each, Germany only through Greifswald.
    assert set(rows) == {WD + q for q in COUNTRIES.values()}
    assert all(r["relations"] == "1" for r in rows.values())
    assert sum(int(r["partnerships"] or 0) for r in rows.values()) == 7
    assert sum(int(r["friendships"] or 0) for r in rows.values()) == 4
    assert rows[WD + "Q183"]["cities"] == "Greifswald"
    assert rows[WD + "Q183"]["partnerships"] == "1"
    assert rows[WD + "Q148"]["friendships"] == "1"


def test_timeline(run: Callable[[str], list[Row]]) -> None:
    rows = run("timeline")
    dated = [r for r in rows if r["signedOn"]]
    assert [r["signedOn"] for r in dated] == sorted(r["signedOn"] or "" for r in dated)
    assert dated[0]["signedOn"] == "1961-10-24" and dated[0]["partners"] == "Haarlem"
    assert dated[-1]["signedOn"] == "2024-05-27"
    dates = {r["agreement"].rsplit("/", 1)[-1]: r["signedOn"] for r in rows if r["agreement"]}
    assert dates["osnabrueck--twer-1986-08-22"] == "1986-08-22"
    assert dates["osnabrueck--twer-1991-05-11"] == dates["osnabrueck--evansville-1991-05-11"]
    assert dates["osnabrueck--hefei-2006-11-08"] == "2006-11-08"
    # The 2004 Angers re-signing is only known as planned: no signing date, just a claim.
    assert dates["osnabrueck--angers-2004"] is None
    # Vila Real has no agreement at all.
    assert not any("vila-real" in (r["agreement"] or "") for r in rows)


def test_ambassador_exchange_by_direction(run: Callable[[str], list[Row]]) -> None:
    rows = run("ambassador-exchange")
    status = {(r["senderName"], r["receiverName"]): (r["statusLabel"], r["disputed"]) for r in rows}
    assert len(status) == len(rows) == 10
    incoming = {s for (s, r) in status if r == "Osnabrück"}
    outgoing = {r for (s, r) in status if s == "Osnabrück"}
    assert incoming == {"Angers", "Çanakkale", "Derby", "Haarlem", "Tver"}
    assert outgoing == {"Angers", "Çanakkale", "Tver", "Derby", "Haarlem"}
    assert all(status[(c, "Osnabrück")][0] == "active" for c in incoming)
    assert status[("Osnabrück", "Angers")][0] == "active"
    assert status[("Osnabrück", "Çanakkale")][0] == "active"
    assert status[("Osnabrück", "Tver")][0] == "dormant"
    assert status[("Osnabrück", "Derby")] == ("ended", "true")  # 2015 or 2016: disputed
    assert status[("Osnabrück", "Haarlem")][0] == "ended"
    directions = {r["direction"] for r in rows}
    assert directions == {"to Osnabrück", "from Osnabrück"}


def test_dormant_relations_is_twer_alone(run: Callable[[str], list[Row]]) -> None:
    rows = run("dormant-relations")
    assert [r["city"] for r in rows] == [city("twer")]
    (twer,) = rows
    assert twer["status"] == f"{BASE}id/concept/relation-status/dormant"
    assert twer["since"] == "2022"
    assert "Angriffskrieg" in (twer["reasonDe"] or "")
    assert "war of aggression" in (twer["reasonEn"] or "")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_distances(run: Callable[[str], list[Row]]) -> None:
    rows = by(run("distances"), "city")
    assert len(rows) == 11
    distance = {k: float(r["distanceKm"] or "nan") for k, r in rows.items()}
    assert distance[city("haarlem")] == pytest.approx(230, abs=10)
    assert distance[city("greifswald")] == pytest.approx(410, abs=15)
    assert min(distance, key=distance.__getitem__) == city("haarlem")
    assert max(distance, key=distance.__getitem__) == city("hefei")
    # The arithmetic haversine agrees with Python's math within a kilometre, for every city.
    for key, row in rows.items():
        expected = haversine_km(52.283, 8.050, float(row["lat"] or 0), float(row["long"] or 0))
        assert distance[key] == pytest.approx(expected, abs=1.0), key


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


def test_wikidata_links(run: Callable[[str], list[Row]]) -> None:
    rows = by(run("wikidata-links"), "city")
    assert {k: r["sameAs"] for k, r in rows.items()} == {
        city(slug): WD + q for slug, q in QIDS.items()
    }
    assert all(r["wikidataItem"] == r["sameAs"] for r in rows.values())
    assert WD + "Q3920" not in {r["sameAs"] for r in rows.values()}
    assert rows[city("osnabrueck")]["country"] == WD + "Q183"


def test_disputed_claims(run: Callable[[str], list[Row]]) -> None:
    rows = run("disputed-claims")
    subjects = {r["subject"] for r in rows}
    assert subjects == {
        f"{BASE}id/agreement/osnabrueck--greifswald-1988",
        f"{BASE}id/programme/osnabrueck-city-ambassadors",
        f"{BASE}id/exchange/osnabrueck-city-ambassadors--osnabrueck--derby",
    }
    assert all(r["sources"] for r in rows)
    starts = {r["value"] for r in rows if r["property"] == f"{BASE}ontology/startDate"}
    assert {"1964", "1965", "1967"} <= starts
    bounds = {r["lowerBound"] for r in rows if r["property"] == f"{BASE}ontology/participantCount"}
    assert bounds == {"200", "230", "300"}
    derby_ends = {r["value"] for r in rows if r["property"] == f"{BASE}ontology/endDate"}
    assert derby_ends == {"2015", "2016"}
    greifswald = [r for r in rows if "greifswald" in (r["subject"] or "")]
    assert {r["value"] for r in greifswald if r["property"].endswith("signedOn")} == {"1988-03-01"}
    assert len([r for r in greifswald if r["property"].endswith("signedAt")]) == 2


def test_claims_include_the_single_source_ones(run: Callable[[str], list[Row]]) -> None:
    rows = run("claims")
    undisputed = {r["claim"].rsplit("/", 1)[-1] for r in rows if r["disputed"] == "false"}
    assert "osnabrueck--gwangmyeong-start-1" in undisputed
    assert "osnabrueck--angers-2004-signed-on-1" in undisputed
    assert len(rows) > len(undisputed)


def test_agreement_signatories(run: Callable[[str], list[Row]]) -> None:
    rows = run("agreement-signatories")
    named = {(r["agreement"].rsplit("/", 1)[-1], r["signatory"]) for r in rows if r["signatory"]}
    assert ("osnabrueck--haarlem-1961-10-24", "Willi Kelch") in named
    assert ("osnabrueck--haarlem-1961-10-24", "Cremers") in named
    assert ("osnabrueck--gmuend-1971-08-28", "Willi Kelch") in named
    assert ("osnabrueck--gmuend-1971-08-28", "Fritz Neuschitzer") in named
    assert ("osnabrueck--hefei-2006-11-08", "Boris Pistorius") in named
    assert ("osnabrueck--hefei-2006-11-08", "Wu Cunrong") in named
    assert ("osnabrueck--gwangmyeong-2023-11-02", "Katharina Pötter") in named
    assert ("osnabrueck--gwangmyeong-2023-11-02", "Park Seung-won") in named
    assert ("osnabrueck--haarlem--angers-2024-05-27", "Jean-Marc Verchère") in named
    # Çanakkale 2004: signed by the two mayors, names not given by the source.
    canakkale = [r for r in rows if r["agreement"].endswith("canakkale-2004-05")]
    assert len(canakkale) == 2 and all(r["signatory"] is None for r in canakkale)


def test_trilateral_arrangement(run: Callable[[str], list[Row]]) -> None:
    (row,) = run("trilateral-arrangement")
    assert row["arrangement"] == f"{BASE}id/arrangement/osnabrueck--haarlem--angers"
    assert row["start"] == "1964"
    assert row["cityCount"] == "3"
    assert set((row["cities"] or "").split(", ")) == {"Osnabrück", "Haarlem", "Angers"}
    assert row["agreementDates"] == "2024-05-27"


def test_encounter_domains(run: Callable[[str], list[Row]]) -> None:
    rows = run("encounter-domains")
    assert {r["domain"].rsplit("/", 1)[-1] for r in rows} == {
        "sport",
        "economy",
        "culture",
        "science",
        "private",
    }
    assert all(r["network"] == f"{BASE}id/network/osnabrueck" for r in rows)


def test_first_contacts(run: Callable[[str], list[Row]]) -> None:
    rows = by(run("first-contacts"), "relation")
    first = {k.rsplit("--", 1)[-1]: r["firstContactDate"] for k, r in rows.items() if k}
    assert first["gmuend"] == "1898"
    assert first["derby"] == "1948"
    assert first["twer"] == "1973"
    assert first["haarlem"] == "1961"
    assert "1970s" in (rows[f"{BASE}id/relation/osnabrueck--vila-real"]["firstContactEn"] or "")


def test_open_questions(run: Callable[[str], list[Row]]) -> None:
    gaps = {(r["resource"].rsplit("/", 1)[-1], r["gap"]) for r in run("open-questions")}
    assert ("osnabrueck--vila-real", "relation without a start date") in gaps
    assert ("osnabrueck--vila-real", "relation without an agreement") in gaps
    assert ("osnabrueck--angers-2004", "agreement without a signing date") in gaps
    without_start = {res for res, gap in gaps if gap == "relation without a start date"}
    assert without_start == {"osnabrueck--vila-real"}


def test_dataset_distributions(run: Callable[[str], list[Row]]) -> None:
    rows = run("dataset-distributions")
    urls = {r["downloadURL"] for r in rows}
    for ext in ("ttl", "nt", "jsonld", "rdf"):
        assert f"{BASE}download/osnabrueck-twinning.{ext}" in urls
    assert all(r["license"] for r in rows)


def test_only_federated_queries_use_service() -> None:
    assert all("SERVICE <" in p.read_text(encoding="utf-8") for p in FEDERATED)
    assert not any("SERVICE" in p.read_text(encoding="utf-8") for p in LOCAL)
