from typing import Any

from django.db.models import QuerySet

from praxis.core.actor import Actor

from . import registry
from .models import Channel, Kind, Notification, Preference


def notifications_of(actor: Actor) -> QuerySet[Notification]:
    """A member's own notifications (nobody else's: this is the only way views load them)."""
    return Notification.objects.filter(recipient_id=actor.id)


def unread_count(actor: Actor) -> int:
    """One COUNT query (on a partial index), for the bell in the header."""
    if not actor.is_authenticated:
        return 0
    return notifications_of(actor).filter(read_at__isnull=True).count()


def page(actor: Actor, *, before_id: int | None = None, size: int = 20) -> tuple[list[Notification], int | None]:
    """Newest first, by id key; each notification's message rendered in the current language (no extra query)."""
    queryset = notifications_of(actor).order_by("-id")
    if before_id:
        queryset = queryset.filter(pk__lt=before_id)
    rows = list(queryset[: size + 1])
    items = rows[:size]
    for item in items:
        item.message = registry.message(item)
    return items, (items[-1].pk if len(rows) > size and items else None)


def preference_table(user: Any) -> list[dict]:
    chosen = {(p.kind, p.channel): p.enabled for p in Preference.objects.filter(user=user)}
    channels_of = {Kind.DIGEST: [Channel.EMAIL]}
    rows = []
    for kind in Kind:
        rows.append({
            "kind": kind, "label": kind.label,
            "channels": [{"channel": channel, "label": channel.label, "name": f"{kind.value}__{channel.value}",
                          "enabled": chosen.get((kind.value, channel.value), True)}
                         for channel in channels_of.get(kind, list(Channel))],
        })
    return rows
