"""``lod init DIR --city QID``: a complete, buildable project for one city, seeded from the
bundled world data. Every seeded row names its source and says ``confirmed = no``; nothing is
guessed (a partner known only from the 2016 crawl has no coordinates and no country, and the
kind of every relation is ``twinning`` until the city says partnership or friendship)."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import lod
from lod.errors import LodError
from lod.sheets.metadata import LICENCES
from lod.sheets.schema import CITIES, NETWORKS, RELATIONS, SHEETS
from lod.sheets.write import write_sheet
from lod.uris import slugify
from lod.worlddata import (
    SOURCE_2016,
    SOURCE_2026_CITIES,
    SOURCE_2026_LINKS,
    World,
)

LICENSES = {lic.name: lic.iri for lic in LICENCES}  # --license NAME → IRI (titles: LICENCES)
LINK_SOURCES = {"2026": SOURCE_2026_LINKS, "2016": SOURCE_2016}


class InitError(LodError):
    """lod init cannot make the project (unknown city, no partners, DIR in use, …)."""


@dataclass
class Seed:
    """The rows of a new project and the names it needs for its metadata."""

    home_qid: str
    home_slug: str
    cities: list[dict[str, str]] = field(default_factory=list)
    relations: list[dict[str, str]] = field(default_factory=list)
    networks: list[dict[str, str]] = field(default_factory=list)


def lod_tree() -> Path:
    """lod's own ontology/, shapes/, queries/ and data/concepts.ttl (a source checkout)."""
    root = Path(lod.__file__).resolve().parents[2]
    if not all((root / d).is_dir() for d in ("ontology", "shapes", "queries")):
        raise InitError(f"{root}: lod's ontology/, shapes/ and queries/ were not found beside it")
    return root


def check_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(
            f"{target}: exists and is not empty — nothing was written; choose a new DIR"
        )


def seed_city(world: World, qid: str) -> Seed:
    if not world.knows(qid):
        raise InitError(f"{qid}: not a city of the bundled world data (2016 or 2026 snapshot)")
    partners = world.partners(qid)
    if not partners:
        raise InitError(f"{qid} ({world.name(qid)}): has no twinning partners in the world data")
    slugs = city_slugs(world, [qid, *sorted(partners)])
    seed = Seed(qid, slugs[qid])
    seed.cities = [city_row(world, q, slugs[q]) for q in [qid, *sorted(partners)]]
    for partner, snapshots in sorted(partners.items()):
        seed.relations.append(relation_row(slugs[qid], slugs[partner], snapshots))
    sources = " ".join(
        LINK_SOURCES[s] for s in ("2026", "2016") if any(s in snaps for snaps in partners.values())
    )
    seed.networks.append({"home_city": slugs[qid], "source_url": sources})
    return seed


def seed_world(world: World) -> Seed:
    """Every city of both snapshots and every link between them, each seen from both cities (the
    relation a--b in a's network, b--a in b's), as ``lod init --city`` would seed each city: so a
    relation's IRI is the one the city's own project gives it, and each relation names the
    snapshots that link the two cities (dct:source), as a seeded row does."""
    qids = sorted(set(world.links_2016) | set(world.links_2026), key=_qid_order)
    slugs = city_slugs(world, qids)
    seed = Seed("", "world")
    seed.cities = [city_row(world, q, slugs[q]) for q in qids]
    for qid in qids:
        partners = world.partners(qid)
        for partner, snapshots in sorted(partners.items(), key=lambda item: _qid_order(item[0])):
            seed.relations.append(relation_row(slugs[qid], slugs[partner], snapshots))
        said = set().union(*partners.values())
        sources = " ".join(LINK_SOURCES[s] for s in ("2026", "2016") if s in said)
        seed.networks.append({"home_city": slugs[qid], "source_url": sources})
    return seed


def _qid_order(qid: str) -> tuple[int, str]:
    """Q42 before Q100: the sheets read in the order a person would look a city up."""
    digits = qid[1:]
    return (int(digits), qid) if digits.isdigit() else (1 << 62, qid)


def city_slugs(world: World, qids: list[str]) -> dict[str, str]:
    """An id per city from its name; names that collide (or have no Latin letters) get the QID."""
    names = {q: slugify(world.name(q)) for q in qids}
    taken = Counter(n for n in names.values() if n)  # a count, not a list: the world has 11k
    return {
        q: name if name and taken[name] == 1 else f"{name}-{q.lower()}".lstrip("-")
        for q, name in names.items()
    }


def city_row(world: World, qid: str, slug: str) -> dict[str, str]:
    row = {"id": slug, "wikidata": qid, "confirmed": "no"}
    sources = []
    city = world.cities.get(qid)
    if city is not None:
        row |= {
            "name_en": city.name,
            "country": city.country_code,
            "latitude": city.latitude,
            "longitude": city.longitude,
            "coordinates_source_url": SOURCE_2026_CITIES,
        }
        sources.append(SOURCE_2026_CITIES)
    if qid in world.names_2016:
        if city is None:
            row["name"] = world.names_2016[qid]  # de, en, fr, it or es: the crawl did not say
        sources.append(SOURCE_2016)
    row["source_url"] = " ".join(sources)
    return row


def relation_row(home: str, partner: str, snapshots: set[str]) -> dict[str, str]:
    sources = " ".join(LINK_SOURCES[s] for s in ("2026", "2016") if s in snapshots)
    return {
        "home_city": home,
        "partner_city": partner,
        "kind": "twinning",
        "source_url": sources,
        "confirmed": "no",
    }


def write_project(target: Path, seed: Seed, metadata: str) -> None:
    """Copy lod's model, write the sheets, the metadata and lod.toml (DIR must be new)."""
    tree = lod_tree()
    target.mkdir(parents=True, exist_ok=True)
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(tree / name, target / name)
    data = target / "data"
    data.mkdir()
    shutil.copy(tree / "data" / "concepts.ttl", data / "concepts.ttl")
    seeded = {CITIES: seed.cities, NETWORKS: seed.networks, RELATIONS: seed.relations}
    for sheet in SHEETS:  # the others as empty forms: their header rows name every column
        write_sheet(data / sheet.file_name, sheet, seeded.get(sheet, []))
    (data / "README.md").write_text(sheets_readme(), encoding="utf-8")
    (target / "metadata").mkdir()
    (target / "metadata" / "publication.ttl").write_text(metadata, encoding="utf-8")
    (target / "lod.toml").write_text(
        "# Settings of this project (see lod's README, Settings); the environment overrides them.\n"
        f'dataset_slug = "{seed.home_slug}-twinning"\n'
        '# base_iri = "https://example.org/twinning/"   # where the publication will live\n',
        encoding="utf-8",
    )


def sheets_readme() -> str:
    """``data/README.md`` of a new project: what each file holds (from :mod:`lod.sheets.schema`,
    the list lod reads by)."""
    lines = [
        "# The data of this publication",
        "",
        "One CSV file per collection; open them in a spreadsheet program, save as CSV UTF-8.",
        "The first row names the columns; a column may be left out or left empty unless it is",
        "required. Every row names the web page its facts come from (`source_url`; a page cited",
        "often can get a short id in `sources.csv`). `lod validate` names every problem by file,",
        "row and column; `lod build` publishes once there is none. Every column is explained in",
        "lod's docs/spreadsheets.md.",
        "",
        "| file | what one row is | required columns |",
        "|---|---|---|",
    ]
    for sheet in SHEETS:
        required = ", ".join(f"`{name}`" for name in sheet.required())
        lines.append(f"| `{sheet.file_name}` | {sheet.help} | {required} |")
    lines += ["", "`concepts.ttl` holds the lists of kinds, statuses and types (Turtle).", ""]
    return "\n".join(lines)
