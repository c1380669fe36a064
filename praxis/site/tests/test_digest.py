"""The weekly digest: what was published last week in what a member follows, once a week, never when unsubscribed."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from praxis.content.models import Content
from praxis.institutions.models import Follow
from praxis.notifications import services as notifications
from praxis.notifications.models import DigestRun
from praxis.notifications.unsubscribe import unsubscribe_token
from praxis.search.tests.factories import make_content, make_theme
from praxis.site import services
from praxis.testing import make_member

pytestmark = pytest.mark.django_db


def _published_on(content, when):
    Content.objects.filter(pk=content.pk).update(published_at=when)


def test_weekly_digest_lists_what_was_published_in_followed_themes_that_week(personas):
    member = make_member("digest@example.test")
    theme = make_theme("Plaies et cicatrisation", "plaies")
    week_start = datetime(2026, 11, 9, tzinfo=UTC)  # a Monday
    in_week = make_content("Ulcère veineux : bandage", themes=[theme])
    before = make_content("Escarre talonnière", themes=[theme])
    other_theme = make_content("Vaccination de l'adulte")
    restricted = make_content("Plaie chronique en institution", themes=[theme],
                              visibility=Content.Visibility.INSTITUTION, institution=personas.institution)
    _published_on(in_week, week_start + timedelta(days=2))
    _published_on(before, week_start - timedelta(days=1))
    _published_on(other_theme, week_start + timedelta(days=3))
    _published_on(restricted, week_start + timedelta(days=3))
    Follow.objects.create(follower=member, target_kind=Follow.Kind.THEME, target_id=theme.pk)

    sent = services.send_weekly_digest(user_id=member.pk, week_start="2026-11-11")  # any day of the week
    assert sent == 1
    [message] = mail.outbox
    assert "Ulcère veineux : bandage" in message.body
    for absent in ["Escarre", "Vaccination", "en institution"]:
        assert absent not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert DigestRun.objects.get(user=member).week_start.isoformat() == "2026-11-09"
    assert services.send_weekly_digest(user_id=member.pk, week_start="2026-11-09") == 0  # once a week
    assert len(mail.outbox) == 1


def test_no_digest_when_nothing_happened_or_when_unsubscribed(personas):
    member = make_member("quiet@example.test")
    assert services.send_weekly_digest(user_id=member.pk, week_start="2026-11-09") == 0
    notifications.unsubscribe(token=unsubscribe_token(personas.verified_gp, "digest"))
    assert services.send_weekly_digest(user_id=personas.verified_gp.pk, week_start="2026-11-09") == 0
    assert mail.outbox == []
