"""Prometheus metrics at GET /metrics: HTTP requests and latency by endpoint, and gauges read from the database.

HTTP counters live in this process. Under gunicorn with several workers, set PROMETHEUS_MULTIPROC_DIR
(an empty directory, wiped at each start) before the workers start: prometheus_client then keeps
each worker's values in files there and every scrape sums them (its multiprocess mode). Without it
each worker answers with its own counters only. The database gauges (open tasks by deadline status,
timer lag, open incidents) are read at scrape time, so they are the same whichever worker answers.
OCOPFLOW_METRICS=off removes the route; it is unauthenticated, so expose it on an internal network.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

from flask import Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector

from .config import EscalationSettings
from .services.context import ServiceContext
from .services.operations.numbers import operational_numbers

HTTP = CollectorRegistry(auto_describe=True)
REQUESTS = Counter("ocopflow_http_requests", "HTTP requests answered, by route template, method and status",
                   ["endpoint", "method", "status"], registry=HTTP)
LATENCY = Histogram("ocopflow_http_request_duration_seconds", "Time to answer an HTTP request",
                    ["endpoint", "method"], registry=HTTP,
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


class DatabaseGauges:
    """Collected at each scrape from services.operations (one grouped query per family)."""

    def __init__(self, ctx: ServiceContext, due_soon_days: int):
        self.ctx, self.due_soon_days = ctx, due_soon_days

    def collect(self) -> Iterator[Metric]:
        numbers = operational_numbers(self.ctx, self.due_soon_days)
        tasks = GaugeMetricFamily("ocopflow_open_tasks", "Open tasks by deadline status", labels=["deadline_status"])
        for status, count in numbers.open_tasks.items():
            tasks.add_metric([status], count)
        yield tasks
        yield GaugeMetricFamily("ocopflow_timer_lag_seconds", "Now minus due_at of the oldest due timer not "
                                "yet fired (0 when none)", value=numbers.timer_lag_seconds)
        yield GaugeMetricFamily("ocopflow_open_incidents", "Failed engine steps waiting for an admin",
                                value=numbers.open_incidents)


def init_metrics(app: Flask, ctx: ServiceContext) -> None:
    gauges = DatabaseGauges(ctx, EscalationSettings.from_env().due_soon_days)

    @app.before_request
    def _start() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _count(response: Response) -> Response:
        endpoint = request.url_rule.rule if request.url_rule is not None else "unmatched"
        REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
        if "metrics_started" in g:
            LATENCY.labels(endpoint, request.method).observe(time.perf_counter() - g.metrics_started)
        return response

    def metrics() -> Response:
        registry = CollectorRegistry(auto_describe=False)
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        else:
            registry.register(HTTP)
        registry.register(gauges)
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)

    app.add_url_rule("/metrics", "metrics", metrics, methods=["GET"])
