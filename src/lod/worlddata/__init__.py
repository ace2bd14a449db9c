"""The bundled world twinning data (two Wikidata-derived snapshots, see ATTRIBUTION.md).

2026: 5,470 cities with English name, coordinates and country code, 10,596 undirected links.
2016: 10,055 items with a name (language not recorded) and 34,182 directed P190 statements.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
SOURCE_2026_CITIES = (
    "https://github.com/rfordatascience/tidytuesday/blob/"
    "64d8b3e48571d1a7b82453c11e3918e2605afcab/data/2026/2026-05-12/cities.csv"
)
SOURCE_2026_LINKS = (
    "https://github.com/bothness/twin-cities/blob/"
    "031f0500c426bf724c0107ad497b7596703f390c/public/data/links.tsv"
)
SOURCE_2016 = (
    "https://github.com/L3viathan/sister-cities/tree/fc3c936b923485c024a24386a96ba763aee636ce"
)


@dataclass(frozen=True)
class City2026:
    qid: str
    name: str
    longitude: str
    latitude: str
    country: str
    country_code: str


@dataclass
class World:
    cities: dict[str, City2026] = field(default_factory=dict)  # 2026, by QID
    names_2016: dict[str, str] = field(default_factory=dict)
    links_2026: dict[str, set[str]] = field(default_factory=dict)  # undirected
    links_2016: dict[str, set[str]] = field(default_factory=dict)  # either direction of P190

    def knows(self, qid: str) -> bool:
        return qid in self.cities or qid in self.names_2016

    def name(self, qid: str) -> str:
        city = self.cities.get(qid)
        return city.name if city else self.names_2016.get(qid, qid)

    def partners(self, qid: str) -> dict[str, set[str]]:
        """Partner QID → the snapshots ("2026", "2016") that link it to ``qid``."""
        found: dict[str, set[str]] = {}
        for snapshot, links in (("2026", self.links_2026), ("2016", self.links_2016)):
            for partner in links.get(qid, set()):
                found.setdefault(partner, set()).add(snapshot)
        return found


def _text(name: str) -> str:
    return gzip.decompress((HERE / name).read_bytes()).decode("utf-8")


def _link(links: dict[str, set[str]], a: str, b: str) -> None:
    if a != b:
        links.setdefault(a, set()).add(b)
        links.setdefault(b, set()).add(a)


@cache
def load_world() -> World:
    world = World()
    for row in csv.DictReader(io.StringIO(_text("twin-cities-2026-cities.csv.gz"))):
        # Namibia's code "NA" must stay a string: csv never turns it into a missing value.
        world.cities[row["id"]] = City2026(
            row["id"], row["name"], row["lng"], row["lat"], row["country"], row["countrycd"]
        )
    for row in csv.DictReader(io.StringIO(_text("twin-cities-2026-links.tsv.gz")), delimiter="\t"):
        _link(world.links_2026, row["source"], row["target"])
    for qid, name in _tsv("twinning-names.tsv.gz"):
        world.names_2016[qid] = name
    for a, b in _tsv("twinning-relations.tsv.gz"):
        _link(world.links_2016, a, b)
    return world


def _tsv(name: str) -> list[tuple[str, str]]:
    reader = csv.reader(io.StringIO(_text(name)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(row[0], row[1]) for row in reader if len(row) >= 2]
