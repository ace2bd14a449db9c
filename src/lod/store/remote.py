"""The remote store: any SPARQL 1.1 engine over HTTP (Oxigraph, Virtuoso, QLever, Fuseki, ...).

Queries go out through SPARQLWrapper with content negotiation only; the answer is read back
with pyoxigraph's parsers into the same :class:`QueryResult` the embedded store gives, so the web
layer cannot tell the two apart. The engine's own timeout should be set as well (``oxigraph
serve --timeout-s``, Virtuoso ``MaxQueryExecutionTime``, QLever ``--default-query-timeout``):
here the client stops waiting, but only the engine can stop working.
"""

from __future__ import annotations

import ast
import math
import re
import urllib.error
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from lod import __version__
from lod.errors import BadRequest, LodError, QueryTimeout
from lod.store.base import Dataset, QuerySyntaxError, StoreUnavailable, UpdateRefused
from lod.store.embedded import UNKNOWN_FUNCTION, timeout_message
from lod.store.literals import PublishedLiterals
from lod.store.results import QueryResult

# Results formats first: the engine picks what fits the query form. text/plain is how some
# engines (Virtuoso) label N-Triples.
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
RDF_ACCEPT = (
    "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8, "
    "application/n-quads;q=0.7, text/plain;q=0.5"
)
ACCEPT = f"{RESULTS_ACCEPT}, {RDF_ACCEPT}"
# Only RDF for CONSTRUCT/DESCRIBE: Virtuoso would otherwise send their triples as a table.
_ACCEPT_BY_FORM = {"CONSTRUCT": RDF_ACCEPT, "DESCRIBE": RDF_ACCEPT}
# Virtuoso answers ASK with a one-variable table instead of a boolean.
_VIRTUOSO_ASK = "__ASK_RETVAL"
# A FROM (NAMED) keyword outside strings, IRIs and comments (those match first, then skipped).
_FROM = re.compile(
    r"""'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\s]*>"""
    r"|#[^\n]*|(?<![\w?$:.-])(FROM)(?![\w:.-])",  # not a variable or prefixed name
    re.IGNORECASE | re.DOTALL,
)
# Virtuoso labels blank nodes in results "nodeID://b10000", which is no blank node label; the
# prefix goes (only there: in a literal the quotes or angle brackets would be escaped).
# Virtuoso's error text starts with its SQLSTATE: "Virtuoso 37000 Error SP030: ...".
_VIRTUOSO_STATE = re.compile(r"Virtuoso (\w{5}) Error ")
_VIRTUOSO_BNODE = re.compile(rb'(<bnode>|"type": *"bnode", *"value": *")nodeID://')
_RDF_ALIASES = {"text/plain": ox.RdfFormat.N_TRIPLES, "application/x-turtle": ox.RdfFormat.TURTLE}


class RemoteStore:
    """A :class:`lod.store.base.Store` backed by the SPARQL endpoint at ``endpoint``.

    With ``published`` (the local publication's table, :mod:`lod.store.literals`), answers give
    its literals as written, as the embedded store does.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        version: str | None = None,
        user: str | None = None,
        password: str | None = None,
        published: PublishedLiterals | None = None,
        dataset: Dataset | None = None,
    ) -> None:
        """``dataset`` goes with every query that names none itself (neither in the request nor
        with FROM): for engines whose default graph is the union of all graphs (Virtuoso)."""
        self.endpoint = endpoint
        self._version = version
        self._credentials = (user, password) if user else None
        self._published = published or PublishedLiterals()
        self._dataset = dataset or Dataset()

    @property
    def version(self) -> str | None:
        return self._version

    def query(
        self,
        sparql: str,
        *,
        dataset: Dataset | None = None,
        timeout: float | None = None,
        max_results: int | None = None,
    ) -> QueryResult:
        if not dataset and not names_its_dataset(sparql):
            dataset = self._dataset
        wrapper = self._wrapper(sparql, dataset, timeout)
        try:
            response = wrapper.query().response
            body = response.read()
        except QueryBadFormed as error:
            raise QuerySyntaxError(_remote_message(error)) from error
        except TimeoutError as error:
            raise QueryTimeout(timeout_message(timeout or 0)) from error
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as error:
            raise _unavailable(self.endpoint, error) from error
        media_type = response.headers.get_content_type()
        return self._published.restore(parse_answer(body, media_type, max_results))

    def triple_count(self, graph: str | None = None) -> int:
        pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        term = result.rows[0][0] if result.rows else None
        return int(term.value) if isinstance(term, ox.Literal) else 0

    def graph_names(self) -> list[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        names = {row[0].value for row in result.rows if isinstance(row[0], ox.NamedNode)}
        return sorted(names)

    def close(self) -> None:
        """Nothing to release: every query is its own HTTP request."""

    def _wrapper(self, sparql: str, dataset: Dataset | None, timeout: float | None) -> Any:
        wrapper = SPARQLWrapper(self.endpoint, agent=f"lod/{__version__}")
        wrapper.setQuery(sparql)
        if wrapper.isSparqlUpdateRequest():
            # SPARQLWrapper would send it as an update, which the engine might well run.
            raise UpdateRefused(read_only_message())
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)  # no format=/output= parameters, the Accept header only
        wrapper.addCustomHttpHeader("Accept", _ACCEPT_BY_FORM.get(wrapper.queryType or "", ACCEPT))
        for graph in dataset.default_graphs if dataset else ():
            wrapper.addDefaultGraph(graph)
        for graph in dataset.named_graphs if dataset else ():
            wrapper.addNamedGraph(graph)
        if timeout:
            wrapper.setTimeout(max(1, math.ceil(timeout)))
        if self._credentials:
            wrapper.setCredentials(*self._credentials)
        return wrapper


def parse_answer(body: bytes, media_type: str, max_results: int | None = None) -> QueryResult:
    """Read an engine's answer (any SPARQL results or RDF syntax pyoxigraph knows)."""
    results_format = ox.QueryResultsFormat.from_media_type(media_type)
    try:
        if results_format is not None:
            body = _VIRTUOSO_BNODE.sub(rb"\1", body)
            parsed = ox.parse_query_results(body, format=results_format)
            return _virtuoso_ask(QueryResult.from_pyoxigraph(parsed, max_results))
        rdf_format = ox.RdfFormat.from_media_type(media_type) or _RDF_ALIASES.get(media_type)
        if rdf_format is None:
            raise StoreUnavailable(f"the SPARQL engine answered in an unknown format: {media_type}")
        quads = ox.parse(body, format=rdf_format)
        return QueryResult.from_triples(_triples(quads), max_results)
    except SyntaxError as error:
        message = f"the SPARQL engine's {media_type} answer is invalid: {error}"
        raise StoreUnavailable(message) from error


def names_its_dataset(sparql: str) -> bool:
    """Whether the query has a FROM or FROM NAMED clause."""
    return any(match.group(1) for match in _FROM.finditer(sparql))


def _virtuoso_ask(result: QueryResult) -> QueryResult:
    if result.kind != "solutions" or result.variables != (_VIRTUOSO_ASK,):
        return result
    values = [row[0].value for row in result.rows if isinstance(row[0], ox.Literal)]
    return QueryResult("boolean", boolean=any(value not in ("0", "false") for value in values))


def read_only_message() -> str:
    return "this endpoint is read-only: SPARQL Update requests are not accepted"


def _triples(quads: Iterable[ox.Quad]) -> Iterable[ox.Triple]:
    return (ox.Triple(q.subject, q.predicate, q.object) for q in quads)


def _remote_message(error: SPARQLWrapperException) -> str:
    """The engine's own error text, which SPARQLWrapper keeps only inside its message."""
    text = str(error)
    _, sep, body = text.partition("\n\nResponse:\n")
    if not sep:
        return text
    try:
        raw = ast.literal_eval(body)
    except (ValueError, SyntaxError):
        return body
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _unavailable(endpoint: str, error: Exception) -> LodError:
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, TimeoutError):
        return QueryTimeout("the SPARQL engine did not answer in time")
    detail = _remote_message(error) if isinstance(error, SPARQLWrapperException) else str(error)
    unknown = UNKNOWN_FUNCTION.match(detail.strip())
    if unknown:  # the query's fault, though Oxigraph answers it with a 500
        return BadRequest(
            f"the SPARQL engine behind this endpoint does not know the function <{unknown[1]}>"
        )
    return _virtuoso_error(detail) or StoreUnavailable(
        f"the SPARQL engine at {endpoint} failed: {detail}"
    )


def _virtuoso_error(detail: str) -> LodError | None:
    """Virtuoso answers 500 to some faults of the query (SQLSTATE 37000 or 42xxx, e.g. LIMIT -1
    or an unknown function) and to its own time limit (S1T00); neither is the engine failing."""
    match = _VIRTUOSO_STATE.match(detail)
    if match is None:
        return None
    # SR171 when the query ran out of time; 42000 SR... when its estimate exceeds
    # MaxQueryCostEstimationTime, before it runs: a time limit too, not a fault of the query.
    if match.group(1).startswith("S1T") or "estimated execution time" in detail:
        return QueryTimeout(f"the query ran longer than the SPARQL engine allows: {detail}")
    if match.group(1).startswith(("37", "42")):
        return QuerySyntaxError(detail)
    return None
