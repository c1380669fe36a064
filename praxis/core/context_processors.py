from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The areas of Praxis, in navigation order. An area appears once its app provides the URL.
NAV_AREAS = [
    ("content:list", _("Capsules")),
    ("institutions:directory", _("Directory")),
    ("events:agenda", _("Agenda")),
    ("jobs:list", _("Jobs")),
    ("communities:list", _("Communities")),
    ("learning:catalogue", _("E-learning")),
]


def _nav() -> list[tuple[str, str, str]]:
    items = []
    for name, label in NAV_AREAS:
        try:
            items.append((name, reverse(name), str(label)))
        except NoReverseMatch:
            continue
    return items


def praxis(request: HttpRequest) -> dict:
    items = [(name, href, label, request.path.startswith(href)) for name, href, label in _nav()]
    return {"actor": getattr(request, "actor", None), "nav_items": items}
