"""The named queries answer on the Osnabrück publication as the dossier says
(``shared/facts/osnabrueck-partnerships.md``). Skipped, with the reason, for another city; the
rules every publication's answers meet are in tests/test_queries.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Store

from lod_projects import Project, Row, query_runner, store_of
from test_queries import BASE, LOCAL, WD, by, city, haversine_km


@pytest.fixture(scope="module")
def store(osnabrueck: Project, build_project: Callable[[Project], Path]) -> Store:
    return store_of(build_project(osnabrueck))


@pytest.fixture(scope="module")
def run(store: Store, osnabrueck: Project) -> Callable[[str], list[Row]]:
    return query_runner(store, osnabrueck.settings.queries_dir)


@pytest.mark.parametrize("path", LOCAL, ids=lambda p: p.stem)
def test_every_local_query_answers(path: Path, run: Callable[[str], list[Row]]) -> None:
    assert run(path.stem), f"{path.name} returned no rows"


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
