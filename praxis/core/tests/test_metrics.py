"""`/metrics`: Prometheus text format behind a token; request ids and JSON log lines."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from praxis.core.logs import JsonFormatter, RequestIdFilter
from praxis.core.models import TaskRun

TOKEN = "metrics-test-token"


def scrape(client: Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def make_run(status: str, **fields) -> TaskRun:
    return TaskRun.objects.create(task_path="praxis.core.tasks.purge_expired_data", status=status,
                                  available_at=fields.pop("available_at", timezone.now()), **fields)


@pytest.mark.django_db
def test_metrics_route_does_not_exist_without_a_configured_token(client):
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
@override_settings(METRICS_TOKEN=TOKEN)
def test_metrics_refuse_a_missing_or_wrong_token(client):
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401 and wrong["WWW-Authenticate"].startswith("Bearer")
    assert b"praxis_" not in wrong.content
    assert client.post("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 405


@pytest.mark.django_db
@override_settings(METRICS_TOKEN=TOKEN)
def test_metrics_count_request_durations_per_route(client):
    key = ("praxis_http_request_duration_seconds_count", (("method", "GET"), ("route", "core:terms")))
    before = scrape(client).get(key, 0.0)
    for _ in range(3):
        assert client.get("/conditions-d-utilisation/").status_code == 200
    client.get("/no-such-page/")
    samples = scrape(client)
    assert samples[key] == before + 3
    bucket = ("praxis_http_request_duration_seconds_bucket", (("le", "+Inf"), ("method", "GET"),
                                                             ("route", "core:terms")))
    assert samples[bucket] == samples[key]
    assert samples[("praxis_http_requests_total", (("method", "GET"), ("route", "core:terms"),
                                                   ("status", "2xx")))] >= 3
    assert samples[("praxis_http_requests_total", (("method", "GET"), ("route", "(unmatched)"),
                                                   ("status", "4xx")))] >= 1


@pytest.mark.django_db
@override_settings(METRICS_TOKEN=TOKEN)
def test_metrics_show_the_queue_and_failed_jobs(client):
    make_run(TaskRun.Status.FAILED, attempts=5, last_error="boom")
    make_run(TaskRun.Status.FAILED, attempts=5, last_error="boom")
    make_run(TaskRun.Status.QUEUED, available_at=timezone.now() - timedelta(minutes=5))
    make_run(TaskRun.Status.DONE)
    samples = scrape(client)
    assert samples[("praxis_task_runs", (("status", "failed"),))] == 2
    assert samples[("praxis_task_runs", (("status", "queued"),))] == 1
    assert samples[("praxis_task_runs", (("status", "done"),))] == 1
    assert samples[("praxis_task_runs", (("status", "running"),))] == 0
    assert samples[("praxis_task_oldest_waiting_seconds", ())] >= 300
    assert samples[("praxis_task_queue_length", ())] == 0  # tests run jobs immediately: nothing waits in huey


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_a_forged_one_is_replaced(client):
    fresh = client.get("/conditions-d-utilisation/")
    assert len(fresh["X-Request-ID"]) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "lb-7f3a"})["X-Request-ID"] == "lb-7f3a"
    forged = client.get("/healthz", headers={"X-Request-ID": "x\r\nSet-Cookie: a=b" + "y" * 80})
    assert forged["X-Request-ID"] != "x" and len(forged["X-Request-ID"]) == 32


def test_json_log_lines_carry_the_request_id_and_the_traceback() -> None:
    from praxis.core.logs import request_id

    record = logging.LogRecord("praxis.x", logging.ERROR, __file__, 1, "failed %s", ("job",), None)
    token = request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    try:
        raise ValueError("é")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "abc123" and entry["message"] == "failed job" and entry["level"] == "ERROR"
    assert "ValueError: é" in entry["exception"]
