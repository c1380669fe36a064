"""The platform's URLs plus a probe that records whether a request arrived as a signed-in member (isolation test)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as platform_urlpatterns

PROBES: list[dict[str, Any]] = []


def probe(request: HttpRequest, name: str) -> HttpResponse:
    PROBES.append({"name": name, "member": request.user.is_authenticated, "cookies": sorted(request.COOKIES)})
    return HttpResponse("ok")


urlpatterns = [path("probe/<str:name>/", probe), *platform_urlpatterns]
