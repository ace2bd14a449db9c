"""The one store interface the web layer and the CLI use, whichever engine answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from lod.errors import BadRequest, LodError
from lod.store.results import QueryResult

if TYPE_CHECKING:
    from lod.store.answers import Answer, Choices


class QuerySyntaxError(BadRequest):
    """The engine's parser rejected the query; the message is the parser's."""


class UpdateRefused(LodError):
    """SPARQL Update sent to a read-only endpoint."""

    status = 403


class ServiceRefused(LodError):
    """A SERVICE call to an endpoint that is not in the allow-list."""

    status = 403


class QueryAborted(LodError):
    """The query's worker ended while answering (usually: it hit the worker memory limit)."""

    status = 503


class StoreUnavailable(LodError):
    """The engine could not be reached or failed (remote down, worker crashed)."""

    status = 502


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset of a query (SPARQL Protocol ``default-graph-uri``/``named-graph-uri``).

    Empty tuples mean "not given": the query's own FROM/FROM NAMED or the store's dataset apply.
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@runtime_checkable
class Store(Protocol):
    """A read-only SPARQL 1.1 store.

    ``query`` raises :class:`QuerySyntaxError`, :class:`lod.errors.QueryTimeout`,
    :class:`lod.errors.ResultTooLarge` or :class:`StoreUnavailable`.
    """

    @property
    def version(self) -> str | None:
        """An identifier of the loaded data (changes when the data does); None if unknown."""
        ...

    def query(
        self,
        sparql: str,
        *,
        dataset: Dataset | None = None,
        timeout: float | None = None,
        max_results: int | None = None,
    ) -> QueryResult: ...

    def triple_count(self, graph: str | None = None) -> int:
        """Triples in the default graph, or in the named graph ``graph``."""
        ...

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class AnswerWriter(Protocol):
    """A store whose engine writes the answers itself (:mod:`lod.store.answers`): the endpoint
    sends it the query and the formats the client takes, and gets the finished bytes."""

    def answer(
        self,
        sparql: str,
        *,
        choices: Choices,
        dataset: Dataset | None = None,
        timeout: float | None = None,
        max_results: int | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> Answer: ...


def describe(store: Store, iri: str, timeout: float | None = None) -> QueryResult:
    """The triples about ``iri``: outgoing (with one level of blank nodes) and incoming links.

    A helper for the linked-data pages, the same on every store.
    """
    sparql = (
        "CONSTRUCT { ?iri ?p ?o . ?o ?bp ?bo . ?s ?ip ?iri } WHERE { "
        "{ ?iri ?p ?o OPTIONAL { ?o ?bp ?bo FILTER isBlank(?o) } } UNION { ?s ?ip ?iri } }"
    ).replace("?iri", f"<{_check_iri(iri)}>")
    return store.query(sparql, timeout=timeout)


def _check_iri(iri: str) -> str:
    if any(ch in iri for ch in '<>"{}|^`\\ \n\t') or ":" not in iri:
        raise BadRequest(f"not an absolute IRI: {iri!r}")
    return iri
