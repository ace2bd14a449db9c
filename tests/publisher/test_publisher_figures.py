"""Counts in the metadata texts come from the data, never from the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from lod.config import Settings
from lod.errors import SourceError
from lod.publisher import figures
from lod.publisher.pipeline import Timings, load

S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")


def _filled(text: Literal, values: dict[str, int | str]) -> set[Literal]:
    graph = Graph()
    graph.add((S, P, text))
    figures.fill(graph, values, Path("metadata/publication.ttl"))
    return set(graph.objects(S, P))  # type: ignore[arg-type]


def test_small_counts_become_words_in_the_literals_language() -> None:
    values: dict[str, int | str] = {"partner_cities": 11, "first_year": "1961"}
    assert _filled(Literal("Die {partner_cities} Städte", lang="de"), values) == {
        Literal("Die elf Städte", lang="de")
    }
    assert _filled(Literal("{partner_cities} cities since {first_year}", lang="en"), values) == {
        Literal("eleven cities since 1961", lang="en")
    }
    assert _filled(Literal("{partner_cities}"), {"partner_cities": 57}) == {Literal("57")}


def test_an_unknown_placeholder_is_named() -> None:
    with pytest.raises(SourceError, match=r"unknown placeholder \{partners\}"):
        _filled(Literal("{partners}", lang="en"), {"partner_cities": 1})


def test_osnabrueck_figures(repo_settings: Settings) -> None:
    store = load(repo_settings, Timings()).sources.store
    found = figures.figures(store, repo_settings.base_iri)
    assert found["partner_cities"] == found["relations"]  # one relation per partner city
    assert found["first_year"] <= found["last_year"]
