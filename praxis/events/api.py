"""Events in the public API: the agenda's selector (`selectors.upcoming_events`, over `rules.events_visible_to`) and the
event page's lookup; writes (step 4) go through `services.event_create` / `event_update` and their rules."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from praxis.core.rest import DEFAULT_LIMIT, Limit, paginate, require_scope

from . import selectors
from .models import Event

router = Router(tags=["events"])


class OrganiserOut(Schema):
    id: int
    name: str
    slug: str


class EventOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    description: str
    language: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    registration_deadline: datetime | None
    is_online: bool
    is_open_to_public: bool
    venue: str
    postal_code: str
    city: str
    country: str
    price_eur: Decimal
    capacity: int | None
    seats_taken: int
    institution: OrganiserOut | None
    themes: list[str]
    target_professions: list[str]
    url: str

    @staticmethod
    def resolve_seats_taken(event: Event) -> int:
        return int(getattr(event, "confirmed_count", 0) or 0)

    @staticmethod
    def resolve_themes(event: Event) -> list[str]:
        return [theme.slug for theme in event.themes.all()]

    @staticmethod
    def resolve_url(event: Event) -> str:
        return reverse("events:detail", kwargs={"event_id": event.pk})


@router.get("/events", response=list[EventOut], summary="Upcoming events")
def events(
    request: HttpRequest, response: HttpResponse, kind: Event.Kind | None = None, theme: int | None = None,
    profession: str = "", country: str = "", online: bool = False, public: bool = False,
    limit: Limit = DEFAULT_LIMIT, cursor: str = "",
) -> list[Event]:
    """Events that have not ended, soonest first (the agenda's list and filters)."""
    actor = require_scope(request, "events:read")
    filters = selectors.AgendaFilters(kind=kind or "", theme=theme, profession=profession, country=country,
                                      online=online, public=public)
    return paginate(request, response, selectors.upcoming_events(actor, filters), key="starts_at", limit=limit,
                    cursor=cursor)


@router.get("/events/{event_id}", response=EventOut, summary="One event")
def event(request: HttpRequest, event_id: int) -> Event:
    actor = require_scope(request, "events:read")
    found = selectors.event_for(actor, event_id)
    if found is None:
        raise Http404
    return found
