"""Reminders 90 and 30 days before a period ends with requirements unmet."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from praxis.cpd import services
from praxis.cpd.models import Reminder, SchemeChoice
from praxis.cpd.schemes import add_months
from praxis.cpd.tasks import schedule_reminders
from praxis.testing import make_member

from .factories import make_entry

pytestmark = pytest.mark.django_db


def _follow(member, *, days_left: int, today: date, scheme: str = "ch_credits") -> SchemeChoice:
    """A 12-month scheme whose current period ends `days_left` days after `today`."""
    end = today + timedelta(days=days_left)
    return SchemeChoice.objects.create(member=member, scheme=scheme, anchor=add_months(end + timedelta(days=1), -12))


def test_the_reminder_due_is_the_smallest_delay_reached_and_only_with_requirements_unmet():
    today = date(2026, 3, 1)
    far, at_90, at_30, done = (make_member(f"m{i}@example.test") for i in range(4))
    c_far = _follow(far, days_left=91, today=today)
    c90 = _follow(at_90, days_left=90, today=today)
    c30 = _follow(at_30, days_left=30, today=today)
    _follow(done, days_left=10, today=today)
    make_entry(done, points=Decimal(50), hours=None, days_ago=(timezone.localdate() - date(2026, 2, 1)).days)
    due = services.reminders_due(today)
    assert due == [(c90.pk, "2026-05-30", 90), (c30.pk, "2026-03-31", 30)]
    assert services.period_reminder_send(choice_id=c90.pk, period_end="2026-05-30", days_before=90)
    assert not services.period_reminder_send(choice_id=c90.pk, period_end="2026-05-30", days_before=90)
    assert services.reminders_due(today) == [(c30.pk, "2026-03-31", 30)]
    # Sixty days later: the first member enters the 90-day window, the second the 30-day one.
    assert services.reminders_due(today + timedelta(days=60)) == [(c_far.pk, "2026-05-31", 90),
                                                                   (c90.pk, "2026-05-30", 30)]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_reminder_once_by_email_and_in_the_app(task_worker):
    from praxis.notifications.models import Notification

    member = make_member("rappel@example.test")
    choice = _follow(member, days_left=25, today=timezone.localdate(), scheme="be_accreditation")
    assert schedule_reminders() == 1
    task_worker.wait_for(lambda: len(task_worker.sent_emails()) >= 1)
    task_worker.wait_for(lambda: Notification.objects.filter(recipient=member, kind="cpd").exists())
    assert schedule_reminders() == 0
    emails = task_worker.sent_emails()
    assert [m["To"] for m in emails] == ["rappel@example.test"]
    assert "Accréditation belge" in emails[0].get_body(("plain",)).get_content()
    assert Reminder.objects.filter(choice=choice, days_before=30).count() == 1
