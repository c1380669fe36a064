"""Background work: dispatch of audit entries, emails, and catch-ups."""

from huey import crontab
from huey.contrib.djhuey import periodic_task

from praxis.core.tasks import durable_task

from . import services


@durable_task
def dispatch_entry(entry_id: int) -> None:
    services.dispatch_entry(entry_id=entry_id)


@durable_task
def send_notification_email(notification_id: int) -> None:
    services.send_notification_email(notification_id=notification_id)


@durable_task
def catch_up() -> None:
    services.catch_up()


@periodic_task(crontab(minute="*/15"))
def notifications_catch_up() -> None:
    catch_up.enqueue()
