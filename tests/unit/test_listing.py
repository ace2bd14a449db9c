"""Lists and search as data: locale-aware sorting, dates, paging, matching any name or QID."""

from __future__ import annotations

import pyoxigraph as ox

from lod.web.listing import Entry, index_page, search_page, short_name, sort_key

XSD = "http://www.w3.org/2001/XMLSchema#"


def city(slug: str, *names: tuple[str, str], date: str | None = None, qid: str = "") -> Entry:
    return Entry(
        f"https://w3id.org/twinning/id/city/{slug}",
        "cities",
        labels=[ox.Literal(text, language=lang) for text, lang in names],
        date=ox.Literal(date, datatype=ox.NamedNode(XSD + "date")) if date else None,
        wikidata=[qid] if qid else [],
        related=["Q43"] if slug == "canakkale" else [],
    )


CITIES = [
    city("derby", ("Derby", "en"), date="1976-02-17", qid="Q43475"),
    city("canakkale", ("Çanakkale", "de"), ("Çanakkale", "en"), date="2004-05-01", qid="Q199712"),
    city("angers", ("Angers", "en"), date="1964-09-03"),
    city("twer", ("Twer", "de"), ("Tver", "en"), qid="Q2288"),
    city("oesel", ("Ösel", "de")),
]


def names(entries: list[Entry] | None = None, **kwargs: object) -> list[str]:
    page = index_page(CITIES if entries is None else entries, "cities", **kwargs)  # type: ignore[arg-type]
    return [i.name for i in page.items]


def test_names_sort_with_their_base_letter() -> None:
    assert names(lang="de", sort="name", page=1, per_page=50) == [
        "Angers", "Çanakkale", "Derby", "Ösel", "Twer",
    ]  # fmt: skip
    assert sort_key("Straße") < sort_key("Strasse2")


def test_reverse_and_date_orders_keep_undated_last() -> None:
    assert names(lang="en", sort="-name", page=1, per_page=50)[0] == "Tver"
    assert names(lang="en", sort="date", page=1, per_page=50)[:3] == [
        "Angers",
        "Derby",
        "Çanakkale",
    ]
    assert names(lang="en", sort="-date", page=1, per_page=50)[:3] == [
        "Çanakkale",
        "Derby",
        "Angers",
    ]
    assert names(lang="en", sort="-date", page=1, per_page=50)[3:] == ["Ösel", "Tver"]


def test_paging_clamps_and_counts() -> None:
    many = [city(f"c{i:04}", (f"City {i:04}", "en")) for i in range(2345)]
    page = index_page(many, "cities", "en", "name", 3, 1000)
    assert (page.page, page.pages, page.total, len(page.items)) == (3, 5, 2345, 500)  # at most 500
    last = index_page(many, "cities", "en", "name", 5, 500)
    assert len(last.items) == 345
    odd = index_page(many, "cities", "en", "bogus", 9999, 0)  # per_page ≥ 1, page ≤ pages
    assert (odd.sort, odd.per_page, odd.page) == ("name", 1, 2345)
    assert index_page(many, "cities", "en", "name", -5, 50).page == 1


def test_search_any_name_any_language_accents_ignored() -> None:
    found = search_page(CITIES, "canakkale", "en")
    assert [i.name for i in found.items] == ["Çanakkale"]
    tver = search_page(CITIES, "twer", "en")  # the German name finds it; the English one shown
    assert [(i.name, i.matched) for i in tver.items] == [("Tver", "Twer")]


def test_search_by_wikidata_id_and_the_linked_country() -> None:
    assert [i.name for i in search_page(CITIES, "Q2288", "de").items] == ["Twer"]
    assert [i.name for i in search_page(CITIES, "wd:q199712", "de").items] == ["Çanakkale"]
    assert [i.name for i in search_page(CITIES, "Q43", "de").items] == ["Çanakkale"]  # Türkei


def test_exact_matches_first_then_prefixes() -> None:
    entries = [
        city("a", ("Alt Derby", "en")),
        city("b", ("Derby", "en")),
        city("c", ("Derbyshire", "en")),
    ]
    assert [i.name for i in search_page(entries, "derby", "en").items] == [
        "Derby", "Derbyshire", "Alt Derby",
    ]  # fmt: skip


def test_empty_query_finds_nothing() -> None:
    assert search_page(CITIES, "  ", "en").total == 0


def test_a_source_address_in_latin1_keeps_its_escape_and_utf8_is_decoded() -> None:
    assert (
        short_name("https://www.osnabrueck.de/Partnerst%E4dte/") == "osnabrueck.de/Partnerst%E4dte"
    )
    assert (
        short_name("https://de.wikipedia.org/wiki/Osnabr%C3%BCck")
        == "de.wikipedia.org/wiki/Osnabrück"
    )
