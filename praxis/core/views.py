from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from praxis.core.http import PraxisRequest

from . import health
from .serving import is_public_media, serve_file


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


@require_GET
def public_media(request: HttpRequest, name: str) -> HttpResponseBase:
    """The stored files that are public as they are (`PUBLIC_MEDIA_PREFIXES`: institution logos); anything else under
    MEDIA_URL is not served. In production the web server or a CDN may publish these prefixes itself."""
    import mimetypes

    if not is_public_media(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0]
    if content_type not in {"image/png", "image/jpeg", "image/webp"}:
        raise Http404
    return serve_file(request, name, content_type=content_type, cache_control="public, max-age=86400")
