from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from . import health


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.user.is_authenticated:
        from praxis.notifications.feed import home_context  # the member's feed (notifications app)

        context = home_context(request.actor)
    return render(request, "core/home.html", context)


@require_GET
def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "core/terms.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the member so that emails use the same language."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        from praxis.accounts.services import member_set_language

        member_set_language(member=request.user, language=request.POST.get("language", ""))
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = {"database": health.database(connection), "tasks": health.tasks()}
    healthy = all(value == "ok" for value in report.values())
    return JsonResponse({"status": "ok" if healthy else "error", **report}, status=200 if healthy else 503)
