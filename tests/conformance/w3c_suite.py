"""Run the W3C SPARQL 1.1 query test suite twice: on pyoxigraph in this process (the engine
alone) and through lod's HTTP endpoint (engine + store worker + protocol + serialisation).

Whatever the engine passes, the endpoint must pass too: our layer may not lose anything.
Each answer is compared twice: by value (numbers as numbers, as the suite's own harnesses do)
and strictly (every literal with its lexical form and datatype as the expected file has it).
Run as a script for the counts and the differences (``--strict`` lists the strict failures)::

    .venv/bin/python tests/conformance/w3c_suite.py [--strict]
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS

SUITE_IRI = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
TOP_MANIFESTS = ("manifest-sparql11-query.ttl", "manifest-sparql11-results.ttl")
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
EVALUATION = {MF.QueryEvaluationTest, MF.CSVResultFormatTest}
SYNTAX = {MF.PositiveSyntaxTest11: True, MF.NegativeSyntaxTest11: False}
RESULT_MEDIA_TYPES = {
    "srx": "application/sparql-results+xml",
    "srj": "application/sparql-results+json",
    "tsv": "text/tab-separated-values",
    "csv": "text/csv",
}


def suite_dir(repo_root: Path) -> Path:
    """Where the suite lives: ``../shared/standards/w3c-sparql11-tests`` beside the repo."""
    return repo_root.parent / "shared" / "standards" / "w3c-sparql11-tests"


@dataclass(frozen=True)
class Case:
    """One test of the suite, with local paths and the official IRIs of its files."""

    iri: str
    kind: str  # "evaluation" | "positive-syntax" | "negative-syntax"
    query: Path
    data: tuple[Path, ...] = ()
    graph_data: tuple[tuple[str, Path], ...] = ()  # (graph name, file)
    result: Path | None = None

    @property
    def query_iri(self) -> str:
        return to_iri(self.query)

    @property
    def text(self) -> str:
        """The query with its base made explicit (the protocol has no base IRI parameter)."""
        return f"BASE <{self.query_iri}>\n" + self.query.read_text(encoding="utf-8")


_ROOT: list[Path] = []


def to_iri(path: Path) -> str:
    return SUITE_IRI + path.relative_to(_ROOT[0]).as_posix()


def to_path(iri: str) -> Path:
    return _ROOT[0] / iri[len(SUITE_IRI) :]


def load_cases(root: Path) -> list[Case]:
    """Every evaluation and syntax test reachable from the top-level query/results manifests."""
    _ROOT[:] = [root]
    cases: list[Case] = []
    for top in TOP_MANIFESTS:
        top_graph = _parse(root / top)
        for included in _list_items(top_graph, None, MF.include):
            cases += _cases_of(to_path(str(included)))
    return cases


def _parse(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle", publicID=to_iri(path))


def _list_items(graph: rdflib.Graph, subject: Any, predicate: Any) -> Iterator[Any]:
    for head in graph.objects(subject, predicate):
        yield from rdflib.collection.Collection(graph, head)


def _cases_of(manifest: Path) -> list[Case]:
    graph = _parse(manifest)
    cases = []
    for test in _list_items(graph, rdflib.URIRef(to_iri(manifest)), MF.entries):
        kind = graph.value(test, RDF.type)
        action = graph.value(test, MF.action)
        if kind in EVALUATION:
            query = to_path(str(graph.value(action, QT.query)))
            data = tuple(sorted(to_path(str(d)) for d in graph.objects(action, QT.data)))
            named = tuple(sorted(_graph_data(graph, action)))
            result = to_path(str(graph.value(test, MF.result)))
            cases.append(Case(str(test), "evaluation", query, data, named, result))
        elif kind in SYNTAX:
            kind_name = "positive-syntax" if SYNTAX[kind] else "negative-syntax"
            cases.append(Case(str(test), kind_name, to_path(str(action))))
    return cases


def _graph_data(graph: rdflib.Graph, action: Any) -> Iterator[tuple[str, Path]]:
    for item in graph.objects(action, QT.graphData):
        if isinstance(item, rdflib.URIRef):
            yield str(item), to_path(str(item))
        else:  # [ qt:graph <file> ; rdfs:label "name" ]
            yield str(graph.value(item, RDFS.label)), to_path(str(graph.value(item, QT.graph)))


# -- answers, made comparable ----------------------------------------------------------------

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class Answer:
    """A result reduced to what the suite compares: a boolean, solutions or a graph."""

    kind: str  # "boolean" | "solutions" | "graph" | "csv" | "error"
    boolean: bool = False
    variables: frozenset[str] = frozenset()
    rows: list[dict[str, Term]] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    error: str = ""

    def canonical(self, strict: bool = False) -> Any:
        """What two equal answers share; ``strict`` keeps every literal's lexical form."""
        if self.kind == "boolean":
            return ("boolean", self.boolean)
        if self.kind == "error":
            return ("error",)
        if self.kind == "graph":
            quads = [ox.Quad(t.subject, t.predicate, t.object) for t in self.triples]
            return ("graph", _canonical_set(quads))
        return (self.kind, self.variables, _canonical_set(_encode_rows(self.rows, strict)))


def _encode_rows(rows: list[dict[str, Term]], strict: bool) -> list[ox.Quad]:
    """Solutions as a graph (a blank node per row) so that blank-node isomorphism decides."""
    quads = []
    for row in rows:
        node = ox.BlankNode()
        quads.append(ox.Quad(node, ox.NamedNode("urn:lod:row"), ox.Literal("row")))
        for var, term in row.items():
            value = term if strict else _by_value(term)
            quads.append(ox.Quad(node, ox.NamedNode("urn:lod:var:" + var), value))
    return quads


XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "unsignedByte")}  # fmt: skip


def _by_value(term: Term) -> Term:
    """Numbers compare by value ("1.0" and "1" as xsd:decimal are the same), as the suite's
    own harnesses do; any other term compares as it is."""
    if not isinstance(term, ox.Literal) or term.language:
        return term
    datatype = term.datatype.value
    try:
        if datatype in _INTEGERS:
            value = str(int(term.value.strip()))
        elif datatype == XSD + "decimal":
            value = str(Decimal(term.value.strip()).normalize())
        elif datatype in (XSD + "double", XSD + "float"):
            value = repr(float(term.value.strip()))
        else:
            return term
    except (ValueError, ArithmeticError):
        return term
    return ox.Literal(value, datatype=term.datatype)


def _canonical_set(quads: list[ox.Quad]) -> frozenset[ox.Quad]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return frozenset(dataset)


def answer_from_pyoxigraph(result: Any) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        return Answer("boolean", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [{v: t for v, t in zip(variables, s, strict=True) if t is not None} for s in result]
        return Answer("solutions", variables=frozenset(variables), rows=rows)
    return Answer("graph", triples=list(result))


def answer_from_csv(text: str) -> Answer:
    """CSV keeps only lexical forms: compare as plain strings, ``_:`` values as blank nodes."""
    table = list(csv.reader(io.StringIO(text)))
    header, body = (table[0], table[1:]) if table else ([], [])
    rows = []
    for line in body:
        rows.append({
            var: (ox.BlankNode(value[2:]) if value.startswith("_:") else ox.Literal(value))
            for var, value in zip(header, line, strict=False) if value != ""
        })  # fmt: skip
    return Answer("csv", variables=frozenset(header), rows=rows)


def expected_answer(path: Path) -> Answer:
    suffix = path.suffix.lstrip(".")
    if suffix == "csv":
        return answer_from_csv(path.read_text(encoding="utf-8"))
    if suffix in ("srx", "srj", "tsv"):
        fmt = ox.QueryResultsFormat.from_extension(suffix)
        return answer_from_pyoxigraph(ox.parse_query_results(path.read_bytes(), format=fmt))
    graph = rdflib.Graph().parse(path, publicID=to_iri(path))
    if (None, RDF.type, RS.ResultSet) in graph:
        return _result_set(graph)
    triples = ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=to_iri(path))
    return Answer("graph", triples=[ox.Triple(q.subject, q.predicate, q.object) for q in triples])


def _result_set(graph: rdflib.Graph) -> Answer:
    result_set = next(graph.subjects(RDF.type, RS.ResultSet))
    variables = frozenset(str(v) for v in graph.objects(result_set, RS.resultVariable))
    rows = []
    for solution in graph.objects(result_set, RS.solution):
        row = {}
        for binding in graph.objects(solution, RS.binding):
            row[str(graph.value(binding, RS.variable))] = _ox_term(graph.value(binding, RS.value))
        rows.append(row)
    return Answer("solutions", variables=variables, rows=rows)


def _ox_term(term: Any) -> Term:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = term.datatype or rdflib.XSD.string
    return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))


# -- the two runs -----------------------------------------------------------------------------


def load_sources(case: Case) -> list[tuple[Path, str | None]]:
    return [(path, None) for path in case.data] + [(path, name) for name, path in case.graph_data]


def run_in_process(case: Case) -> Answer | bool:
    """pyoxigraph alone: the engine's own answer (or, for a syntax test, whether it parses)."""
    store = ox.Store()
    try:
        for path, graph in load_sources(case):
            store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:]),
                            to_graph=ox.NamedNode(graph) if graph else ox.DefaultGraph(),
                            base_iri=to_iri(path))  # fmt: skip
        try:
            result = store.query(case.text)
        except SyntaxError:
            if case.kind != "evaluation":
                return False
            raise
        if case.kind != "evaluation":
            return True
        if case.result is not None and case.result.suffix == ".csv":
            assert isinstance(result, ox.QuerySolutions)
            output = result.serialize(format=ox.QueryResultsFormat.CSV)
            assert output is not None
            return answer_from_csv(output.decode())
        return answer_from_pyoxigraph(result)
    except (SyntaxError, OSError, ValueError, RuntimeError) as error:
        if case.kind != "evaluation":
            return True  # parsed, failed later (e.g. an unknown function)
        return Answer("error", error=str(error))


def media_types_for(case: Case, expected: Answer) -> list[str]:
    """The formats to fetch: the expected file's own, and the others that can hold the answer
    (each answer is fetched in all of them and must be right in all)."""
    assert case.result is not None
    suffix = case.result.suffix.lstrip(".")
    if expected.kind == "graph":
        return ["application/n-triples", "text/turtle", "application/rdf+xml"]
    if expected.kind == "csv":
        return [RESULT_MEDIA_TYPES["csv"]]
    own = RESULT_MEDIA_TYPES.get(suffix, RESULT_MEDIA_TYPES["srj"])
    others = [RESULT_MEDIA_TYPES["srx"], RESULT_MEDIA_TYPES["srj"]]
    if expected.kind == "solutions":
        others.append(RESULT_MEDIA_TYPES["tsv"])
    return [own] + [m for m in others if m != own]


def run_over_http(case: Case, endpoint: str, accept: str) -> tuple[int, bytes, str]:
    data = urllib.parse.urlencode({"query": case.text}).encode()
    request = urllib.request.Request(endpoint, data=data, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get_content_type()


def answer_from_http(body: bytes, media_type: str) -> Answer:
    if media_type == "text/csv":
        return answer_from_csv(body.decode())
    results_format = ox.QueryResultsFormat.from_media_type(media_type)
    if results_format is not None:
        return answer_from_pyoxigraph(ox.parse_query_results(body, format=results_format))
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    quads = ox.parse(body, format=rdf_format)
    return Answer("graph", triples=[ox.Triple(q.subject, q.predicate, q.object) for q in quads])


@dataclass
class Outcome:
    """A case's verdicts: by value, and ``strict``ly (lexical forms too) where they differ."""

    case: Case
    in_process: bool
    over_http: bool
    detail: str = ""
    in_process_strict: bool | None = None  # None: as by value (syntax tests, failures)
    over_http_strict: bool | None = None

    @property
    def engine_strict(self) -> bool:
        return self.in_process if self.in_process_strict is None else self.in_process_strict

    @property
    def http_strict(self) -> bool:
        return self.over_http if self.over_http_strict is None else self.over_http_strict


def run_suite(
    cases: Iterable[Case], endpoint: str, reload: Callable[[list[tuple[Path, str | None]]], None]
) -> list[Outcome]:
    """Run every case both ways; ``reload`` puts a case's files into the served store."""
    outcomes = []
    loaded: object = None
    for case in cases:
        if "SERVICE" in case.query.read_text(encoding="utf-8").upper():
            continue  # federated queries need remote endpoints; the endpoint refuses them anyway
        sources = load_sources(case)
        key = tuple(sources)
        if key != loaded:
            reload(sources)
            loaded = key
        outcomes.append(_run_case(case, endpoint))
    return outcomes


def _run_case(case: Case, endpoint: str) -> Outcome:
    engine = run_in_process(case)
    if case.kind != "evaluation":
        status, body, _ = run_over_http(case, endpoint, RESULT_MEDIA_TYPES["srj"] + ", */*")
        parses = status == 200  # an unknown function too: its calls are evaluation errors
        expected = case.kind == "positive-syntax"
        return Outcome(case, engine is expected, parses is expected, f"HTTP {status}")
    assert case.result is not None and isinstance(engine, Answer)
    expected = expected_answer(case.result)
    engine_ok, engine_strict = _same(engine, expected), _same(engine, expected, strict=True)
    strict_ok = True
    for accept in media_types_for(case, expected):
        status, body, media_type = run_over_http(case, endpoint, accept)
        if status != 200:
            detail = f"{accept}: HTTP {status}: {body[:300]!r}"
            return Outcome(case, engine_ok, False, detail, engine_strict, False)
        try:
            served = answer_from_http(body, media_type)
        except (SyntaxError, ValueError) as error:
            detail = f"unreadable {media_type}: {error}"
            return Outcome(case, engine_ok, False, detail, engine_strict, False)
        if not _same(served, expected):
            detail = f"{accept}: a different answer"
            return Outcome(case, engine_ok, False, detail, engine_strict, False)
        strict_ok = strict_ok and _same(served, expected, strict=True)
    detail = "" if strict_ok else "equal values, other lexical forms"
    return Outcome(case, engine_ok, True, detail, engine_strict, strict_ok)


def _same(actual: Answer, expected: Answer, strict: bool = False) -> bool:
    if actual.kind == "solutions" and expected.kind == "boolean":
        return False
    return bool(actual.canonical(strict) == expected.canonical(strict))


def summary(outcomes: list[Outcome]) -> str:
    total = len(outcomes)
    lines = []
    for label, engine_ok, http_ok in (
        ("by value", lambda o: o.in_process, lambda o: o.over_http),
        ("strict (lexical forms)", lambda o: o.engine_strict, lambda o: o.http_strict),
    ):
        engine_passed = sum(map(engine_ok, outcomes))
        http_passed = sum(map(http_ok, outcomes))
        lines += [
            f"{label}:",
            f"  in-process (pyoxigraph): {engine_passed} passed, {total - engine_passed} failed",
            f"  through HTTP (/sparql):  {http_passed} passed, {total - http_passed} failed",
        ]
    return "\n".join(lines)


def spec_version(sources: list[tuple[Path, str | None]]) -> str:
    digest = hashlib.sha256(repr(sources).encode())
    return digest.hexdigest()


def load_spec_for(sources: list[tuple[Path, str | None]]) -> Any:
    """The :class:`lod.store.LoadSpec` of a case's files, each with its official base IRI."""
    from lod.store.loading import LoadSpec, Source

    items = tuple(Source(path, graph, to_iri(path)) for path, graph in sources)
    return LoadSpec(items, spec_version(sources))


def main() -> int:
    """Start an endpoint over a one-worker store and run the whole suite; print the counts."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "web"))
    from lod_test_backends import serving

    from lod.config import Settings
    from lod.store.isolated import IsolatedStore
    from lod.web.app import create_app

    root = suite_dir(Path(__file__).resolve().parents[2])
    cases = load_cases(root)
    to_spec = load_spec_for

    store = IsolatedStore(to_spec([]), workers=1)
    app = create_app(settings=Settings().replace(queries_dir=Path("/nonexistent")), store=store)
    try:
        with serving(app) as base:
            outcomes = run_suite(cases, base + "/sparql", lambda s: store.reload(to_spec(s)))
    finally:
        store.close()
    print(summary(outcomes))
    for outcome in outcomes:
        if outcome.in_process and not outcome.over_http:
            print("LOST IN OUR LAYER:", outcome.case.iri, outcome.detail)
    for outcome in outcomes:
        if not outcome.in_process:
            print("engine fails:", outcome.case.iri, "| HTTP:", outcome.over_http)
    if "--strict" in sys.argv[1:]:
        for outcome in outcomes:
            if outcome.over_http and not outcome.http_strict:
                print("strict fails through HTTP:", outcome.case.iri, outcome.detail)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
