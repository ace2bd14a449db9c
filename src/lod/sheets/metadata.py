"""The publication metadata of a new project: titles and descriptions in German and English made
from the city's name, the counts left as placeholders that the build fills from the data
(lod.publisher.figures), the city as publisher, the chosen licence by its official title."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lod.uris import wikidata_iri

TEMPLATE = Path(__file__).with_name("publication.ttl.template")


@dataclass(frozen=True)
class Licence:
    """A licence ``lod init --license`` offers: its DCAT-AP.de IRI and its official titles, as
    its publisher gives them on ``page`` (German and English; a licence with no official
    German title, CC0, keeps the English one), so the metadata names it (``dct:title``) and
    every page and footer shows it by name."""

    name: str
    iri: str
    title_de: str
    title_en: str
    page: str


LICENCES: tuple[Licence, ...] = (
    Licence(
        "cc-by-4.0",
        "http://dcat-ap.de/def/licenses/cc-by/4.0",
        # The title of the official German translation (legalcode.de), without "Public License".
        "Creative Commons Namensnennung 4.0 International",
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    Licence(
        "dl-by-de-2.0",
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "Data licence Germany – attribution – version 2.0",
        "https://www.govdata.de/dl-de/by-2-0",
    ),
    Licence(
        "cc0",
        "http://dcat-ap.de/def/licenses/cc-zero",
        "CC0 1.0 Universell",  # the German deed's title (deed.de); no German legal code exists
        "CC0 1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
)


def licence(iri: str) -> Licence:
    """The offered licence with this IRI (a ValueError for any other: its title is unknown)."""
    found = next((lic for lic in LICENCES if lic.iri == iri), None)
    if found is None:
        offered = ", ".join(lic.iri for lic in LICENCES)
        raise ValueError(f"{iri}: not a licence lod init offers ({offered}); its title is unknown")
    return found


def _licence_fields(license_iri: str) -> dict[str, str]:
    chosen = licence(license_iri)
    return {
        "license": chosen.iri,
        "license_title_de": chosen.title_de,
        "license_title_en": chosen.title_en,
        "license_page": chosen.page,
    }


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
        city=wikidata_iri(qid),
        as_of_de=basis.as_of_de,
        as_of_en=basis.as_of_en,
        attribution=basis.attribution,
        **_licence_fields(license_iri),
    )


WORLD_TEMPLATE = Path(__file__).with_name("publication-world.ttl.template")


def world_metadata(slug: str, license_iri: str) -> str:
    return WORLD_TEMPLATE.read_text(encoding="utf-8").format(
        slug=f"{slug}-twinning", **_licence_fields(license_iri)
    )
