"""The database is out (restarted, failing over, unreachable): HTTP 503 with `Retry-After`, not 500.

Django turns any exception of a request into a response through `handler500`; this one answers 503 when the
exception is a lost or refused database connection (`OperationalError`, `InterfaceError`), in the visitor's language,
with a page that needs no database (no session, no member, no context processor), and the default 500 page
otherwise. Django drops a connection that failed, and the next request opens a new one (`CONN_HEALTH_CHECKS`), so the
site recovers by itself as soon as the database answers again. Load balancers and crawlers take 503 + Retry-After as
"come back shortly". With DEBUG on, Django shows its debug page instead, as for any error."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views.defaults import server_error as django_server_error

RETRY_AFTER = 5  # seconds: a restart or a failover takes a few seconds


def is_database_outage(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """`config.urls.handler500`."""
    if not is_database_outage(sys.exc_info()[1]):
        return django_server_error(request)
    language = translation.get_language_from_request(request)
    with translation.override(language):
        html = render_to_string("503.html", {"retry_after": RETRY_AFTER, "language": translation.get_language()})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
