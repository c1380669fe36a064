"""Queries compiled once per process (praxis.core.compiled): the member's id is the only value that changes."""

import pytest
from django.utils import timezone

from praxis.core.compiled import CompiledQuery
from praxis.notifications.models import Notification
from praxis.testing import make_member


@pytest.mark.django_db
def test_a_compiled_query_reads_each_members_rows_and_refuses_a_frozen_time() -> None:
    first, second = make_member("un@example.test"), make_member("deux@example.test")
    Notification.objects.create(recipient=first, kind="content", action="content.published")
    unread = CompiledQuery(lambda marker: Notification.objects.filter(recipient_id=marker, read_at__isnull=True)
                           .values_list("pk"), count=True)
    assert (unread.count(first.pk), unread.count(second.pk)) == (1, 0)
    # A "now" compiled with the first request would stay that request's forever: refused at once.
    recent = CompiledQuery(lambda marker: Notification.objects.filter(recipient_id=marker,
                                                                      created_at__gte=timezone.now()))
    with pytest.raises(ValueError, match="date or time"):
        recent.rows(first.pk)
