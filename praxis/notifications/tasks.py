"""Background work: dispatch of audit entries, emails, the weekly digest, and catch-ups."""

from datetime import timedelta

from huey import crontab
from huey.contrib.djhuey import periodic_task

from praxis.core.tasks import durable_task


@durable_task
def dispatch_entry(entry_id: int) -> None:
    from . import services

    services.dispatch_entry(entry_id=entry_id)


@durable_task
def send_notification_email(notification_id: int) -> None:
    from . import services

    services.send_notification_email(notification_id=notification_id)


@durable_task
def send_weekly_digest(user_id: int, week_start: str) -> None:
    from . import services

    services.send_weekly_digest(user_id=user_id, week_start=week_start)


@durable_task(lease_seconds=3600)
def queue_weekly_digests(week_start: str) -> None:
    """One digest job per active member who did not turn the digest off."""
    from praxis.accounts.models import User

    from .models import Channel, Kind, Preference

    opted_out = Preference.objects.filter(kind=Kind.DIGEST, channel=Channel.EMAIL, enabled=False).values("user_id")
    for user_id in User.objects.filter(is_active=True).exclude(pk__in=opted_out).values_list("pk", flat=True):
        send_weekly_digest.enqueue(user_id, week_start)


@durable_task
def catch_up() -> None:
    from . import services

    services.catch_up()


@periodic_task(crontab(day_of_week="1", hour="6", minute="0"))
def weekly_digest_on_monday_morning() -> None:
    """Monday 06:00 UTC: the digest of the week that just ended."""
    from django.utils import timezone

    last_week = (timezone.now() - timedelta(days=7)).date()
    queue_weekly_digests.enqueue(last_week.isoformat())


@periodic_task(crontab(minute="*/15"))
def notifications_catch_up() -> None:
    catch_up.enqueue()
