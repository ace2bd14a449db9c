"""Derivation: every SPARQL CONSTRUCT rule in ``rules/*.rq`` runs over the loaded graph.

Rules run in file-name order, each over the sources plus what earlier rules derived, and their
results go into one named graph of their own (:data:`DERIVED_GRAPH`), so derived triples can be
told apart from hand-written ones. Rules use the prefixes of :mod:`lod.namespaces` without
declaring them; ``tw:`` follows the configured base IRI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from lod.errors import SourceError
from lod.namespaces import PREFIXES, concept_ns, ontology_ns

RULES_DIR = Path(__file__).parent / "rules"
DERIVED_GRAPH = ox.NamedNode("urn:x-lod:derived")


@dataclass(frozen=True)
class Rule:
    name: str
    query: str


def load_rules(directory: Path = RULES_DIR) -> list[Rule]:
    return [
        Rule(path.stem, path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.rq"))
    ]


def rule_prefixes(base_iri: str) -> dict[str, str]:
    return {**PREFIXES, "tw": str(ontology_ns(base_iri)), "twc": str(concept_ns(base_iri))}


def derive(store: ox.Store, base_iri: str, rules: Sequence[Rule] | None = None) -> dict[str, int]:
    """Run the rules and add their triples to :data:`DERIVED_GRAPH`; returns triples per rule."""
    counts: dict[str, int] = {}
    prefixes = rule_prefixes(base_iri)
    for rule in load_rules() if rules is None else rules:
        try:
            triples = store.query(rule.query, prefixes=prefixes, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise SourceError(f"rule {rule.name}: {error}") from None
        if not isinstance(triples, ox.QueryTriples):
            raise SourceError(f"rule {rule.name}: not a CONSTRUCT query")
        quads = [ox.Quad(t.subject, t.predicate, t.object, DERIVED_GRAPH) for t in triples]
        store.extend(quads)
        counts[rule.name] = len(quads)
    return counts
