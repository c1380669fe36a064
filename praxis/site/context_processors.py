"""The navigation: the areas of Praxis for everyone, then the desks of some roles. Each row names the rule that
allows it, asked of the app that owns the area (the actor only says who the user is)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
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


# The labels of AREAS and DESKS in each language, translated once (by identity: the rows are module constants).
_labels: dict[tuple[int, str | None], str] = {}


def _label(label: str | Promise, language: str | None) -> str:
    key = (id(label), language)
    found = _labels.get(key)
    if found is None:
        found = _labels[key] = str(label)
    return found


def _nav(request: PraxisRequest, rows: list[tuple[str, str | Promise, Callable[[Actor], bool]]]) -> list[NavItem]:
    """(url name, href, label, is the current area) for the rows the actor's rules allow and whose URL exists."""
    actor = getattr(request, "actor", None) or Actor(None)
    items = []
    urlconf, prefix, language = get_urlconf(), get_script_prefix(), get_language()
    for name, label, allows in rows:
        href = _href(name, urlconf, prefix)
        if href is None:
            continue
        if allows(actor):
            items.append((name, href, _label(label, language), request.path.startswith(href)))
    return items


@functools.lru_cache(maxsize=1024)
def _menu_html(items: tuple[NavItem, ...]) -> SafeString:
    """The menu's list items, as base.html's loop wrote them, rendered once per distinct menu: the labels are in the
    request's language and the rules' outcome and the current area are in `items`, so the key holds all that varies."""
    return mark_safe("".join(  # noqa: S308 - every value escaped
        f'\n              <li><a href="{escape(href)}"{' aria-current="page"' if current else ''}>{escape(label)}</a>'
        "</li>\n            "
        for _name, href, label, current in items))


@functools.lru_cache(maxsize=16)
def _language_options(current: str) -> SafeString:
    """The language menu's options (each language named in itself), once per current language."""
    return mark_safe("".join(  # noqa: S308 - every value escaped
        f'\n              <option value="{escape(code)}" lang="{escape(code)}"{" selected" if code == current else ""}>'
        f"{escape(capfirst(get_language_info(code)['name_local']))}</option>\n            "
        for code, _name in settings.LANGUAGES))


def praxis(request: PraxisRequest) -> dict[str, Any]:
    # Lazy: fragments rendered with the request (cards, htmx partials) show no navigation.
    nav_items = SimpleLazyObject(lambda: _nav(request, AREAS))
    menu_items = SimpleLazyObject(lambda: [*nav_items, *_nav(request, DESKS)])
    return {"actor": getattr(request, "actor", None), "nav_items": nav_items, "menu_items": menu_items,
            # Callables: the template calls them only where it shows them.
            "menu_html": lambda: _menu_html(tuple(menu_items)),
            "language_options": lambda: _language_options(get_language())}
