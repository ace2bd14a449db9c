"""Parse each SPARQL query once while pyshacl validates.

pyshacl runs every SHACL-SPARQL constraint (``sh:sparql``) once per focus node with the same query
text and ``$this`` as an initial binding, and rdflib parses and translates that text anew on every
call: at 100,000 triples that parsing was three quarters of the validation time. This processor
keeps the translated query (what rdflib's ``prepareQuery`` returns, made for re-use with other
bindings) per text; :func:`cached_sparql` installs it as rdflib's "sparql" processor for a block.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from rdflib import plugin
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor

_MAX_ENTRIES = 1024
_translated: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = {}


class CachingSPARQLProcessor(SPARQLProcessor):
    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,  # noqa: N803 (rdflib's names)
        initBindings: Mapping[str, Any] | None = None,  # noqa: N803
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
        base: str | None = None,
        DEBUG: bool = False,  # noqa: N803
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            strOrQuery = translated(strOrQuery, initNs, base)
        return evalQuery(self.graph, strOrQuery, initBindings, base)


def translated(text: str, init_ns: Mapping[str, Any] | None, base: str | None) -> Query:
    from rdflib.plugins.sparql.algebra import translateQuery

    key = (text, base, tuple(sorted((k, str(v)) for k, v in (init_ns or {}).items())))
    query = _translated.get(key)
    if query is None:
        if len(_translated) >= _MAX_ENTRIES:
            _translated.clear()
        query = translateQuery(parseQuery(text), base, init_ns)
        _translated[key] = query
    return query


@contextmanager
def cached_sparql() -> Iterator[None]:
    """Within the block, rdflib's default SPARQL processor parses each query text once."""
    plugin.register("sparql", Processor, __name__, "CachingSPARQLProcessor")
    try:
        yield
    finally:
        plugin.register("sparql", Processor, "rdflib.plugins.sparql.processor", "SPARQLProcessor")
