"""The publication metadata of a new project: titles and descriptions in German and English made
from the city's name, the counts left as placeholders that the build fills from the data
(lod.publisher.figures), the city as publisher, the chosen licence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lod.uris import wikidata_iri

TEMPLATE = Path(__file__).with_name("publication.ttl.template")


@dataclass(frozen=True)
class Basis:
    """What the seed was taken from, as the dataset's description and attribution say it."""

    as_of_de: str = "Stand 2016 und 2026"
    as_of_en: str = "as of 2016 and 2026"
    attribution: str = "Wikidata (CC0), TidyTuesday 2026-05-12 (MIT)"


SNAPSHOTS = Basis()


def live_basis(endpoint: str, day: str) -> Basis:
    return Basis(
        f"abgefragt am {day} bei {endpoint}", f"read on {day} from {endpoint}", "Wikidata (CC0)"
    )


def publication_metadata(
    name: str, qid: str, slug: str, license_iri: str, basis: Basis = SNAPSHOTS
) -> str:
    return TEMPLATE.read_text(encoding="utf-8").format(
        slug=f"{slug}-twinning",
        name=name.replace('"', "'").replace("\\", ""),
        license=license_iri,
        city=wikidata_iri(qid),
        as_of_de=basis.as_of_de,
        as_of_en=basis.as_of_en,
        attribution=basis.attribution,
    )


WORLD_TEMPLATE = Path(__file__).with_name("publication-world.ttl.template")


def world_metadata(slug: str, license_iri: str) -> str:
    return WORLD_TEMPLATE.read_text(encoding="utf-8").format(
        slug=f"{slug}-twinning", license=license_iri
    )
