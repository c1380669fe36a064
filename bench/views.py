"""The baseline of the stack: a bare Django view rendering a tiny template, without any database query."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.views.decorators.http import require_GET

TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang=\"fr\"><head><title>{{ title }}</title></head>"
    "<body><h1>{{ title }}</h1><p>{{ message }}</p></body></html>"
)


@require_GET
def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(TEMPLATE.render({"title": "Praxis", "message": "Bonjour"}))
