"""iCalendar (RFC 5545) output: one event, or a member's feed. Times keep their TZID with a VTIMEZONE."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Event

PRODID = "-//Praxis//Agenda//FR"

# Other apps' items for a member's personal feed (communities' meetings...): each source takes a user id and returns
# icalendar components. Apps above events register theirs from their AppConfig.ready(); events imports none of them.
FeedSource = Callable[[int], Iterable[icalendar.cal.Component]]
FEED_SOURCES: list[FeedSource] = []


def register_feed_source(source: FeedSource) -> None:
    if source not in FEED_SOURCES:
        FEED_SOURCES.append(source)


def feed_extras(user_id: int) -> list[icalendar.cal.Component]:
    return [component for source in FEED_SOURCES for component in source(user_id)]


def one_line(text: object) -> str:
    """A single-line value (a calendar's name, a title, a place): a line break typed in it (a form posted by a script,
    the API) would otherwise make an invalid content line."""
    return " ".join(str(text).split())


def _uid(event: Event) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "praxis"
    return f"event-{event.pk}@{host}"


def _location(event: Event) -> str:
    if event.is_online and not event.city:
        return "En ligne"
    parts = [event.venue, event.address, f"{event.postal_code} {event.city}".strip(), event.get_country_display()]
    return ", ".join(str(p) for p in parts if p)


def build_calendar(
    events: Iterable[Event], *, name: str, with_join_link: set[int] | frozenset[int] = frozenset(),
    extra: Iterable[icalendar.cal.Component] = (),
) -> bytes:
    """A VCALENDAR of `events` (and of `extra` components); the webinar join link goes in only for the ids in
    `with_join_link`."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    stamp = timezone.now().astimezone(UTC)
    for event in events:
        item = icalendar.Event()
        item.add("uid", _uid(event))
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at.astimezone(event.tz))
        item.add("dtend", event.ends_at.astimezone(event.tz))
        item.add("summary", one_line(event.title))
        url = f"{settings.SITE_URL}{reverse('events:detail', args=[event.pk])}"
        description = event.description
        if event.online_url and event.pk in with_join_link:
            description = f"{description}\n\n{event.online_url}"
        item.add("description", f"{description}\n\n{url}")
        item.add("location", one_line(_location(event)))
        item.add("url", url)
        item.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
        item.add("last-modified", event.updated_at)
        if event.latitude is not None and event.longitude is not None:
            item.add("geo", (event.latitude, event.longitude))
        calendar.add_component(item)
    for component in extra:
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical()
