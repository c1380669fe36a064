from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
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
# Desks for some roles, after the areas: shown when the actor's property (over the apps' rules) allows them.
ROLE_AREAS = [
    ("review:queue", _("Reviews"), "can_review"),
    ("review:moderation", _("Moderation"), "can_moderate_content"),
    ("accounts:verification_queue", _("Verifications"), "can_verify_members"),
    ("admin:index", _("Administration"), "can_use_admin"),
]


def _nav(request: HttpRequest, areas: list[tuple[str, str]]) -> list[tuple[str, str, str, bool]]:
    """(url name, href, label, is the current area) for the areas whose URL exists."""
    items = []
    for name, label in areas:
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        items.append((name, href, str(label), request.path.startswith(href)))
    return items


def _role_nav(request: HttpRequest) -> list[tuple[str, str, str, bool]]:
    actor = getattr(request, "actor", None)
    allowed = [(name, label) for name, label, permission in ROLE_AREAS if actor and getattr(actor, permission)]
    return _nav(request, allowed)


def praxis(request: HttpRequest) -> dict:
    # Lazy: fragments rendered with the request (cards, htmx partials) show no navigation.
    nav_items = SimpleLazyObject(lambda: _nav(request, NAV_AREAS))
    return {"actor": getattr(request, "actor", None), "nav_items": nav_items,
            "menu_items": SimpleLazyObject(lambda: [*nav_items, *_role_nav(request)])}
