"""The embedded store: pyoxigraph in this process, in memory or persistent on disk.

pyoxigraph cannot cancel a running query. Here a deadline is enforced by evaluating in a
thread and giving up waiting (and stopping iteration) when it passes; a query stuck in a
blocking stage (ORDER BY, an aggregate) keeps its core until it ends. The web server therefore
runs user queries through :class:`lod.store.isolated.IsolatedStore`, whose worker processes
can be killed; this class serves the CLI, the conformance runner and those workers.

Answers carry typed literals as the source files write them, not as pyoxigraph normalises them
(:mod:`lod.store.literals`), and a call of a function the engine does not know is an evaluation
error (unbound), as SPARQL 1.1 §17.3 says, not a failed query.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from lod.errors import LodError, QueryTimeout
from lod.store.answers import TERMS, Answer, Choices, EngineResult, format_named, kind_of, write
from lod.store.base import Dataset, QuerySyntaxError, StoreUnavailable
from lod.store.formats import rdf_format_for_path
from lod.store.literals import TABLE_FILE, LiteralWatch, PublishedLiterals
from lod.store.loading import LoadSpec, Source
from lod.store.results import QueryResult, Term

VERSION_FILE = "LOD_VERSION"  # beside RocksDB's files in a persistent store's directory
# pyoxigraph (and `oxigraph serve`, with a 500) refuses a query that calls a function it does not
# know, before evaluating it.
UNKNOWN_FUNCTION = re.compile(r"^The custom function <([^>]*)> is not supported$")
MAX_UNKNOWN_FUNCTIONS = 32  # one retry each; more in one query is not a query worth running
T = TypeVar("T")


class EmbeddedStore:
    """A pyoxigraph store holding one publication (or any RDF files)."""

    def __init__(
        self,
        store: ox.Store,
        version: str | None = None,
        published: PublishedLiterals | None = None,
    ) -> None:
        self._store = store
        self._version = version
        self._published = published or PublishedLiterals()

    @classmethod
    def load(cls, spec: LoadSpec, path: str | Path | None = None) -> EmbeddedStore:
        """Load ``spec`` in memory, or into the persistent store at ``path``.

        A persistent store that already holds this version is opened without reloading.
        """
        if not path:
            store = cls(ox.Store(), spec.version)
            store.reload(spec)
            return store
        directory = Path(path)
        if is_current(directory, spec.version):
            return cls(ox.Store(str(directory)), spec.version, PublishedLiterals.read(directory))
        store = cls(ox.Store(str(directory)))
        store.reload(spec)
        store.published.write(directory)
        (directory / VERSION_FILE).write_text(spec.version, encoding="utf-8")  # last: complete
        return store

    @classmethod
    def open_read_only(cls, path: str | Path) -> EmbeddedStore:
        """Open a persistent store written by :meth:`load` (e.g. in a worker process)."""
        directory = Path(path)
        published = PublishedLiterals.read(directory)
        return cls(ox.Store.read_only(str(directory)), stored_version(directory), published)

    @property
    def version(self) -> str | None:
        return self._version

    @property
    def pyoxigraph_store(self) -> ox.Store:
        return self._store

    @property
    def published(self) -> PublishedLiterals:
        """The literals this store changes, as the source files write them."""
        return self._published

    def reload(self, spec: LoadSpec) -> None:
        """Replace the content with ``spec``'s files (bulk load: fast, no transaction).

        The quads are parsed here rather than by the store's own loader so that the literals
        the store will normalise can be noted on the way (one parse either way).
        """
        self._store.clear()
        with LiteralWatch() as watch:
            for source in spec.sources:
                try:
                    self._store.bulk_extend(watch.through(_parse(source)))
                except SyntaxError as error:
                    raise LodError(f"{source.path}: {error}") from error
            self._published = watch.table()
        self._version = spec.version

    def query(
        self,
        sparql: str,
        *,
        dataset: Dataset | None = None,
        timeout: float | None = None,
        max_results: int | None = None,
    ) -> QueryResult:
        if not timeout:
            return self._evaluate(sparql, dataset, max_results, None)
        return _run_with_deadline(
            lambda deadline: self._evaluate(sparql, dataset, max_results, deadline), timeout
        )

    def answer(
        self,
        sparql: str,
        *,
        choices: Choices,
        dataset: Dataset | None = None,
        timeout: float | None = None,
        max_results: int | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> Answer:
        """The answer written by the engine in the format ``choices`` names for its kind (see
        :mod:`lod.store.answers`); the terms where the choice is ``TERMS`` (the HTML page)."""

        def work(deadline: float | None) -> Answer:
            return self._answer(sparql, choices, dataset, max_results, prefixes, deadline)

        return work(None) if not timeout else _run_with_deadline(work, timeout)

    def triple_count(self, graph: str | None = None) -> int:
        # The engine counts; a loop over the quads here would build a Python object for each.
        pattern = f"GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        solutions = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        assert isinstance(solutions, ox.QuerySolutions)
        for solution in solutions:
            count = solution[0]
            assert isinstance(count, ox.Literal)
            return int(count.value)
        return 0

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def close(self) -> None:
        # pyoxigraph closes on garbage collection; flush what a persistent store buffered.
        self._store.flush()

    def _evaluate(
        self, sparql: str, dataset: Dataset | None, max_results: int | None, deadline: float | None
    ) -> QueryResult:
        options = _dataset_options(dataset)
        with _engine_errors():
            result = self._run(sparql, options)
            read = QueryResult.from_pyoxigraph(result, max_results, _deadline_check(deadline))
            return self._published.restore(read)

    def _answer(
        self,
        sparql: str,
        choices: Choices,
        dataset: Dataset | None,
        max_results: int | None,
        prefixes: Mapping[str, str] | None,
        deadline: float | None,
    ) -> Answer:
        options = _dataset_options(dataset)
        check = _deadline_check(deadline)
        with _engine_errors():
            result = self._run(sparql, options)
            kind = kind_of(result)
            if kind not in choices:
                return Answer(kind)  # the client takes no format of this kind: 406
            name = choices[kind]
            if name is TERMS:
                read = QueryResult.from_pyoxigraph(result, max_results, check)
                return Answer(kind, result=self._published.restore(read))
            fmt = format_named(name, kind)
            body = write(
                result, fmt, max_results=max_results, check=check, published=self._published,
                prefixes=prefixes, again=lambda: self._run(sparql, options),
            )  # fmt: skip
            return Answer(kind, fmt.name, body)

    def _run(self, sparql: str, options: dict[str, Any]) -> EngineResult:
        """Evaluate; a function the engine does not know makes it retry with that function
        defined as an evaluation error (pyoxigraph refuses such a query before evaluating it)."""
        unknown: dict[ox.NamedNode, Callable[..., Term | None]] = {}
        while True:
            try:
                return self._store.query(sparql, custom_functions=unknown or None, **options)
            except RuntimeError as error:
                match = UNKNOWN_FUNCTION.match(str(error))
                function = ox.NamedNode(match.group(1)) if match else None
                if function is None or function in unknown or len(unknown) >= MAX_UNKNOWN_FUNCTIONS:
                    raise
                unknown[function] = _evaluation_error


@contextmanager
def _engine_errors() -> Iterator[None]:
    """The engine's exceptions as lod's errors, each with its HTTP status."""
    try:
        yield
    except SyntaxError as error:
        raise QuerySyntaxError(str(error)) from error
    except OSError as error:  # e.g. a SERVICE endpoint that failed
        raise StoreUnavailable(f"query evaluation failed: {error}") from error
    except (ValueError, TypeError, RuntimeError) as error:
        raise LodError(f"query evaluation failed: {error}", status=400) from error


def _evaluation_error(*_args: object) -> None:
    """An unknown function's value: None is pyoxigraph's evaluation error (unbound)."""
    return None


def published_literals(spec: LoadSpec) -> PublishedLiterals:
    """The table of ``spec``'s literals a store changes, without loading them into a store."""
    with LiteralWatch() as watch:
        for source in spec.sources:
            try:
                for _quad in watch.through(_parse(source)):
                    pass
            except SyntaxError as error:
                raise LodError(f"{source.path}: {error}") from error
        return watch.table()


def _parse(source: Source) -> Iterator[ox.Quad]:
    """The quads of one source file, the default graph's moved into ``source.graph``.

    Blank nodes get fresh labels per file, as the store's own loader gives them.
    """
    quads = ox.parse(
        path=str(source.path),
        format=rdf_format_for_path(str(source.path)),
        base_iri=source.base_iri,
        rename_blank_nodes=True,
    )
    return _into_graph(quads, ox.NamedNode(source.graph)) if source.graph else quads


def _into_graph(quads: Iterator[ox.Quad], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    for quad in quads:
        in_default = isinstance(quad.graph_name, ox.DefaultGraph)
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph) if in_default else quad


def is_current(directory: Path, version: str) -> bool:
    """Whether the store at ``directory`` holds ``version``, its literal table included."""
    return stored_version(directory) == version and (directory / TABLE_FILE).is_file()


def stored_version(directory: Path) -> str | None:
    marker = directory / VERSION_FILE
    return marker.read_text(encoding="utf-8").strip() if marker.is_file() else None


def _dataset_options(dataset: Dataset | None) -> dict[str, Any]:
    """SPARQL Protocol dataset → pyoxigraph options; given graphs replace FROM/FROM NAMED."""
    if not dataset:
        return {}
    return {
        "default_graph": [ox.NamedNode(g) for g in dataset.default_graphs],
        "named_graphs": [ox.NamedNode(g) for g in dataset.named_graphs],
    }


def _deadline_check(deadline: float | None) -> Any:
    if deadline is None:
        return None

    def check() -> None:
        if time.monotonic() > deadline:
            raise QueryTimeout("the query ran out of time")

    return check


def _run_with_deadline(work: Callable[[float], T], timeout: float) -> T:
    """Run ``work(deadline)`` in a daemon thread; raise QueryTimeout if it is not done in time."""
    deadline = time.monotonic() + timeout
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = work(deadline)
        except BaseException as error:  # handed to the waiting thread below
            outcome["error"] = error

    thread = threading.Thread(target=target, name="lod-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive() or isinstance(outcome.get("error"), QueryTimeout):
        raise QueryTimeout(timeout_message(timeout))
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["result"]
    return result


def timeout_message(timeout: float) -> str:
    return (
        f"the query did not finish within {timeout:g} s, the limit of this endpoint "
        "(LOD_QUERY_TIMEOUT); narrow the pattern or add a LIMIT"
    )
