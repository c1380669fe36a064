"""The answer to a client that must slow down: HTTP 429 with `Retry-After`, and a page that says how long to wait."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

DEFAULT_RETRY_AFTER = 60  # allauth's per-IP limits count per minute


def wait_label(seconds: int) -> str:
    if seconds < 120:
        return ngettext("%(n)s second", "%(n)s seconds", seconds) % {"n": seconds}
    minutes = -(-seconds // 60)
    return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}


def too_many_requests(request: HttpRequest, retry_after: int = DEFAULT_RETRY_AFTER) -> HttpResponse:
    response = render(request, "429.html", {"retry_after": wait_label(retry_after)}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def handler429(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """`config.urls.handler429`: what allauth answers when one of its limits (per IP, per address) is reached."""
    return too_many_requests(request)
