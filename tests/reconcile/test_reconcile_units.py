"""Dates at a precision and the classification, without an endpoint (the cases the publication
cannot show yet: an ended relation, a Wikidata end for a going relation)."""

from __future__ import annotations

from lod.reconcile.compare import compare
from lod.reconcile.dates import DAY, MONTH, YEAR, Date, from_wikidata, from_xsd
from lod.reconcile.here import HereRelation
from lod.reconcile.report import pick_source, quickstatements
from lod.reconcile.wikidata import Statement

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_publication_dates_keep_their_precision() -> None:
    assert from_xsd("1961-10-24", XSD + "date") == Date(1961, 10, 24, DAY)
    assert from_xsd("2004-05", XSD + "gYearMonth") == Date(2004, 5, 0, MONTH)
    assert from_xsd("1988", XSD + "gYear") == Date(1988, 0, 0, YEAR)
    assert from_xsd("1988", XSD + "string") is None


def test_wikidata_times_use_the_stated_precision_else_the_zeros() -> None:
    assert from_wikidata("1961-01-01T00:00:00Z", 9) == Date(1961, 0, 0, YEAR)
    assert from_wikidata("1961-01-01T00:00:00Z", 11) == Date(1961, 1, 1, DAY)
    assert from_wikidata("2004-05-01T00:00:00Z", None) == Date(2004, 5, 0, MONTH)
    assert from_wikidata("1997-09-26T00:00:00Z", None) == Date(1997, 9, 26, DAY)
    assert from_wikidata("not a time", 11) is None


def test_dates_agree_at_the_coarser_precision() -> None:
    day, year = Date(1961, 10, 24, DAY), Date(1961, 0, 0, YEAR)
    assert day.agrees_with(year) and year.agrees_with(day)
    assert not day.agrees_with(Date(1961, 10, 25, DAY))
    assert not day.agrees_with(Date(1962, 0, 0, YEAR))
    assert Date(1960, 0, 0, 8).agrees_with(day)  # the 1960s
    assert not Date(1950, 0, 0, 8).agrees_with(day)


def test_quickstatements_times() -> None:
    assert Date(1961, 10, 24, DAY).quickstatements() == "+1961-10-24T00:00:00Z/11"
    assert Date(2004, 5, 0, MONTH).quickstatements() == "+2004-05-00T00:00:00Z/10"
    assert Date(1988, 0, 0, YEAR).quickstatements() == "+1988-00-00T00:00:00Z/9"


def relation(**changes: object) -> HereRelation:
    values: dict[str, object] = {
        "relation": "https://example.org/id/relation/a--b",
        "partner": "https://example.org/id/city/b",
        "item": "Q2",
        "label": "B",
        "kind": "partnership",
        "since": Date(1970, 0, 0, YEAR),
        "until": None,
        "status": "active",
        "status_since": None,
        "sources": ("http://example.org/b", "https://example.org/a"),
    }
    values.update(changes)
    return HereRelation(**values)  # type: ignore[arg-type,unused-ignore]


def test_an_ended_relation_without_a_wikidata_end_differs() -> None:
    ended = relation(until=Date(2015, 0, 0, YEAR), status="ended")
    rows = compare("Q1", [ended], [Statement("Q1", "Q2"), Statement("Q2", "Q1")])
    assert rows[0].status == "differs"
    assert rows[0].differences == [
        "Q1: no end time, here ended 2015",
        "Q2: no end time, here ended 2015",
    ]
    assert quickstatements(rows[0], Date(2026, 1, 2, DAY)) == []  # a person decides


def test_an_ended_relation_missing_on_wikidata_gets_its_end() -> None:
    ended = relation(until=Date(2015, 6, 0, MONTH), status="ended")
    rows = compare("Q1", [ended], [])
    assert rows[0].status == "only-here" and rows[0].missing_on == ["Q1", "Q2"]
    reference = 'S854\t"https://example.org/a"\tS813\t+2026-01-02T00:00:00Z/11'
    assert quickstatements(rows[0], Date(2026, 1, 2, DAY)) == [
        f"Q1\tP190\tQ2\tP580\t+1970-00-00T00:00:00Z/9\tP582\t+2015-06-00T00:00:00Z/10\t{reference}",
        f"Q2\tP190\tQ1\tP580\t+1970-00-00T00:00:00Z/9\tP582\t+2015-06-00T00:00:00Z/10\t{reference}",
    ]


def test_a_wikidata_end_for_a_going_relation_differs() -> None:
    stated = Statement("Q1", "Q2", Date(1970, 0, 0, YEAR), Date(1990, 0, 0, YEAR))
    rows = compare("Q1", [relation()], [stated, Statement("Q2", "Q1")])
    assert rows[0].status == "differs"
    assert rows[0].differences == ["Q1: end 1990, here active"]


def test_one_agreeing_statement_per_item_is_enough() -> None:
    history = Statement("Q2", "Q1", Date(1950, 0, 0, YEAR), Date(1960, 0, 0, YEAR), "s1")
    current = Statement("Q2", "Q1", Date(1970, 3, 1, DAY), None, "s2")
    rows = compare("Q1", [relation()], [Statement("Q1", "Q2"), history, current])
    assert rows[0].status == "both" and rows[0].differences == []
    assert "Q2: start 1970-03-01 is more precise than here 1970" in rows[0].notes


def test_a_partner_without_a_wikidata_item_is_only_here_without_quickstatements() -> None:
    rows = compare("Q1", [relation(item=None)], [])
    assert rows[0].status == "only-here" and rows[0].partner is None
    assert quickstatements(rows[0], Date(2026, 1, 2, DAY)) == []


def test_wikidata_only_partners_come_last() -> None:
    rows = compare("Q1", [relation()], [Statement("Q1", "Q2"), Statement("Q9", "Q1")])
    assert [(r.partner, r.status) for r in rows] == [("Q2", "only-here"), ("Q9", "only-wikidata")]
    assert rows[0].missing_on == ["Q2"]


def test_the_reference_is_an_https_source_that_quickstatements_can_hold() -> None:
    assert pick_source(("http://a.example/", "https://b.example/")) == "https://b.example/"
    assert pick_source(('https://a.example/"x', "http://c.example/")) == "http://c.example/"
    assert pick_source(()) is None
