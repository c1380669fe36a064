"""The weekly digest's jobs: one per member, queued on Monday morning."""

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import periodic_task

from praxis.accounts.models import User
from praxis.core.tasks import durable_task
from praxis.notifications.models import Channel, Preference

from . import services
from .notifications import DIGEST


@durable_task
def send_weekly_digest(user_id: int, week_start: str) -> None:
    services.send_weekly_digest(user_id=user_id, week_start=week_start)


@durable_task(lease_seconds=3600)
def queue_weekly_digests(week_start: str) -> None:
    """One digest job per active member who did not turn the digest off."""
    opted_out = Preference.objects.filter(kind=DIGEST, channel=Channel.EMAIL, enabled=False).values("user_id")
    for user_id in User.objects.filter(is_active=True).exclude(pk__in=opted_out).values_list("pk", flat=True):
        send_weekly_digest.enqueue(user_id, week_start)


@periodic_task(crontab(day_of_week="1", hour="6", minute="0"))
def weekly_digest_on_monday_morning() -> None:
    """Monday 06:00 UTC: the digest of the week that just ended."""
    last_week = (timezone.now() - timedelta(days=7)).date()
    queue_weekly_digests.enqueue(last_week.isoformat())
