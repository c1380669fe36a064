"""Full page for a normal request, one template partial for an htmx request."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, *, partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    name = f"{template}#{partial}" if partial and getattr(request, "htmx", False) else template
    return render(request, name, context or {}, status=status)
