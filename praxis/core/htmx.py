"""Full page for a normal request, one template partial for an htmx request."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from praxis.core.http import PraxisRequest


def render_page(
    request: PraxisRequest, template: str, context: dict[str, Any] | None = None, *, partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    name = f"{template}#{partial}" if partial and getattr(request, "htmx", False) else template
    return render(request, name, context or {}, status=status)
