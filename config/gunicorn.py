"""gunicorn settings of `make serve` (`manage.py serve`): WSGI with threads (gthread), not ASGI (CONVENTIONS, Stack).

Environment: BIND (default 127.0.0.1:$PORT, behind the reverse proxy that terminates TLS), WEB_WORKERS (default from
the cores, see `default_workers`), WEB_THREADS (4), WEB_TIMEOUT (60 s), LOG_FORMAT (json), GUNICORN_CONTROL_SOCKET
(default $PRAXIS_VAR_DIR/gunicorn-$PORT.ctl). Each thread may hold one
PostgreSQL connection (CONN_MAX_AGE): workers × threads + the task worker's threads must stay below the server's
`max_connections` (100 by default) summed over every machine — docs/operations.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def default_workers(cores: int) -> int:
    """gunicorn's rule of thumb, 2 × cores + 1, capped at 9 so that one machine holds at most 36 connections."""
    return max(1, min(2 * cores + 1, 9))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (a container's CPU set)
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


_port = os.environ.get("PORT") or "8000"
bind = os.environ.get("BIND") or f"127.0.0.1:{_port}"
workers = int(os.environ.get("WEB_WORKERS") or default_workers(_cores()))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 4)
timeout = int(os.environ.get("WEB_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# Django is imported once, then forked: workers start in milliseconds and share the code's memory.
preload_app = True
# A worker is replaced after this many requests (plus jitter, so they do not all restart together): memory stays flat.
max_requests = 5000
max_requests_jitter = 500
# gunicorn ≥ 25.1 opens a control socket for `gunicornc` (show workers, add or remove some), by default at
# ~/.gunicorn/gunicorn.ctl: two servers on one machine would share that path, the second unlinking the first's socket
# and either removing it on exit. Each server has its own, in its var folder, named after its port.
_var_dir = os.environ.get("PRAXIS_VAR_DIR") or str(Path(__file__).resolve().parent.parent / "var")
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or str(Path(_var_dir).resolve() / f"gunicorn-{_port}.ctl")
# Access lines come from Django (praxis.core.observability): they carry the route, the duration and the request id.
accesslog = None
errorlog = "-"
_json = (os.environ.get("LOG_FORMAT") or "json") == "json"
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "praxis.core.logs.JsonFormatter"}} if _json else {},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                             **({"formatter": "json"} if _json else {})}},
    # Django's own records go through its LOGGING (same format): none through the root logger twice.
    "root": {"level": "WARNING", "handlers": []},
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False}},
}


def when_ready(server: Any) -> None:
    """Before the first fork: import every URL module and view now, once, rather than on each worker's first
    request (seconds on a busy machine)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the import is the point


def pre_fork(server: Any, worker: Any) -> None:
    """No database connection opened while loading the app may be shared by the forked workers."""
    from django.db import connections

    connections.close_all()


def child_exit(server: Any, worker: Any) -> None:
    """A worker's request metrics stay counted after it exits (prometheus_client's multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
