"""Meetings as iCalendar events: the invitation's .ics file and the members' personal feed (through the hook events
offers, `praxis.events.ics.register_feed_source`, registered in the app config)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, timedelta

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Meeting

PRODID = "-//Praxis//Communautes//FR"


def _uid(meeting: Meeting) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "praxis"
    return f"meeting-{meeting.pk}@{host}"


def meeting_component(meeting: Meeting) -> icalendar.Event:
    """One meeting (for its members only: the join link is in it)."""
    url = settings.SITE_URL + reverse("communities:meeting", args=[meeting.community.slug, meeting.pk])
    item = icalendar.Event()
    item.add("uid", _uid(meeting))
    item.add("dtstamp", timezone.now().astimezone(UTC))
    item.add("dtstart", meeting.starts_at.astimezone(UTC))
    item.add("dtend", meeting.ends_at.astimezone(UTC))
    item.add("summary", f"{meeting.community.name} — {meeting.title}")
    phases = "\n".join(f"{n}. {phase.get('title', '')}" for n, phase in enumerate(meeting.agenda, start=1))
    item.add("description", "\n\n".join(p for p in (phases, meeting.join_url, url) if p))
    item.add("location", meeting.join_url if meeting.mode == Meeting.Mode.ONLINE else meeting.place)
    item.add("url", url)
    item.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    item.add("last-modified", meeting.updated_at.astimezone(UTC))
    return item


def meeting_calendar(meeting: Meeting) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(meeting_component(meeting))
    return calendar.to_ical()


def member_meetings(user_id: int) -> Iterable[icalendar.Event]:
    """The feed source: meetings of the member's communities, from a month ago on."""
    from .selectors import community_ids_of

    communities = community_ids_of(user_id)
    meetings = Meeting.objects.filter(community_id__in=communities,
                                      starts_at__gte=timezone.now() - timedelta(days=31)).select_related("community")
    return [meeting_component(meeting) for meeting in meetings.order_by("starts_at")[:200]]
