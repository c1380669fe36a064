"""Waiting-list promotion when several people cancel at the same moment (real transactions, real threads)."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from praxis.events import services
from praxis.events.models import Registration
from praxis.testing import make_member

from .factories import actor, make_event, make_registration


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_each_waiting_person_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer on one lock, so it cannot show the race; CI runs this on "
                    "PostgreSQL, where row locks (SELECT ... FOR UPDATE) are what keep the count right.")
    organiser = make_member("organiser@example.test")
    event = make_event(organiser, capacity=4)
    seats = [make_registration(event, make_member(f"seat{i}@example.test")) for i in range(4)]
    now = timezone.now()
    waiting = [
        make_registration(event, make_member(f"wait{i}@example.test"), Registration.Status.WAITLISTED,
                          queued_at=now - timedelta(minutes=10 - i))
        for i in range(6)
    ]
    barrier = threading.Barrier(len(seats))
    errors: list[BaseException] = []

    def cancel(registration: Registration) -> None:
        try:
            barrier.wait(timeout=10)
            services.registration_cancel(actor=actor(registration.user), registration=registration)
        except BaseException as error:
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=cancel, args=(seat,)) for seat in seats]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert not errors
    statuses = dict(Registration.objects.filter(event=event).values_list("pk", "status"))
    confirmed = [pk for pk, status in statuses.items() if status == Registration.Status.CONFIRMED]
    # Four seats freed: the four first people waiting have them, in their order; the last two still wait.
    assert sorted(confirmed) == sorted(r.pk for r in waiting[:4])
    assert [statuses[r.pk] for r in waiting[4:]] == [Registration.Status.WAITLISTED] * 2
    assert Registration.objects.filter(event=event, promoted_at__isnull=False).count() == 4
