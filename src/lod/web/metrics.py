"""``/metrics`` in the Prometheus text format, for an operator's monitoring.

Requests by route and status, latency by route, SPARQL queries by outcome, query worker
restarts, response cache hits and misses, the publication served and its size. Labels are route
rules (``/doc/<kind>/<slug>``), never URLs, so their number is bounded. Each app (each HTTP
worker process) counts for itself. Only the addresses in ``LOD_METRICS_FROM`` may read it
(default: this machine).
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector
from werkzeug.exceptions import HTTPException

from lod.errors import BadRequest, LodError, NotAcceptable, QueryTimeout, ResultTooLarge
from lod.store import QueryAborted, QuerySyntaxError, ServiceRefused, UpdateRefused
from lod.web.http import uncacheable

bp = Blueprint("metrics", __name__)

METHODS = frozenset({"GET", "HEAD", "POST", "OPTIONS"})
OUTCOMES: tuple[tuple[type[LodError], str], ...] = (
    (QueryTimeout, "timeout"),
    (ResultTooLarge, "too_large"),
    (UpdateRefused, "refused"),
    (ServiceRefused, "refused"),
    (QueryAborted, "worker_died"),
    (QuerySyntaxError, "bad_query"),
    (BadRequest, "bad_query"),
    (NotAcceptable, "not_acceptable"),
)


class Metrics:
    """The app's own registry (several apps in one process must not share counters)."""

    def __init__(self, app: Flask) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "lod_http_requests", "HTTP requests answered, by route, method and status.",
            ["route", "method", "status"], registry=self.registry,
        )  # fmt: skip
        self.latency = Histogram(
            "lod_http_request_duration_seconds", "Time to answer a request, by route.",
            ["route"], registry=self.registry,
            buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )  # fmt: skip
        self.queries = Counter(
            "lod_sparql_queries", "SPARQL queries by outcome.", ["outcome"],
            registry=self.registry,
        )  # fmt: skip
        self.registry.register(StateCollector(app))


class StateCollector(Collector):
    """What is read at scrape time: the publication served, worker restarts, cache counts."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[Any]:
        state = self.app.extensions["lod"]
        served = state.switch.current
        info = InfoMetricFamily("lod_publication", "The publication served now.")
        info.add_metric([], {"version": served.version or "", "publication": served.tag or ""})
        yield info
        yield GaugeMetricFamily(
            "lod_publication_triples", "Triples in the store served.", value=served.triples
        )
        restarts = getattr(served.store, "restarts", 0)
        yield CounterMetricFamily(
            "lod_query_worker_restarts",
            "Query worker processes replaced (timeouts, memory, crashes), this version.",
            value=restarts,
        )
        cache = self.app.extensions.get("lod-responses")
        for name, value in (("hits", getattr(cache, "hits", 0)),
                            ("misses", getattr(cache, "misses", 0))):  # fmt: skip
            yield CounterMetricFamily(
                f"lod_response_cache_{name}", f"Response cache {name}.", value=value
            )


def init_app(app: Flask) -> None:
    app.extensions["lod-metrics"] = Metrics(app)
    app.before_request(_start_clock)
    app.after_request(_count)
    app.register_blueprint(bp)


@bp.route("/metrics")
def metrics() -> Response:
    allowed = current_app.extensions["lod"].settings.metrics_from
    if not _allowed(request.remote_addr, allowed):
        raise LodError(
            "the metrics are only served to the addresses in LOD_METRICS_FROM "
            f"({', '.join(allowed) or 'none'})",
            status=403,
        )
    registry = current_app.extensions["lod-metrics"].registry
    return uncacheable(Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST))


def _allowed(address: str | None, allowed: tuple[str, ...]) -> bool:
    if "*" in allowed:
        return True
    try:
        client = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    for entry in allowed:
        try:
            if client in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _start_clock() -> None:
    g.lod_started = time.perf_counter()


def _count(response: Response) -> Response:
    metrics: Metrics = current_app.extensions["lod-metrics"]
    route = request.url_rule.rule if request.url_rule is not None else "(no route)"
    method = request.method if request.method in METHODS else "other"
    metrics.requests.labels(route, method, str(response.status_code)).inc()
    started = g.get("lod_started")
    if started is not None:
        metrics.latency.labels(route).observe(time.perf_counter() - started)
    if request.endpoint == "sparql.endpoint" and _has_query():
        metrics.queries.labels(_outcome(response)).inc()
    return response


def _has_query() -> bool:
    if "query" in request.args or request.mimetype == "application/sparql-query":
        return True
    if request.mimetype != "application/x-www-form-urlencoded":
        return False
    try:
        return "query" in request.form
    except HTTPException:  # a body over the limit: the request was answered 413 already
        return False


def _outcome(response: Response) -> str:
    error = g.get("lod_error")
    if error is None:
        return "ok" if response.status_code < 400 else "error"
    return next((name for kind, name in OUTCOMES if isinstance(error, kind)), "error")
