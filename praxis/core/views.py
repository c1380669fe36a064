from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from praxis.core.http import PraxisRequest

from . import health


@require_GET
def terms(request: PraxisRequest) -> HttpResponse:
    return render(request, "core/terms.html")


@require_GET
def privacy(request: PraxisRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@never_cache
@require_GET
def healthz(request: PraxisRequest) -> JsonResponse:
    report = {"database": health.database(connection), "tasks": health.tasks()}
    healthy = all(value == "ok" for value in report.values())
    return JsonResponse({"status": "ok" if healthy else "error", **report}, status=200 if healthy else 503)
