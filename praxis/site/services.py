"""The weekly digest: what happened last week in what a member follows (content, answers), emailed once a week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.db import transaction

from praxis.accounts.models import User
from praxis.notifications.mail import send_member_email
from praxis.notifications.models import DigestRun
from praxis.notifications.selectors import email_allowed

from .feed import digest_items
from .notifications import DIGEST


def week_bounds(day: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 (UTC) of the week containing `day`."""
    monday = day - timedelta(days=day.weekday())
    start = datetime(monday.year, monday.month, monday.day, tzinfo=UTC)
    return start, start + timedelta(days=7)


@transaction.atomic
def send_weekly_digest(*, user_id: int, week_start: str) -> int:
    """Email one member what happened last week in what they follow; nothing when there is nothing. Once a week."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not email_allowed(user, DIGEST):
        return 0
    start, end = week_bounds(date.fromisoformat(week_start))
    if DigestRun.objects.filter(user=user, week_start=start.date()).exists():
        return 0
    items = digest_items(user, start, end)
    DigestRun.objects.create(user=user, week_start=start.date(), item_count=len(items))
    if not items:
        return 0
    send_member_email(
        member=user, kind=DIGEST, template="site/email/digest", language=user.preferred_language or "fr",
        context={"member": user, "items": items, "week_start": start, "week_end": end - timedelta(days=1)},
    )
    return len(items)
