from django import template

from praxis.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    """The bell's number: one COUNT query, only for signed-in members."""
    request = context.get("request")
    actor = getattr(request, "actor", None)
    return unread_count(actor) if actor is not None else 0
