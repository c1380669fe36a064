"""What an operator reads: one JSON line per log record carrying the request id, and metrics in Prometheus format.

- `ObservabilityMiddleware` gives every request an id (the proxy's `X-Request-ID` when it is a plain token, a new one
  otherwise), answers it in `X-Request-ID`, times the request for the per-route histogram and, with `LOG_REQUESTS`,
  writes one access line (`praxis.request`). The id lives in a context variable, so every record logged while the
  request runs carries it (`logs.RequestIdFilter`).
- `logs.JsonFormatter` writes a record as one JSON object per line (`LOG_FORMAT=json`, the production default).
- `render_metrics()` is the body of `/metrics`: request durations per route (a histogram, shared by every gunicorn
  worker through prometheus_client's multiprocess files when `PROMETHEUS_MULTIPROC_DIR` is set), and, read at scrape
  time, the task queue's length and the durable jobs per state (failed ones included).
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from .logs import request_id
from .models import TaskRun, WorkerHeartbeat

# A proxy's id is reused only when it cannot carry anything into a log line but itself.
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
UNMATCHED = "(unmatched)"
STATIC = "(static)"  # answered by whitenoise before URL resolution

REQUEST_DURATION = Histogram(
    "praxis_http_request_duration_seconds", "Time to answer an HTTP request, per route (URL name) and method.",
    ["route", "method"], buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REQUESTS = Counter(
    "praxis_http_requests", "HTTP requests answered, per route, method and status class (2xx, 4xx...).",
    ["route", "method", "status"],
)
access_log = logging.getLogger("praxis.request")


def new_request_id() -> str:
    return uuid.uuid4().hex


class ObservabilityMiddleware:
    """First in the stack: everything below runs with the request's id, and is timed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _INCOMING_ID.match(incoming) else new_request_id()
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            if match:
                route = match.view_name or match.route
            else:
                route = STATIC if request.path.startswith(settings.STATIC_URL) else UNMATCHED
            REQUEST_DURATION.labels(route, request.method).observe(elapsed)
            REQUESTS.labels(route, request.method, f"{response.status_code // 100}xx").inc()
            response["X-Request-ID"] = rid
            if settings.LOG_REQUESTS:
                access_log.info(
                    "%s %s %s", request.method, request.path, response.status_code,
                    extra={"http": {"method": request.method, "path": request.path, "route": route,
                                    "status": response.status_code, "duration_ms": round(elapsed * 1000, 1)}},
                )
            return response
        finally:
            request_id.reset(token)


# --- metrics read at scrape time ---------------------------------------------------------------------------------


class TaskCollector(Collector):
    """The queue and the durable jobs, read when Prometheus scrapes (a few aggregate queries on small tables)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        queue = GaugeMetricFamily("praxis_task_queue_length", "Messages waiting in the task queue (huey).")
        try:
            queue.add_metric([], float(HUEY.pending_count()))
        except Exception:  # an unreachable queue is what /healthz reports; the scrape still answers
            queue.add_metric([], float("nan"))
        yield queue

        runs = GaugeMetricFamily("praxis_task_runs", "Durable background jobs kept, per state (failed: gave up "
                                 "after their attempts; kept RETENTION_TASK_DAYS).", labels=["status"])
        counts = dict(TaskRun.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
        for status in TaskRun.Status.values:
            runs.add_metric([status], float(counts.get(status, 0)))
        yield runs

        now = timezone.now()
        oldest = TaskRun.objects.filter(status=TaskRun.Status.QUEUED, available_at__lte=now).aggregate(
            at=Min("available_at"))["at"]
        waiting = GaugeMetricFamily("praxis_task_oldest_waiting_seconds",
                                    "How long the oldest job that is due has been waiting (0: none).")
        waiting.add_metric([], (now - oldest).total_seconds() if oldest else 0.0)
        yield waiting

        seen = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
        heartbeat = GaugeMetricFamily("praxis_task_worker_last_seen_seconds",
                                      "Seconds since a task worker last reported (NaN: never).")
        heartbeat.add_metric([], (now - seen).total_seconds() if seen else float("nan"))
        yield heartbeat


def render_metrics() -> bytes:
    """The Prometheus text exposition of this deployment: every web process's request metrics, the task metrics."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_DURATION)
        registry.register(REQUESTS)
    registry.register(TaskCollector())
    return generate_latest(registry)
