"""Daily jobs of mandatory training: open the next round of recurring assignments, then queue the reminders due
(each sent once: the `Reminder` row is the claim). Tasks take ids and are idempotent."""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from praxis.core.tasks import durable_task

logger = logging.getLogger("praxis.learning")


@durable_task
def send_assignment_reminder(record_id: int, kind: str) -> None:
    from .services import reminder_send

    reminder_send(record_id=record_id, kind=kind)


def daily(day: date | None = None) -> tuple[int, int]:
    """Renew what lapses soon, then queue today's reminders. Returns (rounds opened, reminders queued)."""
    from .services import reminders_due, renew_due

    day = day or timezone.localdate()
    renewed = renew_due(day)
    with transaction.atomic():
        due = reminders_due(day)
        for record_id, kind in due:
            send_assignment_reminder.enqueue(record_id, kind)
    return renewed, len(due)
