"""The SPARQL 1.1 Protocol endpoint ``/sparql``, its service description and query page.

One view: read the protocol request, run it on the store, write the negotiated format. Without
a query, GET answers with the SPARQL Service Description (RDF) or, for a browser, the query page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, g, request
from werkzeug.datastructures import MultiDict

from lod.errors import BadRequest, LodError, NotAcceptable
from lod.namespaces import PREFIXES, prefixes_for
from lod.store import Answer, AnswerWriter, Dataset, QueryResult, Store, UpdateRefused
from lod.store.answers import TERMS, Choices, format_named, written
from lod.store.formats import FORMATS_BY_KIND, GRAPH_FORMATS, SOLUTION_FORMATS, ResultKind
from lod.store.remote import read_only_message
from lod.store.safety import check_query
from lod.uris import default_graph_iri, thing_iri
from lod.web import query_page
from lod.web.app import get_served, get_settings, get_state, get_store
from lod.web.http import cacheable, etag_for, not_modified
from lod.web.negotiation import HTML, Offer, negotiate, negotiate_language
from lod.web.response_cache import remembered_query

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
SD = PREFIXES["sd"]
VOID = PREFIXES["void"]
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class ProtocolRequest:
    """A query operation of the SPARQL 1.1 Protocol, whichever way it was sent."""

    query: str
    dataset: Dataset
    params: MultiDict[str, str]  # where the other parameters (format, lang) came from


def _editor_kept_on_error(view: Callable[[], Response]) -> Callable[[], Response]:
    """A query that fails in a browser shows the query page again, with the reader's text."""

    @functools.wraps(view)
    def answer() -> Response:
        try:
            return view()
        except LodError as error:
            page = query_page.error_page(error, ANY_RESULT_OFFERS)
            if page is None:
                raise
            g.lod_error = error  # for the metrics, as the app's error handler does
            return page

    return answer


@bp.route("/sparql", methods=["GET", "POST"])
@_editor_kept_on_error
@remembered_query  # a repeated GET is answered without running the query again
def endpoint() -> Response:
    operation = read_protocol_request()
    if operation is None:
        return service_description()
    settings = get_settings()
    # Depth, operation and SERVICE, read from the text before any engine sees it.
    check_query(
        operation.query, settings.service_allowlist, settings.max_query_depth,
        read_only_message(),
    )  # fmt: skip
    negotiate(ANY_RESULT_OFFERS, _format_names(operation))  # unservable: 406 before running
    tag = get_served().tag
    etag = None
    if request.method in ("GET", "HEAD") and tag:
        etag = _etag(tag, operation)
        early = not_modified(etag)
        if early is not None:
            return early
    answer = run_query(operation)
    response = render_result(answer, operation)
    return cacheable(response, etag) if etag else response


def read_protocol_request() -> ProtocolRequest | None:
    """The query operation in the request; None for a GET without ``query``.

    Raises 400 (missing/duplicated parameters, bad graph IRIs), 403 (updates) or 415.
    """
    if request.method in ("GET", "HEAD"):
        params = request.args
        if "update" in params:
            raise UpdateRefused(read_only_message())
        if "query" not in params:
            return None
        return ProtocolRequest(_single(params, "query"), _dataset(params), params)
    mimetype = request.mimetype
    if mimetype == FORM:
        params = request.form
        if "update" in params:
            raise UpdateRefused(read_only_message())
        if "query" not in params:
            raise BadRequest("POST with a form body must have a query parameter")
        return ProtocolRequest(_single(params, "query"), _dataset(params), params)
    if mimetype == SPARQL_QUERY:
        text = request.get_data(as_text=True)
        if not text.strip():
            raise BadRequest(f"POST with Content-Type {SPARQL_QUERY} must have the query as body")
        return ProtocolRequest(text, _dataset(request.args), request.args)
    if mimetype == SPARQL_UPDATE:
        raise UpdateRefused(read_only_message())
    raise LodError(
        f"Content-Type {mimetype or '(none)'} is not accepted for POST; "
        f"send {FORM} or {SPARQL_QUERY}",
        status=415,
    )


def run_query(operation: ProtocolRequest) -> Answer:
    """The answer in the format negotiated for its kind: written by the store's engine when it
    can (the query workers), else here from the terms the store returns (remote engines)."""
    settings, store = get_settings(), get_store()
    text, dataset, choices = operation.query, operation.dataset, _choices(operation)
    timeout, max_results = settings.query_timeout, settings.max_results
    if isinstance(store, AnswerWriter):
        return store.answer(text, choices=choices, dataset=dataset, timeout=timeout,
                            max_results=max_results, prefixes=_prefixes())  # fmt: skip
    result = store.query(text, dataset=dataset, timeout=timeout, max_results=max_results)
    return written(result, choices, _prefixes())


def render_result(answer: Answer, operation: ProtocolRequest) -> Response:
    if answer.result is not None:
        return _query_page(operation, answer.result)
    if answer.body is None or answer.format_name is None:
        negotiate(_offers(answer.kind), _format_names(operation))  # raises the 406
        raise AssertionError("negotiation found a format the answer was not written in")
    fmt = format_named(answer.format_name, answer.kind)
    return Response(answer.body, mimetype=fmt.media_type)


def _choices(operation: ProtocolRequest) -> Choices:
    """For each kind of answer (the query's is known once the engine has read it), the format
    the client takes, or TERMS for the HTML page; a kind the client takes none of is left out.
    Clients send the same few Accept headers again and again: three negotiations per query
    were a fifth of a cheap query's time in this process."""
    names = tuple(_format_names(operation))
    return _choices_for(request.headers.get("Accept", ""), names)


@functools.lru_cache(maxsize=256)
def _choices_for(accept: str, names: tuple[str, ...]) -> Choices:
    """:func:`_choices` for a request with this Accept header (read from the request)."""
    choices: dict[ResultKind, str | None] = {}
    for kind in FORMATS_BY_KIND:
        try:
            offer = negotiate(_offers(kind), names)
        except NotAcceptable:
            continue
        choices[kind] = TERMS if offer is HTML else offer.value.name
    return choices


def _offers(kind: ResultKind) -> list[Offer]:
    return [*(Offer.for_format(fmt) for fmt in FORMATS_BY_KIND[kind]), HTML]


# Every answer any query can have: what a request must accept at least one of.
ANY_RESULT_OFFERS = [
    *(Offer.for_format(f) for f in dict.fromkeys(f for fs in FORMATS_BY_KIND.values() for f in fs)),
    HTML,
]


def _format_names(operation: ProtocolRequest) -> list[str]:
    """The ``format`` parameter, from a POSTed form or, for links and browsers, the URL."""
    return operation.params.getlist("format") or request.args.getlist("format")


def service_description() -> Response:
    """The SPARQL Service Description (negotiated RDF), or the query page for a browser."""
    tag = get_served().tag
    offer = negotiate([*(Offer.for_format(f) for f in GRAPH_FORMATS), HTML],
                      request.args.getlist("format"))  # fmt: skip
    if offer is HTML:
        return _query_page(None, None)
    etag = etag_for(tag, "sd", offer.media_type, request.base_url)
    early = not_modified(etag) if tag else None
    if early is not None:
        return early
    description = QueryResult("graph", triples=describe_service(request.base_url))
    response = Response(description.serialize(offer.value, _sd_prefixes()),
                        mimetype=offer.media_type)  # fmt: skip
    return cacheable(response, etag) if tag else response


def describe_service(endpoint_url: str) -> list[ox.Triple]:
    """sd:Service with its endpoint, language, formats, features and VoID-described dataset."""
    settings, store = get_settings(), get_store()
    service = ox.NamedNode(thing_iri("service", "sparql", settings.base_iri))
    dataset = ox.NamedNode(thing_iri("dataset", settings.dataset_slug, settings.base_iri))
    endpoint_node = ox.NamedNode(endpoint_url)
    triples = [
        _t(service, RDF_TYPE, _sd("Service")),
        _t(service, _sd("endpoint"), endpoint_node),
        _t(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        _t(service, _sd("defaultEntailmentRegime"),
           ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        _t(service, _sd("defaultDataset"), dataset),
        _t(dataset, RDF_TYPE, _sd("Dataset")),
        _t(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset")),
        _t(dataset, ox.NamedNode(VOID + "sparqlEndpoint"), endpoint_node),
    ]  # fmt: skip
    for fmt in (*SOLUTION_FORMATS, *GRAPH_FORMATS):
        triples.append(_t(service, _sd("resultFormat"), ox.NamedNode(fmt.format_iri)))
    if settings.service_allowlist:
        triples.append(_t(service, _sd("feature"), _sd("BasicFederatedQuery")))
    default_count, named_counts = get_state().cached("graph-sizes", lambda: _graph_sizes(store))
    default_graph = ox.NamedNode(default_graph_iri(settings.base_iri))  # as VoID names it
    triples += _describe_graph(dataset, _sd("defaultGraph"), default_count, default_graph)
    for name, count in named_counts:
        named = ox.BlankNode()
        triples += [
            _t(dataset, _sd("namedGraph"), named),
            _t(named, RDF_TYPE, _sd("NamedGraph")),
            _t(named, _sd("name"), ox.NamedNode(name)),
        ]
        triples += _describe_graph(named, _sd("graph"), count)
    return triples


def _graph_sizes(store: Store) -> tuple[int, list[tuple[str, int]]]:
    """Triples in the default graph and in each named graph (counted once per data version)."""
    return store.triple_count(), [(name, store.triple_count(name)) for name in store.graph_names()]


def _query_page(operation: ProtocolRequest | None, result: QueryResult | None) -> Response:
    """The HTML page (lod.web.query_page): the editor, and the result after a query."""
    if operation is None:
        return query_page.render(None, None)
    return query_page.render(operation.query, result, operation.dataset)


def _single(params: MultiDict[str, str], name: str) -> str:
    values = params.getlist(name)
    if len(values) != 1:
        raise BadRequest(f"the {name} parameter must be given once, not {len(values)} times")
    if not values[0].strip():
        raise BadRequest(f"the {name} parameter is empty")
    return values[0]


def _dataset(params: MultiDict[str, str]) -> Dataset:
    graphs = {}
    for name in ("default-graph-uri", "named-graph-uri"):
        values = tuple(params.getlist(name))
        for value in values:
            if ":" not in value or any(ch in value for ch in '<>"{}|^`\\ \t\n'):
                raise BadRequest(f"{name} must be an absolute IRI, got {value!r}")
        graphs[name] = values
    return Dataset(graphs["default-graph-uri"], graphs["named-graph-uri"])


def _etag(version: str, operation: ProtocolRequest) -> str:
    # The raw Accept header and format parameter (not the chosen format) so that a 304 can be
    # answered before the query runs; Vary: Accept tells caches the same.
    return etag_for(
        version, "query", operation.query, operation.dataset, request.headers.get("Accept", ""),
        operation.params.getlist("format"), negotiate_language(), request.base_url,
    )  # fmt: skip


def _prefixes() -> dict[str, str]:
    return prefixes_for(get_settings().base_iri)


def _sd_prefixes() -> dict[str, str]:
    return {p: ns for p, ns in PREFIXES.items() if p in ("sd", "void", "rdf")}


def _describe_graph(
    subject: ox.NamedNode | ox.BlankNode,
    link: ox.NamedNode,
    triples: int,
    graph: ox.NamedNode | ox.BlankNode | None = None,
) -> list[ox.Triple]:
    graph = graph or ox.BlankNode()
    return [
        _t(subject, link, graph),
        _t(graph, RDF_TYPE, _sd("Graph")),
        _t(graph, ox.NamedNode(VOID + "triples"), ox.Literal(str(triples),
           datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    ]  # fmt: skip


def _sd(local: str) -> ox.NamedNode:
    return ox.NamedNode(SD + local)


def _t(s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode, o: Any) -> ox.Triple:
    return ox.Triple(s, p, o)
