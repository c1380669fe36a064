"""The personal data notifications hold: what was notified to a member, their email preferences and digests.
Notifications are deleted `RETENTION_NOTIFICATION_DAYS` after they were created, and with the account; those a
deleted member caused for others stay, without their name (the actor link empties itself)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import User
from praxis.core.personal_data import Holding, OnErasure, Retention

from .models import DigestRun, Notification, Preference

PERSONAL_DATA = [
    Holding("notifications.Notification", ("recipient", "actor", "data"),
            purpose=_("what Praxis tells you in the app and by email"), on_erasure=OnErasure.DELETED,
            retention=Retention("RETENTION_NOTIFICATION_DAYS", _("the notification"), date_field="created_at")),
    Holding("notifications.Preference", ("user", "kind", "channel", "enabled"),
            purpose=_("your notification preferences"), on_erasure=OnErasure.DELETED),
    Holding("notifications.DigestRun", ("user",), purpose=_("the weekly digests sent to you"),
            on_erasure=OnErasure.DELETED),
]


def export_member(*, member: User) -> dict[str, Any]:
    return {
        "notifications": list(Notification.objects.filter(recipient=member).order_by("created_at").values(
            "kind", "url", "data", "created_at", "read_at", "emailed_at")),
        "preferences": list(Preference.objects.filter(user=member).values("kind", "channel", "enabled")),
        "digests": list(DigestRun.objects.filter(user=member).values("week_start", "item_count", "sent_at")),
    }


def erase_member(*, member: User, former_member: User) -> None:
    """Their notifications, preferences and digests go by cascade; emails queued for them find no account. The
    notifications they caused for others keep their text, under "Former member"."""
    for notification in Notification.objects.filter(actor=member, data__has_key="actor").only("pk", "data"):
        Notification.objects.filter(pk=notification.pk).update(
            actor=None, data={**notification.data, "actor": str(former_member)})
