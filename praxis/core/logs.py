"""Log records as JSON lines carrying the request id. Imports nothing of Django: the logging configuration loads it
before the apps, and gunicorn's master process (config/gunicorn.py) formats its own records with it."""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# Set by `praxis.core.observability.ObservabilityMiddleware` for the time a request runs.
request_id: ContextVar[str] = ContextVar("praxis_request_id", default="")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (empty outside a request: the task worker, commands)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, and what was passed as
    `extra={"http": ...}`; the traceback, if any, in `exception`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", "") or request_id.get()
        if rid:
            entry["request_id"] = rid
        if http := getattr(record, "http", None):
            entry["http"] = http
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        entry["process"] = record.process
        return json.dumps(entry, ensure_ascii=False, default=str)
