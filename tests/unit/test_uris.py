from __future__ import annotations

import pytest

from lod.uris import (
    ParsedIri,
    doc_iri,
    local_path,
    parse_thing,
    rebase,
    relation_slug,
    slugify,
    thing_iri,
)

BASE = "https://w3id.org/twinning/"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Osnabrück", "osnabrueck"),
        ("Gmünd in Kärnten", "gmuend-in-kaernten"),
        ("Çanakkale", "canakkale"),
        ("Vila Real", "vila-real"),
        ("Straße", "strasse"),
        ("광명시", ""),
        ("Тверь", ""),
    ],
)
def test_slugify_gives_lowercase_ascii(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_thing_and_doc_iris_mirror_each_other() -> None:
    city = thing_iri("city", "haarlem")
    assert city == BASE + "id/city/haarlem"
    assert doc_iri(city) == BASE + "doc/city/haarlem"
    assert parse_thing(city) == ParsedIri("city", "haarlem")


def test_relation_slug_puts_home_city_first() -> None:
    assert relation_slug("osnabrueck", "twer") == "osnabrueck--twer"


def test_unknown_thing_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown thing type 'town'"):
        thing_iri("town", "x")


def test_foreign_iris_are_not_ours() -> None:
    assert local_path("http://www.wikidata.org/entity/Q2916") is None
    assert parse_thing("http://www.wikidata.org/entity/Q2916") is None
    assert parse_thing(BASE + "id/town/x") is None
    with pytest.raises(ValueError):
        doc_iri(BASE + "ontology/City")


def test_rebase_moves_only_our_iris() -> None:
    other = "http://localhost:8080/"
    assert rebase(BASE + "id/city/derby", other) == other + "id/city/derby"
    assert rebase("http://www.wikidata.org/entity/Q43475", other) == (
        "http://www.wikidata.org/entity/Q43475"
    )
    assert rebase(BASE + "id/city/derby", BASE) == BASE + "id/city/derby"
