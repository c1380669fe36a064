import hmac

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from praxis.core.http import PraxisRequest

from . import health, observability
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


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for the scraper that presents `Authorization: Bearer <METRICS_TOKEN>`. Without a
    configured token the route does not exist (404); a wrong or missing token gets 401."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    supplied = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(supplied.encode(), token.encode()):
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(observability.render_metrics(), content_type="text/plain; version=0.0.4; charset=utf-8")


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
