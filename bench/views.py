"""The yardsticks of the stack: a bare Django view rendering a tiny template without any database query, and the
"minimal page" of the benchmark issue: 20 rows joined to their authors in a small template (one query)."""

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


MINIMAL = engines["django"].from_string(
    "<!doctype html><html lang=\"fr\"><head><title>Praxis</title></head><body><h1>Praxis</h1><ul>"
    "{% for row in rows %}<li><a href=\"/contenus/{{ row.pk }}-{{ row.slug }}/\">{{ row.title }}</a> "
    "{{ row.author.first_name }} {{ row.author.last_name }} · {{ row.published_at|date:\"j M Y\" }}</li>"
    "{% endfor %}</ul></body></html>"
)


@require_GET
def minimal(request: HttpRequest) -> HttpResponse:
    from praxis.content.models import Content

    rows = Content.objects.select_related("author").order_by("-id")[:20]
    return HttpResponse(MINIMAL.render({"rows": rows}))


CHROME = engines["django"].from_string(
    '{% extends "base.html" %}{% block head_title %}Praxis{% endblock head_title %}'
    "{% block content %}<h1>Praxis</h1>{% endblock content %}"
)


@require_GET
def chrome(request: HttpRequest) -> HttpResponse:
    """An empty page with the whole chrome every page pays: the base template with its navigation, bell, language
    form and footer, and, for a member, the session, the user, the actor's memberships and the bell's count (issue 22:
    a signed-in member's chrome ≤ 0.5× the minimal page)."""
    return HttpResponse(CHROME.render({}, request))
