from typing import Any

from django.db.models import QuerySet

from praxis.core.actor import Actor
from praxis.core.authentication import kept_with_member, register_member_read
from praxis.core.compiled import CompiledQuery

from . import registry
from .models import Channel, Notification, Preference


def notifications_of(actor: Actor) -> QuerySet[Notification]:
    """A member's own notifications (nobody else's: this is the only way views load them)."""
    return Notification.objects.filter(recipient_id=actor.id)


def _unread(recipient_id: int) -> QuerySet[Notification, tuple[int]]:
    return Notification.objects.filter(recipient_id=recipient_id, read_at__isnull=True).values_list("pk")


# The bell is on every member's page: its COUNT is compiled to SQL once per process (praxis/core/compiled.py) and read
# in the same round trip as the member's row (praxis/core/authentication.py), stamped with `_writes`.
_unread_count = CompiledQuery(_unread, count=True)
_writes = [0]  # changes of read states and new notifications made by this process (services.py counts them)


def unread_changed() -> None:
    """Called by every write that changes a member's unread count: a count read before it is read again."""
    _writes[0] += 1


register_member_read("notifications.unread", lambda: _unread_count, stamp=lambda: _writes[0])


def unread_count(actor: Actor) -> int:
    """One COUNT query (on a partial index), for the bell in the header; the one read with the member at the request's
    start when this process has changed no read state since (else, or when not read with it, read now)."""
    if not actor.is_authenticated or actor.id is None:
        return 0
    kept = kept_with_member(actor.user, "notifications.unread")
    if kept is not None and kept[1] == _writes[0]:
        return int(kept[0][0][0])
    return _unread_count.count(actor.id)


def page(actor: Actor, *, before_id: int | None = None, size: int = 20) -> tuple[list[Notification], int | None]:
    """Newest first, by id key; each notification's message rendered in the current language (no extra query)."""
    queryset = notifications_of(actor).order_by("-id")
    if before_id:
        queryset = queryset.filter(pk__lt=before_id)
    rows = list(queryset[: size + 1])
    items = rows[:size]
    for item in items:
        item.message = registry.message(item)  # type: ignore[attr-defined]
    return items, (items[-1].pk if len(rows) > size and items else None)


def is_enabled(user: Any, kind: str, channel: str) -> bool:
    """Every kind is on in every channel until the member turns it off."""
    row = Preference.objects.filter(user=user, kind=kind, channel=channel).values_list("enabled", flat=True).first()
    return True if row is None else row


def email_allowed(user: Any, kind: str) -> bool:
    """For apps that send their own emails about a kind (answers, review decisions...): may we email?"""
    return bool(user.is_active and user.email) and is_enabled(user, kind, Channel.EMAIL)


def preference_table(user: Any) -> list[dict[str, Any]]:
    """One row per declared kind, with the channels it is offered in and the member's choice for each."""
    chosen = {(p.kind, p.channel): p.enabled for p in Preference.objects.filter(user=user)}
    rows = []
    for kind in registry.kinds():
        rows.append({
            "kind": kind.key, "label": kind.label,
            "channels": [{"channel": channel, "label": Channel(channel).label, "name": f"{kind.key}__{channel}",
                          "enabled": chosen.get((kind.key, channel), True)}
                         for channel in kind.channels],
        })
    return rows
