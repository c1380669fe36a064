import functools

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from praxis.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    """The bell's number: one COUNT query, only for signed-in members."""
    request = context.get("request")
    actor = getattr(request, "actor", None)
    return unread_count(actor) if actor is not None else 0


@functools.lru_cache(maxsize=512)
def _bell_link(unread: int, language: str | None, prefix: str) -> SafeString:
    html = render_to_string("notifications/_bell_link.html", {"unread": unread})
    return mark_safe(html[:-1])  # noqa: S308 - our template; its file's final newline left out


@register.simple_tag(takes_context=True)
def bell(context: template.Context) -> str:
    """The header's bell for a signed-in member, nothing otherwise. The count is read on every request (one COUNT);
    the link around it (`_bell_link.html`) is rendered once per count, language and script prefix (every member's
    page shows it: issue 22)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    return _bell_link(unread_notifications(context), get_language(), get_script_prefix())
