"""Figures computed from the data and put into the publication metadata's texts.

A title or description in ``metadata/publication.ttl`` may say ``{partner_cities}``,
``{relations}``, ``{first_year}`` or ``{last_year}``; the build replaces them with the numbers of
the graph being published (small numbers as words in the literal's language: "elf", "eleven"),
so that no count is written by hand and goes stale when a row is added.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal

from lod.errors import SourceError
from lod.publisher.derive import rule_prefixes

WORDS = {
    "de": [
        "null",
        "eins",
        "zwei",
        "drei",
        "vier",
        "fünf",
        "sechs",
        "sieben",
        "acht",
        "neun",
        "zehn",
        "elf",
        "zwölf",
    ],
    "en": [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ],
}
QUERY = """
SELECT (COUNT(DISTINCT ?partner) AS ?partners) (COUNT(DISTINCT ?relation) AS ?relations)
       (MIN(?year) AS ?first) (MAX(?year) AS ?last)
WHERE {
  ?relation a tw:CityRelation ; tw:homeCity ?home ; tw:city ?partner .
  FILTER (?partner != ?home)
  OPTIONAL { ?relation tw:startDate ?start . BIND (SUBSTR(STR(?start), 1, 4) AS ?year) }
}
"""
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def figures(store: ox.Store, base_iri: str) -> dict[str, int | str]:
    result = store.query(QUERY, prefixes=rule_prefixes(base_iri))
    assert isinstance(result, ox.QuerySolutions)
    row = next(iter(result))
    return {
        "partner_cities": int(_value(row["partners"]) or 0),
        "relations": int(_value(row["relations"]) or 0),
        "first_year": _value(row["first"]),
        "last_year": _value(row["last"]),
    }


def _value(term: object) -> str:
    return term.value if isinstance(term, ox.Literal) else ""


def fill(metadata: Graph, values: dict[str, int | str], path: Path) -> None:
    """Replace the placeholders in every literal of ``metadata``; an unknown one is an error."""
    for s, p, o in list(metadata):
        if isinstance(o, Literal) and "{" in str(o):
            text = _substitute(str(o), values, o.language, path)
            metadata.remove((s, p, o))
            metadata.add((s, p, Literal(text, lang=o.language, datatype=o.datatype)))


def _substitute(text: str, values: dict[str, int | str], language: str | None, path: Path) -> str:
    return _PLACEHOLDER.sub(lambda m: _shown(m.group(1), values, language, path), text)


def _shown(name: str, values: dict[str, int | str], language: str | None, path: Path) -> str:
    if name not in values:
        known = ", ".join("{" + k + "}" for k in values)
        raise SourceError(f"{path}: unknown placeholder {{{name}}} — known ones: {known}")
    value = values[name]
    words = WORDS.get(language or "", [])
    if isinstance(value, int) and value < len(words):
        return words[value]
    return str(value)
