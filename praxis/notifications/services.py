"""Writes of the notifications app: dispatch of audit entries, read marks, preferences, unsubscribe, emails."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry

from . import registry, tasks
from .models import Channel, DigestRun, Kind, Notification, Preference

UNSUBSCRIBE_SALT = "praxis.notifications.unsubscribe"


# --- preferences -------------------------------------------------------------------------------------------------
def is_enabled(user: Any, kind: str, channel: str) -> bool:
    """Every kind is on in every channel until the member turns it off."""
    row = Preference.objects.filter(user=user, kind=kind, channel=channel).values_list("enabled", flat=True).first()
    return True if row is None else row


def email_allowed(user: Any, kind: str) -> bool:
    """For other apps that send their own emails about a kind (answers, review decisions...): may we email?"""
    return bool(user.is_active and user.email) and is_enabled(user, kind, Channel.EMAIL)


@transaction.atomic
def preferences_update(*, actor: Actor, choices: dict[tuple[str, str], bool]) -> None:
    """Save the member's choices, one row per (kind, channel) given."""
    changed = {}
    for (kind, channel), enabled in choices.items():
        if kind not in Kind.values or channel not in Channel.values:
            continue
        row, created = Preference.objects.get_or_create(user=actor.user, kind=kind, channel=channel,
                                                        defaults={"enabled": enabled})
        if not created and row.enabled != enabled:
            row.enabled = enabled
            row.full_clean()
            row.save(update_fields=["enabled", "updated_at"])
        if created or row.enabled == enabled:
            changed[f"{kind}/{channel}"] = enabled
    audit.log(actor, "notifications.preferences.updated", actor.user, {"choices": changed})


# --- unsubscribe (one click, no login) ---------------------------------------------------------------------------
def unsubscribe_token(user: Any, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user: Any, kind: str) -> str:
    return settings.SITE_URL + reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})


def unsubscribe_headers(user: Any, kind: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: mail clients show an unsubscribe button that POSTs to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def read_unsubscribe_token(token: str) -> tuple[Any, str]:
    """The (user, kind) a token stands for; raises `signing.BadSignature` when it was tampered with."""
    from praxis.accounts.models import User

    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict) or payload.get("k") not in Kind.values:
        raise signing.BadSignature("unknown kind")
    user = User.objects.filter(pk=payload.get("u")).first()
    if user is None:
        raise signing.BadSignature("unknown member")
    return user, payload["k"]


@transaction.atomic
def unsubscribe(*, token: str) -> tuple[Any, str]:
    """Turn off the emails of one kind for the member the signed token names. Idempotent."""
    user, kind = read_unsubscribe_token(token)
    Preference.objects.update_or_create(user=user, kind=kind, channel=Channel.EMAIL, defaults={"enabled": False})
    audit.log(user, "notifications.email.unsubscribed", user, {"kind": kind})
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
        if email:
            tasks.send_notification_email.enqueue(notification.pk)
    return created


def catch_up(*, since: datetime | None = None) -> int:
    """Dispatch recent entries that may have been missed (dispatch is idempotent)."""
    since = since or timezone.now() - timedelta(hours=2)
    ids = AuditEntry.objects.filter(created_at__gte=since, action__in=list(registry.RULES)).values_list("pk", flat=True)
    return sum(len(dispatch_entry(entry_id=pk)) for pk in ids)


# --- reading -------------------------------------------------------------------------------------------------------
@transaction.atomic
def notification_mark_read(*, actor: Actor, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.read_at = timezone.now()


@transaction.atomic
def notifications_mark_all_read(*, actor: Actor) -> int:
    count = Notification.objects.filter(recipient=actor.user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        audit.log(actor, "notifications.notification.all_read", actor.user, {"count": count})
    return count


# --- emails (run by the task worker) -------------------------------------------------------------------------------
def send_notification_email(*, notification_id: int) -> bool:
    from praxis.core.mail import send_templated

    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    user = notification.recipient
    if not email_allowed(user, notification.kind):
        return False
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return False
    from django.utils import translation

    with translation.override(user.preferred_language or "fr"):
        text = registry.message(notification)
    send_templated(
        to=user.email, template="notifications/email/notification", language=user.preferred_language or "fr",
        context={"member": user, "message": text, "link": settings.SITE_URL + notification.url if notification.url
                 else settings.SITE_URL, "unsubscribe_url": unsubscribe_url(user, notification.kind),
                 "kind_label": Kind(notification.kind).label},
        headers=unsubscribe_headers(user, notification.kind),
    )
    return True


def week_bounds(day: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 (UTC) of the week containing `day`."""
    monday = day - timedelta(days=day.weekday())
    start = datetime(monday.year, monday.month, monday.day, tzinfo=UTC)
    return start, start + timedelta(days=7)


@transaction.atomic
def send_weekly_digest(*, user_id: int, week_start: str) -> int:
    """Email one member what happened last week in what they follow; nothing when there is nothing. Once a week."""
    from praxis.accounts.models import User
    from praxis.core.mail import send_templated

    from .feed import digest_items

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not email_allowed(user, Kind.DIGEST):
        return 0
    start, end = week_bounds(date.fromisoformat(week_start))
    if DigestRun.objects.filter(user=user, week_start=start.date()).exists():
        return 0
    items = digest_items(user, start, end)
    DigestRun.objects.create(user=user, week_start=start.date(), item_count=len(items))
    if not items:
        return 0
    send_templated(
        to=user.email, template="notifications/email/digest", language=user.preferred_language or "fr",
        context={"member": user, "items": items, "week_start": start, "week_end": end - timedelta(days=1),
                 "unsubscribe_url": unsubscribe_url(user, Kind.DIGEST)},
        headers=unsubscribe_headers(user, Kind.DIGEST),
    )
    return len(items)
