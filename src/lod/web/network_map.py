"""The map of a twinning network, drawn server-side as inline SVG (no tiles, no network).

Partner cities lie from 240 km (Haarlem) to 8,600 km (Gwangmyeong) from Osnabrück, so a flat
world map would pile the seven European cities onto one spot. The map is azimuthal, centred on
the home city: each city is drawn in its true compass direction (initial great-circle bearing)
and at a distance on a square-root scale, with labelled rings at round distances. It shows
what the network is about, where the partners are as seen from home.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0
SIZE = 640  # the SVG's viewBox is SIZE × SIZE
CENTRE = SIZE / 2
RADIUS = 270.0  # of the outermost ring
RINGS_KM = (250, 1000, 2500, 5000, 10000)
# Every text of the map is LABEL_FONT viewBox units high. A phone shows the map about 330 px
# wide (a 360 px screen less the margins); 11 px of text there need 640 × 11 / 330 ≈ 21.3 units
# (pages.css keeps the map at most 28rem wide on large screens, where they are 15 px).
LABEL_FONT = 22.0
# A label's box, for the overlap checks, in ems: the line above and below the baseline, and
# the advance widths of DejaVu Sans (the widest of the usual sans fonts, and what a Linux
# browser falls back to), so that a label measured in any of them fits the box.
ASCENT, DESCENT = 0.93 * LABEL_FONT, 0.27 * LABEL_FONT
_EMS = {
    **dict.fromkeys("ijl", 0.28),
    **dict.fromkeys(" .,:;!'|fI", 0.32),
    **dict.fromkeys("trJ()-", 0.41),
    **dict.fromkeys("cszvxyk\u2013", 0.6),
    **dict.fromkeys("mW", 0.99),
    **dict.fromkeys("wM", 0.87),
    **dict.fromkeys("ABCDGHKNOQRUVXYZ", 0.79),
    **dict.fromkeys("\u2191", 0.84),
}
_EM_OTHER = 0.64  # other Latin letters and the digits
_EM_WIDE = 1.0  # CJK, Hangul and other wide scripts
BOLD = 1.14  # DejaVu Sans Bold is this much wider
GAP = 10.0  # from a point's centre to its label
MARGIN = 40.0  # kept above and below the outermost places
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Place:
    key: str
    label: str
    lat: float
    long: float
    kind: str = ""  # partnership / friendship (a CSS class)
    href: str = ""
    status: str = ""  # active / dormant / ended (a CSS class: dormant is dashed, as the timeline)


@dataclass
class MapPoint:
    place: Place
    x: float
    y: float
    distance_km: float
    bearing: float
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"
    labelled: bool = True  # False: no room beside the point; its name is in its tooltip


@dataclass(frozen=True)
class Ring:
    radius: float
    km: int  # the page writes the number in the reader's language


@dataclass(frozen=True)
class NetworkMap:
    home: MapPoint
    points: list[MapPoint]
    rings: list[Ring]
    ring_labels: list[tuple[Ring, float, float, str]]  # (ring, x, y, text-anchor)
    compass: tuple[float, float]  # where "N ↑" ends (text-anchor end)
    size: int = SIZE
    font: float = LABEL_FONT

    @property
    def centre(self) -> float:
        return CENTRE

    @property
    def band(self) -> tuple[float, float]:
        return band([self.home, *self.points])

    @property
    def view_box(self) -> str:
        top, bottom = self.band
        return f"0 {top:.0f} {SIZE} {bottom - top:.0f}"

    @property
    def unlabelled(self) -> list[MapPoint]:
        return [p for p in self.points if not p.labelled]


def band(points: Sequence[MapPoint]) -> tuple[float, float]:
    """The heights the places use (a network that lies east and west of home needs no empty
    north and south); the labels are placed inside it."""
    ys = [p.y for p in points]
    return max(0.0, min(ys) - MARGIN - ASCENT), min(float(SIZE), max(ys) + MARGIN + ASCENT)


def distance_and_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """Great-circle distance in km (haversine) and initial bearing in degrees from north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return distance, (math.degrees(math.atan2(y, x)) + 360) % 360


def scale(distance_km: float, outer_km: float) -> float:
    return RADIUS * math.sqrt(max(distance_km, 0.0) / outer_km)


def draw(home: Place, partners: Sequence[Place]) -> NetworkMap:
    """Positions of the home city (centre), its partners, the rings and all the labels."""
    farthest = max(
        (distance_and_bearing(home.lat, home.long, p.lat, p.long)[0] for p in partners),
        default=1000.0,
    )
    outer = next((ring for ring in RINGS_KM if ring >= farthest), RINGS_KM[-1])
    points = []
    for place in partners:
        distance, bearing = distance_and_bearing(home.lat, home.long, place.lat, place.long)
        r = scale(distance, outer)
        x = CENTRE + r * math.sin(math.radians(bearing))
        y = CENTRE - r * math.cos(math.radians(bearing))
        points.append(MapPoint(place, round(x, 1), round(y, 1), distance, bearing))
    centre = MapPoint(home, CENTRE, CENTRE, 0.0, 0.0)
    rings = [Ring(round(scale(km, outer), 1), km) for km in RINGS_KM if km <= outer]
    top, bottom = band([centre, *points])
    compass = (CENTRE - 6, top + 6 + ASCENT)
    placed: list[Box] = [_text_box(compass[0], compass[1], text_width("N ↑", bold=True), "end")]
    place_labels([centre, *points], (top, bottom), placed)  # the cities' names come first
    labels = ring_labels(rings, top, bottom, placed)
    return NetworkMap(centre, points, rings, labels, compass)


def ring_labels(
    rings: Sequence[Ring], top: float, bottom: float, placed: list[Box]
) -> list[tuple[Ring, float, float, str]]:
    """A ring's distance beside it where it covers no other label: north of home if free, else
    south, else on a diagonal or the east or west axis; left out if none is free (the ring
    stays)."""
    out = []
    for ring in rings:
        width = text_width(f"{ring.km:,} km")
        for bearing in (0, 180, 45, 315, 135, 225, 90, 270):
            x, y, anchor = _beside_ring(ring.radius, bearing)
            box = _text_box(x, y, width, anchor)
            if box[1] >= top and box[3] <= bottom and _fits(box, placed):
                placed.append(box)
                out.append((ring, round(x, 1), round(y, 1), anchor))
                break
    return out


def _beside_ring(radius: float, bearing: float) -> tuple[float, float, str]:
    """(x, baseline y, text-anchor) of a label just outside the ring at ``bearing``."""
    sin, cos = math.sin(math.radians(bearing)), math.cos(math.radians(bearing))
    x, y = CENTRE + radius * sin, CENTRE - radius * cos
    anchor = "start" if sin >= -1e-9 else "end"
    x += 4 if anchor == "start" else -4
    below = cos < -1e-9  # the southern half: the label under the ring, else above it
    return x, (y + ASCENT + 4 if below else y - 4), anchor


def place_labels(points: list[MapPoint], band: tuple[float, float], placed: list[Box]) -> None:
    """Labels beside their points, nearest to home first: on the outer side, else the inner
    one, else above or below, nudged vertically until none overlaps another label or point or
    leaves the picture. A label with no such place is left out (``labelled`` False)."""
    placed.extend((p.x - 7, p.y - 7, p.x + 7, p.y + 7) for p in points)
    for point in sorted(points, key=lambda p: p.distance_km):
        width = text_width(point.place.label, bold=point.distance_km == 0)
        for x, y, anchor in _candidates(point):
            box = _text_box(x, y, width, anchor)
            if box[1] >= band[0] and box[3] <= band[1] and _fits(box, placed):
                placed.append(box)
                point.label_x, point.label_y, point.anchor = round(x, 1), round(y, 1), anchor
                break
        else:
            point.labelled = False


def _candidates(point: MapPoint) -> list[tuple[float, float, str]]:
    """(x, baseline y, text-anchor) to try, best first."""
    sides = (True, False) if point.x >= CENTRE else (False, True)
    middle = point.y + ASCENT / 2 - DESCENT / 2  # the label's middle level with the point
    out = []
    for right in sides:
        x, anchor = (point.x + GAP, "start") if right else (point.x - GAP, "end")
        out += [(x, middle + shift, anchor) for shift in _shifts()]
    for y in (point.y - GAP / 2 - DESCENT, point.y + GAP / 2 + ASCENT):  # above, below
        out += [(point.x, y, "middle"), (point.x + GAP, y, "end"), (point.x - GAP, y, "start")]
    return out


def text_width(text: str, bold: bool = False) -> float:
    """An upper estimate of ``text``'s width in viewBox units (see ``_EMS``)."""
    ems = sum(_em(ch) for ch in text)
    return ems * LABEL_FONT * (BOLD if bold else 1.0)


def _em(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return _EM_WIDE
    base = unicodedata.normalize("NFKD", ch)[:1] or ch  # Ç is as wide as C
    return _EMS.get(base, _EM_OTHER)


def _text_box(x: float, baseline: float, width: float, anchor: str) -> Box:
    """The box of a label, with room for its white halo (pages.css: a 3 px stroke)."""
    x0 = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return (x0 - 2, baseline - ASCENT - 1, x0 + width + 2, baseline + DESCENT + 1)


def _fits(box: Box, placed: list[Box]) -> bool:
    return _inside(box) and not any(_overlap(box, other) for other in placed)


def _shifts() -> list[float]:
    out = [0.0]
    for step in range(1, 8):
        out += [step * 6.0, -step * 6.0]
    return out


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box: Box) -> bool:
    return box[0] >= 0 and box[2] <= SIZE and box[1] >= 0 and box[3] <= SIZE
