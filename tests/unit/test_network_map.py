"""The map's layout: every label readable on a phone, none covering another, none outside."""

from __future__ import annotations

import itertools

import pytest

from lod.web import network_map as nm
from lod.web.home import timeline_ticks
from lod.web.i18n import format_number

HOME = nm.Place("home", "Osnabrück", 52.28, 8.05, "home")


def boxes(drawn: nm.NetworkMap) -> list[tuple[str, nm.Box]]:
    """Every text the SVG shows, with the box the layout reserved for it."""
    out = [("N", nm._text_box(*drawn.compass, nm.text_width("N ↑", bold=True), "end"))]
    for ring, x, y, anchor in drawn.ring_labels:
        out.append((f"{ring.km} km", nm._text_box(x, y, nm.text_width(f"{ring.km:,} km"), anchor)))
    for p in (drawn.home, *drawn.points):
        if p.labelled:
            width = nm.text_width(p.place.label, bold=p is drawn.home)
            out.append((p.place.label, nm._text_box(p.label_x, p.label_y, width, p.anchor)))
    return out


def assert_clean(drawn: nm.NetworkMap) -> None:
    top, bottom = drawn.band
    shown = boxes(drawn)
    for (a, box_a), (b, box_b) in itertools.combinations(shown, 2):
        assert not nm._overlap(box_a, box_b), f"{a} covers {b}"
    for name, box in shown:
        assert box[0] >= 0 and box[2] <= nm.SIZE and top <= box[1] and box[3] <= bottom, name


def test_labels_are_eleven_pixels_on_a_phone() -> None:
    """A 360 px phone shows the map about 330 px wide (pages.css: margins, border)."""
    assert nm.LABEL_FONT * 330 / nm.SIZE >= 11


def test_width_estimate_is_an_upper_bound_of_dejavu_sans() -> None:
    """Widths Chromium measured for 22 px DejaVu Sans (getBBox): the estimate is never less."""
    measured = {"Haarlem": 93.5, "Gwangmyeong": 165.6, "Gmünd in Kärnten": 200.3, "10,000 km": 118}
    for text, width in measured.items():
        assert width <= nm.text_width(text) <= width * 1.25, text
    assert nm.text_width("Osnabrück", bold=True) >= 133.9


def test_a_spread_network_labels_every_city() -> None:
    partners = [
        nm.Place("haarlem", "Haarlem", 52.38, 4.64),
        nm.Place("angers", "Angers", 47.47, -0.55),
        nm.Place("derby", "Derby", 52.92, -1.48),
        nm.Place("tver", "Tver", 56.86, 35.9, status="dormant"),
        nm.Place("hefei", "Hefei", 31.82, 117.23),
        nm.Place("evansville", "Evansville", 37.97, -87.57),
    ]
    drawn = nm.draw(HOME, partners)
    assert_clean(drawn)
    assert drawn.unlabelled == []
    assert [p.place.status for p in drawn.points if p.place.key == "tver"] == ["dormant"]


def test_a_crowded_network_leaves_labels_out_rather_than_overlapping() -> None:
    """Forty cities within a few kilometres of each other: no room for forty names."""
    partners = [
        nm.Place(f"c{i}", f"Partner city {i}", 50.0 + i * 0.01, 10.0 + i * 0.01) for i in range(40)
    ]
    drawn = nm.draw(HOME, partners)
    assert_clean(drawn)
    assert 0 < len(drawn.unlabelled) < 40
    assert all(p.label_x == 0 for p in drawn.unlabelled)


def test_a_map_of_home_alone() -> None:
    drawn = nm.draw(HOME, [])
    assert_clean(drawn)
    assert drawn.home.labelled and [r.km for r in drawn.rings] == [250, 1000]


@pytest.mark.parametrize(
    ("first", "last", "phone"),
    [(1960, 2027, [1960, 1980, 2000, 2020]), (1990, 2026, [1990, 2000, 2010, 2020]),
     (1850, 2026, [1850, 1890, 1930, 1970, 2010])],
)  # fmt: skip
def test_timeline_ticks_thin_out_on_a_phone(first: int, last: int, phone: list[int]) -> None:
    ticks = timeline_ticks(first, last)
    assert [year for year, _, narrow in ticks if narrow] == phone
    assert all(0 <= offset <= 1 for _, offset, _ in ticks)
    assert len(ticks) <= 10


@pytest.mark.parametrize(
    ("number", "de", "en"),
    [(152021, "152.021", "152,021"), (2500, "2500", "2500"), ("40.1558", "40,1558", "40.1558"),
     ("-12345.5", "-12.345,5", "-12,345.5"), ("1.0E3", "1.0E3", "1.0E3"), (7, "7", "7")],
)  # fmt: skip
def test_numbers_in_the_readers_language(number: object, de: str, en: str) -> None:
    assert (format_number(number, "de"), format_number(number, "en")) == (de, en)


def test_a_relation_begun_in_the_publication_year_stays_inside_the_timeline() -> None:
    from lod.web.home import HomeView, Overview
    from lod.web.pages import Linker

    overview = Overview([], {}, {}, {}, [], [], [], [], year=2025, license=None)
    view = HomeView(overview, "en", Linker("https://example.org/"))
    rows = [{"year": 1961, "status_year": None}, {"year": 2025, "status_year": 2025}]
    timeline = view.timeline(rows)
    assert (timeline["first"], timeline["last"]) == (1960, 2026)
    offsets = [row["offset"] for row in timeline["rows"]]
    assert offsets[0] == pytest.approx(1 / 66) and offsets[1] < 1
    undated = view.timeline([*rows, {"year": None, "status_year": None}])
    assert undated["undated"] == 1 and len(undated["rows"]) == 2
