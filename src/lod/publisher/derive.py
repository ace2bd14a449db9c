"""Derivation: every SPARQL CONSTRUCT rule in ``rules/*.rq`` runs over the loaded graph.

Rules run in file-name order over the store, each seeing the sources plus what earlier rules
derived; the derived triples are returned apart from the sources (the dumps add them). Rules use
the prefixes of :mod:`lod.namespaces` without declaring them; ``tw:`` follows the base IRI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from lod.errors import SourceError
from lod.namespaces import prefixes_for

RULES_DIR = Path(__file__).parent / "rules"


@dataclass(frozen=True)
class Rule:
    name: str
    query: str


def load_rules(directory: Path = RULES_DIR) -> list[Rule]:
    return [
        Rule(path.stem, path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.rq"))
    ]


def rule_prefixes(base_iri: str) -> dict[str, str]:
    return prefixes_for(base_iri)


@dataclass
class Derived:
    triples: list[ox.Triple]
    counts: dict[str, int]  # rule name → triples it produced


def derive(store: ox.Store, base_iri: str, rules: Sequence[Rule] | None = None) -> Derived:
    """Run the rules; their triples go into ``store`` (for later rules) and are returned."""
    derived = Derived([], {})
    prefixes = rule_prefixes(base_iri)
    for rule in load_rules() if rules is None else rules:
        try:
            triples = store.query(rule.query, prefixes=prefixes)
        except SyntaxError as error:
            raise SourceError(f"rule {rule.name}: {error}") from None
        if not isinstance(triples, ox.QueryTriples):
            raise SourceError(f"rule {rule.name}: not a CONSTRUCT query")
        produced = list(triples)
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in produced)
        derived.triples.extend(produced)
        derived.counts[rule.name] = len(produced)
    return derived
