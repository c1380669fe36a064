"""`make serve` for real: gunicorn and the task worker in production mode on the test database, on a free port."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.gunicorn import default_workers
from praxis.institutions.models import PostalCode


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def production_env(tmp_path: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_SETTINGS"))}
    env.update({
        "SECRET_KEY": "serve-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback, no TLS proxy in front
        "DATABASE_URL": database_url(),
        "PRAXIS_VAR_DIR": str(tmp_path),
        "TASK_QUEUE_URL": f"sqlite:///{tmp_path / 'tasks.sqlite3'}",
        "PRAXIS_TESTING": "0",
        "TASKS_IMMEDIATE": "0",
        "EMAIL_BACKEND": "file",
        "WEB_WORKERS": "2",  # the count from the cores is checked below; two keep this test light
        "TASK_WORKERS": "1",
        "METRICS_TOKEN": "serve-test-token",
    })
    return env


def test_the_worker_count_follows_the_cores() -> None:
    assert [default_workers(cores) for cores in (1, 2, 4, 8, 64)] == [3, 5, 9, 9, 9]


@pytest.mark.worker
def test_make_serve_answers_health_and_pages_with_compressed_static_files_and_json_logs(transactional_db, tmp_path,
                                                                                       production_static):
    PostalCode.objects.create(country="BE", postal_code="1000", name="Bruxelles", search_name="bruxelles",
                              latitude=50.85, longitude=4.35)  # so serve does not load them all
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        # Exactly what `make serve` runs, with STATIC_ROOT where the session's fixture collected the static files for
        # production (the collection test checks them): serve finds their fingerprint current and skips collecting.
        env = production_env(tmp_path, port) | {"STATIC_ROOT": str(production_static.root)}
        process = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=settings.BASE_DIR,
                                   env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120  # the first run on a fresh checkout compresses the static files
        health: tuple[int, dict[str, str], bytes] | None = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = get(port, "/healthz")
                if health[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        assert health is not None and health[0] == 200, log.read_text()[-3000:]
        assert json.loads(health[2]) == {"status": "ok", "database": "ok", "tasks": "ok"}

        # As the TLS proxy in front forwards it (BEHIND_TLS_PROXY), with its request id.
        status, headers, body = get(port, "/conditions-d-utilisation/",
                                    {"X-Request-ID": "probe-42", "X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["x-request-id"] == "probe-42"
        assert "strict-transport-security" in headers  # production settings

        stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', body)
        assert stylesheet, "no stylesheet on the page"
        assert re.search(rb"\.[0-9a-f]{12}\.css$", stylesheet.group(1)), "static names are not hashed"
        status, headers, _ = get(port, stylesheet.group(1).decode(), {"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("content-encoding") == "gzip"
        assert "immutable" in headers["cache-control"]

        status, _, metrics = get(port, "/metrics", {"Authorization": "Bearer serve-test-token"})
        assert status == 200 and b'route="core:terms"' in metrics
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=40)

    assert "Static files collected" not in log.read_text()  # the fingerprint of the fixture's collection matched
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "praxis.request" and line.get("request_id") == "probe-42"]
    assert len(access) == 1 and access[0]["http"]["route"] == "core:terms" and access[0]["http"]["status"] == 200
    loggers = {line["logger"] for line in lines}
    assert {"gunicorn.error", "huey.consumer"} <= loggers  # the web server and the task worker both log JSON
    assert any("Booting worker" in line["message"] for line in lines)
