"""The reminder job run by a real `manage.py run_huey` worker on the test database."""

from datetime import timedelta

import pytest

from praxis.events.models import Registration
from praxis.events.tasks import schedule_reminders
from praxis.testing import make_member

from .factories import make_event, make_registration


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_each_reminder_once(task_worker):
    organiser = make_member("organiser@example.test")
    seat = make_registration(make_event(organiser, starts_in=timedelta(hours=20), title="Spirométrie au cabinet"),
                             make_member("participant@example.test"))
    make_registration(make_event(organiser, starts_in=timedelta(days=4)), make_member("later@example.test"))
    assert schedule_reminders() == 1
    assert schedule_reminders() == 0  # the next run of the scheduler finds nothing new
    task_worker.wait_for(lambda: Registration.objects.get(pk=seat.pk).reminder_sent_at is not None)
    task_worker.wait_for(lambda: len(task_worker.sent_emails()) >= 1)
    emails = task_worker.sent_emails()
    assert [m["To"] for m in emails] == ["participant@example.test"]
    assert "Spirométrie au cabinet" in emails[0]["Subject"]
