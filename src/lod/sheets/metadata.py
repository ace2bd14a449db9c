"""The publication metadata of a new project: titles and descriptions in German and English made
from the city's name, the counts left as placeholders that the build fills from the data
(lod.publisher.figures), the city as publisher, the chosen licence."""

from __future__ import annotations

from pathlib import Path

from lod.uris import wikidata_iri
from lod.worlddata import World

TEMPLATE = Path(__file__).with_name("publication.ttl.template")


def publication_metadata(world: World, qid: str, slug: str, license_iri: str) -> str:
    name = world.name(qid).replace('"', "'")
    return TEMPLATE.read_text(encoding="utf-8").format(
        slug=f"{slug}-twinning", name=name, license=license_iri, city=wikidata_iri(qid)
    )
