"""Writes of the notifications app: dispatch of audit entries, read marks, preferences, unsubscribe, emails."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry

from . import registry, selectors, tasks
from .mail import send_member_email
from .models import Channel, Notification, Preference
from .selectors import email_allowed, is_enabled
from .unsubscribe import read_unsubscribe_token


# --- preferences -------------------------------------------------------------------------------------------------
@transaction.atomic
def preferences_update(*, actor: Actor, choices: dict[tuple[str, str], bool]) -> None:
    """Save the member's choices, one row per (kind, channel) given."""
    changed = {}
    for (kind, channel), enabled in choices.items():
        if not registry.is_kind(kind) or channel not in Channel.values:
            continue
        row, created = Preference.objects.get_or_create(user=actor.user, kind=kind, channel=channel,
                                                        defaults={"enabled": enabled})
        if not created and row.enabled != enabled:
            row.enabled = enabled
            row.full_clean()
            row.save(update_fields=["enabled", "updated_at"])
        if created or row.enabled == enabled:
            changed[f"{kind}/{channel}"] = enabled
    audit.log(actor, Action.NOTIFICATIONS_PREFERENCES_UPDATED, actor.user, {"choices": changed})


# --- unsubscribe (one click, no login) ---------------------------------------------------------------------------
@transaction.atomic
def unsubscribe(*, token: str) -> tuple[Any, str]:
    """Turn off the emails of one kind for the member the signed token names. Idempotent."""
    user, kind = read_unsubscribe_token(token)
    Preference.objects.update_or_create(user=user, kind=kind, channel=Channel.EMAIL, defaults={"enabled": False})
    audit.log(user, Action.NOTIFICATIONS_EMAIL_UNSUBSCRIBED, user, {"kind": kind})
    return user, kind


# --- dispatch of audit entries -----------------------------------------------------------------------------------
@transaction.atomic
def dispatch_entry(*, entry_id: int) -> list[Notification]:
    """Create the notifications an audit entry calls for (once per recipient) and queue their emails."""
    entry = AuditEntry.objects.filter(pk=entry_id).first()
    found = registry.get(entry.action) if entry else None
    if found is None:
        return []
    created = []
    for recipient in found.recipients(entry):
        if not recipient.user.is_active:  # a deactivated account, or the "Former member" placeholder
            continue
        in_app = is_enabled(recipient.user, found.kind, Channel.IN_APP)
        email = not found.owner_emails and email_allowed(recipient.user, found.kind)
        if not in_app and not email:
            continue
        if Notification.objects.filter(audit_entry=entry, recipient=recipient.user).exists():
            continue
        notification = Notification(
            recipient=recipient.user, kind=found.kind, action=entry.action, audit_entry=entry, actor=entry.actor,
            url=recipient.url[:500], data=recipient.data, read_at=None if in_app else timezone.now(),
        )
        notification.full_clean(exclude=["audit_entry", "actor", "recipient"])
        try:
            with transaction.atomic():
                notification.save()
        except IntegrityError:  # a concurrent delivery of the same entry got there first
            continue
        created.append(notification)
        selectors.unread_changed()
        if email:
            tasks.send_notification_email.enqueue(notification.pk)
    return created


def catch_up(*, since: datetime | None = None) -> int:
    """Dispatch recent entries that may have been missed (dispatch is idempotent)."""
    since = since or timezone.now() - timedelta(hours=2)
    ids = AuditEntry.objects.filter(created_at__gte=since, action__in=registry.actions()).values_list("pk", flat=True)
    return sum(len(dispatch_entry(entry_id=pk)) for pk in ids)


# --- reading -------------------------------------------------------------------------------------------------------
@transaction.atomic
def notification_mark_read(*, actor: Actor, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.read_at = timezone.now()
        selectors.unread_changed()


@transaction.atomic
def notifications_mark_all_read(*, actor: Actor) -> int:
    count = Notification.objects.filter(recipient=actor.user, read_at__isnull=True).update(read_at=timezone.now())
    selectors.unread_changed()
    if count:
        audit.log(actor, Action.NOTIFICATIONS_NOTIFICATION_ALL_READ, actor.user, {"count": count})
    return count


# --- emails (run by the task worker) -------------------------------------------------------------------------------
def send_notification_email(*, notification_id: int) -> bool:
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    user = notification.recipient
    if not email_allowed(user, notification.kind):
        return False
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return False
    language = user.preferred_language or "fr"
    with translation.override(language):
        text = registry.message(notification)
    return send_member_email(
        member=user, kind=notification.kind, template="notifications/email/notification", language=language,
        context={"member": user, "message": text, "link": settings.SITE_URL + notification.url if notification.url
                 else settings.SITE_URL, "kind_label": registry.label(notification.kind)},
    )
