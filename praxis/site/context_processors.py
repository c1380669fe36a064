"""The navigation: the areas of Praxis for everyone, then the desks of some roles. Each row names the rule that
allows it, asked of the app that owns the area (the actor only says who the user is)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from praxis.accounts import rules as accounts_rules
from praxis.core import rules as core_rules
from praxis.core.actor import Actor
from praxis.core.http import PraxisRequest
from praxis.cpd import rules as cpd_rules
from praxis.review import rules as review_rules


def _everyone(actor: Actor) -> bool:
    return True


# (url name, label, rule allowing it), in navigation order. An area appears once its app provides the URL.
AREAS: list[tuple[str, str | Promise, Callable[[Actor], bool]]] = [
    ("content:list", _("Capsules"), _everyone),
    ("site:themes", _("Themes"), _everyone),
    ("institutions:directory", _("Directory"), _everyone),
    ("events:agenda", _("Agenda"), _everyone),
    ("jobs:list", _("Jobs"), _everyone),
    ("communities:list", _("Communities"), _everyone),
    ("learning:catalogue", _("E-learning"), _everyone),
    ("cpd:record", _("My continuing education"), cpd_rules.can_view_record),
    ("prevention:patients", _("Patients and carers"), _everyone),
    ("prevention:toolboxes", _("Toolboxes"), _everyone),
]
# Desks for some roles, after the areas.
DESKS: list[tuple[str, str | Promise, Callable[[Actor], bool]]] = [
    ("review:queue", _("Reviews"), review_rules.can_view_queue),
    ("review:moderation", _("Moderation"), review_rules.can_moderate),
    ("review:staff", _("Reviewers and moderators"), review_rules.can_manage_staff),
    ("accounts:verification_queue", _("Verifications"), accounts_rules.can_verify_members),
    ("admin:index", _("Administration"), core_rules.can_use_admin),
]

NavItem = tuple[str, str, str, bool]


@functools.cache
def _href(name: str, urlconf: str | None, prefix: str) -> str | None:
    """The area's address, reversed once per URLconf and script prefix (every page shows the navigation)."""
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def _nav(request: PraxisRequest, rows: list[tuple[str, str | Promise, Callable[[Actor], bool]]]) -> list[NavItem]:
    """(url name, href, label, is the current area) for the rows the actor's rules allow and whose URL exists."""
    actor = getattr(request, "actor", None) or Actor(None)
    items = []
    urlconf, prefix = get_urlconf(), get_script_prefix()
    for name, label, allows in rows:
        href = _href(name, urlconf, prefix)
        if href is None:
            continue
        if allows(actor):
            items.append((name, href, str(label), request.path.startswith(href)))
    return items


def praxis(request: PraxisRequest) -> dict[str, Any]:
    # Lazy: fragments rendered with the request (cards, htmx partials) show no navigation.
    nav_items = SimpleLazyObject(lambda: _nav(request, AREAS))
    return {"actor": getattr(request, "actor", None), "nav_items": nav_items,
            "menu_items": SimpleLazyObject(lambda: [*nav_items, *_nav(request, DESKS)])}
