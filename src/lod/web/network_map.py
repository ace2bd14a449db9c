"""The map of a twinning network, drawn server-side as inline SVG (no tiles, no network).

Partner cities lie from 240 km (Haarlem) to 8,600 km (Gwangmyeong) from Osnabrück, so a flat
world map would pile the seven European cities onto one spot. The map is azimuthal, centred on
the home city: each city is drawn in its true compass direction (initial great-circle bearing)
and at a distance on a square-root scale, with labelled rings at round distances. It shows
what the network is about, where the partners are as seen from home.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0
SIZE = 640  # the SVG's viewBox is SIZE × SIZE
CENTRE = SIZE / 2
RADIUS = 270.0  # of the outermost ring
RINGS_KM = (250, 1000, 2500, 5000, 10000)
CHAR_WIDTH = 7.2  # px per character of a 13 px label, for overlap checks
LINE_HEIGHT = 15.0
MARGIN = 40.0  # px kept above and below the outermost places


@dataclass(frozen=True)
class Place:
    key: str
    label: str
    lat: float
    long: float
    kind: str = ""  # partnership / friendship (a CSS class)
    href: str = ""


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


@dataclass(frozen=True)
class Ring:
    radius: float
    label: str


@dataclass(frozen=True)
class NetworkMap:
    home: MapPoint
    points: list[MapPoint]
    rings: list[Ring]
    size: int = SIZE

    @property
    def centre(self) -> float:
        return CENTRE

    @property
    def band(self) -> tuple[float, float]:
        """The heights the places and their labels use (a network that lies east and west of
        home needs no empty north and south)."""
        ys = [y for p in (self.home, *self.points) for y in (p.y, p.label_y)]
        return max(0.0, min(ys) - MARGIN), min(float(SIZE), max(ys) + MARGIN)

    @property
    def view_box(self) -> str:
        top, bottom = self.band
        return f"0 {top:.0f} {SIZE} {bottom - top:.0f}"

    def ring_labels(self) -> list[tuple[Ring, float, float, str]]:
        """(ring, x, y, text-anchor): above the ring if that is in view, else on the east axis."""
        top = self.band[0]
        out = []
        for ring in self.rings:
            y = CENTRE - ring.radius - 3
            if y >= top + 30:  # clear of the north arrow
                out.append((ring, CENTRE + 4, y, "start"))
            else:
                out.append((ring, CENTRE + ring.radius - 3, CENTRE + 14, "end"))
        return out


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
    """Positions of the home city (centre), its partners, the rings and the labels."""
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
    place_labels([centre, *points])
    rings = [
        Ring(round(scale(km, outer), 1), f"{km:,} km".replace(",", " "))
        for km in RINGS_KM
        if km <= outer
    ]
    return NetworkMap(centre, points, rings)


def place_labels(points: list[MapPoint]) -> None:
    """Labels beside their points, on the outer side (else the inner one), nudged vertically
    until none overlaps another or leaves the picture."""
    placed: list[tuple[float, ...]] = [(p.x - 5, p.y - 5, p.x + 5, p.y + 5) for p in points]
    for point in sorted(points, key=lambda p: p.distance_km):
        width = CHAR_WIDTH * len(point.place.label)
        sides = (True, False) if point.x >= CENTRE else (False, True)
        options = [(right, shift) for right in sides for shift in _shifts()]
        right, shift = options[0]
        for right, shift in options:
            if _fits(_box(point, width, right, shift), placed):
                break
        placed.append(_box(point, width, right, shift))
        point.anchor = "start" if right else "end"
        point.label_x = round(point.x + 9 if right else point.x - 9, 1)
        point.label_y = round(point.y + shift + 4, 1)


def _box(point: MapPoint, width: float, right: bool, shift: float) -> tuple[float, ...]:
    x0 = point.x + 9 if right else point.x - 9 - width
    return (x0, point.y + shift - 11, x0 + width, point.y + shift + 3)


def _fits(box: tuple[float, ...], placed: list[tuple[float, ...]]) -> bool:
    return _inside(box) and not any(_overlap(box, other) for other in placed)


def _shifts() -> list[float]:
    out = [0.0]
    for step in range(1, 12):
        out += [step * 5.0, -step * 5.0]
    return out


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box: tuple[float, ...]) -> bool:
    return box[0] >= 0 and box[2] <= SIZE and box[1] >= 0 and box[3] <= SIZE
